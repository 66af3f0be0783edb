/* fuzz-stance.c — the gold stance reader (tg_eval_stances_parse, eval.h): any
 * input either parses into a set or fails with "NAME:LINE: ..."; a parsed set
 * is then scored against itself and reported, which must not fail either. */
#include "eval.h"
#include "fuzz-common.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  (void) argc;
  (void) argv;
  fuzz_init_glib ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TgEvalStances) stances = tg_eval_stances_parse ("fuzz.stance", (const char *) data, size, &error);
  if (stances == NULL)
    {
      fuzz_check_error (error, "fuzz.stance:");
      return 0;
    }
  g_autoptr (TgEval) eval = tg_eval_new (TG_EVAL_COLLECT_ERRORS);
  g_autoptr (TgEvalStances) empty = tg_eval_stances_new ();
  tg_eval_begin_document (eval, "fuzz.stance");
  tg_eval_add_stances (eval, "fuzz.stance", stances, stances);
  tg_eval_add_stances (eval, "empty", stances, empty);
  tg_eval_finish (eval);
  TgEvalStanceScores scores;
  tg_eval_stance_scores (eval, &scores);
  FUZZ_CHECK (scores.pairs_gold == 2 * tg_eval_stances_size (stances), "%u gold pairs from %u", scores.pairs_gold,
              tg_eval_stances_size (stances));
  FUZZ_CHECK (scores.correct == tg_eval_stances_size (stances), "a set disagrees with itself");
  g_autoptr (GString) out = g_string_new (NULL);
  tg_eval_write_text (eval, TG_EVAL_REPORT_STANCE | TG_EVAL_REPORT_ERRORS, out);
  tg_eval_write_json (eval, TG_EVAL_REPORT_STANCE | TG_EVAL_REPORT_ERRORS, out);
  FUZZ_CHECK (g_utf8_validate_len (out->str, out->len, NULL), "report is not UTF-8");
  return 0;
}
