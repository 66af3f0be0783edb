/* test-text.c — the tokenizer and sentence splitter against ANNOTATION.md section 2. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "text.h"
#include "tg-error.h"
#include "tg-limits.h"

/* Renders tokens joined by single spaces and sentences by " | ". */
static char *
render (const TgDocument *doc)
{
  GString *out = g_string_new (NULL);
  for (guint s = 0; s < doc->sentences->len; s++)
    {
      const TgSentence *sent = &g_array_index (doc->sentences, TgSentence, s);
      if (s > 0)
        g_string_append (out, " | ");
      for (guint i = sent->first; i < sent->first + sent->n_tokens; i++)
        {
          g_autofree char *tok = tg_document_token_dup (doc, i);
          if (i > sent->first)
            g_string_append_c (out, ' ');
          g_string_append (out, tok);
        }
    }
  return g_string_free (out, FALSE);
}

static const struct {
  const char *input;
  const char *expected;
} cases[] = {
  /* possessives, straight and curly */
  { "Iran's terms", "Iran 's terms" },
  { "Iran\u2019s terms", "Iran \u2019s terms" },
  { "IRAN'S TERMS", "IRAN 'S TERMS" },
  /* other clitics */
  { "Moscow can't agree and won't sign.", "Moscow ca n't agree and wo n't sign ." },
  { "They don't, we're sure.", "They do n't , we 're sure ." },
  /* apostrophes inside names stay */
  { "Sana'a and O'Brien", "Sana'a and O'Brien" },
  /* a plural possessive apostrophe is its own token */
  { "the Kurdistan Workers' Party", "the Kurdistan Workers ' Party" },
  /* hyphenated words are one token */
  { "a face-saving, Iran-backed deal", "a face-saving , Iran-backed deal" },
  { "Jean-Yves Le Drian", "Jean-Yves Le Drian" },
  /* dashes between words are their own tokens */
  { "Serbia \u2013 Kosovo talks \u2014 again", "Serbia \u2013 Kosovo talks \u2014 again" },
  { "Serbia\u2014Kosovo", "Serbia \u2014 Kosovo" },
  { "talks -- again", "talks -- again" },
  /* abbreviations and initials keep their period */
  { "Mr. Smith met Gen. Mark A. Milley in the U.S. on Jan. 5.", "Mr. Smith met Gen. Mark A. Milley in the U.S. on Jan. 5 ." },
  /* a hyphenated word stays one token, an abbreviation's periods included */
  { "the U.S.-brokered deal and a U.N.-backed plan", "the U.S.-brokered deal and a U.N.-backed plan" },
  { "in the U.S. - and in Russia", "in the U.S. - and in Russia" },
  { "John F. Kennedy Jr. spoke.", "John F. Kennedy Jr. spoke ." },
  /* numbers keep their separators */
  { "2,000 troops, 3.5 km, at 00:00 GMT.", "2,000 troops , 3.5 km , at 00:00 GMT ." },
  /* quotes are tokens, straight and curly */
  { "\"We will not,\" he said.", "\" We will not , \" he said ." },
  { "\u201cNo,\u201d she said. \u2018Never\u2019", "\u201c No , \u201d she said . | \u2018 Never \u2019" },
  /* ellipses */
  { "We waited... Then nothing.", "We waited ... | Then nothing ." },
  { "We waited\u2026 then left.", "We waited \u2026 then left ." },
  /* sentence ends; a closing quote belongs to the sentence it closes */
  { "He left. \"We go,\" she said. Then? Yes!", "He left . | \" We go , \" she said . | Then ? | Yes !" },
  { "\"It is over.\" Talks ended.", "\" It is over . \" | Talks ended ." },
  /* titles never end a sentence */
  { "Talks with Gen. Burhan failed.", "Talks with Gen. Burhan failed ." },
  /* headlines without a final period, with single and double line breaks */
  { "Russia rejects truce\nMOSCOW (AP) - Russia said no.", "Russia rejects truce | MOSCOW ( AP ) - Russia said no ." },
  { "Russia rejects truce\n\nMOSCOW - Russia said no.", "Russia rejects truce | MOSCOW - Russia said no ." },
  /* a wrapped line continuing in lower case is not a headline */
  { "The delegation\nmet again.", "The delegation met again ." },
  /* BOM and CRLF */
  { "\xEF\xBB\xBFKyiv said.\r\n\r\nMoscow did not.", "Kyiv said . | Moscow did not ." },
  /* empty and whitespace-only input */
  { "", "" },
  { " \n\t \r\n", "" },
  /* punctuation inside brackets and other marks */
  { "(AFP) $5m, 40% [sic]", "( AFP ) $ 5m , 40 % [ sic ]" },
  /* diacritics stay in tokens */
  { "Vu\u010di\u0107 met Erdo\u011fan in Chi\u0219in\u0103u.", "Vu\u010di\u0107 met Erdo\u011fan in Chi\u0219in\u0103u ." },
};

static void
test_tokenizer_cases (void **state)
{
  (void) state;
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (TgDocument) doc = tg_text_document_new ("case", cases[i].input, strlen (cases[i].input),
                                                         TG_TEXT_STRICT, &error);
      assert_non_null (doc);
      g_autofree char *got = render (doc);
      if (strcmp (got, cases[i].expected) != 0)
        fail_msg ("case %zu: input \"%s\"\n  expected: %s\n  got:      %s", i, cases[i].input, cases[i].expected, got);
    }
}

static void
test_byte_offsets (void **state)
{
  (void) state;
  const char *text = "\xEF\xBB\xBFT\xC3\xBCrkiye's army";
  g_autoptr (TgDocument) doc = tg_text_document_new ("x", text, strlen (text), TG_TEXT_STRICT, NULL);
  assert_non_null (doc);
  assert_int_equal (doc->tokens->len, 3);
  /* offsets are into the input as given, BOM included */
  assert_int_equal (tg_document_token (doc, 0)->start, 3);
  assert_int_equal (tg_document_token (doc, 0)->end, 11);
  assert_int_equal (tg_document_token (doc, 1)->start, 11);
  assert_int_equal (tg_document_token (doc, 2)->start, 14);
}

static void
test_invalid_utf8 (void **state)
{
  (void) state;
  const char text[] = "Kyiv \xC3\x28 said";
  g_autoptr (GError) error = NULL;
  g_autoptr (TgDocument) doc = tg_text_document_new ("bad.txt", text, sizeof text - 1, TG_TEXT_STRICT, &error);
  assert_null (doc);
  assert_true (g_error_matches (error, TG_ERROR, TG_ERROR_ENCODING));
  assert_string_equal (error->message, "bad.txt: byte 5: invalid UTF-8");

  g_clear_error (&error);
  g_autoptr (TgDocument) lenient = tg_text_document_new ("bad.txt", text, sizeof text - 1, TG_TEXT_LENIENT, &error);
  assert_non_null (lenient);
  assert_true (strstr (lenient->text, "\xEF\xBF\xBD") != NULL);
}

static void
test_nul_byte (void **state)
{
  (void) state;
  const char text[] = "Kyiv\0said";
  g_autoptr (GError) error = NULL;
  g_autoptr (TgDocument) doc = tg_text_document_new ("nul.txt", text, sizeof text - 1, TG_TEXT_STRICT, &error);
  assert_null (doc);
  assert_true (g_error_matches (error, TG_ERROR, TG_ERROR_ENCODING));
  assert_string_equal (error->message, "nul.txt: byte 4: NUL byte in text");
  g_autoptr (TgDocument) lenient = tg_text_document_new ("nul.txt", text, sizeof text - 1, TG_TEXT_LENIENT, NULL);
  assert_non_null (lenient);
  /* U+FFFD stands in for the bad byte inside the word: one token */
  assert_int_equal (lenient->tokens->len, 1);
}

static void
test_token_limit (void **state)
{
  (void) state;
  gsize len = TG_MAX_TOKEN_BYTES + 10;
  g_autofree char *text = g_malloc (len + 3);
  memcpy (text, "a ", 2);
  memset (text + 2, 'x', len);
  text[len + 2] = '\0';
  g_autoptr (GError) error = NULL;
  g_autoptr (TgDocument) doc = tg_text_document_new ("big", text, len + 2, TG_TEXT_STRICT, &error);
  assert_null (doc);
  assert_true (g_error_matches (error, TG_ERROR, TG_ERROR_LIMIT));
  assert_non_null (strstr (error->message, "big: byte 2:"));
}

static void
test_long_sentence_is_split (void **state)
{
  (void) state;
  GString *text = g_string_new (NULL);
  for (guint i = 0; i < TG_MAX_SENTENCE_TOKENS * 2 + 5; i++)
    g_string_append (text, "word ");
  g_autoptr (TgDocument) doc = tg_text_document_new ("long", text->str, text->len, TG_TEXT_STRICT, NULL);
  g_string_free (text, TRUE);
  assert_non_null (doc);
  assert_int_equal (doc->tokens->len, TG_MAX_SENTENCE_TOKENS * 2 + 5);
  assert_int_equal (doc->sentences->len, 3);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_tokenizer_cases),
    cmocka_unit_test (test_byte_offsets),
    cmocka_unit_test (test_invalid_utf8),
    cmocka_unit_test (test_nul_byte),
    cmocka_unit_test (test_token_limit),
    cmocka_unit_test (test_long_sentence_is_split),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
