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
#include "text.h"
#include "tg-error.h"
#include "tg-io.h"
#include "tg-limits.h"

struct _TgLexicon {
  GStringChunk *strings;     /* interned names, codes, details */
  GPtrArray *entries;        /* of TgLexEntry*, owning */
  GHashTable *phrases;       /* folded phrase -> GPtrArray of TgLexEntry* (NULL: prefix only) */
  GHashTable *context;       /* stemmed phrase -> GUINT_TO_POINTER (TgContextRole bits) */
  GHashTable *parties;       /* code -> display name */
  GHashTable *party_kinds;   /* code -> "state", "intl", "nonstate" */
  GHashTable *denied;        /* folded place names never to tag */
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

static gboolean
header_matches (char **fields, guint n_fields, const char *const *columns)
{
  guint n = g_strv_length ((char **) columns);
  if (n != n_fields)
    return FALSE;
  for (guint i = 0; i < n; i++)
    if (strcmp (fields[i], columns[i]) != 0)
      return FALSE;
  return TRUE;
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
  if (memchr (contents, '\0', len) != NULL || !g_utf8_validate_len (contents, len, &bad))
    {
      gsize offset = bad != NULL ? (gsize) (bad - contents) : (gsize) ((const char *) memchr (contents, '\0', len) - contents);
      guint line = 1;
      for (gsize i = 0; i < offset; i++)
        line += contents[i] == '\n';
      g_set_error (error, TG_ERROR, TG_ERROR_ENCODING, "%s:%u: invalid UTF-8 or NUL byte", path, line);
      return FALSE;
    }
  guint n_columns = g_strv_length ((char **) columns);
  /* Fields point into @contents: each line is cut at its tabs in place. */
  g_autoptr (GPtrArray) field_list = g_ptr_array_sized_new (n_columns + 1);
  gboolean seen_header = FALSE;
  guint line_no = 0;
  char *p = contents;
  if (len >= 3 && memcmp (p, "\xEF\xBB\xBF", 3) == 0)
    p += 3;
  while (*p != '\0')
    {
      char *eol = strchr (p, '\n');
      char *next = eol != NULL ? eol + 1 : p + strlen (p);
      if (eol != NULL)
        *eol = '\0';
      line_no++;
      gsize line_len = strlen (p);
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
      g_ptr_array_set_size (field_list, 0);
      g_ptr_array_add (field_list, p);
      for (char *tab = strchr (p, '\t'); tab != NULL; tab = strchr (tab + 1, '\t'))
        {
          *tab = '\0';
          g_ptr_array_add (field_list, tab + 1);
        }
      guint n_fields = field_list->len;
      g_ptr_array_add (field_list, NULL);
      char **fields = (char **) field_list->pdata;
      if (!seen_header)
        {
          if (!header_matches (fields, n_fields, columns))
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
        if (fields[i][0] != '\0' && (g_ascii_isspace (fields[i][0]) || g_ascii_isspace (fields[i][strlen (fields[i]) - 1])))
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

/* Cuts @name into tokens as an article would be cut, folds them, and joins them
 * with single spaces. Returns NULL for a name with no tokens. */
static char *
phrase_key (const char *name, GError **error)
{
  gboolean ascii;
  if (strlen (name) <= TG_MAX_TOKEN_BYTES && is_simple_name (name, &ascii))
    {
      /* Folding works letter by letter, so the whole name folds at once; then
       * runs of spaces collapse to one and the ends are trimmed. */
      char *key = ascii ? g_strdup (name) : tg_norm_fold (name, -1);
      char *out = key;
      for (const char *p = key; *p != '\0'; p++)
        {
          if (*p == ' ' && (out == key || out[-1] == ' '))
            continue;
          *out++ = ascii ? g_ascii_tolower (*p) : *p;
        }
      if (out > key && out[-1] == ' ')
        out--;
      *out = '\0';
      if (out == key)
        {
          g_free (key);
          return NULL;
        }
      return key;
    }
  g_autoptr (TgDocument) doc = tg_text_document_new ("name", name, strlen (name), TG_TEXT_STRICT, error);
  if (doc == NULL)
    return NULL;
  GString *key = g_string_new (NULL);
  for (guint i = 0; i < doc->tokens->len; i++)
    {
      const TgToken *t = tg_document_token (doc, i);
      g_autofree char *folded = tg_norm_fold (doc->text + t->start, (gssize) (t->end - t->start));
      if (key->len > 0)
        g_string_append_c (key, ' ');
      g_string_append (key, folded);
    }
  return g_string_free (key, key->len == 0);
}

static const char *
intern (TgLexicon *lex, const char *s)
{
  if (s == NULL || s[0] == '\0')
    return NULL;
  return g_string_chunk_insert_const (lex->strings, s);
}

/* Stores @entry under @key (phrase_key() of its name, modified during the call
 * but restored) and marks every proper prefix of the key. */
static void
add_name_key (TgLexicon *lex, char *key, TgLexEntry *entry)
{
  for (char *sp = strchr (key, ' '); sp != NULL; sp = strchr (sp + 1, ' '))
    {
      /* Look the prefix up in place; copy it only when it is new. */
      *sp = '\0';
      if (!g_hash_table_contains (lex->phrases, key))
        g_hash_table_insert (lex->phrases, g_strdup (key), NULL);
      *sp = ' ';
    }
  GPtrArray *list = g_hash_table_lookup (lex->phrases, key);
  if (list == NULL)
    {
      list = g_ptr_array_new ();
      g_hash_table_replace (lex->phrases, g_strdup (key), list);
    }
  for (guint i = 0; i < list->len; i++)
    {
      const TgLexEntry *other = list->pdata[i];
      /* The same name listed twice for the same thing adds nothing. */
      if (other->kind == entry->kind && g_strcmp0 (other->party, entry->party) == 0
          && g_strcmp0 (other->detail, entry->detail) == 0)
        return;
    }
  g_ptr_array_add (list, entry);
}

/* Stores @entry under @name and marks every proper prefix of its key. */
static gboolean
add_name (TgLexicon *lex, const char *name, TgLexEntry *entry, GError **error)
{
  g_autofree char *key = phrase_key (name, error);
  if (key == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, TG_ERROR, TG_ERROR_PARSE, "empty name");
      return FALSE;
    }
  add_name_key (lex, key, entry);
  return TRUE;
}

static TgLexEntry *
new_entry (TgLexicon *lex, TgLexKind kind, const char *name, const char *party,
           const char *detail, const char *file, guint line)
{
  TgLexEntry *e = g_new0 (TgLexEntry, 1);
  e->kind = kind;
  /* Names are nearly all distinct: stored without the de-duplicating lookup. */
  e->name = name != NULL && name[0] != '\0' ? g_string_chunk_insert (lex->strings, name) : NULL;
  e->party = intern (lex, party);
  e->detail = intern (lex, detail);
  e->file = file;
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

/* Each file type: its name, columns and row loader. */
typedef struct {
  TgLexicon *lex;
  const char *file;   /* interned base name */
} Loader;

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
  g_autofree char *key = phrase_key (f[0], error);
  if (key == NULL)
    return FALSE;
  g_hash_table_add (ld->lex->denied, g_steal_pointer (&key));
  return TRUE;
}

static gboolean
parse_place_kind (const char *s, TgPlaceKind *out)
{
  for (guint k = 0; k < TG_PLACE_N_KINDS; k++)
    if (strcmp (s, place_kind_names[k]) == 0)
      {
        *out = (TgPlaceKind) k;
        return TRUE;
      }
  return FALSE;
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
  if (f[4][0] != '\0' && !g_ascii_string_to_unsigned (f[4], 10, 0, G_MAXUINT32, &population, NULL))
    {
      g_set_error (error, TG_ERROR, TG_ERROR_PARSE, "population '%s' is not a whole number", f[4]);
      return FALSE;
    }
  g_autofree char *key = phrase_key (f[0], error);
  if (key == NULL)
    return FALSE;
  /* Countries are never denied: "Turkey", "Chad" and "Jordan" stay places. */
  if (pk != TG_PLACE_COUNTRY && g_hash_table_contains (ld->lex->denied, key))
    return TRUE;
  TgLexEntry *e = new_entry (ld->lex, TG_LEX_PLACE, f[0], f[1], f[2], ld->file, line);
  e->place_kind = pk;
  e->population = (guint32) population;
  add_name_key (ld->lex, key, e);
  return TRUE;
}

/* people, orgs, governments: name, aliases, party, detail (role or kind). */
static gboolean
add_with_aliases (Loader *ld, TgLexKind kind, char **f, const char *detail, guint line, GError **error)
{
  if (!check_party_syntax (f[2], error))
    return FALSE;
  TgLexEntry *e = new_entry (ld->lex, kind, f[0], f[2], detail, ld->file, line);
  if (!add_name (ld->lex, f[0], e, error))
    return FALSE;
  if (f[1][0] == '\0')
    return TRUE;
  g_auto (GStrv) aliases = g_strsplit (f[1], ";", -1);
  for (guint i = 0; aliases[i] != NULL; i++)
    {
      g_strstrip (aliases[i]);
      if (aliases[i][0] == '\0')
        continue;
      if (!add_name (ld->lex, aliases[i], e, error))
        return FALSE;
    }
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
      gboolean shaped = TRUE;
      for (gsize i = 0; i < n_chars && shaped; i++)
        shaped = (i == 4 || i == 7) ? s[i] == '-' : g_ascii_isdigit (s[i]);
      if (shaped)
        {
          unsigned y = (unsigned) (s[0] - '0') * 1000 + (unsigned) (s[1] - '0') * 100
                       + (unsigned) (s[2] - '0') * 10 + (unsigned) (s[3] - '0');
          unsigned m = n_chars >= 7 ? (unsigned) (s[5] - '0') * 10 + (unsigned) (s[6] - '0') : 1;
          unsigned d = n_chars == 10 ? (unsigned) (s[8] - '0') * 10 + (unsigned) (s[9] - '0') : 1;
          if (m >= 1 && m <= 12 && g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
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
  TgLexEntry *e = new_entry (ld->lex, TG_LEX_DEMONYM, f[0], f[1], f[2], ld->file, line);
  e->plural = strcmp (f[2], "plural") == 0;
  return add_name (ld->lex, f[0], e, error);
}

static gboolean
load_title_row (char **f, guint line, gpointer data, GError **error)
{
  Loader *ld = data;
  TgLexEntry *e = new_entry (ld->lex, TG_LEX_TITLE, f[0], NULL, f[1], ld->file, line);
  return add_name (ld->lex, f[0], e, error);
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

static void
add_context (TgLexicon *lex, const char *stem_key, guint roles)
{
  for (const char *sp = strchr (stem_key, ' '); sp != NULL; sp = strchr (sp + 1, ' '))
    {
      g_autofree char *prefix = g_strndup (stem_key, (gsize) (sp - stem_key));
      guint old = GPOINTER_TO_UINT (g_hash_table_lookup (lex->context, prefix));
      g_hash_table_replace (lex->context, g_steal_pointer (&prefix), GUINT_TO_POINTER (old | TG_CTX_PREFIX));
    }
  guint old = GPOINTER_TO_UINT (g_hash_table_lookup (lex->context, stem_key));
  g_hash_table_replace (lex->context, g_strdup (stem_key), GUINT_TO_POINTER (old | roles));
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

static void
free_entry_list (gpointer list)
{
  if (list != NULL)
    g_ptr_array_unref (list);
}

TgLexicon *
tg_lexicon_load (const char *dir, GError **error)
{
  g_return_val_if_fail (dir != NULL, NULL);
  g_autoptr (TgLexicon) lex = g_new0 (TgLexicon, 1);
  lex->strings = g_string_chunk_new (64 * 1024);
  lex->entries = g_ptr_array_new_with_free_func (g_free);
  lex->phrases = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, free_entry_list);
  lex->context = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  lex->parties = g_hash_table_new (g_str_hash, g_str_equal);
  lex->party_kinds = g_hash_table_new (g_str_hash, g_str_equal);
  lex->denied = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  lex->party_lines = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  lex->load_problems = g_ptr_array_new_with_free_func (g_free);
  lex->stemmer = tg_stemmer_new ();
  if (lex->stemmer == NULL)
    {
      g_set_error (error, TG_ERROR, TG_ERROR_LEXICON, "libstemmer has no English stemmer");
      return NULL;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (lexicon_files); i++)
    {
      g_autofree char *path = g_build_filename (dir, lexicon_files[i].file, NULL);
      Loader ld = { lex, intern (lex, lexicon_files[i].file) };
      if (!tg_tsv_read (path, lexicon_files[i].columns, lexicon_files[i].row, &ld, error))
        return NULL;
    }
  g_clear_pointer (&lex->stemmer, tg_stemmer_free);
  return g_steal_pointer (&lex);
}

void
tg_lexicon_free (TgLexicon *lex)
{
  if (lex == NULL)
    return;
  g_clear_pointer (&lex->phrases, g_hash_table_unref);
  g_clear_pointer (&lex->context, g_hash_table_unref);
  g_clear_pointer (&lex->parties, g_hash_table_unref);
  g_clear_pointer (&lex->party_kinds, g_hash_table_unref);
  g_clear_pointer (&lex->denied, g_hash_table_unref);
  g_clear_pointer (&lex->party_lines, g_hash_table_unref);
  g_clear_pointer (&lex->load_problems, g_ptr_array_unref);
  g_clear_pointer (&lex->entries, g_ptr_array_unref);
  g_clear_pointer (&lex->stemmer, tg_stemmer_free);
  if (lex->strings != NULL)
    g_string_chunk_free (lex->strings);
  g_free (lex);
}

gboolean
tg_lexicon_lookup (const TgLexicon *lex, const char *key, const GPtrArray **entries)
{
  gpointer value = NULL;
  if (!g_hash_table_lookup_extended (lex->phrases, key, NULL, &value))
    return FALSE;
  *entries = value;
  return TRUE;
}

guint
tg_lexicon_context (const TgLexicon *lex, const char *stem_key)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (lex->context, stem_key));
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
  g_autoptr (GList) keys = g_hash_table_get_keys (lex->phrases);
  keys = g_list_sort (keys, (GCompareFunc) strcmp);
  for (GList *k = keys; k != NULL; k = k->next)
    {
      const GPtrArray *list = g_hash_table_lookup (lex->phrases, k->data);
      if (list == NULL)
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
                                                        b->file, b->line, (const char *) k->data,
                                                        tg_lex_kind_name (b->kind), b->party ? b->party : "no party",
                                                        a->party ? a->party : "no party", a->line));
          }
    }
  return problems;
}
