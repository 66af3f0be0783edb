/* test-eval.c — the evaluator (eval.h): conlleval's counting and report on
 * hand-made cases and on the reference cases under tests/eval/ (whose expected
 * outputs were produced by conlleval.pl itself), --gold and --system streams
 * agreeing, the JSON report, error listings, stance scoring and stance files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <string.h>

#include <cmocka.h>

#include "conll.h"
#include "eval.h"
#include "tg-error.h"

/* Scores @input as a system file and returns the text report. */
static char *
score_system (const char *input, TgEvalFlags flags, TgEvalReportFlags report)
{
  g_autoptr (TgEval) ev = tg_eval_new (flags);
  g_autoptr (GError) error = NULL;
  if (!tg_eval_add_system (ev, "s.conll", input, strlen (input), NULL, &error))
    fail_msg ("unexpected error: %s", error->message);
  tg_eval_finish (ev);
  g_autoptr (GString) out = g_string_new (NULL);
  tg_eval_write_text (ev, report, out);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* ---- conlleval cases (expected outputs produced by conlleval.pl) ---------- */

typedef struct {
  const char *what;
  const char *input;
  const char *expected;
} ConllevalCase;

static const ConllevalCase conlleval_cases[] = {
  { "IOB2: exact spans and types",
    "Talks O O\n"
    "in O O\n"
    "Vienna B-LOC B-LOC\n"
    "and O O\n"
    "Geneva B-LOC B-GOV\n"
    "\n"
    "Faisal B-PER B-PER\n"
    "Mekdad I-PER O\n",
    "processed 7 tokens with 3 phrases; found: 3 phrases; correct: 1.\n"
    "accuracy:  71.43%; precision:  33.33%; recall:  33.33%; FB1:  33.33\n"
    "              GOV: precision:   0.00%; recall:   0.00%; FB1:   0.00  1\n"
    "              LOC: precision: 100.00%; recall:  50.00%; FB1:  66.67  1\n"
    "              PER: precision:   0.00%; recall:   0.00%; FB1:   0.00  1\n" },
  { "IOB1: I- after O starts a chunk, B- splits two of one type",
    "a I-PER I-PER\n"
    "b I-PER I-PER\n"
    "c B-PER I-PER\n"
    "d O O\n"
    "e I-LOC I-LOC\n"
    "f I-LOC B-LOC\n",
    "processed 6 tokens with 3 phrases; found: 3 phrases; correct: 0.\n"
    "accuracy:  66.67%; precision:   0.00%; recall:   0.00%; FB1:   0.00\n"
    "              LOC: precision:   0.00%; recall:   0.00%; FB1:   0.00  2\n"
    "              PER: precision:   0.00%; recall:   0.00%; FB1:   0.00  1\n" },
  { "IOB1 and IOB2 of the same spans agree",
    "a I-PER B-PER\n"
    "b I-PER I-PER\n"
    "c O O\n"
    "d I-LOC B-LOC\n"
    "e I-GOV B-GOV\n",
    "processed 5 tokens with 3 phrases; found: 3 phrases; correct: 3.\n"
    "accuracy:  40.00%; precision: 100.00%; recall: 100.00%; FB1: 100.00\n"
    "              GOV: precision: 100.00%; recall: 100.00%; FB1: 100.00  1\n"
    "              LOC: precision: 100.00%; recall: 100.00%; FB1: 100.00  1\n"
    "              PER: precision: 100.00%; recall: 100.00%; FB1: 100.00  1\n" },
  { "I- after another type starts a chunk",
    "a B-GOV B-GOV\n"
    "b I-ORG I-GOV\n"
    "c I-ORG I-GOV\n"
    "d O O\n",
    "processed 4 tokens with 2 phrases; found: 1 phrases; correct: 0.\n"
    "accuracy:  50.00%; precision:   0.00%; recall:   0.00%; FB1:   0.00\n"
    "              GOV: precision:   0.00%; recall:   0.00%; FB1:   0.00  1\n"
    "              ORG: precision:   0.00%; recall:   0.00%; FB1:   0.00  0\n" },
  { "type change inside a predicted chunk",
    "a B-GOV B-GOV\n"
    "b I-GOV I-ORG\n"
    "c I-GOV I-ORG\n",
    "processed 3 tokens with 1 phrases; found: 2 phrases; correct: 0.\n"
    "accuracy:  33.33%; precision:   0.00%; recall:   0.00%; FB1:   0.00\n"
    "              GOV: precision:   0.00%; recall:   0.00%; FB1:   0.00  1\n"
    "              ORG: precision:   0.00%; recall:   0.00%; FB1:   0.00  1\n" },
  { "empty input",
    "",
    "processed 0 tokens with 0 phrases; found: 0 phrases; correct: 0.\n" },
  { "only blank lines",
    "\n"
    "\n"
    "\n",
    "processed 0 tokens with 0 phrases; found: 0 phrases; correct: 0.\n" },
  { "no predicted phrases",
    "a B-PER O\n"
    "b I-PER O\n"
    "c O O\n",
    "processed 3 tokens with 1 phrases; found: 0 phrases; correct: 0.\n"
    "accuracy:  33.33%; precision:   0.00%; recall:   0.00%; FB1:   0.00\n"
    "              PER: precision:   0.00%; recall:   0.00%; FB1:   0.00  0\n" },
  { "no phrases at all",
    "a O O\n"
    "b O O\n",
    "processed 2 tokens with 0 phrases; found: 0 phrases; correct: 0.\n"
    "accuracy: 100.00%; precision:   0.00%; recall:   0.00%; FB1:   0.00\n" },
  { "types sorted bytewise; untyped chunks print an empty type twice",
    "a B-ORG B-ORG\n"
    "b B B\n"
    "c B-GOV O\n"
    "d B-LOC B-LOC\n"
    "e I I\n"
    "f B-Ab B-Ab\n",
    "processed 6 tokens with 6 phrases; found: 5 phrases; correct: 5.\n"
    "accuracy:  83.33%; precision: 100.00%; recall:  83.33%; FB1:  90.91\n"
    "                 : precision: 100.00%; recall: 100.00%; FB1: 100.00  2\n"
    "                 : precision: 100.00%; recall: 100.00%; FB1: 100.00  2\n"
    "               Ab: precision: 100.00%; recall: 100.00%; FB1: 100.00  1\n"
    "              GOV: precision:   0.00%; recall:   0.00%; FB1:   0.00  0\n"
    "              LOC: precision: 100.00%; recall: 100.00%; FB1: 100.00  1\n"
    "              ORG: precision: 100.00%; recall: 100.00%; FB1: 100.00  1\n" },
  { "-X- lines are boundaries; -DOCSTART- lines are tokens",
    "-DOCSTART- O O\n"
    "\n"
    "a B-PER B-PER\n"
    "-X- B-PER B-PER\n"
    "b I-PER I-PER\n",
    "processed 3 tokens with 2 phrases; found: 2 phrases; correct: 2.\n"
    "accuracy: 100.00%; precision: 100.00%; recall: 100.00%; FB1: 100.00\n"
    "              PER: precision: 100.00%; recall: 100.00%; FB1: 100.00  2\n" },
  { "IOE and bracket tags",
    "a I-PER I-PER\n"
    "b E-PER E-PER\n"
    "c E-PER I-PER\n"
    "d [-LOC [-LOC\n"
    "e ]-LOC ]-LOC\n"
    "f O O\n",
    "processed 6 tokens with 4 phrases; found: 4 phrases; correct: 4.\n"
    "accuracy:  83.33%; precision: 100.00%; recall: 100.00%; FB1: 100.00\n"
    "              LOC: precision: 100.00%; recall: 100.00%; FB1: 100.00  2\n"
    "              PER: precision: 100.00%; recall: 100.00%; FB1: 100.00  2\n" },
  { "two columns: tags only",
    "B-PER B-PER\n"
    "I-PER I-PER\n"
    "O O\n"
    "B-LOC B-GOV\n",
    "processed 4 tokens with 2 phrases; found: 2 phrases; correct: 1.\n"
    "accuracy:  75.00%; precision:  50.00%; recall:  50.00%; FB1:  50.00\n"
    "              GOV: precision:   0.00%; recall:   0.00%; FB1:   0.00  1\n"
    "              LOC: precision:   0.00%; recall:   0.00%; FB1:   0.00  0\n"
    "              PER: precision: 100.00%; recall: 100.00%; FB1: 100.00  1\n" },
  { "hyphens in types split at the first hyphen",
    "a B-NON-STATE B-NON-STATE\n"
    "b I-NON-STATE I-NON\n",
    "processed 2 tokens with 1 phrases; found: 2 phrases; correct: 0.\n"
    "accuracy:  50.00%; precision:   0.00%; recall:   0.00%; FB1:   0.00\n"
    "              NON: precision:   0.00%; recall:   0.00%; FB1:   0.00  1\n"
    "        NON-STATE: precision:   0.00%; recall:   0.00%; FB1:   0.00  1\n" },
  { "no final newline",
    "a B-PER B-PER\n"
    "b I-PER O",
    "processed 2 tokens with 1 phrases; found: 1 phrases; correct: 0.\n"
    "accuracy:  50.00%; precision:   0.00%; recall:   0.00%; FB1:   0.00\n"
    "              PER: precision:   0.00%; recall:   0.00%; FB1:   0.00  1\n" },
};

static void
test_conlleval_cases (void **state)
{
  (void) state;
  for (gsize k = 0; k < G_N_ELEMENTS (conlleval_cases); k++)
    {
      const ConllevalCase *c = &conlleval_cases[k];
      g_autofree char *got = score_system (c->input, TG_EVAL_FLAGS_NONE, TG_EVAL_REPORT_DEFAULT);
      if (strcmp (got, c->expected) != 0)
        fail_msg ("case '%s':\n--- got\n%s--- expected\n%s", c->what, got, c->expected);
    }
}

/* ---- reference cases: tests/eval/NAME.conll with NAME.expected (conlleval.pl's
 * output) or NAME.error (a substring of the expected error message) --------- */

static void
test_reference_files (void **state)
{
  (void) state;
  g_autofree char *dir = g_build_filename (TG_SOURCE_ROOT, "tests", "eval", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GDir) d = g_dir_open (dir, 0, &error);
  if (d == NULL)
    fail_msg ("%s", error->message);
  guint n_cases = 0;
  const char *name;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      if (!g_str_has_suffix (name, ".conll"))
        continue;
      g_autofree char *base = g_strndup (name, strlen (name) - strlen (".conll"));
      g_autofree char *input_path = g_build_filename (dir, name, NULL);
      g_autofree char *expected_path = g_strconcat (dir, "/", base, ".expected", NULL);
      g_autofree char *error_path = g_strconcat (dir, "/", base, ".error", NULL);
      g_autofree char *input = NULL, *expected = NULL;
      gsize len = 0;
      if (!g_file_get_contents (input_path, &input, &len, &error))
        fail_msg ("%s", error->message);

      g_autoptr (TgEval) ev = tg_eval_new (TG_EVAL_FLAGS_NONE);
      g_autoptr (GError) eval_error = NULL;
      gboolean ok = tg_eval_add_system (ev, name, input, len, NULL, &eval_error);
      if (g_file_get_contents (expected_path, &expected, NULL, NULL))
        {
          if (!ok)
            fail_msg ("%s: unexpected error: %s", name, eval_error->message);
          tg_eval_finish (ev);
          g_autoptr (GString) out = g_string_new (NULL);
          tg_eval_write_text (ev, TG_EVAL_REPORT_DEFAULT, out);
          if (strcmp (out->str, expected) != 0)
            fail_msg ("%s:\n--- got\n%s--- expected (conlleval.pl)\n%s", name, out->str, expected);
        }
      else if (g_file_get_contents (error_path, &expected, NULL, NULL))
        {
          g_strstrip (expected);
          if (ok)
            fail_msg ("%s: expected an error", name);
          assert_true (g_error_matches (eval_error, TG_ERROR, TG_ERROR_PARSE));
          if (strstr (eval_error->message, expected) == NULL)
            fail_msg ("%s: message '%s' lacks '%s'", name, eval_error->message, expected);
        }
      else
        fail_msg ("%s: neither %s.expected nor %s.error", name, base, base);
      n_cases++;
    }
  assert_true (n_cases >= 10);
}

/* ---- --gold and --system agree --------------------------------------------- */

static const char gold_conll[] =
  "-DOCSTART- -X- -X- O\n\n"
  "Syrian NNP B-GOV\nForeign NNP O\nMinister NNP O\nFaisal NNP B-PER\nMekdad NNP I-PER\nsaid VBD O\n\n"
  "talks NNS O\nin IN O\nVienna NNP B-LOC\n,\t, O\nAustria NNP B-LOC\n\n"
  "-DOCSTART- -X- -X- O\n\n"
  "the DT O\nRed NNP B-ORG\nCrescent NNP I-ORG\nand CC O\nNATO NNP B-ORG\n";

/* A made-up prediction: the gold tag, except every third token is shifted. */
static const char *
predict (guint i, const char *gold)
{
  static const char *const shifted[] = { "B-LOC", "I-LOC", "O", "I-GOV", "B-PER" };
  return i % 3 == 1 ? shifted[i % G_N_ELEMENTS (shifted)] : gold;
}

static void
test_gold_and_system_agree (void **state)
{
  (void) state;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) docs = tg_conll_read_gold ("g.conll", gold_conll, strlen (gold_conll), &error);
  assert_non_null (docs);
  assert_int_equal (docs->len, 2);

  g_autoptr (TgEval) gold_ev = tg_eval_new (TG_EVAL_COLLECT_ERRORS);
  g_autoptr (GString) system = g_string_new (NULL);
  guint serial = 0;
  for (guint d = 0; d < docs->len; d++)
    {
      const TgDocument *doc = g_ptr_array_index (docs, d);
      g_autoptr (GPtrArray) gold = tg_conll_tags (doc);
      g_autoptr (GPtrArray) pred = g_ptr_array_new ();
      g_string_append (system, "-DOCSTART- O O\n\n");
      for (guint s = 0; s < doc->sentences->len; s++)
        {
          const TgSentence *sent = &g_array_index (doc->sentences, TgSentence, s);
          for (guint i = sent->first; i < sent->first + sent->n_tokens; i++)
            {
              const char *p = predict (serial++, g_ptr_array_index (gold, i));
              g_ptr_array_add (pred, (gpointer) p);
              g_autofree char *tok = tg_document_token_dup (doc, i);
              g_string_append_printf (system, "%s %s %s\n", tok,
                                      (const char *) g_ptr_array_index (gold, i), p);
            }
          g_string_append_c (system, '\n');
        }
      tg_eval_add_document (gold_ev, doc, gold, pred);
    }
  tg_eval_finish (gold_ev);

  g_autoptr (TgEval) sys_ev = tg_eval_new (TG_EVAL_COLLECT_ERRORS);
  assert_true (tg_eval_add_system (sys_ev, "g.conll", system->str, system->len, NULL, &error));
  tg_eval_finish (sys_ev);

  g_autoptr (GString) a = g_string_new (NULL), b = g_string_new (NULL);
  tg_eval_write_text (gold_ev, TG_EVAL_REPORT_ERRORS, a);
  tg_eval_write_text (sys_ev, TG_EVAL_REPORT_ERRORS, b);
  assert_string_equal (a->str, b->str);
  g_string_truncate (a, 0);
  g_string_truncate (b, 0);
  tg_eval_write_json (gold_ev, TG_EVAL_REPORT_ERRORS, a);
  tg_eval_write_json (sys_ev, TG_EVAL_REPORT_ERRORS, b);
  assert_string_equal (a->str, b->str);
  assert_int_equal (tg_eval_n_documents (gold_ev), 2);

  /* And the system stream scores as conlleval.pl scored it. */
  g_autofree char *text = score_system (system->str, TG_EVAL_FLAGS_NONE, TG_EVAL_REPORT_DEFAULT);
  assert_string_equal (text,
    "processed 18 tokens with 6 phrases; found: 9 phrases; correct: 4.\n"
    "accuracy:  83.33%; precision:  44.44%; recall:  66.67%; FB1:  53.33\n"
    "              GOV: precision:  50.00%; recall: 100.00%; FB1:  66.67  2\n"
    "              LOC: precision:  66.67%; recall: 100.00%; FB1:  80.00  3\n"
    "              ORG: precision:  50.00%; recall:  50.00%; FB1:  50.00  2\n"
    "              PER: precision:   0.00%; recall:   0.00%; FB1:   0.00  2\n");
}

/* ---- scores API and JSON ----------------------------------------------------- */

static const char scored[] =
  "a B-PER B-PER\nb I-PER I-PER\nc O B-LOC\nd B-LOC B-LOC\n\ne B-GOV B-ORG\nf O O\n";

static void
test_entity_scores (void **state)
{
  (void) state;
  g_autoptr (TgEval) ev = tg_eval_new (TG_EVAL_FLAGS_NONE);
  assert_true (tg_eval_add_system (ev, "s", scored, strlen (scored), NULL, NULL));
  tg_eval_finish (ev);
  TgEvalEntityScores s;
  tg_eval_entity_scores (ev, NULL, &s);
  assert_int_equal (s.tokens, 6);
  assert_int_equal (s.gold, 3);
  assert_int_equal (s.predicted, 4);
  assert_int_equal (s.correct, 2);
  assert_float_equal (s.precision, 0.5, 1e-12);
  assert_float_equal (s.recall, 2.0 / 3.0, 1e-12);
  assert_float_equal (s.f1, 4.0 / 7.0, 1e-12);
  assert_float_equal (s.accuracy, 4.0 / 6.0, 1e-12);
  tg_eval_entity_scores (ev, "LOC", &s);
  assert_int_equal (s.gold, 1);
  assert_int_equal (s.predicted, 2);
  assert_int_equal (s.correct, 1);
  tg_eval_entity_scores (ev, "ORG", &s);
  assert_int_equal (s.gold, 0);
  assert_float_equal (s.f1, 0.0, 0.0);
}

static JsonObject *
member_object (JsonObject *o, const char *path)
{
  g_auto (GStrv) parts = g_strsplit (path, ".", -1);
  for (char **p = parts; *p != NULL; p++)
    {
      if (!json_object_has_member (o, *p))
        fail_msg ("JSON lacks '%s' (in %s)", *p, path);
      o = json_object_get_object_member (o, *p);
    }
  return o;
}

static void
test_json_report (void **state)
{
  (void) state;
  g_autoptr (TgEval) ev = tg_eval_new (TG_EVAL_COLLECT_ERRORS);
  assert_true (tg_eval_add_system (ev, "s", scored, strlen (scored), NULL, NULL));
  g_autoptr (TgEvalStances) gold = tg_eval_stances_new ();
  assert_true (tg_eval_stances_add (gold, "SYR", "ceasefire_first", -1, NULL));
  tg_eval_add_stances (ev, "s", gold, NULL);
  tg_eval_finish (ev);
  g_autoptr (GString) out = g_string_new (NULL);
  tg_eval_write_json (ev, TG_EVAL_REPORT_ERRORS, out);

  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  if (!json_parser_load_from_data (parser, out->str, (gssize) out->len, &error))
    fail_msg ("%s", error->message);
  JsonObject *root = json_node_get_object (json_parser_get_root (parser));
  assert_int_equal (json_object_get_int_member (root, "documents"), 1);
  assert_int_equal (json_object_get_int_member (root, "tokens"), 6);
  JsonObject *overall = member_object (root, "entities.overall");
  assert_float_equal (json_object_get_double_member (overall, "precision"), 0.5, 1e-12);
  assert_float_equal (json_object_get_double_member (overall, "recall"), 2.0 / 3.0, 1e-12);
  assert_float_equal (json_object_get_double_member (overall, "f1"), 4.0 / 7.0, 1e-12);
  assert_float_equal (json_object_get_double_member (overall, "accuracy"), 4.0 / 6.0, 1e-12);
  assert_int_equal (json_object_get_int_member (overall, "gold"), 3);
  assert_int_equal (json_object_get_int_member (overall, "predicted"), 4);
  assert_int_equal (json_object_get_int_member (overall, "correct"), 2);
  JsonObject *loc = member_object (root, "entities.by_type.LOC");
  assert_int_equal (json_object_get_int_member (loc, "predicted"), 2);
  member_object (root, "entities.by_type.ORG");
  member_object (root, "entities.by_type.GOV");
  member_object (root, "entities.by_type.PER");
  JsonObject *stance = member_object (root, "stance");
  static const char *const keys[] = {
    "pairs_gold", "pairs_predicted", "correct", "accuracy", "coverage", "spurious", "macro_f1",
  };
  for (gsize k = 0; k < G_N_ELEMENTS (keys); k++)
    assert_true (json_object_has_member (stance, keys[k]));
  assert_int_equal (json_object_get_int_member (stance, "pairs_gold"), 1);
  assert_int_equal (json_object_get_int_member (member_object (root, "stance.confusion.-1"), "none"), 1);
  JsonArray *errors = json_object_get_array_member (root, "errors");
  /* spurious LOC c, mistyped e, and the stance pair */
  assert_int_equal (json_array_get_length (errors), 3);
}

/* ---- error listing ------------------------------------------------------------ */

static void
test_error_listing (void **state)
{
  (void) state;
  static const char input[] =
    "-DOCSTART- O O\n\n"
    "the O O\nSyrian B-GOV B-LOC\ngovernment I-GOV O\nsaid O O\n\n"
    "-DOCSTART- O O\n\n"
    "talks O O\n\n"
    "in O O\nDamascus B-LOC B-GOV\nand O O\nAmman B-LOC B-LOC\nwith O O\nNATO O B-ORG\n";
  g_autofree char *got = score_system (input, TG_EVAL_COLLECT_ERRORS, TG_EVAL_REPORT_ERRORS);
  const char *errors = strstr (got, "\nerrors: 4\n");
  assert_non_null (errors);
  assert_string_equal (errors,
    "\nerrors: 4\n"
    "s.conll#1 sentence 1: missed GOV \"Syrian government\" (predicted LOC \"Syrian\"): "
    "the [Syrian government] said\n"
    "s.conll#1 sentence 1: spurious LOC \"Syrian\" (gold GOV \"Syrian government\"): "
    "the [Syrian] government said\n"
    "s.conll#2 sentence 2: mistyped \"Damascus\": gold LOC, predicted GOV: "
    "in [Damascus] and Amman with NATO\n"
    "s.conll#2 sentence 2: spurious ORG \"NATO\": ... Damascus and Amman with [NATO]\n");
}

/* ---- system file options and errors ----------------------------------------- */

static void
test_system_options (void **state)
{
  (void) state;
  static const char raw[] = "a PER PER\nb PER NIL\nc NIL LOC\n";
  g_autoptr (TgEval) ev = tg_eval_new (TG_EVAL_FLAGS_NONE);
  TgEvalSystemOptions opts = { NULL, TRUE, "NIL" };
  assert_true (tg_eval_add_system (ev, "s", raw, strlen (raw), &opts, NULL));
  tg_eval_finish (ev);
  TgEvalEntityScores s;
  tg_eval_entity_scores (ev, NULL, &s);
  assert_int_equal (s.gold, 2);
  assert_int_equal (s.predicted, 2);
  assert_int_equal (s.correct, 1);

  /* Tab-separated: explicit, and guessed from the first line. */
  static const char tabbed[] = "a\tB-PER\tB-PER\nb\tI-PER\tO\n";
  for (int explicit_tab = 0; explicit_tab < 2; explicit_tab++)
    {
      g_autoptr (TgEval) tev = tg_eval_new (TG_EVAL_FLAGS_NONE);
      TgEvalSystemOptions topts = { explicit_tab ? "\t" : NULL, FALSE, NULL };
      assert_true (tg_eval_add_system (tev, "s", tabbed, strlen (tabbed), &topts, NULL));
      tg_eval_finish (tev);
      tg_eval_entity_scores (tev, NULL, &s);
      assert_int_equal (s.tokens, 2);
      assert_int_equal (s.gold, 1);
      assert_int_equal (s.predicted, 1);
      assert_int_equal (s.correct, 0);
    }

  /* CRLF and a BOM are dropped. */
  static const char crlf[] = "\xEF\xBB\xBF" "a B-PER B-PER\r\n\r\nb O O\r\n";
  g_autofree char *crlf_text = score_system (crlf, TG_EVAL_FLAGS_NONE, TG_EVAL_REPORT_DEFAULT);
  g_autofree char *lf_text = score_system ("a B-PER B-PER\n\nb O O\n", TG_EVAL_FLAGS_NONE,
                                           TG_EVAL_REPORT_DEFAULT);
  assert_string_equal (crlf_text, lf_text);
}

typedef struct {
  const char *what;
  const char *input;
  TgErrorCode code;
  const char *message;
} ErrorCase;

static const ErrorCase system_error_cases[] = {
  { "column count", "a B-PER B-PER\nb O O\n\nc O O x\n", TG_ERROR_PARSE,
    "s.conll:4: unexpected number of features: 4 (3)" },
  { "boundary line with another column count", "a O O\n-X- O\n", TG_ERROR_PARSE,
    "s.conll:2: unexpected number of features: 2 (3)" },
  { "single column", "a\n", TG_ERROR_PARSE, "s.conll:1: unexpected number of features in line" },
};

static void
test_system_errors (void **state)
{
  (void) state;
  for (gsize k = 0; k < G_N_ELEMENTS (system_error_cases); k++)
    {
      const ErrorCase *c = &system_error_cases[k];
      g_autoptr (TgEval) ev = tg_eval_new (TG_EVAL_FLAGS_NONE);
      g_autoptr (GError) error = NULL;
      if (tg_eval_add_system (ev, "s.conll", c->input, strlen (c->input), NULL, &error))
        fail_msg ("case '%s': expected an error", c->what);
      if (!g_error_matches (error, TG_ERROR, (int) c->code) || strstr (error->message, c->message) == NULL)
        fail_msg ("case '%s': got '%s'", c->what, error->message);
    }
  static const char nul[] = "a O O\nb\0 O O\n";
  g_autoptr (TgEval) ev = tg_eval_new (TG_EVAL_FLAGS_NONE);
  g_autoptr (GError) error = NULL;
  assert_false (tg_eval_add_system (ev, "s.conll", nul, sizeof nul - 1, NULL, &error));
  assert_true (g_error_matches (error, TG_ERROR, TG_ERROR_ENCODING));
  assert_non_null (strstr (error->message, "s.conll:2:"));
}

/* ---- stance ------------------------------------------------------------------- */

typedef struct {
  const char *party;
  const char *dimension;
  int label;
} Triple;

static TgEvalStances *
make_stances (const Triple *t, gsize n)
{
  TgEvalStances *s = tg_eval_stances_new ();
  for (gsize i = 0; i < n; i++)
    {
      g_autoptr (GError) error = NULL;
      if (!tg_eval_stances_add (s, t[i].party, t[i].dimension, t[i].label, &error))
        fail_msg ("%s", error->message);
    }
  return s;
}

static void
test_stance_scores (void **state)
{
  (void) state;
  static const Triple gold[] = {
    { "A", "ceasefire_first", -1 }, { "A", "territorial_claims", 1 },
    { "B", "ceasefire_first", 0 },  { "B", "territorial_claims", 1 },
    { "C", "ceasefire_first", 1 },
  };
  static const Triple pred[] = {
    { "A", "ceasefire_first", -1 }, { "A", "territorial_claims", -1 },
    { "B", "ceasefire_first", 0 },  { "D", "ceasefire_first", 1 },
  };
  g_autoptr (TgEvalStances) g = make_stances (gold, G_N_ELEMENTS (gold));
  g_autoptr (TgEvalStances) p = make_stances (pred, G_N_ELEMENTS (pred));
  g_autoptr (TgEvalStances) other = make_stances (pred, 1);
  g_autoptr (TgEval) ev = tg_eval_new (TG_EVAL_COLLECT_ERRORS);
  tg_eval_add_stances (ev, "doc1", g, p);
  /* A document without gold stance is left out, predictions and all. */
  tg_eval_add_stances (ev, "doc2", NULL, other);
  tg_eval_finish (ev);

  TgEvalStanceScores s;
  tg_eval_stance_scores (ev, &s);
  assert_int_equal (s.pairs_gold, 5);
  assert_int_equal (s.pairs_predicted, 4);
  assert_int_equal (s.correct, 2);
  assert_int_equal (s.covered, 3);
  assert_int_equal (s.spurious_pairs, 1);
  assert_float_equal (s.accuracy, 0.4, 1e-12);
  assert_float_equal (s.coverage, 0.6, 1e-12);
  assert_float_equal (s.spurious, 0.25, 1e-12);
  assert_float_equal (s.precision[TG_EVAL_LABEL_NEG], 0.5, 1e-12);
  assert_float_equal (s.recall[TG_EVAL_LABEL_NEG], 1.0, 1e-12);
  assert_float_equal (s.f1[TG_EVAL_LABEL_NEG], 2.0 / 3.0, 1e-12);
  assert_float_equal (s.f1[TG_EVAL_LABEL_ZERO], 1.0, 1e-12);
  assert_float_equal (s.f1[TG_EVAL_LABEL_POS], 0.0, 1e-12);
  assert_float_equal (s.macro_f1, 5.0 / 9.0, 1e-12);
  assert_int_equal (s.confusion[TG_EVAL_LABEL_POS][TG_EVAL_LABEL_NEG], 1);
  assert_int_equal (s.confusion[TG_EVAL_LABEL_POS][TG_EVAL_LABEL_NONE], 2);
  assert_int_equal (s.confusion[TG_EVAL_LABEL_NONE][TG_EVAL_LABEL_POS], 1);
  assert_int_equal (s.confusion[TG_EVAL_LABEL_NONE][TG_EVAL_LABEL_NONE], 0);

  g_autoptr (GString) out = g_string_new (NULL);
  tg_eval_write_text (ev, TG_EVAL_REPORT_STANCE | TG_EVAL_REPORT_ERRORS, out);
  assert_non_null (strstr (out->str,
    "\nstance: 5 gold pairs; predicted: 4 pairs; correct: 2.\n"
    "accuracy:  40.00%; coverage:  60.00%; spurious:  25.00%; macro-F1:  55.56\n"));
  assert_non_null (strstr (out->str,
    "doc1: stance A territorial_claims: gold +1, predicted -1\n"
    "doc1: stance B territorial_claims: gold +1, predicted none\n"
    "doc1: stance C ceasefire_first: gold +1, predicted none\n"
    "doc1: stance D ceasefire_first: gold none, predicted +1\n"));
  assert_null (strstr (out->str, "doc2"));
}

static void
test_stance_empty (void **state)
{
  (void) state;
  g_autoptr (TgEval) ev = tg_eval_new (TG_EVAL_FLAGS_NONE);
  tg_eval_finish (ev);
  TgEvalStanceScores s;
  tg_eval_stance_scores (ev, &s);
  assert_int_equal (s.pairs_gold, 0);
  assert_float_equal (s.accuracy, 0.0, 0.0);
  assert_float_equal (s.macro_f1, 0.0, 0.0);
}

static void
test_stance_parse (void **state)
{
  (void) state;
  static const char data[] =
    "\xEF\xBB\xBF# party\tdimension\tlabel\r\n"
    "SYR\tceasefire_first\t-1\r\n"
    "\r\n"
    "  # an indented comment\n"
    "SYR\tterritorial_claims\t+1\n"
    "JOR  ceasefire_first   0";
  g_autoptr (GError) error = NULL;
  g_autoptr (TgEvalStances) s = tg_eval_stances_parse ("x.stance", data, sizeof data - 1, &error);
  if (s == NULL)
    fail_msg ("%s", error->message);
  assert_int_equal (tg_eval_stances_size (s), 3);
  int label = 5;
  assert_true (tg_eval_stances_lookup (s, "SYR", "ceasefire_first", &label));
  assert_int_equal (label, -1);
  assert_true (tg_eval_stances_lookup (s, "SYR", "territorial_claims", &label));
  assert_int_equal (label, 1);
  assert_true (tg_eval_stances_lookup (s, "JOR", "ceasefire_first", &label));
  assert_int_equal (label, 0);
  assert_false (tg_eval_stances_lookup (s, "JOR", "territorial_claims", &label));
}

static const ErrorCase stance_error_cases[] = {
  { "two fields", "# c\nSYR\tceasefire_first\n", TG_ERROR_PARSE,
    "x.stance:2: expected 3 tab-separated fields (party, dimension, label), found 2" },
  { "four fields", "SYR\tceasefire_first\t+1\tx\n", TG_ERROR_PARSE, "x.stance:1: expected 3" },
  { "unknown dimension", "SYR\tceasefire_first\t+1\n\nSYR\tceasefire\t+1\n", TG_ERROR_PARSE,
    "x.stance:3: unknown stance dimension 'ceasefire'" },
  { "label 2", "SYR\tceasefire_first\t2\n", TG_ERROR_PARSE,
    "x.stance:1: invalid stance label '2' (expected -1, 0 or +1)" },
  { "label without sign", "SYR\tceasefire_first\t1\n", TG_ERROR_PARSE,
    "x.stance:1: invalid stance label '1'" },
  { "label as a word", "SYR\tterritorial_claims\tyes\n", TG_ERROR_PARSE,
    "x.stance:1: invalid stance label 'yes'" },
  { "duplicate pair", "SYR\tceasefire_first\t+1\n# again\nSYR\tceasefire_first\t-1\n",
    TG_ERROR_PARSE, "x.stance:3: duplicate label for SYR ceasefire_first (first given on line 1)" },
  { "invalid UTF-8", "SYR\tceasefire_first\t+1\nS\xFFR\tceasefire_first\t+1\n", TG_ERROR_ENCODING,
    "x.stance:2: invalid UTF-8" },
};

static void
test_stance_parse_errors (void **state)
{
  (void) state;
  for (gsize k = 0; k < G_N_ELEMENTS (stance_error_cases); k++)
    {
      const ErrorCase *c = &stance_error_cases[k];
      g_autoptr (GError) error = NULL;
      g_autoptr (TgEvalStances) s = tg_eval_stances_parse ("x.stance", c->input, strlen (c->input),
                                                           &error);
      if (s != NULL)
        fail_msg ("case '%s': expected an error", c->what);
      if (!g_error_matches (error, TG_ERROR, (int) c->code) || strstr (error->message, c->message) == NULL)
        fail_msg ("case '%s': got %s/%d '%s'", c->what, g_quark_to_string (error->domain),
                  error->code, error->message);
    }
}

static void
test_stance_add_errors (void **state)
{
  (void) state;
  g_autoptr (TgEvalStances) s = tg_eval_stances_new ();
  g_autoptr (GError) error = NULL;
  assert_true (tg_eval_stances_add (s, "RUS", "territorial_claims", 1, &error));
  assert_false (tg_eval_stances_add (s, "RUS", "territorial_claims", 0, &error));
  assert_true (g_error_matches (error, TG_ERROR, TG_ERROR_PARSE));
  g_clear_error (&error);
  assert_false (tg_eval_stances_add (s, "RUS", "claims", 0, &error));
  assert_true (g_error_matches (error, TG_ERROR, TG_ERROR_PARSE));
  g_clear_error (&error);
  assert_false (tg_eval_stances_add (s, "RUS", "ceasefire_first", 2, &error));
  assert_true (g_error_matches (error, TG_ERROR, TG_ERROR_PARSE));
  g_clear_error (&error);
  assert_false (tg_eval_stances_add (s, "", "ceasefire_first", 0, &error));
  assert_true (g_error_matches (error, TG_ERROR, TG_ERROR_PARSE));
  assert_int_equal (tg_eval_stances_size (s), 1);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_conlleval_cases),
    cmocka_unit_test (test_reference_files),
    cmocka_unit_test (test_gold_and_system_agree),
    cmocka_unit_test (test_entity_scores),
    cmocka_unit_test (test_json_report),
    cmocka_unit_test (test_error_listing),
    cmocka_unit_test (test_system_options),
    cmocka_unit_test (test_system_errors),
    cmocka_unit_test (test_stance_scores),
    cmocka_unit_test (test_stance_empty),
    cmocka_unit_test (test_stance_parse),
    cmocka_unit_test (test_stance_parse_errors),
    cmocka_unit_test (test_stance_add_errors),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
