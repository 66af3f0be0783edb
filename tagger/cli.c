/* cli.c — helpers shared by the subcommands: errors, input, safe output, data
 * paths. */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tg-error.h"
#include "tg-io.h"
#include "tg-limits.h"

void
tg_cli_error (const char *format, ...)
{
  va_list args;
  va_start (args, format);
  g_autofree char *message = g_strdup_vprintf (format, args);
  va_end (args);
  fflush (stdout);
  fprintf (stderr, "tagger: %s\n", message);
}

const char *
tg_cli_input_name (const char *path)
{
  return path == NULL || strcmp (path, "-") == 0 ? "<stdin>" : path;
}

gboolean
tg_cli_read_input_max (const char *path, gsize max_bytes, char **contents, gsize *len, GError **error)
{
  if (path == NULL || strcmp (path, "-") == 0)
    return tg_read_fd (STDIN_FILENO, "<stdin>", max_bytes, contents, len, error);
  return tg_read_file (path, max_bytes, contents, len, error);
}

gboolean
tg_cli_read_input (const char *path, char **contents, gsize *len, GError **error)
{
  return tg_cli_read_input_max (path, TG_DEFAULT_MAX_DOCUMENT_BYTES, contents, len, error);
}

gboolean
tg_cli_parse_size (const char *option, const char *value, gsize *out, GError **error)
{
  static const struct {
    const char *suffix;
    guint64 factor;
  } units[] = { { "", 1 }, { "K", 1024 }, { "M", 1024 * 1024 }, { "G", 1024 * 1024 * 1024 } };
  for (gsize i = G_N_ELEMENTS (units); i-- > 0;)
    {
      if (!g_str_has_suffix (value, units[i].suffix))
        continue;
      g_autofree char *digits = g_strndup (value, strlen (value) - strlen (units[i].suffix));
      guint64 n = 0;
      if (digits[0] == '\0' || !g_ascii_string_to_unsigned (digits, 10, 1, G_MAXSIZE / units[i].factor, &n, NULL))
        break;
      *out = (gsize) (n * units[i].factor);
      return TRUE;
    }
  g_set_error (error, TG_ERROR, TG_ERROR_IO, "%s: '%s' is not a size (a positive whole number of bytes, or with K, M or G)",
               option, value);
  return FALSE;
}

/* Whether an error on standard output has already been reported (so that
 * tg_cli_close_stdout() does not report it twice). */
static gboolean stdout_failed;

/* A reader that went away (EPIPE, with SIGPIPE ignored by whoever started us)
 * is no error to report: nothing more can be delivered, so stop quietly, with
 * the status of a failed run. (With SIGPIPE at its default, the signal ends the
 * process, just as quietly.) */
static void
exit_if_broken_pipe (int saved_errno)
{
  if (saved_errno == EPIPE)
    _exit (TG_EXIT_FAILURE);
}

gboolean
tg_cli_write_output (const char *path, const GString *data, GError **error)
{
  if (path == NULL || strcmp (path, "-") == 0)
    {
      if (data->len > 0 && fwrite (data->str, 1, data->len, stdout) != data->len)
        {
          int saved = errno;
          exit_if_broken_pipe (saved);
          stdout_failed = TRUE;
          g_set_error (error, TG_ERROR, TG_ERROR_IO, "<stdout>: %s", g_strerror (saved));
          return FALSE;
        }
      if (fflush (stdout) != 0 || ferror (stdout))
        {
          int saved = errno;
          exit_if_broken_pipe (saved);
          stdout_failed = TRUE;
          g_set_error (error, TG_ERROR, TG_ERROR_IO, "<stdout>: %s", g_strerror (saved));
          return FALSE;
        }
      return TRUE;
    }
  /* A temporary file beside @path, renamed over it once complete (see
   * tg_cli_output_open()): on failure @path keeps its old contents and no
   * temporary file is left. Errors read "PATH: what went wrong". */
  g_autoptr (TgCliOutput) output = tg_cli_output_open (path, error);
  return output != NULL && tg_cli_output_write (output, data->str, data->len, error)
         && tg_cli_output_commit (output, error);
}

void
tg_cli_close_stdout (void)
{
  errno = 0;
  gboolean failed = fflush (stdout) != 0 || ferror (stdout);
  int saved = errno;
  if (fclose (stdout) != 0 && !failed)
    {
      failed = TRUE;
      saved = errno;
    }
  if (!failed)
    return;
  if (!stdout_failed && saved != EPIPE)
    fprintf (stderr, "tagger: <stdout>: %s\n", saved != 0 ? g_strerror (saved) : "write error");
  _exit (TG_EXIT_FAILURE);
}

/* Whether this executable runs from the build tree it was compiled in. */
static gboolean
running_from_build_tree (void)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  return exe != NULL && g_str_has_prefix (exe, TG_BUILD_ROOT "/");
}

static char *
data_path (const char *name)
{
  if (running_from_build_tree ())
    return g_build_filename (TG_SOURCE_ROOT, name, NULL);
  return g_build_filename (TG_DATADIR, name, NULL);
}

char *
tg_cli_default_lexicon_dir (void)
{
  return data_path ("lexicons");
}

char *
tg_cli_default_model_path (void)
{
  g_autofree char *dir = data_path ("models");
  return g_build_filename (dir, "stance-en.model", NULL);
}

/* What identifies this build of the program for the lexicon cache: its
 * version, path, size, and modification and change times. NULL when the
 * executable cannot be examined (no cache is used then). */
static char *
build_id (void)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  struct stat st;
  if (exe == NULL || stat (exe, &st) != 0)
    return NULL;
  return g_strdup_printf ("tagger %s %s %" G_GINT64_FORMAT " %" G_GINT64_FORMAT ".%09ld %" G_GINT64_FORMAT ".%09ld",
                          TG_VERSION, exe, (gint64) st.st_size, (gint64) st.st_mtim.tv_sec, (long) st.st_mtim.tv_nsec,
                          (gint64) st.st_ctim.tv_sec, (long) st.st_ctim.tv_nsec);
}

TgTagger *
tg_cli_load_tagger (const char *lexicon_dir, const char *model_path, GError **error)
{
  g_autofree char *default_lexicons = lexicon_dir == NULL ? tg_cli_default_lexicon_dir () : NULL;
  g_autofree char *default_model = model_path == NULL ? tg_cli_default_model_path () : NULL;
  g_autofree char *cache_dir = g_build_filename (g_get_user_cache_dir (), "tagger", NULL);
  g_autofree char *id = build_id ();
  return tg_tagger_new_cached (lexicon_dir != NULL ? lexicon_dir : default_lexicons,
                               model_path != NULL ? model_path : default_model, cache_dir, id, error);
}

struct _TgCliOutput {
  int fd;
  char *path;        /* the final path, or NULL for standard output */
  char *temp_path;   /* the temporary file while it exists */
  char *name;        /* for messages */
};

static gboolean
output_fail (const char *name, int saved_errno, GError **error)
{
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno), "%s: %s", name, g_strerror (saved_errno));
  return FALSE;
}

TgCliOutput *
tg_cli_output_open (const char *path, GError **error)
{
  g_autoptr (TgCliOutput) output = g_new0 (TgCliOutput, 1);
  if (path == NULL || strcmp (path, "-") == 0)
    {
      /* Anything printed through stdio so far goes first. */
      fflush (stdout);
      output->fd = STDOUT_FILENO;
      output->name = g_strdup ("<stdout>");
      return g_steal_pointer (&output);
    }
  /* Through a symbolic link (/dev/stdout, out.txt -> results/out.txt), the file
   * it names is the one replaced, not the link; as with a shell's '>', also
   * when that file does not exist yet. */
  char *resolved = realpath (path, NULL);
  struct stat lst;
  if (resolved == NULL && lstat (path, &lst) == 0 && S_ISLNK (lst.st_mode))
    {
      g_autofree char *target = g_file_read_link (path, NULL);
      g_autofree char *link_dir = g_path_get_dirname (path);
      if (target != NULL)
        resolved = g_path_is_absolute (target) ? g_steal_pointer (&target)
                                               : g_build_filename (link_dir, target, NULL);
    }
  output->path = resolved != NULL ? resolved : g_strdup (path);
  output->name = g_strdup (path);
  /* A device or FIFO (/dev/stdout, /dev/null, a named pipe) is written in
   * place: renaming a file over it would replace the device node itself (as
   * root, even /dev/null). There is nothing to make atomic there. */
  struct stat st;
  if (stat (path, &st) == 0 && !S_ISREG (st.st_mode) && !S_ISDIR (st.st_mode))
    {
      output->fd = open (path, O_WRONLY | O_CLOEXEC | O_NOCTTY);
      if (output->fd < 0)
        {
          output_fail (path, errno, error);
          return NULL;
        }
      return g_steal_pointer (&output);
    }
  g_autofree char *dir = g_path_get_dirname (output->path);
  g_autofree char *base = g_path_get_basename (output->path);
  g_autofree char *template_name = g_strdup_printf (".%s.XXXXXX", base);
  output->temp_path = g_build_filename (dir, template_name, NULL);
  /* 0666 less the umask, as for a file created by open(). */
  output->fd = g_mkstemp_full (output->temp_path, O_WRONLY | O_CLOEXEC, 0666);
  if (output->fd < 0)
    {
      int saved = errno;
      g_clear_pointer (&output->temp_path, g_free);
      output_fail (path, saved, error);
      return NULL;
    }
  return g_steal_pointer (&output);
}

gboolean
tg_cli_output_write (TgCliOutput *output, const char *data, gsize len, GError **error)
{
  g_return_val_if_fail (output != NULL && output->fd >= 0, FALSE);
  while (len > 0)
    {
      ssize_t n = write (output->fd, data, len);
      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          return output_fail (output->name, errno, error);
        }
      data += n;
      len -= (gsize) n;
    }
  return TRUE;
}

gboolean
tg_cli_output_commit (TgCliOutput *output, GError **error)
{
  g_return_val_if_fail (output != NULL && output->fd >= 0, FALSE);
  if (output->path == NULL)
    return TRUE;
  int fd = output->fd;
  output->fd = -1;
  if (output->temp_path == NULL)
    {
      /* A device or FIFO written in place: only the close can still fail. */
      if (close (fd) != 0)
        return output_fail (output->name, errno, error);
      return TRUE;
    }
  if (fsync (fd) != 0)
    {
      int saved = errno;
      close (fd);
      return output_fail (output->name, saved, error);
    }
  if (close (fd) != 0)
    return output_fail (output->name, errno, error);
  if (rename (output->temp_path, output->path) != 0)
    return output_fail (output->name, errno, error);
  g_clear_pointer (&output->temp_path, g_free);
  return TRUE;
}

void
tg_cli_output_free (TgCliOutput *output)
{
  if (output == NULL)
    return;
  if (output->path != NULL && output->fd >= 0)
    close (output->fd);
  if (output->temp_path != NULL)
    unlink (output->temp_path);
  g_free (output->path);
  g_free (output->temp_path);
  g_free (output->name);
  g_free (output);
}
