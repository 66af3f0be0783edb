/* main.c — the tagger command: picks a subcommand and hands it argc/argv. */
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>
#endif

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

/* On a virtual machine a page fault can cost more than the work that causes it
 * (about 13 us each on the development VM, where loading the lexicons touches
 * 10 MB of fresh heap: 2,600 faults, 35 ms, as long as the loading itself). So
 * the heap is reserved in one piece up front and marked for transparent huge
 * pages, which fault in 2 MB at a time:
 * - M_MMAP_THRESHOLD: blocks smaller than the reserve come from the heap, not
 *   from mmap(), so that they land in it too, and a freed one is reused by the
 *   next document instead of being unmapped and faulted in again;
 * - M_TOP_PAD: the heap grows by the whole reserve at once, mapped but not
 *   touched (resident memory grows only as it is used).
 * Advice only: without glibc's own malloc (sanitizers, valgrind), brk() or
 * transparent huge pages, nothing changes but the speed. */
#define HEAP_RESERVE (64 * 1024 * 1024)
#define HUGE_PAGE (2 * 1024 * 1024)

static void
reserve_heap_in_huge_pages (void)
{
#if defined(__GLIBC__) && defined(MADV_HUGEPAGE)
  mallopt (M_MMAP_THRESHOLD, HEAP_RESERVE);
  mallopt (M_TOP_PAD, HEAP_RESERVE);
  uintptr_t before = (uintptr_t) sbrk (0);
  g_free (g_malloc (HUGE_PAGE));   /* grows the heap by the reserve */
  uintptr_t after = (uintptr_t) sbrk (0);
  if (before == (uintptr_t) -1 || after < before + HEAP_RESERVE / 2)
    return;   /* this malloc does not grow the heap with brk() */
  uintptr_t start = (before + HUGE_PAGE - 1) & ~(uintptr_t) (HUGE_PAGE - 1);
  uintptr_t end = after & ~(uintptr_t) (HUGE_PAGE - 1);
  madvise ((void *) start, end - start, MADV_HUGEPAGE);
#endif
}

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
  reserve_heap_in_huge_pages ();
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
