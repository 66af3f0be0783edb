/* test-model.c — the stance model file: loading, checking, saving. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <glib/gstdio.h>
#include <string.h>

#include "model.h"
#include "tg-error.h"

#define TEST_MODEL TG_SOURCE_ROOT "/tests/fixtures/stance/test.model"
#define SHIPPED_MODEL TG_SOURCE_ROOT "/models/stance-en.model"

/* The fixture model's text with the first line that starts with @from replaced
 * by @to (NULL: deleted); @from NULL keeps the text. */
static char *
model_text_with (const char *from, const char *to)
{
  g_autofree char *text = NULL;
  assert_true (g_file_get_contents (TEST_MODEL, &text, NULL, NULL));
  if (from == NULL)
    return g_steal_pointer (&text);
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  GString *out = g_string_new (NULL);
  gboolean done = FALSE;
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (!done && g_str_has_prefix (lines[i], from))
        {
          done = TRUE;
          if (to == NULL)
            continue;
          g_string_append_printf (out, "%s\n", to);
          continue;
        }
      g_string_append (out, lines[i]);
      if (lines[i + 1] != NULL)
        g_string_append_c (out, '\n');
    }
  assert_true (done);
  return g_string_free (out, FALSE);
}

/* The line number (1-based) of the first line starting with @prefix. */
static guint
line_of (const char *text, const char *prefix)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], prefix))
      return i + 1;
  fail_msg ("no line starts with %s", prefix);
  return 0;
}

static char *
write_temp (const char *text, gssize len)
{
  g_autoptr (GError) error = NULL;
  char *path = NULL;
  int fd = g_file_open_tmp ("tagger-model-XXXXXX.model", &path, &error);
  assert_true (fd >= 0);
  close (fd);
  assert_true (g_file_set_contents (path, text, len, &error));
  return path;
}

static void
test_load_fixture (void **state)
{
  (void) state;
  g_autoptr (GError) error = NULL;
  g_autoptr (TgModel) model = tg_model_load (TEST_MODEL, &error);
  assert_null (error);
  assert_non_null (model);
  const TgStanceParams *p = tg_model_params (model);
  assert_int_equal (p->cue_gap, 2);
  assert_int_equal (p->negation_scope, 3);
  assert_true (p->negation == -1.0);
  assert_true (p->alpha == 1.0);
  assert_true (p->dim[TG_DIM_TERRITORIAL_CLAIMS].min_mass == 0.5);
  /* The shipped model loads too. */
  g_autoptr (TgModel) shipped = tg_model_load (SHIPPED_MODEL, &error);
  assert_null (error);
  assert_non_null (shipped);
}

typedef struct {
  const char *what;
  const char *from;        /* line prefix to replace, or NULL to use @text */
  const char *to;          /* replacement line, NULL: delete */
  const char *text;        /* whole file when @from is NULL */
  int code;
  const char *line_prefix; /* the message must give this line's number, or NULL */
  const char *needle;      /* substring of the message */
} BadCase;

static const BadCase bad_cases[] = {
  { "not a key=value", "alpha=", "alpha 1", NULL, TG_ERROR_PARSE, "alpha 1", "expected 'key = value'" },
  { "broken group header", "[holder]", "[holder", NULL, TG_ERROR_PARSE, "[holder", "malformed group header" },
  { "unknown group", "[holder]", "[holders]", NULL, TG_ERROR_MODEL, "[holders]", "unknown group [holders]" },
  { "unknown key", "alpha=", "alpah=1", NULL, TG_ERROR_MODEL, "alpah=", "unknown key 'alpah' in [aggregate]" },
  { "missing key", "alpha=", NULL, NULL, TG_ERROR_MODEL, NULL, "[aggregate] missing key 'alpha'" },
  { "out of range", "alpha=", "alpha=-1", NULL, TG_ERROR_MODEL, "alpha=-1", "[aggregate] alpha = -1 is out of range" },
  { "not a number", "hedge=", "hedge=half", NULL, TG_ERROR_PARSE, "hedge=half", "[modifiers] hedge = 'half' is not a number" },
  { "fraction for a count", "negation_scope=", "negation_scope=2.5", NULL, TG_ERROR_PARSE, "negation_scope=2.5",
    "is not a whole number" },
  { "key given twice", "hedge=", "hedge=0.5\nhedge=0.6", NULL, TG_ERROR_MODEL, "hedge=0.6", "given twice" },
  { "key before any group", NULL, NULL, "alpha=1\n[aggregate]\n", TG_ERROR_PARSE, "alpha=1", "before the first [group]" },
  { "invalid UTF-8", NULL, NULL, "# \xff\n[match]\n", TG_ERROR_ENCODING, "# ", "invalid UTF-8" },
};

static void
test_malformed (void **state)
{
  (void) state;
  for (gsize i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      const BadCase *c = &bad_cases[i];
      g_autofree char *text = c->from != NULL ? model_text_with (c->from, c->to) : g_strdup (c->text);
      g_autofree char *path = write_temp (text, -1);
      g_autoptr (GError) error = NULL;
      g_autoptr (TgModel) model = tg_model_load (path, &error);
      if (model != NULL || error == NULL)
        fail_msg ("%s: loaded", c->what);
      assert_int_equal (error->domain, TG_ERROR);
      if (error->code != c->code)
        fail_msg ("%s: code %d, expected %d (%s)", c->what, error->code, c->code, error->message);
      if (strstr (error->message, c->needle) == NULL)
        fail_msg ("%s: message '%s' lacks '%s'", c->what, error->message, c->needle);
      assert_true (g_str_has_prefix (error->message, path));
      if (c->line_prefix != NULL)
        {
          g_autofree char *where = g_strdup_printf ("%s:%u: ", path, line_of (text, c->line_prefix));
          if (!g_str_has_prefix (error->message, where))
            fail_msg ("%s: message '%s' does not start with '%s'", c->what, error->message, where);
        }
      g_unlink (path);
    }
}

static void
test_missing_file (void **state)
{
  (void) state;
  g_autoptr (GError) error = NULL;
  g_autoptr (TgModel) model = tg_model_load ("/nonexistent/stance.model", &error);
  assert_null (model);
  assert_int_equal (error->code, TG_ERROR_IO);
  assert_non_null (strstr (error->message, "/nonexistent/stance.model"));
}

static void
test_save_round_trip (void **state)
{
  (void) state;
  g_autoptr (GError) error = NULL;
  g_autoptr (TgModel) model = tg_model_load (TEST_MODEL, &error);
  assert_non_null (model);
  TgStanceParams p = *tg_model_params (model);
  p.negation_scope = 5;
  p.hedge = 0.25;
  p.dim[TG_DIM_CEASEFIRE_FIRST].bias = 0.3;
  assert_true (tg_model_set_params (model, &p, &error));
  tg_model_set_note (model, "cv_accuracy", "0.750", "scores of the last training run");
  g_autofree char *path = write_temp ("", 0);
  assert_true (tg_model_save (model, path, &error));

  g_autoptr (TgModel) back = tg_model_load (path, &error);
  assert_null (error);
  const TgStanceParams *q = tg_model_params (back);
  assert_int_equal (q->negation_scope, 5);
  assert_true (q->hedge == 0.25);
  assert_true (q->dim[TG_DIM_CEASEFIRE_FIRST].bias == 0.3);
  assert_true (q->alpha == p.alpha);

  /* Comments survive, and the note is there. */
  g_autofree char *text = NULL;
  assert_true (g_file_get_contents (path, &text, NULL, NULL));
  assert_non_null (strstr (text, "# Multiplier of a negated cue."));
  assert_non_null (strstr (text, "cv_accuracy=0.750"));
  g_unlink (path);
}

static void
test_set_params_range (void **state)
{
  (void) state;
  g_autoptr (GError) error = NULL;
  g_autoptr (TgModel) model = tg_model_load (TEST_MODEL, &error);
  TgStanceParams p = *tg_model_params (model);
  p.mixed_ratio = 2.0;
  assert_false (tg_model_set_params (model, &p, &error));
  assert_int_equal (error->code, TG_ERROR_MODEL);
  assert_non_null (strstr (error->message, "[aggregate] mixed_ratio"));
  /* The model keeps its old values. */
  assert_true (tg_model_params (model)->mixed_ratio <= 1.0);
}

static void
test_key_table (void **state)
{
  (void) state;
  assert_true (tg_model_n_keys () > 10);
  gint i = tg_model_key_index ("modifiers.negation_scope");
  assert_true (i >= 0);
  double min, max;
  gboolean integer;
  tg_model_key_range ((guint) i, &min, &max, &integer);
  assert_true (integer);
  assert_true (min <= 3 && max >= 3);
  assert_int_equal (tg_model_key_index ("modifiers.no_such_key"), -1);
  TgStanceParams p = { 0 };
  tg_model_params_set (&p, (guint) i, 4);
  assert_int_equal (p.negation_scope, 4);
  assert_true (tg_model_params_get (&p, (guint) i) == 4.0);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_load_fixture),
    cmocka_unit_test (test_malformed),
    cmocka_unit_test (test_missing_file),
    cmocka_unit_test (test_save_round_trip),
    cmocka_unit_test (test_set_params_range),
    cmocka_unit_test (test_key_table),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
