/* fuzz-batch.c — `tagger batch` input (batch.h). The first input byte picks the
 * mode: bit 0 lenient, bit 1 CoNLL output, bit 2 the whole pipeline
 * (tg_batch_run on a pipe, two worker threads, duplicate ids checked) instead
 * of one record (tg_batch_worker_process). The rest is the record, or the
 * JSON Lines stream.
 *
 * Checked: a record either yields one JSON line that parses (or one CoNLL
 * document that reads back) or an error record that parses and an error naming
 * the input and line; the pipeline hands back exactly one result per line, in
 * order. */
#include <errno.h>
#include <json-glib/json-glib.h>
#include <pthread.h>
#include <unistd.h>

#include "batch.h"
#include "fuzz-common.h"

static TgTagger *tagger;

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  (void) argc;
  (void) argv;
  fuzz_init_glib ();
  tagger = fuzz_load_tagger ();
  return 0;
}

/* Checks one record's output: one JSON line that parses, or one CoNLL document. */
static void
check_output (TgBatchFormat format, const char *data, gsize len, gboolean ok)
{
  FUZZ_CHECK (g_utf8_validate_len (data, len, NULL), "output is not UTF-8");
  if (format == TG_BATCH_CONLL)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GPtrArray) docs = tg_conll_read ("batch.conll", data, len, &error);
      FUZZ_CHECK (docs != NULL, "CoNLL output does not read back: %s", error->message);
      return;
    }
  FUZZ_CHECK (len > 0 && data[len - 1] == '\n', "a JSON result without its newline");
  FUZZ_CHECK (memchr (data, '\n', len - 1) == NULL, "a JSON result of more than one line");
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  FUZZ_CHECK (json_parser_load_from_data (parser, data, (gssize) len, &error),
              "JSON result does not parse: %s: %.*s", error->message, (int) MIN (len, 300), data);
  JsonNode *root = json_parser_get_root (parser);
  FUZZ_CHECK (JSON_NODE_HOLDS_OBJECT (root), "JSON result is not an object");
  JsonObject *obj = json_node_get_object (root);
  FUZZ_CHECK (json_object_has_member (obj, "id"), "result without an id");
  FUZZ_CHECK (ok == !json_object_has_member (obj, "error"), "error member does not match the outcome");
}

typedef struct {
  TgBatchFormat format;
  guint64 next_line;   /* line number expected next, per input (one input here) */
} SinkState;

static gboolean
sink (const TgBatchResult *result, gpointer user_data, GError **error)
{
  (void) error;
  SinkState *st = user_data;
  if (result == NULL)
    return TRUE;   /* "flush now": the pipeline waits for a slow record */
  FUZZ_CHECK (result->line == st->next_line, "result for line %" G_GUINT64_FORMAT ", expected %" G_GUINT64_FORMAT,
              result->line, st->next_line);
  st->next_line++;
  check_output (st->format, result->data, result->len, result->error == NULL);
  if (result->error != NULL)
    FUZZ_CHECK (g_str_has_prefix (result->error, "fuzz.jsonl:"), "error does not name the input: %s",
                result->error);
  return TRUE;
}

typedef struct {
  int fd;
  const uint8_t *data;
  size_t size;
} Feeder;

static void *
feed (void *arg)
{
  Feeder *f = arg;
  size_t done = 0;
  while (done < f->size)
    {
      ssize_t n = write (f->fd, f->data + done, f->size - done);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      done += (size_t) n;
    }
  close (f->fd);
  return NULL;
}

static void
run_pipeline (const TgBatchOptions *opts, const uint8_t *data, size_t size)
{
  int fds[2];
  FUZZ_CHECK (pipe (fds) == 0, "pipe: %s", g_strerror (errno));
  Feeder feeder = { fds[1], data, size };
  pthread_t thread;
  FUZZ_CHECK (pthread_create (&thread, NULL, feed, &feeder) == 0, "pthread_create");
  TgBatchInput input = { fds[0], "fuzz.jsonl" };
  SinkState st = { opts->format, 1 };
  TgBatchStats stats = { 0 };
  g_autoptr (GError) error = NULL;
  gboolean ok = tg_batch_run (tagger, opts, &input, 1, sink, &st, &stats, &error);
  pthread_join (thread, NULL);
  close (fds[0]);
  FUZZ_CHECK (ok, "the run failed: %s", error->message);
  /* One result per line; a last line without its newline is a line too. */
  guint64 lines = 0;
  for (size_t i = 0; i < size; i++)
    lines += data[i] == '\n';
  if (size > 0 && data[size - 1] != '\n')
    lines++;
  FUZZ_CHECK (stats.records == lines, "%" G_GUINT64_FORMAT " results for %" G_GUINT64_FORMAT " lines",
              stats.records, lines);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  if (size < 1)
    return 0;
  TgBatchOptions opts = { 0 };
  opts.lenient = (data[0] & 1) != 0;
  opts.format = (data[0] & 2) != 0 ? TG_BATCH_CONLL : TG_BATCH_JSON;
  opts.n_threads = 2;
  opts.check_ids = TRUE;
  /* Small enough that the limit is reached within libFuzzer's input sizes. */
  opts.max_record_bytes = 4096;
  if ((data[0] & 4) != 0)
    {
      run_pipeline (&opts, data + 1, size - 1);
      return 0;
    }
  g_autoptr (TgBatchWorker) worker = tg_batch_worker_new (tagger, &opts);
  g_autoptr (GString) out = g_string_new (NULL);
  g_autofree char *id = NULL;
  g_autoptr (GError) error = NULL;
  gboolean ok = tg_batch_worker_process (worker, "fuzz.jsonl", 1, (const char *) data + 1, size - 1, out, &id, &error);
  if (!ok)
    fuzz_check_error (error, "fuzz.jsonl:1: ");
  check_output (opts.format, out->str, out->len, ok);
  return 0;
}
