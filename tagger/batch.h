/* batch.h — JSON Lines batch tagging: one record per input line, one result per
 * output line, in input order, tagged by a pool of worker threads that share one
 * immutable TgTagger.
 *
 * Owns the record format (an object with "id" and "text"; other members are
 * passed through byte for byte), the error record that stands in for a bad
 * record, duplicate-id detection, and the bounded, ordered pipeline: a reader
 * thread cuts lines, workers tag them, and the caller's thread receives the
 * results in input order. Memory stays bounded by a window of records in
 * flight, whatever the length of the input. */
#pragma once

#include <glib.h>

#include "tagger.h"

G_BEGIN_DECLS

/* Default largest record (one input line, without its newline), in bytes. A
 * long news article is 50 KB; 1 MiB leaves room for odd ones and bounds what one
 * worker holds (its JSON result is ~15 times the text). Configurable. */
#define TG_BATCH_DEFAULT_MAX_RECORD_BYTES (1024 * 1024)

/* Records in flight (read but not yet handed back) per worker thread. Enough
 * that a slow record does not leave the other workers idle while output waits
 * for it; the byte budget below bounds the memory. */
#define TG_BATCH_WINDOW_PER_THREAD 32

/* Input and output bytes in flight above which the reader waits (one record is
 * always admitted, so a record near the size limit still goes through). Keeps
 * peak memory flat whatever the corpus size. */
#define TG_BATCH_MAX_BYTES_IN_FLIGHT (32 * 1024 * 1024)

/* Most worker threads accepted: far above any machine this runs on, low enough
 * to refuse a typo such as -j 10000. */
#define TG_BATCH_MAX_THREADS 256

typedef enum {
  TG_BATCH_JSON,    /* one line per record: the `tag --format=json` object plus "id" */
  TG_BATCH_CONLL,   /* one CoNLL document per record (-DOCSTART- each) */
} TgBatchFormat;

typedef struct {
  TgBatchFormat format;
  guint n_threads;            /* worker threads, at least 1 */
  gsize max_record_bytes;     /* 0: TG_BATCH_DEFAULT_MAX_RECORD_BYTES */
  gboolean lenient;           /* repair invalid UTF-8 and \u0000 as `tag --lenient` does */
  gboolean check_ids;         /* report a repeated id as an error record */
} TgBatchOptions;

/* One input: a caller-opened file descriptor (read to its end, not closed) and
 * the name that error messages give it ("corpus.jsonl", "<stdin>"). */
typedef struct {
  int fd;
  const char *name;
} TgBatchInput;

/* What the sink receives for each record, in input order. The pointers are valid
 * only during the call. */
typedef struct {
  const char *input;     /* the input's name */
  guint64 line;          /* 1-based line number in that input */
  guint64 in_bytes;      /* input bytes the record took, newline included */
  const char *data;      /* the output: a JSON line with its newline, or a CoNLL document */
  gsize len;
  const char *error;     /* NULL, or why the record failed ("NAME:LINE: ...");
                            @data is then the error record */
} TgBatchResult;

/* Receives each result (or NULL: "nothing more for now, flush"), on the thread
 * that called tg_batch_run(). Returning FALSE (with @error set) stops the run. */
typedef gboolean (*TgBatchSink) (const TgBatchResult *result, gpointer user_data, GError **error);

typedef struct {
  guint64 records;       /* records handed to the sink */
  guint64 failed;        /* of which error records */
  guint64 in_bytes;      /* input bytes read */
  guint64 out_bytes;     /* output bytes handed to the sink */
} TgBatchStats;

/* Tags every line of @inputs, in order, with @tagger on @opts->n_threads worker
 * threads and hands each result to @sink in input order. A bad record (invalid
 * JSON, no or a bad "id" or "text", too long, invalid UTF-8, a duplicate id when
 * @opts->check_ids) is not an error of the run: it yields an error record in its
 * place and is counted in @stats. Returns FALSE with @error set when an input
 * cannot be read or @sink fails; @stats then counts what was delivered. Reads
 * each input to its end; never closes them. With one thread, everything runs on
 * the calling thread (reading, tagging, delivering), with no hand-offs. Before
 * it may wait (for input, or for a record still being tagged) it calls @sink
 * with a NULL result, so that the sink can flush what it buffered.
 * Thread-safe (each call runs its own pipeline). */
gboolean tg_batch_run (const TgTagger *tagger, const TgBatchOptions *opts,
                       const TgBatchInput *inputs, guint n_inputs,
                       TgBatchSink sink, gpointer user_data,
                       TgBatchStats *stats, GError **error);

/* The record level, for callers that bring their own threads and for tests. */
typedef struct _TgBatchWorker TgBatchWorker;

/* Per-thread state (scratch, JSON parser) for tagging records with @tagger,
 * which must outlive it. Not thread-safe itself: one per thread. */
TgBatchWorker *tg_batch_worker_new (const TgTagger *tagger, const TgBatchOptions *opts);
void tg_batch_worker_free (TgBatchWorker *worker);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgBatchWorker, tg_batch_worker_free)

/* Tags one record (@len bytes at @data, without its line end; a final CR is
 * ignored) and appends its output to @out. @input and @line name it in error
 * messages. On success returns TRUE and, when @id_key is not NULL, sets it to a
 * newly allocated copy of the id as written in the input (the key under which
 * duplicates are found). On a bad record returns FALSE, appends the error record
 * ({"id": ..., "error": ...} and a newline in JSON, an empty document in CoNLL)
 * and sets @error (TG_ERROR) to the same message; @id_key is then the id if it
 * was read, else NULL. */
gboolean tg_batch_worker_process (TgBatchWorker *worker, const char *input, guint64 line,
                                  const char *data, gsize len, GString *out,
                                  char **id_key, GError **error);

/* Appends the error record for @message to @out: {"id":ID,"error":MESSAGE} and a
 * newline, with @id_key written as is (it is JSON as read from the input) or null
 * when NULL, in JSON; an empty CoNLL document in CoNLL. */
void tg_batch_append_error (TgBatchFormat format, const char *id_key, const char *message, GString *out);

G_END_DECLS
