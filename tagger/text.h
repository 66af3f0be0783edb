/* text.h — from raw bytes to a tokenised document.
 *
 * Owns input decoding (UTF-8 validation or lenient repair, NUL bytes; a BOM is kept
 * and read as white space, so offsets are offsets into the input) and
 * the sentence splitter and tokenizer of ANNOTATION.md section 2: words, numbers
 * with separators, punctuation, clitics ("Iran's" -> Iran + 's), abbreviations
 * and initials that keep their period, hyphenated words, dashes, quotes. */
#pragma once

#include "document.h"

G_BEGIN_DECLS

typedef enum {
  TG_TEXT_STRICT = 0,
  TG_TEXT_LENIENT = 1 << 0,   /* replace invalid UTF-8 with U+FFFD instead of failing */
} TgTextFlags;

/* Decodes @len bytes of @bytes (need not be NUL-terminated) into a new document
 * named @name and tokenises it. Fails with TG_ERROR_ENCODING
 * naming @name and the byte offset of the first invalid byte or NUL, or with
 * TG_ERROR_LIMIT for a token longer than TG_MAX_TOKEN_BYTES. Thread-safe. */
TgDocument *tg_text_document_new (const char *name, const char *bytes, gsize len,
                                  TgTextFlags flags, GError **error);

/* g_utf8_validate_len() for text with no NUL byte (check for those first):
 * FALSE at the first invalid sequence, with its position in @bad. Skips ASCII
 * 8 bytes at a time and validates only the runs of non-ASCII bytes (an ASCII
 * byte can neither continue a sequence nor belong to one, so each run
 * validates alone, with the same result as the whole text). Thread-safe. */
gboolean tg_text_validate (const char *s, gsize len, const char **bad);

G_END_DECLS
