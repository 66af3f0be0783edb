/* lexicon.c — loading the TSV lexicons into the phrase and context tables,
 * and the compiled cache of a loaded lexicon (at the end of the file).
 *
 * Every name is cut into tokens by the same tokenizer that reads articles
 * (text.h), folded (norm.h) and stored under the folded tokens joined by one
 * space; each proper prefix of a name is stored too, with no entries, so that the
 * matcher can stop walking as soon as no name continues. Context phrases are
 * stored stemmed, with their prefixes marked by TG_CTX_PREFIX. */
#include "lexicon.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "norm.h"
#include "strtab.h"
#include "text.h"
#include "tg-error.h"
#include "tg-io.h"
#include "tg-limits.h"

/* The phrase table maps each folded name key, and each proper prefix of one,
 * to a list number: 0 for a prefix that is no name itself, else n for
 * list_views[n - 1]. While the files load, the lists grow as chains of
 * ListNode in `nodes` (ListBuild gives each chain's ends); once every file is
 * read they are frozen into `list_views`, read-only GPtrArray views whose
 * pdata point into one shared array (`entry_pool`), so that a lookup hands out
 * the same const GPtrArray * as before without one allocation per name. */
typedef struct {
  TgLexEntry *entry;
  guint32 next;        /* index + 1 of the next node of the list; 0 ends it */
} ListNode;

typedef struct {
  guint32 head, tail;  /* index + 1 of the first and last node */
  guint32 n;
} ListBuild;

/* Entries are allocated in blocks of this many, never moved. */
#define ENTRY_BLOCK 4096

/* Expected table sizes for the shipped lexicons (45,000 rows: 67,000 name
 * keys with their prefixes, 50,000 of them names; 930 context phrases); a
 * bigger lexicon only makes the tables grow once or twice while loading. */
#define EXPECTED_PHRASES (80 * 1024)
#define EXPECTED_NAMES (56 * 1024)
#define EXPECTED_CONTEXT 2048
#define EXPECTED_DENIED 256
#define EXPECTED_INTERNED 4096

/* What the lexicon says about one context key: its own roles (TG_CTX_PREFIX
 * included when longer phrases start with it), and the roles of those longer
 * phrases, so that a walk along a sentence can stop as soon as no longer
 * phrase has a role it wants. */
typedef struct {
  guint32 roles;
  guint32 longer;
} ContextFacts;

struct _TgLexicon {
  GStringChunk *strings;     /* names */
  TgStrTab *interned;        /* codes, details, file names: one copy each (the keys) */
  GPtrArray *entries;        /* of TgLexEntry*, in load order; not owning */
  GPtrArray *entry_blocks;   /* owning: the blocks of ENTRY_BLOCK entries */
  guint block_used;          /* entries used in the last block */
  TgStrTab *phrases;         /* folded phrase -> list number (see above) */
  GArray *nodes;             /* of ListNode, while loading */
  GArray *lists;             /* of ListBuild, while loading */
  GPtrArray *list_views;     /* after loading: n_lists GPtrArray structs in one block */
  gpointer *entry_pool;      /* the views' pdata, one block of n_pooled */
  guint n_lists;
  guint n_pooled;
  TgStrTab *context;         /* stemmed phrase -> index into context_facts */
  GArray *context_facts;     /* of ContextFacts */
  GHashTable *parties;       /* code -> display name */
  GHashTable *party_kinds;   /* code -> "state", "intl", "nonstate" */
  TgStrTab *denied;          /* folded place names never to tag */
  GHashTable *party_lines;   /* code -> "FILE:LINE" where it was first defined */
  GPtrArray *load_problems;  /* messages for tg_lexicon_check() found while loading */
  TgStemmer *stemmer;        /* used while loading only */
  GVariant *cached;          /* loaded from the cache: the data that names and keys point into */
};

static const char *const lex_kind_names[TG_LEX_N_KINDS] = {
  "government", "organisation", "person", "place", "demonym", "title"
};
static const char *const place_kind_names[TG_PLACE_N_KINDS] = {
  "country", "capital", "territory", "region", "subdivision", "district", "city", "water", "mountain"
};

const char *
tg_lex_kind_name (TgLexKind kind)
{
  g_return_val_if_fail (kind < TG_LEX_N_KINDS, "?");
  return lex_kind_names[kind];
}

const char *
tg_place_kind_name (TgPlaceKind kind)
{
  g_return_val_if_fail (kind < TG_PLACE_N_KINDS, "?");
  return place_kind_names[kind];
}

/* --- TSV ---------------------------------------------------------------- */

/* Checks @len bytes for NUL and invalid UTF-8, setting @bad to the first NUL
 * byte if there is one, else to the first invalid sequence. */
static gboolean
validate_text (const char *s, gsize len, const char **bad)
{
  const char *nul = memchr (s, '\0', len);
  if (nul != NULL)
    {
      *bad = nul;
      return FALSE;
    }
  return tg_text_validate (s, len, bad);
}

gboolean
tg_tsv_read (const char *path, const char *const *columns, TgTsvRowFunc func,
             gpointer user_data, GError **error)
{
  g_autofree char *contents = NULL;
  gsize len = 0;
  if (!tg_read_file (path, TG_MAX_LEXICON_BYTES, &contents, &len, error))
    return FALSE;
  const char *bad = NULL;
  if (!validate_text (contents, len, &bad))
    {
      gsize offset = (gsize) (bad - contents);
      guint line = 1;
      for (gsize i = 0; i < offset; i++)
        line += contents[i] == '\n';
      g_set_error (error, TG_ERROR, TG_ERROR_ENCODING, "%s:%u: invalid UTF-8 or NUL byte", path, line);
      return FALSE;
    }
  guint n_columns = g_strv_length ((char **) columns);
  /* Fields point into @contents: each line is cut at its tabs in place. Only
   * the first n_columns fields are kept; further tabs are only counted. */
  g_autofree char **fields = g_new0 (char *, n_columns + 1);
  g_autofree gsize *field_len = g_new0 (gsize, n_columns);
  gboolean seen_header = FALSE;
  guint line_no = 0;
  char *p = contents;
  char *end = contents + len;
  if (len >= 3 && memcmp (p, "\xEF\xBB\xBF", 3) == 0)
    p += 3;
  while (p < end)
    {
      char *eol = memchr (p, '\n', (gsize) (end - p));
      char *next = eol != NULL ? eol + 1 : end;
      if (eol == NULL)
        eol = end;
      *eol = '\0';
      line_no++;
      gsize line_len = (gsize) (eol - p);
      if (line_len > 0 && p[line_len - 1] == '\r')
        p[--line_len] = '\0';
      if (line_len > TG_MAX_LINE_BYTES)
        {
          g_set_error (error, TG_ERROR, TG_ERROR_LIMIT, "%s:%u: line longer than %d bytes",
                       path, line_no, TG_MAX_LINE_BYTES);
          return FALSE;
        }
      if (line_len == 0 || p[0] == '#')
        {
          p = next;
          continue;
        }
      char *line_end = p + line_len;
      guint n_fields = 0;
      for (char *f = p;;)
        {
          char *tab = memchr (f, '\t', (gsize) (line_end - f));
          char *f_end = tab != NULL ? tab : line_end;
          if (n_fields < n_columns)
            {
              fields[n_fields] = f;
              field_len[n_fields] = (gsize) (f_end - f);
            }
          n_fields++;
          if (tab == NULL)
            break;
          *tab = '\0';
          f = tab + 1;
        }
      if (!seen_header)
        {
          gboolean same = n_fields == n_columns;
          for (guint i = 0; same && i < n_columns; i++)
            same = strcmp (fields[i], columns[i]) == 0;
          if (!same)
            {
              g_autofree char *want = g_strjoinv ("<TAB>", (char **) columns);
              g_set_error (error, TG_ERROR, TG_ERROR_PARSE, "%s:%u: expected the header row %s",
                           path, line_no, want);
              return FALSE;
            }
          seen_header = TRUE;
          p = next;
          continue;
        }
      if (n_fields != n_columns)
        {
          g_set_error (error, TG_ERROR, TG_ERROR_PARSE, "%s:%u: expected %u columns, got %u",
                       path, line_no, n_columns, n_fields);
          return FALSE;
        }
      for (guint i = 0; i < n_fields; i++)
        if (field_len[i] > 0 && (g_ascii_isspace (fields[i][0]) || g_ascii_isspace (fields[i][field_len[i] - 1])))
          {
            g_set_error (error, TG_ERROR, TG_ERROR_PARSE, "%s:%u: column %s has leading or trailing spaces",
                         path, line_no, columns[i]);
            return FALSE;
          }
      g_autoptr (GError) row_error = NULL;
      if (!func (fields, line_no, user_data, &row_error))
        {
          g_set_error (error, row_error->domain, row_error->code, "%s:%u: %s", path, line_no, row_error->message);
          return FALSE;
        }
      p = next;
    }
  if (!seen_header)
    {
      g_set_error (error, TG_ERROR, TG_ERROR_PARSE, "%s:%u: no header row", path, line_no);
      return FALSE;
    }
  return TRUE;
}

/* --- building the tables ------------------------------------------------ */

/* TRUE when the tokenizer would cut @name at its spaces and nowhere else: it
 * holds only letters (any script; combining marks after a letter), spaces, and
 * ASCII hyphens between two letters. Sets @ascii when every byte is ASCII. */
static gboolean
is_simple_name (const char *name, gboolean *ascii)
{
  gunichar prev = ' ';
  *ascii = TRUE;
  for (const char *p = name; *p != '\0';)
    {
      gunichar c;
      if ((guchar) *p < 0x80)
        c = (gunichar) *p++;
      else
        {
          *ascii = FALSE;
          c = g_utf8_get_char (p);
          p = g_utf8_next_char (p);
        }
      if (c == ' ')
        ;
      else if (c == '-')
        {
          gunichar next = (guchar) *p < 0x80 ? (gunichar) *p : g_utf8_get_char (p);
          if (!g_unichar_isalpha (prev) || !g_unichar_isalpha (next))
            return FALSE;
        }
      else if (c < 0x80 ? !g_ascii_isalpha ((char) c)
               : !(g_unichar_isalpha (c) || (g_unichar_ismark (c) && prev != ' ' && prev != '-')))
        return FALSE;
      prev = c;
    }
  return TRUE;
}

/* phrase_key() of a name of ASCII letters, spaces, and hyphens between two
 * letters, the shape of most names, in one pass: lower-cased, runs of spaces
 * collapsed, the ends trimmed. Returns FALSE for any other name (@key is then
 * unspecified), which phrase_key() handles the general way. */
static gboolean
ascii_phrase_key (const char *name, gsize len, GString *key)
{
  g_string_set_size (key, len);
  char *out = key->str;
  char prev = ' ';
  for (gsize i = 0; i < len; i++)
    {
      char c = name[i];
      if (c >= 'A' && c <= 'Z')
        c = (char) (c + ('a' - 'A'));
      else if (c == ' ')
        {
          prev = c;
          if (out == key->str || out[-1] == ' ')
            continue;
        }
      else if (c == '-')
        {
          if (!g_ascii_isalpha (prev) || !g_ascii_isalpha (name[i + 1]))
            return FALSE;
        }
      else if (c < 'a' || c > 'z')
        return FALSE;
      *out++ = c;
      prev = c;
    }
  if (out > key->str && out[-1] == ' ')
    out--;
  g_string_truncate (key, (gsize) (out - key->str));
  return TRUE;
}

/* Cuts @name into tokens as an article would be cut, folds them, and joins them
 * with single spaces into @key (replacing its contents). Returns FALSE for a
 * name with no tokens (@key is then empty) or one the tokenizer refuses (with
 * @error set). */
static gboolean
phrase_key (const char *name, GString *key, GError **error)
{
  gsize name_len = strlen (name);
  if (name_len <= TG_MAX_TOKEN_BYTES && ascii_phrase_key (name, name_len, key))
    return key->len > 0;
  g_string_truncate (key, 0);
  gboolean ascii;
  if (name_len <= TG_MAX_TOKEN_BYTES && is_simple_name (name, &ascii))
    {
      /* Folding works letter by letter, so the whole name folds at once; then
       * runs of spaces collapse to one and the ends are trimmed. */
      g_autofree char *folded = ascii ? NULL : tg_norm_fold (name, (gssize) name_len);
      const char *src = ascii ? name : folded;
      gsize src_len = ascii ? name_len : strlen (folded);
      g_string_set_size (key, src_len);
      char *out = key->str;
      for (gsize i = 0; i < src_len; i++)
        {
          char c = src[i];
          if (c == ' ' && (out == key->str || out[-1] == ' '))
            continue;
          *out++ = ascii && c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
        }
      if (out > key->str && out[-1] == ' ')
        out--;
      g_string_truncate (key, (gsize) (out - key->str));
      return key->len > 0;
    }
  g_autoptr (TgDocument) doc = tg_text_document_new ("name", name, name_len, TG_TEXT_STRICT, error);
  if (doc == NULL)
    return FALSE;
  for (guint i = 0; i < doc->tokens->len; i++)
    {
      const TgToken *t = tg_document_token (doc, i);
      g_autofree char *folded = tg_norm_fold (doc->text + t->start, (gssize) (t->end - t->start));
      if (key->len > 0)
        g_string_append_c (key, ' ');
      g_string_append (key, folded);
    }
  return key->len > 0;
}

/* The lexicon's one copy of @s (NULL for NULL or ""), kept as a key of the
 * `interned` table. */
static const char *
intern (TgLexicon *lex, const char *s)
{
  if (s == NULL || s[0] == '\0')
    return NULL;
  const char *copy = NULL;
  tg_strtab_insert (lex->interned, s, strlen (s), &copy);
  return copy;
}

/* Stores @entry under the @len bytes of @key (phrase_key() of its name) and
 * marks every proper prefix of the key. */
static void
add_name_key (TgLexicon *lex, const char *key, gsize len, TgLexEntry *entry)
{
  for (const char *sp = memchr (key, ' ', len); sp != NULL; sp = memchr (sp + 1, ' ', len - (gsize) (sp + 1 - key)))
    tg_strtab_insert (lex->phrases, key, (gsize) (sp - key), NULL);
  guint32 *list_no = tg_strtab_insert (lex->phrases, key, len, NULL);
  if (*list_no == 0)
    {
      ListBuild fresh = { 0, 0, 0 };
      g_array_append_val (lex->lists, fresh);
      *list_no = lex->lists->len;
    }
  ListBuild *list = &g_array_index (lex->lists, ListBuild, *list_no - 1);
  for (guint32 k = list->head; k != 0; k = g_array_index (lex->nodes, ListNode, k - 1).next)
    {
      const TgLexEntry *other = g_array_index (lex->nodes, ListNode, k - 1).entry;
      /* The same name listed twice for the same thing adds nothing. */
      if (other->kind == entry->kind && g_strcmp0 (other->party, entry->party) == 0
          && g_strcmp0 (other->detail, entry->detail) == 0)
        return;
    }
  ListNode node = { entry, 0 };
  g_array_append_val (lex->nodes, node);
  guint32 index = lex->nodes->len;
  if (list->tail != 0)
    g_array_index (lex->nodes, ListNode, list->tail - 1).next = index;
  else
    list->head = index;
  list->tail = index;
  list->n++;
}

/* Turns the lists built while loading into the GPtrArray views that lookups
 * return (see the comment above struct _TgLexicon). */
static void
freeze_lists (TgLexicon *lex)
{
  guint n_lists = lex->lists->len;
  lex->list_views = g_new (GPtrArray, MAX (n_lists, 1));
  lex->entry_pool = g_new (gpointer, MAX (lex->nodes->len, 1));
  gpointer *next = lex->entry_pool;
  for (guint i = 0; i < n_lists; i++)
    {
      const ListBuild *list = &g_array_index (lex->lists, ListBuild, i);
      lex->list_views[i].pdata = next;
      lex->list_views[i].len = list->n;
      for (guint32 k = list->head; k != 0; k = g_array_index (lex->nodes, ListNode, k - 1).next)
        *next++ = g_array_index (lex->nodes, ListNode, k - 1).entry;
    }
  lex->n_lists = n_lists;
  lex->n_pooled = lex->nodes->len;
  g_clear_pointer (&lex->lists, g_array_unref);
  g_clear_pointer (&lex->nodes, g_array_unref);
}

/* Each file type: its name, columns and row loader. */
typedef struct {
  TgLexicon *lex;
  const char *file;         /* interned base name */
  GString *key;             /* phrase_key() of the name being added */
  const char *last_party;   /* the party and detail interned for the previous */
  const char *last_detail;  /* row: rows in a row often repeat them */
} Loader;

/* intern(), first comparing @s with the string interned last for the same
 * column (@last), which saves the hash lookup of a repeated value. */
static const char *
intern_again (TgLexicon *lex, const char **last, const char *s)
{
  if (s == NULL || s[0] == '\0')
    return NULL;
  if (*last == NULL || strcmp (*last, s) != 0)
    *last = intern (lex, s);
  return *last;
}

/* Sets ld->key to the phrase_key() of @name; fails on a name with no tokens. */
static gboolean
name_key (Loader *ld, const char *name, GError **error)
{
  if (phrase_key (name, ld->key, error))
    return TRUE;
  if (error != NULL && *error == NULL)
    g_set_error (error, TG_ERROR, TG_ERROR_PARSE, "empty name");
  return FALSE;
}

/* Stores @entry under @name and marks every proper prefix of its key. */
static gboolean
add_name (Loader *ld, const char *name, TgLexEntry *entry, GError **error)
{
  if (!name_key (ld, name, error))
    return FALSE;
  add_name_key (ld->lex, ld->key->str, ld->key->len, entry);
  return TRUE;
}

static TgLexEntry *
new_entry (Loader *ld, TgLexKind kind, const char *name, const char *party,
           const char *detail, guint line)
{
  TgLexicon *lex = ld->lex;
  if (lex->entry_blocks->len == 0 || lex->block_used == ENTRY_BLOCK)
    {
      g_ptr_array_add (lex->entry_blocks, g_new0 (TgLexEntry, ENTRY_BLOCK));
      lex->block_used = 0;
    }
  TgLexEntry *block = g_ptr_array_index (lex->entry_blocks, lex->entry_blocks->len - 1);
  TgLexEntry *e = &block[lex->block_used++];
  e->kind = kind;
  /* Names are nearly all distinct: stored without the de-duplicating lookup. */
  e->name = name != NULL && name[0] != '\0' ? g_string_chunk_insert (lex->strings, name) : NULL;
  e->party = intern_again (lex, &ld->last_party, party);
  e->detail = intern_again (lex, &ld->last_detail, detail);
  e->file = ld->file;
  e->line = line;
  g_ptr_array_add (lex->entries, e);
  return e;
}

static gboolean
check_party_syntax (const char *code, GError **error)
{
  if (code[0] == '\0')
    return TRUE;
  for (const char *p = code; *p != '\0'; p++)
    if (!(g_ascii_isupper (*p) || g_ascii_isdigit (*p) || *p == '_'))
      {
        g_set_error (error, TG_ERROR, TG_ERROR_PARSE,
                     "party code '%s' must be upper-case letters, digits or '_'", code);
        return FALSE;
      }
  return TRUE;
}

static gboolean
load_party_row (char **f, guint line, gpointer data, GError **error)
{
  Loader *ld = data;
  if (!check_party_syntax (f[0], error))
    return FALSE;
  if (f[0][0] == '\0')
    {
      g_set_error (error, TG_ERROR, TG_ERROR_PARSE, "empty party code");
      return FALSE;
    }
  const char *code = intern (ld->lex, f[0]);
  /* A code defined twice used to be overwritten silently by the later row.
   * The first definition now stands (parties-states.tsv loads first), and a
   * second one that says something else is a tg_lexicon_check() problem. */
  const char *first_at = g_hash_table_lookup (ld->lex->party_lines, code);
  if (first_at != NULL)
    {
      const char *name = g_hash_table_lookup (ld->lex->parties, code);
      const char *kind = g_hash_table_lookup (ld->lex->party_kinds, code);
      if (g_strcmp0 (name, intern (ld->lex, f[1])) != 0 || g_strcmp0 (kind, intern (ld->lex, f[2])) != 0)
        g_ptr_array_add (ld->lex->load_problems,
                         g_strdup_printf ("%s:%u: party code '%s' is '%s' (%s) here but '%s' (%s) at %s", ld->file,
                                          line, code, f[1], f[2], name != NULL ? name : "", kind != NULL ? kind : "",
                                          first_at));
      return TRUE;
    }
  g_hash_table_insert (ld->lex->party_lines, (gpointer) code,
                       g_strdup_printf ("%s:%u", ld->file, line));
  g_hash_table_replace (ld->lex->parties, (gpointer) code, (gpointer) intern (ld->lex, f[1]));
  g_hash_table_replace (ld->lex->party_kinds, (gpointer) code, (gpointer) intern (ld->lex, f[2]));
  return TRUE;
}

static gboolean
load_deny_row (char **f, guint line, gpointer data, GError **error)
{
  Loader *ld = data;
  (void) line;
  if (!name_key (ld, f[0], error))
    return FALSE;
  tg_strtab_insert (ld->lex->denied, ld->key->str, ld->key->len, NULL);
  return TRUE;
}

static gboolean
parse_place_kind (const char *s, TgPlaceKind *out)
{
  for (guint k = 0; k < TG_PLACE_N_KINDS; k++)
    if (s[0] == place_kind_names[k][0] && strcmp (s, place_kind_names[k]) == 0)
      {
        *out = (TgPlaceKind) k;
        return TRUE;
      }
  return FALSE;
}

/* g_ascii_string_to_unsigned (@s, 10, 0, G_MAXUINT32), with the common case of
 * up to 9 plain digits (always in range) done inline. */
static gboolean
parse_population (const char *s, guint64 *out)
{
  guint64 v = 0;
  gsize i = 0;
  for (; i < 9 && g_ascii_isdigit (s[i]); i++)
    v = v * 10 + (guint64) (s[i] - '0');
  if (i > 0 && s[i] == '\0')
    {
      *out = v;
      return TRUE;
    }
  return g_ascii_string_to_unsigned (s, 10, 0, G_MAXUINT32, out, NULL);
}

static gboolean
load_place_row (char **f, guint line, gpointer data, GError **error)
{
  Loader *ld = data;
  TgPlaceKind pk;
  if (!parse_place_kind (f[2], &pk))
    {
      g_set_error (error, TG_ERROR, TG_ERROR_PARSE, "unknown place kind '%s'", f[2]);
      return FALSE;
    }
  if (!check_party_syntax (f[1], error))
    return FALSE;
  guint64 population = 0;
  if (f[4][0] != '\0' && !parse_population (f[4], &population))
    {
      g_set_error (error, TG_ERROR, TG_ERROR_PARSE, "population '%s' is not a whole number", f[4]);
      return FALSE;
    }
  if (!name_key (ld, f[0], error))
    return FALSE;
  /* Countries are never denied: "Turkey", "Chad" and "Jordan" stay places. */
  if (pk != TG_PLACE_COUNTRY && tg_strtab_lookup (ld->lex->denied, ld->key->str, ld->key->len, NULL))
    return TRUE;
  TgLexEntry *e = new_entry (ld, TG_LEX_PLACE, f[0], f[1], f[2], line);
  e->place_kind = pk;
  e->population = (guint32) population;
  add_name_key (ld->lex, ld->key->str, ld->key->len, e);
  return TRUE;
}

/* people, orgs, governments: name, aliases, party, detail (role or kind). */
static gboolean
add_with_aliases (Loader *ld, TgLexKind kind, char **f, const char *detail, guint line, GError **error)
{
  if (!check_party_syntax (f[2], error))
    return FALSE;
  TgLexEntry *e = new_entry (ld, kind, f[0], f[2], detail, line);
  if (!add_name (ld, f[0], e, error))
    return FALSE;
  /* The aliases are cut at their semicolons in place (the row is ours to
   * change) and stripped of white space, as g_strsplit() + g_strstrip() would. */
  for (char *alias = f[1]; alias != NULL;)
    {
      char *semicolon = strchr (alias, ';');
      if (semicolon != NULL)
        *semicolon = '\0';
      while (g_ascii_isspace (*alias))
        alias++;
      char *end = alias + strlen (alias);
      while (end > alias && g_ascii_isspace (end[-1]))
        *--end = '\0';
      if (alias[0] != '\0' && !add_name (ld, alias, e, error))
        return FALSE;
      alias = semicolon != NULL ? semicolon + 1 : NULL;
    }
  return TRUE;
}

/* Days of month @m (1 to 12) of year @y in the Gregorian calendar, as GDate counts them. */
static unsigned
days_in_month (unsigned m, unsigned y)
{
  static const unsigned char days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
  gboolean leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
  return days[m - 1] + (m == 2 && leap);
}

static inline gboolean
all_digits (const char *s, gsize n)
{
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isdigit (s[i]))
      return FALSE;
  return TRUE;
}

/* Dates are YYYY, YYYY-MM or YYYY-MM-DD and must exist in the calendar. */
static gboolean
check_date (const char *s, GError **error)
{
  if (s[0] == '\0')
    return TRUE;
  /* The usual case, all digits where digits belong, without sscanf (which is
   * also more lenient, so anything else takes the path below). */
  gsize n_chars = strlen (s);
  if (n_chars == 4 || n_chars == 7 || n_chars == 10)
    {
      gboolean shaped = all_digits (s, 4)
                        && (n_chars == 4 || (s[4] == '-' && all_digits (s + 5, 2)
                                             && (n_chars == 7 || (s[7] == '-' && all_digits (s + 8, 2)))));
      if (shaped)
        {
          unsigned y = (unsigned) (s[0] - '0') * 1000 + (unsigned) (s[1] - '0') * 100
                       + (unsigned) (s[2] - '0') * 10 + (unsigned) (s[3] - '0');
          unsigned m = n_chars >= 7 ? (unsigned) (s[5] - '0') * 10 + (unsigned) (s[6] - '0') : 1;
          unsigned d = n_chars == 10 ? (unsigned) (s[8] - '0') * 10 + (unsigned) (s[9] - '0') : 1;
          if (y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month (m, y))
            return TRUE;
        }
    }
  unsigned year = 0, month = 1, day = 1;
  char tail = '\0';
  gsize len = strlen (s);
  int n = len == 4 ? sscanf (s, "%4u%c", &year, &tail)
          : len == 7 ? sscanf (s, "%4u-%2u%c", &year, &month, &tail)
          : len == 10 ? sscanf (s, "%4u-%2u-%2u%c", &year, &month, &day, &tail) : 0;
  gboolean ok = n == (len == 4 ? 1 : len == 7 ? 2 : 3) && g_ascii_isdigit (s[0]) && g_ascii_isdigit (s[len - 1])
                && month >= 1 && month <= 12 && g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year);
  if (!ok)
    g_set_error (error, TG_ERROR, TG_ERROR_PARSE, "date '%s' is not YYYY, YYYY-MM or YYYY-MM-DD", s);
  return ok;
}

static gboolean
load_person_row (char **f, guint line, gpointer data, GError **error)
{
  if (!check_date (f[4], error) || !check_date (f[5], error))
    return FALSE;
  return add_with_aliases (data, TG_LEX_PERSON, f, f[3], line, error);
}

static gboolean
load_org_row (char **f, guint line, gpointer data, GError **error)
{
  return add_with_aliases (data, TG_LEX_ORG, f, f[3], line, error);
}

static gboolean
load_government_row (char **f, guint line, gpointer data, GError **error)
{
  if (f[2][0] == '\0')
    {
      g_set_error (error, TG_ERROR, TG_ERROR_PARSE, "a government body needs a party code");
      return FALSE;
    }
  return add_with_aliases (data, TG_LEX_GOVBODY, f, f[3], line, error);
}

static gboolean
load_demonym_row (char **f, guint line, gpointer data, GError **error)
{
  Loader *ld = data;
  if (strcmp (f[2], "adj") != 0 && strcmp (f[2], "plural") != 0)
    {
      g_set_error (error, TG_ERROR, TG_ERROR_PARSE, "number must be 'adj' or 'plural', not '%s'", f[2]);
      return FALSE;
    }
  if (!check_party_syntax (f[1], error))
    return FALSE;
  TgLexEntry *e = new_entry (ld, TG_LEX_DEMONYM, f[0], f[1], f[2], line);
  e->plural = strcmp (f[2], "plural") == 0;
  return add_name (ld, f[0], e, error);
}

static gboolean
load_title_row (char **f, guint line, gpointer data, GError **error)
{
  Loader *ld = data;
  TgLexEntry *e = new_entry (ld, TG_LEX_TITLE, f[0], NULL, f[1], line);
  return add_name (ld, f[0], e, error);
}

static const struct {
  const char *name;
  TgContextRole role;
} context_roles[] = {
  { "actor_verb", TG_CTX_ACTOR_VERB },
  { "skip", TG_CTX_SKIP },
  { "gov_before", TG_CTX_GOV_BEFORE },
  { "loc_before", TG_CTX_LOC_BEFORE },
  { "gov_after", TG_CTX_GOV_AFTER },
  { "loc_poss", TG_CTX_LOC_POSS },
  { "head_block", TG_CTX_HEAD_BLOCK },
  { "between_loc", TG_CTX_BETWEEN_LOC },
  { "gov_head", TG_CTX_GOV_HEAD },
  { "object_verb", TG_CTX_OBJECT_VERB },
  { "speech_verb", TG_CTX_SPEECH_VERB },
  { "org_head", TG_CTX_ORG_HEAD },
  { "gov_head_of", TG_CTX_GOV_HEAD_OF },
  { "event_after", TG_CTX_EVENT_AFTER },
  { "event_before", TG_CTX_EVENT_BEFORE },
  { "particle", TG_CTX_PARTICLE },
  { "population_before", TG_CTX_POP_BEFORE },
  { "population_after", TG_CTX_POP_AFTER },
  { "not_name", TG_CTX_NOT_NAME },
  { "gov_name_head", TG_CTX_GOV_NAME_HEAD },
  { "place_prefix", TG_CTX_PLACE_PREFIX },
  { "place_suffix", TG_CTX_PLACE_SUFFIX },
  { "loc_after", TG_CTX_LOC_AFTER },
  { "unknown_place_before", TG_CTX_PLACE_BEFORE },
  { "unknown_place_after", TG_CTX_PLACE_AFTER },
};

/* The facts of the @len bytes at @key, added empty if the key is new. */
static ContextFacts *
context_facts_of (TgLexicon *lex, const char *key, gsize len)
{
  guint32 *index = tg_strtab_insert (lex->context, key, len, NULL);
  if (*index == 0)
    {
      ContextFacts none = { 0, 0 };
      g_array_append_val (lex->context_facts, none);
      *index = lex->context_facts->len;
    }
  return &g_array_index (lex->context_facts, ContextFacts, *index - 1);
}

static void
add_context (TgLexicon *lex, const char *stem_key, guint roles)
{
  for (const char *sp = strchr (stem_key, ' '); sp != NULL; sp = strchr (sp + 1, ' '))
    {
      ContextFacts *prefix = context_facts_of (lex, stem_key, (gsize) (sp - stem_key));
      prefix->roles |= TG_CTX_PREFIX;
      prefix->longer |= roles;
    }
  context_facts_of (lex, stem_key, strlen (stem_key))->roles |= roles;
}

static char *
exact_key (const char *phrase)
{
  g_autofree char *folded = tg_norm_fold (phrase, -1);
  g_auto (GStrv) words = g_strsplit (folded, " ", -1);
  GString *key = g_string_new ("=");
  for (guint i = 0; words[i] != NULL; i++)
    {
      if (words[i][0] == '\0')
        continue;
      if (key->len > 1)
        g_string_append_c (key, ' ');
      g_string_append (key, words[i]);
    }
  return g_string_free (key, FALSE);
}

static gboolean
load_context_row (char **f, guint line, gpointer data, GError **error)
{
  Loader *ld = data;
  (void) line;
  for (gsize i = 0; i < G_N_ELEMENTS (context_roles); i++)
    if (strcmp (f[1], context_roles[i].name) == 0)
      {
        /* "=phrase" matches the folded words exactly, not their stems: "=officials"
         * must not match "official". */
        g_autofree char *key = f[0][0] == '=' ? exact_key (f[0] + 1) : tg_stemmer_stem_phrase (ld->lex->stemmer, f[0]);
        if (key[0] == '\0' || strcmp (key, "=") == 0)
          {
            g_set_error (error, TG_ERROR, TG_ERROR_PARSE, "empty phrase");
            return FALSE;
          }
        add_context (ld->lex, key, context_roles[i].role);
        return TRUE;
      }
  g_set_error (error, TG_ERROR, TG_ERROR_PARSE, "unknown context role '%s'", f[1]);
  return FALSE;
}

static const char *const party_columns[] = { "code", "name", "kind", NULL };
static const char *const deny_columns[] = { "name", "reason", NULL };
static const char *const place_columns[] = { "name", "country", "kind", "admin", "population", NULL };
static const char *const person_columns[] = { "name", "aliases", "party", "role", "from", "to", NULL };
static const char *const org_columns[] = { "name", "aliases", "party", "kind", NULL };
static const char *const demonym_columns[] = { "form", "country", "number", NULL };
static const char *const title_columns[] = { "title", "role", "kind", NULL };
static const char *const context_columns[] = { "phrase", "role", NULL };

/* The files, in load order: parties and the deny list first; curated files
 * before generated ones, so that the curated entry of a name comes first. */
static const struct {
  const char *file;
  const char *const *columns;
  TgTsvRowFunc row;
} lexicon_files[] = {
  { "parties-states.tsv", party_columns, load_party_row },
  { "parties-other.tsv", party_columns, load_party_row },
  { "places-deny.tsv", deny_columns, load_deny_row },
  { "governments.tsv", org_columns, load_government_row },
  { "orgs.tsv", org_columns, load_org_row },
  { "people.tsv", person_columns, load_person_row },
  { "people-phoenix.tsv", person_columns, load_person_row },
  { "places-curated.tsv", place_columns, load_place_row },
  { "places-generated.tsv", place_columns, load_place_row },
  { "demonyms.tsv", demonym_columns, load_demonym_row },
  { "titles.tsv", title_columns, load_title_row },
  { "context.tsv", context_columns, load_context_row },
  { "gov-heads.tsv", context_columns, load_context_row },
};

/* A lexicon with every table created and empty. */
static TgLexicon *
lexicon_new_empty (void)
{
  TgLexicon *lex = g_new0 (TgLexicon, 1);
  lex->strings = g_string_chunk_new (64 * 1024);
  lex->interned = tg_strtab_new (EXPECTED_INTERNED);
  lex->entries = g_ptr_array_sized_new (EXPECTED_NAMES);
  lex->entry_blocks = g_ptr_array_new_with_free_func (g_free);
  lex->phrases = tg_strtab_new (EXPECTED_PHRASES);
  lex->nodes = g_array_sized_new (FALSE, FALSE, sizeof (ListNode), EXPECTED_NAMES);
  lex->lists = g_array_sized_new (FALSE, FALSE, sizeof (ListBuild), EXPECTED_NAMES);
  lex->context = tg_strtab_new (EXPECTED_CONTEXT);
  lex->context_facts = g_array_sized_new (FALSE, FALSE, sizeof (ContextFacts), EXPECTED_CONTEXT);
  lex->parties = g_hash_table_new (g_str_hash, g_str_equal);
  lex->party_kinds = g_hash_table_new (g_str_hash, g_str_equal);
  lex->denied = tg_strtab_new (EXPECTED_DENIED);
  lex->party_lines = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  lex->load_problems = g_ptr_array_new_with_free_func (g_free);
  return lex;
}

TgLexicon *
tg_lexicon_load (const char *dir, GError **error)
{
  g_return_val_if_fail (dir != NULL, NULL);
  g_autoptr (TgLexicon) lex = lexicon_new_empty ();
  lex->stemmer = tg_stemmer_new ();
  if (lex->stemmer == NULL)
    {
      g_set_error (error, TG_ERROR, TG_ERROR_LEXICON, "libstemmer has no English stemmer");
      return NULL;
    }
  g_autoptr (GString) key = g_string_new (NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (lexicon_files); i++)
    {
      g_autofree char *path = g_build_filename (dir, lexicon_files[i].file, NULL);
      Loader ld = { lex, intern (lex, lexicon_files[i].file), key, NULL, NULL };
      if (!tg_tsv_read (path, lexicon_files[i].columns, lexicon_files[i].row, &ld, error))
        return NULL;
    }
  freeze_lists (lex);
  g_clear_pointer (&lex->stemmer, tg_stemmer_free);
  return g_steal_pointer (&lex);
}

void
tg_lexicon_free (TgLexicon *lex)
{
  if (lex == NULL)
    return;
  g_clear_pointer (&lex->phrases, tg_strtab_free);
  g_clear_pointer (&lex->nodes, g_array_unref);
  g_clear_pointer (&lex->lists, g_array_unref);
  g_clear_pointer (&lex->list_views, g_free);
  g_clear_pointer (&lex->entry_pool, g_free);
  g_clear_pointer (&lex->context, tg_strtab_free);
  g_clear_pointer (&lex->context_facts, g_array_unref);
  g_clear_pointer (&lex->parties, g_hash_table_unref);
  g_clear_pointer (&lex->party_kinds, g_hash_table_unref);
  g_clear_pointer (&lex->denied, tg_strtab_free);
  g_clear_pointer (&lex->party_lines, g_hash_table_unref);
  g_clear_pointer (&lex->load_problems, g_ptr_array_unref);
  g_clear_pointer (&lex->entries, g_ptr_array_unref);
  g_clear_pointer (&lex->entry_blocks, g_ptr_array_unref);
  g_clear_pointer (&lex->interned, tg_strtab_free);
  g_clear_pointer (&lex->stemmer, tg_stemmer_free);
  g_clear_pointer (&lex->cached, g_variant_unref);
  if (lex->strings != NULL)
    g_string_chunk_free (lex->strings);
  g_free (lex);
}

gboolean
tg_lexicon_lookup_len (const TgLexicon *lex, const char *key, gsize len, const GPtrArray **entries)
{
  guint32 list_no = 0;
  if (!tg_strtab_lookup (lex->phrases, key, len, &list_no))
    return FALSE;
  *entries = list_no != 0 ? &lex->list_views[list_no - 1] : NULL;
  return TRUE;
}

gboolean
tg_lexicon_lookup (const TgLexicon *lex, const char *key, const GPtrArray **entries)
{
  return tg_lexicon_lookup_len (lex, key, strlen (key), entries);
}

guint
tg_lexicon_context_walk (const TgLexicon *lex, const char *key, gsize len, guint *longer)
{
  guint32 index = 0;
  if (!tg_strtab_lookup (lex->context, key, len, &index))
    {
      *longer = 0;
      return 0;
    }
  const ContextFacts *facts = &g_array_index (lex->context_facts, ContextFacts, index - 1);
  *longer = facts->longer;
  return facts->roles;
}

guint
tg_lexicon_context_len (const TgLexicon *lex, const char *key, gsize len)
{
  guint longer;
  return tg_lexicon_context_walk (lex, key, len, &longer);
}

guint
tg_lexicon_context (const TgLexicon *lex, const char *stem_key)
{
  return tg_lexicon_context_len (lex, stem_key, strlen (stem_key));
}

const char *
tg_lexicon_party_name (const TgLexicon *lex, const char *code)
{
  return code != NULL ? g_hash_table_lookup (lex->parties, code) : NULL;
}

const char *
tg_lexicon_party_kind (const TgLexicon *lex, const char *code)
{
  return code != NULL ? g_hash_table_lookup (lex->party_kinds, code) : NULL;
}

const char *
tg_lexicon_party_intern (const TgLexicon *lex, const char *code)
{
  gpointer key = NULL;
  if (code == NULL || !g_hash_table_lookup_extended (lex->parties, code, &key, NULL))
    return NULL;
  return key;
}

guint
tg_lexicon_n_entries (const TgLexicon *lex)
{
  return lex->entries->len;
}

/* --- semantic checks ---------------------------------------------------- */

static gint
compare_entry_position (gconstpointer a, gconstpointer b)
{
  const TgLexEntry *x = *(const TgLexEntry *const *) a, *y = *(const TgLexEntry *const *) b;
  int c = strcmp (x->file, y->file);
  return c != 0 ? c : (x->line > y->line) - (x->line < y->line);
}

static gint
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

GPtrArray *
tg_lexicon_check (const TgLexicon *lex)
{
  GPtrArray *problems = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < lex->load_problems->len; i++)
    g_ptr_array_add (problems, g_strdup (lex->load_problems->pdata[i]));
  /* A view of the entries, not owning them (g_ptr_array_copy would copy the free func). */
  g_autoptr (GPtrArray) sorted = g_ptr_array_sized_new (lex->entries->len);
  for (guint i = 0; i < lex->entries->len; i++)
    g_ptr_array_add (sorted, lex->entries->pdata[i]);
  g_ptr_array_sort (sorted, compare_entry_position);
  for (guint i = 0; i < sorted->len; i++)
    {
      const TgLexEntry *e = sorted->pdata[i];
      if (e->party != NULL && !g_hash_table_contains (lex->parties, e->party))
        g_ptr_array_add (problems, g_strdup_printf ("%s:%u: unknown party code '%s' for '%s'",
                                                    e->file, e->line, e->party, e->name));
    }
  /* A name of one kind that points to two parties in the same file is ambiguous. */
  g_autoptr (GPtrArray) keys = g_ptr_array_new ();
  guint pos = 0;
  const char *key;
  gsize key_len;
  guint32 list_no;
  while (tg_strtab_next (lex->phrases, &pos, &key, &key_len, &list_no))
    if (list_no != 0)
      g_ptr_array_add (keys, (gpointer) key);
  g_ptr_array_sort (keys, compare_strings);
  for (guint k = 0; k < keys->len; k++)
    {
      const GPtrArray *list = NULL;
      if (!tg_lexicon_lookup (lex, keys->pdata[k], &list) || list == NULL)
        continue;
      for (guint i = 0; i < list->len; i++)
        for (guint j = i + 1; j < list->len; j++)
          {
            const TgLexEntry *a = list->pdata[i], *b = list->pdata[j];
            if (a->kind != b->kind || a->file != b->file || a->kind == TG_LEX_TITLE
                || g_strcmp0 (a->party, b->party) == 0)
              continue;
            if (a->kind == TG_LEX_PLACE && a->place_kind != b->place_kind)
              continue;
            if (a->kind == TG_LEX_PLACE && (a->place_kind == TG_PLACE_CITY || a->place_kind == TG_PLACE_SUBDIVISION))
              continue;   /* many towns share a name across countries */
            g_ptr_array_add (problems, g_strdup_printf ("%s:%u: '%s' is %s for %s here but %s at line %u",
                                                        b->file, b->line, (const char *) keys->pdata[k],
                                                        tg_lex_kind_name (b->kind), b->party ? b->party : "no party",
                                                        a->party ? a->party : "no party", a->line));
          }
    }
  return problems;
}

/* --- the compiled cache -------------------------------------------------- */

/* A cache file holds what tg_lexicon_load() built, so that a later load only
 * copies it into tables: CACHE_MAGIC, the stamp's length, the body's checksum
 * and length (native-endian guint64s), the stamp, zero bytes up to a multiple
 * of 8, and the body, a GVariant of CACHE_BODY_TYPE:
 *   0 ay         all strings and keys, each followed by a NUL
 *   1 au         the interned strings (offsets into 0)
 *   2 a(u*9)     the entries, in load order (CachedEntry)
 *   3 a(uuu)     the phrase table: key offset, key length, list number
 *   4 au         the length of each list of entries
 *   5 au         the lists' entries, one after another (indices into 2)
 *   6 a(uuu)     the context table: key offset, key length, facts number
 *   7 a(uu)      the context facts (ContextFacts)
 *   8 a(uuu)     the parties: code, name, kind (indices into 1)
 *   9 as         the problems found while loading
 * The stamp names the program (the caller's build id), the lexicon directory
 * and each file's size, modification and change times and inode; a cache with
 * another stamp, another checksum or anything out of range is not used. */
#define CACHE_MAGIC "TGLEXC1\n"
#define CACHE_BODY_TYPE "(ayaua(uuuuuuuuu)a(uuu)auaua(uuu)a(uu)a(uuu)as)"
#define CACHE_HEADER_BYTES (8 + 3 * 8)
#define CACHE_NONE G_MAXUINT32

typedef struct {
  guint32 kind, name, party, detail, file, line, place_kind, population, plural;
} CachedEntry;

typedef struct {
  guint32 offset, len, value;
} CachedKey;

typedef struct {
  guint32 code, name, kind;
} CachedParty;

/* A 64-bit checksum of @len bytes: corruption, not tampering, is the concern. */
static guint64
cache_checksum (const guint8 *p, gsize len)
{
  guint64 h = 0x9E3779B97F4A7C15ull ^ (guint64) len;
  gsize i = 0;
  for (; i + 8 <= len; i += 8)
    {
      guint64 w;
      memcpy (&w, p + i, 8);
      h = (h ^ w) * 0xFF51AFD7ED558CCDull;
      h ^= h >> 32;
    }
  for (; i < len; i++)
    h = (h ^ p[i]) * 0xC4CEB9FE1A85EC53ull;
  return h ^ (h >> 29);
}

/* What the cache of @dir must have been made from, or NULL when a lexicon
 * file cannot be examined (the load from the TSVs then says why). */
static char *
cache_stamp (const char *dir, const char *build_id)
{
  g_autofree char *canonical = g_canonicalize_filename (dir, NULL);
  g_autoptr (GString) stamp = g_string_new (NULL);
  g_string_append_printf (stamp, "%s\n%s\n", build_id, canonical);
  for (gsize i = 0; i < G_N_ELEMENTS (lexicon_files); i++)
    {
      g_autofree char *path = g_build_filename (canonical, lexicon_files[i].file, NULL);
      struct stat st;
      if (stat (path, &st) != 0)
        return NULL;
      g_string_append_printf (stamp, "%s %" G_GINT64_FORMAT " %" G_GINT64_FORMAT ".%09ld %" G_GINT64_FORMAT
                              ".%09ld %" G_GUINT64_FORMAT "\n",
                              lexicon_files[i].file, (gint64) st.st_size, (gint64) st.st_mtim.tv_sec,
                              (long) st.st_mtim.tv_nsec, (gint64) st.st_ctim.tv_sec, (long) st.st_ctim.tv_nsec,
                              (guint64) st.st_ino);
    }
  return g_string_free (g_steal_pointer (&stamp), FALSE);
}

static char *
cache_path (const char *cache_dir, const char *dir)
{
  g_autofree char *canonical = g_canonicalize_filename (dir, NULL);
  g_autofree char *name = g_strdup_printf ("lexicons-%08x.cache", tg_strtab_hash (canonical, strlen (canonical)));
  return g_build_filename (cache_dir, name, NULL);
}

/* Appends @len bytes at @s and a NUL to @blob; returns their offset. */
static guint32
blob_add (GString *blob, const char *s, gsize len)
{
  guint32 offset = (guint32) blob->len;
  g_string_append_len (blob, s, (gssize) len);
  g_string_append_c (blob, '\0');
  return offset;
}

/* The index of interned string @s in @index (CACHE_NONE for NULL). Every
 * party, detail and file name of an entry or a party went through intern(),
 * so every non-NULL one is there. */
static guint32
interned_index (GHashTable *index, const char *s)
{
  return s == NULL ? CACHE_NONE : GPOINTER_TO_UINT (g_hash_table_lookup (index, s)) - 1;
}

static GVariant *
fixed_array (const char *element_type, const GArray *array)
{
  return g_variant_new_fixed_array (G_VARIANT_TYPE (element_type), array->data, array->len,
                                    g_array_get_element_size ((GArray *) array));
}

/* The cache body of @lex: CACHE_BODY_TYPE. */
static GVariant *
cache_body (const TgLexicon *lex)
{
  g_autoptr (GString) blob = g_string_new (NULL);
  g_autoptr (GArray) interned = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr (GHashTable) interned_at = g_hash_table_new (NULL, NULL);   /* pointer -> index + 1 */
  guint pos = 0;
  const char *key;
  gsize len;
  guint32 value;
  while (tg_strtab_next (lex->interned, &pos, &key, &len, &value))
    {
      guint32 offset = blob_add (blob, key, len);
      g_array_append_val (interned, offset);
      g_hash_table_insert (interned_at, (gpointer) key, GUINT_TO_POINTER (interned->len));
    }
  g_autoptr (GArray) entries = g_array_sized_new (FALSE, FALSE, sizeof (CachedEntry), lex->entries->len);
  g_autoptr (GHashTable) entry_at = g_hash_table_new (NULL, NULL);   /* pointer -> index */
  for (guint i = 0; i < lex->entries->len; i++)
    {
      const TgLexEntry *e = lex->entries->pdata[i];
      CachedEntry c = { e->kind, e->name != NULL ? blob_add (blob, e->name, strlen (e->name)) : CACHE_NONE,
                        interned_index (interned_at, e->party), interned_index (interned_at, e->detail),
                        interned_index (interned_at, e->file), e->line, e->place_kind, e->population,
                        (guint32) e->plural };
      g_array_append_val (entries, c);
      g_hash_table_insert (entry_at, (gpointer) e, GUINT_TO_POINTER (i));
    }
  g_autoptr (GArray) phrases = g_array_sized_new (FALSE, FALSE, sizeof (CachedKey), tg_strtab_size (lex->phrases));
  for (pos = 0; tg_strtab_next (lex->phrases, &pos, &key, &len, &value);)
    {
      CachedKey c = { blob_add (blob, key, len), (guint32) len, value };
      g_array_append_val (phrases, c);
    }
  g_autoptr (GArray) list_lens = g_array_sized_new (FALSE, FALSE, sizeof (guint32), lex->n_lists);
  g_autoptr (GArray) pool = g_array_sized_new (FALSE, FALSE, sizeof (guint32), lex->n_pooled);
  for (guint i = 0; i < lex->n_lists; i++)
    {
      const GPtrArray *list = &lex->list_views[i];
      g_array_append_val (list_lens, list->len);
      for (guint k = 0; k < list->len; k++)
        {
          guint32 index = GPOINTER_TO_UINT (g_hash_table_lookup (entry_at, list->pdata[k]));
          g_array_append_val (pool, index);
        }
    }
  g_autoptr (GArray) context = g_array_new (FALSE, FALSE, sizeof (CachedKey));
  for (pos = 0; tg_strtab_next (lex->context, &pos, &key, &len, &value);)
    {
      CachedKey c = { blob_add (blob, key, len), (guint32) len, value };
      g_array_append_val (context, c);
    }
  g_autoptr (GArray) parties = g_array_new (FALSE, FALSE, sizeof (CachedParty));
  GHashTableIter it;
  gpointer code, name;
  g_hash_table_iter_init (&it, lex->parties);
  while (g_hash_table_iter_next (&it, &code, &name))
    {
      CachedParty c = { interned_index (interned_at, code), interned_index (interned_at, name),
                        interned_index (interned_at, g_hash_table_lookup (lex->party_kinds, code)) };
      g_array_append_val (parties, c);
    }
  GVariant *children[] = {
    g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, blob->str, blob->len, 1),
    fixed_array ("u", interned),
    fixed_array ("(uuuuuuuuu)", entries),
    fixed_array ("(uuu)", phrases),
    fixed_array ("u", list_lens),
    fixed_array ("u", pool),
    fixed_array ("(uuu)", context),
    fixed_array ("(uu)", lex->context_facts),
    fixed_array ("(uuu)", parties),
    g_variant_new_strv ((const char *const *) lex->load_problems->pdata, lex->load_problems->len),
  };
  return g_variant_ref_sink (g_variant_new_tuple (children, G_N_ELEMENTS (children)));
}

/* Writes the cache of @lex to @path, atomically; a failure only means no cache. */
static void
write_cache (const TgLexicon *lex, const char *cache_dir, const char *path, const char *stamp)
{
  if (g_mkdir_with_parents (cache_dir, 0700) != 0)
    return;
  g_autoptr (GVariant) body = cache_body (lex);
  gsize body_len = g_variant_get_size (body);
  const guint8 *body_data = g_variant_get_data (body);
  guint64 header[3] = { strlen (stamp), cache_checksum (body_data, body_len), body_len };
  g_autoptr (GString) file = g_string_sized_new (CACHE_HEADER_BYTES + header[0] + 8 + body_len);
  g_string_append_len (file, CACHE_MAGIC, 8);
  g_string_append_len (file, (const char *) header, sizeof header);
  g_string_append_len (file, stamp, (gssize) header[0]);
  while (file->len % 8 != 0)
    g_string_append_c (file, '\0');
  g_string_append_len (file, (const char *) body_data, (gssize) body_len);
  g_file_set_contents_full (path, file->str, (gssize) file->len, G_FILE_SET_CONTENTS_CONSISTENT, 0600, NULL);
}

/* The elements of child @i of @body, a fixed array of @size-byte elements. */
static gconstpointer
cache_array (GVariant *body, gsize i, gsize size, gsize *n)
{
  g_autoptr (GVariant) child = g_variant_get_child_value (body, i);
  return g_variant_get_fixed_array (child, n, size);
}

static gboolean
key_in_blob (const CachedKey *k, gsize blob_len)
{
  return (guint64) k->offset + k->len < blob_len;
}

/* Fills the empty @lex from a cache body; FALSE when anything in it is out of
 * range (the body's own structure is GVariant's to check). */
static gboolean
fill_from_cache (TgLexicon *lex, GVariant *body)
{
  gsize blob_len, n_interned, n_entries, n_phrases, n_lists, n_pool, n_context, n_facts, n_parties;
  const char *blob = cache_array (body, 0, 1, &blob_len);
  const guint32 *interned = cache_array (body, 1, sizeof (guint32), &n_interned);
  const CachedEntry *entries = cache_array (body, 2, sizeof (CachedEntry), &n_entries);
  const CachedKey *phrases = cache_array (body, 3, sizeof (CachedKey), &n_phrases);
  const guint32 *list_lens = cache_array (body, 4, sizeof (guint32), &n_lists);
  const guint32 *pool = cache_array (body, 5, sizeof (guint32), &n_pool);
  const CachedKey *context = cache_array (body, 6, sizeof (CachedKey), &n_context);
  const ContextFacts *facts = cache_array (body, 7, sizeof (ContextFacts), &n_facts);
  const CachedParty *parties = cache_array (body, 8, sizeof (CachedParty), &n_parties);
  /* Every string is followed by a NUL, the last one by the blob's last byte. */
  if (blob_len == 0 || blob[blob_len - 1] != '\0')
    return FALSE;

  g_autofree const char **strings = g_new (const char *, MAX (n_interned, 1));
  for (gsize i = 0; i < n_interned; i++)
    {
      if (interned[i] >= blob_len)
        return FALSE;
      const char *s = blob + interned[i];
      tg_strtab_insert (lex->interned, s, strlen (s), &strings[i]);
    }
#define INTERNED(index) ((index) == CACHE_NONE ? NULL : strings[index])
#define INTERNED_OK(index) ((index) == CACHE_NONE || (index) < n_interned)

  TgLexEntry *block = g_new0 (TgLexEntry, MAX (n_entries, 1));
  g_ptr_array_add (lex->entry_blocks, block);
  for (gsize i = 0; i < n_entries; i++)
    {
      const CachedEntry *c = &entries[i];
      if (c->kind >= TG_LEX_N_KINDS || c->place_kind >= TG_PLACE_N_KINDS || c->plural > 1
          || !(c->name == CACHE_NONE || c->name < blob_len) || !INTERNED_OK (c->party) || !INTERNED_OK (c->detail)
          || c->file == CACHE_NONE || !INTERNED_OK (c->file))
        return FALSE;
      TgLexEntry *e = &block[i];
      e->kind = (TgLexKind) c->kind;
      e->name = c->name == CACHE_NONE ? NULL : blob + c->name;
      e->party = INTERNED (c->party);
      e->detail = INTERNED (c->detail);
      e->file = INTERNED (c->file);
      e->line = c->line;
      e->place_kind = (TgPlaceKind) c->place_kind;
      e->population = c->population;
      e->plural = c->plural != 0;
      g_ptr_array_add (lex->entries, e);
    }

  guint64 pooled = 0;
  for (gsize i = 0; i < n_lists; i++)
    pooled += list_lens[i];
  if (pooled != n_pool)
    return FALSE;
  lex->list_views = g_new (GPtrArray, MAX (n_lists, 1));
  lex->entry_pool = g_new (gpointer, MAX (n_pool, 1));
  lex->n_lists = (guint) n_lists;
  lex->n_pooled = (guint) n_pool;
  gpointer *next = lex->entry_pool;
  for (gsize i = 0; i < n_lists; i++)
    {
      lex->list_views[i].pdata = next;
      lex->list_views[i].len = list_lens[i];
      for (guint32 k = 0; k < list_lens[i]; k++, pool++)
        {
          if (*pool >= n_entries)
            return FALSE;
          *next++ = &block[*pool];
        }
    }

  for (gsize i = 0; i < n_phrases; i++)
    {
      if (!key_in_blob (&phrases[i], blob_len) || phrases[i].value > n_lists)
        return FALSE;
      *tg_strtab_insert (lex->phrases, blob + phrases[i].offset, phrases[i].len, NULL) = phrases[i].value;
    }
  g_array_append_vals (lex->context_facts, facts, (guint) n_facts);
  for (gsize i = 0; i < n_context; i++)
    {
      if (!key_in_blob (&context[i], blob_len) || context[i].value == 0 || context[i].value > n_facts)
        return FALSE;
      *tg_strtab_insert (lex->context, blob + context[i].offset, context[i].len, NULL) = context[i].value;
    }
  for (gsize i = 0; i < n_parties; i++)
    {
      const CachedParty *c = &parties[i];
      if (c->code == CACHE_NONE || !INTERNED_OK (c->code) || !INTERNED_OK (c->name) || !INTERNED_OK (c->kind))
        return FALSE;
      g_hash_table_replace (lex->parties, (gpointer) strings[c->code], (gpointer) INTERNED (c->name));
      g_hash_table_replace (lex->party_kinds, (gpointer) strings[c->code], (gpointer) INTERNED (c->kind));
    }
#undef INTERNED
#undef INTERNED_OK

  g_autoptr (GVariant) problems = g_variant_get_child_value (body, 9);
  GVariantIter iter;
  const char *problem;
  g_variant_iter_init (&iter, problems);
  while (g_variant_iter_next (&iter, "&s", &problem))
    g_ptr_array_add (lex->load_problems, g_strdup (problem));
  g_clear_pointer (&lex->lists, g_array_unref);
  g_clear_pointer (&lex->nodes, g_array_unref);
  return TRUE;
}

/* The lexicon in the cache file at @path if it was made with @stamp and is
 * intact, else NULL. */
static TgLexicon *
read_cache (const char *path, const char *stamp)
{
  char *contents = NULL;
  gsize len = 0;
  if (!g_file_get_contents (path, &contents, &len, NULL))
    return NULL;
  g_autofree char *owned = contents;
  guint64 header[3];
  if (len < CACHE_HEADER_BYTES || memcmp (contents, CACHE_MAGIC, 8) != 0)
    return NULL;
  memcpy (header, contents + 8, sizeof header);
  guint64 stamp_len = header[0], checksum = header[1], body_len = header[2];
  guint64 body_start = (CACHE_HEADER_BYTES + stamp_len + 7) / 8 * 8;
  if (stamp_len != strlen (stamp) || body_start > len || body_len != len - body_start
      || memcmp (contents + CACHE_HEADER_BYTES, stamp, stamp_len) != 0
      || cache_checksum ((const guint8 *) contents + body_start, body_len) != checksum)
    return NULL;
  g_autoptr (GVariant) body = g_variant_ref_sink (
      g_variant_new_from_data (G_VARIANT_TYPE (CACHE_BODY_TYPE), contents + body_start, body_len, FALSE, g_free,
                               g_steal_pointer (&owned)));
  g_autoptr (TgLexicon) lex = lexicon_new_empty ();
  if (!fill_from_cache (lex, body))
    return NULL;
  lex->cached = g_steal_pointer (&body);
  return g_steal_pointer (&lex);
}

TgLexicon *
tg_lexicon_load_cached (const char *dir, const char *cache_dir, const char *build_id, GError **error)
{
  g_return_val_if_fail (dir != NULL, NULL);
  g_autofree char *stamp = cache_dir != NULL && build_id != NULL ? cache_stamp (dir, build_id) : NULL;
  if (stamp == NULL)
    return tg_lexicon_load (dir, error);
  g_autofree char *path = cache_path (cache_dir, dir);
  TgLexicon *lex = read_cache (path, stamp);
  if (lex != NULL)
    return lex;
  lex = tg_lexicon_load (dir, error);
  if (lex != NULL)
    write_cache (lex, cache_dir, path, stamp);
  return lex;
}

gboolean
tg_lexicon_from_cache (const TgLexicon *lex)
{
  return lex->cached != NULL;
}
