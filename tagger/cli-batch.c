/* cli-batch.c — `tagger batch`: tag a JSON Lines stream of records, one result
 * line per input line, in input order, on several threads; with a progress line
 * on stderr. */
#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "batch.h"
#include "cli.h"
#include "tg-error.h"

/* Output is handed to the kernel in blocks of this size (or when the pipeline
 * waits for a record), not record by record. */
#define OUTPUT_BLOCK (64 * 1024)

/* Shortest time between two updates of the progress line, in microseconds. */
#define PROGRESS_INTERVAL_US (250 * 1000)

typedef struct {
  gboolean on;
  gint64 start;            /* monotonic time of the start, in microseconds */
  gint64 last;             /* of the last update */
  guint64 total_bytes;     /* input size when every input is a regular file, else 0 */
  guint64 records;
  guint64 bytes;
  gsize width;             /* length of the line last drawn, to blank it */
} Progress;

typedef struct {
  TgCliOutput *output;
  GString *buf;
  TgBatchFormat format;
  Progress progress;
  char *first_error;
} Sink;

static void
format_duration (double seconds, char *buf, gsize size)
{
  guint64 s = seconds < 0 ? 0 : (guint64) (seconds + 0.5);
  if (s >= 3600)
    g_snprintf (buf, size, "%" G_GUINT64_FORMAT ":%02u:%02u", s / 3600, (guint) (s / 60 % 60), (guint) (s % 60));
  else
    g_snprintf (buf, size, "%u:%02u", (guint) (s / 60), (guint) (s % 60));
}

/* Draws the progress line: records, MB, their rates, and the share done and
 * time left when the input size is known. @final ends it with a newline. */
static void
progress_draw (Progress *pr, gboolean final)
{
  gint64 now = g_get_monotonic_time ();
  if (!pr->on || (!final && now - pr->last < PROGRESS_INTERVAL_US))
    return;
  pr->last = now;
  double elapsed = (double) (now - pr->start) / G_USEC_PER_SEC;
  double mb = (double) pr->bytes / 1e6;
  double rate = elapsed > 0 ? (double) pr->records / elapsed : 0;
  double mb_rate = elapsed > 0 ? mb / elapsed : 0;
  g_autoptr (GString) line = g_string_new (NULL);
  g_string_append_printf (line, "%" G_GUINT64_FORMAT " records, %.1f MB, %.0f records/s, %.1f MB/s",
                          pr->records, mb, rate, mb_rate);
  if (pr->total_bytes > 0 && !final)
    {
      double share = MIN (1.0, (double) pr->bytes / (double) pr->total_bytes);
      char eta[32] = "?";
      if (pr->bytes > 0)
        format_duration (elapsed * ((double) pr->total_bytes - (double) pr->bytes) / (double) pr->bytes,
                         eta, sizeof eta);
      g_string_append_printf (line, ", %.0f%%, ETA %s", share * 100, eta);
    }
  if (final)
    {
      char took[32];
      format_duration (elapsed, took, sizeof took);
      g_string_append_printf (line, ", done in %s", took);
    }
  gsize drawn = line->len;
  while (line->len < pr->width)
    g_string_append_c (line, ' ');
  fprintf (stderr, "\r%s%s", line->str, final ? "\n" : "");
  fflush (stderr);
  pr->width = final ? 0 : drawn;
}

/* Blanks the progress line so that a message can take its place. */
static void
progress_clear (Progress *pr)
{
  if (!pr->on || pr->width == 0)
    return;
  fprintf (stderr, "\r%*s\r", (int) pr->width, "");
  pr->width = 0;
}

static gboolean
sink_flush (Sink *sink, GError **error)
{
  if (sink->buf->len == 0)
    return TRUE;
  if (!tg_cli_output_write (sink->output, sink->buf->str, sink->buf->len, error))
    return FALSE;
  g_string_truncate (sink->buf, 0);
  return TRUE;
}

static gboolean
sink_result (const TgBatchResult *result, gpointer user_data, GError **error)
{
  Sink *sink = user_data;
  if (result == NULL)
    return sink_flush (sink, error);
  g_string_append_len (sink->buf, result->data, (gssize) result->len);
  if (result->error != NULL)
    {
      if (sink->first_error == NULL)
        sink->first_error = g_strdup (result->error);
      /* A CoNLL error record is an empty document: the message goes to stderr. */
      if (sink->format == TG_BATCH_CONLL)
        {
          progress_clear (&sink->progress);
          tg_cli_error ("batch: %s", result->error);
        }
    }
  sink->progress.records++;
  sink->progress.bytes += result->in_bytes;
  progress_draw (&sink->progress, FALSE);
  if (sink->buf->len >= OUTPUT_BLOCK)
    return sink_flush (sink, error);
  return TRUE;
}

/* Opens the inputs ("-" is standard input) and adds up their sizes when all are
 * regular files (0 otherwise). */
static gboolean
open_inputs (const char *const *paths, GArray *inputs, guint64 *total, GError **error)
{
  *total = 0;
  gboolean sized = TRUE;
  for (guint i = 0; paths[i] != NULL; i++)
    {
      TgBatchInput in = { -1, tg_cli_input_name (paths[i]) };
      if (strcmp (paths[i], "-") == 0)
        in.fd = STDIN_FILENO;
      else if ((in.fd = open (paths[i], O_RDONLY | O_CLOEXEC)) < 0)
        {
          int saved = errno;
          g_set_error (error, TG_ERROR, TG_ERROR_IO, "%s: %s", paths[i], g_strerror (saved));
          return FALSE;
        }
      g_array_append_val (inputs, in);
      struct stat st;
      if (fstat (in.fd, &st) == 0 && S_ISDIR (st.st_mode))
        {
          g_set_error (error, TG_ERROR, TG_ERROR_IO, "%s: is a directory", in.name);
          return FALSE;
        }
      off_t at = lseek (in.fd, 0, SEEK_CUR);
      if (fstat (in.fd, &st) == 0 && S_ISREG (st.st_mode) && at >= 0 && st.st_size >= at)
        *total += (guint64) (st.st_size - at);
      else
        sized = FALSE;
    }
  if (!sized)
    *total = 0;
  return TRUE;
}

static void
close_inputs (GArray *inputs)
{
  for (guint i = 0; i < inputs->len; i++)
    {
      int fd = g_array_index (inputs, TgBatchInput, i).fd;
      if (fd != STDIN_FILENO)
        close (fd);
    }
}

/* GLib 2.74's slice allocator, from which json-glib takes every node of the
 * JSON it writes, serialises threads on a global lock when they trade
 * magazines: -j2 writing JSON burnt up to twice the CPU of -j1 and ran no
 * faster. Plain malloc scales (GLib 2.76 made it the only mode), but GLib
 * reads G_SLICE once, when it is loaded, before main(). So when it is unset,
 * the command runs itself again with G_SLICE=always-malloc. Returns only if
 * that is not possible (no /proc), and the run then goes on as it is. Remove
 * this once tg_output_json() stops building a json-glib tree per document. */
static void
reexec_with_plain_malloc (int argc, char **argv)
{
  if (g_getenv ("G_SLICE") != NULL)
    return;
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  g_ptr_array_add (args, (gpointer) "tagger");
  for (int i = 0; i < argc; i++)
    g_ptr_array_add (args, argv[i]);
  g_ptr_array_add (args, NULL);
  g_setenv ("G_SLICE", "always-malloc", TRUE);
  fflush (stdout);
  fflush (stderr);
  execv ("/proc/self/exe", (char **) args->pdata);
  g_unsetenv ("G_SLICE");
}

int
tg_cli_batch (int argc, char **argv)
{
  g_autofree char *format = NULL, *output = NULL, *lexicons = NULL, *model = NULL;
  g_auto (GStrv) files = NULL;
  gint jobs = -1;   /* not given: the number of cores */
  g_autofree char *max_record = NULL;
  gboolean lenient = FALSE, progress = FALSE, no_progress = FALSE, allow_duplicates = FALSE, bad_ok = FALSE;
  GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format, "Output format: json (default; one line per record) or conll", "FORMAT" },
    { "jobs", 'j', 0, G_OPTION_ARG_INT, &jobs, "Worker threads (default: the number of cores)", "N" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Write to FILE (atomically, streamed through a temporary file) instead of standard output", "FILE" },
    { "lexicons", 0, 0, G_OPTION_ARG_FILENAME, &lexicons, "Lexicon directory", "DIR" },
    { "model", 0, 0, G_OPTION_ARG_FILENAME, &model, "Stance model file", "FILE" },
    { "lenient", 0, 0, G_OPTION_ARG_NONE, &lenient, "Replace invalid UTF-8, \\u0000 and unpaired surrogates with U+FFFD instead of failing the record", NULL },
    { "max-record-bytes", 0, 0, G_OPTION_ARG_STRING, &max_record, "Longest record (input line) accepted (K, M, G suffixes; default 1M)", "SIZE" },
    { "allow-duplicate-ids", 0, 0, G_OPTION_ARG_NONE, &allow_duplicates, "Do not check ids for repeats (saves ~16 bytes of memory per record)", NULL },
    { "bad-records-ok", 0, 0, G_OPTION_ARG_NONE, &bad_ok, "Exit with 0 even when records failed (their error records are still written; for Hadoop Streaming and Spark, which fail a task that exits non-zero)", NULL },
    { "progress", 0, 0, G_OPTION_ARG_NONE, &progress, "Show a progress line on stderr even when it is not a terminal", NULL },
    { "no-progress", 0, 0, G_OPTION_ARG_NONE, &no_progress, "Never show the progress line", NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, "[FILE...]" },
    { NULL, 0, 0, 0, NULL, NULL, NULL },
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("- tag a JSON Lines stream of {\"id\", \"text\"} records");
  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_set_summary (ctx, "Reads one JSON object per line (standard input when no FILE or FILE is -) and\n"
                                     "writes, per line and in the same order, the `tagger tag --format=json` result\n"
                                     "with the record's id and its other members, or {\"id\", \"error\"} for a bad\n"
                                     "record. The exit status is 1 when any record failed (0 with --bad-records-ok).");
  /* GOption reads "-j 4" but not "-j4", which make and GNU parallel users type. */
  g_auto (GStrv) args = g_new0 (char *, (gsize) argc + 1);
  for (int i = 0; i < argc; i++)
    {
      const char *a = argv[i];
      gboolean attached = i > 0 && g_str_has_prefix (a, "-j") && a[2] != '\0' && strspn (a + 2, "0123456789") == strlen (a + 2);
      args[i] = attached ? g_strdup_printf ("--jobs=%s", a + 2) : g_strdup (a);
      if (strcmp (a, "--") == 0)
        for (i++; i < argc; i++)
          args[i] = g_strdup (argv[i]);
    }
  g_autoptr (GError) error = NULL;
  if (!g_option_context_parse_strv (ctx, &args, &error))
    {
      tg_cli_error ("batch: %s", error->message);
      return TG_EXIT_USAGE;
    }
  TgBatchOptions opts = { 0 };
  if (format == NULL || strcmp (format, "json") == 0)
    opts.format = TG_BATCH_JSON;
  else if (strcmp (format, "conll") == 0)
    opts.format = TG_BATCH_CONLL;
  else
    {
      tg_cli_error ("batch: unknown --format '%s' (json or conll)", format);
      return TG_EXIT_USAGE;
    }
  if (jobs == -1)
    jobs = (gint) MIN (g_get_num_processors (), TG_BATCH_MAX_THREADS);
  if (jobs < 1 || jobs > TG_BATCH_MAX_THREADS)
    {
      tg_cli_error ("batch: -j must be between 1 and %d", TG_BATCH_MAX_THREADS);
      return TG_EXIT_USAGE;
    }
  gsize max_record_bytes = TG_BATCH_DEFAULT_MAX_RECORD_BYTES;
  if (max_record != NULL && !tg_cli_parse_size ("--max-record-bytes", max_record, &max_record_bytes, &error))
    {
      tg_cli_error ("batch: %s", error->message);
      return TG_EXIT_USAGE;
    }
  if (progress && no_progress)
    {
      tg_cli_error ("batch: --progress and --no-progress contradict each other");
      return TG_EXIT_USAGE;
    }
  if (jobs > 1 && opts.format == TG_BATCH_JSON)
    reexec_with_plain_malloc (argc, argv);
  opts.n_threads = (guint) jobs;
  opts.max_record_bytes = max_record_bytes;
  opts.lenient = lenient;
  opts.check_ids = !allow_duplicates;

  const char *stdin_only[] = { "-", NULL };
  const char *const *paths = files != NULL ? (const char *const *) files : stdin_only;
  g_autoptr (GArray) inputs = g_array_new (FALSE, FALSE, sizeof (TgBatchInput));
  guint64 total = 0;
  if (!open_inputs (paths, inputs, &total, &error))
    {
      close_inputs (inputs);
      tg_cli_error ("%s", error->message);
      return TG_EXIT_FAILURE;
    }

  g_autoptr (TgTagger) tagger = tg_cli_load_tagger (lexicons, model, &error);
  if (tagger == NULL)
    {
      close_inputs (inputs);
      tg_cli_error ("%s", error->message);
      return TG_EXIT_FAILURE;
    }
  g_autoptr (TgCliOutput) out = tg_cli_output_open (output, &error);
  if (out == NULL)
    {
      close_inputs (inputs);
      tg_cli_error ("%s", error->message);
      return TG_EXIT_FAILURE;
    }

  /* A reader that went away is noticed as EPIPE from write(), and ends the run
   * quietly, instead of a signal killing the process mid-write. */
  signal (SIGPIPE, SIG_IGN);

  Sink sink = { 0 };
  sink.output = out;
  sink.buf = g_string_sized_new (2 * OUTPUT_BLOCK);
  sink.format = opts.format;
  sink.progress.on = progress || (!no_progress && isatty (STDERR_FILENO));
  sink.progress.start = sink.progress.last = g_get_monotonic_time ();
  sink.progress.total_bytes = total;

  TgBatchStats stats = { 0 };
  gboolean ok = tg_batch_run (tagger, &opts, (const TgBatchInput *) (void *) inputs->data, inputs->len,
                              sink_result, &sink, &stats, &error);
  close_inputs (inputs);
  g_string_free (sink.buf, TRUE);
  g_autofree char *first_error = g_steal_pointer (&sink.first_error);
  if (ok)
    ok = tg_cli_output_commit (out, &error);
  if (!ok)
    {
      progress_clear (&sink.progress);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE))
        tg_cli_error ("%s", error->message);
      return TG_EXIT_FAILURE;
    }
  progress_draw (&sink.progress, TRUE);
  if (stats.failed > 0)
    {
      if (opts.format == TG_BATCH_JSON)
        tg_cli_error ("batch: %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " records failed (the first: %s)",
                      stats.failed, stats.records, first_error);
      else
        tg_cli_error ("batch: %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " records failed",
                      stats.failed, stats.records);
      return bad_ok ? TG_EXIT_OK : TG_EXIT_FAILURE;
    }
  return TG_EXIT_OK;
}
