/* conll.h — the CoNLL format of ANNOTATION.md section 2: reading pre-tokenised
 * (and possibly tagged) documents, and writing tagged ones.
 *
 * A file is split into documents at lines whose first column is -DOCSTART-; a
 * file with none is one document. Blank lines end sentences. */
#pragma once

#include "document.h"

G_BEGIN_DECLS

/* Parses @len bytes of CoNLL text from @name into documents (GPtrArray of
 * TgDocument*, owning them). Each document's text is its tokens joined by one
 * space, sentences by a newline, so that token offsets stay meaningful; its
 * `extra` holds, per token, the columns after the first joined by one space ("" if
 * none). Accepts CRLF, a BOM and a missing final blank line. Errors name @name and
 * the line. Thread-safe. */
GPtrArray *tg_conll_read (const char *name, const char *data, gsize len, GError **error);

/* Appends @doc to @out as "-DOCSTART- -X- -X- O", a blank line, then one
 * "TOKEN TAG" line per token (IOB2 from doc->entities) and a blank line after
 * each sentence. */
void tg_conll_write (const TgDocument *doc, GString *out);

/* Reader details, for both tg_conll_read() and tg_conll_read_gold():
 * - columns are separated by runs of spaces or tabs; a line of only white space
 *   is blank;
 * - every token line of a file must have the same number of columns as the first
 *   one (conlleval's rule), else TG_ERROR_PARSE "NAME:LINE: unexpected number of
 *   features: N (expected M, as on line K)"; -DOCSTART- lines are exempt, so that
 *   tg_conll_write() output reads back;
 * - a line whose first column is -X- ends a sentence, as in conlleval;
 * - when the file has -DOCSTART- lines, documents are named "NAME#1", "NAME#2",
 *   ... in file order (an empty stretch before the first -DOCSTART- is no
 *   document); otherwise the one document is named NAME;
 * - a sentence longer than TG_MAX_SENTENCE_TOKENS is cut into sentences of that
 *   size;
 * - invalid UTF-8 or a NUL byte is TG_ERROR_ENCODING, a line longer than
 *   TG_MAX_LINE_BYTES or a token longer than TG_MAX_TOKEN_BYTES TG_ERROR_LIMIT,
 *   each naming NAME and the line. */

/* Like tg_conll_read(), for gold data: every token line must also have a tag
 * column (at least two columns), else TG_ERROR_PARSE naming @name and the line. */
GPtrArray *tg_conll_read_gold (const char *name, const char *data, gsize len, GError **error);

/* The last column of token @i of a document read from CoNLL (its gold tag): a
 * pointer into doc->extra, valid as long as @doc; "" when the token has only one
 * column. @doc must come from tg_conll_read() (doc->extra non-NULL). */
const char *tg_conll_tag (const TgDocument *doc, guint i);

/* The tg_conll_tag() of every token of @doc, in a new array the caller owns
 * (the strings belong to @doc). */
GPtrArray *tg_conll_tags (const TgDocument *doc);

G_END_DECLS
