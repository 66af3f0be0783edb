/* tg-limits.h — every resource limit of libtagger in one place, with its reason.
 *
 * Limits exist so that hostile input fails with a clear TG_ERROR_LIMIT instead of
 * exhausting memory. Callers may raise the configurable ones through options. */
#pragma once

/* Longest token kept as one token, in bytes. Longer runs of non-space bytes are
 * an error: no word in news text comes near this, binary junk does. */
#define TG_MAX_TOKEN_BYTES (64 * 1024)

/* Most tokens in one sentence. A sentence with no punctuation at all is split
 * into chunks of this size (tagging works on windows, so nothing is lost). */
#define TG_MAX_SENTENCE_TOKENS 1024

/* Default largest input document (one file of `tagger tag`), in bytes;
 * configurable with --max-bytes. Tagging holds about 32 bytes of memory per
 * input byte when every word is a token (a 100 MB line of short words took
 * 3.2 GB and 43 s), so 64 MiB bounds one document at about 2 GB. A news article
 * is under 1 MB and the largest CoNLL corpus file we know (CoNLL-2003 English
 * train) 3.3 MB; anything near the limit is a crawler's junk. */
#define TG_DEFAULT_MAX_DOCUMENT_BYTES (64 * 1024 * 1024)

/* Longest line in a CoNLL, stance, TSV or model file, in bytes. */
#define TG_MAX_LINE_BYTES (1024 * 1024)

/* A line with no final punctuation that stands alone after a blank line ends its
 * sentence (a headline or dateline) only if it has at most this many tokens;
 * longer lines are taken as wrapped text. */
#define TG_MAX_HEADLINE_TOKENS 30

/* Largest lexicon or model file, in bytes: far above any real one (the
 * generated places file is a few MB), low enough to refuse a wrong path. */
#define TG_MAX_LEXICON_BYTES (256 * 1024 * 1024)

/* How many words after "X 's" the rules look for the noun that makes X a place
 * ("Sudan 's second-largest city"). */
#define TG_POSSESSIVE_LOOKAHEAD 3

/* Most tokens of a dateline before its dash ("RIMBO , Sweden , Dec. 13 ( Gulf
 * Ledger ) –" is 11): names there say where the report was filed (the entity
 * rules take its state as the home of untitled offices; stance never gives a
 * cue to them). */
#define TG_DATELINE_TOKENS 16

/* How many words after "NAME ," an apposition may run ("Davit Ohanyan , a
 * spokesman for the Armenian Foreign Ministry ,"). */
#define TG_APPOSITION_WORDS 8

/* Most distinct word forms whose views (folded form, stem, case, context roles)
 * one thread keeps cached between documents (tokview.c), about 100 bytes each:
 * news vocabulary fits easily; a stream of junk words cannot grow memory past a
 * few MB per thread. */
#define TG_TOKVIEW_CACHE_WORDS (64 * 1024)
