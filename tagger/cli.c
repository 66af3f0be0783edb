/* cli.c — helpers shared by the subcommands: errors, input, safe output, data
 * paths. */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
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
tg_cli_read_input (const char *path, char **contents, gsize *len, GError **error)
{
  if (path == NULL || strcmp (path, "-") == 0)
    return tg_read_fd (STDIN_FILENO, "<stdin>", TG_DEFAULT_MAX_DOCUMENT_BYTES, contents, len, error);
  return tg_read_file (path, TG_DEFAULT_MAX_DOCUMENT_BYTES, contents, len, error);
}

gboolean
tg_cli_write_output (const char *path, const GString *data, GError **error)
{
  if (path == NULL || strcmp (path, "-") == 0)
    {
      if (data->len > 0 && fwrite (data->str, 1, data->len, stdout) != data->len)
        {
          int saved = errno;
          g_set_error (error, TG_ERROR, TG_ERROR_IO, "<stdout>: %s", g_strerror (saved));
          return FALSE;
        }
      if (fflush (stdout) != 0 || ferror (stdout))
        {
          int saved = errno;
          g_set_error (error, TG_ERROR, TG_ERROR_IO, "<stdout>: %s", g_strerror (saved));
          return FALSE;
        }
      return TRUE;
    }
  /* g_file_set_contents_full() writes a temporary file beside @path and renames
   * it over @path only once everything is on disk; on failure it removes it. */
  g_autoptr (GError) local = NULL;
  if (!g_file_set_contents_full (path, data->str, (gssize) data->len,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0666, &local))
    {
      g_set_error (error, TG_ERROR, TG_ERROR_IO, "%s: %s", path, local->message);
      return FALSE;
    }
  return TRUE;
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

TgTagger *
tg_cli_load_tagger (const char *lexicon_dir, const char *model_path, GError **error)
{
  g_autofree char *default_lexicons = lexicon_dir == NULL ? tg_cli_default_lexicon_dir () : NULL;
  g_autofree char *default_model = model_path == NULL ? tg_cli_default_model_path () : NULL;
  return tg_tagger_new (lexicon_dir != NULL ? lexicon_dir : default_lexicons,
                        model_path != NULL ? model_path : default_model, error);
}
