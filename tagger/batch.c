/* batch.c — JSON Lines batch tagging: the record format and the ordered,
 * bounded worker pipeline.
 *
 * A record is read in two passes. A strict RFC 8259 scanner (below) checks the
 * whole line and finds the byte spans of the object's members; json-glib then
 * decodes the "id" and "text" strings from their spans. The scanner is needed
 * because json-glib 1.6 accepts what JSON does not (single quotes, comments, hex
 * and octal numbers, raw control characters, a second value after the first)
 * and silently changes numbers it re-serialises (integers above 2^63 wrap,
 * 0.1 becomes 0.10000000000000001): the other members are copied to the output
 * byte for byte from their spans, so they must be valid JSON as written.
 *
 * The pipeline: a reader thread cuts lines and queues them; worker threads, each
 * with its own TgBatchWorker, tag them; the caller's thread takes the results
 * from a ring indexed by input position, so they leave in input order. The
 * reader waits while the ring is full or too many bytes are in flight. */
#include "batch.h"

#include <errno.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <unistd.h>

#include "conll.h"
#include "output.h"
#include "text.h"
#include "tg-error.h"

/* ------------------------------------------------------------------------ */
/* The strict scanner                                                       */
/* ------------------------------------------------------------------------ */

/* Deepest nesting of arrays and objects in a record. The scanner recurses
 * once per level; real records nest a few levels. */
#define MAX_JSON_DEPTH 512

enum {
  ESC_NUL = 1 << 0,             /* a \u0000 escape (json-glib cuts the string there) */
  ESC_LONE_SURROGATE = 1 << 1,  /* a \uD800-\uDFFF escape without its pair */
};

typedef struct {
  gsize key_start, key_end;       /* the key's span, quotes included */
  gsize value_start, value_end;   /* the value's span */
  guint escapes;                  /* ESC_* found in the value (strings only) */
} Member;

typedef struct {
  const char *s;
  gsize len;
  gsize pos;
  guint escapes;        /* ESC_* of the last string scanned */
  const char *what;     /* what was expected, on failure */
} Scanner;

static gboolean
scan_fail (Scanner *sc, const char *what)
{
  sc->what = what;
  return FALSE;
}

static void
scan_ws (Scanner *sc)
{
  while (sc->pos < sc->len)
    {
      char c = sc->s[sc->pos];
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
        break;
      sc->pos++;
    }
}

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* Reads the 4 hex digits of a \u escape at @pos; -1 if they are not 4 hex digits. */
static gint32
hex4 (const char *s, gsize len, gsize pos)
{
  if (pos + 4 > len)
    return -1;
  gint32 v = 0;
  for (gsize i = 0; i < 4; i++)
    {
      int h = hex_value (s[pos + i]);
      if (h < 0)
        return -1;
      v = v * 16 + h;
    }
  return v;
}

/* Scans a string at sc->pos (on its opening quote); leaves pos after the
 * closing quote and the escapes found in sc->escapes. Raw bytes >= 0x80 are
 * taken as they are (the caller has checked UTF-8). */
static gboolean
scan_string (Scanner *sc)
{
  sc->escapes = 0;
  sc->pos++;
  while (sc->pos < sc->len)
    {
      guchar c = (guchar) sc->s[sc->pos];
      if (c == '"')
        {
          sc->pos++;
          return TRUE;
        }
      if (c < 0x20)
        return scan_fail (sc, "a control character escaped in a string");
      if (c != '\\')
        {
          sc->pos++;
          continue;
        }
      if (sc->pos + 1 >= sc->len)
        break;
      char e = sc->s[sc->pos + 1];
      if (strchr ("\"\\/bfnrt", e) != NULL && e != '\0')
        {
          sc->pos += 2;
          continue;
        }
      if (e != 'u')
        return scan_fail (sc, "a valid escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)");
      gint32 v = hex4 (sc->s, sc->len, sc->pos + 2);
      if (v < 0)
        return scan_fail (sc, "four hex digits after \\u");
      sc->pos += 6;
      if (v == 0)
        sc->escapes |= ESC_NUL;
      else if (v >= 0xD800 && v <= 0xDBFF)
        {
          gint32 low = -1;
          if (sc->pos + 1 < sc->len && sc->s[sc->pos] == '\\' && sc->s[sc->pos + 1] == 'u')
            low = hex4 (sc->s, sc->len, sc->pos + 2);
          if (low >= 0xDC00 && low <= 0xDFFF)
            sc->pos += 6;
          else
            sc->escapes |= ESC_LONE_SURROGATE;
        }
      else if (v >= 0xDC00 && v <= 0xDFFF)
        sc->escapes |= ESC_LONE_SURROGATE;
    }
  return scan_fail (sc, "the closing quote of the string");
}

static gboolean
scan_digits (Scanner *sc)
{
  gsize start = sc->pos;
  while (sc->pos < sc->len && g_ascii_isdigit (sc->s[sc->pos]))
    sc->pos++;
  return sc->pos > start;
}

static gboolean
scan_number (Scanner *sc)
{
  if (sc->s[sc->pos] == '-')
    sc->pos++;
  if (sc->pos < sc->len && sc->s[sc->pos] == '0')
    sc->pos++;
  else if (!scan_digits (sc))
    return scan_fail (sc, "a digit");
  if (sc->pos < sc->len && sc->s[sc->pos] == '.')
    {
      sc->pos++;
      if (!scan_digits (sc))
        return scan_fail (sc, "a digit after the decimal point");
    }
  if (sc->pos < sc->len && (sc->s[sc->pos] == 'e' || sc->s[sc->pos] == 'E'))
    {
      sc->pos++;
      if (sc->pos < sc->len && (sc->s[sc->pos] == '+' || sc->s[sc->pos] == '-'))
        sc->pos++;
      if (!scan_digits (sc))
        return scan_fail (sc, "a digit in the exponent");
    }
  return TRUE;
}

static gboolean
scan_literal (Scanner *sc, const char *word)
{
  gsize n = strlen (word);
  if (sc->pos + n > sc->len || memcmp (sc->s + sc->pos, word, n) != 0)
    return scan_fail (sc, "a value");
  sc->pos += n;
  return TRUE;
}

static gboolean scan_value (Scanner *sc, guint depth);

static gboolean
scan_array (Scanner *sc, guint depth)
{
  sc->pos++;
  scan_ws (sc);
  if (sc->pos < sc->len && sc->s[sc->pos] == ']')
    {
      sc->pos++;
      return TRUE;
    }
  for (;;)
    {
      if (!scan_value (sc, depth + 1))
        return FALSE;
      scan_ws (sc);
      if (sc->pos >= sc->len)
        return scan_fail (sc, "',' or ']'");
      char c = sc->s[sc->pos++];
      if (c == ']')
        return TRUE;
      if (c != ',')
        {
          sc->pos--;
          return scan_fail (sc, "',' or ']'");
        }
      scan_ws (sc);
    }
}

/* Scans an object at sc->pos. When @members is not NULL (the top level), records
 * each member's spans in it. */
static gboolean
scan_object (Scanner *sc, guint depth, GArray *members)
{
  sc->pos++;
  scan_ws (sc);
  if (sc->pos < sc->len && sc->s[sc->pos] == '}')
    {
      sc->pos++;
      return TRUE;
    }
  for (;;)
    {
      Member m = { 0 };
      if (sc->pos >= sc->len || sc->s[sc->pos] != '"')
        return scan_fail (sc, "a member name in double quotes");
      m.key_start = sc->pos;
      if (!scan_string (sc))
        return FALSE;
      m.key_end = sc->pos;
      scan_ws (sc);
      if (sc->pos >= sc->len || sc->s[sc->pos] != ':')
        return scan_fail (sc, "':'");
      sc->pos++;
      scan_ws (sc);
      m.value_start = sc->pos;
      sc->escapes = 0;
      if (!scan_value (sc, depth + 1))
        return FALSE;
      m.value_end = sc->pos;
      m.escapes = sc->s[m.value_start] == '"' ? sc->escapes : 0;
      if (members != NULL)
        g_array_append_val (members, m);
      scan_ws (sc);
      if (sc->pos >= sc->len)
        return scan_fail (sc, "',' or '}'");
      char c = sc->s[sc->pos++];
      if (c == '}')
        return TRUE;
      if (c != ',')
        {
          sc->pos--;
          return scan_fail (sc, "',' or '}'");
        }
      scan_ws (sc);
    }
}

static gboolean
scan_value (Scanner *sc, guint depth)
{
  if (depth > MAX_JSON_DEPTH)
    return scan_fail (sc, "less deeply nested data (at most " G_STRINGIFY (MAX_JSON_DEPTH) " levels)");
  if (sc->pos >= sc->len)
    return scan_fail (sc, "a value");
  switch (sc->s[sc->pos])
    {
    case '{': return scan_object (sc, depth, NULL);
    case '[': return scan_array (sc, depth);
    case '"': return scan_string (sc);
    case 't': return scan_literal (sc, "true");
    case 'f': return scan_literal (sc, "false");
    case 'n': return scan_literal (sc, "null");
    default:
      if (sc->s[sc->pos] == '-' || g_ascii_isdigit (sc->s[sc->pos]))
        return scan_number (sc);
      return scan_fail (sc, "a value");
    }
}

/* Checks that @len bytes at @s are one JSON object (white space around it
 * allowed) and fills @members with its members' spans. On failure returns FALSE
 * with @err_pos and @err_what set. */
static gboolean
scan_record (const char *s, gsize len, GArray *members, gsize *err_pos, const char **err_what)
{
  Scanner sc = { s, len, 0, 0, NULL };
  g_array_set_size (members, 0);
  scan_ws (&sc);
  gboolean ok;
  if (sc.pos >= len || s[sc.pos] != '{')
    ok = scan_fail (&sc, "'{' (a record is a JSON object)");
  else
    ok = scan_object (&sc, 0, members);
  if (ok)
    {
      scan_ws (&sc);
      if (sc.pos < len)
        ok = scan_fail (&sc, "the end of the line after the object");
    }
  if (!ok)
    {
      *err_pos = sc.pos;
      *err_what = sc.what;
    }
  return ok;
}

/* Rewrites, in place, each \u0000 and unpaired surrogate escape of the string
 * at [@start, @end) into \uFFFD (both are six bytes, so spans stay valid). */
static void
replace_bad_escapes (char *s, gsize start, gsize end)
{
  for (gsize p = start + 1; p + 1 < end; p++)
    {
      if (s[p] != '\\')
        continue;
      if (s[p + 1] != 'u')
        {
          p++;   /* skip the escaped character, which may be a backslash */
          continue;
        }
      gint32 v = hex4 (s, end, p + 2);
      gboolean bad = v == 0 || (v >= 0xDC00 && v <= 0xDFFF);
      if (v >= 0xD800 && v <= 0xDBFF)
        {
          gint32 low = p + 7 < end && s[p + 6] == '\\' && s[p + 7] == 'u' ? hex4 (s, end, p + 8) : -1;
          if (low >= 0xDC00 && low <= 0xDFFF)
            {
              p += 11;
              continue;
            }
          bad = TRUE;
        }
      if (bad)
        memcpy (s + p + 2, "FFFD", 4);
      p += 5;
    }
}

/* ------------------------------------------------------------------------ */
/* Records                                                                  */
/* ------------------------------------------------------------------------ */

struct _TgBatchWorker {
  const TgTagger *tagger;
  TgBatchOptions opts;
  TgScratch *scratch;
  JsonParser *parser;
  GHashTable *reserved;    /* member names the result uses, plus "error" */
  GArray *members;         /* of Member, reused */
  GString *line;           /* the record being read, reused */
};

/* The top-level member names of the tagger's JSON result, so that a passed-
 * through member cannot duplicate one. Learnt from the writer itself (an empty
 * document's result) so that the list follows output.c. */
static GHashTable *
result_member_names (const TgTagger *tagger)
{
  GHashTable *names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_add (names, g_strdup ("error"));
  g_autoptr (TgDocument) doc = tg_document_new ("");
  g_autoptr (GString) json = g_string_new (NULL);
  tg_output_json (doc, tg_tagger_lexicon (tagger), FALSE, json);
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, json->str, (gssize) json->len, NULL))
    return names;
  JsonNode *root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return names;
  g_autoptr (GList) keys = json_object_get_members (json_node_get_object (root));
  for (GList *k = keys; k != NULL; k = k->next)
    g_hash_table_add (names, g_strdup (k->data));
  return names;
}

TgBatchWorker *
tg_batch_worker_new (const TgTagger *tagger, const TgBatchOptions *opts)
{
  g_return_val_if_fail (tagger != NULL && opts != NULL, NULL);
  TgBatchWorker *w = g_new0 (TgBatchWorker, 1);
  w->tagger = tagger;
  w->opts = *opts;
  if (w->opts.max_record_bytes == 0)
    w->opts.max_record_bytes = TG_BATCH_DEFAULT_MAX_RECORD_BYTES;
  w->scratch = tg_scratch_new (tagger);
  w->parser = json_parser_new_immutable ();
  w->reserved = result_member_names (tagger);
  w->members = g_array_new (FALSE, FALSE, sizeof (Member));
  w->line = g_string_new (NULL);
  return w;
}

void
tg_batch_worker_free (TgBatchWorker *w)
{
  if (w == NULL)
    return;
  tg_scratch_free (w->scratch);
  g_object_unref (w->parser);
  g_hash_table_unref (w->reserved);
  g_array_unref (w->members);
  g_string_free (w->line, TRUE);
  g_free (w);
}

void
tg_batch_append_error (TgBatchFormat format, const char *id_key, const char *message, GString *out)
{
  if (format == TG_BATCH_CONLL)
    {
      /* An empty document keeps the Nth document the Nth record. */
      g_autoptr (TgDocument) empty = tg_document_new ("");
      tg_conll_write (empty, out);
      return;
    }
  g_autoptr (JsonNode) node = json_node_init_string (json_node_alloc (), message);
  g_autofree char *quoted = json_to_string (node, FALSE);
  g_string_append (out, "{\"id\":");
  g_string_append (out, id_key != NULL ? id_key : "null");
  g_string_append (out, ",\"error\":");
  g_string_append (out, quoted);
  g_string_append (out, "}\n");
}

/* Decodes the JSON string at [@start, @end) of @s with json-glib. Returns a
 * pointer owned by the worker's parser (valid until its next use), or NULL. */
static const char *
decode_string (TgBatchWorker *w, const char *s, gsize start, gsize end)
{
  if (!json_parser_load_from_data (w->parser, s + start, (gssize) (end - start), NULL))
    return NULL;
  JsonNode *root = json_parser_get_root (w->parser);
  if (root == NULL || json_node_get_value_type (root) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (root);
}

/* The name of member @m: its bytes between the quotes, or decoded when it holds
 * escapes. Newly allocated. */
static char *
member_name (TgBatchWorker *w, const char *s, const Member *m)
{
  if (memchr (s + m->key_start, '\\', m->key_end - m->key_start) == NULL)
    return g_strndup (s + m->key_start + 1, m->key_end - m->key_start - 2);
  const char *decoded = decode_string (w, s, m->key_start, m->key_end);
  return g_strdup (decoded != NULL ? decoded : "");
}

/* Copies @len bytes at @data into w->line, replacing invalid UTF-8 (and NUL
 * bytes) with U+FFFD. */
static void
copy_repaired (GString *line, const char *data, gsize len)
{
  g_string_truncate (line, 0);
  gsize i = 0;
  while (i < len)
    {
      const char *bad = NULL;
      if (g_utf8_validate_len (data + i, len - i, &bad))
        {
          g_string_append_len (line, data + i, (gssize) (len - i));
          break;
        }
      gsize good = (gsize) (bad - (data + i));
      g_string_append_len (line, data + i, (gssize) good);
      g_string_append (line, "\xEF\xBF\xBD");
      i += good;
      /* Skip the invalid sequence: one byte, then any continuation bytes. */
      i++;
      while (i < len && ((guchar) data[i] & 0xC0) == 0x80)
        i++;
    }
}

static char *
encoding_message (const char *data, gsize offset)
{
  return g_strdup_printf ("byte %" G_GSIZE_FORMAT ": %s", offset,
                          data[offset] == '\0' ? "NUL byte" : "invalid UTF-8");
}

/* Tags one record into @out. Returns NULL on success, else what is wrong with
 * the record (newly allocated, without the "INPUT:LINE: " prefix) and its error
 * code in @code; @out may then hold a partial result. Sets @id to the id as
 * written once it is known. */
static char *
tag_record (TgBatchWorker *w, guint64 line, const char *data, gsize len, GString *out,
            char **id, TgErrorCode *code)
{
  *code = TG_ERROR_PARSE;
  if (len > w->opts.max_record_bytes)
    {
      *code = TG_ERROR_LIMIT;
      return g_strdup_printf ("record larger than %" G_GSIZE_FORMAT " bytes (--max-record-bytes)",
                              w->opts.max_record_bytes);
    }

  /* A record of invalid UTF-8 is still scanned (the scanner works on bytes) so
   * that its error record can carry its id; with lenient, it is repaired. */
  const char *bad = NULL;
  gboolean utf8_ok = g_utf8_validate_len (data, len, &bad);
  gsize bad_offset = utf8_ok ? 0 : (gsize) (bad - data);
  if (!utf8_ok && w->opts.lenient)
    copy_repaired (w->line, data, len);
  else
    {
      g_string_truncate (w->line, 0);
      g_string_append_len (w->line, data, (gssize) len);
    }
  char *s = w->line->str;
  gsize n = w->line->len;
  /* A byte order mark may open a file; it is no part of the first record. */
  gsize skip = line == 1 && n >= 3 && memcmp (s, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;

  if (strspn (s + skip, " \t") == n - skip)
    return g_strdup ("empty line (a record is a JSON object)");
  gsize err_pos = 0;
  const char *err_what = NULL;
  if (!scan_record (s + skip, n - skip, w->members, &err_pos, &err_what))
    {
      if (!utf8_ok && bad_offset <= err_pos + skip)
        {
          *code = TG_ERROR_ENCODING;
          return encoding_message (data, bad_offset);
        }
      return g_strdup_printf ("invalid JSON at byte %" G_GSIZE_FORMAT ": expected %s", err_pos + skip, err_what);
    }
  for (guint i = 0; i < w->members->len && skip > 0; i++)
    {
      Member *m = &g_array_index (w->members, Member, i);
      m->key_start += skip;
      m->key_end += skip;
      m->value_start += skip;
      m->value_end += skip;
    }

  /* Find "id" and "text"; every other member is passed through. */
  const Member *id_member = NULL, *text_member = NULL;
  gboolean text_twice = FALSE;
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < w->members->len; i++)
    {
      const Member *m = &g_array_index (w->members, Member, i);
      char *name = member_name (w, s, m);
      g_ptr_array_add (names, name);
      const Member **slot = strcmp (name, "id") == 0     ? &id_member
                            : strcmp (name, "text") == 0 ? &text_member
                                                         : NULL;
      if (slot != NULL && *slot != NULL)
        {
          if (slot == &id_member)
            return g_strdup ("\"id\" appears twice");
          text_twice = TRUE;
        }
      if (slot != NULL)
        *slot = m;
    }
  if (id_member == NULL)
    return g_strdup ("no \"id\" member");
  char first = s[id_member->value_start];
  if (first != '"' && first != '-' && !g_ascii_isdigit (first))
    return g_strdup ("\"id\" is neither a string nor a number");
  /* An id of invalid UTF-8 is not echoed: the output must stay valid. */
  gboolean echo_id = utf8_ok || g_utf8_validate_len (s + id_member->value_start,
                                                     id_member->value_end - id_member->value_start, NULL);
  /* Nor is one with an unpaired surrogate escape, which JSON readers (json-glib
   * among them) reject: fuzzing found it copied into error records, and into
   * --lenient results ahead of the repair below. With --lenient it is
   * repaired now, before any error record can echo it. */
  if ((id_member->escapes & ESC_LONE_SURROGATE) != 0)
    {
      if (w->opts.lenient)
        replace_bad_escapes (s, id_member->value_start, id_member->value_end);
      else
        echo_id = FALSE;
    }
  if (echo_id)
    *id = g_strndup (s + id_member->value_start, id_member->value_end - id_member->value_start);

  if (!utf8_ok && !w->opts.lenient)
    {
      *code = TG_ERROR_ENCODING;
      return encoding_message (data, bad_offset);
    }
  if (text_member == NULL)
    return g_strdup ("no \"text\" member");
  if (text_twice)
    return g_strdup ("\"text\" appears twice");
  if (s[text_member->value_start] != '"')
    return g_strdup ("\"text\" is not a string");
  for (guint i = 0; i < names->len; i++)
    {
      const Member *m = &g_array_index (w->members, Member, i);
      const char *name = names->pdata[i];
      if (m != id_member && m != text_member && g_hash_table_contains (w->reserved, name))
        return g_strdup_printf ("member \"%s\" would clash with the output's own \"%s\"", name, name);
    }

  /* json-glib cuts a string at \u0000 and garbles an unpaired surrogate. */
  const Member *const checked[] = { id_member, text_member };
  for (guint i = 0; i < G_N_ELEMENTS (checked); i++)
    {
      const Member *m = checked[i];
      if (m->escapes == 0)
        continue;
      if (!w->opts.lenient)
        {
          *code = TG_ERROR_ENCODING;
          return g_strdup_printf ("\"%s\" holds %s", m == id_member ? "id" : "text",
                                  (m->escapes & ESC_NUL) != 0 ? "a NUL character (\\u0000)"
                                                             : "an unpaired UTF-16 surrogate escape");
        }
      replace_bad_escapes (s, m->value_start, m->value_end);
      /* The id is echoed as written: echo it as repaired. */
      if (m == id_member && *id != NULL)
        {
          g_free (*id);
          *id = g_strndup (s + m->value_start, m->value_end - m->value_start);
        }
    }

  g_autofree char *name = NULL;
  if (first == '"')
    {
      const char *decoded = decode_string (w, s, id_member->value_start, id_member->value_end);
      name = g_strdup (decoded != NULL ? decoded : "");
    }
  else
    name = g_strdup (*id);

  const char *text = decode_string (w, s, text_member->value_start, text_member->value_end);
  if (text == NULL)
    return g_strdup ("\"text\" could not be decoded");
  g_autoptr (GError) local = NULL;
  g_autoptr (TgDocument) doc = tg_text_document_new (name, text, strlen (text),
                                                     w->opts.lenient ? TG_TEXT_LENIENT : TG_TEXT_STRICT,
                                                     &local);
  if (doc == NULL || !tg_tagger_tag (w->tagger, w->scratch, doc, &local))
    {
      *code = (TgErrorCode) local->code;
      return g_strdup_printf ("text: %s", local->message);
    }

  if (w->opts.format == TG_BATCH_CONLL)
    {
      tg_conll_write (doc, out);
      return NULL;
    }
  /* {"id":ID,<passed through>,<the result's members>}: the result's own opening
   * brace becomes the comma after the prefix. */
  g_string_append (out, "{\"id\":");
  g_string_append (out, *id);
  for (guint i = 0; i < w->members->len; i++)
    {
      const Member *m = &g_array_index (w->members, Member, i);
      if (m == id_member || m == text_member)
        continue;
      g_string_append_c (out, ',');
      g_string_append_len (out, s + m->key_start, (gssize) (m->key_end - m->key_start));
      g_string_append_c (out, ':');
      g_string_append_len (out, s + m->value_start, (gssize) (m->value_end - m->value_start));
    }
  gsize brace = out->len;
  tg_output_json (doc, tg_tagger_lexicon (w->tagger), FALSE, out);
  g_assert (out->len > brace && out->str[brace] == '{');
  out->str[brace] = ',';
  return NULL;
}

gboolean
tg_batch_worker_process (TgBatchWorker *w, const char *input, guint64 line,
                         const char *data, gsize len, GString *out,
                         char **id_key, GError **error)
{
  g_return_val_if_fail (w != NULL && input != NULL && (data != NULL || len == 0) && out != NULL, FALSE);
  if (len > 0 && data[len - 1] == '\r')
    len--;
  gsize out_start = out->len;
  g_autofree char *id = NULL;
  TgErrorCode code = TG_ERROR_PARSE;
  g_autofree char *what = tag_record (w, line, data != NULL ? data : "", len, out, &id, &code);
  if (what != NULL)
    {
      g_autofree char *message = g_strdup_printf ("%s:%" G_GUINT64_FORMAT ": %s", input, line, what);
      g_string_truncate (out, out_start);
      tg_batch_append_error (w->opts.format, id, message, out);
      g_set_error_literal (error, TG_ERROR, code, message);
    }
  if (id_key != NULL)
    *id_key = g_steal_pointer (&id);
  return what == NULL;
}

/* ------------------------------------------------------------------------ */
/* Duplicate ids                                                            */
/* ------------------------------------------------------------------------ */

/* A set of 64-bit fingerprints of ids (open addressing, linear probing; 0 marks
 * an empty slot). Eight bytes a slot, at most 3/4 full: 11 to 21 bytes per
 * distinct id. Two different ids share a fingerprint with probability about
 * n^2 / 2^65 for n ids (3e-8 for a million). */
typedef struct {
  guint64 *slots;
  gsize mask;     /* number of slots - 1 */
  gsize used;
} IdSet;

static guint64
id_fingerprint (const char *id)
{
  guint8 digest[16];
  gsize digest_len = sizeof digest;
  g_autoptr (GChecksum) sum = g_checksum_new (G_CHECKSUM_MD5);
  g_checksum_update (sum, (const guchar *) id, -1);
  g_checksum_get_digest (sum, digest, &digest_len);
  guint64 fp = 0;
  for (guint i = 0; i < 8; i++)
    fp = fp << 8 | digest[i];
  return fp != 0 ? fp : 1;
}

static void idset_insert (IdSet *set, guint64 fp);

static void
idset_grow (IdSet *set)
{
  guint64 *old = set->slots;
  gsize old_size = set->slots != NULL ? set->mask + 1 : 0;
  gsize size = old_size != 0 ? old_size * 2 : 1024;
  set->slots = g_new0 (guint64, size);
  set->mask = size - 1;
  set->used = 0;
  for (gsize i = 0; i < old_size; i++)
    if (old[i] != 0)
      idset_insert (set, old[i]);
  g_free (old);
}

/* Inserts @fp; returns nothing, the caller has checked it is absent. */
static void
idset_insert (IdSet *set, guint64 fp)
{
  gsize i = (gsize) fp & set->mask;
  while (set->slots[i] != 0)
    i = (i + 1) & set->mask;
  set->slots[i] = fp;
  set->used++;
}

/* Adds @id; returns FALSE if it was already there. */
static gboolean
idset_add (IdSet *set, const char *id)
{
  if (set->slots == NULL || (set->used + 1) * 4 > (set->mask + 1) * 3)
    idset_grow (set);
  guint64 fp = id_fingerprint (id);
  for (gsize i = (gsize) fp & set->mask; set->slots[i] != 0; i = (i + 1) & set->mask)
    if (set->slots[i] == fp)
      return FALSE;
  idset_insert (set, fp);
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Reading lines                                                            */
/* ------------------------------------------------------------------------ */

/* Initial read buffer; it grows to hold the longest record kept. */
#define READ_CHUNK (256 * 1024)

typedef struct {
  int fd;
  const char *name;
  char *buf;
  gsize cap, start, end;
  gboolean eof;
} LineReader;

/* Reads more bytes into the buffer, moving the unread ones to its front and
 * growing it when full. Returns FALSE on a read error. */
static gboolean
reader_fill (LineReader *r, GError **error)
{
  if (r->start > 0)
    {
      memmove (r->buf, r->buf + r->start, r->end - r->start);
      r->end -= r->start;
      r->start = 0;
    }
  if (r->end == r->cap)
    {
      r->cap *= 2;
      r->buf = g_realloc (r->buf, r->cap);
    }
  for (;;)
    {
      ssize_t n = read (r->fd, r->buf + r->end, r->cap - r->end);
      if (n > 0)
        {
          r->end += (gsize) n;
          return TRUE;
        }
      if (n == 0)
        {
          r->eof = TRUE;
          return TRUE;
        }
      if (errno != EINTR)
        {
          int saved = errno;
          g_set_error (error, TG_ERROR, TG_ERROR_IO, "%s: %s", r->name, g_strerror (saved));
          return FALSE;
        }
    }
}

/* Returns the next line: 1 with @line (valid until the next call; NULL when
 * the line is longer than @max and was skipped), @len (without the newline) and
 * @consumed (with it); 0 at the end of input; -1 on a read error. */
static int
reader_next (LineReader *r, gsize max, const char **line, gsize *len, gsize *consumed, GError **error)
{
  gsize scanned = 0;   /* bytes from start known to hold no newline */
  for (;;)
    {
      char *nl = memchr (r->buf + r->start + scanned, '\n', r->end - r->start - scanned);
      if (nl != NULL)
        {
          *len = (gsize) (nl - (r->buf + r->start));
          *line = *len <= max ? r->buf + r->start : NULL;
          *consumed = *len + 1;
          r->start += *consumed;
          return 1;
        }
      scanned = r->end - r->start;
      if (r->eof)
        {
          if (scanned == 0)
            return 0;
          *len = *consumed = scanned;
          *line = *len <= max ? r->buf + r->start : NULL;
          r->start = r->end;
          return 1;
        }
      if (scanned > max)
        {
          /* Too long to keep: drop it as it streams past, counting its bytes. */
          gsize skipped = scanned;
          r->start = r->end = 0;
          for (;;)
            {
              if (!reader_fill (r, error))
                return -1;
              nl = memchr (r->buf, '\n', r->end);
              if (nl != NULL || r->eof)
                {
                  gsize part = nl != NULL ? (gsize) (nl - r->buf) : r->end;
                  *len = skipped + part;
                  *consumed = *len + (nl != NULL ? 1 : 0);
                  *line = NULL;
                  r->start = nl != NULL ? part + 1 : r->end;
                  return 1;
                }
              skipped += r->end;
              r->start = r->end = 0;
            }
        }
      if (!reader_fill (r, error))
        return -1;
    }
}

/* ------------------------------------------------------------------------ */
/* The pipeline                                                             */
/* ------------------------------------------------------------------------ */

typedef struct {
  guint64 seq;
  guint input;
  guint64 line;
  char *data;          /* the line (NULL when empty or too long) */
  gsize len;
  gboolean too_long;   /* longer than max_record_bytes: not kept */
  gsize weight;        /* bytes it holds in the window: the line, then the output */
  guint64 in_bytes;
  GString *out;
  char *error;
  char *id_key;
  gboolean done;
} Record;

static void
record_free (Record *rec)
{
  g_free (rec->data);
  if (rec->out != NULL)
    g_string_free (rec->out, TRUE);
  g_free (rec->error);
  g_free (rec->id_key);
  g_free (rec);
}

typedef struct {
  const TgTagger *tagger;
  TgBatchOptions opts;
  const TgBatchInput *inputs;
  guint n_inputs;

  GAsyncQueue *jobs;       /* of Record*, and one `stop_job` per worker at the end */
  GMutex lock;             /* guards everything below */
  GCond space;             /* the reader waits on it for room in the window */
  GCond ready;             /* the caller waits on it for the next record */
  Record **ring;           /* window slots, by seq % window */
  guint window;
  guint64 n_read;          /* records queued so far */
  guint64 n_delivered;     /* records handed to the sink so far */
  gsize bytes_in_flight;
  gboolean reader_done;
  gboolean reader_waits_for_window;  /* the reader waits for the window to drain to half */
  gboolean reader_waits_for_bytes;   /* ... for room for its record's bytes */
  gint stop;               /* atomic: stop reading and tagging */
  GError *read_error;
} Pipeline;

static Record stop_job;

/* Hand-offs are batched, so that on a machine with as many cores as workers
 * the reader and the delivering thread do not preempt a worker for every
 * record (two context switches a record, most of the CPU time -j2 spent above
 * -j1). The deliverer is woken when DELIVER_BATCH records in a row are ready,
 * or sooner when nothing more is queued (workers about to idle: a trickling
 * input must not wait); the reader, when the window has drained to half (or
 * at each delivery while it waits for bytes in flight to drop), and then
 * refills it in one go.
 * Called with p->lock held. */
#define DELIVER_BATCH 8

static gboolean
deliverer_should_wake (Pipeline *p)
{
  guint run = 0;
  for (guint64 seq = p->n_delivered; seq < p->n_read && run < DELIVER_BATCH; seq++, run++)
    {
      const Record *rec = p->ring[seq % p->window];
      if (rec == NULL || !rec->done)
        break;
    }
  if (run == 0)
    return FALSE;
  return run >= DELIVER_BATCH || p->reader_done || g_async_queue_length (p->jobs) <= 0;
}

static gboolean
reader_should_wake (const Pipeline *p)
{
  return (p->reader_waits_for_window && p->n_read - p->n_delivered <= p->window / 2)
         || p->reader_waits_for_bytes;
}

/* Tags @rec (its data, or the error for a line too long to keep) into
 * rec->out, setting rec->error and rec->id_key. */
static void
tag_one (TgBatchWorker *worker, const TgBatchOptions *opts, const char *input, Record *rec)
{
  if (rec->too_long)
    {
      rec->error = g_strdup_printf ("%s:%" G_GUINT64_FORMAT ": record larger than %" G_GSIZE_FORMAT
                                    " bytes (--max-record-bytes)",
                                    input, rec->line, opts->max_record_bytes);
      tg_batch_append_error (opts->format, NULL, rec->error, rec->out);
      return;
    }
  g_autoptr (GError) error = NULL;
  if (!tg_batch_worker_process (worker, input, rec->line, rec->data, rec->len, rec->out, &rec->id_key, &error))
    rec->error = g_strdup (error->message);
}

/* Hands @rec, tagged, to @sink in its turn: a repeated id first turns it into
 * an error record. Counts what was delivered in @stats. */
static gboolean
deliver (const TgBatchOptions *opts, IdSet *ids, const char *input, Record *rec,
         TgBatchSink sink, gpointer user_data, TgBatchStats *stats, GError **error)
{
  if (rec->id_key != NULL && opts->check_ids && !idset_add (ids, rec->id_key) && rec->error == NULL)
    {
      rec->error = g_strdup_printf ("%s:%" G_GUINT64_FORMAT ": duplicate id %s (an earlier record has it)",
                                    input, rec->line, rec->id_key);
      g_string_truncate (rec->out, 0);
      tg_batch_append_error (opts->format, rec->id_key, rec->error, rec->out);
    }
  TgBatchResult result = { input, rec->line, rec->in_bytes, rec->out->str, rec->out->len, rec->error };
  if (!sink (&result, user_data, error))
    return FALSE;
  stats->records++;
  stats->failed += rec->error != NULL;
  stats->in_bytes += rec->in_bytes;
  stats->out_bytes += rec->out->len;
  return TRUE;
}

static gpointer
reader_thread (gpointer data)
{
  Pipeline *p = data;
  g_autoptr (GError) error = NULL;
  for (guint i = 0; i < p->n_inputs && !g_atomic_int_get (&p->stop) && error == NULL; i++)
    {
      LineReader r = { p->inputs[i].fd, p->inputs[i].name, g_malloc (READ_CHUNK), READ_CHUNK, 0, 0, FALSE };
      guint64 line_no = 0;
      for (;;)
        {
          const char *line = NULL;
          gsize len = 0, consumed = 0;
          int got = reader_next (&r, p->opts.max_record_bytes, &line, &len, &consumed, &error);
          if (got <= 0)
            break;
          Record *rec = g_new0 (Record, 1);
          rec->input = i;
          rec->line = ++line_no;
          rec->data = line != NULL ? g_memdup2 (line, len) : NULL;
          rec->len = len;
          rec->too_long = line == NULL;
          rec->in_bytes = consumed;
          rec->weight = line != NULL ? len : 0;

          g_mutex_lock (&p->lock);
          if (p->n_read - p->n_delivered >= p->window)
            {
              p->reader_waits_for_window = TRUE;
              while (!g_atomic_int_get (&p->stop) && p->n_read - p->n_delivered > p->window / 2)
                g_cond_wait (&p->space, &p->lock);
              p->reader_waits_for_window = FALSE;
            }
          p->reader_waits_for_bytes = TRUE;
          while (!g_atomic_int_get (&p->stop)
                 && p->n_read > p->n_delivered && p->bytes_in_flight + rec->weight > TG_BATCH_MAX_BYTES_IN_FLIGHT)
            g_cond_wait (&p->space, &p->lock);
          p->reader_waits_for_bytes = FALSE;
          if (g_atomic_int_get (&p->stop))
            {
              g_mutex_unlock (&p->lock);
              record_free (rec);
              break;
            }
          rec->seq = p->n_read++;
          p->ring[rec->seq % p->window] = rec;
          p->bytes_in_flight += rec->weight;
          g_mutex_unlock (&p->lock);
          g_async_queue_push (p->jobs, rec);
        }
      g_free (r.buf);
    }
  g_mutex_lock (&p->lock);
  p->reader_done = TRUE;
  if (error != NULL)
    {
      p->read_error = g_steal_pointer (&error);
      g_atomic_int_set (&p->stop, TRUE);
    }
  g_cond_broadcast (&p->ready);
  g_mutex_unlock (&p->lock);
  for (guint i = 0; i < p->opts.n_threads; i++)
    g_async_queue_push (p->jobs, &stop_job);
  return NULL;
}

static gpointer
worker_thread (gpointer data)
{
  Pipeline *p = data;
  g_autoptr (TgBatchWorker) worker = tg_batch_worker_new (p->tagger, &p->opts);
  for (;;)
    {
      Record *rec = g_async_queue_pop (p->jobs);
      if (rec == &stop_job)
        break;
      rec->out = g_string_new (NULL);
      /* Once the run is over, records are only handed back. */
      if (!g_atomic_int_get (&p->stop))
        tag_one (worker, &p->opts, p->inputs[rec->input].name, rec);
      g_clear_pointer (&rec->data, g_free);

      g_mutex_lock (&p->lock);
      rec->done = TRUE;
      p->bytes_in_flight -= rec->weight;
      rec->weight = rec->out->len;
      p->bytes_in_flight += rec->weight;
      if (deliverer_should_wake (p))
        g_cond_signal (&p->ready);
      g_mutex_unlock (&p->lock);
    }
  return NULL;
}

/* Waits for the next record in input order; NULL when all are delivered or the
 * run stops. Before waiting it hands @sink a NULL result once, so that the sink
 * can flush what it buffered. */
static Record *
next_record (Pipeline *p, TgBatchSink sink, gpointer user_data, GError **error, gboolean *sink_failed)
{
  gboolean flushed = FALSE;
  g_mutex_lock (&p->lock);
  for (;;)
    {
      Record *rec = p->ring[p->n_delivered % p->window];
      if (g_atomic_int_get (&p->stop) || (p->reader_done && p->n_delivered == p->n_read))
        break;
      if (rec != NULL && rec->done)
        {
          g_mutex_unlock (&p->lock);
          return rec;
        }
      if (!flushed)
        {
          g_mutex_unlock (&p->lock);
          if (!sink (NULL, user_data, error))
            {
              *sink_failed = TRUE;
              return NULL;
            }
          flushed = TRUE;
          g_mutex_lock (&p->lock);
          continue;
        }
      g_cond_wait (&p->ready, &p->lock);
    }
  g_mutex_unlock (&p->lock);
  return NULL;
}

/* One thread: read, tag and deliver each line in turn. For -j1, where the
 * threaded pipeline would only add hand-offs (seven context switches a record,
 * 18% more CPU time). The sink is told to flush before each read that may
 * wait for input. */
static gboolean
run_sequential (const TgTagger *tagger, const TgBatchOptions *opts, const TgBatchInput *inputs,
                guint n_inputs, TgBatchSink sink, gpointer user_data, TgBatchStats *stats,
                GError **error)
{
  g_autoptr (TgBatchWorker) worker = tg_batch_worker_new (tagger, opts);
  IdSet ids = { 0 };
  Record rec = { 0 };
  rec.out = g_string_new (NULL);
  gboolean ok = TRUE;
  for (guint i = 0; i < n_inputs && ok; i++)
    {
      LineReader r = { inputs[i].fd, inputs[i].name, g_malloc (READ_CHUNK), READ_CHUNK, 0, 0, FALSE };
      guint64 line_no = 0;
      while (ok)
        {
          if (!r.eof && memchr (r.buf + r.start, '\n', r.end - r.start) == NULL && !sink (NULL, user_data, error))
            {
              ok = FALSE;
              break;
            }
          const char *line = NULL;
          gsize len = 0, consumed = 0;
          int got = reader_next (&r, opts->max_record_bytes, &line, &len, &consumed, error);
          if (got <= 0)
            {
              ok = got == 0;
              break;
            }
          g_string_truncate (rec.out, 0);
          g_clear_pointer (&rec.error, g_free);
          g_clear_pointer (&rec.id_key, g_free);
          rec.line = ++line_no;
          rec.data = (char *) line;
          rec.len = len;
          rec.too_long = line == NULL;
          rec.in_bytes = consumed;
          tag_one (worker, opts, inputs[i].name, &rec);
          ok = deliver (opts, &ids, inputs[i].name, &rec, sink, user_data, stats, error);
        }
      g_free (r.buf);
    }
  if (ok)
    ok = sink (NULL, user_data, error);
  g_string_free (rec.out, TRUE);
  g_free (rec.error);
  g_free (rec.id_key);
  g_free (ids.slots);
  return ok;
}

gboolean
tg_batch_run (const TgTagger *tagger, const TgBatchOptions *opts,
              const TgBatchInput *inputs, guint n_inputs,
              TgBatchSink sink, gpointer user_data,
              TgBatchStats *stats, GError **error)
{
  g_return_val_if_fail (tagger != NULL && opts != NULL && sink != NULL, FALSE);
  g_return_val_if_fail (opts->n_threads >= 1 && opts->n_threads <= TG_BATCH_MAX_THREADS, FALSE);
  g_return_val_if_fail (inputs != NULL || n_inputs == 0, FALSE);

  TgBatchStats local_stats = { 0 };
  Pipeline p = { 0 };
  p.tagger = tagger;
  p.opts = *opts;
  if (p.opts.max_record_bytes == 0)
    p.opts.max_record_bytes = TG_BATCH_DEFAULT_MAX_RECORD_BYTES;
  if (p.opts.n_threads == 1)
    {
      gboolean ok = run_sequential (tagger, &p.opts, inputs, n_inputs, sink, user_data, &local_stats, error);
      if (stats != NULL)
        *stats = local_stats;
      return ok;
    }
  p.inputs = inputs;
  p.n_inputs = n_inputs;
  p.window = opts->n_threads * TG_BATCH_WINDOW_PER_THREAD;
  p.ring = g_new0 (Record *, p.window);
  p.jobs = g_async_queue_new ();
  g_mutex_init (&p.lock);
  g_cond_init (&p.space);
  g_cond_init (&p.ready);
  IdSet ids = { 0 };

  g_autoptr (GPtrArray) workers = g_ptr_array_new ();
  for (guint i = 0; i < p.opts.n_threads; i++)
    g_ptr_array_add (workers, g_thread_new ("tagger-worker", worker_thread, &p));
  GThread *reader = g_thread_new ("tagger-reader", reader_thread, &p);

  gboolean sink_failed = FALSE;
  Record *rec;
  while ((rec = next_record (&p, sink, user_data, error, &sink_failed)) != NULL)
    {
      gboolean ok = deliver (&p.opts, &ids, inputs[rec->input].name, rec, sink, user_data, &local_stats, error);
      g_mutex_lock (&p.lock);
      p.ring[rec->seq % p.window] = NULL;
      p.n_delivered++;
      p.bytes_in_flight -= rec->weight;
      if (reader_should_wake (&p))
        g_cond_signal (&p.space);
      g_mutex_unlock (&p.lock);
      record_free (rec);
      if (!ok)
        {
          sink_failed = TRUE;
          break;
        }
    }
  if (!sink_failed && p.read_error == NULL && !sink (NULL, user_data, error))
    sink_failed = TRUE;

  /* Stop the reader (it may wait for room) and let the workers drain. */
  g_mutex_lock (&p.lock);
  g_atomic_int_set (&p.stop, TRUE);
  g_cond_broadcast (&p.space);
  g_mutex_unlock (&p.lock);
  g_thread_join (reader);
  for (guint i = 0; i < workers->len; i++)
    g_thread_join (workers->pdata[i]);

  gboolean ok = !sink_failed && p.read_error == NULL;
  if (p.read_error != NULL && !sink_failed)
    g_propagate_error (error, g_steal_pointer (&p.read_error));
  g_clear_error (&p.read_error);
  for (guint i = 0; i < p.window; i++)
    if (p.ring[i] != NULL)
      record_free (p.ring[i]);
  g_free (p.ring);
  g_free (ids.slots);
  g_async_queue_unref (p.jobs);
  g_mutex_clear (&p.lock);
  g_cond_clear (&p.space);
  g_cond_clear (&p.ready);
  if (stats != NULL)
    *stats = local_stats;
  return ok;
}
