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

/* The display name of an input path: @path itself, or "<stdin>". */
const char *tg_cli_input_name (const char *path);

/* Writes @data to @path atomically (a temporary file in the same directory,
 * renamed on success; on failure nothing is left behind), or to standard output
 * when @path is NULL or "-", checking the write and the flush. */
gboolean tg_cli_write_output (const char *path, const GString *data, GError **error);

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

G_END_DECLS
