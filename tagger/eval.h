/* eval.h — scoring a tagger against gold data: entity chunks counted exactly as
 * conlleval.pl (the CoNLL-2000 shared task script, version 2004-01-26) counts
 * them, and stance labels per (document, party, dimension).
 *
 * A TgEval accumulates one evaluation run. The caller feeds it the stream of
 * (token, gold tag, predicted tag) lines and sentence boundaries that conlleval
 * reads, either parsed from a system file (tg_eval_add_system) or built from
 * tagged gold documents (tg_eval_add_document), plus gold and predicted stance
 * sets per document; then calls tg_eval_finish() and asks for scores or a report.
 * A TgEval is not thread-safe; separate TgEvals are independent. */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "document.h"

G_BEGIN_DECLS

/* ---- stance label sets ---------------------------------------------------- */

/* The stance dimensions of ANNOTATION.md section 4, by name. */
#define TG_EVAL_STANCE_CEASEFIRE_FIRST "ceasefire_first"
#define TG_EVAL_STANCE_TERRITORIAL_CLAIMS "territorial_claims"

/* A set of stance labels for one document: at most one label (-1, 0 or +1) per
 * (party, dimension) pair, kept in insertion order. */
typedef struct _TgEvalStances TgEvalStances;

/* Creates an empty set. Free with tg_eval_stances_free() (accepts NULL). */
TgEvalStances *tg_eval_stances_new (void);
void tg_eval_stances_free (TgEvalStances *stances);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgEvalStances, tg_eval_stances_free)

/* Adds @label (-1, 0 or +1) for @party (a non-empty party code without white
 * space) on @dimension ("ceasefire_first" or "territorial_claims"). Copies the
 * strings. Fails with TG_ERROR_PARSE for an unknown dimension, a label out of
 * range, an invalid party code or a pair that already has a label. */
gboolean tg_eval_stances_add (TgEvalStances *stances, const char *party, const char *dimension,
                              int label, GError **error);

/* Number of (party, dimension) pairs in the set. */
guint tg_eval_stances_size (const TgEvalStances *stances);

/* Looks up the label of (@party, @dimension): TRUE and *@out_label set when the
 * pair has one, FALSE otherwise. */
gboolean tg_eval_stances_lookup (const TgEvalStances *stances, const char *party,
                                 const char *dimension, int *out_label);

/* Parses @len bytes of a stance file (ANNOTATION.md section 5) named @name:
 * "PARTY<TAB>dimension<TAB>label" lines (fields may also be separated by runs of
 * spaces), '#' comment lines and blank lines; CRLF and a BOM are accepted. Any
 * malformed line (wrong field count, unknown dimension, label other than -1, 0,
 * +1, a (party, dimension) pair given twice) fails with TG_ERROR_PARSE; invalid
 * UTF-8 or a NUL byte with TG_ERROR_ENCODING; a line longer than
 * TG_MAX_LINE_BYTES with TG_ERROR_LIMIT. Messages read "NAME:LINE: ...".
 * Returns a new set owned by the caller. Thread-safe. */
TgEvalStances *tg_eval_stances_parse (const char *name, const char *data, gsize len,
                                      GError **error);

/* ---- the evaluation run --------------------------------------------------- */

typedef struct _TgEval TgEval;

typedef enum {
  TG_EVAL_FLAGS_NONE = 0,
  TG_EVAL_COLLECT_ERRORS = 1 << 0,  /* remember every entity and stance error for reports */
} TgEvalFlags;

/* Creates an empty run. Free with tg_eval_free() (accepts NULL). */
TgEval *tg_eval_new (TgEvalFlags flags);
void tg_eval_free (TgEval *eval);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgEval, tg_eval_free)

/* Starts a new document named @name (copied) for display and counting: error
 * reports give the document and the sentence number within it. It does not
 * feed a line to the conlleval stream. */
void tg_eval_begin_document (TgEval *eval, const char *name);

/* Feeds one line of the conlleval stream: @token is the first column (NULL when
 * the line has only the two tag columns), @gold and @pred the full tags ("B-PER",
 * "I-LOC", "O", or anything else: they are split at the first '-' into chunk tag
 * and type, exactly as conlleval does). A @token of "-X-" makes the line a
 * sentence boundary, as in conlleval; "-DOCSTART-" lines are ordinary tokens for
 * the counts (conlleval counts them) but separate sentences in error reports. */
void tg_eval_add_token (TgEval *eval, const char *token, const char *gold, const char *pred);

/* Feeds a sentence boundary (a blank line): counted as an out-of-chunk line that
 * is not a token. */
void tg_eval_add_boundary (TgEval *eval);

/* Feeds a whole document: tg_eval_begin_document (doc->name), a "-DOCSTART- O O"
 * line and a boundary, then each sentence's tokens followed by a boundary: the
 * same stream as a system file holding the document after a -DOCSTART- line.
 * @gold_tags and @pred_tags hold one tag (char *) per token of @doc; neither is
 * kept. */
void tg_eval_add_document (TgEval *eval, const TgDocument *doc, const GPtrArray *gold_tags,
                           const GPtrArray *pred_tags);

/* How tg_eval_add_system() reads a system file; zero-initialised means conlleval's
 * defaults. */
typedef struct {
  /* Field separator, a literal string (conlleval -d takes a regex; only literal
   * separators are supported). NULL: a single space, as in conlleval, except that
   * a file whose first non-blank line holds a tab and no space is read as
   * tab-separated (conlleval would reject it). */
  const char *delimiter;
  gboolean raw;             /* conlleval -r: tags carry no B-/I- prefix, each token is a chunk */
  const char *outside_tag;  /* conlleval -o: the outside tag in raw mode; NULL means "O" */
} TgEvalSystemOptions;

/* Feeds every line of a system file (@len bytes named @name): conlleval's
 * input, one token per line with the gold and the predicted tag in the last two
 * columns, blank or "-X-" lines between sentences. Lines are split exactly as
 * conlleval splits them, so that the counts are conlleval's. Beyond conlleval,
 * a BOM and a CR before each newline are dropped, and lines whose first column
 * is -DOCSTART- start a new document for display ("NAME#k"; a file without
 * them is one document named @name). Fails with TG_ERROR_PARSE
 * ("NAME:LINE: unexpected number of features: N (M)") where conlleval stops, with
 * TG_ERROR_ENCODING for a NUL byte and TG_ERROR_LIMIT for a line longer than
 * TG_MAX_LINE_BYTES; lines before the error have been fed. @options may be NULL. */
gboolean tg_eval_add_system (TgEval *eval, const char *name, const char *data, gsize len,
                             const TgEvalSystemOptions *options, GError **error);

/* Adds the stance labels of one document: @gold (NULL: the document has no gold
 * stance and is left out of stance scoring) and @predicted (NULL: an empty set).
 * Pairs are matched on (party, dimension). Neither set is kept. */
void tg_eval_add_stances (TgEval *eval, const char *document, const TgEvalStances *gold,
                          const TgEvalStances *predicted);

/* Ends the stream, as the end of conlleval's input does. Nothing may be fed
 * after it; the score and report functions below require it. Idempotent. */
void tg_eval_finish (TgEval *eval);

/* ---- scores ----------------------------------------------------------------- */

/* Entity scores, overall or for one type. Fractions are in [0, 1] and 0 when
 * their denominator is 0 (as conlleval prints 0.00). */
typedef struct {
  guint64 tokens;        /* lines that are not boundaries (conlleval's "processed N tokens") */
  guint64 correct_tags;  /* tokens whose gold and predicted tags are identical */
  guint64 gold;          /* chunks in the gold tags */
  guint64 predicted;     /* chunks in the predicted tags */
  guint64 correct;       /* predicted chunks with the gold span and type */
  double accuracy;       /* correct_tags / tokens (overall only) */
  double precision;      /* correct / predicted */
  double recall;         /* correct / gold */
  double f1;             /* 2 * precision * recall / (precision + recall) */
} TgEvalEntityScores;

/* Fills @out for all chunks (@type NULL) or for the chunks of @type. */
void tg_eval_entity_scores (const TgEval *eval, const char *type, TgEvalEntityScores *out);

/* Number of documents begun. */
guint tg_eval_n_documents (const TgEval *eval);

/* Stance labels, in the order of the confusion matrix rows and columns. */
enum {
  TG_EVAL_LABEL_NEG,    /* -1 */
  TG_EVAL_LABEL_ZERO,   /* 0 */
  TG_EVAL_LABEL_POS,    /* +1 */
  TG_EVAL_LABEL_NONE,   /* no label */
  TG_EVAL_N_LABELS
};

/* Stance scores over the documents that have gold stance.
 *
 * accuracy  = correct / pairs_gold: a gold pair counts as correct when it is
 *             predicted with the gold label;
 * coverage  = (gold pairs given any predicted label) / pairs_gold;
 * spurious  = (predicted pairs absent from the gold) / pairs_predicted;
 * per label L in -1, 0, +1: TP = pairs with gold L and predicted L; FP = pairs
 *             predicted L whose gold is another label or absent; FN = gold pairs
 *             labelled L whose prediction is another label or absent;
 *             precision = TP / (TP + FP), recall = TP / (TP + FN), F1 their
 *             harmonic mean (each 0 when its denominator is 0);
 * macro_f1  = the mean of the three per-label F1, always over all three labels.
 * Fractions are 0 when their denominator is 0. confusion[gold][predicted] counts
 * pairs, indexed by TG_EVAL_LABEL_*; confusion[NONE][NONE] is always 0. */
typedef struct {
  guint pairs_gold;
  guint pairs_predicted;
  guint correct;
  guint covered;
  guint spurious_pairs;
  double accuracy;
  double coverage;
  double spurious;
  double macro_f1;
  double precision[3];
  double recall[3];
  double f1[3];
  guint confusion[TG_EVAL_N_LABELS][TG_EVAL_N_LABELS];
} TgEvalStanceScores;

void tg_eval_stance_scores (const TgEval *eval, TgEvalStanceScores *out);

/* ---- reports ----------------------------------------------------------------- */

typedef enum {
  TG_EVAL_REPORT_DEFAULT = 0,
  TG_EVAL_REPORT_STANCE = 1 << 0,  /* text: add the stance block (JSON always has it) */
  TG_EVAL_REPORT_ERRORS = 1 << 1,  /* list the errors (needs TG_EVAL_COLLECT_ERRORS) */
} TgEvalReportFlags;

/* Appends the text report to @out: first conlleval's own output, byte for byte
 * (without the stance block and errors it is exactly what conlleval.pl prints),
 * then the stance block and the list of errors when asked for. */
void tg_eval_write_text (const TgEval *eval, TgEvalReportFlags flags, GString *out);

/* Returns the JSON report as a new node owned by the caller: {"documents",
 * "tokens", "entities": {"overall": {...}, "by_type": {TYPE: {...}}},
 * "stance": {...}} and "errors" when asked for. Scores are fractions in [0, 1]. */
JsonNode *tg_eval_to_json (const TgEval *eval, TgEvalReportFlags flags);

/* Appends the JSON report, pretty-printed, and a newline to @out. */
void tg_eval_write_json (const TgEval *eval, TgEvalReportFlags flags, GString *out);

G_END_DECLS
