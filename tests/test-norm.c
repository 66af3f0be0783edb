/* test-norm.c — folding, case classes and stemming. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "norm.h"

static const struct {
  const char *input;
  const char *folded;
} fold_cases[] = {
  { "Türkiye", "turkiye" },
  { "Turkiye", "turkiye" },
  { "Sīsī", "sisi" },
  { "Le Drián", "le drian" },
  { "Vučić", "vucic" },
  { "Erdoğan", "erdogan" },
  { "Chișinău", "chisinau" },
  { "Élysée", "elysee" },
  { "Łódź", "lodz" },
  { "Støre", "store" },
  { "Iran\u2019s", "iran's" },
  { "KYIV", "kyiv" },
  { "Straße", "strasse" },
  { "non\u2011state", "non-state" },
  { "U.S.", "u.s." },
};

static void
test_fold (void **state)
{
  (void) state;
  for (gsize i = 0; i < G_N_ELEMENTS (fold_cases); i++)
    {
      g_autofree char *got = tg_norm_fold (fold_cases[i].input, -1);
      if (strcmp (got, fold_cases[i].folded) != 0)
        fail_msg ("fold(\"%s\") = \"%s\", expected \"%s\"", fold_cases[i].input, got, fold_cases[i].folded);
    }
}

static void
test_case_classes (void **state)
{
  (void) state;
  assert_int_equal (tg_norm_case ("turkey", -1), TG_CASE_LOWER);
  assert_int_equal (tg_norm_case ("Turkey", -1), TG_CASE_CAPITAL);
  assert_int_equal (tg_norm_case ("NATO", -1), TG_CASE_UPPER);
  assert_int_equal (tg_norm_case ("U.S.", -1), TG_CASE_UPPER);
  assert_int_equal (tg_norm_case ("2,000", -1), TG_CASE_NONE);
  assert_int_equal (tg_norm_case ("al-Sisi", -1), TG_CASE_LOWER);
  assert_int_equal (tg_norm_case ("Éric", -1), TG_CASE_CAPITAL);
  assert_true (tg_norm_has_upper ("al-Sisi", -1));
  assert_false (tg_norm_has_upper ("march", -1));
}

static void
test_stemming (void **state)
{
  (void) state;
  g_autoptr (TgStemmer) stemmer = tg_stemmer_new ();
  assert_non_null (stemmer);
  const char *pairs[][2] = {
    { "delegation", "delegations" },
    { "ukrainian", "ukrainians" },
    { "ceasefire", "ceasefires" },
    { "negotiate", "negotiating" },
    { "reject", "rejected" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (pairs); i++)
    {
      g_autofree char *a = tg_stemmer_stem (stemmer, pairs[i][0]);
      g_autofree char *b = tg_stemmer_stem (stemmer, pairs[i][1]);
      assert_string_equal (a, b);
    }
  g_autofree char *phrase = tg_stemmer_stem_phrase (stemmer, "Foreign  Ministries");
  g_autofree char *single = tg_stemmer_stem_phrase (stemmer, "foreign ministry");
  assert_string_equal (phrase, single);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_fold),
    cmocka_unit_test (test_case_classes),
    cmocka_unit_test (test_stemming),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
