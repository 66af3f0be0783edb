/* test-conll.c — the CoNLL reader and writer (conll.h): table-driven reader
 * cases (line ends, BOM, documents, columns, errors with their line), the
 * writer, and a round trip. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "conll.h"
#include "tg-error.h"
#include "tg-limits.h"

/* A readable summary of what the reader made: per document "NAME:" then its
 * sentences separated by " / ", each token as TOKEN{EXTRA}; documents separated
 * by " | ". */
static char *
dump_documents (const GPtrArray *docs)
{
  GString *s = g_string_new (NULL);
  for (guint d = 0; d < docs->len; d++)
    {
      const TgDocument *doc = g_ptr_array_index (docs, d);
      if (d > 0)
        g_string_append (s, " | ");
      g_string_append_printf (s, "%s:", doc->name);
      for (guint k = 0; k < doc->sentences->len; k++)
        {
          const TgSentence *sent = &g_array_index (doc->sentences, TgSentence, k);
          g_string_append (s, k > 0 ? " / " : " ");
          for (guint i = sent->first; i < sent->first + sent->n_tokens; i++)
            {
              g_autofree char *tok = tg_document_token_dup (doc, i);
              if (i > sent->first)
                g_string_append_c (s, ' ');
              g_string_append_printf (s, "%s{%s}", tok, (const char *) g_ptr_array_index (doc->extra, i));
            }
        }
    }
  return g_string_free (s, FALSE);
}

typedef struct {
  const char *what;
  const char *input;
  gboolean gold;          /* tg_conll_read_gold() instead of tg_conll_read() */
  const char *expected;   /* dump_documents() of the result, or NULL when it must fail */
  TgErrorCode code;       /* the error code when it must fail */
  const char *message;    /* a substring of the error message */
} ReadCase;

static const ReadCase read_cases[] = {
  { "two columns", "Talks O\nin O\nVienna B-LOC\n\nLavrov B-PER\nsaid O\n\n", FALSE,
    "t.conll: Talks{O} in{O} Vienna{B-LOC} / Lavrov{B-PER} said{O}", 0, NULL },
  { "CRLF", "Talks O\r\nin O\r\n\r\nVienna B-LOC\r\n", FALSE,
    "t.conll: Talks{O} in{O} / Vienna{B-LOC}", 0, NULL },
  { "BOM", "\xEF\xBB\xBFTalks O\nin O\n", FALSE, "t.conll: Talks{O} in{O}", 0, NULL },
  { "no final blank line or newline", "a O\nb B-GOV", FALSE, "t.conll: a{O} b{B-GOV}", 0, NULL },
  { "several blank lines and whitespace-only lines", "\n\na O\n\n \t \n\nb O\n\n\n", FALSE,
    "t.conll: a{O} / b{O}", 0, NULL },
  { "tabs and runs of spaces", "a\tNNP  \tB-PER\n  b   NN O  \n", FALSE,
    "t.conll: a{NNP B-PER} b{NN O}", 0, NULL },
  { "one column", "a\nb\n\nc\n", FALSE, "t.conll: a{} b{} / c{}", 0, NULL },
  { "documents", "-DOCSTART- -X- -X- O\n\na X O\n\n-DOCSTART- -X- -X- O\n\nb X O\nc X O\n", FALSE,
    "t.conll#1: a{X O} | t.conll#2: b{X O} c{X O}", 0, NULL },
  { "tokens before the first -DOCSTART-", "a O\n-DOCSTART- O\nb O\n", FALSE,
    "t.conll#1: a{O} | t.conll#2: b{O}", 0, NULL },
  { "blank lines before the first -DOCSTART-", "\n\n-DOCSTART- O\n\nb O\n", FALSE,
    "t.conll#1: b{O}", 0, NULL },
  { "empty document between -DOCSTART- lines", "-DOCSTART- O\n\n-DOCSTART- O\n\nb O\n", FALSE,
    "t.conll#1: | t.conll#2: b{O}", 0, NULL },
  { "-DOCSTART- with its own column count", "-DOCSTART- -X- -X- O\n\na O\n", FALSE,
    "t.conll#1: a{O}", 0, NULL },
  { "-X- line ends a sentence", "a O\n-X- O\nb O\n", FALSE, "t.conll: a{O} / b{O}", 0, NULL },
  { "empty input", "", FALSE, "t.conll:", 0, NULL },
  { "UTF-8 tokens", "Zaporizhzhia\xE2\x80\x99s O\n\xC3\x9Csk\xC3\xBC" "dar B-LOC\n", FALSE,
    "t.conll: Zaporizhzhia\xE2\x80\x99s{O} \xC3\x9Csk\xC3\xBC" "dar{B-LOC}", 0, NULL },
  { "gold with tags", "a B-PER\n", TRUE, "t.conll: a{B-PER}", 0, NULL },
  { "column count differs", "a NN O\nb NN O\n\nc O\n", FALSE, NULL, TG_ERROR_PARSE,
    "t.conll:4: unexpected number of features: 2 (expected 3, as on line 1)" },
  { "column count differs after CRLF and BOM", "\xEF\xBB\xBF" "a O\r\nb O x\r\n", FALSE, NULL,
    TG_ERROR_PARSE, "t.conll:2: unexpected number of features" },
  { "gold without a tag column", "a\nb\n", TRUE, NULL, TG_ERROR_PARSE,
    "t.conll:1: expected a token and a tag column" },
  { "invalid UTF-8", "a O\nb\xC3( O\n", FALSE, NULL, TG_ERROR_ENCODING,
    "t.conll:2: invalid UTF-8" },
  { "overlong UTF-8 on line 3", "a O\n\nb\xC0\xAF O\n", FALSE, NULL, TG_ERROR_ENCODING,
    "t.conll:3:" },
};

static void
test_read_cases (void **state)
{
  (void) state;
  for (gsize k = 0; k < G_N_ELEMENTS (read_cases); k++)
    {
      const ReadCase *c = &read_cases[k];
      g_autoptr (GError) error = NULL;
      gsize len = strlen (c->input);
      g_autoptr (GPtrArray) docs = c->gold ? tg_conll_read_gold ("t.conll", c->input, len, &error)
                                           : tg_conll_read ("t.conll", c->input, len, &error);
      if (c->expected != NULL)
        {
          if (docs == NULL)
            fail_msg ("case '%s': unexpected error: %s", c->what, error->message);
          g_autofree char *dump = dump_documents (docs);
          if (strcmp (dump, c->expected) != 0)
            fail_msg ("case '%s':\n  got      '%s'\n  expected '%s'", c->what, dump, c->expected);
        }
      else
        {
          if (docs != NULL)
            fail_msg ("case '%s': expected an error", c->what);
          assert_non_null (error);
          if (error->domain != TG_ERROR || error->code != (int) c->code)
            fail_msg ("case '%s': wrong error %s/%d: %s", c->what, g_quark_to_string (error->domain),
                      error->code, error->message);
          if (strstr (error->message, c->message) == NULL)
            fail_msg ("case '%s': message '%s' lacks '%s'", c->what, error->message, c->message);
        }
    }
}

static void
test_read_nul_byte (void **state)
{
  (void) state;
  static const char data[] = "a O\nb\0c O\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) docs = tg_conll_read ("t.conll", data, sizeof data - 1, &error);
  assert_null (docs);
  assert_true (g_error_matches (error, TG_ERROR, TG_ERROR_ENCODING));
  assert_non_null (strstr (error->message, "t.conll:2:"));
}

static void
test_read_long_line (void **state)
{
  (void) state;
  g_autoptr (GString) s = g_string_new ("a O\n");
  for (gsize i = 0; i <= TG_MAX_LINE_BYTES; i++)
    g_string_append_c (s, 'x');
  g_string_append (s, " O\n");
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) docs = tg_conll_read ("t.conll", s->str, s->len, &error);
  assert_null (docs);
  assert_true (g_error_matches (error, TG_ERROR, TG_ERROR_LIMIT));
  assert_non_null (strstr (error->message, "t.conll:2:"));
}

static void
test_read_long_token (void **state)
{
  (void) state;
  g_autoptr (GString) s = g_string_new (NULL);
  for (gsize i = 0; i <= TG_MAX_TOKEN_BYTES; i++)
    g_string_append_c (s, 'x');
  g_string_append (s, " O\n");
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) docs = tg_conll_read ("t.conll", s->str, s->len, &error);
  assert_null (docs);
  assert_true (g_error_matches (error, TG_ERROR, TG_ERROR_LIMIT));
  assert_non_null (strstr (error->message, "t.conll:1:"));
}

/* A sentence longer than the limit is cut, so the tagger never sees one. */
static void
test_read_long_sentence (void **state)
{
  (void) state;
  g_autoptr (GString) s = g_string_new (NULL);
  guint n = TG_MAX_SENTENCE_TOKENS * 2 + 3;
  for (guint i = 0; i < n; i++)
    g_string_append (s, "w O\n");
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) docs = tg_conll_read ("t.conll", s->str, s->len, &error);
  assert_non_null (docs);
  const TgDocument *doc = g_ptr_array_index (docs, 0);
  assert_int_equal (doc->tokens->len, n);
  assert_int_equal (doc->sentences->len, 3);
  assert_int_equal (g_array_index (doc->sentences, TgSentence, 2).n_tokens, 3);
}

/* Token offsets index the document text: tokens joined by a space, sentences
 * by a newline. */
static void
test_read_text_layout (void **state)
{
  (void) state;
  static const char data[] = "Talks O\nin O\n\nVienna B-LOC\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) docs = tg_conll_read ("t.conll", data, sizeof data - 1, &error);
  assert_non_null (docs);
  const TgDocument *doc = g_ptr_array_index (docs, 0);
  assert_string_equal (doc->text, "Talks in\nVienna");
  assert_int_equal (doc->text_len, strlen ("Talks in\nVienna"));
  assert_int_equal (tg_document_token (doc, 2)->start, 9);
  assert_string_equal (tg_conll_tag (doc, 2), "B-LOC");
}

static void
test_tags (void **state)
{
  (void) state;
  static const char data[] = "a NN I-NP B-PER\nb NN I-NP O\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) docs = tg_conll_read_gold ("t.conll", data, sizeof data - 1, &error);
  assert_non_null (docs);
  const TgDocument *doc = g_ptr_array_index (docs, 0);
  g_autoptr (GPtrArray) tags = tg_conll_tags (doc);
  assert_int_equal (tags->len, 2);
  assert_string_equal (g_ptr_array_index (tags, 0), "B-PER");
  assert_string_equal (g_ptr_array_index (tags, 1), "O");
  assert_string_equal (g_ptr_array_index (doc->extra, 0), "NN I-NP B-PER");
}

/* Builds "Syrian government met in Vienna ." / "NATO said" with entities. */
static TgDocument *
make_document (void)
{
  static const char text[] = "Syrian government met in Vienna .\nNATO said";
  TgDocument *doc = tg_document_new ("made");
  tg_document_take_text (doc, g_strdup (text), strlen (text));
  static const gsize offsets[][2] = {
    { 0, 6 }, { 7, 17 }, { 18, 21 }, { 22, 24 }, { 25, 31 }, { 32, 33 }, { 34, 38 }, { 39, 43 },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (offsets); i++)
    tg_document_add_token (doc, offsets[i][0], offsets[i][1]);
  tg_document_add_sentence (doc, 0, 6);
  tg_document_add_sentence (doc, 6, 2);
  TgEntity ents[] = {
    { 0, 2, 0, TG_ENTITY_GOV, "SYR", "test" },
    { 4, 1, 0, TG_ENTITY_LOC, NULL, "test" },
    { 6, 1, 1, TG_ENTITY_ORG, "NATO", "test" },
  };
  g_array_append_vals (doc->entities, ents, G_N_ELEMENTS (ents));
  return doc;
}

static const char made_conll[] =
  "-DOCSTART- -X- -X- O\n"
  "\n"
  "Syrian B-GOV\n"
  "government I-GOV\n"
  "met O\n"
  "in O\n"
  "Vienna B-LOC\n"
  ". O\n"
  "\n"
  "NATO B-ORG\n"
  "said O\n"
  "\n";

static void
test_write (void **state)
{
  (void) state;
  g_autoptr (TgDocument) doc = make_document ();
  g_autoptr (GString) out = g_string_new (NULL);
  tg_conll_write (doc, out);
  assert_string_equal (out->str, made_conll);
  /* Appends: a second document follows the first. */
  tg_conll_write (doc, out);
  assert_int_equal (out->len, 2 * strlen (made_conll));
}

static void
test_round_trip (void **state)
{
  (void) state;
  g_autoptr (TgDocument) doc = make_document ();
  g_autoptr (GString) out = g_string_new (NULL);
  tg_conll_write (doc, out);
  tg_conll_write (doc, out);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) docs = tg_conll_read_gold ("rt", out->str, out->len, &error);
  assert_non_null (docs);
  assert_int_equal (docs->len, 2);
  g_autoptr (GPtrArray) iob = tg_document_iob_tags (doc);
  for (guint d = 0; d < docs->len; d++)
    {
      const TgDocument *back = g_ptr_array_index (docs, d);
      assert_string_equal (back->text, doc->text);
      assert_int_equal (back->tokens->len, doc->tokens->len);
      assert_int_equal (back->sentences->len, doc->sentences->len);
      for (guint i = 0; i < doc->tokens->len; i++)
        {
          assert_int_equal (tg_document_token (back, i)->start, tg_document_token (doc, i)->start);
          assert_string_equal (tg_conll_tag (back, i), g_ptr_array_index (iob, i));
        }
      g_autoptr (GString) again = g_string_new (NULL);
      /* Written again from the same entities, it is the same text. */
      TgDocument *copy = (TgDocument *) back;
      g_array_append_vals (copy->entities, doc->entities->data, doc->entities->len);
      tg_conll_write (copy, again);
      assert_string_equal (again->str, made_conll);
    }
  assert_string_equal (((const TgDocument *) g_ptr_array_index (docs, 1))->name, "rt#2");
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_read_cases),
    cmocka_unit_test (test_read_nul_byte),
    cmocka_unit_test (test_read_long_line),
    cmocka_unit_test (test_read_long_token),
    cmocka_unit_test (test_read_long_sentence),
    cmocka_unit_test (test_read_text_layout),
    cmocka_unit_test (test_tags),
    cmocka_unit_test (test_write),
    cmocka_unit_test (test_round_trip),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
