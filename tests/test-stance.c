/* test-stance.c — stance cues, holders and scores, on the fixture articles of
 * tests/fixtures/stance/ (each NAME.txt with the exact labels in NAME.stance)
 * and on single sentences. Uses the fixture lexicons and the frozen
 * tests/fixtures/stance/test.model, not the trained model. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "model.h"
#include "stance.h"
#include "tagger.h"
#include "text.h"
#include "tg-error.h"

#define FIXTURE_LEXICONS TG_SOURCE_ROOT "/tests/fixtures/lexicons"
#define FIXTURE_STANCE TG_SOURCE_ROOT "/tests/fixtures/stance"
#define TEST_MODEL FIXTURE_STANCE "/test.model"

static TgDocument *
tagged (const TgTagger *tagger, const char *name, const char *text)
{
  g_autoptr (TgScratch) scratch = tg_scratch_new (tagger);
  g_autoptr (GError) error = NULL;
  TgDocument *doc = tg_text_document_new (name, text, strlen (text), TG_TEXT_STRICT, &error);
  assert_non_null (doc);
  assert_true (tg_tagger_tag (tagger, scratch, doc, &error));
  return doc;
}

static const TgStance *
find_stance (const TgDocument *doc, const char *party, TgDimension dim)
{
  for (guint i = 0; i < doc->stances->len; i++)
    {
      const TgStance *st = doc->stances->pdata[i];
      if (strcmp (st->party, party) == 0 && st->dimension == dim)
        return st;
    }
  return NULL;
}

/* ---- fixture articles: the predicted labels are exactly the .stance file ---- */

static const char *const fixtures[] = {
  "negation",    /* negated concession, negated call, double negation */
  "contrast",    /* the clause after "but" counts more */
  "quotes",      /* attribution before, after, split, multi-sentence, pronoun, continued */
  "holder",      /* author claims, accusation, pronoun carry, dropped cue, mediator */
  "aggregate",   /* host only: 0; both ways: 0; no evidence: no label */
};

static void
test_fixture_articles (void **state)
{
  const TgTagger *tagger = *state;
  for (gsize f = 0; f < G_N_ELEMENTS (fixtures); f++)
    {
      g_autofree char *txt = g_strdup_printf ("%s/%s.txt", FIXTURE_STANCE, fixtures[f]);
      g_autofree char *gold = g_strdup_printf ("%s/%s.stance", FIXTURE_STANCE, fixtures[f]);
      g_autofree char *text = NULL, *expected = NULL;
      assert_true (g_file_get_contents (txt, &text, NULL, NULL));
      assert_true (g_file_get_contents (gold, &expected, NULL, NULL));
      g_autoptr (TgDocument) doc = tagged (tagger, txt, text);
      guint n_expected = 0;
      g_auto (GStrv) lines = g_strsplit (expected, "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        {
          if (lines[i][0] == '#' || lines[i][0] == '\0')
            continue;
          g_auto (GStrv) col = g_strsplit (lines[i], "\t", -1);
          assert_int_equal (g_strv_length (col), 3);
          TgDimension dim;
          assert_true (tg_dimension_parse (col[1], &dim));
          int label = atoi (col[2]);
          const TgStance *st = find_stance (doc, col[0], dim);
          if (st == NULL)
            fail_msg ("%s: %s %s: expected %+d, got no label", fixtures[f], col[0], col[1], label);
          if (st->label != label)
            fail_msg ("%s: %s %s: expected %+d, got %+d (%.2f)", fixtures[f], col[0], col[1], label, st->label,
                      st->score);
          assert_true (st->evidence->len > 0);
          n_expected++;
        }
      if (doc->stances->len != n_expected)
        {
          for (guint i = 0; i < doc->stances->len; i++)
            {
              const TgStance *st = doc->stances->pdata[i];
              print_error ("%s: predicted %s %s %+d\n", fixtures[f], st->party, tg_dimension_name (st->dimension),
                           st->label);
            }
          fail_msg ("%s: %u labels, expected %u", fixtures[f], doc->stances->len, n_expected);
        }
    }
}

/* ---- a thread's scratch remembers word forms; results must not depend on it --- */

static char *
stances_summary (const TgDocument *doc)
{
  GString *out = g_string_new (NULL);
  for (guint i = 0; i < doc->stances->len; i++)
    {
      const TgStance *st = doc->stances->pdata[i];
      g_string_append_printf (out, "%s %s %+d %.6f %u\n", st->party, tg_dimension_name (st->dimension), st->label,
                              st->score, st->evidence->len);
    }
  return g_string_free (out, FALSE);
}

static void
tag_with (const TgTagger *tagger, TgScratch *scratch, const char *text, TgDocument **out)
{
  g_autoptr (GError) error = NULL;
  *out = tg_text_document_new ("s", text, strlen (text), TG_TEXT_STRICT, &error);
  assert_non_null (*out);
  assert_true (tg_tagger_tag (tagger, scratch, *out, &error));
}

/* Every fixture article tagged by one long-lived scratch, after a document of
 * more distinct words than the token views cache (so their form ids are
 * reassigned midway), gets exactly the stances a fresh scratch gives it. */
static void
test_scratch_reuse (void **state)
{
  const TgTagger *tagger = *state;
  g_autoptr (TgScratch) shared = tg_scratch_new (tagger);
  g_autoptr (GString) filler = g_string_new ("The Kremlin called for a truce.");
  for (guint w = 0; w < 70000; w++)
    g_string_append_printf (filler, " w%u", w);
  g_string_append (filler, ".");
  for (guint round = 0; round < 2; round++)
    for (gsize f = 0; f < G_N_ELEMENTS (fixtures); f++)
      {
        if (f == 2)
          {
            g_autoptr (TgDocument) big = NULL;
            tag_with (tagger, shared, filler->str, &big);
          }
        g_autofree char *txt = g_strdup_printf ("%s/%s.txt", FIXTURE_STANCE, fixtures[f]);
        g_autofree char *text = NULL;
        assert_true (g_file_get_contents (txt, &text, NULL, NULL));
        g_autoptr (TgDocument) fresh = tagged (tagger, txt, text);
        g_autoptr (TgDocument) reused = NULL;
        tag_with (tagger, shared, text, &reused);
        g_autofree char *want = stances_summary (fresh);
        g_autofree char *got = stances_summary (reused);
        assert_true (fresh->stances->len > 0);
        assert_string_equal (got, want);
      }
}

/* ---- single sentences ------------------------------------------------------- */

static const TgCueHit *
find_hit (const GArray *hits, const char *party, TgDimension dim)
{
  for (guint i = 0; i < hits->len; i++)
    {
      const TgCueHit *h = &g_array_index (hits, TgCueHit, i);
      if (strcmp (h->party, party) == 0 && h->dimension == dim)
        return h;
    }
  return NULL;
}

static GArray *
hits_of (const TgTagger *tagger, const TgDocument *doc)
{
  g_autoptr (TgScratch) scratch = tg_scratch_new (tagger);
  return tg_tagger_stance_hits (tagger, scratch, doc);
}

static void
test_negation_scope (void **state)
{
  const TgTagger *tagger = *state;
  g_autoptr (TgDocument) doc = tagged (tagger, "s", "The Kremlin refused to agree to a truce.");
  g_autoptr (GArray) hits = hits_of (tagger, doc);
  const TgCueHit *h = find_hit (hits, "RUS", TG_DIM_CEASEFIRE_FIRST);
  assert_non_null (h);
  assert_int_equal (h->n_negators, 1);
  assert_int_equal (h->negators[0], 3);   /* "agree to a" between "refused to" and "truce" */
  TgStanceParams p = *tg_model_params (tg_tagger_model (tagger));
  p.negation_scope = 3;
  assert_true (tg_stance_contribution (&p, h) < 0);
  p.negation_scope = 2;
  assert_true (tg_stance_contribution (&p, h) > 0);

  /* A negation does not reach past a clause boundary. */
  g_autoptr (TgDocument) doc2 = tagged (tagger, "s", "The Kremlin did not comment, and it backed the truce.");
  g_autoptr (GArray) hits2 = hits_of (tagger, doc2);
  const TgCueHit *h2 = find_hit (hits2, "RUS", TG_DIM_CEASEFIRE_FIRST);
  assert_non_null (h2);
  assert_int_equal (h2->n_negators, 0);

  /* "our land" is a reference, not an act: negators do not apply. */
  g_autoptr (TgDocument) doc3 = tagged (tagger, "s", "Lavrov said: \"There will be no foreign bases on our land.\"");
  g_autoptr (GArray) hits3 = hits_of (tagger, doc3);
  const TgCueHit *h3 = find_hit (hits3, "RUS", TG_DIM_TERRITORIAL_CLAIMS);
  assert_non_null (h3);
  assert_int_equal (h3->n_negators, 0);
  assert_true (tg_stance_contribution (&p, h3) > 0);
}

static void
test_contrast (void **state)
{
  const TgTagger *tagger = *state;
  g_autoptr (TgDocument) doc = tagged (tagger, "s",
                                       "Ukraine backed the truce, but it will continue the offensive.\n\n"
                                       "But Moscow rejected the truce.");
  g_autoptr (GArray) hits = hits_of (tagger, doc);
  guint seen = 0;
  for (guint i = 0; i < hits->len; i++)
    {
      const TgCueHit *h = &g_array_index (hits, TgCueHit, i);
      if (strcmp (h->party, "UKR") == 0 && h->weight > 0)
        assert_int_equal (h->contrast, -1), seen++;
      else if (strcmp (h->party, "UKR") == 0)
        assert_int_equal (h->contrast, 1), seen++;
      else if (strcmp (h->party, "RUS") == 0)
        assert_int_equal (h->contrast, 1), seen++;   /* a sentence opening with "But" */
    }
  assert_int_equal (seen, 3);
}

typedef struct {
  const char *text;
  const char *party;        /* expected holder party of the cue */
  TgDimension dim;
  TgHolderKind how;
  const char *holder_text;  /* the holder mention as written */
} HolderCase;

static const HolderCase holder_cases[] = {
  /* speech verb after the quote, speaker before it */
  { "\"The fighting must stop now,\" Lavrov told reporters.", "RUS", TG_DIM_CEASEFIRE_FIRST, TG_HOLDER_QUOTE, "Lavrov" },
  /* inverted: "said X" */
  { "\"The fighting must stop now,\" said Lavrov.", "RUS", TG_DIM_CEASEFIRE_FIRST, TG_HOLDER_QUOTE, "Lavrov" },
  /* speech verb before the quote */
  { "Lavrov said: \"Kherson is our land.\"", "RUS", TG_DIM_TERRITORIAL_CLAIMS, TG_HOLDER_QUOTE, "Lavrov" },
  /* "according to X" */
  { "\"We want a truce,\" according to Lavrov.", "RUS", TG_DIM_CEASEFIRE_FIRST, TG_HOLDER_QUOTE, "Lavrov" },
  /* a pronoun speaker: the most recent person */
  { "Lavrov arrived in Vienna. \"We want a truce,\" he said.", "RUS", TG_DIM_CEASEFIRE_FIRST, TG_HOLDER_QUOTE,
    "Lavrov" },
  /* a quote continued in the next sentence */
  { "\"We came here,\" Lavrov said. \"We want a truce.\"", "RUS", TG_DIM_CEASEFIRE_FIRST, TG_HOLDER_QUOTE, "Lavrov" },
  /* the author's statement: the clause subject, past a preposition */
  { "After talks with Lavrov, the White House called for a truce.", "USA", TG_DIM_CEASEFIRE_FIRST, TG_HOLDER_AUTHOR,
    "White House" },
  /* a relative clause does not hold the subject */
  { "Russia, which talked to Ukraine, called for restraint.", "RUS", TG_DIM_CEASEFIRE_FIRST, TG_HOLDER_AUTHOR,
    "Russia" },
  /* a pronoun subject carries the previous sentence's party */
  { "Sudan met the envoy. It then rejected the truce.", "SDN", TG_DIM_CEASEFIRE_FIRST, TG_HOLDER_CARRY, "Sudan" },
  /* a passive agent */
  { "The truce was brokered by the United Nations.", "UN", TG_DIM_CEASEFIRE_FIRST, TG_HOLDER_AUTHOR,
    "United Nations" },
};

static void
test_holders (void **state)
{
  const TgTagger *tagger = *state;
  for (gsize i = 0; i < G_N_ELEMENTS (holder_cases); i++)
    {
      const HolderCase *c = &holder_cases[i];
      g_autoptr (TgDocument) doc = tagged (tagger, "s", c->text);
      g_autoptr (GArray) hits = hits_of (tagger, doc);
      const TgCueHit *h = find_hit (hits, c->party, c->dim);
      if (h == NULL)
        fail_msg ("'%s': no cue held by %s", c->text, c->party);
      if (h->how != c->how)
        fail_msg ("'%s': holder found as %d, expected %d", c->text, h->how, c->how);
      assert_true (h->holder >= 0);
      const TgEntity *e = &g_array_index (doc->entities, TgEntity, h->holder);
      const TgToken *a = tg_document_token (doc, e->first), *b = tg_document_token (doc, e->first + e->n_tokens - 1);
      g_autofree char *holder = g_strndup (doc->text + a->start, b->end - a->start);
      if (strcmp (holder, c->holder_text) != 0)
        fail_msg ("'%s': holder '%s', expected '%s'", c->text, holder, c->holder_text);
    }
}

/* Cues that must be given to nobody (or not to the named party). */
typedef struct {
  const char *text;
  const char *party;     /* no hit for this party; NULL: no hit at all */
} NoHolderCase;

static const NoHolderCase no_holder_cases[] = {
  { "The ceasefire collapsed overnight.", NULL },                       /* no party in the sentence */
  { "The talks ended. It was long, and the truce collapsed.", NULL },   /* no thread to continue */
  { "Moscow accused Kyiv of stalling.", NULL },                         /* an accusation */
  { "Moscow said Ukraine was stalling.", NULL },                        /* another's act, reported */
  { "NATO urged Serbia and Kosovo to de-escalate.", "SRB" },            /* the urged side holds nothing */
  { "NATO urged Serbia and Kosovo to de-escalate.", "XKX" },
  { "Reuters reported a new truce.", NULL },                            /* media hold no stance */
  { "\"We want a truce,\" an analyst in Vienna said.", NULL },          /* no party */
};

static void
test_no_holder (void **state)
{
  const TgTagger *tagger = *state;
  for (gsize i = 0; i < G_N_ELEMENTS (no_holder_cases); i++)
    {
      const NoHolderCase *c = &no_holder_cases[i];
      g_autoptr (TgDocument) doc = tagged (tagger, "s", c->text);
      g_autoptr (GArray) hits = hits_of (tagger, doc);
      for (guint k = 0; k < hits->len; k++)
        {
          const TgCueHit *h = &g_array_index (hits, TgCueHit, k);
          if (c->party == NULL || strcmp (h->party, c->party) == 0)
            fail_msg ("'%s': cue '%s' given to %s", c->text, h->cue, h->party);
        }
    }
}

/* Labels of single sentences, one rule each (ANNOTATION.md section 4 and the
 * rules of stance.c), with the fixture lexicons and the frozen test model. */
#define NO_LABEL 99

typedef struct {
  const char *text;
  const char *party;
  TgDimension dim;
  int label;          /* -1, 0, +1, or NO_LABEL */
} LabelCase;

static const LabelCase label_cases[] = {
  /* an exact form ("=annexed"): the verb, not the stem */
  { "Russia annexed Kherson.", "RUS", TG_DIM_TERRITORIAL_CLAIMS, 1 },
  /* ... so "the annex" of a treaty is no claim */
  { "Russia signed the annex to the treaty.", "RUS", TG_DIM_TERRITORIAL_CLAIMS, NO_LABEL },
  /* a slot: concession verb + a word for land (@terr) */
  { "Serbia agreed to hand four border villages to Kosovo.", "SRB", TG_DIM_TERRITORIAL_CLAIMS, -1 },
  /* @terr is land, not a name: "returned to Kherson" is travel */
  { "Flights from Istanbul returned to Kherson, Russia said.", "RUS", TG_DIM_TERRITORIAL_CLAIMS, NO_LABEL },
  /* a slot: verb + a word for an agreement (@deal) */
  { "Hamas accepted the proposal on Monday.", "HAMAS", TG_DIM_CEASEFIRE_FIRST, 1 },
  /* rejecting one */
  { "Hamas turned down the proposal.", "HAMAS", TG_DIM_CEASEFIRE_FIRST, -1 },
  /* the proposal's content ("to extend the truce") is not counted again */
  { "Hamas turned down a UN proposal to extend the truce.", "HAMAS", TG_DIM_CEASEFIRE_FIRST, -1 },
  /* a one-word name after "a" modifies a noun: no subject */
  { "Hamas turned down a UN proposal to extend the truce.", "UN", TG_DIM_CEASEFIRE_FIRST, NO_LABEL },
  /* negation "only": a disavowal of war */
  { "Serbia wants no war.", "SRB", TG_DIM_CEASEFIRE_FIRST, 1 },
  /* ... a mere mention of war is no stance */
  { "The fighting could drag Serbia into another war, Serbia warned.", "SRB", TG_DIM_CEASEFIRE_FIRST, NO_LABEL },
  /* a hyphenated compound gives its cue to the named party */
  { "The US-brokered truce held overnight.", "USA", TG_DIM_CEASEFIRE_FIRST, 1 },
  /* a dateline is no subject */
  { "DAMASCUS, May 3 (Levant Desk) – Syria accepted a truce.", "SYR", TG_DIM_CEASEFIRE_FIRST, 1 },
  /* "no"/"without" in the author's words: an absence, nobody's refusal */
  { "Russia and Ukraine parted without a truce.", "RUS", TG_DIM_CEASEFIRE_FIRST, NO_LABEL },
  /* ... in a speaker's mouth: a refusal */
  { "\"There can be no truce while they occupy our land,\" Lavrov said.", "RUS", TG_DIM_CEASEFIRE_FIRST, -1 },
  /* ... and an agreement reported absent is no refusal, even with "to" after it */
  { "Russia and Ukraine left Istanbul without any deal to stop the fighting.", "UKR", TG_DIM_CEASEFIRE_FIRST,
    NO_LABEL },
  /* ... but a "no" that a party asks for or says is its own */
  { "Serbia asked for no more unilateral steps.", "SRB", TG_DIM_CEASEFIRE_FIRST, 1 },
  { "Russia said no truce was possible.", "RUS", TG_DIM_CEASEFIRE_FIRST, -1 },
  /* a charge of raising tension is no stance; refusing to raise it is */
  { "Kosovo said the move had raised tensions.", "XKX", TG_DIM_CEASEFIRE_FIRST, NO_LABEL },
  { "Serbia urged everyone to avoid any step that raises tension.", "SRB", TG_DIM_CEASEFIRE_FIRST, 1 },
  /* a negator reaches into a quoted fragment */
  { "Serbia asked both governments to avoid \"any step taken alone\".", "SRB", TG_DIM_CEASEFIRE_FIRST, 1 },
  /* "rather than" negates the cue after it: a settlement instead of a truce */
  { "Russia wants a settlement rather than a ceasefire.", "RUS", TG_DIM_CEASEFIRE_FIRST, -1 },
  /* the sponsors of a proposal named after the cue hold it, with the side
   * that accepted it */
  { "Sudan accepted a humanitarian truce proposed by Turkey, Jordan and the United States.", "JOR",
    TG_DIM_CEASEFIRE_FIRST, 1 },
  { "Sudan accepted a humanitarian truce proposed by Turkey, Jordan and the United States.", "SDN",
    TG_DIM_CEASEFIRE_FIRST, 1 },
  /* ... and the @deal slot takes no participle ("proposed" is no "proposal") */
  { "Sudan rejected the truce proposed by Turkey.", "SDN", TG_DIM_CEASEFIRE_FIRST, -1 },
  /* an attack reported done by a named force */
  { "Syrian drones struck a position near the dam.", "SYR", TG_DIM_CEASEFIRE_FIRST, -1 },
  /* ... but striking a note is no attack */
  { "Serbia struck a different note on Monday.", "SRB", TG_DIM_CEASEFIRE_FIRST, NO_LABEL },
  /* a condition in another clause does not tie the cue */
  { "Sudan accepts a truce, but aid deliveries will wait until the roads reopen.", "SDN",
    TG_DIM_CEASEFIRE_FIRST, 1 },
  /* "after" dates the act it precedes */
  { "Colombia said its troops had pulled out overnight after hours of shelling.", "COL",
    TG_DIM_CEASEFIRE_FIRST, NO_LABEL },
  /* "Under the proposal," lists terms, not a stance */
  { "Under the proposal, Russian troops would pull back from Kherson.", "RUS", TG_DIM_TERRITORIAL_CLAIMS,
    NO_LABEL },
  /* a mediator's appeal to both sides */
  { "Turkey urged both sides to return to the table.", "TUR", TG_DIM_CEASEFIRE_FIRST, 1 },
  /* ", as did X": X did the same */
  { "Turkey welcomed the agreement, as did Jordan.", "JOR", TG_DIM_CEASEFIRE_FIRST, 1 },
  /* a word for a government stands for the last government named */
  { "Colombia's government met the rebels. The federal authorities later rejected a truce.", "COL",
    TG_DIM_CEASEFIRE_FIRST, -1 },
  /* "U.S.-brokered" in three tokens gives the broker its cue, and the deal to
   * the side that accepted it */
  { "Sudan accepted the US-brokered deal.", "USA", TG_DIM_CEASEFIRE_FIRST, 1 },
  { "Sudan accepted the U.S.-brokered deal.", "USA", TG_DIM_CEASEFIRE_FIRST, 1 },
  { "Sudan accepted the U.S.-brokered deal.", "SDN", TG_DIM_CEASEFIRE_FIRST, 1 },
  /* demonyms coordinated before a force noun all hold its cue */
  { "Syrian and Jordanian mediators pressed both sides to return to the table.", "SYR", TG_DIM_CEASEFIRE_FIRST,
    1 },
  /* a coordinated name past its demonym and title shares the cue */
  { "Syrian Foreign Minister Ali Haddad and Jordanian Foreign Minister Ayman Safadi signed a truce.", "JOR",
    TG_DIM_CEASEFIRE_FIRST, 1 },
  /* a negator after the cue's noun phrase; a claim "not on the table" stands */
  { "Russia said a truce was off the table.", "RUS", TG_DIM_CEASEFIRE_FIRST, -1 },
  { "Russia said a truce announced from a studio means nothing.", "RUS", TG_DIM_CEASEFIRE_FIRST, -1 },
  { "Serbia said its territorial integrity is not on the table.", "SRB", TG_DIM_TERRITORIAL_CLAIMS, 1 },
  /* "them" in a demand is the other side: its leaving is a claim */
  { "\"Let them leave the cities first,\" Lavrov said.", "RUS", TG_DIM_TERRITORIAL_CLAIMS, 1 },
  /* a cessation word does not end a new verb after "and" */
  { "Turkey called on Syria to halt its strikes and urged all parties to return to the table.", "TUR",
    TG_DIM_CEASEFIRE_FIRST, 1 },
  /* a cue that opens its clause takes no subject from the clause before */
  { "Sudan and Jordan signed a framework, but fighting goes on in the south.", "SDN", TG_DIM_CEASEFIRE_FIRST, 1 },
  /* an agreement defined by a clause after it is no ceasefire evidence */
  { "Kosovo will not accept any arrangement that gives Serbia a say.", "XKX", TG_DIM_CEASEFIRE_FIRST, NO_LABEL },
  /* a later clause's speaker holds the cue after it */
  { "Russia struck Kyiv overnight, Ukraine says truce at risk.", "RUS", TG_DIM_CEASEFIRE_FIRST, NO_LABEL },
  /* an interjected speaker holds the sentence; "the state" is no "stated" */
  { "Lavrov spoke in Vienna. The state, he said, would not accept a truce.", "RUS", TG_DIM_CEASEFIRE_FIRST, -1 },
  /* "it said" after a quote refers to the party named before the quote */
  { "Serbia rejected the plan. \"Kosovo must pull its police out. We will never give up the north,\" it said.",
    "SRB", TG_DIM_TERRITORIAL_CLAIMS, 1 },
  { "Serbia rejected the plan. \"Kosovo must pull its police out. We will never give up the north,\" it said.",
    "XKX", TG_DIM_TERRITORIAL_CLAIMS, NO_LABEL },
  /* a third party's refusal to recognise an annexation is no call to de-escalate */
  { "The White House said it would not recognise any annexation.", "USA", TG_DIM_CEASEFIRE_FIRST, NO_LABEL },
  /* the verb before "<party>'s demand for" governs the cue in it */
  { "The Kremlin poured cold water on Kyiv's demand for an unconditional 30-day ceasefire.", "RUS",
    TG_DIM_CEASEFIRE_FIRST, -1 },
  /* a passive names its holder after "by" */
  { "The proposal was rejected by Moscow on Tuesday.", "RUS", TG_DIM_CEASEFIRE_FIRST, -1 },
  /* a speech verb after "but" attributes no quote before it */
  { "Lavrov said Russia backed \"every effort to silence the guns\" but repeated that Ukraine must leave Kherson.",
    "UKR", TG_DIM_CEASEFIRE_FIRST, NO_LABEL },
  /* a third party (third-parties.tsv) presses no claim: its call on a side to
   * pull back is a call to de-escalate */
  { "The White House urged Serbia to pull its units back from the boundary.", "USA",
    TG_DIM_TERRITORIAL_CLAIMS, NO_LABEL },
  { "The White House urged Serbia to pull its units back from the boundary.", "USA",
    TG_DIM_CEASEFIRE_FIRST, 1 },
  /* ... as does an international body, unlisted (parties-other.tsv kind intl) */
  { "NATO urged Serbia to pull its units back from the boundary.", "NATO", TG_DIM_CEASEFIRE_FIRST, 1 },
  /* ... while a side demanding the other's withdrawal presses a claim */
  { "Kosovo urged Serbia to pull its units back from the boundary.", "XKX", TG_DIM_TERRITORIAL_CLAIMS, 1 },
  /* "stop" ends the act after it: a call to stop shelling is no shelling */
  { "Ukraine called on Russia to stop the shelling of Kherson.", "UKR", TG_DIM_CEASEFIRE_FIRST, 1 },
  /* ... and no cue's gap spans it */
  { "Ukraine said it was ready to halt the fighting.", "UKR", TG_DIM_CEASEFIRE_FIRST, 1 },
  /* a condition marker before the cue, no comma: the cue is the goal */
  { "Jordan would keep both delegations at the table until the violence ended.", "JOR", TG_DIM_CEASEFIRE_FIRST, 1 },
  /* a condition marker after the cue: terms come first */
  { "Moscow would halt its operations only after Kyiv withdrew from Kherson.", "RUS", TG_DIM_CEASEFIRE_FIRST, -1 },
  /* "as soon as possible" is no condition */
  { "Jordan urged the parties to restore the ceasefire as soon as possible.", "JOR", TG_DIM_CEASEFIRE_FIRST, 1 },
  /* a negator does not reach past a subject */
  { "The talks ended with no deal as Moscow kept the occupied regions.", "RUS", TG_DIM_TERRITORIAL_CLAIMS, 1 },
  /* ... unless it negates that subject */
  { "\"No Ukrainian government will cede Kherson,\" Ukraine said.", "UKR", TG_DIM_TERRITORIAL_CLAIMS, 1 },
  /* a negated subject reaches into "that" clauses */
  { "\"Let nobody think that Serbia will ever recognise Kosovo's independence,\" Serbia said.", "SRB", TG_DIM_TERRITORIAL_CLAIMS, 1 },
  /* "whether": asked about, not asserted */
  { "Jordan did not say whether it accepted the plan.", "JOR", TG_DIM_CEASEFIRE_FIRST, NO_LABEL },
  /* "since the truce took effect": a date, not a stance */
  { "Syria has carried out strikes since the truce took effect.", "SYR", TG_DIM_CEASEFIRE_FIRST, -1 },
  /* "who leaves" with no comma: its subject is unknown */
  { "Russia and Ukraine disagree over who leaves Kherson.", "RUS", TG_DIM_TERRITORIAL_CLAIMS, NO_LABEL },
  /* an unnamed speaker with a demonym */
  { "A Syrian military source said the army would continue until every armed group was gone.", "SYR", TG_DIM_CEASEFIRE_FIRST, -1 },
  /* "the army": the last state body named with that head */
  { "Sudan's army met the envoy. The army then rejected the truce.", "SDN", TG_DIM_CEASEFIRE_FIRST, -1 },
  /* a speaker unknown to the lexicons, described as "the army spokesman" */
  { "\"There can be no truce,\" said Omar Idris, the army spokesman, after Sudan's army met the envoy.", "SDN", TG_DIM_CEASEFIRE_FIRST, -1 },
  /* "the militants" in the author's words: another party */
  { "Hamas took the town. Jordan demanded that the militants leave Aleppo.", "JOR", TG_DIM_TERRITORIAL_CLAIMS, 1 },
  /* a demonym of another party before the cue */
  { "Hamas insisted that every Russian soldier leave the strip.", "HAMAS", TG_DIM_TERRITORIAL_CLAIMS, 1 },
  /* coordination past a possessive head */
  { "Syria's government and the Hamas movement agreed to a truce.", "HAMAS", TG_DIM_CEASEFIRE_FIRST, 1 },
  /* "the envoys of X": X acts */
  { "The envoys of Sudan's army signed a ceasefire.", "SDN", TG_DIM_CEASEFIRE_FIRST, 1 },
  /* "Secretary of State" is a title, not a speech verb */
  { "Secretary of State Sergei Lavrov said the decision had inflamed tensions and urged Kosovo to step back.", "RUS", TG_DIM_CEASEFIRE_FIRST, 1 },
  /* a speech verb of modifiers.tsv */
  { "\"We will never give up Kherson,\" Lavrov vowed.", "RUS", TG_DIM_TERRITORIAL_CLAIMS, 1 },
  /* "they" inside a quote that refers to no party: not dropped */
  { "\"Those regions are ours and they are not on the bargaining table,\" Lavrov said.", "RUS", TG_DIM_TERRITORIAL_CLAIMS, 1 },
  /* an apposition to a prepositional object is no subject */
  { "Under a protocol read out by the foreign minister, Lavrov, the front line will be frozen.", "RUS", TG_DIM_TERRITORIAL_CLAIMS, NO_LABEL },
  /* a relative clause: "who" names its person */
  { "The talks were chaired by Lavrov, who said a lull must come first.", "RUS", TG_DIM_CEASEFIRE_FIRST, 1 },
  /* "which" after an object: not the object's */
  { "Syria backed a plan agreed with Jordan, which calls for de-escalation.", "JOR", TG_DIM_CEASEFIRE_FIRST, NO_LABEL },
  /* ... the subject holds it */
  { "Syria backed a plan agreed with Jordan, which calls for de-escalation.", "SYR", TG_DIM_CEASEFIRE_FIRST, 1 },
  /* "told X by phone that": X is an addressee, not a reported subject */
  { "Lavrov told Kosovo by phone that the fighting had to stop.", "XKX", TG_DIM_CEASEFIRE_FIRST, NO_LABEL },
  /* "he" looks back three sentences */
  { "Lavrov arrived in Vienna. He spoke to reporters. He then met the envoy. \"We are ready to sign a truce,\" he said.", "RUS", TG_DIM_CEASEFIRE_FIRST, 1 },
  /* "no move to restrain": the act is denied */
  { "The Kremlin made no move to restrain its allies.", "RUS", TG_DIM_CEASEFIRE_FIRST, -1 },
  /* a proposal's sponsors hold what it asks, each of them */
  { "The plan, put forward by Turkey and Serbia, asks both sides to stop fighting.", "TUR", TG_DIM_CEASEFIRE_FIRST,
    1 },
  { "The plan, put forward by Turkey and Serbia, asks both sides to stop fighting.", "SRB", TG_DIM_CEASEFIRE_FIRST,
    1 },
  /* reported subjects: the whole coordination, not only the nearest name */
  { "Russia said that Turkey and Kosovo had agreed to stop fighting.", "TUR", TG_DIM_CEASEFIRE_FIRST, 1 },
  { "Russia said that Turkey and Kosovo had agreed to stop fighting.", "XKX", TG_DIM_CEASEFIRE_FIRST, 1 },
  /* the antecedent of "which" is the whole coordination */
  { "Serbia and Turkey, which signed the truce, met in Doha.", "SRB", TG_DIM_CEASEFIRE_FIRST, 1 },
  /* a comma after a fronted phrase joins no list: the host only hosts (0, the
   * guide's host rule) and the subject holds the cue */
  { "Hosted by Turkey, Russia agreed to a truce.", "TUR", TG_DIM_CEASEFIRE_FIRST, 0 },
  { "Hosted by Turkey, Russia agreed to a truce.", "RUS", TG_DIM_CEASEFIRE_FIRST, 1 },
  /* ... while a comma in a list ending in "and" does */
  { "Serbia, Turkey and Russia agreed to a truce.", "TUR", TG_DIM_CEASEFIRE_FIRST, 1 },
  /* a subordinate clause with a subject of its own that names no party: no one's */
  { "Russia entered Kherson a week after a summit of African leaders called for a truce.", "RUS",
    TG_DIM_CEASEFIRE_FIRST, NO_LABEL },
  /* ... a subordinate clause with a party as subject: that party's, reported */
  { "Russia entered Kherson a week after Serbia called for a truce.", "SRB", TG_DIM_CEASEFIRE_FIRST, 1 },
  /* the slot @dem: land named with a side's demonym, right after its verb */
  { "\"Kherson is Russian,\" Lavrov said.", "RUS", TG_DIM_TERRITORIAL_CLAIMS, 1 },
  /* ... not a demonym further on */
  { "\"Kherson is a Russian target,\" Lavrov said.", "RUS", TG_DIM_TERRITORIAL_CLAIMS, NO_LABEL },
  /* the slot @viol: a verb family with any word for an act of war */
  { "Russia halted its raids on Kherson.", "RUS", TG_DIM_CEASEFIRE_FIRST, 1 },
  { "Russia stepped up its bombardment of Kherson.", "RUS", TG_DIM_CEASEFIRE_FIRST, -1 },
  /* the noun: "an end to" is part of the cue "end to @viol", not a cessation before it */
  { "NATO demanded an end to the offensive.", "NATO", TG_DIM_CEASEFIRE_FIRST, 1 },
  { "Russia refused to put an end to the shelling.", "RUS", TG_DIM_CEASEFIRE_FIRST, -1 },
  /* "..., he said" after the author's words: the pronoun's person */
  { "Lavrov arrived in Vienna. The fighting had to stop first, he said.", "RUS", TG_DIM_CEASEFIRE_FIRST, 1 },
  /* a demonym before a force noun is the clause's subject */
  { "Russian jets kept up strikes on Kherson.", "RUS", TG_DIM_CEASEFIRE_FIRST, -1 },
};

static void
test_labels (void **state)
{
  const TgTagger *tagger = *state;
  for (gsize i = 0; i < G_N_ELEMENTS (label_cases); i++)
    {
      const LabelCase *c = &label_cases[i];
      g_autoptr (TgDocument) doc = tagged (tagger, "s", c->text);
      const TgStance *st = find_stance (doc, c->party, c->dim);
      if (c->label == NO_LABEL && st != NULL)
        fail_msg ("'%s': %s %s: expected no label, got %+d", c->text, c->party, tg_dimension_name (c->dim),
                  st->label);
      if (c->label != NO_LABEL && st == NULL)
        fail_msg ("'%s': %s %s: expected %+d, got no label", c->text, c->party, tg_dimension_name (c->dim),
                  c->label);
      if (c->label != NO_LABEL && st->label != c->label)
        fail_msg ("'%s': %s %s: expected %+d, got %+d", c->text, c->party, tg_dimension_name (c->dim), c->label,
                  st->label);
    }
}

/* What the hits record for the scorer: negators of a noun phrase apart, the
 * quote flag, cues that only count negated. */
static void
test_hit_fields (void **state)
{
  const TgTagger *tagger = *state;
  g_autoptr (TgDocument) doc = tagged (tagger, "s", "Russia and Ukraine parted without a truce.");
  g_autoptr (GArray) hits = hits_of (tagger, doc);
  const TgCueHit *h = find_hit (hits, "RUS", TG_DIM_CEASEFIRE_FIRST);
  assert_non_null (h);
  assert_int_equal (h->n_np_negators, 1);
  assert_int_equal (h->n_negators, 0);
  assert_false (h->quoted);
  TgStanceParams p = *tg_model_params (tg_tagger_model (tagger));
  assert_true (tg_stance_contribution (&p, h) == 0.0);

  g_autoptr (TgDocument) doc2 = tagged (tagger, "s", "\"There can be no truce,\" Lavrov said.");
  g_autoptr (GArray) hits2 = hits_of (tagger, doc2);
  const TgCueHit *h2 = find_hit (hits2, "RUS", TG_DIM_CEASEFIRE_FIRST);
  assert_non_null (h2);
  assert_true (h2->quoted);
  assert_true (tg_stance_contribution (&p, h2) < 0);

  g_autoptr (TgDocument) doc3 = tagged (tagger, "s", "Serbia wants no war.");
  g_autoptr (GArray) hits3 = hits_of (tagger, doc3);
  const TgCueHit *h3 = find_hit (hits3, "SRB", TG_DIM_CEASEFIRE_FIRST);
  assert_non_null (h3);
  assert_true (h3->needs_negation);
  assert_true (tg_stance_contribution (&p, h3) > 0);
  p.negation_scope = 0;
  h3 = find_hit (hits3, "SRB", TG_DIM_CEASEFIRE_FIRST);
  assert_int_equal (h3->np_negators[0], 0);   /* "no" right before "war": still in scope 0 */
  assert_true (tg_stance_contribution (&p, h3) > 0);
}

static void
test_no_label_without_evidence (void **state)
{
  const TgTagger *tagger = *state;
  g_autoptr (TgDocument) doc = tagged (tagger, "s", "Peru and Ecuador met in Lima. Lavrov visited Moscow.");
  assert_true (doc->entities->len >= 3);
  assert_int_equal (doc->stances->len, 0);
}

/* Synthetic hits: the arithmetic of tg_stance_score. */
static TgCueHit
hit (const char *party, TgDimension dim, double weight)
{
  TgCueHit h = { 0 };
  h.party = party;
  h.dimension = dim;
  h.holder = -1;
  h.cue = "cue";
  h.weight = weight;
  h.neutral = weight == 0.0;
  h.how = TG_HOLDER_QUOTE;
  h.condition = G_MAXUINT;
  return h;
}

static void
test_aggregation (void **state)
{
  const TgTagger *tagger = *state;
  TgStanceParams p = *tg_model_params (tg_tagger_model (tagger));
  p.quote = 1.0;
  p.alpha = 1.0;
  p.mixed_ratio = 0.5;
  p.neutral_mass = 0.5;
  for (guint d = 0; d < TG_N_DIMS; d++)
    {
      p.dim[d].scale = 1.0;
      p.dim[d].bias = 0.0;
      p.dim[d].dead_band = 0.2;
      p.dim[d].min_mass = 0.5;
    }
  g_autoptr (GArray) hits = g_array_new (FALSE, TRUE, sizeof (TgCueHit));
  TgCueHit h;
  h = hit ("AAA", TG_DIM_CEASEFIRE_FIRST, 1.0), g_array_append_val (hits, h);
  h = hit ("AAA", TG_DIM_CEASEFIRE_FIRST, 0.5), g_array_append_val (hits, h);
  h = hit ("BBB", TG_DIM_CEASEFIRE_FIRST, 1.0), g_array_append_val (hits, h);
  h = hit ("BBB", TG_DIM_CEASEFIRE_FIRST, -0.8), g_array_append_val (hits, h);   /* mixed: 0 */
  h = hit ("CCC", TG_DIM_TERRITORIAL_CLAIMS, 0.3), g_array_append_val (hits, h);  /* below min_mass */
  h = hit ("DDD", TG_DIM_CEASEFIRE_FIRST, 0.0), g_array_append_val (hits, h);     /* host: 0 */
  h = hit ("AAA", TG_DIM_TERRITORIAL_CLAIMS, -2.0), g_array_append_val (hits, h);
  g_autoptr (TgDocument) doc = tg_document_new ("synthetic");
  tg_stance_score (&p, hits, doc);
  assert_int_equal (doc->stances->len, 4);
  /* Sorted by party, then dimension. */
  const TgStance *a1 = doc->stances->pdata[0], *a2 = doc->stances->pdata[1];
  const TgStance *b = doc->stances->pdata[2], *dd = doc->stances->pdata[3];
  assert_string_equal (a1->party, "AAA");
  assert_int_equal (a1->dimension, TG_DIM_CEASEFIRE_FIRST);
  assert_true (fabs (a1->score - 1.5 / sqrt (1.5 * 1.5 + 1.0)) < 1e-9);
  assert_int_equal (a1->label, 1);
  assert_int_equal (a1->evidence->len, 2);
  /* strongest first */
  assert_true (g_array_index (a1->evidence, TgEvidence, 0).contribution == 1.0);
  assert_int_equal (a2->dimension, TG_DIM_TERRITORIAL_CLAIMS);
  assert_int_equal (a2->label, -1);
  assert_string_equal (b->party, "BBB");
  assert_int_equal (b->label, 0);
  assert_string_equal (dd->party, "DDD");
  assert_int_equal (dd->label, 0);
  assert_null (find_stance (doc, "CCC", TG_DIM_TERRITORIAL_CLAIMS));

  /* The dead band: a weak net score is 0. */
  p.mixed_ratio = 1.0;
  tg_stance_score (&p, hits, doc);
  assert_int_equal (find_stance (doc, "BBB", TG_DIM_CEASEFIRE_FIRST)->label, 0);   /* 0.2 / sqrt (1.04) < 0.2 */
  p.dim[TG_DIM_CEASEFIRE_FIRST].dead_band = 0.1;
  tg_stance_score (&p, hits, doc);
  assert_int_equal (find_stance (doc, "BBB", TG_DIM_CEASEFIRE_FIRST)->label, 1);
}

/* ---- the lexicon loader ------------------------------------------------------ */

typedef struct {
  const char *file;
  const char *contents;
  guint line;
  const char *needle;
} BadLexicon;

static const BadLexicon bad_lexicons[] = {
  { "ceasefire_first.tsv", "# c\ncue\tweight\tother\tnegation\tnote\ntruce\tstrong\t\t\t\n", 3, "weight 'strong' is not a number" },
  { "ceasefire_first.tsv", "cue\tweight\tnote\n", 1, "expected the header row" },
  { "territorial_claims.tsv", "cue\tweight\tother\tnegation\tnote\nannex\t1\t\t\t\nannexation\t1\t\t\t\n", 3,
    "matches the same words as 'annex' on line 2" },
  { "territorial_claims.tsv", "cue\tweight\tother\tnegation\tnote\nannex\t1\t\tmaybe\t\n", 2, "negation must be" },
  { "modifiers.tsv", "phrase\tkind\tnote\nnot\tnegatr\t\n", 2, "unknown modifier kind 'negatr'" },
  { "territorial_claims.tsv", "cue\tweight\tother\tnegation\tnote\n@terr leave\t1\t\t\t\n", 2,
    "may not start with a slot" },
  { "ceasefire_first.tsv", "cue\tweight\tother\tnegation\tnote\nwar\t-1\t\tsometimes\t\n", 2,
    "negation must be empty, 'no' or 'only'" },
  { "third-parties.tsv", "party\tnote\nUSA\t\nunited states\t\n", 3, "'united states' is not a party code" },
  { "third-parties.tsv", "party\n", 1, "expected the header row" },
};

static void
copy_file (const char *from, const char *to)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  assert_true (g_file_get_contents (from, &data, &len, NULL));
  assert_true (g_file_set_contents (to, data, (gssize) len, NULL));
}

static void
test_lexicon_errors (void **state)
{
  (void) state;
  static const char *const files[] = { "ceasefire_first.tsv", "territorial_claims.tsv", "modifiers.tsv",
                                       "third-parties.tsv" };
  for (gsize i = 0; i < G_N_ELEMENTS (bad_lexicons); i++)
    {
      const BadLexicon *c = &bad_lexicons[i];
      g_autofree char *dir = g_dir_make_tmp ("tagger-stance-XXXXXX", NULL);
      assert_non_null (dir);
      for (gsize f = 0; f < G_N_ELEMENTS (files); f++)
        {
          g_autofree char *from = g_build_filename (FIXTURE_LEXICONS, "stance", files[f], NULL);
          g_autofree char *to = g_build_filename (dir, files[f], NULL);
          copy_file (from, to);
        }
      g_autofree char *target = g_build_filename (dir, c->file, NULL);
      assert_true (g_file_set_contents (target, c->contents, -1, NULL));
      g_autoptr (GError) error = NULL;
      g_autoptr (TgStanceLexicon) lex = tg_stance_lexicon_load (dir, &error);
      assert_null (lex);
      assert_int_equal (error->domain, TG_ERROR);
      g_autofree char *where = g_strdup_printf ("%s:%u: ", target, c->line);
      if (!g_str_has_prefix (error->message, where) || strstr (error->message, c->needle) == NULL)
        fail_msg ("message '%s', expected '%s...%s'", error->message, where, c->needle);
      for (gsize f = 0; f < G_N_ELEMENTS (files); f++)
        {
          g_autofree char *path = g_build_filename (dir, files[f], NULL);
          g_unlink (path);
        }
      g_rmdir (dir);
    }
}

static void
test_stance_off_without_model (void **state)
{
  (void) state;
  g_autoptr (GError) error = NULL;
  g_autoptr (TgTagger) tagger = tg_tagger_new (FIXTURE_LEXICONS, NULL, &error);
  assert_non_null (tagger);
  assert_null (tg_tagger_model (tagger));
  g_autoptr (TgDocument) doc = tagged (tagger, "s", "The Kremlin called for a truce.");
  assert_int_equal (doc->stances->len, 0);
}

static int
setup (void **state)
{
  g_autoptr (GError) error = NULL;
  *state = tg_tagger_new (FIXTURE_LEXICONS, TEST_MODEL, &error);
  if (*state == NULL)
    print_error ("%s\n", error->message);
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
    cmocka_unit_test (test_fixture_articles),
    cmocka_unit_test (test_scratch_reuse),
    cmocka_unit_test (test_negation_scope),
    cmocka_unit_test (test_contrast),
    cmocka_unit_test (test_holders),
    cmocka_unit_test (test_no_holder),
    cmocka_unit_test (test_no_label_without_evidence),
    cmocka_unit_test (test_labels),
    cmocka_unit_test (test_hit_fields),
    cmocka_unit_test (test_aggregation),
    cmocka_unit_test (test_lexicon_errors),
    cmocka_unit_test (test_stance_off_without_model),
  };
  return cmocka_run_group_tests (tests, setup, teardown);
}
