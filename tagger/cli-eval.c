/* cli-eval.c — `tagger eval`: tags gold CoNLL documents and scores the result,
 * or scores a system's CoNLL output (gold and predicted tags in the last two
 * columns) as conlleval.pl does; prints conlleval's report and stance scores as
 * text or JSON, and fails when a --min-* gate is not met. */
#include <string.h>

#include "cli.h"
#include "conll.h"
#include "eval.h"
#include "tg-error.h"

#define GOLD_SUFFIX ".conll"
#define STANCE_SUFFIX ".stance"

typedef struct {
  char **gold;           /* --gold paths */
  char *system;          /* --system file */
  char *format;          /* text | json */
  char *output;          /* --output file, NULL for stdout */
  gboolean errors;
  char *min_f1;
  char *min_stance_accuracy;
  char *lexicons;
  char *model;
  gboolean raw;
  char *delimiter;
  char *outside_tag;
} EvalArgs;

static void
eval_args_clear (EvalArgs *a)
{
  g_strfreev (a->gold);
  g_free (a->system);
  g_free (a->format);
  g_free (a->output);
  g_free (a->min_f1);
  g_free (a->min_stance_accuracy);
  g_free (a->lexicons);
  g_free (a->model);
  g_free (a->delimiter);
  g_free (a->outside_tag);
}

/* Parses a gate value: a fraction in [0, 1] such as "0.85". */
static gboolean
parse_fraction (const char *option, const char *text, double *out)
{
  char *end = NULL;
  double v = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !(v >= 0.0 && v <= 1.0))
    {
      tg_cli_error ("eval: %s expects a fraction between 0 and 1 (e.g. 0.85), not '%s'", option,
                    text);
      return FALSE;
    }
  *out = v;
  return TRUE;
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* Expands the --gold paths into gold files: a directory gives every *.conll in
 * it, sorted by name; a file is taken as it is. */
static gboolean
collect_gold_files (char **paths, GPtrArray *files, GError **error)
{
  for (char **p = paths; *p != NULL; p++)
    {
      if (!g_file_test (*p, G_FILE_TEST_IS_DIR))
        {
          if (!g_file_test (*p, G_FILE_TEST_EXISTS))
            {
              g_set_error (error, TG_ERROR, TG_ERROR_IO, "%s: no such file or directory", *p);
              return FALSE;
            }
          g_ptr_array_add (files, g_strdup (*p));
          continue;
        }
      g_autoptr (GDir) dir = g_dir_open (*p, 0, error);
      if (dir == NULL)
        return FALSE;
      g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      const char *name;
      while ((name = g_dir_read_name (dir)) != NULL)
        if (g_str_has_suffix (name, GOLD_SUFFIX) && strlen (name) > strlen (GOLD_SUFFIX))
          {
            g_autofree char *path = g_build_filename (*p, name, NULL);
            if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
              g_ptr_array_add (names, g_strdup (name));
          }
      if (names->len == 0)
        {
          g_set_error (error, TG_ERROR, TG_ERROR_IO, "%s: no *" GOLD_SUFFIX " files in directory",
                       *p);
          return FALSE;
        }
      g_ptr_array_sort (names, compare_strings);
      for (guint k = 0; k < names->len; k++)
        g_ptr_array_add (files, g_build_filename (*p, g_ptr_array_index (names, k), NULL));
    }
  return TRUE;
}

/* Reads the gold stance file beside @conll_path (NAME.conll -> NAME.stance), if
 * there is one: *@out is NULL when there is none. */
static gboolean
read_gold_stances (const char *conll_path, TgEvalStances **out, GError **error)
{
  *out = NULL;
  g_autofree char *base = g_str_has_suffix (conll_path, GOLD_SUFFIX)
                              ? g_strndup (conll_path, strlen (conll_path) - strlen (GOLD_SUFFIX))
                              : g_strdup (conll_path);
  g_autofree char *path = g_strconcat (base, STANCE_SUFFIX, NULL);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return TRUE;
  g_autofree char *data = NULL;
  gsize len = 0;
  if (!tg_cli_read_input (path, &data, &len, error))
    return FALSE;
  *out = tg_eval_stances_parse (path, data, len, error);
  return *out != NULL;
}

/* Adds the stances the tagger gave @doc (doc->stances; empty when no stance
 * model is loaded) to @set, skipping pairs @set already has. */
static void
add_predicted_stances (TgEvalStances *set, const TgDocument *doc)
{
  for (guint i = 0; doc->stances != NULL && i < doc->stances->len; i++)
    {
      const TgStance *st = g_ptr_array_index (doc->stances, i);
      const char *dimension = tg_dimension_name (st->dimension);
      if (st->party == NULL || tg_eval_stances_lookup (set, st->party, dimension, NULL))
        continue;
      g_autoptr (GError) error = NULL;
      if (!tg_eval_stances_add (set, st->party, dimension, st->label, &error))
        g_warning ("%s: ignoring predicted stance: %s", doc->name, error->message);
    }
}

/* Tags every document of one gold file and feeds it to @ev, with its stance. */
static gboolean
eval_gold_file (TgEval *ev, const TgTagger *tagger, TgScratch *scratch, const char *path,
                GError **error)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  if (!tg_cli_read_input (path, &data, &len, error))
    return FALSE;
  g_autoptr (GPtrArray) docs = tg_conll_read_gold (path, data, len, error);
  if (docs == NULL)
    return FALSE;
  g_autoptr (TgEvalStances) gold_stances = NULL;
  if (!read_gold_stances (path, &gold_stances, error))
    return FALSE;

  /* A gold file is one article for stance: its NAME.stance covers all of its
   * documents, so their predicted stances are pooled (the first label of a
   * (party, dimension) pair wins should two documents both give one). */
  g_autoptr (TgEvalStances) predicted_stances = tg_eval_stances_new ();
  for (guint k = 0; k < docs->len; k++)
    {
      TgDocument *doc = g_ptr_array_index (docs, k);
      if (!tg_tagger_tag (tagger, scratch, doc, error))
        return FALSE;
      g_autoptr (GPtrArray) gold = tg_conll_tags (doc);
      g_autoptr (GPtrArray) predicted = tg_document_iob_tags (doc);
      tg_eval_add_document (ev, doc, gold, predicted);
      add_predicted_stances (predicted_stances, doc);
    }
  tg_eval_add_stances (ev, path, gold_stances, predicted_stances);
  return TRUE;
}

/* Checks the --min-* gates (a negative threshold means no gate); prints each
 * failed one. Returns TRUE when all pass. */
static gboolean
check_gates (TgEval *ev, const EvalArgs *a, double min_f1, double min_stance_accuracy)
{
  gboolean ok = TRUE;
  /* Tolerance for comparing a computed fraction with a decimal threshold, so that
   * an F1 of exactly 0.85 meets --min-f1=0.85. */
  const double slack = 1e-12;
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  if (min_f1 >= 0.0)
    {
      TgEvalEntityScores s;
      tg_eval_entity_scores (ev, NULL, &s);
      if (s.f1 + slack < min_f1)
        {
          tg_cli_error ("eval: gate failed: entity F1 %s is below --min-f1=%s",
                        g_ascii_formatd (buf, sizeof buf, "%.4f", s.f1), a->min_f1);
          ok = FALSE;
        }
    }
  if (min_stance_accuracy >= 0.0)
    {
      TgEvalStanceScores s;
      tg_eval_stance_scores (ev, &s);
      if (s.accuracy + slack < min_stance_accuracy)
        {
          tg_cli_error ("eval: gate failed: stance accuracy %s is below --min-stance-accuracy=%s%s",
                        g_ascii_formatd (buf, sizeof buf, "%.4f", s.accuracy),
                        a->min_stance_accuracy,
                        s.pairs_gold == 0 ? " (no gold stance pairs: no NAME.stance files)" : "");
          ok = FALSE;
        }
    }
  return ok;
}

static int
run_eval (EvalArgs *a)
{
  double min_f1 = -1.0, min_stance_accuracy = -1.0;
  gboolean json = FALSE;
  if (a->format != NULL && strcmp (a->format, "json") == 0)
    json = TRUE;
  else if (a->format != NULL && strcmp (a->format, "text") != 0)
    {
      tg_cli_error ("eval: unknown --format '%s' (expected text or json)", a->format);
      return TG_EXIT_USAGE;
    }
  if ((a->gold == NULL) == (a->system == NULL))
    {
      tg_cli_error ("eval: give either --gold=PATH (gold files to tag) or --system=FILE (try "
                    "'tagger eval --help')");
      return TG_EXIT_USAGE;
    }
  if (a->gold != NULL && (a->raw || a->delimiter != NULL || a->outside_tag != NULL))
    {
      tg_cli_error ("eval: --raw, --delimiter and --outside-tag apply to --system only");
      return TG_EXIT_USAGE;
    }
  if (a->system != NULL
      && (a->lexicons != NULL || a->model != NULL || a->min_stance_accuracy != NULL))
    {
      tg_cli_error ("eval: --lexicons, --model and --min-stance-accuracy apply to --gold only");
      return TG_EXIT_USAGE;
    }
  if ((a->min_f1 != NULL && !parse_fraction ("--min-f1", a->min_f1, &min_f1))
      || (a->min_stance_accuracy != NULL
          && !parse_fraction ("--min-stance-accuracy", a->min_stance_accuracy,
                              &min_stance_accuracy)))
    return TG_EXIT_USAGE;
  g_autofree char *delimiter = a->delimiter != NULL ? g_strcompress (a->delimiter) : NULL;
  if (delimiter != NULL && *delimiter == '\0')
    {
      tg_cli_error ("eval: --delimiter must not be empty");
      return TG_EXIT_USAGE;
    }

  g_autoptr (GError) error = NULL;
  g_autoptr (TgEval) ev = tg_eval_new (a->errors ? TG_EVAL_COLLECT_ERRORS : TG_EVAL_FLAGS_NONE);
  TgEvalReportFlags flags = a->errors ? TG_EVAL_REPORT_ERRORS : TG_EVAL_REPORT_DEFAULT;
  if (a->system != NULL)
    {
      g_autofree char *data = NULL;
      gsize len = 0;
      TgEvalSystemOptions opts = { delimiter, a->raw, a->outside_tag };
      if (!tg_cli_read_input (a->system, &data, &len, &error)
          || !tg_eval_add_system (ev, tg_cli_input_name (a->system), data, len, &opts, &error))
        {
          tg_cli_error ("%s", error->message);
          return TG_EXIT_FAILURE;
        }
    }
  else
    {
      flags |= TG_EVAL_REPORT_STANCE;
      g_autoptr (GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
      if (!collect_gold_files (a->gold, files, &error))
        {
          tg_cli_error ("%s", error->message);
          return TG_EXIT_FAILURE;
        }
      g_autoptr (TgTagger) tagger = tg_cli_load_tagger (a->lexicons, a->model, &error);
      if (tagger == NULL)
        {
          tg_cli_error ("%s", error->message);
          return TG_EXIT_FAILURE;
        }
      g_autoptr (TgScratch) scratch = tg_scratch_new (tagger);
      for (guint k = 0; k < files->len; k++)
        if (!eval_gold_file (ev, tagger, scratch, g_ptr_array_index (files, k), &error))
          {
            tg_cli_error ("%s", error->message);
            return TG_EXIT_FAILURE;
          }
    }
  tg_eval_finish (ev);

  g_autoptr (GString) out = g_string_new (NULL);
  if (json)
    tg_eval_write_json (ev, flags, out);
  else
    tg_eval_write_text (ev, flags, out);
  if (!tg_cli_write_output (a->output, out, &error))
    {
      tg_cli_error ("%s", error->message);
      return TG_EXIT_FAILURE;
    }
  return check_gates (ev, a, min_f1, min_stance_accuracy) ? TG_EXIT_OK : TG_EXIT_FAILURE;
}

int
tg_cli_eval (int argc, char **argv)
{
  EvalArgs a = { 0 };
  GOptionEntry entries[] = {
    { "gold", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &a.gold,
      "Gold CoNLL file, or directory of *.conll files (each with NAME.stance beside it if "
      "annotated); repeatable", "PATH" },
    { "system", 0, 0, G_OPTION_ARG_FILENAME, &a.system,
      "Score this CoNLL file, whose last two columns are the gold and the predicted tag, as "
      "conlleval does ('-' for standard input)", "FILE" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &a.format, "Report format: text (default) or json",
      "FORMAT" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &a.output, "Write the report to FILE", "FILE" },
    { "errors", 0, 0, G_OPTION_ARG_NONE, &a.errors,
      "List every missed, spurious and mistyped entity and every wrong stance label", NULL },
    { "min-f1", 0, 0, G_OPTION_ARG_STRING, &a.min_f1,
      "Exit with status 1 if the overall entity F1 is below X (a fraction, e.g. 0.85)", "X" },
    { "min-stance-accuracy", 0, 0, G_OPTION_ARG_STRING, &a.min_stance_accuracy,
      "Exit with status 1 if the stance accuracy is below Y (a fraction)", "Y" },
    { "lexicons", 0, 0, G_OPTION_ARG_FILENAME, &a.lexicons, "Lexicon directory (--gold)", "DIR" },
    { "model", 0, 0, G_OPTION_ARG_FILENAME, &a.model, "Stance model file (--gold)", "FILE" },
    { "raw", 'r', 0, G_OPTION_ARG_NONE, &a.raw,
      "Tags have no B-/I- prefix; every tagged token is a chunk (conlleval -r; --system)", NULL },
    { "delimiter", 'd', 0, G_OPTION_ARG_STRING, &a.delimiter,
      "Column separator, a literal string; '\\t' for tab (conlleval -d; --system)", "SEP" },
    { "outside-tag", 0, 0, G_OPTION_ARG_STRING, &a.outside_tag,
      "The outside tag with --raw (conlleval -o; default O)", "TAG" },
    { NULL, 0, 0, G_OPTION_ARG_NONE, NULL, NULL, NULL },
  };

  g_autoptr (GOptionContext) context = g_option_context_new ("- score entities and stance");
  g_option_context_set_summary (context,
    "Tags every gold document from its own tokens (--gold) and compares its entities with\n"
    "the gold tags, or scores a system file (--system). Entity scores are exactly those of\n"
    "conlleval.pl (CoNLL-2000, version 2004-01-26); the text report starts with its output.");
  g_option_context_add_main_entries (context, entries, NULL);
  g_autoptr (GError) error = NULL;
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      tg_cli_error ("eval: %s", error->message);
      eval_args_clear (&a);
      return TG_EXIT_USAGE;
    }
  if (argc > 1)
    {
      tg_cli_error ("eval: unexpected argument '%s' (gold paths go in --gold=PATH)", argv[1]);
      eval_args_clear (&a);
      return TG_EXIT_USAGE;
    }
  int status = run_eval (&a);
  eval_args_clear (&a);
  return status;
}
