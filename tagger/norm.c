/* norm.c — folding and stemming for lexicon lookup. */
#include "norm.h"

#include <libstemmer.h>
#include <string.h>

/* Letters that carry no decomposition but have a conventional ASCII spelling. */
static const char *
ascii_spelling (gunichar c)
{
  switch (c)
    {
    case 0x00F8: return "o";   /* ø */
    case 0x0111: return "d";   /* đ */
    case 0x0142: return "l";   /* ł */
    case 0x0131: return "i";   /* dotless ı */
    case 0x00E6: return "ae";  /* æ */
    case 0x0153: return "oe";  /* œ */
    case 0x00FE: return "th";  /* þ */
    case 0x00F0: return "d";   /* ð */
    case 0x00DF: return "ss";  /* ß */
    case 0x2019: case 0x2018: case 0x02BC: case 0x02BB: case 0x0060: case 0x00B4:
      return "'";
    case 0x2010: case 0x2011: return "-";
    default: return NULL;
    }
}

static gboolean
is_ascii (const char *s, gsize len)
{
  for (gsize i = 0; i < len; i++)
    if ((guchar) s[i] >= 0x80)
      return FALSE;
  return TRUE;
}

/* Appends the folding of @len bytes of non-ASCII UTF-8 at @s to @out: case
 * folded, decomposed (NFD), marks dropped, letters spelled in ASCII. */
static void
fold_run (const char *s, gsize len, GString *out)
{
  g_autofree char *folded = g_utf8_casefold (s, (gssize) len);
  g_autofree char *decomposed = g_utf8_normalize (folded, -1, G_NORMALIZE_NFD);
  if (decomposed == NULL)
    {
      g_string_append (out, folded);
      return;
    }
  for (const char *p = decomposed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (g_unichar_ismark (c))
        continue;
      const char *spelled = ascii_spelling (c);
      if (spelled != NULL)
        g_string_append (out, spelled);
      else
        g_string_append_unichar (out, c);
    }
}

/* ASCII letters fold to lower case on their own, and an ASCII byte is never
 * part of a multi-byte sequence, so a text folds as its ASCII bytes lowered
 * and its runs of non-ASCII characters folded one run at a time: case folding
 * works character by character, and NFD only reorders combining marks within
 * a run of them (which ASCII ends), and marks are dropped anyway. The same
 * result as folding the whole text at once, at a fraction of the cost for
 * words with one accented letter. */
char *
tg_norm_fold (const char *s, gssize len)
{
  gsize n = len < 0 ? strlen (s) : (gsize) len;
  if (is_ascii (s, n))
    {
      char *out = g_strndup (s, n);
      for (gsize i = 0; i < n; i++)
        if (out[i] >= 'A' && out[i] <= 'Z')
          out[i] = (char) (out[i] + ('a' - 'A'));
      return out;
    }
  GString *out = g_string_sized_new (n + 8);
  for (gsize i = 0; i < n;)
    {
      if ((guchar) s[i] < 0x80)
        {
          char c = s[i++];
          g_string_append_c (out, c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
          continue;
        }
      gsize j = i;
      while (j < n && (guchar) s[j] >= 0x80)
        j++;
      fold_run (s + i, j - i, out);
      i = j;
    }
  return g_string_free (out, FALSE);
}

TgCase
tg_norm_case (const char *s, gssize len)
{
  const char *end = s + (len < 0 ? (gssize) strlen (s) : len);
  gboolean seen_letter = FALSE, first_upper = FALSE, any_lower = FALSE;
  for (const char *p = s; p < end;)
    {
      gboolean upper, lower;
      if ((guchar) *p < 0x80)
        {
          /* ASCII: the same classes as GLib's, without the Unicode tables. */
          char a = *p++;
          if (!g_ascii_isalpha (a))
            continue;
          upper = g_ascii_isupper (a);
          lower = !upper;
        }
      else
        {
          gunichar c = g_utf8_get_char (p);
          p = g_utf8_next_char (p);
          if (!g_unichar_isalpha (c))
            continue;
          upper = g_unichar_isupper (c) || g_unichar_istitle (c);
          lower = !upper && g_unichar_islower (c);
        }
      if (!seen_letter)
        first_upper = upper;
      else if (lower)
        any_lower = TRUE;
      seen_letter = TRUE;
    }
  if (!seen_letter)
    return TG_CASE_NONE;
  if (!first_upper)
    return TG_CASE_LOWER;
  return any_lower ? TG_CASE_CAPITAL : TG_CASE_UPPER;
}

gboolean
tg_norm_has_upper (const char *s, gssize len)
{
  const char *end = s + (len < 0 ? (gssize) strlen (s) : len);
  for (const char *p = s; p < end; p = g_utf8_next_char (p))
    if ((guchar) *p < 0x80 ? g_ascii_isupper (*p) : g_unichar_isupper (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

struct _TgStemmer {
  struct sb_stemmer *sb;
};

TgStemmer *
tg_stemmer_new (void)
{
  struct sb_stemmer *sb = sb_stemmer_new ("english", NULL);
  if (sb == NULL)
    return NULL;
  TgStemmer *stemmer = g_new0 (TgStemmer, 1);
  stemmer->sb = sb;
  return stemmer;
}

void
tg_stemmer_free (TgStemmer *stemmer)
{
  if (stemmer == NULL)
    return;
  sb_stemmer_delete (stemmer->sb);
  g_free (stemmer);
}

char *
tg_stemmer_stem (TgStemmer *stemmer, const char *folded)
{
  const sb_symbol *stem = sb_stemmer_stem (stemmer->sb, (const sb_symbol *) folded, (int) strlen (folded));
  if (stem == NULL)   /* out of memory inside libstemmer: fall back to the word */
    return g_strdup (folded);
  return g_strndup ((const char *) stem, (gsize) sb_stemmer_length (stemmer->sb));
}

char *
tg_stemmer_stem_phrase (TgStemmer *stemmer, const char *phrase)
{
  g_auto (GStrv) words = g_strsplit_set (phrase, " ", -1);
  GString *out = g_string_new (NULL);
  for (guint i = 0; words[i] != NULL; i++)
    {
      if (words[i][0] == '\0')
        continue;
      g_autofree char *folded = tg_norm_fold (words[i], -1);
      g_autofree char *stem = tg_stemmer_stem (stemmer, folded);
      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, stem);
    }
  return g_string_free (out, FALSE);
}
