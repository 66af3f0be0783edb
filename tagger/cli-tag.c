/* cli-tag.c — `tagger tag`: tag articles and write text, JSON or CoNLL. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "conll.h"
#include "output.h"
#include "text.h"
#include "tg-error.h"
#include "tg-limits.h"

typedef enum { FORMAT_TEXT, FORMAT_JSON, FORMAT_CONLL } Format;

typedef struct {
  Format format;
  gboolean conll_input;
  gboolean lenient;
  gboolean pretty;
  gsize max_bytes;   /* largest input file (--max-bytes) */
} TagOptions;

static gboolean
parse_format (const char *s, Format *out)
{
  if (g_strcmp0 (s, "text") == 0)
    *out = FORMAT_TEXT;
  else if (g_strcmp0 (s, "json") == 0)
    *out = FORMAT_JSON;
  else if (g_strcmp0 (s, "conll") == 0)
    *out = FORMAT_CONLL;
  else
    return FALSE;
  return TRUE;
}

static void
write_document (const TgDocument *doc, const TgTagger *tagger, const TagOptions *opts,
                gboolean first, GString *out)
{
  switch (opts->format)
    {
    case FORMAT_JSON:
      tg_output_json (doc, tg_tagger_lexicon (tagger), opts->pretty, out);
      break;
    case FORMAT_CONLL:
      tg_conll_write (doc, out);
      break;
    case FORMAT_TEXT:
    default:
      if (!first)
        g_string_append_c (out, '\n');
      tg_output_text (doc, tg_tagger_lexicon (tagger), out);
      break;
    }
}

/* Reads one input and returns its documents (one for text, one or more for CoNLL). */
static GPtrArray *
read_documents (const char *path, const TagOptions *opts, GError **error)
{
  g_autofree char *contents = NULL;
  gsize len = 0;
  if (!tg_cli_read_input_max (path, opts->max_bytes, &contents, &len, error))
    {
      if (g_error_matches (*error, TG_ERROR, TG_ERROR_LIMIT))
        {
          /* Name the option that raises the limit. */
          char *message = g_strconcat ((*error)->message, " (--max-bytes)", NULL);
          g_free ((*error)->message);
          (*error)->message = message;
        }
      return NULL;
    }
  const char *name = tg_cli_input_name (path);
  if (opts->conll_input)
    return tg_conll_read (name, contents, len, error);
  TgDocument *doc = tg_text_document_new (name, contents, len,
                                          opts->lenient ? TG_TEXT_LENIENT : TG_TEXT_STRICT, error);
  if (doc == NULL)
    return NULL;
  GPtrArray *docs = g_ptr_array_new_with_free_func ((GDestroyNotify) tg_document_free);
  g_ptr_array_add (docs, doc);
  return docs;
}

int
tg_cli_tag (int argc, char **argv)
{
  g_autofree char *format = NULL, *input_format = NULL, *output = NULL;
  g_autofree char *lexicons = NULL, *model = NULL, *max_bytes = NULL;
  g_auto (GStrv) files = NULL;
  TagOptions opts = { 0 };
  GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format, "Output format: text (default), json or conll", "FORMAT" },
    { "input-format", 0, 0, G_OPTION_ARG_STRING, &input_format, "Input format: text (default) or conll (pre-tokenised, first column)", "FORMAT" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Write to FILE (atomically) instead of standard output", "FILE" },
    { "lexicons", 0, 0, G_OPTION_ARG_FILENAME, &lexicons, "Lexicon directory", "DIR" },
    { "model", 0, 0, G_OPTION_ARG_FILENAME, &model, "Stance model file", "FILE" },
    { "lenient", 0, 0, G_OPTION_ARG_NONE, &opts.lenient, "Replace invalid UTF-8 with U+FFFD instead of failing", NULL },
    { "pretty", 0, 0, G_OPTION_ARG_NONE, &opts.pretty, "Indent JSON output", NULL },
    { "max-bytes", 0, 0, G_OPTION_ARG_STRING, &max_bytes, "Refuse input files larger than SIZE bytes (K, M, G suffixes; default 64M)", "SIZE" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, "[FILE...]" },
    { NULL, 0, 0, 0, NULL, NULL, NULL },
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("[FILE...] - tag news articles (standard input when no FILE or FILE is -)");
  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_set_summary (ctx, "Finds the people, places, governments and organisations an article names\n"
                                     "and resolves each to the party it stands for.");
  g_autoptr (GError) error = NULL;
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      tg_cli_error ("tag: %s", error->message);
      return TG_EXIT_USAGE;
    }
  if (format != NULL && !parse_format (format, &opts.format))
    {
      tg_cli_error ("tag: unknown --format '%s' (text, json or conll)", format);
      return TG_EXIT_USAGE;
    }
  if (input_format != NULL && strcmp (input_format, "conll") != 0 && strcmp (input_format, "text") != 0)
    {
      tg_cli_error ("tag: unknown --input-format '%s' (text or conll)", input_format);
      return TG_EXIT_USAGE;
    }
  opts.conll_input = g_strcmp0 (input_format, "conll") == 0;
  opts.max_bytes = TG_DEFAULT_MAX_DOCUMENT_BYTES;
  if (max_bytes != NULL && !tg_cli_parse_size ("--max-bytes", max_bytes, &opts.max_bytes, &error))
    {
      tg_cli_error ("tag: %s", error->message);
      return TG_EXIT_USAGE;
    }

  g_autoptr (TgTagger) tagger = tg_cli_load_tagger (lexicons, model, &error);
  if (tagger == NULL)
    {
      tg_cli_error ("%s", error->message);
      return TG_EXIT_FAILURE;
    }
  g_autoptr (TgScratch) scratch = tg_scratch_new (tagger);

  const char *stdin_only[] = { "-", NULL };
  const char *const *inputs = files != NULL ? (const char *const *) files : stdin_only;
  gboolean to_stdout = output == NULL || strcmp (output, "-") == 0;
  g_autoptr (GString) out = g_string_new (NULL);
  guint n_written = 0;
  for (guint i = 0; inputs[i] != NULL; i++)
    {
      g_autoptr (GPtrArray) docs = read_documents (inputs[i], &opts, &error);
      if (docs == NULL)
        {
          tg_cli_error ("%s", error->message);
          return TG_EXIT_FAILURE;
        }
      for (guint d = 0; d < docs->len; d++)
        {
          TgDocument *doc = docs->pdata[d];
          if (!tg_tagger_tag (tagger, scratch, doc, &error))
            {
              tg_cli_error ("%s", error->message);
              return TG_EXIT_FAILURE;
            }
          write_document (doc, tagger, &opts, n_written++ == 0, out);
          /* Standard output streams document by document; a file is written whole at the end. */
          if (to_stdout)
            {
              if (!tg_cli_write_output (NULL, out, &error))
                {
                  tg_cli_error ("%s", error->message);
                  return TG_EXIT_FAILURE;
                }
              g_string_truncate (out, 0);
            }
        }
    }
  if (!tg_cli_write_output (output, out, &error))
    {
      tg_cli_error ("%s", error->message);
      return TG_EXIT_FAILURE;
    }
  return TG_EXIT_OK;
}
