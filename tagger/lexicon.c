/* lexicon.c — loading the TSV lexicons into the phrase and context tables.
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
  GPtrArray *list_views;     /* after loading: lists->len GPtrArray structs in one block */
  gpointer *entry_pool;      /* the views' pdata, one block */
  TgStrTab *context;         /* stemmed phrase -> index into context_facts */
  GArray *context_facts;     /* of ContextFacts */
  GHashTable *parties;       /* code -> display name */
  GHashTable *party_kinds;   /* code -> "state", "intl", "nonstate" */
  TgStrTab *denied;          /* folded place names never to tag */
  GHashTable *party_lines;   /* code -> "FILE:LINE" where it was first defined */
  GPtrArray *load_problems;  /* messages for tg_lexicon_check() found while loading */
  TgStemmer *stemmer;        /* used while loading only */
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

TgLexicon *
tg_lexicon_load (const char *dir, GError **error)
{
  g_return_val_if_fail (dir != NULL, NULL);
  g_autoptr (TgLexicon) lex = g_new0 (TgLexicon, 1);
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
