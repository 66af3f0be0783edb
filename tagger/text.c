/* text.c — decoding raw bytes and cutting them into tokens and sentences.
 *
 * The tokenizer is a single left-to-right scan over code points. Each call of
 * scan_token() returns the extent of one token; the sentence splitter decides,
 * token by token, whether a sentence ends, from sentence-final punctuation, the
 * case of the next token, blank lines and stand-alone headline lines. */
#include "text.h"

#include <string.h>

#include "tg-error.h"
#include "tg-limits.h"

/* Words that keep a following period as part of the token. Titles among them
 * never end a sentence; the others (months, "etc", "Inc") may. */
static const char *const title_abbreviations[] = {
  "Mr", "Mrs", "Ms", "Messrs", "Dr", "Prof", "Gen", "Gens", "Lt", "Col", "Maj", "Capt",
  "Cpt", "Sgt", "Cpl", "Pvt", "Adm", "Brig", "Cmdr", "Cdr", "Gov", "Sen", "Rep", "Amb",
  "Pres", "Rev", "Hon", "St", "Mt", "Ft", "No", "Nos", "Art", "Vol", "Fig", "vs",
  "Sr", "Jr", NULL
};
static const char *const other_abbreviations[] = {
  "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
  "etc", "Inc", "Ltd", "Co", "Corp", "approx", "est", "al", NULL
};

static gboolean
in_list (const char *const *list, const char *s, gsize len)
{
  for (; *list != NULL; list++)
    if ((*list)[0] == s[0] && strncmp (*list, s, len) == 0 && (*list)[len] == '\0')
      return TRUE;
  return FALSE;
}

/* The character classes below answer ASCII from the character itself, with
 * the same result as GLib's Unicode tables (checked for all 128 code points:
 * the ASCII spaces are ' ', the controls 1-31 and 127; no ASCII character is a
 * mark), and look anything else up in the tables. */

static inline gboolean
is_space_char (gunichar c)
{
  if (c < 0x80)
    return c == ' ' || (c >= 1 && c < 0x20) || c == 0x7F;
  return g_unichar_isspace (c) || c == 0x00A0 || c == 0x200B || c == 0xFEFF || c == 0x2060
         || g_unichar_iscntrl (c);
}

static inline gboolean
is_word_char (gunichar c)
{
  if (c < 0x80)
    return g_ascii_isalnum ((char) c);
  return g_unichar_isalnum (c) || g_unichar_ismark (c) || c == 0xFFFD;
}

static inline gboolean
is_alpha (gunichar c)
{
  return c < 0x80 ? g_ascii_isalpha ((char) c) : g_unichar_isalpha (c);
}

static inline gboolean
is_digit (gunichar c)
{
  return c < 0x80 ? g_ascii_isdigit ((char) c) : g_unichar_isdigit (c);
}

static inline gboolean
is_lower (gunichar c)
{
  return c < 0x80 ? g_ascii_islower ((char) c) : g_unichar_islower (c);
}

static inline gboolean
is_upper (gunichar c)
{
  return c < 0x80 ? g_ascii_isupper ((char) c) : g_unichar_isupper (c);
}

static gboolean
is_apostrophe (gunichar c)
{
  return c == '\'' || c == 0x2019 || c == 0x02BC;
}

static gboolean
is_hyphen (gunichar c)
{
  return c == '-' || c == 0x2010 || c == 0x2011;
}

/* A cursor over NUL-terminated UTF-8 text. */
typedef struct {
  const char *text;
  gsize len;
} Text;

static inline gunichar
char_at (const Text *t, gsize pos)
{
  if (pos >= t->len)
    return 0;
  guchar b = (guchar) t->text[pos];
  return b < 0x80 ? b : g_utf8_get_char (t->text + pos);
}

static inline gsize
next_pos (const Text *t, gsize pos)
{
  if (pos >= t->len)
    return t->len;
  return (guchar) t->text[pos] < 0x80 ? pos + 1 : (gsize) (g_utf8_next_char (t->text + pos) - t->text);
}

/* The character before @pos (which is > 0). */
static inline gunichar
char_before (const Text *t, gsize pos)
{
  guchar b = (guchar) t->text[pos - 1];
  return b < 0x80 ? b : g_utf8_get_char (g_utf8_prev_char (t->text + pos));
}

/* Length in bytes of a clitic starting at @pos ('s 're 've 'll 'd 'm, straight or
 * curly), provided it ends the word; 0 if there is none. */
static gsize
clitic_length (const Text *t, gsize pos)
{
  static const char *const clitics[] = { "s", "S", "re", "ve", "ll", "d", "m", NULL };
  gunichar c = char_at (t, pos);
  if (!is_apostrophe (c))
    return 0;
  gsize after = next_pos (t, pos);
  for (const char *const *cl = clitics; *cl != NULL; cl++)
    {
      gsize n = strlen (*cl);
      if (after + n <= t->len && memcmp (t->text + after, *cl, n) == 0
          && !is_word_char (char_at (t, after + n)))
        return after + n - pos;
    }
  return 0;
}

/* Scans a word (letters, digits, marks, inner hyphens and apostrophes, number
 * separators) from @pos. Returns its end; stops before a clitic, and before
 * "n't" when the word ends in that. */
static gsize
scan_word (const Text *t, gsize pos)
{
  gsize p = pos;
  while (p < t->len)
    {
      /* Runs of ASCII letters and digits, the bulk of any word, need no decoding. */
      while (p < t->len && g_ascii_isalnum (t->text[p]))
        p++;
      if (p >= t->len)
        break;
      gunichar c = char_at (t, p);
      gsize q = next_pos (t, p);
      if (is_word_char (c))
        {
          p = q;
          continue;
        }
      gunichar prev = p > pos ? char_before (t, p) : 0;
      gunichar next = char_at (t, q);
      if (is_hyphen (c) && is_word_char (prev) && is_word_char (next))
        {
          p = q;
          continue;
        }
      if ((c == ',' || c == '.' || c == ':') && is_digit (prev) && is_digit (next))
        {
          p = q;
          continue;
        }
      if (is_apostrophe (c) && is_alpha (prev) && is_alpha (next)
          && clitic_length (t, p) == 0)
        {
          /* "n't" splits off: "can't" -> "ca" + "n't". */
          if ((next == 't' || next == 'T') && !is_word_char (char_at (t, next_pos (t, q)))
              && (prev == 'n' || prev == 'N'))
            return p - 1;
          p = q;
          continue;
        }
      break;
    }
  return p;
}

/* After a word ending at @end, decides whether a following period belongs to it
 * (initials, acronyms such as U.S., listed abbreviations). Returns the new end. */
static gsize
absorb_period (const Text *t, gsize start, gsize end, gboolean *is_title)
{
  *is_title = FALSE;
  if (char_at (t, end) != '.')
    return end;
  gsize wlen = end - start;
  const char *w = t->text + start;
  gunichar first = g_utf8_get_char (w);
  gboolean single_letter = is_alpha (first) && g_utf8_next_char (w) == t->text + end;
  if (single_letter)
    {
      /* An initial ("F.") or an acronym with periods ("U.S.", "a.m."). */
      gsize p = end + 1;
      for (;;)
        {
          gunichar c = char_at (t, p);
          gsize q = next_pos (t, p);
          if (is_alpha (c) && char_at (t, q) == '.' && !is_word_char (char_at (t, q + 1)))
            p = q + 1;
          else
            break;
        }
      /* A lone lower-case letter before a period ("plan b.") is not an initial. */
      if (p == end + 1 && is_lower (first))
        return end;
      *is_title = (p == end + 1) && is_upper (first);
      return p;
    }
  if (in_list (title_abbreviations, w, wlen))
    {
      *is_title = TRUE;
      return end + 1;
    }
  if (in_list (other_abbreviations, w, wlen))
    return end + 1;
  return end;
}

typedef enum {
  TOK_WORD,
  TOK_ABBREV_TITLE,   /* "Mr.", "Gen.", "F.": never ends a sentence */
  TOK_FINAL,          /* . ! ? ... … */
  TOK_CLOSE,          /* closing quote or bracket that may follow a final mark */
  TOK_OTHER,
} TokKind;

/* Scans one token starting at @pos (not a space). Returns its end and kind. */
static gsize
scan_token (const Text *t, gsize pos, TokKind *kind)
{
  gunichar c = char_at (t, pos);
  gsize q = next_pos (t, pos);
  *kind = TOK_OTHER;

  if ((c == 'n' || c == 'N') && is_apostrophe (char_at (t, q)))
    {
      gsize a = next_pos (t, q);
      gunichar tc = char_at (t, a);
      if ((tc == 't' || tc == 'T') && !is_word_char (char_at (t, a + 1)))
        {
          *kind = TOK_WORD;
          return a + 1;   /* the "n't" of "ca" + "n't" */
        }
    }
  if (is_word_char (c))
    {
      gsize end = scan_word (t, pos);
      gboolean is_title = FALSE;
      gsize with_period = absorb_period (t, pos, end, &is_title);
      /* "U.S.-brokered", "U.N.-backed": a hyphenated word stays one token
       * (ANNOTATION.md section 2), its abbreviation's periods included. */
      gsize after_hyphen = next_pos (t, with_period);
      if (with_period > end && is_hyphen (char_at (t, with_period)) && is_word_char (char_at (t, after_hyphen)))
        {
          *kind = TOK_WORD;
          return scan_word (t, after_hyphen);
        }
      *kind = is_title ? TOK_ABBREV_TITLE : TOK_WORD;
      return with_period;
    }
  if (is_apostrophe (c))
    {
      gsize cl = clitic_length (t, pos);
      if (cl > 0 && pos > 0 && !is_space_char (char_before (t, pos)))
        {
          *kind = TOK_WORD;
          return pos + cl;
        }
      *kind = c == 0x2019 ? TOK_CLOSE : TOK_OTHER;
      return q;
    }
  if (c == '.')
    {
      gsize p = pos;
      while (char_at (t, p) == '.')
        p++;
      *kind = TOK_FINAL;
      return p;   /* "." or an ellipsis "..." */
    }
  if (c == '!' || c == '?' || c == 0x2026)
    {
      *kind = TOK_FINAL;
      return q;
    }
  if (is_hyphen (c) && char_at (t, q) == '-')
    {
      gsize p = q;
      while (char_at (t, p) == '-')
        p++;
      return p;   /* "--" as a dash */
    }
  if (c == '"' || c == 0x201D || c == 0x00BB || c == ')' || c == ']' || c == '}' || c == 0x203A)
    *kind = TOK_CLOSE;
  return q;
}

static gboolean
starts_lowercase (const Text *t, gsize pos)
{
  return is_lower (char_at (t, pos));
}

/* Counts newlines in the whitespace between two tokens. */
static guint
count_newlines (const Text *t, gsize from, gsize to)
{
  guint n = 0;
  for (gsize p = from; p < to; p++)
    if (t->text[p] == '\n' || (t->text[p] == '\r' && (p + 1 >= to || t->text[p + 1] != '\n')))
      n++;
  return n;
}

static gsize
skip_space (const Text *t, gsize pos)
{
  for (;;)
    {
      while (pos < t->len && t->text[pos] == ' ')
        pos++;
      if (pos >= t->len || !is_space_char (char_at (t, pos)))
        return pos;
      pos = next_pos (t, pos);
    }
}

/* Tokens cut but not yet appended to the document: they go to doc->tokens in
 * batches (one g_array_append_vals() instead of one call per token), always
 * before a sentence is added, which counts them. */
typedef struct {
  TgToken tokens[256];
  guint n;
} Pending;

static void
flush_tokens (TgDocument *doc, Pending *pending)
{
  if (pending->n > 0)
    g_array_append_vals (doc->tokens, pending->tokens, pending->n);
  pending->n = 0;
}

static void
add_sentence (TgDocument *doc, Pending *pending, guint first, guint n_tokens)
{
  flush_tokens (doc, pending);
  tg_document_add_sentence (doc, first, n_tokens);
}

static gboolean
tokenize (TgDocument *doc, GError **error)
{
  Text t = { doc->text, doc->text_len };
  Pending pending = { .n = 0 };
  guint n_tokens = 0;                        /* tokens cut so far, pending ones included */
  guint sentence_first = 0;
  gboolean line_started_paragraph = TRUE;   /* the current line began after a blank line */
  guint line_first = 0;                      /* index of the current line's first token */
  gboolean line_has_final = FALSE;           /* last token of the line was final punctuation */
  gboolean pending_break = FALSE;            /* a final mark was seen; break before a suitable next token */
  gsize pos = skip_space (&t, 0);

  while (pos < t.len)
    {
      TokKind kind;
      gsize end = scan_token (&t, pos, &kind);
      if (end - pos > TG_MAX_TOKEN_BYTES)
        {
          g_set_error (error, TG_ERROR, TG_ERROR_LIMIT,
                       "%s: byte %" G_GSIZE_FORMAT ": token longer than %d bytes",
                       doc->name, pos, TG_MAX_TOKEN_BYTES);
          return FALSE;
        }

      gboolean close_after_final = pending_break && kind == TOK_CLOSE
                                   && pos > 0 && !is_space_char (char_before (&t, pos));
      if (pending_break && !close_after_final)
        {
          if (!starts_lowercase (&t, pos) && n_tokens > sentence_first)
            {
              add_sentence (doc, &pending, sentence_first, n_tokens - sentence_first);
              sentence_first = n_tokens;
            }
          pending_break = FALSE;
        }
      /* scan_token() never returns an empty token, and never runs past the text. */
      pending.tokens[pending.n++] = (TgToken) { pos, end };
      if (pending.n == G_N_ELEMENTS (pending.tokens))
        flush_tokens (doc, &pending);
      n_tokens++;
      if (kind == TOK_FINAL)
        pending_break = TRUE;
      line_has_final = kind == TOK_FINAL || (close_after_final && line_has_final);

      gsize next = skip_space (&t, end);
      guint newlines = count_newlines (&t, end, next);
      gboolean force = n_tokens - sentence_first >= TG_MAX_SENTENCE_TOKENS;
      gboolean paragraph_end = newlines >= 2 || next >= t.len;
      /* A line standing alone after a blank line with no final mark is a headline
       * or a dateline: it ends its sentence at the line break. */
      gboolean headline_end = newlines == 1 && line_started_paragraph && !line_has_final
                              && n_tokens - line_first <= TG_MAX_HEADLINE_TOKENS
                              && !starts_lowercase (&t, next);
      if ((force || paragraph_end || headline_end) && n_tokens > sentence_first)
        {
          add_sentence (doc, &pending, sentence_first, n_tokens - sentence_first);
          sentence_first = n_tokens;
          pending_break = FALSE;
        }
      if (newlines > 0)
        {
          line_started_paragraph = newlines >= 2 || headline_end;
          line_has_final = FALSE;
          line_first = n_tokens;
        }
      pos = next;
    }
  flush_tokens (doc, &pending);
  if (doc->tokens->len > sentence_first)
    tg_document_add_sentence (doc, sentence_first, doc->tokens->len - sentence_first);
  return TRUE;
}

gboolean
tg_text_validate (const char *s, gsize len, const char **bad)
{
  gsize i = 0;
  while (i < len)
    {
      if (i + 8 <= len)
        {
          guint64 w;
          memcpy (&w, s + i, 8);
          if ((w & 0x8080808080808080ull) == 0)
            {
              i += 8;
              continue;
            }
        }
      if ((guchar) s[i] < 0x80)
        {
          i++;
          continue;
        }
      gsize j = i;
      while (j < len && (guchar) s[j] >= 0x80)
        j++;
      const char *end = NULL;
      if (!g_utf8_validate_len (s + i, j - i, &end))
        {
          if (bad != NULL)
            *bad = end;
          return FALSE;
        }
      i = j;
    }
  return TRUE;
}

/* Checks @bytes for NUL and invalid UTF-8. Returns a NUL-terminated copy, repaired
 * when @lenient, or NULL with an error naming @name and the byte offset. */
static char *
decode (const char *name, const char *bytes, gsize len, TgTextFlags flags, gsize *out_len,
        GError **error)
{
  gboolean lenient = (flags & TG_TEXT_LENIENT) != 0;
  const char *nul = memchr (bytes, '\0', len);
  if (nul != NULL && !lenient)
    {
      g_set_error (error, TG_ERROR, TG_ERROR_ENCODING, "%s: byte %" G_GSIZE_FORMAT ": NUL byte in text",
                   name, (gsize) (nul - bytes));
      return NULL;
    }
  const char *bad = NULL;
  if (nul == NULL && tg_text_validate (bytes, len, &bad))
    {
      *out_len = len;
      return g_strndup (bytes, len);
    }
  if (!lenient)
    {
      g_set_error (error, TG_ERROR, TG_ERROR_ENCODING, "%s: byte %" G_GSIZE_FORMAT ": invalid UTF-8",
                   name, (gsize) (bad - bytes));
      return NULL;
    }
  /* g_utf8_make_valid() replaces invalid sequences with U+FFFD; NULs become U+FFFD too. */
  g_autoptr (GString) clean = g_string_sized_new (len);
  for (gsize i = 0; i < len; i++)
    {
      if (bytes[i] == '\0')
        g_string_append (clean, "\xEF\xBF\xBD");
      else
        {
          gsize j = i;
          while (j < len && bytes[j] != '\0')
            j++;
          g_autofree char *valid = g_utf8_make_valid (bytes + i, (gssize) (j - i));
          g_string_append (clean, valid);
          i = j - 1;
        }
    }
  *out_len = clean->len;
  return g_string_free (g_steal_pointer (&clean), FALSE);
}

TgDocument *
tg_text_document_new (const char *name, const char *bytes, gsize len, TgTextFlags flags,
                      GError **error)
{
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (bytes != NULL || len == 0, NULL);

  /* A BOM stays in the text, read as white space, so that byte offsets are
   * offsets into the input as given. */
  gsize text_len = 0;
  char *text = decode (name, bytes != NULL ? bytes : "", len, flags, &text_len, error);
  if (text == NULL)
    return NULL;

  g_autoptr (TgDocument) doc = tg_document_new (name);
  tg_document_take_text (doc, text, text_len);
  if (!tokenize (doc, error))
    return NULL;
  return g_steal_pointer (&doc);
}
