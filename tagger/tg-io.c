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
  /* A regular file is read straight into a buffer of its size (one byte more,
   * to see the end without growing, and one for the NUL); anything else into
   * a buffer that doubles as it fills. */
  gsize cap = 64 * 1024;
  if (fstat (fd, &st) == 0 && S_ISREG (st.st_mode) && st.st_size > 0)
    cap = MIN ((gsize) st.st_size, max_bytes) + 2;
  g_autofree char *data = g_malloc (cap);
  gsize used = 0;
  for (;;)
    {
      if (cap - used < 2)
        {
          cap *= 2;
          data = g_realloc (data, cap);
        }
      ssize_t n = read (fd, data + used, cap - used - 1);
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
      if (used + (gsize) n > max_bytes)
        {
          g_set_error (error, TG_ERROR, TG_ERROR_LIMIT, "%s: byte %" G_GSIZE_FORMAT ": input larger than %" G_GSIZE_FORMAT " bytes",
                       name, max_bytes, max_bytes);
          return FALSE;
        }
      used += (gsize) n;
    }
  data[used] = '\0';
  *len = used;
  *contents = g_steal_pointer (&data);
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
