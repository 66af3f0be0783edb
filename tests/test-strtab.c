/* test-strtab.c — the string table: lookups, inserts, growth, keys with NUL
 * bytes, clearing and walking. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "strtab.h"

static const struct {
  const char *key;
  gsize len;
  guint32 value;
} keys[] = {
  { "", 0, 1 },
  { "a", 1, 2 },
  { "ab", 2, 3 },
  { "a\0b", 3, 4 },          /* same first byte as "a", a NUL inside */
  { "a\0", 2, 5 },           /* differs from "a" only by a trailing NUL */
  { "new york", 8, 6 },
  { "new york city", 13, 7 },
  { "exactly8", 8, 8 },
  { "sixteen bytes!!!", 16, 9 },
};

static void
test_insert_lookup (void **state)
{
  (void) state;
  g_autoptr (TgStrTab) t = tg_strtab_new (0);
  for (gsize i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      const char *stored = NULL;
      guint32 *slot = tg_strtab_insert (t, keys[i].key, keys[i].len, &stored);
      assert_int_equal (*slot, 0);
      *slot = keys[i].value;
      assert_memory_equal (stored, keys[i].key, keys[i].len);
      assert_int_equal (stored[keys[i].len], '\0');
    }
  assert_int_equal (tg_strtab_size (t), G_N_ELEMENTS (keys));
  for (gsize i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      guint32 value = 0;
      assert_true (tg_strtab_lookup (t, keys[i].key, keys[i].len, &value));
      assert_int_equal (value, keys[i].value);
      /* Inserting again finds the same slot. */
      assert_int_equal (*tg_strtab_insert (t, keys[i].key, keys[i].len, NULL), keys[i].value);
    }
  assert_int_equal (tg_strtab_size (t), G_N_ELEMENTS (keys));
  assert_false (tg_strtab_lookup (t, "new", 3, NULL));
  assert_false (tg_strtab_lookup (t, "new york cit", 12, NULL));
  assert_false (tg_strtab_lookup (t, "b", 1, NULL));
}

/* Many keys, far past the expected size, and a long key in a block of its own. */
static void
test_growth (void **state)
{
  (void) state;
  g_autoptr (TgStrTab) t = tg_strtab_new (4);
  for (guint i = 0; i < 50000; i++)
    {
      char key[32];
      int len = g_snprintf (key, sizeof key, "key %u", i);
      *tg_strtab_insert (t, key, (gsize) len, NULL) = i + 1;
    }
  g_autofree char *big = g_strnfill (100000, 'x');
  *tg_strtab_insert (t, big, 100000, NULL) = 7;
  *tg_strtab_insert (t, "after big", 9, NULL) = 8;
  assert_int_equal (tg_strtab_size (t), 50002);
  for (guint i = 0; i < 50000; i++)
    {
      char key[32];
      int len = g_snprintf (key, sizeof key, "key %u", i);
      guint32 value = 0;
      assert_true (tg_strtab_lookup (t, key, (gsize) len, &value));
      assert_int_equal (value, i + 1);
    }
  guint32 value = 0;
  assert_true (tg_strtab_lookup (t, big, 100000, &value));
  assert_int_equal (value, 7);
  assert_true (tg_strtab_lookup (t, "after big", 9, &value));
  assert_int_equal (value, 8);
}

static void
test_walk_and_clear (void **state)
{
  (void) state;
  g_autoptr (TgStrTab) t = tg_strtab_new (16);
  guint32 sum = 0;
  for (gsize i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      *tg_strtab_insert (t, keys[i].key, keys[i].len, NULL) = keys[i].value;
      sum += keys[i].value;
    }
  guint pos = 0, n = 0;
  const char *key;
  gsize len;
  guint32 value, seen = 0;
  while (tg_strtab_next (t, &pos, &key, &len, &value))
    {
      guint32 found = 0;
      assert_true (tg_strtab_lookup (t, key, len, &found));
      assert_int_equal (found, value);
      seen += value;
      n++;
    }
  assert_int_equal (n, G_N_ELEMENTS (keys));
  assert_int_equal (seen, sum);
  tg_strtab_clear (t);
  assert_int_equal (tg_strtab_size (t), 0);
  assert_false (tg_strtab_lookup (t, "a", 1, NULL));
  *tg_strtab_insert (t, "a", 1, NULL) = 9;
  assert_true (tg_strtab_lookup (t, "a", 1, &value));
  assert_int_equal (value, 9);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_insert_lookup),
    cmocka_unit_test (test_growth),
    cmocka_unit_test (test_walk_and_clear),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
