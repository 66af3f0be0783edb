/* fuzz-lexicon.c — the lexicon loader. The first input byte picks one of the
 * lexicon files (or, past them, a bare tg_tsv_read() with a generic row
 * callback); the rest of the input replaces that file in a private copy of the
 * test fixture lexicons, which tg_lexicon_load() then reads whole. A load must
 * either succeed (and tg_lexicon_check() and lookups then run) or fail with a
 * TG_ERROR naming the file; nothing may leak either way. */
#include <errno.h>
#include <unistd.h>

#include "fuzz-common.h"
#include "lexicon.h"

/* The files of lexicon.c, in load order. */
static const char *const files[] = {
  "parties-states.tsv", "parties-other.tsv", "places-deny.tsv", "governments.tsv", "orgs.tsv",
  "people.tsv", "people-phoenix.tsv", "places-curated.tsv", "places-generated.tsv", "demonyms.tsv",
  "titles.tsv", "context.tsv", "gov-heads.tsv",
};

static char *dir;
static GBytes *originals[G_N_ELEMENTS (files)];

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Plain stdio, not g_file_set_contents(): no fsync on every input. */
static void
write_or_die (const char *path, const void *data, gsize len)
{
  FILE *f = fopen (path, "wb");
  if (f == NULL || (len > 0 && fwrite (data, 1, len, f) != len) || fclose (f) != 0)
    {
      fprintf (stderr, "fuzz: %s: %s\n", path, g_strerror (errno));
      abort ();
    }
}

static void
remove_dir (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (dir, files[i], NULL);
      unlink (path);
    }
  g_autofree char *bare = g_build_filename (dir, "bare.tsv", NULL);
  unlink (bare);
  rmdir (dir);
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  (void) argc;
  (void) argv;
  fuzz_init_glib ();
  g_autoptr (GError) error = NULL;
  dir = g_dir_make_tmp ("tagger-fuzz-lexicon-XXXXXX", &error);
  if (dir == NULL)
    {
      fprintf (stderr, "fuzz: %s\n", error->message);
      abort ();
    }
  for (gsize i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *src = g_build_filename (TG_SOURCE_ROOT, "tests", "fixtures", "lexicons", files[i], NULL);
      g_autofree char *dst = g_build_filename (dir, files[i], NULL);
      char *contents = NULL;
      gsize len = 0;
      if (!g_file_get_contents (src, &contents, &len, &error))
        {
          fprintf (stderr, "fuzz: %s\n", error->message);
          abort ();
        }
      originals[i] = g_bytes_new_take (contents, len);
      write_or_die (dst, contents, len);
    }
  atexit (remove_dir);
  return 0;
}

/* A row callback for bare tg_tsv_read(): fails on a field "fail", as a loader
 * rejects a bad value, so that the error path with a row error is exercised. */
static gboolean
row (char **fields, guint line, gpointer user_data, GError **error)
{
  guint *rows = user_data;
  FUZZ_CHECK (g_strv_length (fields) == 3, "row of line %u has %u fields", line, g_strv_length (fields));
  for (guint i = 0; i < 3; i++)
    if (strcmp (fields[i], "fail") == 0)
      {
        g_set_error (error, TG_ERROR, TG_ERROR_PARSE, "column %u says fail", i + 1);
        return FALSE;
      }
  (*rows)++;
  return TRUE;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  if (size < 1)
    return 0;
  guint which = data[0] % (G_N_ELEMENTS (files) + 1);
  g_autoptr (GError) error = NULL;
  if (which == G_N_ELEMENTS (files))
    {
      static const char *const columns[] = { "a", "b", "c", NULL };
      g_autofree char *path = g_build_filename (dir, "bare.tsv", NULL);
      write_or_die (path, data + 1, size - 1);
      guint rows = 0;
      if (!tg_tsv_read (path, columns, row, &rows, &error))
        fuzz_check_error (error, path);
      return 0;
    }
  g_autofree char *path = g_build_filename (dir, files[which], NULL);
  write_or_die (path, data + 1, size - 1);
  g_autoptr (TgLexicon) lexicon = tg_lexicon_load (dir, &error);
  if (lexicon == NULL)
    fuzz_check_error (error, dir);
  else
    {
      g_autoptr (GPtrArray) problems = tg_lexicon_check (lexicon);
      for (guint i = 0; i < problems->len; i++)
        FUZZ_CHECK (g_utf8_validate (problems->pdata[i], -1, NULL), "problem message is not UTF-8");
      const GPtrArray *entries = NULL;
      (void) tg_lexicon_lookup (lexicon, "kyiv", &entries);
      (void) tg_lexicon_context (lexicon, "said");
      (void) tg_lexicon_party_name (lexicon, "RUS");
    }
  gsize len = 0;
  const void *orig = g_bytes_get_data (originals[which], &len);
  write_or_die (path, orig, len);
  return 0;
}
