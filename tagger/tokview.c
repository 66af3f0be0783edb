/* tokview.c — per-token views computed once per document, with a per-thread
 * cache of word forms. */
#include "tokview.h"

#include <string.h>

#include "tg-limits.h"

typedef struct {
  const char *folded;
  const char *stem;
  guint stem_roles;
  guint form_roles;
  TgCase tcase;
  gboolean has_upper;
  guint id;                   /* order of caching, or TG_TOKVIEW_NO_ID */
} WordInfo;

struct _TgTokViewCache {
  const TgLexicon *lexicon;   /* the roles below are this lexicon's */
  GHashTable *words;          /* token text (in strings) -> WordInfo * */
  GStringChunk *strings;      /* keys, folded forms and stems of cached words */
  GStringChunk *doc_strings;  /* views of words not cached, for one document */
  GString *key;               /* NUL-terminated copy of the token being looked up */
};

TgTokView *
tg_tokview_new (TgStemmer *stemmer)
{
  TgTokView *view = g_new0 (TgTokView, 1);
  view->stemmer = stemmer;
  view->cache = g_new0 (TgTokViewCache, 1);
  view->cache->words = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
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
  g_hash_table_unref (view->cache->words);
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
  g_free (view->form_ids);
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
  view->form_ids = g_renew (guint, view->form_ids, cap);
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
  info->stem_roles = tg_lexicon_context (lexicon, st);
  info->form_roles = tg_lexicon_context (lexicon, key->str);
  info->tcase = tg_norm_case (s, (gssize) len);
  info->has_upper = tg_norm_has_upper (s, (gssize) len);
  info->id = TG_TOKVIEW_NO_ID;
}

void
tg_tokview_compute (TgTokView *view, const TgLexicon *lexicon, const TgDocument *doc)
{
  TgTokViewCache *cache = view->cache;
  if (cache->lexicon != lexicon || g_hash_table_size (cache->words) >= TG_TOKVIEW_CACHE_WORDS)
    {
      g_hash_table_remove_all (cache->words);
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
      /* A token with a NUL byte cannot be a string key: compute it uncached. */
      if (memchr (s, '\0', len) != NULL)
        compute_word (view, lexicon, cache->doc_strings, s, len, &local);
      else
        {
          g_string_truncate (cache->key, 0);
          g_string_append_len (cache->key, s, (gssize) len);
          info = g_hash_table_lookup (cache->words, cache->key->str);
          if (info == NULL)
            {
              if (g_hash_table_size (cache->words) < TG_TOKVIEW_CACHE_WORDS)
                {
                  char *stored = g_string_chunk_insert_len (cache->strings, s, (gssize) len);
                  WordInfo *fresh = g_new (WordInfo, 1);
                  compute_word (view, lexicon, cache->strings, s, len, fresh);
                  fresh->id = g_hash_table_size (cache->words);
                  g_hash_table_insert (cache->words, stored, fresh);
                  info = fresh;
                }
              else
                {
                  compute_word (view, lexicon, cache->doc_strings, s, len, &local);
                  info = &local;
                }
            }
        }
      view->folded[i] = info->folded;
      view->stems[i] = info->stem;
      view->cases[i] = info->tcase;
      view->has_upper[i] = info->has_upper;
      view->stem_roles[i] = info->stem_roles;
      view->form_roles[i] = info->form_roles;
      view->form_ids[i] = info->id;
    }
  view->cases[n] = TG_CASE_NONE;
  view->has_upper[n] = FALSE;
  view->stem_roles[n] = 0;
  view->form_roles[n] = 0;
  view->form_ids[n] = TG_TOKVIEW_NO_ID;
}
