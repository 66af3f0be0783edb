/* tagger.c — the loaded tagger and per-thread scratch space. */
#include "tagger.h"

#include "lexicon.h"
#include "model.h"
#include "ner.h"
#include "norm.h"
#include "stance.h"
#include "tg-error.h"
#include "tokview.h"

struct _TgTagger {
  TgLexicon *lexicon;
  TgModel *model;              /* NULL: stance is off */
  TgStanceLexicon *stance;     /* loaded with the model */
};

struct _TgScratch {
  TgStemmer *stemmer;
  TgTokView *view;     /* token views of the document being tagged, shared by NER and stance */
  TgStanceMemo *memo;  /* the stance lexicon's facts about the views' word forms */
};

TgTagger *
tg_tagger_new (const char *lexicon_dir, const char *model_path, GError **error)
{
  return tg_tagger_new_cached (lexicon_dir, model_path, NULL, NULL, error);
}

TgTagger *
tg_tagger_new_cached (const char *lexicon_dir, const char *model_path, const char *cache_dir,
                      const char *build_id, GError **error)
{
  g_return_val_if_fail (lexicon_dir != NULL, NULL);
  g_autoptr (TgLexicon) lexicon = tg_lexicon_load_cached (lexicon_dir, cache_dir, build_id, error);
  if (lexicon == NULL)
    return NULL;
  g_autoptr (TgModel) model = NULL;
  g_autoptr (TgStanceLexicon) stance = NULL;
  if (model_path != NULL)
    {
      model = tg_model_load (model_path, error);
      if (model == NULL)
        return NULL;
      g_autofree char *stance_dir = g_build_filename (lexicon_dir, "stance", NULL);
      stance = tg_stance_lexicon_load (stance_dir, error);
      if (stance == NULL)
        return NULL;
    }
  TgTagger *tagger = g_new0 (TgTagger, 1);
  tagger->lexicon = g_steal_pointer (&lexicon);
  tagger->model = g_steal_pointer (&model);
  tagger->stance = g_steal_pointer (&stance);
  return tagger;
}

void
tg_tagger_free (TgTagger *tagger)
{
  if (tagger == NULL)
    return;
  tg_lexicon_free (tagger->lexicon);
  tg_model_free (tagger->model);
  tg_stance_lexicon_free (tagger->stance);
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
  scratch->view = tg_tokview_new (scratch->stemmer);
  scratch->memo = tg_stance_memo_new ();
  return scratch;
}

void
tg_scratch_free (TgScratch *scratch)
{
  if (scratch == NULL)
    return;
  tg_stance_memo_free (scratch->memo);
  tg_tokview_free (scratch->view);
  tg_stemmer_free (scratch->stemmer);
  g_free (scratch);
}

gboolean
tg_tagger_tag (const TgTagger *tagger, TgScratch *scratch, TgDocument *doc, GError **error)
{
  g_return_val_if_fail (tagger != NULL && scratch != NULL && doc != NULL, FALSE);
  tg_tokview_compute (scratch->view, tagger->lexicon, doc);
  if (!tg_ner_tag (tagger->lexicon, scratch->view, doc, error))
    return FALSE;
  g_ptr_array_set_size (doc->stances, 0);
  if (tagger->model != NULL)
    tg_stance_tag (tagger->stance, tagger->lexicon, tagger->model, scratch->view, scratch->memo, doc);
  return TRUE;
}

const TgModel *
tg_tagger_model (const TgTagger *tagger)
{
  return tagger->model;
}

GArray *
tg_tagger_stance_hits (const TgTagger *tagger, TgScratch *scratch, const TgDocument *doc)
{
  g_return_val_if_fail (tagger != NULL && scratch != NULL && doc != NULL, NULL);
  if (tagger->model == NULL)
    return g_array_new (FALSE, TRUE, sizeof (TgCueHit));
  /* The scratch may have tagged other documents since @doc. */
  tg_tokview_compute (scratch->view, tagger->lexicon, doc);
  return tg_stance_extract (tagger->stance, tagger->lexicon, tg_model_params (tagger->model), scratch->view,
                            scratch->memo, doc);
}
