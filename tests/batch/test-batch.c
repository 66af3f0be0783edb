/* test-batch.c — the batch module: records in, result or error records out, and
 * the ordered pipeline. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "batch.h"
#include "tg-error.h"

#define FIXTURE TG_SOURCE_ROOT "/tests/fixtures/lexicons"

/* Records that are tagged: the output must start with @prefix. */
static const struct {
  const char *line;
  const char *prefix;
} good_records[] = {
  { "{\"id\":1,\"text\":\"Kyiv said no.\"}",
    "{\"id\":1,\"document\":\"1\",\"tokens\":[{\"text\":\"Kyiv\",\"start\":0,\"end\":4}," },
  /* other members pass through byte for byte, in input order, after the id */
  { "{\"n\":12345678901234567890,\"id\":\"a\",\"f\":0.1,\"o\":{\"x\":[1,2e3,null]},\"text\":\"x\"}",
    "{\"id\":\"a\",\"n\":12345678901234567890,\"f\":0.1,\"o\":{\"x\":[1,2e3,null]},\"document\":\"a\"," },
  /* white space around members is dropped, inside values kept */
  { "  { \"id\" : \"b c\" , \"s\" : [ 1 , 2 ] , \"text\" : \"x\" }  ",
    "{\"id\":\"b c\",\"s\":[ 1 , 2 ],\"document\":\"b c\"," },
  /* an escaped member name is still "id" */
  { "{\"\\u0069d\":5,\"text\":\"x\"}", "{\"id\":5,\"document\":\"5\"," },
  /* escapes in the text are decoded before tokenising */
  { "{\"id\":-2.5e1,\"text\":\"caf\\u00e9 \\\"Kyiv\\\"\\n\"}",
    "{\"id\":-2.5e1,\"document\":\"-2.5e1\",\"tokens\":[{\"text\":\"café\",\"start\":0,\"end\":5}," },
  /* a final CR (CRLF files) is no part of the record */
  { "{\"id\":7,\"text\":\"x\"}\r", "{\"id\":7,\"document\":\"7\"," },
};

/* Bad records: the exact error record, read from line 7 of "t.jsonl". */
static const struct {
  const char *line;
  TgErrorCode code;
  const char *record;
} bad_records[] = {
  { "", TG_ERROR_PARSE, "{\"id\":null,\"error\":\"t.jsonl:7: empty line (a record is a JSON object)\"}\n" },
  { "[1]", TG_ERROR_PARSE, "{\"id\":null,\"error\":\"t.jsonl:7: invalid JSON at byte 0: expected '{' (a record is a JSON object)\"}\n" },
  { "{'id':1}", TG_ERROR_PARSE, "{\"id\":null,\"error\":\"t.jsonl:7: invalid JSON at byte 1: expected a member name in double quotes\"}\n" },
  { "{\"id\":1,\"text\":\"a\"} {}", TG_ERROR_PARSE, "{\"id\":null,\"error\":\"t.jsonl:7: invalid JSON at byte 20: expected the end of the line after the object\"}\n" },
  { "{\"id\":1,\"text\":\"a\tb\"}", TG_ERROR_PARSE, "{\"id\":null,\"error\":\"t.jsonl:7: invalid JSON at byte 17: expected a control character escaped in a string\"}\n" },
  { "{\"id\":010,\"text\":\"a\"}", TG_ERROR_PARSE, "{\"id\":null,\"error\":\"t.jsonl:7: invalid JSON at byte 7: expected ',' or '}'\"}\n" },
  { "{\"id\":1,\"text\":\"a\\x\"}", TG_ERROR_PARSE, "{\"id\":null,\"error\":\"t.jsonl:7: invalid JSON at byte 17: expected a valid escape (\\\\\\\" \\\\\\\\ \\\\/ \\\\b \\\\f \\\\n \\\\r \\\\t \\\\uXXXX)\"}\n" },
  { "{\"id\":1,\"text\":\"a\"", TG_ERROR_PARSE, "{\"id\":null,\"error\":\"t.jsonl:7: invalid JSON at byte 18: expected ',' or '}'\"}\n" },
  { "{\"text\":\"a\"}", TG_ERROR_PARSE, "{\"id\":null,\"error\":\"t.jsonl:7: no \\\"id\\\" member\"}\n" },
  { "{\"id\":null,\"text\":\"a\"}", TG_ERROR_PARSE, "{\"id\":null,\"error\":\"t.jsonl:7: \\\"id\\\" is neither a string nor a number\"}\n" },
  { "{\"id\":[1],\"text\":\"a\"}", TG_ERROR_PARSE, "{\"id\":null,\"error\":\"t.jsonl:7: \\\"id\\\" is neither a string nor a number\"}\n" },
  { "{\"id\":1,\"id\":2,\"text\":\"a\"}", TG_ERROR_PARSE, "{\"id\":null,\"error\":\"t.jsonl:7: \\\"id\\\" appears twice\"}\n" },
  { "{\"id\":\"x\"}", TG_ERROR_PARSE, "{\"id\":\"x\",\"error\":\"t.jsonl:7: no \\\"text\\\" member\"}\n" },
  { "{\"id\":\"x\",\"text\":[\"a\"]}", TG_ERROR_PARSE, "{\"id\":\"x\",\"error\":\"t.jsonl:7: \\\"text\\\" is not a string\"}\n" },
  { "{\"id\":3,\"text\":\"a\",\"text\":\"b\"}", TG_ERROR_PARSE, "{\"id\":3,\"error\":\"t.jsonl:7: \\\"text\\\" appears twice\"}\n" },
  { "{\"id\":3,\"text\":\"a\\u0000b\"}", TG_ERROR_ENCODING, "{\"id\":3,\"error\":\"t.jsonl:7: \\\"text\\\" holds a NUL character (\\\\u0000)\"}\n" },
  { "{\"id\":3,\"text\":\"a\\ud800b\"}", TG_ERROR_ENCODING, "{\"id\":3,\"error\":\"t.jsonl:7: \\\"text\\\" holds an unpaired UTF-16 surrogate escape\"}\n" },
  { "{\"id\":3,\"text\":\"a\\udc00\"}", TG_ERROR_ENCODING, "{\"id\":3,\"error\":\"t.jsonl:7: \\\"text\\\" holds an unpaired UTF-16 surrogate escape\"}\n" },
  { "{\"id\":\"\\u0000\",\"text\":\"a\"}", TG_ERROR_ENCODING, "{\"id\":\"\\u0000\",\"error\":\"t.jsonl:7: \\\"id\\\" holds a NUL character (\\\\u0000)\"}\n" },
  /* an id with an unpaired surrogate is not echoed: JSON readers reject it (fuzz-batch) */
  { "{\"id\":\"\\ud83dx\",\"text\":\"a\"}", TG_ERROR_ENCODING, "{\"id\":null,\"error\":\"t.jsonl:7: \\\"id\\\" holds an unpaired UTF-16 surrogate escape\"}\n" },
  { "{\"id\":\"\\ud83dx\",\"text\":\"a \xff\"}", TG_ERROR_ENCODING, "{\"id\":null,\"error\":\"t.jsonl:7: byte 26: invalid UTF-8\"}\n" },
  { "{\"id\":4,\"text\":\"a\",\"entities\":[]}", TG_ERROR_PARSE, "{\"id\":4,\"error\":\"t.jsonl:7: member \\\"entities\\\" would clash with the output's own \\\"entities\\\"\"}\n" },
  { "{\"id\":4,\"text\":\"a\",\"error\":\"\"}", TG_ERROR_PARSE, "{\"id\":4,\"error\":\"t.jsonl:7: member \\\"error\\\" would clash with the output's own \\\"error\\\"\"}\n" },
  /* invalid UTF-8: the id is kept when it is itself valid */
  { "{\"id\":5,\"text\":\"a \xff b\"}", TG_ERROR_ENCODING, "{\"id\":5,\"error\":\"t.jsonl:7: byte 18: invalid UTF-8\"}\n" },
  { "{\"id\":\"\xc3\",\"text\":\"a\"}", TG_ERROR_ENCODING, "{\"id\":null,\"error\":\"t.jsonl:7: byte 7: invalid UTF-8\"}\n" },
  { "{\"id\":5,\"text\":\"a\xff\"", TG_ERROR_ENCODING, "{\"id\":null,\"error\":\"t.jsonl:7: byte 17: invalid UTF-8\"}\n" },
  /* the limit: the fixture options allow 100 bytes */
  { "{\"id\":6,\"text\":\"0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890\"}",
    TG_ERROR_LIMIT, "{\"id\":null,\"error\":\"t.jsonl:7: record larger than 100 bytes (--max-record-bytes)\"}\n" },
};

static int
setup (void **state)
{
  g_autoptr (GError) error = NULL;
  TgTagger *tagger = tg_tagger_new (FIXTURE, NULL, &error);
  if (tagger == NULL)
    fprintf (stderr, "%s\n", error->message);
  *state = tagger;
  return tagger == NULL;
}

static int
teardown (void **state)
{
  tg_tagger_free (*state);
  return 0;
}

static void
test_good_records (void **state)
{
  TgBatchOptions opts = { TG_BATCH_JSON, 1, 0, FALSE, TRUE };
  g_autoptr (TgBatchWorker) w = tg_batch_worker_new (*state, &opts);
  for (guint i = 0; i < G_N_ELEMENTS (good_records); i++)
    {
      g_autoptr (GString) out = g_string_new ("before");
      g_autoptr (GError) error = NULL;
      g_autofree char *id = NULL;
      const char *line = good_records[i].line;
      gboolean ok = tg_batch_worker_process (w, "t.jsonl", 1, line, strlen (line), out, &id, &error);
      if (!ok)
        fail_msg ("%s: %s", line, error->message);
      assert_true (g_str_has_prefix (out->str, "before"));
      if (!g_str_has_prefix (out->str + 6, good_records[i].prefix))
        fail_msg ("%s\n  got %s\n  want %s", line, out->str + 6, good_records[i].prefix);
      assert_int_equal (out->str[out->len - 1], '\n');
      assert_null (memchr (out->str, '\n', out->len - 1));
      assert_non_null (id);
    }
}

static void
test_bad_records (void **state)
{
  TgBatchOptions opts = { TG_BATCH_JSON, 1, 100, FALSE, TRUE };
  g_autoptr (TgBatchWorker) w = tg_batch_worker_new (*state, &opts);
  for (guint i = 0; i < G_N_ELEMENTS (bad_records); i++)
    {
      g_autoptr (GString) out = g_string_new (NULL);
      g_autoptr (GError) error = NULL;
      g_autofree char *id = NULL;
      const char *line = bad_records[i].line;
      gboolean ok = tg_batch_worker_process (w, "t.jsonl", 7, line, strlen (line), out, &id, &error);
      if (ok)
        fail_msg ("%s: accepted", line);
      if (strcmp (out->str, bad_records[i].record) != 0)
        fail_msg ("%s\n  got  %s  want %s", line, out->str, bad_records[i].record);
      assert_true (g_error_matches (error, TG_ERROR, (gint) bad_records[i].code));
      /* the GError says what the record says */
      assert_non_null (strstr (out->str, "t.jsonl:7: "));
      assert_true (g_utf8_validate (out->str, (gssize) out->len, NULL));
    }
}

static void
test_lenient (void **state)
{
  TgBatchOptions opts = { TG_BATCH_JSON, 1, 0, TRUE, TRUE };
  g_autoptr (TgBatchWorker) w = tg_batch_worker_new (*state, &opts);
  static const struct {
    const char *line;
    const char *prefix;
  } cases[] = {
    { "{\"id\":\"\xff\",\"text\":\"a\xff\"}", "{\"id\":\"\xEF\xBF\xBD\",\"document\":\"\xEF\xBF\xBD\",\"tokens\":[{\"text\":\"a\xEF\xBF\xBD\"" },
    { "{\"id\":1,\"text\":\"a\\u0000b\"}", "{\"id\":1,\"document\":\"1\",\"tokens\":[{\"text\":\"a\xEF\xBF\xBD" "b\"" },
    { "{\"id\":1,\"text\":\"a\\ud800b\"}", "{\"id\":1,\"document\":\"1\",\"tokens\":[{\"text\":\"a\xEF\xBF\xBD" "b\"" },
    /* the id is echoed repaired (fuzz-batch) */
    { "{\"id\":\"\\ud83dx\",\"text\":\"a\"}", "{\"id\":\"\\uFFFDx\",\"document\":\"\xEF\xBF\xBDx\"," },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GString) out = g_string_new (NULL);
      g_autoptr (GError) error = NULL;
      assert_true (tg_batch_worker_process (w, "t", 1, cases[i].line, strlen (cases[i].line), out, NULL, &error));
      if (!g_str_has_prefix (out->str, cases[i].prefix))
        fail_msg ("%s\n  got %s\n  want %s", cases[i].line, out->str, cases[i].prefix);
    }
}

static void
test_conll (void **state)
{
  TgBatchOptions opts = { TG_BATCH_CONLL, 1, 0, FALSE, TRUE };
  g_autoptr (TgBatchWorker) w = tg_batch_worker_new (*state, &opts);
  g_autoptr (GString) out = g_string_new (NULL);
  const char *good = "{\"id\":1,\"text\":\"Kyiv said no.\"}";
  assert_true (tg_batch_worker_process (w, "t", 1, good, strlen (good), out, NULL, NULL));
  assert_string_equal (out->str, "-DOCSTART- -X- -X- O\n\nKyiv B-GOV\nsaid O\nno O\n. O\n\n");
  /* a bad record is an empty document, so the Nth document stays the Nth line */
  g_string_truncate (out, 0);
  assert_false (tg_batch_worker_process (w, "t", 2, "oops", 4, out, NULL, NULL));
  assert_string_equal (out->str, "-DOCSTART- -X- -X- O\n\n");
}

typedef struct {
  GString *out;
  guint calls;
  guint flushes;
  guint64 last_line;
  gboolean ordered;
} Collect;

static gboolean
collect (const TgBatchResult *result, gpointer user_data, GError **error)
{
  Collect *c = user_data;
  (void) error;
  if (result == NULL)
    {
      c->flushes++;
      return TRUE;
    }
  if (result->line != c->last_line + 1)
    c->ordered = FALSE;
  c->last_line = result->line;
  c->calls++;
  g_string_append_len (c->out, result->data, (gssize) result->len);
  return TRUE;
}

/* Writes @text to a temporary file and returns a descriptor open on it. */
static int
temp_input (const char *text)
{
  g_autofree char *path = NULL;
  int fd = g_file_open_tmp ("test-batch-XXXXXX", &path, NULL);
  assert_true (fd >= 0);
  assert_int_equal (write (fd, text, strlen (text)), (ssize_t) strlen (text));
  assert_int_equal (lseek (fd, 0, SEEK_SET), 0);
  g_unlink (path);
  return fd;
}

/* Many records, some bad, through 1, 3 and 8 threads: the same bytes as
 * tagging them one by one, in order, one result per line. */
static void
test_pipeline_order (void **state)
{
  g_autoptr (GString) input = g_string_new (NULL);
  const guint n = 1500;
  for (guint i = 1; i <= n; i++)
    {
      if (i % 101 == 0)
        g_string_append (input, "not json\n");
      else if (i % 77 == 0)
        g_string_append (input, "\n");
      else
        g_string_append_printf (input, "{\"id\":%u,\"k\":%u,\"text\":\"Talks in Kyiv, day %u. Moscow said no.%s\"}\n",
                                i, i % 7, i, i % 13 == 0 ? " Longer record, longer record, longer record." : "");
    }
  g_string_append (input, "{\"id\":\"last\",\"text\":\"no final newline\"}");

  TgBatchOptions opts = { TG_BATCH_JSON, 1, 0, FALSE, TRUE };
  g_autoptr (GString) expected = g_string_new (NULL);
  g_autoptr (TgBatchWorker) w = tg_batch_worker_new (*state, &opts);
  g_auto (GStrv) lines = g_strsplit (input->str, "\n", -1);
  guint bad = 0;
  for (guint i = 0; lines[i] != NULL; i++)
    if (!tg_batch_worker_process (w, "in", i + 1, lines[i], strlen (lines[i]), expected, NULL, NULL))
      bad++;

  const guint threads[] = { 1, 3, 8 };
  for (guint t = 0; t < G_N_ELEMENTS (threads); t++)
    {
      opts.n_threads = threads[t];
      int fd = temp_input (input->str);
      TgBatchInput in = { fd, "in" };
      Collect c = { g_string_new (NULL), 0, 0, 0, TRUE };
      TgBatchStats stats;
      g_autoptr (GError) error = NULL;
      assert_true (tg_batch_run (*state, &opts, &in, 1, collect, &c, &stats, &error));
      close (fd);
      assert_true (c.ordered);
      assert_int_equal (c.calls, n + 1);
      assert_int_equal (stats.records, n + 1);
      assert_int_equal (stats.failed, bad);
      assert_int_equal (stats.in_bytes, input->len);
      assert_int_equal (stats.out_bytes, c.out->len);
      assert_true (c.flushes >= 1);
      assert_int_equal (c.out->len, expected->len);
      assert_memory_equal (c.out->str, expected->str, expected->len);
      g_string_free (c.out, TRUE);
    }
}

/* A repeated id is an error record; line numbers restart with each input. */
static void
test_pipeline_duplicates (void **state)
{
  int fd1 = temp_input ("{\"id\":1,\"text\":\"a\"}\n{\"id\":\"1\",\"text\":\"b\"}\n");
  int fd2 = temp_input ("{\"id\":1,\"text\":\"c\"}\n{\"id\":2}\n{\"id\":2,\"text\":\"d\"}\n");
  TgBatchInput in[] = { { fd1, "one" }, { fd2, "two" } };
  TgBatchOptions opts = { TG_BATCH_JSON, 1, 0, FALSE, TRUE };
  Collect c = { g_string_new (NULL), 0, 0, 0, TRUE };
  TgBatchStats stats;
  assert_true (tg_batch_run (*state, &opts, in, 2, collect, &c, &stats, NULL));
  g_auto (GStrv) lines = g_strsplit (c.out->str, "\n", -1);
  assert_int_equal (g_strv_length (lines), 6);
  assert_true (g_str_has_prefix (lines[0], "{\"id\":1,\"document\""));
  assert_true (g_str_has_prefix (lines[1], "{\"id\":\"1\",\"document\""));   /* "1" is not 1 */
  assert_string_equal (lines[2], "{\"id\":1,\"error\":\"two:1: duplicate id 1 (an earlier record has it)\"}");
  assert_string_equal (lines[3], "{\"id\":2,\"error\":\"two:2: no \\\"text\\\" member\"}");
  /* the failed record claimed the id */
  assert_string_equal (lines[4], "{\"id\":2,\"error\":\"two:3: duplicate id 2 (an earlier record has it)\"}");
  assert_int_equal (stats.failed, 3);
  g_string_free (c.out, TRUE);
  close (fd1);
  close (fd2);

  /* with the check off, repeats are tagged */
  fd1 = temp_input ("{\"id\":1,\"text\":\"a\"}\n{\"id\":1,\"text\":\"b\"}\n");
  TgBatchInput one = { fd1, "one" };
  opts.check_ids = FALSE;
  c = (Collect) { g_string_new (NULL), 0, 0, 0, TRUE };
  assert_true (tg_batch_run (*state, &opts, &one, 1, collect, &c, &stats, NULL));
  assert_int_equal (stats.failed, 0);
  g_string_free (c.out, TRUE);
  close (fd1);
}

static gboolean
fail_third (const TgBatchResult *result, gpointer user_data, GError **error)
{
  guint *seen = user_data;
  if (result == NULL)
    return TRUE;
  if (++*seen == 3)
    {
      g_set_error (error, TG_ERROR, TG_ERROR_IO, "sink full");
      return FALSE;
    }
  return TRUE;
}

/* A failing sink stops the run and its error comes back. */
static void
test_pipeline_sink_error (void **state)
{
  g_autoptr (GString) input = g_string_new (NULL);
  for (guint i = 0; i < 500; i++)
    g_string_append_printf (input, "{\"id\":%u,\"text\":\"Kyiv.\"}\n", i);
  for (guint threads = 1; threads <= 2; threads++)
    {
      int fd = temp_input (input->str);
      TgBatchInput in = { fd, "in" };
      TgBatchOptions opts = { TG_BATCH_JSON, threads, 0, FALSE, TRUE };
      guint seen = 0;
      TgBatchStats stats;
      g_autoptr (GError) error = NULL;
      assert_false (tg_batch_run (*state, &opts, &in, 1, fail_third, &seen, &stats, &error));
      assert_true (g_error_matches (error, TG_ERROR, TG_ERROR_IO));
      assert_int_equal (seen, 3);
      assert_int_equal (stats.records, 2);
      close (fd);
    }
}

/* A line far over the limit is skipped as it streams past, not held. */
static void
test_pipeline_long_line (void **state)
{
  g_autoptr (GString) input = g_string_new ("{\"id\":1,\"text\":\"");
  for (guint i = 0; i < 200000; i++)
    g_string_append (input, "Kyiv said no. ");
  g_string_append (input, "\"}\n{\"id\":2,\"text\":\"after\"}\n");
  for (guint threads = 1; threads <= 2; threads++)
    {
      int fd = temp_input (input->str);
      TgBatchInput in = { fd, "in" };
      TgBatchOptions opts = { TG_BATCH_JSON, threads, 1000, FALSE, TRUE };
      Collect c = { g_string_new (NULL), 0, 0, 0, TRUE };
      TgBatchStats stats;
      assert_true (tg_batch_run (*state, &opts, &in, 1, collect, &c, &stats, NULL));
      assert_true (g_str_has_prefix (c.out->str, "{\"id\":null,\"error\":\"in:1: record larger than 1000 bytes"));
      assert_non_null (strstr (c.out->str, "\n{\"id\":2,\"document\":\"2\""));
      assert_int_equal (stats.in_bytes, input->len);
      assert_int_equal (stats.failed, 1);
      g_string_free (c.out, TRUE);
      close (fd);
    }
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_good_records),
    cmocka_unit_test (test_bad_records),
    cmocka_unit_test (test_lenient),
    cmocka_unit_test (test_conll),
    cmocka_unit_test (test_pipeline_order),
    cmocka_unit_test (test_pipeline_duplicates),
    cmocka_unit_test (test_pipeline_sink_error),
    cmocka_unit_test (test_pipeline_long_line),
  };
  return cmocka_run_group_tests (tests, setup, teardown);
}
