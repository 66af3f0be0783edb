/* tg-error.h — the single GError domain of libtagger and its codes.
 *
 * Every fallible library call reports through TG_ERROR with one of these codes;
 * the message names the file (or "<stdin>") and a line or byte offset. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TG_ERROR (tg_error_quark ())
GQuark tg_error_quark (void);

typedef enum {
  TG_ERROR_IO,          /* a file could not be opened, read or written */
  TG_ERROR_ENCODING,    /* input is not valid UTF-8, or holds a NUL byte */
  TG_ERROR_LIMIT,       /* input exceeds a documented limit (tg-limits.h) */
  TG_ERROR_PARSE,       /* malformed CoNLL, stance, lexicon, model or JSON data */
  TG_ERROR_LEXICON,     /* lexicon data that parses but is inconsistent */
  TG_ERROR_MODEL,       /* model file that parses but is inconsistent */
} TgErrorCode;

G_END_DECLS
