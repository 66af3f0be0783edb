/* test-output.c — the JSON and text views of a tagged document. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "output.h"
#include "tagger.h"
#include "text.h"

#define FIXTURE TG_SOURCE_ROOT "/tests/fixtures/lexicons"

static TgDocument *
tagged (TgTagger *tagger, const char *text)
{
  g_autoptr (TgScratch) scratch = tg_scratch_new (tagger);
  TgDocument *doc = tg_text_document_new ("sample.txt", text, strlen (text), TG_TEXT_STRICT, NULL);
  assert_non_null (doc);
  assert_true (tg_tagger_tag (tagger, scratch, doc, NULL));
  return doc;
}

static void
test_json_shape (void **state)
{
  TgTagger *tagger = *state;
  g_autoptr (TgDocument) doc = tagged (tagger, "Lavrov said Moscow agreed.\nTalks in Vienna \"failed\".");
  g_autoptr (GString) out = g_string_new (NULL);
  tg_output_json (doc, tg_tagger_lexicon (tagger), FALSE, out);
  /* one object on one line */
  assert_int_equal (out->str[out->len - 1], '\n');
  assert_null (memchr (out->str, '\n', out->len - 1));

  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  assert_true (json_parser_load_from_data (parser, out->str, (gssize) out->len, &error));
  JsonObject *root = json_node_get_object (json_parser_get_root (parser));
  assert_string_equal (json_object_get_string_member (root, "document"), "sample.txt");
  JsonArray *tokens = json_object_get_array_member (root, "tokens");
  assert_int_equal (json_array_get_length (tokens), doc->tokens->len);
  JsonObject *tok = json_array_get_object_element (tokens, 8);
  assert_string_equal (json_object_get_string_member (tok, "text"), "\"");
  JsonArray *sentences = json_object_get_array_member (root, "sentences");
  assert_int_equal (json_array_get_length (sentences), 2);

  JsonArray *entities = json_object_get_array_member (root, "entities");
  assert_int_equal (json_array_get_length (entities), 3);
  JsonObject *moscow = json_array_get_object_element (entities, 1);
  assert_string_equal (json_object_get_string_member (moscow, "text"), "Moscow");
  assert_string_equal (json_object_get_string_member (moscow, "type"), "GOV");
  assert_int_equal (json_object_get_int_member (moscow, "start"), 12);
  assert_int_equal (json_object_get_int_member (moscow, "end"), 18);
  assert_int_equal (json_object_get_int_member (moscow, "sentence"), 0);
  assert_string_equal (json_object_get_string_member (moscow, "party"), "RUS");
  assert_string_equal (json_object_get_string_member (moscow, "source"), "places-curated.tsv");
  JsonObject *vienna = json_array_get_object_element (entities, 2);
  assert_true (json_object_get_null_member (vienna, "party"));

  JsonArray *parties = json_object_get_array_member (root, "parties");
  assert_int_equal (json_array_get_length (parties), 1);
  JsonObject *rus = json_array_get_object_element (parties, 0);
  assert_string_equal (json_object_get_string_member (rus, "code"), "RUS");
  assert_string_equal (json_object_get_string_member (rus, "name"), "Russia");
  assert_int_equal (json_object_get_int_member (rus, "mentions"), 2);
}

static void
test_text_summary (void **state)
{
  TgTagger *tagger = *state;
  g_autoptr (TgDocument) doc = tagged (tagger, "Lavrov said Moscow agreed. Lavrov left Vienna.");
  g_autoptr (GString) out = g_string_new (NULL);
  tg_output_text (doc, tg_tagger_lexicon (tagger), out);
  assert_non_null (strstr (out->str, "sample.txt: 9 tokens, 2 sentences, 4 entities, 1 party\n"));
  assert_non_null (strstr (out->str, "RUS        Russia"));
  assert_non_null (strstr (out->str, "    PER  Lavrov (2)\n"));
  assert_non_null (strstr (out->str, "    GOV  Moscow\n"));
  assert_non_null (strstr (out->str, "    LOC  Vienna\n"));
}

static void
test_empty_document (void **state)
{
  TgTagger *tagger = *state;
  g_autoptr (TgDocument) doc = tagged (tagger, "");
  g_autoptr (GString) out = g_string_new (NULL);
  tg_output_json (doc, tg_tagger_lexicon (tagger), FALSE, out);
  assert_string_equal (out->str, "{\"document\":\"sample.txt\",\"tokens\":[],\"sentences\":[],\"entities\":[],\"parties\":[]}\n");
}

/* A party that holds a stance but is named by no entity ("Russian jets") is
 * still listed, with 0 mentions, so that its stance is not lost. */
static void
test_party_with_stance_only (void **state)
{
  (void) state;
  g_autoptr (TgTagger) tagger = tg_tagger_new (FIXTURE, TG_SOURCE_ROOT "/tests/fixtures/stance/test.model", NULL);
  assert_non_null (tagger);
  g_autoptr (TgDocument) doc = tagged (tagger, "Russian jets kept up strikes on Kherson.");
  g_autoptr (GString) out = g_string_new (NULL);
  tg_output_json (doc, tg_tagger_lexicon (tagger), FALSE, out);
  g_autoptr (JsonParser) parser = json_parser_new ();
  assert_true (json_parser_load_from_data (parser, out->str, (gssize) out->len, NULL));
  JsonObject *root = json_node_get_object (json_parser_get_root (parser));
  JsonArray *parties = json_object_get_array_member (root, "parties");
  assert_int_equal (json_array_get_length (parties), 1);
  JsonObject *rus = json_array_get_object_element (parties, 0);
  assert_string_equal (json_object_get_string_member (rus, "code"), "RUS");
  assert_int_equal (json_object_get_int_member (rus, "mentions"), 0);
  JsonObject *stance = json_object_get_object_member (rus, "stance");
  assert_non_null (stance);
  JsonObject *cf = json_object_get_object_member (stance, "ceasefire_first");
  assert_non_null (cf);
  assert_int_equal (json_object_get_int_member (cf, "label"), -1);

  g_string_truncate (out, 0);
  tg_output_text (doc, tg_tagger_lexicon (tagger), out);
  assert_non_null (strstr (out->str, "RUS        Russia                                 0 mentions\n"));
  assert_non_null (strstr (out->str, "\"kept up strikes\""));
}

static int
setup (void **state)
{
  *state = tg_tagger_new (FIXTURE, NULL, NULL);
  return *state == NULL;
}

static int
teardown (void **state)
{
  tg_tagger_free (*state);
  return 0;
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_json_shape),
    cmocka_unit_test (test_text_summary),
    cmocka_unit_test (test_empty_document),
    cmocka_unit_test (test_party_with_stance_only),
  };
  return cmocka_run_group_tests (tests, setup, teardown);
}
