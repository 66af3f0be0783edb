/* tokview.h — per-token views of a document, computed once and shared by the
 * entity rules (ner.c) and stance extraction (stance.c): the folded form, its
 * stem, the letter-case class, whether the token holds a capital, the
 * context roles (lexicon.h) of the single word by stem and by exact form, and
 * its lexicon lookup as a one-word name.
 *
 * Internal to libtagger. A TgTokView belongs to one thread's TgScratch; it keeps
 * a bounded cache of word form -> views so that a word seen before costs one
 * hash lookup instead of folding, stemming and two context lookups. Cached
 * forms have small ids, so that other modules can keep their own per-form
 * facts in an array (see TgStanceMemo). */
#pragma once

#include "document.h"
#include "lexicon.h"
#include "norm.h"

G_BEGIN_DECLS

typedef struct _TgTokViewCache TgTokViewCache;

#define TG_TOKVIEW_NO_ID G_MAXUINT

typedef struct {
  guint n;                    /* tokens of the document last computed */
  const char **folded;        /* per token: tg_norm_fold() of its text */
  const char **stems;         /* per token: tg_stemmer_stem() of the folded form */
  TgCase *cases;              /* per token: tg_norm_case() of its text; n + 1 slots, the last TG_CASE_NONE */
  gboolean *has_upper;        /* per token: tg_norm_has_upper() of its text */
  guint *stem_roles;          /* per token: tg_lexicon_context (stem), TG_CTX_PREFIX included */
  guint *form_roles;          /* per token: tg_lexicon_context ("=" + folded), TG_CTX_PREFIX included */
  guint *stem_longer;         /* per token: the roles of longer context phrases starting with the stem */
  guint *form_longer;         /* per token: the same for "=" + folded (tg_lexicon_context_walk) */
  guint *form_ids;            /* per token: its word form's id in the cache (below TG_TOKVIEW_CACHE_WORDS),
                               * or TG_TOKVIEW_NO_ID for a form not cached */
  guint generation;           /* changes whenever form ids are reassigned (the cache was emptied) */
  gboolean *name_known;       /* per token: tg_lexicon_lookup (folded) found a name or the start of one */
  const GPtrArray **names;    /* per token: the entries that lookup gave (NULL: none, or only a prefix) */
  TgStemmer *stemmer;         /* the owning thread's stemmer, for other words */
  TgTokViewCache *cache;      /* private */
  guint capacity;             /* private */
} TgTokView;

/* Creates empty views that stem with @stemmer (borrowed; it must outlive the views). */
TgTokView *tg_tokview_new (TgStemmer *stemmer);
void tg_tokview_free (TgTokView *view);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgTokView, tg_tokview_free)

/* Computes the views of every token of @doc against @lexicon, replacing those of
 * the previous document. The strings stay valid until the next call or until
 * @view is freed. Not thread-safe: one TgTokView per thread. */
void tg_tokview_compute (TgTokView *view, const TgLexicon *lexicon, const TgDocument *doc);

/* The single-word context roles of token @i, by stem or exact form, without
 * TG_CTX_PREFIX. */
static inline guint
tg_tokview_roles (const TgTokView *view, guint i)
{
  return (view->stem_roles[i] | view->form_roles[i]) & ~(guint) TG_CTX_PREFIX;
}

G_END_DECLS
