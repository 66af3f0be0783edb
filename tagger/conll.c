/* conll.c — reading and writing the CoNLL format of ANNOTATION.md section 2.
 *
 * The reader walks the bytes line by line, cutting each line into columns at
 * runs of spaces and tabs, and builds one TgDocument per -DOCSTART- section.
 * A document's text is assembled while reading; its tokens and sentences are
 * attached once the text is complete, because tg_document_add_token() checks
 * offsets against the text. */
#include "conll.h"

#include <string.h>

#include "tg-error.h"
#include "tg-limits.h"

#define DOCSTART "-DOCSTART-"
#define BOUNDARY "-X-"
#define UTF8_BOM "\xEF\xBB\xBF"

/* A document being read. */
typedef struct {
  GString *text;
  GArray *offsets;     /* of TgToken: token offsets into text */
  GArray *sentences;   /* of TgSentence */
  GPtrArray *extra;    /* of char *, owned */
  guint sentence_first;
  gboolean explicit;   /* started by a -DOCSTART- line */
} DocBuilder;

static void
doc_builder_init (DocBuilder *b, gboolean explicit)
{
  b->text = g_string_new (NULL);
  b->offsets = g_array_new (FALSE, FALSE, sizeof (TgToken));
  b->sentences = g_array_new (FALSE, FALSE, sizeof (TgSentence));
  b->extra = g_ptr_array_new_with_free_func (g_free);
  b->sentence_first = 0;
  b->explicit = explicit;
}

static void
doc_builder_clear (DocBuilder *b)
{
  if (b->text != NULL)
    g_string_free (b->text, TRUE);
  if (b->offsets != NULL)
    g_array_unref (b->offsets);
  if (b->sentences != NULL)
    g_array_unref (b->sentences);
  if (b->extra != NULL)
    g_ptr_array_unref (b->extra);
  memset (b, 0, sizeof *b);
}

/* Closes the open sentence, if it has any tokens. */
static void
doc_builder_end_sentence (DocBuilder *b)
{
  guint n = b->offsets->len - b->sentence_first;
  if (n == 0)
    return;
  TgSentence s = { b->sentence_first, n };
  g_array_append_val (b->sentences, s);
  b->sentence_first = b->offsets->len;
}

static void
doc_builder_add_token (DocBuilder *b, const char *token, gsize token_len, char *extra)
{
  if (b->offsets->len > b->sentence_first)
    g_string_append_c (b->text, ' ');
  else if (b->offsets->len > 0)
    g_string_append_c (b->text, '\n');
  TgToken t = { b->text->len, b->text->len + token_len };
  g_string_append_len (b->text, token, (gssize) token_len);
  g_array_append_val (b->offsets, t);
  g_ptr_array_add (b->extra, extra);
  if (b->offsets->len - b->sentence_first >= TG_MAX_SENTENCE_TOKENS)
    doc_builder_end_sentence (b);
}

/* Turns the builder into a document (the builder is left empty). */
static TgDocument *
doc_builder_finish (DocBuilder *b, const char *name)
{
  doc_builder_end_sentence (b);
  TgDocument *doc = tg_document_new (name);
  gsize len = b->text->len;
  tg_document_take_text (doc, g_string_free (g_steal_pointer (&b->text), FALSE), len);
  for (guint i = 0; i < b->offsets->len; i++)
    {
      const TgToken *t = &g_array_index (b->offsets, TgToken, i);
      tg_document_add_token (doc, t->start, t->end);
    }
  for (guint i = 0; i < b->sentences->len; i++)
    {
      const TgSentence *s = &g_array_index (b->sentences, TgSentence, i);
      tg_document_add_sentence (doc, s->first, s->n_tokens);
    }
  doc->extra = g_steal_pointer (&b->extra);
  doc_builder_clear (b);
  return doc;
}

/* A column of a line: a byte range, not NUL-terminated. */
typedef struct {
  const char *start;
  gsize len;
} Column;

static inline gboolean
is_blank (char c)
{
  return c == ' ' || c == '\t';
}

/* Cuts @line into columns at runs of spaces and tabs, into @cols (cleared). */
static void
split_columns (const char *line, gsize len, GArray *cols)
{
  g_array_set_size (cols, 0);
  gsize i = 0;
  while (i < len)
    {
      while (i < len && is_blank (line[i]))
        i++;
      if (i == len)
        break;
      gsize start = i;
      while (i < len && !is_blank (line[i]))
        i++;
      Column c = { line + start, i - start };
      g_array_append_val (cols, c);
    }
}

static gboolean
column_is (const Column *c, const char *s)
{
  gsize n = strlen (s);
  return c->len == n && memcmp (c->start, s, n) == 0;
}

/* Joins columns 1.. of @cols with single spaces into a new string. */
static char *
join_extra (const GArray *cols)
{
  GString *s = g_string_new (NULL);
  for (guint k = 1; k < cols->len; k++)
    {
      const Column *c = &g_array_index (cols, Column, k);
      if (k > 1)
        g_string_append_c (s, ' ');
      g_string_append_len (s, c->start, (gssize) c->len);
    }
  return g_string_free (s, FALSE);
}

/* Checks one line's bytes: no NUL, valid UTF-8, within the line limit. */
static gboolean
check_line (const char *name, guint lineno, const char *line, gsize len, GError **error)
{
  if (len > TG_MAX_LINE_BYTES)
    {
      g_set_error (error, TG_ERROR, TG_ERROR_LIMIT,
                   "%s:%u: line longer than %u bytes", name, lineno, (guint) TG_MAX_LINE_BYTES);
      return FALSE;
    }
  if (memchr (line, '\0', len) != NULL)
    {
      g_set_error (error, TG_ERROR, TG_ERROR_ENCODING, "%s:%u: NUL byte", name, lineno);
      return FALSE;
    }
  const char *end = NULL;
  if (!g_utf8_validate_len (line, len, &end))
    {
      g_set_error (error, TG_ERROR, TG_ERROR_ENCODING,
                   "%s:%u: invalid UTF-8 at byte %" G_GSIZE_FORMAT " of the line",
                   name, lineno, (gsize) (end - line) + 1);
      return FALSE;
    }
  return TRUE;
}

/* The reader behind tg_conll_read() and tg_conll_read_gold(): every token line
 * must have at least @min_columns columns. */
static GPtrArray *
read_conll (const char *name, const char *data, gsize len, guint min_columns, GError **error)
{
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (data != NULL || len == 0, NULL);

  g_autoptr (GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) tg_document_free);
  g_autoptr (GArray) cols = g_array_new (FALSE, FALSE, sizeof (Column));
  DocBuilder b;
  doc_builder_init (&b, FALSE);
  gboolean has_docstart = FALSE;
  guint n_columns = 0;      /* columns of the first token line; 0 until seen */
  guint n_columns_line = 0; /* ... and its line number */

  gsize pos = 0;
  if (len >= 3 && memcmp (data, UTF8_BOM, 3) == 0)
    pos = 3;
  for (guint lineno = 1; pos < len; lineno++)
    {
      const char *line = data + pos;
      const char *nl = memchr (line, '\n', len - pos);
      gsize line_len = nl != NULL ? (gsize) (nl - line) : len - pos;
      pos += line_len + (nl != NULL ? 1 : 0);
      if (line_len > 0 && line[line_len - 1] == '\r')
        line_len--;

      if (!check_line (name, lineno, line, line_len, error))
        {
          doc_builder_clear (&b);
          return NULL;
        }
      split_columns (line, line_len, cols);
      if (cols->len == 0)
        {
          doc_builder_end_sentence (&b);
          continue;
        }
      const Column *first = &g_array_index (cols, Column, 0);
      if (column_is (first, DOCSTART))
        {
          /* An implicit document with no tokens (blank lines before the first
           * -DOCSTART-) is dropped; any other is kept, even if empty. */
          if (b.explicit || b.offsets->len > 0)
            g_ptr_array_add (docs, doc_builder_finish (&b, name));
          else
            doc_builder_clear (&b);
          doc_builder_init (&b, TRUE);
          has_docstart = TRUE;
          continue;
        }

      if (n_columns == 0)
        {
          n_columns = cols->len;
          n_columns_line = lineno;
        }
      else if (cols->len != n_columns)
        {
          g_set_error (error, TG_ERROR, TG_ERROR_PARSE,
                       "%s:%u: unexpected number of features: %u (expected %u, as on line %u)",
                       name, lineno, cols->len, n_columns, n_columns_line);
          doc_builder_clear (&b);
          return NULL;
        }
      if (column_is (first, BOUNDARY))
        {
          doc_builder_end_sentence (&b);
          continue;
        }
      if (cols->len < min_columns)
        {
          g_set_error (error, TG_ERROR, TG_ERROR_PARSE,
                       "%s:%u: expected a token and a tag column, found %u column%s",
                       name, lineno, cols->len, cols->len == 1 ? "" : "s");
          doc_builder_clear (&b);
          return NULL;
        }
      if (first->len > TG_MAX_TOKEN_BYTES)
        {
          g_set_error (error, TG_ERROR, TG_ERROR_LIMIT, "%s:%u: token longer than %u bytes",
                       name, lineno, (guint) TG_MAX_TOKEN_BYTES);
          doc_builder_clear (&b);
          return NULL;
        }
      doc_builder_add_token (&b, first->start, first->len, join_extra (cols));
    }

  if (b.explicit || b.offsets->len > 0 || docs->len == 0)
    g_ptr_array_add (docs, doc_builder_finish (&b, name));
  else
    doc_builder_clear (&b);

  if (has_docstart)
    for (guint k = 0; k < docs->len; k++)
      {
        TgDocument *doc = g_ptr_array_index (docs, k);
        g_free (doc->name);
        doc->name = g_strdup_printf ("%s#%u", name, k + 1);
      }
  return g_steal_pointer (&docs);
}

GPtrArray *
tg_conll_read (const char *name, const char *data, gsize len, GError **error)
{
  return read_conll (name, data, len, 1, error);
}

GPtrArray *
tg_conll_read_gold (const char *name, const char *data, gsize len, GError **error)
{
  return read_conll (name, data, len, 2, error);
}

const char *
tg_conll_tag (const TgDocument *doc, guint i)
{
  g_return_val_if_fail (doc != NULL && doc->extra != NULL, "");
  g_return_val_if_fail (i < doc->extra->len, "");
  const char *extra = g_ptr_array_index (doc->extra, i);
  const char *space = strrchr (extra, ' ');
  return space != NULL ? space + 1 : extra;
}

GPtrArray *
tg_conll_tags (const TgDocument *doc)
{
  g_return_val_if_fail (doc != NULL && doc->extra != NULL, NULL);
  GPtrArray *tags = g_ptr_array_sized_new (doc->tokens->len);
  for (guint i = 0; i < doc->tokens->len; i++)
    g_ptr_array_add (tags, (gpointer) tg_conll_tag (doc, i));
  return tags;
}

/* Writes token @i at @p, with any space, tab or line break inside it replaced
 * by '_' so that it stays one column. Returns the end. Tokens are short: a
 * byte loop beats a call to memcpy() followed by a second pass. */
static inline char *
put_token (char *p, const TgDocument *doc, guint i)
{
  const TgToken *t = tg_document_token (doc, i);
  const char *s = doc->text + t->start;
  gsize n = t->end - t->start;
  for (gsize k = 0; k < n; k++)
    {
      char c = s[k];
      gboolean breaks_column = (guchar) c <= ' ' && (c == ' ' || c == '\t' || c == '\n' || c == '\r');
      p[k] = breaks_column ? '_' : c;
    }
  return p + n;
}

/* strlen() of a tag ("O", "B-GOV"): inline, as tags are a few bytes. */
static inline gsize
tag_length (const char *tag)
{
  gsize n = 0;
  while (tag[n] != '\0')
    n++;
  return n;
}

/* Appends the lines "TOKEN TAG" of tokens [@first, @end) and a blank line to
 * @out, written straight into its buffer, grown once to their exact size. */
static void
append_sentence (GString *out, const TgDocument *doc, const GPtrArray *tags, guint first, guint end)
{
  gsize need = 1;
  for (guint i = first; i < end; i++)
    {
      const TgToken *t = tg_document_token (doc, i);
      need += t->end - t->start + 2 + tag_length (g_ptr_array_index (tags, i));
    }
  gsize start = out->len;
  g_string_set_size (out, start + need);
  char *p = out->str + start;
  for (guint i = first; i < end; i++)
    {
      p = put_token (p, doc, i);
      *p++ = ' ';
      const char *tag = g_ptr_array_index (tags, i);
      for (gsize k = 0; tag[k] != '\0'; k++)
        *p++ = tag[k];
      *p++ = '\n';
    }
  *p = '\n';
}

void
tg_conll_write (const TgDocument *doc, GString *out)
{
  g_return_if_fail (doc != NULL && out != NULL);
  g_autoptr (GPtrArray) tags = tg_document_iob_tags (doc);

  g_string_append (out, DOCSTART " -X- -X- O\n\n");
  guint next = 0;  /* first token not yet written */
  for (guint s = 0; s < doc->sentences->len; s++)
    {
      const TgSentence *sent = &g_array_index (doc->sentences, TgSentence, s);
      append_sentence (out, doc, tags, sent->first, sent->first + sent->n_tokens);
      next = sent->first + sent->n_tokens;
    }
  /* Tokens outside every sentence should not exist; if they do, they still
   * get written, as one last sentence. */
  if (next < doc->tokens->len)
    append_sentence (out, doc, tags, next, doc->tokens->len);
}
