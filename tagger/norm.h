/* norm.h — lookup normalisation: case and diacritic folding, letter-case classes,
 * and Snowball English stemming.
 *
 * Folding is a pure function and thread-safe. A TgStemmer wraps one libstemmer
 * instance: create one per thread and reuse it, never share it. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Returns a newly allocated lookup key for @len bytes of valid UTF-8 at @s: case
 * folded, diacritics removed ("Türkiye" -> "turkiye", "Sīsī" -> "sisi"), curly
 * apostrophes and hyphen variants mapped to ASCII, letters such as ø, ł, đ, æ, ß
 * spelled out in ASCII. */
char *tg_norm_fold (const char *s, gssize len);

typedef enum {
  TG_CASE_NONE,        /* no letter: numbers, punctuation */
  TG_CASE_LOWER,       /* first letter lower case: "talks", "al-Sisi" */
  TG_CASE_CAPITAL,     /* first letter upper, some lower: "Kyiv", "McGurk" */
  TG_CASE_UPPER,       /* every letter upper case: "NATO", "U.S.", "A" */
} TgCase;

/* Classifies @len bytes of valid UTF-8. */
TgCase tg_norm_case (const char *s, gssize len);

/* TRUE when the token holds an upper-case letter anywhere ("al-Sisi"). */
gboolean tg_norm_has_upper (const char *s, gssize len);

typedef struct _TgStemmer TgStemmer;

/* Creates an English Snowball stemmer; NULL only if libstemmer lacks English. */
TgStemmer *tg_stemmer_new (void);
void tg_stemmer_free (TgStemmer *stemmer);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgStemmer, tg_stemmer_free)

/* Stems @folded (the output of tg_norm_fold) and returns a newly allocated stem. */
char *tg_stemmer_stem (TgStemmer *stemmer, const char *folded);

/* Folds and stems each space-separated word of @phrase, joining the stems with
 * single spaces: the key under which stem-matched lexicon phrases are stored. */
char *tg_stemmer_stem_phrase (TgStemmer *stemmer, const char *phrase);

G_END_DECLS
