/* test-lexicon.c — the TSV loader, the phrase table and the semantic checks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <glib/gstdio.h>
#include <string.h>

#include "lexicon.h"
#include "tg-error.h"

#define FIXTURE TG_SOURCE_ROOT "/tests/fixtures/lexicons"

static void
test_load_and_lookup (void **state)
{
  (void) state;
  g_autoptr (GError) error = NULL;
  g_autoptr (TgLexicon) lex = tg_lexicon_load (FIXTURE, &error);
  assert_null (error);
  assert_non_null (lex);

  const GPtrArray *entries = NULL;
  /* a name, found under its folded tokens */
  assert_true (tg_lexicon_lookup (lex, "sergei lavrov", &entries));
  assert_non_null (entries);
  const TgLexEntry *e = entries->pdata[0];
  assert_int_equal (e->kind, TG_LEX_PERSON);
  assert_string_equal (e->party, "RUS");
  assert_string_equal (e->file, "people.tsv");
  /* a prefix of a longer name is present but has no entries */
  assert_true (tg_lexicon_lookup (lex, "sergei", &entries));
  assert_null (entries);
  /* aliases, diacritics folded away */
  assert_true (tg_lexicon_lookup (lex, "sisi", &entries));
  assert_non_null (entries);
  assert_true (tg_lexicon_lookup (lex, "elysee", &entries));
  assert_non_null (entries);
  /* names are cut like article text: "Workers' Party" has an apostrophe token */
  assert_true (tg_lexicon_lookup (lex, "kurdistan workers ' party", &entries));
  assert_non_null (entries);
  /* the deny list drops towns but never countries */
  assert_false (tg_lexicon_lookup (lex, "nice", &entries));
  assert_true (tg_lexicon_lookup (lex, "split", &entries));
  assert_false (tg_lexicon_lookup (lex, "unknownia", &entries));
  /* context phrases are stemmed */
  assert_true (tg_lexicon_context (lex, "deleg") & TG_CTX_GOV_HEAD);
  assert_true (tg_lexicon_context (lex, "foreign") & TG_CTX_PREFIX);
  assert_string_equal (tg_lexicon_party_name (lex, "UKR"), "Ukraine");
  assert_null (tg_lexicon_party_name (lex, "XXX"));
}

static void
test_fixture_checks_clean_except_unknown_codes (void **state)
{
  (void) state;
  g_autoptr (TgLexicon) lex = tg_lexicon_load (FIXTURE, NULL);
  assert_non_null (lex);
  g_autoptr (GPtrArray) problems = tg_lexicon_check (lex);
  /* The fixture names EGY, PKK, AUT, QAT, BLR, HRV, NOR without listing them. */
  gboolean saw_egy = FALSE;
  for (guint i = 0; i < problems->len; i++)
    {
      const char *p = problems->pdata[i];
      assert_non_null (strstr (p, "unknown party code"));
      if (strstr (p, "people.tsv:") != NULL && strstr (p, "'EGY'") != NULL)
        saw_egy = TRUE;
    }
  assert_true (saw_egy);
}

/* Copies the fixture into a temporary directory, replacing one file. */
static char *
fixture_with (const char *file, const char *contents)
{
  g_autoptr (GError) error = NULL;
  char *dir = g_dir_make_tmp ("tagger-lex-XXXXXX", &error);
  assert_non_null (dir);
  g_autoptr (GDir) src = g_dir_open (FIXTURE, 0, NULL);
  const char *name;
  while ((name = g_dir_read_name (src)) != NULL)
    {
      g_autofree char *from = g_build_filename (FIXTURE, name, NULL);
      g_autofree char *to = g_build_filename (dir, name, NULL);
      if (g_file_test (from, G_FILE_TEST_IS_DIR))
        continue;   /* stance/: not read by tg_lexicon_load */
      g_autofree char *data = NULL;
      gsize len;
      assert_true (g_file_get_contents (from, &data, &len, NULL));
      assert_true (g_file_set_contents (to, data, (gssize) len, NULL));
    }
  g_autofree char *target = g_build_filename (dir, file, NULL);
  if (contents != NULL)
    assert_true (g_file_set_contents (target, contents, -1, NULL));
  else
    g_unlink (target);
  return dir;
}

static void
remove_dir (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}

static const struct {
  const char *file;
  const char *contents;   /* NULL: the file is missing */
  TgErrorCode code;
  const char *message_part;
} bad_cases[] = {
  { "people.tsv", "# c\nname\taliases\tparty\trole\tfrom\tto\nA B\tB\tRUS\tx\n", TG_ERROR_PARSE, "people.tsv:3: expected 6 columns, got 4" },
  { "people.tsv", "name\taliases\tparty\trole\nA\t\tRUS\tx\n", TG_ERROR_PARSE, "people.tsv:1: expected the header row name<TAB>aliases<TAB>party<TAB>role<TAB>from<TAB>to" },
  { "people.tsv", "name\taliases\tparty\trole\tfrom\tto\nA B\t\trus\tx\t\t\n", TG_ERROR_PARSE, "people.tsv:2: party code 'rus' must be" },
  { "people.tsv", "name\taliases\tparty\trole\tfrom\tto\nA B\t\tRUS\tx\t2020-13\t\n", TG_ERROR_PARSE, "people.tsv:2: date '2020-13'" },
  { "places-curated.tsv", "name\tcountry\tkind\tadmin\tpopulation\nX\tRUS\tvillage\t\t\n", TG_ERROR_PARSE, "places-curated.tsv:2: unknown place kind 'village'" },
  { "places-curated.tsv", "name\tcountry\tkind\tadmin\tpopulation\nX\tRUS\tcity\t\tmany\n", TG_ERROR_PARSE, "places-curated.tsv:2: population 'many'" },
  { "demonyms.tsv", "form\tcountry\tnumber\nRussian\tRUS\tsingular\n", TG_ERROR_PARSE, "demonyms.tsv:2: number must be" },
  { "context.tsv", "phrase\trole\nsay\tverbish\n", TG_ERROR_PARSE, "context.tsv:2: unknown context role 'verbish'" },
  { "orgs.tsv", "name\taliases\tparty\tkind\n \tX\tUN\tintl\n", TG_ERROR_PARSE, "orgs.tsv:2: column name has leading or trailing spaces" },
  { "orgs.tsv", "name\taliases\tparty\tkind\nA\xff\t\tUN\tintl\n", TG_ERROR_ENCODING, "orgs.tsv:2: invalid UTF-8" },
  { "governments.tsv", "name\taliases\tparty\tkind\nKremlin\t\t\tseat\n", TG_ERROR_PARSE, "governments.tsv:2: a government body needs a party code" },
  { "titles.tsv", "# only a comment\n", TG_ERROR_PARSE, "titles.tsv:1: no header row" },
  { "titles.tsv", NULL, TG_ERROR_IO, "titles.tsv" },
};

static void
test_malformed_files (void **state)
{
  (void) state;
  for (gsize i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      g_autofree char *dir = fixture_with (bad_cases[i].file, bad_cases[i].contents);
      g_autoptr (GError) error = NULL;
      g_autoptr (TgLexicon) lex = tg_lexicon_load (dir, &error);
      remove_dir (dir);
      if (lex != NULL)
        fail_msg ("case %zu loaded", i);
      if (!g_error_matches (error, TG_ERROR, (gint) bad_cases[i].code) || strstr (error->message, bad_cases[i].message_part) == NULL)
        fail_msg ("case %zu: got \"%s\" (code %d), expected \"%s\"", i, error->message, error->code, bad_cases[i].message_part);
    }
}

static void
test_conflicting_duplicates (void **state)
{
  (void) state;
  g_autofree char *dir = fixture_with ("orgs.tsv",
    "name\taliases\tparty\tkind\nNATO\t\tNATO\talliance\nNATO\t\tUN\talliance\nUnited Nations\tUN\tUN\tintl\n");
  g_autoptr (TgLexicon) lex = tg_lexicon_load (dir, NULL);
  remove_dir (dir);
  assert_non_null (lex);
  g_autoptr (GPtrArray) problems = tg_lexicon_check (lex);
  gboolean found = FALSE;
  for (guint i = 0; i < problems->len; i++)
    if (strstr (problems->pdata[i], "orgs.tsv:3: 'nato' is organisation for UN here but NATO at line 2") != NULL)
      found = TRUE;
  assert_true (found);
}

/* A party code defined twice: the first definition stands (it used to be
 * overwritten silently), and a conflicting second one is a check problem. */
static void
test_duplicate_party_code (void **state)
{
  (void) state;
  g_autofree char *dir = fixture_with ("parties-other.tsv",
    "code\tname\tkind\nNATO\tNATO\tintl\nUN\tUnited Nations\tintl\nRUS\tRussian Federation\tintl\nUKR\tUkraine\tstate\n");
  g_autoptr (TgLexicon) lex = tg_lexicon_load (dir, NULL);
  remove_dir (dir);
  assert_non_null (lex);
  assert_string_equal (tg_lexicon_party_name (lex, "RUS"), "Russia");
  g_autoptr (GPtrArray) problems = tg_lexicon_check (lex);
  guint found = 0;
  for (guint i = 0; i < problems->len; i++)
    {
      if (strstr (problems->pdata[i], "parties-other.tsv:4: party code 'RUS' is 'Russian Federation' (intl) here but 'Russia' (state) at parties-states.tsv:") != NULL)
        found++;
      /* the same definition twice is no problem */
      assert_null (strstr (problems->pdata[i], "'UKR'"));
    }
  assert_int_equal (found, 1);
}

/* --- the compiled cache --------------------------------------------------- */

static void
assert_same_entries (const GPtrArray *a, const GPtrArray *b)
{
  if (a == NULL || b == NULL)
    {
      assert_true (a == b);
      return;
    }
  assert_int_equal (a->len, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      const TgLexEntry *x = a->pdata[i], *y = b->pdata[i];
      assert_int_equal (x->kind, y->kind);
      assert_true (g_strcmp0 (x->name, y->name) == 0);
      assert_true (g_strcmp0 (x->party, y->party) == 0);
      assert_true (g_strcmp0 (x->detail, y->detail) == 0);
      assert_string_equal (x->file, y->file);
      assert_int_equal (x->line, y->line);
      assert_int_equal (x->place_kind, y->place_kind);
      assert_int_equal (x->population, y->population);
      assert_int_equal (x->plural, y->plural);
    }
}

/* What the tagger can ask a lexicon, asked of both. */
static void
assert_same_lexicon (const TgLexicon *a, const TgLexicon *b)
{
  static const char *const keys[] = {
    "sergei lavrov", "sergei", "sisi", "elysee", "kurdistan workers ' party", "nice", "split", "unknownia",
    "russia", "ukraine", "russian", "foreign minister", "the", "new",
  };
  for (gsize i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      const GPtrArray *x = NULL, *y = NULL;
      assert_int_equal (tg_lexicon_lookup (a, keys[i], &x), tg_lexicon_lookup (b, keys[i], &y));
      assert_same_entries (x, y);
    }
  static const char *const context[] = { "deleg", "foreign", "foreign ministri", "=officials", "said", "in" };
  for (gsize i = 0; i < G_N_ELEMENTS (context); i++)
    {
      guint longer_a, longer_b;
      assert_int_equal (tg_lexicon_context_walk (a, context[i], strlen (context[i]), &longer_a),
                        tg_lexicon_context_walk (b, context[i], strlen (context[i]), &longer_b));
      assert_int_equal (longer_a, longer_b);
    }
  static const char *const codes[] = { "RUS", "UKR", "NATO", "UN", "XXX" };
  for (gsize i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      assert_true (g_strcmp0 (tg_lexicon_party_name (a, codes[i]), tg_lexicon_party_name (b, codes[i])) == 0);
      assert_true (g_strcmp0 (tg_lexicon_party_kind (a, codes[i]), tg_lexicon_party_kind (b, codes[i])) == 0);
      assert_true (g_strcmp0 (tg_lexicon_party_intern (a, codes[i]), tg_lexicon_party_intern (b, codes[i])) == 0);
    }
  assert_int_equal (tg_lexicon_n_entries (a), tg_lexicon_n_entries (b));
  /* tg_lexicon_check() walks every key and entry. */
  g_autoptr (GPtrArray) pa = tg_lexicon_check (a);
  g_autoptr (GPtrArray) pb = tg_lexicon_check (b);
  assert_int_equal (pa->len, pb->len);
  for (guint i = 0; i < pa->len; i++)
    assert_string_equal (pa->pdata[i], pb->pdata[i]);
}

/* Loads @dir through the cache in @cache_dir; whether it came from the cache
 * is checked against @from_cache, and the lexicon against a plain load. */
static void
assert_cached_load (const char *dir, const char *cache_dir, const char *build_id, gboolean from_cache)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TgLexicon) cached = tg_lexicon_load_cached (dir, cache_dir, build_id, &error);
  assert_null (error);
  assert_non_null (cached);
  assert_int_equal (tg_lexicon_from_cache (cached), from_cache);
  g_autoptr (TgLexicon) plain = tg_lexicon_load (dir, NULL);
  assert_non_null (plain);
  assert_false (tg_lexicon_from_cache (plain));
  assert_same_lexicon (plain, cached);
}

/* The one cache file in @cache_dir. */
static char *
cache_file (const char *cache_dir)
{
  g_autoptr (GDir) d = g_dir_open (cache_dir, 0, NULL);
  assert_non_null (d);
  const char *name = g_dir_read_name (d);
  assert_non_null (name);
  assert_null (g_dir_read_name (d));
  return g_build_filename (cache_dir, name, NULL);
}

static void
test_cache (void **state)
{
  (void) state;
  g_autofree char *titles = NULL;
  assert_true (g_file_get_contents (FIXTURE "/titles.tsv", &titles, NULL, NULL));
  g_autofree char *dir = fixture_with ("titles.tsv", titles);   /* a copy of the fixture to change */
  g_autofree char *cache_dir = g_dir_make_tmp ("tagger-cache-XXXXXX", NULL);
  assert_non_null (cache_dir);

  /* Made on the first load, used on the next. */
  assert_cached_load (dir, cache_dir, "build 1", FALSE);
  g_autofree char *path = cache_file (cache_dir);
  assert_cached_load (dir, cache_dir, "build 1", TRUE);

  /* Another build of the program does not use it, and replaces it. */
  assert_cached_load (dir, cache_dir, "build 2", FALSE);
  assert_cached_load (dir, cache_dir, "build 2", TRUE);

  /* A changed lexicon file makes it stale: the new row is seen. */
  g_autofree char *people = g_build_filename (dir, "people.tsv", NULL);
  g_autofree char *rows = NULL;
  assert_true (g_file_get_contents (people, &rows, NULL, NULL));
  g_autofree char *more = g_strconcat (rows, "Marta Selvik\t\tNOR\tforeign minister\t\t\n", NULL);
  assert_true (g_file_set_contents (people, more, -1, NULL));
  assert_cached_load (dir, cache_dir, "build 2", FALSE);
  {
    g_autoptr (TgLexicon) lex = tg_lexicon_load_cached (dir, cache_dir, "build 2", NULL);
    const GPtrArray *entries = NULL;
    assert_true (tg_lexicon_from_cache (lex));
    assert_true (tg_lexicon_lookup (lex, "marta selvik", &entries));
    assert_non_null (entries);
  }

  /* A damaged or cut cache is not used. */
  g_autofree char *cache = NULL;
  gsize len = 0;
  assert_true (g_file_get_contents (path, &cache, &len, NULL));
  cache[len / 2] ^= 0x20;
  assert_true (g_file_set_contents (path, cache, (gssize) len, NULL));
  assert_cached_load (dir, cache_dir, "build 2", FALSE);
  assert_true (g_file_set_contents (path, cache, (gssize) len / 3, NULL));
  assert_cached_load (dir, cache_dir, "build 2", FALSE);
  assert_cached_load (dir, cache_dir, "build 2", TRUE);

  /* A cache directory that cannot be made (under a file) only costs time. */
  g_autofree char *unwritable = g_build_filename (dir, "titles.tsv", "cache", NULL);
  assert_cached_load (dir, unwritable, "build 2", FALSE);
  assert_cached_load (dir, unwritable, "build 2", FALSE);

  /* No cache directory or build id: a plain load. */
  assert_cached_load (dir, NULL, "build 2", FALSE);
  assert_cached_load (dir, cache_dir, NULL, FALSE);

  /* Errors are those of the TSVs, whatever the cache holds. */
  assert_true (g_file_set_contents (people, "name\n", -1, NULL));
  g_autoptr (GError) error = NULL;
  g_autoptr (TgLexicon) bad = tg_lexicon_load_cached (dir, cache_dir, "build 2", &error);
  assert_null (bad);
  assert_true (g_error_matches (error, TG_ERROR, TG_ERROR_PARSE));

  g_unlink (path);
  g_rmdir (cache_dir);
  remove_dir (dir);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_load_and_lookup),
    cmocka_unit_test (test_fixture_checks_clean_except_unknown_codes),
    cmocka_unit_test (test_malformed_files),
    cmocka_unit_test (test_conflicting_duplicates),
    cmocka_unit_test (test_duplicate_party_code),
    cmocka_unit_test (test_cache),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
