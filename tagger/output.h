/* output.h — the readable text view and the JSON view of a tagged document.
 *
 * (The CoNLL view lives in conll.h.) Writers append to a caller's GString and
 * never fail; the caller decides where the bytes go. */
#pragma once

#include <glib.h>

#include "document.h"
#include "lexicon.h"

G_BEGIN_DECLS

/* Appends one JSON object for @doc and a newline: {"document", "tokens",
 * "sentences", "entities", "parties"} as documented in README.md. Compact on one
 * line unless @pretty. */
void tg_output_json (const TgDocument *doc, const TgLexicon *lexicon, gboolean pretty, GString *out);

/* Appends a summary for a terminal: the entities grouped by party and type with
 * counts, then the places, then the names that stand for no party. */
void tg_output_text (const TgDocument *doc, const TgLexicon *lexicon, GString *out);

/* Returns a newly allocated copy of an entity's text as written in the document. */
char *tg_entity_text (const TgDocument *doc, const TgEntity *entity);

G_END_DECLS
