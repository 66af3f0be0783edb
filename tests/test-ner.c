/* test-ner.c — entity spans, types and parties against ANNOTATION.md sections 1
 * and 3, on a small fixture lexicon (tests/fixtures/lexicons). Each case is a
 * sentence and its expected rendering: [tokens TYPE PARTY], party "-" for none. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "tagger.h"
#include "text.h"

#define FIXTURE TG_SOURCE_ROOT "/tests/fixtures/lexicons"

static char *
render (const TgDocument *doc)
{
  GString *out = g_string_new (NULL);
  guint e = 0;
  for (guint i = 0; i < doc->tokens->len; i++)
    {
      const TgEntity *ent = e < doc->entities->len ? &g_array_index (doc->entities, TgEntity, e) : NULL;
      if (out->len > 0)
        g_string_append_c (out, ' ');
      if (ent != NULL && ent->first == i)
        g_string_append_c (out, '[');
      g_autofree char *tok = tg_document_token_dup (doc, i);
      g_string_append (out, tok);
      if (ent != NULL && i == ent->first + ent->n_tokens - 1)
        {
          g_string_append_printf (out, " %s %s]", tg_entity_type_name (ent->type), ent->party ? ent->party : "-");
          e++;
        }
    }
  return g_string_free (out, FALSE);
}

static const struct {
  const char *input;
  const char *expected;
} cases[] = {
  /* people: lexicon names, surnames, diacritics folded, titles outside */
  { "Lavrov spoke.", "[Lavrov PER RUS] spoke ." },
  { "Foreign Minister Sergei Lavrov spoke.", "Foreign Minister [Sergei Lavrov PER RUS] spoke ." },
  { "President Sisi and President Sīsī", "President [Sisi PER EGY] and President [Sīsī PER EGY]" },
  { "Jean-Yves Le Drián arrived.", "[Jean-Yves Le Drián PER FRA] arrived ." },
  /* unseen people after a title take the party of what precedes the title */
  { "Jordanian Foreign Minister Ayman Safadi met Safadi's aides.",
    "Jordanian Foreign Minister [Ayman Safadi PER JOR] met [Safadi PER JOR] 's aides ." },
  { "Serbia's deputy prime minister Ilir Dacaj said no.",
    "[Serbia GOV SRB] 's deputy prime minister [Ilir Dacaj PER SRB] said no ." },
  { "UN envoy Marta Selvik arrived. Later, Marta Selvik left.",
    "[UN ORG UN] envoy [Marta Selvik PER UN] arrived . Later , [Marta Selvik PER UN] left ." },
  /* ... not when the office is a former one */
  { "The former Syrian President Rami Haddad spoke.", "The former Syrian President [Rami Haddad PER -] spoke ." },
  /* an unseen official right after a sentence's opening "In <capital> ,"
   * speaks for the capital's state; elsewhere the capital says nothing */
  { "In Ankara, ministry spokesman Majid Omar said no.",
    "In [Ankara LOC -] , ministry spokesman [Majid Omar PER TUR] said no ." },
  { "Talks resumed in Ankara, spokesman Majid Omar said.",
    "Talks resumed in [Ankara LOC -] , spokesman [Majid Omar PER -] said ." },
  /* metonymy: a capital or country that acts is GOV; seats of power are GOV */
  { "Ankara rejected the plan.", "[Ankara GOV TUR] rejected the plan ." },
  { "Damascus has refused.", "[Damascus GOV SYR] has refused ." },
  /* ... also past a "whose" clause; a city that owns a thing and does nothing stays LOC */
  { "Ankara, whose envoy met the rebels, has refused.",
    "[Ankara GOV TUR] , whose envoy met the rebels , has refused ." },
  { "Ankara, whose airport was closed, lies east of here.",
    "[Ankara LOC -] , whose airport was closed , lies east of here ." },
  { "the Elysee said", "the [Elysee GOV FRA] said" },
  { "The Kremlin and the White House disagreed.", "The [Kremlin GOV RUS] and the [White House GOV USA] disagreed ." },
  /* owning an official, a policy, a relation */
  { "Iran's terms and Russia's envoy", "Iran 's terms and [Russia GOV RUS] 's envoy" },
  { "the UK ambassador", "the [UK GOV GBR] ambassador" },
  { "US mediation efforts", "[US GOV USA] mediation efforts" },
  { "Sanctions on Syria were lifted.", "Sanctions on [Syria GOV SYR] were lifted ." },
  { "a treaty between Peru and Ecuador", "a treaty between [Peru GOV PER] and [Ecuador GOV ECU]" },
  { "the war against Georgia", "the war against [Georgia GOV GEO]" },
  /* places where things happen are LOC, with no party */
  { "talks in Vienna", "talks in [Vienna LOC -]" },
  { "shelling in Aleppo", "shelling in [Aleppo LOC -]" },
  { "the border between Serbia and Kosovo", "the border between [Serbia LOC -] and [Kosovo LOC -]" },
  { "Armenian troops crossed into Georgia.", "[Armenian troops GOV ARM] crossed into [Georgia LOC -] ." },
  { "Strikes on Ukraine have intensified.", "Strikes on [Ukraine LOC -] have intensified ." },
  { "Ukraine's east is shelled.", "[Ukraine LOC -] 's east is shelled ." },
  { "the districts of Kherson and Zaporizhzhia", "the districts of [Kherson LOC -] and [Zaporizhzhia LOC -]" },
  /* coordinated actors share the verb */
  { "Russia and Ukraine agreed.", "[Russia GOV RUS] and [Ukraine GOV UKR] agreed ." },
  /* demonyms: + head is one GOV span, plural is GOV, bare adjective is O */
  { "the Colombian government", "the [Colombian government GOV COL]" },
  { "The Serbs insisted on autonomy.", "The [Serbs GOV SRB] insisted on autonomy ." },
  { "the Syrian and Jordanian delegations", "the [Syrian GOV SYR] and [Jordanian delegations GOV JOR]" },
  { "a Syrian tank near Serbian villages", "a Syrian tank near Serbian villages" },
  { "Syrian military aid arrived.", "Syrian military aid arrived ." },
  { "Norwegian Foreign Minister", "Norwegian Foreign Minister" },
  { "the Russian Foreign Ministry said", "the [Russian Foreign Ministry GOV RUS] said" },
  { "the Sudanese have agreed", "the [Sudanese GOV SDN] have agreed" },
  { "the government of Sudan", "the [government of Sudan GOV SDN]" },
  /* ... unless it means people rather than a side (gold-set decision) */
  { "Ukrainians fled.", "Ukrainians fled ." },
  { "ethnic Serbs and 230 Ukrainians", "ethnic Serbs and 230 Ukrainians" },
  { "The Russians insisted.", "The [Russians GOV RUS] insisted ." },
  /* "officials" is a head, one official is a person */
  { "Serbian officials met a Serbian official.", "[Serbian officials GOV SRB] met a Serbian official ." },
  /* longest span wins; capitalised heads belong to names */
  { "in the Republic of Moldova", "in the [Republic of Moldova LOC -]" },
  { "the Golan Heights and the Jordan River", "the [Golan Heights LOC -] and the [Jordan River LOC -]" },
  /* a government body listed with a lower-case head is one GOV span; the
   * place alone stays a place, and lower-case words are no name */
  { "The Karabakh authorities accepted. Karabakh is calm; the karabakh authorities",
    "The [Karabakh authorities GOV ARTSAKH] accepted . [Karabakh LOC -] is calm ; the karabakh authorities" },
  /* organisations */
  { "NATO and the Kurdistan Workers' Party", "[NATO ORG NATO] and the [Kurdistan Workers ' Party ORG PKK]" },
  { "Reuters reported.", "[Reuters ORG -] reported ." },
  { "Hamas said.", "[Hamas ORG HAMAS] said ." },
  /* named agreements and events are O */
  { "The Minsk agreements failed.", "The Minsk agreements failed ." },
  /* capitalisation counts: the bird and the verb are not places */
  { "a turkey in march", "a turkey in march" },
  { "visits to Turkey and Türkiye", "visits to [Turkey LOC -] and [Türkiye LOC -]" },
  /* a country named with no sign of its role is an actor in this domain; a city is a place */
  { "Turkey, Kyiv", "[Turkey GOV TUR] , [Kyiv LOC -]" },
  /* country + head is one GOV span; relative clauses */
  { "US troops left. Moscow, which has no say, and Kharkiv, where shells fell.",
    "[US troops GOV USA] left . [Moscow GOV RUS] , which has no say , and [Kharkiv LOC -] , where shells fell ." },
  /* a possessive decided by the noun that ends the phrase */
  { "Ukraine's internationally recognised borders", "[Ukraine LOC -] 's internationally recognised borders" },
  /* people named where a quote is attributed, or in an apposition with a title */
  { "\"We will win,\" said Davit Ohanyan, a spokesman.", "\" We will win , \" said [Davit Ohanyan PER -] , a spokesman ." },
  { "Marta Kowalczyk said no.", "[Marta Kowalczyk PER -] said no ." },
  /* an unknown speaker takes the party of an apposition after or before the
   * name, a bare demonym included */
  { "Colonel Avi Hadar, a Syrian military spokesman, said no.",
    "Colonel [Avi Hadar PER SYR] , a Syrian military spokesman , said no ." },
  { "Rami Saleh, a Syrian military spokesman, said no.",
    "[Rami Saleh PER SYR] , a Syrian military spokesman , said no ." },
  { "A spokeswoman for NATO, Ines Berglund, said the line was calm.",
    "A spokeswoman for [NATO ORG NATO] , [Ines Berglund PER NATO] , said the line was calm ." },
  { "The army spokesman, Rami Saleh, said no.", "The army spokesman , [Rami Saleh PER -] , said no ." },
  /* ... and an official that a state installed is that state's */
  { "The Russian-installed governor, Ivan Petrenko, said no.",
    "The Russian-installed governor , [Ivan Petrenko PER RUS] , said no ." },
  { "Oleg Koval, the Moscow-appointed mayor, said no.", "[Oleg Koval PER RUS] , the Moscow-appointed mayor , said no ." },
  /* an ordinal may open a lexicon name */
  { "Fighters of the 33rd Front left.", "Fighters of the [33rd Front ORG -] left ." },
  /* a name part joined to an Arabic article ("al-Bukhaiti") stays in the name */
  { "Mohammed al-Bukhaiti told reporters no.", "[Mohammed al-Bukhaiti PER -] told reporters no ." },
  /* the agency of a dateline, organisations and state bodies by their shape */
  { "KYIV, May 3 (Caspian Wire) - Talks resumed.", "[KYIV LOC -] , May 3 ( [Caspian Wire ORG -] ) - Talks resumed ." },
  { "experts at the Nordic Institute for Security Studies in Vienna",
    "experts at the [Nordic Institute for Security Studies ORG -] in [Vienna LOC -]" },
  { "Serbia's State Information Service", "[Serbia GOV SRB] 's [State Information Service GOV SRB]" },
  /* places no lexicon knows, by their prepositions and nouns; capitalised parts of place names */
  { "the village of Alpbach and the Adre crossing", "the village of [Alpbach LOC -] and the [Adre LOC -] crossing" },
  { "fighting in Western Idlib", "fighting in [Western Idlib LOC -]" },
  /* a capital whose point of view follows acts */
  { "For Damascus, this is a test.", "For [Damascus GOV SYR] , this is a test ." },
  /* words denied as places */
  { "a Nice day in Split", "a Nice day in [Split LOC -]" },
};

static void
test_cases (void **state)
{
  TgTagger *tagger = *state;
  g_autoptr (TgScratch) scratch = tg_scratch_new (tagger);
  guint failures = 0;
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (TgDocument) doc = tg_text_document_new ("case", cases[i].input, strlen (cases[i].input),
                                                         TG_TEXT_STRICT, &error);
      assert_non_null (doc);
      assert_true (tg_tagger_tag (tagger, scratch, doc, &error));
      g_autofree char *got = render (doc);
      if (strcmp (got, cases[i].expected) != 0)
        {
          print_error ("case %zu: %s\n  expected: %s\n  got:      %s\n", i, cases[i].input, cases[i].expected, got);
          failures++;
        }
    }
  assert_int_equal (failures, 0);
}

static void
test_entity_fields (void **state)
{
  TgTagger *tagger = *state;
  g_autoptr (TgScratch) scratch = tg_scratch_new (tagger);
  const char *text = "Talks ended.\nLavrov left Kyiv.";
  g_autoptr (TgDocument) doc = tg_text_document_new ("x", text, strlen (text), TG_TEXT_STRICT, NULL);
  assert_true (tg_tagger_tag (tagger, scratch, doc, NULL));
  assert_int_equal (doc->entities->len, 2);
  const TgEntity *lavrov = &g_array_index (doc->entities, TgEntity, 0);
  assert_int_equal (lavrov->sentence, 1);
  assert_int_equal (tg_document_token (doc, lavrov->first)->start, 13);
  assert_string_equal (lavrov->source, "people.tsv");
  g_autoptr (GPtrArray) tags = tg_document_iob_tags (doc);
  assert_string_equal (tags->pdata[3], "B-PER");
  assert_string_equal (tags->pdata[5], "B-LOC");
  assert_string_equal (tags->pdata[0], "O");
}

static int
setup (void **state)
{
  g_autoptr (GError) error = NULL;
  *state = tg_tagger_new (FIXTURE, NULL, &error);
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
    cmocka_unit_test (test_cases),
    cmocka_unit_test (test_entity_fields),
  };
  return cmocka_run_group_tests (tests, setup, teardown);
}
