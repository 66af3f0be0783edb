/* bench.c — the throughput benchmark: runs the tagger's commands over one
 * generated corpus and prints, per command, the median wall time over several
 * runs, MB/s of article text, tokens/s, the peak RSS of the child (from
 * wait4()), and the time relative to `wc -w` on the same text.
 *
 * Usage (meson builds and runs it as `ninja -C BUILD bench`):
 *   bench --tagger PATH --gen PATH --lexicons DIR --corpus DIR
 *         [--size MB] [--runs N] [--jobs N]
 * The corpus (JSON Lines plus the same texts as plain-text files) is made by
 * gen-corpus under --corpus and reused while --size and --lexicons stay the
 * same. `bench --tokenize FILE...` is the "tokenize only" child: it reads and
 * tokenises the files and prints the number of tokens. */
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tagger.h"
#include "text.h"
#include "tg-io.h"
#include "tg-limits.h"

typedef struct {
  double seconds;
  double cpu_seconds;   /* user + system */
  double max_rss_mb;
  int status;
} RunResult;

/* Runs @argv with stdin from @input (NULL: /dev/null) and stdout to /dev/null,
 * or to @capture when given; stderr is inherited. Returns FALSE if it could not
 * start or did not exit with 0 (res->status then says how it ended, -1 when it
 * did not start). */
static gboolean
run_child (char **argv, const char *input, const char *capture, RunResult *res)
{
  res->status = -1;
  gint64 start = g_get_monotonic_time ();
  pid_t pid = fork ();
  if (pid < 0)
    return FALSE;
  if (pid == 0)
    {
      int in = open (input != NULL ? input : "/dev/null", O_RDONLY);
      int out = capture != NULL ? open (capture, O_WRONLY | O_CREAT | O_TRUNC, 0644) : open ("/dev/null", O_WRONLY);
      if (in < 0 || out < 0)
        _exit (126);
      dup2 (in, STDIN_FILENO);
      dup2 (out, STDOUT_FILENO);
      close (in);
      close (out);
      execv (argv[0], argv);
      _exit (127);
    }
  int status = 0;
  struct rusage ru;
  while (wait4 (pid, &status, 0, &ru) < 0)
    if (errno != EINTR)
      return FALSE;
  res->seconds = (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
  res->cpu_seconds = (double) (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec)
                     + (double) (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
  res->max_rss_mb = (double) ru.ru_maxrss / 1024.0;
  res->status = WIFEXITED (status) ? WEXITSTATUS (status) : 128 + WTERMSIG (status);
  return res->status == 0;
}

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
median (GArray *values)
{
  g_array_sort (values, compare_doubles);
  guint n = values->len;
  if (n == 0)
    return 0;
  double *v = (double *) (void *) values->data;
  return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* The load-time child: loads the lexicons and the model (none when @model is
 * "") @runs times and prints the
 * median in milliseconds. A child, so that the benchmark process itself stays
 * small: a forked child's peak RSS starts from its parent's. */
static int
time_loads (const char *lexicons, const char *model, int runs, const char *cache_dir)
{
  g_autoptr (GArray) loads = g_array_new (FALSE, FALSE, sizeof (double));
  if (cache_dir != NULL)
    tg_tagger_free (tg_tagger_new_cached (lexicons, model, cache_dir, "bench", NULL));   /* makes the cache */
  for (int r = 0; r < runs; r++)
    {
      g_autoptr (GError) error = NULL;
      gint64 t0 = g_get_monotonic_time ();
      g_autoptr (TgTagger) t = tg_tagger_new_cached (lexicons, model, cache_dir, "bench", &error);
      double ms = (double) (g_get_monotonic_time () - t0) / 1000.0;
      if (t == NULL)
        {
          fprintf (stderr, "bench: %s\n", error->message);
          return 1;
        }
      g_array_append_val (loads, ms);
    }
  printf ("%.1f\n", median (loads));
  return 0;
}

/* The "tokenize only" child. */
static int
tokenize_files (int argc, char **argv)
{
  guint64 tokens = 0;
  for (int i = 0; i < argc; i++)
    {
      g_autofree char *contents = NULL;
      gsize len = 0;
      g_autoptr (GError) error = NULL;
      if (!tg_read_file (argv[i], TG_DEFAULT_MAX_DOCUMENT_BYTES, &contents, &len, &error))
        {
          fprintf (stderr, "bench: %s\n", error->message);
          return 1;
        }
      g_autoptr (TgDocument) doc = tg_text_document_new (argv[i], contents, len, TG_TEXT_STRICT, &error);
      if (doc == NULL)
        {
          fprintf (stderr, "bench: %s\n", error->message);
          return 1;
        }
      tokens += doc->tokens->len;
    }
  printf ("%" G_GUINT64_FORMAT "\n", tokens);
  return 0;
}

/* g_ptr_array_sort() passes pointers to the elements. */
static int
compare_paths (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

static GPtrArray *
list_text_files (const char *dir, guint64 *total)
{
  GPtrArray *files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  *total = 0;
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    if (g_str_has_suffix (name, ".txt"))
      g_ptr_array_add (files, g_build_filename (dir, name, NULL));
  g_ptr_array_sort (files, compare_paths);
  for (guint i = 0; i < files->len; i++)
    {
      GStatBuf st;
      if (g_stat (files->pdata[i], &st) == 0)
        *total += (guint64) st.st_size;
    }
  return files;
}

/* Makes the corpus unless one of the same parameters is already there. */
static gboolean
ensure_corpus (const char *gen, const char *lexicons, const char *corpus, double size_mb)
{
  g_autofree char *params_path = g_build_filename (corpus, "params", NULL);
  g_autofree char *want = g_strdup_printf ("size=%g seed=1 lexicons=%s\n", size_mb, lexicons);
  g_autofree char *have = NULL;
  if (g_file_get_contents (params_path, &have, NULL, NULL) && strcmp (have, want) == 0)
    return TRUE;
  g_autofree char *text_dir = g_build_filename (corpus, "text", NULL);
  g_autofree char *jsonl = g_build_filename (corpus, "corpus.jsonl", NULL);
  g_mkdir_with_parents (corpus, 0777);
  g_autoptr (GDir) d = g_dir_open (text_dir, 0, NULL);
  const char *name;
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (text_dir, name, NULL);
      g_unlink (path);
    }
  g_unlink (params_path);
  fprintf (stderr, "bench: generating a %g MB corpus in %s\n", size_mb, corpus);
  g_autofree char *size = g_strdup_printf ("%g", size_mb);
  char *argv[] = { (char *) gen, (char *) "--lexicons", (char *) lexicons, (char *) "--size", size,
                   (char *) "--jsonl", jsonl, (char *) "--text-dir", text_dir, NULL };
  RunResult res = { 0 };
  if (!run_child (argv, NULL, NULL, &res))
    {
      fprintf (stderr, "bench: gen-corpus failed (status %d)\n", res.status);
      return FALSE;
    }
  return g_file_set_contents (params_path, want, -1, NULL);
}

typedef struct {
  const char *label;
  GPtrArray *argv;       /* NULL-terminated */
  const char *input;     /* stdin file or NULL */
} Step;

int
main (int argc, char **argv)
{
  if (argc > 1 && strcmp (argv[1], "--tokenize") == 0)
    return tokenize_files (argc - 2, argv + 2);
  if (argc == 6 && strcmp (argv[1], "--load") == 0)
    return time_loads (argv[2], argv[3][0] != '\0' ? argv[3] : NULL, atoi (argv[4]),
                       argv[5][0] != '\0' ? argv[5] : NULL);

  g_autofree char *tagger = NULL, *gen = NULL, *lexicons = NULL, *corpus = NULL, *model = NULL;
  double size_mb = 4;
  gint runs = 5, jobs = (gint) g_get_num_processors ();
  GOptionEntry entries[] = {
    { "tagger", 0, 0, G_OPTION_ARG_FILENAME, &tagger, "The tagger executable", "PATH" },
    { "gen", 0, 0, G_OPTION_ARG_FILENAME, &gen, "The gen-corpus executable", "PATH" },
    { "lexicons", 0, 0, G_OPTION_ARG_FILENAME, &lexicons, "Lexicon directory", "DIR" },
    { "corpus", 0, 0, G_OPTION_ARG_FILENAME, &corpus, "Where the corpus is kept", "DIR" },
    { "model", 0, 0, G_OPTION_ARG_FILENAME, &model, "Stance model (default: the tagger's own default)", "FILE" },
    { "size", 0, 0, G_OPTION_ARG_DOUBLE, &size_mb, "MB of article text (default 4; 1000 for a 1 GB run)", "MB" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Runs per command (default 5)", "N" },
    { "jobs", 'j', 0, G_OPTION_ARG_INT, &jobs, "Threads for the -jN rows (default: cores)", "N" },
    { NULL, 0, 0, 0, NULL, NULL, NULL },
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("- benchmark the tagger");
  g_option_context_add_main_entries (ctx, entries, NULL);
  g_autoptr (GError) error = NULL;
  if (!g_option_context_parse (ctx, &argc, &argv, &error) || tagger == NULL || gen == NULL
      || lexicons == NULL || corpus == NULL || runs < 1 || jobs < 1 || size_mb <= 0)
    {
      fprintf (stderr, "bench: %s\n", error != NULL ? error->message
                                                    : "need --tagger, --gen, --lexicons and --corpus");
      return 2;
    }
  if (!ensure_corpus (gen, lexicons, corpus, size_mb))
    return 1;

  g_autofree char *text_dir = g_build_filename (corpus, "text", NULL);
  g_autofree char *jsonl = g_build_filename (corpus, "corpus.jsonl", NULL);
  guint64 text_bytes = 0;
  g_autoptr (GPtrArray) files = list_text_files (text_dir, &text_bytes);
  GStatBuf st;
  guint64 jsonl_bytes = g_stat (jsonl, &st) == 0 ? (guint64) st.st_size : 0;
  if (files->len == 0)
    {
      fprintf (stderr, "bench: no text files in %s\n", text_dir);
      return 1;
    }
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);

  /* Tokens in the corpus, counted by the tokenize-only child. */
  g_autofree char *count_path = g_build_filename (corpus, "tokens.count", NULL);
  g_autoptr (GPtrArray) tok_argv = g_ptr_array_new ();
  g_ptr_array_add (tok_argv, self);
  g_ptr_array_add (tok_argv, (gpointer) "--tokenize");
  for (guint i = 0; i < files->len; i++)
    g_ptr_array_add (tok_argv, files->pdata[i]);
  g_ptr_array_add (tok_argv, NULL);
  RunResult res = { 0 };
  g_autofree char *count_text = NULL;
  if (!run_child ((char **) tok_argv->pdata, NULL, count_path, &res)
      || !g_file_get_contents (count_path, &count_text, NULL, NULL))
    {
      fprintf (stderr, "bench: counting tokens failed\n");
      return 1;
    }
  guint64 tokens = g_ascii_strtoull (count_text, NULL, 10);

  /* Lexicon load, timed in a child. */
  g_autofree char *load_path = g_build_filename (corpus, "load.ms", NULL);
  /* The tagger keeps a compiled copy of the lexicons under XDG_CACHE_HOME
   * (lexicon.h): the benchmark's copy stays with its corpus. The warm-up run
   * of each row makes it if needed; the timed runs use it, as a second run of
   * the tagger would. */
  g_autofree char *cache_home = g_build_filename (corpus, "xdg-cache", NULL);
  g_autofree char *cache_dir = g_build_filename (cache_home, "tagger", NULL);
  g_setenv ("XDG_CACHE_HOME", cache_home, TRUE);
  g_autofree char *runs_text = g_strdup_printf ("%d", runs);
  double load_ms[2];   /* from the TSVs, from the lexicon cache */
  for (int cached = 0; cached < 2; cached++)
    {
      char *load_argv[] = { self, (char *) "--load", lexicons, model != NULL ? model : (char *) "", runs_text,
                            cached ? cache_dir : (char *) "", NULL };
      g_autofree char *load_text = NULL;
      if (!run_child (load_argv, NULL, load_path, &res) || !g_file_get_contents (load_path, &load_text, NULL, NULL))
        {
          fprintf (stderr, "bench: loading the lexicons failed\n");
          return 1;
        }
      load_ms[cached] = g_ascii_strtod (load_text, NULL);
    }

  g_autofree char *lex_opt = g_strdup_printf ("--lexicons=%s", lexicons);
  /* Without --model the tagger takes its default; repeating --lexicons then
   * keeps the argument lists the same shape. */
  g_autofree char *model_opt = model != NULL ? g_strdup_printf ("--model=%s", model) : g_strdup (lex_opt);
  g_autofree char *jn = g_strdup_printf ("-j%d", jobs);
  g_autofree char *label_jn = g_strdup_printf ("batch -j%d (JSON)", jobs);
  g_autofree char *label_jn_conll = g_strdup_printf ("batch -j%d --format=conll", jobs);
  struct {
    const char *label;
    const char *const *args;   /* after the program, before the files */
    gboolean text_files;       /* the plain-text files as arguments, else corpus.jsonl on stdin */
    const char *program;       /* NULL: the tagger */
  } specs[] = {
    { "wc -w", (const char *const[]) { "-w", NULL }, TRUE, "/usr/bin/wc" },
    { "tokenize only", (const char *const[]) { "--tokenize", NULL }, TRUE, self },
    { "tag --format=conll", (const char *const[]) { "tag", lex_opt, model_opt, "--format=conll", NULL }, TRUE, NULL },
    { "tag --format=json", (const char *const[]) { "tag", lex_opt, model_opt, "--format=json", NULL }, TRUE, NULL },
    { "batch -j1 (JSON)", (const char *const[]) { "batch", lex_opt, model_opt, "-j1", "--no-progress", NULL }, FALSE, NULL },
    { label_jn, (const char *const[]) { "batch", lex_opt, model_opt, jn, "--no-progress", NULL }, FALSE, NULL },
    { "batch -j1 --format=conll", (const char *const[]) { "batch", lex_opt, model_opt, "-j1", "--format=conll", "--no-progress", NULL }, FALSE, NULL },
    { label_jn_conll, (const char *const[]) { "batch", lex_opt, model_opt, jn, "--format=conll", "--no-progress", NULL }, FALSE, NULL },
    { "startup (batch, empty input)", (const char *const[]) { "batch", lex_opt, model_opt, "-j1", "--no-progress", NULL }, FALSE, NULL },
  };

  g_autofree char *cpu = NULL;
  g_autofree char *cpuinfo = NULL;
  if (g_file_get_contents ("/proc/cpuinfo", &cpuinfo, NULL, NULL))
    {
      char *m = strstr (cpuinfo, "model name");
      char *colon = m != NULL ? strchr (m, ':') : NULL;
      if (colon != NULL)
        cpu = g_strstrip (g_strndup (colon + 1, strcspn (colon + 1, "\n")));
    }
  printf ("Machine: %u cores (nproc), %s\n", g_get_num_processors (), cpu != NULL ? cpu : "unknown CPU");
  printf ("Corpus: %.1f MB of article text in %u files; %.1f MB of JSON Lines; %" G_GUINT64_FORMAT " tokens\n",
          (double) text_bytes / 1e6, files->len, (double) jsonl_bytes / 1e6, tokens);
  printf ("Lexicon + model load (tg_tagger_new in a fresh process, median of %d; %s): %.1f ms from the TSVs, "
          "%.1f ms from the lexicon cache\n", runs, model != NULL ? "with the model" : "no model", load_ms[0], load_ms[1]);
  g_autofree char *loadavg = NULL;
  if (g_file_get_contents ("/proc/loadavg", &loadavg, NULL, NULL))
    printf ("Load average before: %.*s\n", (int) strcspn (loadavg, "\n"), loadavg);
  printf ("Medians of %d runs (after one warm-up run), and the fastest run (\"min s\"). MB/s and\n"
          "tokens/s count article text for every row; \"CPU s\" is user + system time; \"x wc -w\" is\n"
          "time / time of wc -w.\n\n", runs);
  printf ("| %-30s | %8s | %8s | %8s | %8s | %12s | %11s | %8s |\n", "command", "time s", "min s", "CPU s", "MB/s",
          "tokens/s", "peak RSS MB", "x wc -w");
  printf ("|%s|%s|%s|%s|%s|%s|%s|%s|\n", "--------------------------------", "---------:", "---------:", "---------:",
          "---------:", "-------------:", "------------:", "---------:");
  fflush (stdout);

  double wc_seconds = 0, j1 = 0, jn_s = 0, j1_min = 0, jn_min = 0;
  for (guint s = 0; s < G_N_ELEMENTS (specs); s++)
    {
      gboolean empty = g_str_has_prefix (specs[s].label, "startup");
      g_autoptr (GPtrArray) av = g_ptr_array_new ();
      g_ptr_array_add (av, (gpointer) (specs[s].program != NULL ? specs[s].program : tagger));
      for (const char *const *a = specs[s].args; *a != NULL; a++)
        g_ptr_array_add (av, (gpointer) *a);
      if (specs[s].text_files)
        for (guint i = 0; i < files->len; i++)
          g_ptr_array_add (av, files->pdata[i]);
      g_ptr_array_add (av, NULL);
      const char *input = specs[s].text_files || empty ? NULL : jsonl;

      g_autoptr (GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr (GArray) rss = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr (GArray) cpu_times = g_array_new (FALSE, FALSE, sizeof (double));
      for (gint r = -1; r < runs; r++)
        {
          if (!run_child ((char **) av->pdata, input, NULL, &res))
            {
              fprintf (stderr, "bench: %s failed with status %d\n", specs[s].label, res.status);
              return 1;
            }
          if (r < 0)
            continue;
          g_array_append_val (times, res.seconds);
          g_array_append_val (rss, res.max_rss_mb);
          g_array_append_val (cpu_times, res.cpu_seconds);
        }
      double t = median (times);
      double fastest = g_array_index (times, double, 0);   /* median() sorted them */
      double peak = median (rss);
      double cpu_s = median (cpu_times);
      if (s == 0)
        wc_seconds = t;
      if (strcmp (specs[s].label, "batch -j1 (JSON)") == 0)
        j1 = t;
      if (specs[s].label == label_jn)
        jn_s = t;
      if (strcmp (specs[s].label, "batch -j1 (JSON)") == 0)
        j1_min = fastest;
      if (specs[s].label == label_jn)
        jn_min = fastest;
      if (empty)
        printf ("| %-30s | %8.3f | %8.3f | %8.3f | %8s | %12s | %11.1f | %8s |\n", specs[s].label, t, fastest, cpu_s,
                "-", "-", peak, "-");
      else
        printf ("| %-30s | %8.3f | %8.3f | %8.3f | %8.1f | %12.0f | %11.1f | %8.1f |\n", specs[s].label, t, fastest,
                cpu_s, (double) text_bytes / 1e6 / t, (double) tokens / t, peak, t / wc_seconds);
      fflush (stdout);
    }
  if (j1 > 0 && jn_s > 0)
    printf ("\nbatch -j%d (JSON) is %.2fx batch -j1 by median wall time, %.2fx by the fastest runs.\n", jobs,
            j1 / jn_s, j1_min / jn_min);
  g_clear_pointer (&loadavg, g_free);
  if (g_file_get_contents ("/proc/loadavg", &loadavg, NULL, NULL))
    printf ("Load average after: %.*s\n", (int) strcspn (loadavg, "\n"), loadavg);
  return 0;
}
