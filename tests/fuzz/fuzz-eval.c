/* fuzz-eval.c — the system-file reader of `tagger eval --system`
 * (tg_eval_add_system, eval.h), under each of its option sets, then the text
 * and JSON reports; the JSON one must parse. */
#include <json-glib/json-glib.h>

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
  if (size < 1)
    return 0;
  /* The first byte picks the options, as `tagger eval` flags would. */
  static const TgEvalSystemOptions choices[] = {
    { NULL, FALSE, NULL },
    { "\t", FALSE, NULL },
    { NULL, TRUE, NULL },
    { " ", TRUE, "NONE" },
  };
  const TgEvalSystemOptions *options = &choices[data[0] % G_N_ELEMENTS (choices)];
  g_autoptr (TgEval) eval = tg_eval_new (TG_EVAL_COLLECT_ERRORS);
  g_autoptr (GError) error = NULL;
  if (!tg_eval_add_system (eval, "fuzz.system", (const char *) data + 1, size - 1, options, &error))
    {
      fuzz_check_error (error, "fuzz.system:");
      return 0;
    }
  tg_eval_finish (eval);
  TgEvalEntityScores scores;
  tg_eval_entity_scores (eval, NULL, &scores);
  FUZZ_CHECK (scores.correct <= scores.predicted && scores.correct <= scores.gold, "more correct than found");
  FUZZ_CHECK (scores.f1 >= 0 && scores.f1 <= 1, "f1 %g", scores.f1);
  g_autoptr (GString) out = g_string_new (NULL);
  /* The text report is conlleval's, byte for byte: tokens pass through as given. */
  tg_eval_write_text (eval, TG_EVAL_REPORT_STANCE | TG_EVAL_REPORT_ERRORS, out);
  g_autoptr (GString) json = g_string_new (NULL);
  tg_eval_write_json (eval, TG_EVAL_REPORT_STANCE | TG_EVAL_REPORT_ERRORS, json);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) json_error = NULL;
  FUZZ_CHECK (json_parser_load_from_data (parser, json->str, (gssize) json->len, &json_error),
              "JSON report does not parse: %s", json_error->message);
  return 0;
}
