/* tg-io.h — reading whole files with error messages that name the file.
 *
 * Messages read "PATH: No such file or directory", "PATH: is a directory",
 * "PATH: byte N: input larger than ... bytes". Thread-safe. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Reads everything from @fd (not closed) into a new NUL-terminated buffer; @name
 * is for messages. Fails past @max_bytes. */
gboolean tg_read_fd (int fd, const char *name, gsize max_bytes, char **contents, gsize *len, GError **error);

/* Opens and reads the file at @path, refusing directories. */
gboolean tg_read_file (const char *path, gsize max_bytes, char **contents, gsize *len, GError **error);

G_END_DECLS
