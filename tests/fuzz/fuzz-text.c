/* fuzz-text.c — raw bytes through the whole tag pipeline: decoding (strict and
 * lenient), tokenising, tagging with the lexicons loaded once, and every writer
 * (text, JSON, CoNLL). Beyond "no crash, no leak", it checks that strict decoding
 * fails only with a located TG_ERROR, that lenient decoding never fails on the
 * encoding, that JSON output parses, and that CoNLL output reads back. */
#include <json-glib/json-glib.h>

#include "fuzz-common.h"
#include "output.h"
#include "text.h"

static TgTagger *tagger;
static TgScratch *scratch;

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  (void) argc;
  (void) argv;
  fuzz_init_glib ();
  tagger = fuzz_load_tagger ();
  scratch = tg_scratch_new (tagger);
  return 0;
}

/* Tags @doc and runs every writer over it. */
static void
tag_and_write (TgDocument *doc)
{
  g_autoptr (GError) error = NULL;
  if (!tg_tagger_tag (tagger, scratch, doc, &error))
    {
      fuzz_check_error (error, "fuzz.txt");
      return;
    }
  fuzz_check_document (doc);

  g_autoptr (GString) text = g_string_new (NULL);
  tg_output_text (doc, tg_tagger_lexicon (tagger), text);
  FUZZ_CHECK (g_utf8_validate_len (text->str, text->len, NULL), "text output is not UTF-8");

  for (int pretty = 0; pretty <= 1; pretty++)
    {
      g_autoptr (GString) json = g_string_new (NULL);
      tg_output_json (doc, tg_tagger_lexicon (tagger), pretty, json);
      g_autoptr (JsonParser) parser = json_parser_new ();
      g_autoptr (GError) json_error = NULL;
      FUZZ_CHECK (json_parser_load_from_data (parser, json->str, (gssize) json->len, &json_error),
                  "JSON output does not parse: %s", json_error->message);
    }

  fuzz_check_conll_round_trip (doc);
}

/* Decodes with @flags; returns the document, or NULL after checking the error. */
static TgDocument *
decode (const char *data, size_t size, TgTextFlags flags)
{
  g_autoptr (GError) error = NULL;
  TgDocument *doc = tg_text_document_new ("fuzz.txt", data, size, flags, &error);
  if (doc == NULL)
    {
      fuzz_check_error (error, "fuzz.txt");
      FUZZ_CHECK (error->code == TG_ERROR_ENCODING || error->code == TG_ERROR_LIMIT, "code %d: %s",
                  error->code, error->message);
      FUZZ_CHECK (!((flags & TG_TEXT_LENIENT) && error->code == TG_ERROR_ENCODING),
                  "lenient decoding failed: %s", error->message);
      return NULL;
    }
  fuzz_check_document (doc);
  return doc;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (TgDocument) strict = decode ((const char *) data, size, TG_TEXT_STRICT);
  g_autoptr (TgDocument) lenient = decode ((const char *) data, size, TG_TEXT_LENIENT);
  /* Where strict decoding succeeds, lenient decoding must change nothing; the
   * document is then tagged once. */
  if (strict != NULL)
    {
      FUZZ_CHECK (lenient != NULL, "lenient failed where strict succeeded");
      FUZZ_CHECK (strict->text_len == lenient->text_len && memcmp (strict->text, lenient->text, strict->text_len) == 0,
                  "lenient decoding changed valid text");
      FUZZ_CHECK (strict->tokens->len == lenient->tokens->len && strict->sentences->len == lenient->sentences->len,
                  "lenient decoding cut valid text differently");
      tag_and_write (strict);
      return 0;
    }
  if (lenient != NULL)
    tag_and_write (lenient);
  return 0;
}
