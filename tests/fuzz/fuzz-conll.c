/* fuzz-conll.c — the CoNLL reader (tg_conll_read and tg_conll_read_gold): every
 * document it returns must keep the document invariants, tag cleanly and write
 * back as CoNLL that reads again with the same tokens. */
#include "fuzz-common.h"

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

static void
run (const char *data, size_t size, gboolean gold)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) docs = gold ? tg_conll_read_gold ("fuzz.conll", data, size, &error)
                                    : tg_conll_read ("fuzz.conll", data, size, &error);
  if (docs == NULL)
    {
      fuzz_check_error (error, "fuzz.conll:");
      return;
    }
  FUZZ_CHECK (docs->len > 0, "no document and no error");
  for (guint d = 0; d < docs->len; d++)
    {
      TgDocument *doc = docs->pdata[d];
      fuzz_check_document (doc);
      FUZZ_CHECK (doc->extra != NULL, "a CoNLL document without columns");
      g_autoptr (GPtrArray) tags = tg_conll_tags (doc);
      FUZZ_CHECK (tags->len == doc->tokens->len, "tags");
      if (!tg_tagger_tag (tagger, scratch, doc, &error))
        {
          fuzz_check_error (error, "fuzz.conll");
          return;
        }
      fuzz_check_document (doc);
      fuzz_check_conll_round_trip (doc);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  run ((const char *) data, size, FALSE);
  run ((const char *) data, size, TRUE);
  return 0;
}
