/* tagger.h — the loaded tagger: lexicons and stance model, and the one call that
 * tags a document.
 *
 * A TgTagger is immutable once loaded and may be shared by any number of
 * threads. Each thread tags through its own TgScratch (stemmer, buffers). */
#pragma once

#include "document.h"
#include "lexicon.h"
#include "model.h"

G_BEGIN_DECLS

typedef struct _TgTagger TgTagger;
typedef struct _TgScratch TgScratch;

/* Loads every lexicon under @lexicon_dir and the stance model at @model_path
 * with the stance cue lexicons of @lexicon_dir/stance/ (NULL: no model is
 * assumed; stance is then off). Errors name the file and line. */
TgTagger *tg_tagger_new (const char *lexicon_dir, const char *model_path, GError **error);
/* tg_tagger_new(), loading the lexicons through tg_lexicon_load_cached()
 * with @cache_dir and @build_id (both NULL: no cache). */
TgTagger *tg_tagger_new_cached (const char *lexicon_dir, const char *model_path, const char *cache_dir,
                                const char *build_id, GError **error);
void tg_tagger_free (TgTagger *tagger);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgTagger, tg_tagger_free)

/* The tagger's lexicon, for party names and lookups; owned by the tagger. */
const TgLexicon *tg_tagger_lexicon (const TgTagger *tagger);

/* Per-thread working memory for tg_tagger_tag(). Not thread-safe itself. */
TgScratch *tg_scratch_new (const TgTagger *tagger);
void tg_scratch_free (TgScratch *scratch);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgScratch, tg_scratch_free)

/* Finds the entity mentions of @doc (replacing doc->entities) and resolves each
 * to its party; then, when a model is loaded, the stance of each party with
 * evidence (replacing doc->stances). Uses only the tokens and sentences of
 * @doc, so raw text and CoNLL input are tagged alike. */
gboolean tg_tagger_tag (const TgTagger *tagger, TgScratch *scratch, TgDocument *doc,
                        GError **error);

/* The stance model, or NULL when stance is off; owned by the tagger. */
const TgModel *tg_tagger_model (const TgTagger *tagger);

/* The stance cue hits (GArray of TgCueHit, stance.h) of a @doc already tagged
 * by tg_tagger_tag(), for training: the caller owns the array. Empty when
 * stance is off. */
GArray *tg_tagger_stance_hits (const TgTagger *tagger, TgScratch *scratch, const TgDocument *doc);

G_END_DECLS
