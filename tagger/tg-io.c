/* tg-io.c — whole-file reads with clear errors. */
#include "tg-io.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tg-error.h"

gboolean
tg_read_fd (int fd, const char *name, gsize max_bytes, char **contents, gsize *len, GError **error)
{
  struct stat st;
  if (fstat (fd, &st) == 0 && S_ISDIR (st.st_mode))
    {
      g_set_error (error, TG_ERROR, TG_ERROR_IO, "%s: is a directory", name);
      return FALSE;
    }
  g_autoptr (GString) buf = g_string_new (NULL);
  char chunk[65536];
  for (;;)
    {
      ssize_t n = read (fd, chunk, sizeof chunk);
      if (n == 0)
        break;
      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          int saved = errno;
          g_set_error (error, TG_ERROR, TG_ERROR_IO, "%s: %s", name, g_strerror (saved));
          return FALSE;
        }
      if (buf->len + (gsize) n > max_bytes)
        {
          g_set_error (error, TG_ERROR, TG_ERROR_LIMIT, "%s: byte %" G_GSIZE_FORMAT ": input larger than %" G_GSIZE_FORMAT " bytes",
                       name, max_bytes, max_bytes);
          return FALSE;
        }
      g_string_append_len (buf, chunk, n);
    }
  *len = buf->len;
  *contents = g_string_free (g_steal_pointer (&buf), FALSE);
  return TRUE;
}

gboolean
tg_read_file (const char *path, gsize max_bytes, char **contents, gsize *len, GError **error)
{
  int fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, TG_ERROR, TG_ERROR_IO, "%s: %s", path, g_strerror (saved));
      return FALSE;
    }
  gboolean ok = tg_read_fd (fd, path, max_bytes, contents, len, error);
  close (fd);
  return ok;
}
