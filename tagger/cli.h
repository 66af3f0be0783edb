/* cli.h — what the tagger command's subcommands share: exit codes, data-dir
 * discovery, reading inputs, writing outputs safely, and error reporting.
 *
 * Only the CLI (main.c and cli-*.c) includes this; the library never does. */
#pragma once

#include <glib.h>
#include "tagger.h"

G_BEGIN_DECLS

enum {
  TG_EXIT_OK = 0,
  TG_EXIT_FAILURE = 1,   /* bad input, I/O error, or a gate (--min-f1) not met */
  TG_EXIT_USAGE = 2,     /* bad command line */
};

/* Prints "tagger: MESSAGE" and a newline on stderr. */
void tg_cli_error (const char *format, ...) G_GNUC_PRINTF (1, 2);

/* Reads a whole file, or standard input when @path is NULL or "-". The error
 * message names the path ("<stdin>" for standard input). */
gboolean tg_cli_read_input (const char *path, char **contents, gsize *len, GError **error);

/* Like tg_cli_read_input(), refusing inputs larger than @max_bytes (--max-bytes;
 * tg_cli_read_input() uses TG_DEFAULT_MAX_DOCUMENT_BYTES) with TG_ERROR_LIMIT
 * "PATH: byte N: input larger than N bytes". */
gboolean tg_cli_read_input_max (const char *path, gsize max_bytes, char **contents, gsize *len,
                                GError **error);

/* Parses a size given to @option: a positive whole number of bytes, or of
 * KiB, MiB or GiB with a K, M or G suffix ("64M"). */
gboolean tg_cli_parse_size (const char *option, const char *value, gsize *out, GError **error);

/* The display name of an input path: @path itself, or "<stdin>". */
const char *tg_cli_input_name (const char *path);

/* Writes @data to @path atomically (a temporary file in the same directory,
 * renamed on success; on failure nothing is left behind), or to standard output
 * when @path is NULL or "-", checking the write and the flush. */
gboolean tg_cli_write_output (const char *path, const GString *data, GError **error);

/* Flushes and closes standard output at exit (main() registers it with
 * atexit(), so that it also runs after GOption's --help): a failed write or
 * close that nobody reported yet is reported as "tagger: <stdout>: ERROR", and
 * the exit status becomes TG_EXIT_FAILURE. A reader that went away (EPIPE) is
 * not reported: writing to a closed pipe, like `tagger tag big.txt | head -1`,
 * ends the run quietly (by SIGPIPE, or with TG_EXIT_FAILURE when SIGPIPE is
 * ignored). */
void tg_cli_close_stdout (void);

/* A streaming output with tg_cli_write_output()'s guarantees, for outputs too
 * large to hold: standard output when @path is NULL or "-"; otherwise a
 * temporary file beside @path (".NAME.XXXXXX" in the same directory) that
 * tg_cli_output_commit() syncs and renames over @path. Until then @path is
 * untouched, and freeing the output without a commit removes the temporary
 * file. Errors are in the G_IO_ERROR domain and name the path ("<stdout>"), so
 * that a reader that went away (G_IO_ERROR_BROKEN_PIPE, with SIGPIPE ignored)
 * can be told from a full disk. Not thread-safe. */
typedef struct _TgCliOutput TgCliOutput;
TgCliOutput *tg_cli_output_open (const char *path, GError **error);
/* Writes all @len bytes, retrying short writes. */
gboolean tg_cli_output_write (TgCliOutput *output, const char *data, gsize len, GError **error);
/* Finishes the output: for a file, fsync, close and rename; for standard
 * output, nothing more to do (writes are not buffered). Call once. */
gboolean tg_cli_output_commit (TgCliOutput *output, GError **error);
void tg_cli_output_free (TgCliOutput *output);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgCliOutput, tg_cli_output_free)

/* The default lexicon directory and model file: the source tree when run from
 * the build tree, else the installed data dir. Returned strings are owned by the
 * caller. */
char *tg_cli_default_lexicon_dir (void);
char *tg_cli_default_model_path (void);

/* Loads the tagger from the given paths, or the defaults for NULL ones. */
TgTagger *tg_cli_load_tagger (const char *lexicon_dir, const char *model_path, GError **error);

int tg_cli_tag (int argc, char **argv);
int tg_cli_eval (int argc, char **argv);
int tg_cli_lexicon (int argc, char **argv);
int tg_cli_batch (int argc, char **argv);
int tg_cli_train (int argc, char **argv);

G_END_DECLS
