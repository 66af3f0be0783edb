/* ner.h — entity recognition: gazetteer matching plus the context rules of
 * ANNOTATION.md section 1, and resolution of each mention to its party.
 *
 * Reads the tokens and sentences of a document and replaces its entities. The
 * rules run in a fixed order (names, titled people, surname coreference,
 * demonym + head spans, LOC/GOV by role), each reading what the earlier ones
 * found; the order is what makes the result deterministic. */
#pragma once

#include "document.h"
#include "lexicon.h"
#include "norm.h"
#include "tokview.h"

G_BEGIN_DECLS

/* Tags @doc. @view holds the token views of @doc (tg_tokview_compute() with
 * @lexicon), computed by the calling thread. Never fails on valid documents;
 * returns FALSE only on internal limits, with @error set. */
gboolean tg_ner_tag (const TgLexicon *lexicon, const TgTokView *view, TgDocument *doc, GError **error);

G_END_DECLS
