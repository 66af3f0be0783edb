/* tagger.c — the loaded tagger and per-thread scratch space. */
#include "tagger.h"

#include "lexicon.h"
#include "ner.h"
#include "norm.h"
#include "tg-error.h"

struct _TgTagger {
  TgLexicon *lexicon;
};

struct _TgScratch {
  TgStemmer *stemmer;
};

TgTagger *
tg_tagger_new (const char *lexicon_dir, const char *model_path, GError **error)
{
  g_return_val_if_fail (lexicon_dir != NULL, NULL);
  (void) model_path;
  g_autoptr (TgLexicon) lexicon = tg_lexicon_load (lexicon_dir, error);
  if (lexicon == NULL)
    return NULL;
  TgTagger *tagger = g_new0 (TgTagger, 1);
  tagger->lexicon = g_steal_pointer (&lexicon);
  return tagger;
}

void
tg_tagger_free (TgTagger *tagger)
{
  if (tagger == NULL)
    return;
  tg_lexicon_free (tagger->lexicon);
  g_free (tagger);
}

const TgLexicon *
tg_tagger_lexicon (const TgTagger *tagger)
{
  return tagger->lexicon;
}

TgScratch *
tg_scratch_new (const TgTagger *tagger)
{
  (void) tagger;
  TgScratch *scratch = g_new0 (TgScratch, 1);
  scratch->stemmer = tg_stemmer_new ();
  return scratch;
}

void
tg_scratch_free (TgScratch *scratch)
{
  if (scratch == NULL)
    return;
  tg_stemmer_free (scratch->stemmer);
  g_free (scratch);
}

gboolean
tg_tagger_tag (const TgTagger *tagger, TgScratch *scratch, TgDocument *doc, GError **error)
{
  g_return_val_if_fail (tagger != NULL && scratch != NULL && doc != NULL, FALSE);
  return tg_ner_tag (tagger->lexicon, scratch->stemmer, doc, error);
}
