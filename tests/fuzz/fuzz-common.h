/* fuzz-common.h — what the libFuzzer targets of tests/fuzz share: GLib set up so
 * that a critical or warning aborts (a g_return_if_fail hit by input is a bug),
 * the lexicon directory to load, and the invariants every document must keep,
 * checked after each step so that a broken document is caught where it breaks.
 *
 * Each target includes this header from one file only (its functions are static). */
#pragma once

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "conll.h"
#include "document.h"
#include "tagger.h"
#include "tg-error.h"
#include "tg-limits.h"

/* Reports a broken invariant and aborts, so that libFuzzer keeps the input. */
#define FUZZ_CHECK(cond, ...)                                                     \
  do                                                                              \
    {                                                                             \
      if (!(cond))                                                                \
        {                                                                         \
          fprintf (stderr, "%s:%d: invariant failed: %s: ", __FILE__, __LINE__, #cond); \
          fprintf (stderr, __VA_ARGS__);                                          \
          fputc ('\n', stderr);                                                   \
          abort ();                                                               \
        }                                                                         \
    }                                                                             \
  while (0)

/* Every error the library reports must be in its domain, name the input and say
 * where ("NAME:LINE: ..." or "NAME: byte N: ..."), never be empty. */
G_GNUC_UNUSED static void
fuzz_check_error (const GError *error, const char *name)
{
  FUZZ_CHECK (error != NULL, "failure without a GError");
  FUZZ_CHECK (error->domain == TG_ERROR, "error in domain %s: %s",
              g_quark_to_string (error->domain), error->message);
  FUZZ_CHECK (g_str_has_prefix (error->message, name), "message does not name %s: %s", name,
              error->message);
  FUZZ_CHECK (g_utf8_validate (error->message, -1, NULL), "message is not UTF-8");
}

G_GNUC_UNUSED static void
fuzz_init_glib (void)
{
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  g_log_set_fatal_mask ("tagger", G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  g_log_set_fatal_mask ("GLib", G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  g_log_set_fatal_mask ("Json", G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
}

/* The tagger the targets tag with: $TG_FUZZ_LEXICONS (and $TG_FUZZ_MODEL) when
 * set, else the real lexicons under lexicons/ with the stance model
 * models/stance-en.model, else those lexicons without stance, else the test
 * fixtures. Loaded once per process and never freed (reachable, so
 * LeakSanitizer does not count it). */
G_GNUC_UNUSED static TgTagger *
fuzz_load_tagger (void)
{
  const char *env = g_getenv ("TG_FUZZ_LEXICONS");
  const char *env_model = g_getenv ("TG_FUZZ_MODEL");
  g_autofree char *real = g_build_filename (TG_SOURCE_ROOT, "lexicons", NULL);
  g_autofree char *model = g_build_filename (TG_SOURCE_ROOT, "models", "stance-en.model", NULL);
  g_autofree char *fixtures = g_build_filename (TG_SOURCE_ROOT, "tests", "fixtures", "lexicons", NULL);
  const struct {
    const char *dir;
    const char *model;
  } choices[] = {
    { env != NULL ? env : real, env != NULL ? env_model : model },
    { real, NULL },
    { fixtures, NULL },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (choices); i++)
    {
      g_autoptr (GError) error = NULL;
      TgTagger *tagger = tg_tagger_new (choices[i].dir, choices[i].model, &error);
      if (tagger != NULL)
        {
          fprintf (stderr, "fuzz: lexicons from %s, stance model %s\n", choices[i].dir,
                   choices[i].model != NULL ? choices[i].model : "none");
          return tagger;
        }
      fprintf (stderr, "fuzz: cannot load %s: %s\n", choices[i].dir, error->message);
      if (env != NULL)
        abort ();
    }
  abort ();
}

/* The structural invariants of document.h: valid NUL-terminated UTF-8 text,
 * tokens inside it and in order, sentences covering all tokens in order,
 * entities sorted, non-overlapping and inside one sentence. */
G_GNUC_UNUSED static void
fuzz_check_document (const TgDocument *doc)
{
  FUZZ_CHECK (doc->name != NULL && doc->text != NULL, "no name or text");
  FUZZ_CHECK (doc->text[doc->text_len] == '\0', "text not NUL-terminated at text_len");
  FUZZ_CHECK (strlen (doc->text) == doc->text_len, "NUL inside the text");
  FUZZ_CHECK (g_utf8_validate_len (doc->text, doc->text_len, NULL), "text is not UTF-8");
  gsize prev_end = 0;
  for (guint i = 0; i < doc->tokens->len; i++)
    {
      const TgToken *t = tg_document_token (doc, i);
      FUZZ_CHECK (t->start < t->end && t->end <= doc->text_len, "token %u [%zu, %zu)", i, t->start, t->end);
      FUZZ_CHECK (t->start >= prev_end, "token %u overlaps the previous one", i);
      FUZZ_CHECK (t->end - t->start <= TG_MAX_TOKEN_BYTES, "token %u longer than the limit", i);
      FUZZ_CHECK (g_utf8_validate_len (doc->text + t->start, t->end - t->start, NULL),
                  "token %u cuts a character", i);
      prev_end = t->end;
    }
  guint next = 0;
  for (guint s = 0; s < doc->sentences->len; s++)
    {
      const TgSentence *sent = &g_array_index (doc->sentences, TgSentence, s);
      FUZZ_CHECK (sent->first == next && sent->n_tokens > 0, "sentence %u starts at %u, not %u", s,
                  sent->first, next);
      FUZZ_CHECK (sent->n_tokens <= TG_MAX_SENTENCE_TOKENS, "sentence %u has %u tokens", s, sent->n_tokens);
      next = sent->first + sent->n_tokens;
    }
  FUZZ_CHECK (next == doc->tokens->len, "sentences cover %u of %u tokens", next, doc->tokens->len);
  guint prev_entity_end = 0;
  for (guint e = 0; e < doc->entities->len; e++)
    {
      const TgEntity *ent = &g_array_index (doc->entities, TgEntity, e);
      FUZZ_CHECK (ent->n_tokens > 0 && ent->first + ent->n_tokens <= doc->tokens->len,
                  "entity %u [%u +%u] outside the tokens", e, ent->first, ent->n_tokens);
      FUZZ_CHECK (ent->first >= prev_entity_end, "entity %u overlaps or is out of order", e);
      FUZZ_CHECK (ent->type < TG_ENTITY_N_TYPES, "entity %u has type %d", e, (int) ent->type);
      FUZZ_CHECK (ent->sentence < doc->sentences->len, "entity %u in sentence %u of %u", e,
                  ent->sentence, doc->sentences->len);
      const TgSentence *sent = &g_array_index (doc->sentences, TgSentence, ent->sentence);
      FUZZ_CHECK (ent->first >= sent->first && ent->first + ent->n_tokens <= sent->first + sent->n_tokens,
                  "entity %u crosses the bounds of its sentence %u", e, ent->sentence);
      prev_entity_end = ent->first + ent->n_tokens;
    }
  for (guint i = 0; i < doc->stances->len; i++)
    {
      const TgStance *st = doc->stances->pdata[i];
      FUZZ_CHECK (st->party != NULL && st->dimension < TG_N_DIMS, "stance %u: party or dimension", i);
      FUZZ_CHECK (st->score >= -1.0 && st->score <= 1.0, "stance %u: score %g", i, st->score);
      FUZZ_CHECK (st->label >= -1 && st->label <= 1, "stance %u: label %d", i, st->label);
      if (i > 0)
        {
          const TgStance *prev = doc->stances->pdata[i - 1];
          int c = strcmp (prev->party, st->party);
          FUZZ_CHECK (c < 0 || (c == 0 && prev->dimension < st->dimension), "stances %u and %u out of order", i - 1, i);
        }
      for (guint k = 0; k < st->evidence->len; k++)
        {
          const TgEvidence *ev = &g_array_index (st->evidence, TgEvidence, k);
          FUZZ_CHECK (ev->start <= ev->end && ev->end <= doc->text_len, "stance %u evidence %u [%zu, %zu)", i, k,
                      ev->start, ev->end);
          FUZZ_CHECK (ev->sentence < doc->sentences->len, "stance %u evidence %u in sentence %u", i, k, ev->sentence);
          FUZZ_CHECK (ev->holder < (gint) doc->entities->len, "stance %u evidence %u holder %d", i, k, ev->holder);
          FUZZ_CHECK (ev->cue != NULL, "stance %u evidence %u without a cue", i, k);
        }
    }
  if (doc->extra != NULL)
    FUZZ_CHECK (doc->extra->len == doc->tokens->len, "%u extra columns for %u tokens", doc->extra->len,
                doc->tokens->len);
}

/* Writes @doc as CoNLL, reads it back and checks that the same tokens (with white
 * space shown as '_'), sentences and tags come back. */
G_GNUC_UNUSED static void
fuzz_check_conll_round_trip (const TgDocument *doc)
{
  g_autoptr (GString) out = g_string_new (NULL);
  tg_conll_write (doc, out);
  FUZZ_CHECK (g_utf8_validate_len (out->str, out->len, NULL), "CoNLL output is not UTF-8");
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) back = tg_conll_read_gold ("round-trip", out->str, out->len, &error);
  FUZZ_CHECK (back != NULL, "CoNLL output does not read back: %s", error->message);
  FUZZ_CHECK (back->len == 1, "CoNLL output reads back as %u documents", back->len);
  const TgDocument *again = back->pdata[0];
  fuzz_check_document (again);
  FUZZ_CHECK (again->tokens->len == doc->tokens->len, "%u tokens written, %u read back",
              doc->tokens->len, again->tokens->len);
  FUZZ_CHECK (again->sentences->len == doc->sentences->len, "%u sentences written, %u read back",
              doc->sentences->len, again->sentences->len);
  g_autoptr (GPtrArray) tags = tg_document_iob_tags (doc);
  for (guint i = 0; i < doc->tokens->len; i++)
    {
      FUZZ_CHECK (strcmp (tg_conll_tag (again, i), tags->pdata[i]) == 0, "token %u: tag %s read back as %s",
                  i, (const char *) tags->pdata[i], tg_conll_tag (again, i));
      const TgToken *a = tg_document_token (doc, i), *b = tg_document_token (again, i);
      FUZZ_CHECK (a->end - a->start == b->end - b->start, "token %u changed length", i);
    }
}
