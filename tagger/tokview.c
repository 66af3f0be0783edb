/* tokview.c — per-token views computed once per document, with a per-thread
 * cache of word forms. */
#include "tokview.h"

#include <string.h>

#include "strtab.h"
#include "tg-limits.h"

typedef struct {
  const char *folded;
  const char *stem;
  guint stem_roles;
  guint form_roles;
  guint stem_longer;
  guint form_longer;
  TgCase tcase;
  gboolean has_upper;
  gboolean name_known;
  const GPtrArray *names;
} WordInfo;

struct _TgTokViewCache {
  const TgLexicon *lexicon;   /* the roles below are this lexicon's */
  TgStrTab *words;            /* token text -> index into infos */
  GArray *infos;              /* of WordInfo */
  GStringChunk *strings;      /* folded forms and stems of cached words */
  GStringChunk *doc_strings;  /* views of words not cached, for one document */
  GString *key;               /* "=" + folded form of the word being computed */
};

TgTokView *
tg_tokview_new (TgStemmer *stemmer)
{
  TgTokView *view = g_new0 (TgTokView, 1);
  view->stemmer = stemmer;
  view->cache = g_new0 (TgTokViewCache, 1);
  view->cache->words = tg_strtab_new (4096);
  view->cache->infos = g_array_sized_new (FALSE, FALSE, sizeof (WordInfo), 4096);
  view->cache->strings = g_string_chunk_new (64 * 1024);
  view->cache->doc_strings = g_string_chunk_new (4 * 1024);
  view->cache->key = g_string_new (NULL);
  view->cases = g_new0 (TgCase, 1);
  return view;
}

void
tg_tokview_free (TgTokView *view)
{
  if (view == NULL)
    return;
  tg_strtab_free (view->cache->words);
  g_array_unref (view->cache->infos);
  g_string_chunk_free (view->cache->strings);
  g_string_chunk_free (view->cache->doc_strings);
  g_string_free (view->cache->key, TRUE);
  g_free (view->cache);
  g_free (view->folded);
  g_free (view->stems);
  g_free (view->cases);
  g_free (view->has_upper);
  g_free (view->stem_roles);
  g_free (view->form_roles);
  g_free (view->stem_longer);
  g_free (view->form_longer);
  g_free (view->form_ids);
  g_free (view->name_known);
  g_free (view->names);
  g_free (view);
}

static void
reserve (TgTokView *view, guint n)
{
  if (n + 1 <= view->capacity)
    return;
  guint cap = MAX (n + 1, view->capacity * 2);
  view->folded = g_renew (const char *, view->folded, cap);
  view->stems = g_renew (const char *, view->stems, cap);
  view->cases = g_renew (TgCase, view->cases, cap);
  view->has_upper = g_renew (gboolean, view->has_upper, cap);
  view->stem_roles = g_renew (guint, view->stem_roles, cap);
  view->form_roles = g_renew (guint, view->form_roles, cap);
  view->stem_longer = g_renew (guint, view->stem_longer, cap);
  view->form_longer = g_renew (guint, view->form_longer, cap);
  view->form_ids = g_renew (guint, view->form_ids, cap);
  view->name_known = g_renew (gboolean, view->name_known, cap);
  view->names = g_renew (const GPtrArray *, view->names, cap);
  view->capacity = cap;
}

/* Fills @info for @len bytes of token text at @s, its strings stored in @chunk. */
static void
compute_word (TgTokView *view, const TgLexicon *lexicon, GStringChunk *chunk, const char *s, gsize len,
              WordInfo *info)
{
  g_autofree char *f = tg_norm_fold (s, (gssize) len);
  g_autofree char *st = tg_stemmer_stem (view->stemmer, f);
  GString *key = view->cache->key;
  g_string_assign (key, "=");
  g_string_append (key, f);
  info->folded = g_string_chunk_insert (chunk, f);
  info->stem = strcmp (st, f) == 0 ? info->folded : g_string_chunk_insert (chunk, st);
  info->stem_roles = tg_lexicon_context_walk (lexicon, st, strlen (st), &info->stem_longer);
  info->form_roles = tg_lexicon_context_walk (lexicon, key->str, key->len, &info->form_longer);
  info->names = NULL;
  info->name_known = tg_lexicon_lookup_len (lexicon, key->str + 1, key->len - 1, &info->names);
  info->tcase = tg_norm_case (s, (gssize) len);
  info->has_upper = tg_norm_has_upper (s, (gssize) len);
}

void
tg_tokview_compute (TgTokView *view, const TgLexicon *lexicon, const TgDocument *doc)
{
  TgTokViewCache *cache = view->cache;
  if (cache->lexicon != lexicon || tg_strtab_size (cache->words) >= TG_TOKVIEW_CACHE_WORDS)
    {
      tg_strtab_clear (cache->words);
      g_array_set_size (cache->infos, 0);
      g_string_chunk_clear (cache->strings);
      cache->lexicon = lexicon;
      view->generation++;
    }
  g_string_chunk_clear (cache->doc_strings);
  guint n = doc->tokens->len;
  reserve (view, n);
  view->n = n;
  for (guint i = 0; i < n; i++)
    {
      const TgToken *t = tg_document_token (doc, i);
      const char *s = doc->text + t->start;
      gsize len = t->end - t->start;
      WordInfo local;
      const WordInfo *info = &local;
      /* A cached form's id is its index in cache->infos. */
      guint32 index = TG_TOKVIEW_NO_ID;
      if (tg_strtab_lookup (cache->words, s, len, &index))
        info = &g_array_index (cache->infos, WordInfo, index);
      else if (tg_strtab_size (cache->words) < TG_TOKVIEW_CACHE_WORDS)
        {
          compute_word (view, lexicon, cache->strings, s, len, &local);
          index = cache->infos->len;
          *tg_strtab_insert (cache->words, s, len, NULL) = index;
          g_array_append_val (cache->infos, local);
        }
      else
        {
          compute_word (view, lexicon, cache->doc_strings, s, len, &local);
          index = TG_TOKVIEW_NO_ID;
        }
      view->folded[i] = info->folded;
      view->stems[i] = info->stem;
      view->cases[i] = info->tcase;
      view->has_upper[i] = info->has_upper;
      view->stem_roles[i] = info->stem_roles;
      view->form_roles[i] = info->form_roles;
      view->stem_longer[i] = info->stem_longer;
      view->form_longer[i] = info->form_longer;
      view->form_ids[i] = index;
      view->name_known[i] = info->name_known;
      view->names[i] = info->names;
    }
  view->cases[n] = TG_CASE_NONE;
  view->has_upper[n] = FALSE;
  view->stem_roles[n] = 0;
  view->form_roles[n] = 0;
  view->stem_longer[n] = 0;
  view->form_longer[n] = 0;
  view->form_ids[n] = TG_TOKVIEW_NO_ID;
  view->name_known[n] = FALSE;
  view->names[n] = NULL;
}
