/* main.c — the tagger command: picks a subcommand and hands it argc/argv. */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

typedef struct {
  const char *name;
  int (*run) (int argc, char **argv);
  const char *summary;
} Command;

static const Command commands[] = {
  { "tag", tg_cli_tag, "tag articles: entities, parties (text, JSON or CoNLL)" },
  { "eval", tg_cli_eval, "score the tagger, or a system's CoNLL output, against gold" },
  { "lexicon", tg_cli_lexicon, "check lexicons, or show what a phrase matches" },
  { "batch", tg_cli_batch, "tag a JSON Lines stream of records on several threads, in order" },
  { "train", tg_cli_train, "fit the stance model on a gold set (cross-validated)" },
};

static void
print_usage (FILE *out)
{
  fprintf (out, "Usage: tagger COMMAND [OPTION...] [ARG...]\n\nCommands:\n");
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-9s %s\n", commands[i].name, commands[i].summary);
  fprintf (out, "\nRun 'tagger COMMAND --help' for a command's options.\n");
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  /* jq-style: a full disk is an error, not silent truncation, whatever printed. */
  atexit (tg_cli_close_stdout);
  if (argc < 2)
    {
      print_usage (stderr);
      return TG_EXIT_USAGE;
    }
  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0 || strcmp (argv[1], "help") == 0)
    {
      print_usage (stdout);
      return TG_EXIT_OK;
    }
  if (strcmp (argv[1], "--version") == 0)
    {
      printf ("tagger %s\n", TG_VERSION);
      return TG_EXIT_OK;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (argv[1], commands[i].name) == 0)
      return commands[i].run (argc - 1, argv + 1);
  tg_cli_error ("unknown command '%s' (try 'tagger --help')", argv[1]);
  return TG_EXIT_USAGE;
}
