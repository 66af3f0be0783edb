/* stance.c — stance cues, their holders, and the scores they add up to.
 *
 * For one tagged document:
 *   1. every token is folded and stemmed; modifier phrases (modifiers.tsv) are
 *      matched on the stems, longest first;
 *   2. quotes are found (curly, straight and angle double quotes; a quote left
 *      open ends at a paragraph break or at the end of its sentence) and
 *      attributed: a speech verb after the closing mark ("...," X said / said
 *      X / he said) or before the opening one (X said: "..."); a quote with no
 *      attribution that opens a sentence right after an attributed one
 *      continues it; other unattributed quotes are read as the author's words.
 *      A speaker may be unnamed but described by a demonym or a state body
 *      ("a Syrian military source", "the army spokesman");
 *   3. each sentence gets a salient party: its first subject, else the speaker
 *      of its quote, else what its opening pronoun refers to;
 *   4. cues (one lexicon per dimension, words matched in order on stems, or on
 *      exact forms for words written "=form", with at most params->cue_gap
 *      tokens between two words and slot_gap before a slot word (@loc a place,
 *      @terr a word for land, @deal a word for an agreement), longest cue
 *      first; "US-brokered" gives a one-word cue to the party it names) are
 *      given a holder: the speaker for a quote; for the author's text the first
 *      subject of the cue's clause (entities after prepositions, object verbs,
 *      accusation verbs, "a"/"an", inside parentheticals and datelines, and
 *      appositions to an object are not subjects; coordinated subjects share
 *      the cue); the subject or the antecedent of a ", who / which" clause; a
 *      passive agent ("brokered by X"); "the army", "the rebels" resolved to
 *      the last one named; else the previous sentence's salient party when a
 *      pronoun continues its thread; else nobody, and the cue is dropped. A cue
 *      that only dates an event ("since the truce took effect"), is asked
 *      about ("whether") or has a subject of its own that is no name ("over who
 *      leaves Goma") is nobody's. A cue whose nearest preceding party is
 *      another one ("urged Y to withdraw", "until the Rwandan army leaves",
 *      "every Israeli soldier leave") takes the cue's `other` weight (0:
 *      evidence of neither side, as for an accusation), and a cue after an
 *      accusation verb is dropped;
 *   5. the modifiers around each cue are recorded as distances, so that the
 *      scorer can apply scopes and multipliers from the model without reading
 *      the text again. A negator does not reach past the subject of the cue's
 *      clause unless it negates that subject ("No Ukrainian government will
 *      sign away ..."), nor past "whether"; "no" and "without" before a noun
 *      are kept apart: in the author's words they report an absence ("talks
 *      end with no truce"), which the scorer does not count as a refusal.
 * Scoring sums the contributions per party and dimension; see tg_stance_score. */
#include "stance.h"

#include <math.h>
#include <string.h>

#include "tg-error.h"
#include "tg-limits.h"

/* ===== lexicon ============================================================ */

/* Modifier kinds (modifiers.tsv), one bit each; a word or phrase may have
 * several. */
typedef guint64 ModKind;
#define MOD_BIT(n) (G_GUINT64_CONSTANT (1) << (n))
#define MOD_NEGATOR MOD_BIT (0) /* flips the cues in its scope */
#define MOD_INTENSIFIER MOD_BIT (1) /* strengthens the next cue */
#define MOD_HEDGE MOD_BIT (2) /* weakens the next cue */
#define MOD_CONTRAST MOD_BIT (3) /* "but": the clause after counts more */
#define MOD_CONDITION MOD_BIT (4) /* "only if": a ceasefire tied to prior terms */
#define MOD_ACCUSATION MOD_BIT (5) /* "accused": what follows is no one's own position */
#define MOD_PREPOSITION MOD_BIT (6) /* a name after it is no subject */
#define MOD_DETERMINER MOD_BIT (7) /* skipped when looking before a name */
#define MOD_PRONOUN_PERSON MOD_BIT (8) /* he, she: the most recent person */
#define MOD_PRONOUN_GROUP MOD_BIT (9) /* it, they: the party in focus */
#define MOD_CONNECTIVE MOD_BIT (10) /* skipped at the start of a sentence */
#define MOD_CLAUSE MOD_BIT (11) /* starts a new clause ("while", ";") */
#define MOD_RELATIVE MOD_BIT (12) /* after a comma, opens a parenthetical ("which") */
#define MOD_COORDINATOR MOD_BIT (13) /* "and", ",": joins subjects */
#define MOD_UNNAMED MOD_BIT (14) /* "spokesman": an unnamed speaker of the party in focus */
#define MOD_SELF MOD_BIT (15) /* "we", "our": the holder's own side */
#define MOD_OTHER MOD_BIT (16) /* "the militia", "the enemy": another side */
#define MOD_NEGATOR_SUBJECT MOD_BIT (17) /* "nobody", "not one": negates the rest of its clause */
#define MOD_ANAPHOR_GROUP MOD_BIT (18) /* "the rebels": the most recent organisation (armed group) */
#define MOD_NEGATOR_NP MOD_BIT (19) /* "no", "without": negates a noun phrase, not an act */
#define MOD_TERRITORY MOD_BIT (20) /* "village", "land": what the cue slot @terr matches */
#define MOD_COMPLEMENTIZER MOD_BIT (21) /* "that", "whether": opens a clause, whose subject acts */
#define MOD_ANAPHOR_STATE MOD_BIT (22) /* "the army", "the government": the last-named one */
#define MOD_DEFERRAL MOD_BIT (23) /* "before any": the ceasefire after it is put off */
#define MOD_TEMPORAL MOD_BIT (24) /* "since", "during": the cue after it dates an event */
#define MOD_HYPOTHETICAL MOD_BIT (25) /* "whether": the clause after it asserts nothing */
#define MOD_AGREEMENT MOD_BIT (26) /* "deal", "accord": what the cue slot @deal matches */
#define MOD_SPEECH MOD_BIT (27) /* "announced", "vowed": attributes a quote, like context.tsv's speech verbs */
#define MOD_FORCE MOD_BIT (28) /* "jets", "soldiers": after a demonym, that party acts */
#define MOD_CESSATION MOD_BIT (29) /* "stop", "halt": ends the act after it, reversing its cue; no gap spans it */
#define MOD_DIRECTIVE MOD_BIT (30) /* "must", "demanded": the clause says what should be done, reports no act */
#define MOD_SUBORDINATOR MOD_BIT (32) /* "after", "when": opens a clause with a subject of its own */
#define MOD_NEGATOR_AFTER MOD_BIT (33) /* "is not on the agenda", "is off the table": negates the cue before it */
#define MOD_VIOLENCE MOD_BIT (31)   /* "shelling", "raids": an act of war, what the cue slot @viol matches */
/* Not a kind: in the modifiers table, marks a phrase that starts a longer one. */
#define MOD_PREFIX MOD_BIT (63)

/* The names of the kinds in modifiers.tsv's "kind" column. */
typedef struct {
  const char *name;
  ModKind kind;
} ModKindName;

static const ModKindName mod_kinds[] = {
  { "negator", MOD_NEGATOR },
  { "intensifier", MOD_INTENSIFIER },
  { "hedge", MOD_HEDGE },
  { "contrast", MOD_CONTRAST },
  { "condition", MOD_CONDITION },
  { "accusation", MOD_ACCUSATION },
  { "preposition", MOD_PREPOSITION },
  { "determiner", MOD_DETERMINER },
  { "pronoun_person", MOD_PRONOUN_PERSON },
  { "pronoun_group", MOD_PRONOUN_GROUP },
  { "connective", MOD_CONNECTIVE },
  { "clause", MOD_CLAUSE },
  { "relative", MOD_RELATIVE },
  { "coordinator", MOD_COORDINATOR },
  { "unnamed_speaker", MOD_UNNAMED },
  { "self", MOD_SELF },
  { "other", MOD_OTHER },
  { "negator_subject", MOD_NEGATOR_SUBJECT },
  { "anaphor_group", MOD_ANAPHOR_GROUP },
  { "negator_np", MOD_NEGATOR_NP },
  { "territory", MOD_TERRITORY },
  { "complementizer", MOD_COMPLEMENTIZER },
  { "anaphor_state", MOD_ANAPHOR_STATE },
  { "deferral", MOD_DEFERRAL },
  { "temporal", MOD_TEMPORAL },
  { "hypothetical", MOD_HYPOTHETICAL },
  { "agreement", MOD_AGREEMENT },
  { "speech_verb", MOD_SPEECH },
  { "force", MOD_FORCE },
  { "cessation", MOD_CESSATION },
  { "directive", MOD_DIRECTIVE },
  { "subordinator", MOD_SUBORDINATOR },
  { "negator_after", MOD_NEGATOR_AFTER },
  { "violence", MOD_VIOLENCE },
};

/* A cue word that matches any token of a place name: "leave @loc". */
#define SLOT_LOC "@loc"
/* A cue word that matches a word for land (modifiers.tsv kind "territory"):
 * "cede @terr" matches "cede the villages". */
#define SLOT_TERR "@terr"
/* A cue word that matches a word for an agreement (modifiers.tsv kind
 * "agreement"): "endorse @deal" matches "endorsed the accord". */
#define SLOT_DEAL "@deal"
/* A cue word that matches a word for an act of war (modifiers.tsv kind
 * "violence"): "halt @viol" matches "halt the shelling", "halted its raids". */
#define SLOT_VIOL "@viol"
/* A cue word that matches, right after the word before it, a demonym not
 * part of a name: "on @dem soil" matches "on Ukrainian soil", "=is @dem"
 * matches "is Syrian". */
#define SLOT_DEM "@dem"

/* A cue word written "=word" matches that exact folded form, not its stem:
 * "=annexed" matches "annexed" but not "annex" (a part of an agreement). */
#define EXACT_MARK '='

/* What a cue word matches, decided once when the lexicon loads. */
typedef enum {
  WORD_STEM,    /* a token with this stem */
  WORD_EXACT,   /* "=form": a token with this folded form */
  WORD_LOC,     /* the slots, in the order above */
  WORD_TERR,
  WORD_DEAL,
  WORD_VIOL,
  WORD_DEM,
} WordKind;

static WordKind
word_kind (const char *word)
{
  static const char *const slots[] = { SLOT_LOC, SLOT_TERR, SLOT_DEAL, SLOT_VIOL, SLOT_DEM };
  for (gsize k = 0; k < G_N_ELEMENTS (slots); k++)
    if (strcmp (word, slots[k]) == 0)
      return (WordKind) (WORD_LOC + k);
  return word[0] == EXACT_MARK ? WORD_EXACT : WORD_STEM;
}

static gboolean
is_slot (const char *word)
{
  return word_kind (word) >= WORD_LOC;
}

/* How negators act on a cue (the "negation" column). */
typedef enum {
  NEG_FLIPS,    /* empty: a negated cue counts the other way */
  NEG_IGNORED,  /* "no": a reference such as "our land"; negators do not apply */
  NEG_ONLY,     /* "only": evidence only when negated ("no interest in another war") */
} NegationMode;

typedef struct {
  const char *text;     /* as listed (interned) */
  char **stems;         /* NULL-terminated */
  WordKind kinds[TG_STANCE_MAX_CUE_WORDS];   /* what each word matches */
  guint n_words;
  double weight;        /* the holder's own action or statement */
  double other;         /* the action of another party, reported by the holder */
  NegationMode negation;
  guint line;
} Cue;

struct _TgStanceLexicon {
  GStringChunk *strings;
  GPtrArray *cues;                   /* of Cue *, owning */
  GHashTable *first[TG_N_DIMS];      /* first stem -> GPtrArray of Cue * */
  GHashTable *first_form[TG_N_DIMS]; /* first word's exact folded form ("=form" cues) -> GPtrArray of Cue * */
  GHashTable *keys[TG_N_DIMS];       /* all stems joined -> Cue *, for duplicates */
  GHashTable *modifiers;             /* stems joined by ' ' -> ModKind * (bits, owned) */
  GHashTable *third_parties;         /* party codes (in strings) of third-parties.tsv */
  GHashTable *second_words;          /* stems (in strings) that are the second word of a modifier phrase */
  guint n_cues[TG_N_DIMS];
};

static const char *const dimension_files[TG_N_DIMS] = { "ceasefire_first.tsv", "territorial_claims.tsv" };
static const char *const cue_columns[] = { "cue", "weight", "other", "negation", "note", NULL };
static const char *const modifier_columns[] = { "phrase", "kind", "note", NULL };
static const char *const third_party_columns[] = { "party", "note", NULL };

static void
cue_free (gpointer data)
{
  Cue *cue = data;
  g_strfreev (cue->stems);
  g_free (cue);
}

void
tg_stance_lexicon_free (TgStanceLexicon *lex)
{
  if (lex == NULL)
    return;
  for (guint d = 0; d < TG_N_DIMS; d++)
    {
      g_clear_pointer (&lex->first[d], g_hash_table_unref);
      g_clear_pointer (&lex->first_form[d], g_hash_table_unref);
      g_clear_pointer (&lex->keys[d], g_hash_table_unref);
    }
  g_clear_pointer (&lex->modifiers, g_hash_table_unref);
  g_clear_pointer (&lex->third_parties, g_hash_table_unref);
  g_clear_pointer (&lex->second_words, g_hash_table_unref);
  g_clear_pointer (&lex->cues, g_ptr_array_unref);
  if (lex->strings != NULL)
    g_string_chunk_free (lex->strings);
  g_free (lex);
}

guint
tg_stance_lexicon_n_cues (const TgStanceLexicon *lex, TgDimension dim)
{
  g_return_val_if_fail (lex != NULL && dim < TG_N_DIMS, 0);
  return lex->n_cues[dim];
}

typedef struct {
  TgStanceLexicon *lex;
  TgStemmer *stemmer;
  TgDimension dim;
} Loader;

/* Folds and stems each space-separated word of @phrase. */
static char **
stem_words (TgStemmer *stemmer, const char *phrase)
{
  g_auto (GStrv) words = g_strsplit (phrase, " ", -1);
  GPtrArray *out = g_ptr_array_new ();
  for (guint i = 0; words[i] != NULL; i++)
    {
      if (words[i][0] == '\0')
        continue;
      if (is_slot (words[i]))
        {
          g_ptr_array_add (out, g_strdup (words[i]));
          continue;
        }
      if (words[i][0] == EXACT_MARK && words[i][1] != '\0')
        {
          g_autofree char *exact = tg_norm_fold (words[i] + 1, -1);
          g_ptr_array_add (out, g_strdup_printf ("%c%s", EXACT_MARK, exact));
          continue;
        }
      g_autofree char *folded = tg_norm_fold (words[i], -1);
      g_ptr_array_add (out, tg_stemmer_stem (stemmer, folded));
    }
  g_ptr_array_add (out, NULL);
  return (char **) g_ptr_array_free (out, FALSE);
}

static gboolean
parse_weight (const char *s, const char *column, double *out, GError **error)
{
  char *end = NULL;
  double v = g_ascii_strtod (s, &end);
  if (s[0] == '\0' || end == NULL || *end != '\0' || !isfinite (v))
    {
      g_set_error (error, TG_ERROR, TG_ERROR_PARSE, "%s '%s' is not a number", column, s);
      return FALSE;
    }
  *out = v;
  return TRUE;
}

static gboolean
load_cue_row (char **f, guint line, gpointer data, GError **error)
{
  Loader *ld = data;
  TgStanceLexicon *lex = ld->lex;
  g_auto (GStrv) stems = stem_words (ld->stemmer, f[0]);
  if (stems[0] == NULL)
    {
      g_set_error (error, TG_ERROR, TG_ERROR_PARSE, "empty cue");
      return FALSE;
    }
  double weight = 0.0, other = 0.0;
  if (!parse_weight (f[1], "weight", &weight, error))
    return FALSE;
  if (f[2][0] == '\0')
    other = weight;
  else if (!parse_weight (f[2], "other", &other, error))
    return FALSE;
  if (g_strv_length (stems) > TG_STANCE_MAX_CUE_WORDS)
    {
      g_set_error (error, TG_ERROR, TG_ERROR_PARSE, "cue '%s' has more than %d words", f[0],
                   TG_STANCE_MAX_CUE_WORDS);
      return FALSE;
    }
  if (strcmp (f[3], "") != 0 && strcmp (f[3], "no") != 0 && strcmp (f[3], "only") != 0)
    {
      g_set_error (error, TG_ERROR, TG_ERROR_PARSE, "negation must be empty, 'no' or 'only', not '%s'", f[3]);
      return FALSE;
    }
  if (is_slot (stems[0]))
    {
      g_set_error (error, TG_ERROR, TG_ERROR_PARSE, "cue '%s' may not start with a slot", f[0]);
      return FALSE;
    }
  g_autofree char *key = g_strjoinv (" ", stems);
  const Cue *old = g_hash_table_lookup (lex->keys[ld->dim], key);
  if (old != NULL)
    {
      g_set_error (error, TG_ERROR, TG_ERROR_PARSE, "cue '%s' matches the same words as '%s' on line %u",
                   f[0], old->text, old->line);
      return FALSE;
    }
  Cue *cue = g_new0 (Cue, 1);
  cue->text = g_string_chunk_insert_const (lex->strings, f[0]);
  cue->n_words = g_strv_length (stems);
  cue->stems = g_steal_pointer (&stems);
  for (guint w = 0; w < cue->n_words; w++)
    cue->kinds[w] = word_kind (cue->stems[w]);
  cue->weight = weight;
  cue->other = other;
  cue->negation = strcmp (f[3], "no") == 0 ? NEG_IGNORED : strcmp (f[3], "only") == 0 ? NEG_ONLY : NEG_FLIPS;
  cue->line = line;
  g_ptr_array_add (lex->cues, cue);
  g_hash_table_insert (lex->keys[ld->dim], g_steal_pointer (&key), cue);
  /* The matcher finds a cue by its first word: a stem, or an exact form
   * (kept without its mark, so that a token's folded form is the key). */
  gboolean exact = cue->stems[0][0] == EXACT_MARK;
  GHashTable *by_first = exact ? lex->first_form[ld->dim] : lex->first[ld->dim];
  const char *first_key = exact ? cue->stems[0] + 1 : cue->stems[0];
  GPtrArray *list = g_hash_table_lookup (by_first, first_key);
  if (list == NULL)
    {
      list = g_ptr_array_new ();
      g_hash_table_insert (by_first, g_strdup (first_key), list);
    }
  g_ptr_array_add (list, cue);
  lex->n_cues[ld->dim]++;
  return TRUE;
}

/* ORs @bits into the entry of @key in @table (key -> ModKind *). */
static void
add_modifier_bits (GHashTable *table, const char *key, ModKind bits)
{
  ModKind *old = g_hash_table_lookup (table, key);
  if (old != NULL)
    *old |= bits;
  else
    g_hash_table_insert (table, g_strdup (key), g_memdup2 (&bits, sizeof bits));
}

static gboolean
load_modifier_row (char **f, guint line, gpointer data, GError **error)
{
  Loader *ld = data;
  (void) line;
  ModKind kind = 0;
  for (gsize i = 0; i < G_N_ELEMENTS (mod_kinds); i++)
    if (strcmp (f[1], mod_kinds[i].name) == 0)
      kind = mod_kinds[i].kind;
  if (kind == 0)
    {
      g_set_error (error, TG_ERROR, TG_ERROR_PARSE, "unknown modifier kind '%s'", f[1]);
      return FALSE;
    }
  g_auto (GStrv) stems = stem_words (ld->stemmer, f[0]);
  if (stems[0] == NULL)
    {
      g_set_error (error, TG_ERROR, TG_ERROR_PARSE, "empty phrase");
      return FALSE;
    }
  g_autoptr (GString) key = g_string_new (NULL);
  for (guint i = 0; stems[i] != NULL; i++)
    {
      if (i > 0)
        {
          add_modifier_bits (ld->lex->modifiers, key->str, MOD_PREFIX);
          g_string_append_c (key, ' ');
        }
      g_string_append (key, stems[i]);
    }
  add_modifier_bits (ld->lex->modifiers, key->str, kind);
  if (stems[1] != NULL)
    g_hash_table_add (ld->lex->second_words, (gpointer) g_string_chunk_insert_const (ld->lex->strings, stems[1]));
  return TRUE;
}

static gboolean
load_third_party_row (char **f, guint line, gpointer data, GError **error)
{
  Loader *ld = data;
  (void) line;
  gsize len = strlen (f[0]);
  gboolean valid = len >= 2 && len <= 12;
  for (gsize i = 0; i < len; i++)
    valid &= g_ascii_isupper (f[0][i]) || g_ascii_isdigit (f[0][i]);
  if (!valid)
    {
      g_set_error (error, TG_ERROR, TG_ERROR_PARSE, "'%s' is not a party code (2 to 12 capital letters or digits)",
                   f[0]);
      return FALSE;
    }
  const char *code = g_string_chunk_insert_const (ld->lex->strings, f[0]);
  g_hash_table_add (ld->lex->third_parties, (gpointer) code);
  return TRUE;
}

TgStanceLexicon *
tg_stance_lexicon_load (const char *dir, GError **error)
{
  g_return_val_if_fail (dir != NULL, NULL);
  g_autoptr (TgStanceLexicon) lex = g_new0 (TgStanceLexicon, 1);
  lex->strings = g_string_chunk_new (4096);
  lex->cues = g_ptr_array_new_with_free_func (cue_free);
  for (guint d = 0; d < TG_N_DIMS; d++)
    {
      lex->first[d] = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
      lex->first_form[d] = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
      lex->keys[d] = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    }
  lex->modifiers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  lex->third_parties = g_hash_table_new (g_str_hash, g_str_equal);
  lex->second_words = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (TgStemmer) stemmer = tg_stemmer_new ();
  if (stemmer == NULL)
    {
      g_set_error (error, TG_ERROR, TG_ERROR_LEXICON, "libstemmer has no English stemmer");
      return NULL;
    }
  for (guint d = 0; d < TG_N_DIMS; d++)
    {
      g_autofree char *path = g_build_filename (dir, dimension_files[d], NULL);
      Loader ld = { lex, stemmer, (TgDimension) d };
      if (!tg_tsv_read (path, cue_columns, load_cue_row, &ld, error))
        return NULL;
    }
  g_autofree char *path = g_build_filename (dir, "modifiers.tsv", NULL);
  Loader ld = { lex, stemmer, TG_DIM_CEASEFIRE_FIRST };
  if (!tg_tsv_read (path, modifier_columns, load_modifier_row, &ld, error))
    return NULL;
  g_autofree char *third = g_build_filename (dir, "third-parties.tsv", NULL);
  if (!tg_tsv_read (third, third_party_columns, load_third_party_row, &ld, error))
    return NULL;
  return g_steal_pointer (&lex);
}

/* ===== extraction context ================================================= */

typedef struct {
  guint open;          /* token of the opening mark */
  guint close;         /* token of the closing mark, or the last token of an open quote */
  gboolean speech;     /* a speaker's words (attributed or continuing); else the author's */
  gint speaker;        /* entity index of the speaker, or -1 */
  const char *party;   /* the speaker's party, or NULL: the quote holds no stance */
  TgHolderKind how;
} Quote;

typedef struct {
  gint entity;             /* the mention, or -1 */
  const char *party;
  TgHolderKind how;
  guint end;               /* token after the holder mention (or pronoun) */
} Holder;

typedef enum { FIND_NONE, FIND_FOUND, FIND_BLOCKED } FindResult;

/* What the stance lexicon and the punctuation tests say about one word form,
 * looked up once per distinct form of a document (see word_facts_compute). */
typedef struct {
  ModKind mod_bits;                         /* modifiers.tsv bits of its stem, MOD_PREFIX included */
  gboolean punct;                           /* is_clause_punct() */
  gint quote_mark;                          /* quote_kind() */
  gboolean dash;                            /* is_dash() */
  char mark;                                /* the character of a one-character ASCII form, or 0 */
  gboolean inner_dash;                      /* a '-' inside the form, neither first nor last */
  gboolean mod_second;                      /* its stem is the second word of a modifier phrase */
  const GPtrArray *cues[TG_N_DIMS][2];      /* cues whose first word is its stem [0] or its exact form [1] */
} WordFacts;

typedef struct {
  const TgStanceLexicon *lex;
  const TgLexicon *names;
  const TgStanceParams *params;
  const TgDocument *doc;
  TgStemmer *stemmer;
  guint n;
  const TgTokView *view;       /* the shared token views (tokview.h) */
  const char *const *folded;   /* per token, from the views */
  const char *const *stems;    /* per token, likewise */
  guint *sent;             /* sentence per token */
  gint *ent;               /* entity index per token, or -1 */
  ModKind *mod_start;      /* kinds of the modifier phrase starting at the token */
  guint *mod_len;          /* its length in tokens */
  ModKind *mod_in;         /* kinds of the modifier phrases covering the token */
  gboolean *punct;         /* punctuation that ends a clause or a modifier's reach */
  gint *quote_mark;        /* 0 no, 1 opening, 2 closing, 3 straight */
  gint *in_quote;          /* index into quotes (marks included), or -1 */
  gboolean *paren;         /* inside "( ... )" or ", which ... ," */
  gboolean *para_start;    /* per sentence: starts a paragraph */
  GArray *quotes;          /* of Quote */
  const char **salient;    /* per sentence */
  gint *salient_ent;       /* per sentence */
  GArray *hits;            /* of TgCueHit, the result */
  TgStanceMemo *memo;      /* facts of the views' cached forms */
  GArray *own_facts;       /* of WordFacts: facts of the forms the views did not cache */
  const WordFacts **facts; /* per token */
  GString *key;            /* scratch for building a phrase key; its users call
                            * nothing that builds another */
} Ex;

static void
ex_clear (Ex *ex)
{
  g_clear_pointer (&ex->sent, g_free);
  g_clear_pointer (&ex->ent, g_free);
  g_clear_pointer (&ex->mod_start, g_free);
  g_clear_pointer (&ex->mod_len, g_free);
  g_clear_pointer (&ex->mod_in, g_free);
  g_clear_pointer (&ex->punct, g_free);
  g_clear_pointer (&ex->quote_mark, g_free);
  g_clear_pointer (&ex->in_quote, g_free);
  g_clear_pointer (&ex->paren, g_free);
  g_clear_pointer (&ex->para_start, g_free);
  g_clear_pointer (&ex->quotes, g_array_unref);
  g_clear_pointer (&ex->salient, g_free);
  g_clear_pointer (&ex->salient_ent, g_free);
  g_clear_pointer (&ex->hits, g_array_unref);
  g_clear_pointer (&ex->own_facts, g_array_unref);
  g_clear_pointer (&ex->facts, g_free);
  if (ex->key != NULL)
    g_string_free (g_steal_pointer (&ex->key), TRUE);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Ex, ex_clear)

#define QUOTE(ex, q) (&g_array_index ((ex)->quotes, Quote, (q)))

static const char *
folded (const Ex *ex, guint i)
{
  return ex->folded[i];
}

static const char *
stem (const Ex *ex, guint i)
{
  return ex->stems[i];
}

static const WordFacts *
facts (const Ex *ex, guint i)
{
  return ex->facts[i];
}

static const TgEntity *
entity (const Ex *ex, gint e)
{
  return &g_array_index (ex->doc->entities, TgEntity, (guint) e);
}

static const TgSentence *
sentence (const Ex *ex, guint s)
{
  return &g_array_index (ex->doc->sentences, TgSentence, s);
}

static guint
sent_first (const Ex *ex, guint s)
{
  return sentence (ex, s)->first;
}

static guint
sent_end (const Ex *ex, guint s)
{
  return sentence (ex, s)->first + sentence (ex, s)->n_tokens;
}

/* A mention that can hold a stance: a person, government or organisation with
 * a party (places and media have none). */
static gboolean
has_party (const TgEntity *e)
{
  return e->party != NULL && e->type != TG_ENTITY_LOC;
}

/* The entity starting at token @i, or -1. */
static gint
entity_at (const Ex *ex, guint i)
{
  gint e = ex->ent[i];
  return e >= 0 && entity (ex, e)->first == i ? e : -1;
}

static guint
entity_end (const Ex *ex, gint e)
{
  return entity (ex, e)->first + entity (ex, e)->n_tokens;
}

/* Makes mention @e, in the author's own text, the holder. */
static void
author_holder (const Ex *ex, gint e, Holder *out)
{
  out->entity = e;
  out->party = entity (ex, e)->party;
  out->how = TG_HOLDER_AUTHOR;
  out->end = entity_end (ex, e);
}

/* Double quotation marks: 1 opening, 2 closing, 3 either (straight). */
static gint
quote_kind (const char *s, gsize len)
{
  static const char *const opening[] = { "\xE2\x80\x9C", "\xE2\x80\x9E", "\xC2\xAB", "``" };   /* “ „ « `` */
  static const char *const closing[] = { "\xE2\x80\x9D", "\xC2\xBB", "''" };                   /* ” » '' */
  for (gsize k = 0; k < G_N_ELEMENTS (opening); k++)
    if (len == strlen (opening[k]) && memcmp (s, opening[k], len) == 0)
      return 1;
  for (gsize k = 0; k < G_N_ELEMENTS (closing); k++)
    if (len == strlen (closing[k]) && memcmp (s, closing[k], len) == 0)
      return 2;
  if (len == 1 && s[0] == '"')
    return 3;
  return 0;
}

/* Punctuation that ends a clause for modifiers and holders: , ; : . ! ? ( ) and
 * dashes. */
static gboolean
is_clause_punct (const char *f)
{
  static const char *const marks[] = { ",", ";", ":", ".", "!", "?", "(", ")", "-", "--",
                                       "\xE2\x80\x93", "\xE2\x80\x94", "..." };
  for (gsize k = 0; k < G_N_ELEMENTS (marks); k++)
    if (strcmp (f, marks[k]) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
is_boundary (const Ex *ex, guint i)
{
  return ex->punct[i] || ex->quote_mark[i] != 0 || (ex->mod_in[i] & (MOD_CONTRAST | MOD_CLAUSE)) != 0;
}

/* Bits that a phrase table gives for a key of stems joined by ' '. */
typedef guint64 (*PhraseBits) (const Ex *ex, const char *key);

/* The modifier kinds (with MOD_PREFIX) of a phrase key, 0 if none. */
static ModKind
lookup_modifier (const TgStanceLexicon *lex, const char *key)
{
  const ModKind *bits = g_hash_table_lookup (lex->modifiers, key);
  return bits != NULL ? *bits : 0;
}

static guint64
modifier_bits (const Ex *ex, const char *key)
{
  return lookup_modifier (ex->lex, key);
}

static guint64
context_bits (const Ex *ex, const char *key)
{
  return tg_lexicon_context (ex->names, key);
}

/* Longest phrase starting at @i within its sentence whose bits include one of
 * @wanted; those bits, and its length in @len (0 if none). @bits are the
 * one-word key's, already known per token; a key with @prefix_bit starts a
 * longer phrase, whose keys are built and looked up with @bits_of. */
static guint64
longest_phrase (const Ex *ex, guint i, guint64 bits, PhraseBits bits_of, guint64 prefix_bit, guint64 wanted,
                guint *len)
{
  guint64 best = bits & wanted;
  *len = best != 0 ? 1 : 0;
  if ((bits & prefix_bit) == 0)
    return best;
  guint end = sent_end (ex, ex->sent[i]);
  GString *key = g_string_assign (ex->key, stem (ex, i));
  for (guint j = i + 1; j < end && (bits & prefix_bit) != 0; j++)
    {
      g_string_append_c (key, ' ');
      g_string_append (key, stem (ex, j));
      bits = bits_of (ex, key->str);
      if ((bits & wanted) != 0)
        {
          best = bits & wanted;
          *len = j - i + 1;
        }
    }
  return best;
}

/* Longest modifier phrase starting at @i within its sentence; its kinds, and
 * its length in @len. */
static ModKind
modifier_at (const Ex *ex, guint i, guint *len)
{
  return longest_phrase (ex, i, facts (ex, i)->mod_bits, modifier_bits, MOD_PREFIX, ~MOD_PREFIX, len);
}

/* The kinds of the one-token phrase at @i (a shorter phrase inside a longer
 * one keeps its own kinds in mod_in). */
static ModKind
modifier_word (const Ex *ex, guint i)
{
  return facts (ex, i)->mod_bits & ~MOD_PREFIX;
}

/* Roles (TgContextRole) of the longest context phrase of @names starting at @i
 * with one of @wanted; its length in @len; 0 if none. */
static guint
context_at (const Ex *ex, guint i, guint wanted, guint *len)
{
  return (guint) longest_phrase (ex, i, ex->view->stem_roles[i], context_bits, TG_CTX_PREFIX, wanted, len);
}

/* Whether a context phrase with one of @wanted roles ends just before @i (up to
 * three tokens long, within the sentence). */
static gboolean
context_ends_before (const Ex *ex, guint i, guint wanted)
{
  guint start = sent_first (ex, ex->sent[i]);
  if (i <= start)
    return FALSE;
  if ((ex->view->stem_roles[i - 1] & wanted) != 0)
    return TRUE;
  GString *key = g_string_assign (ex->key, stem (ex, i - 1));
  for (guint k = 2; k <= 3 && i >= start + k; k++)
    {
      g_string_prepend_c (key, ' ');
      g_string_prepend (key, stem (ex, i - k));
      if ((context_bits (ex, key->str) & wanted) != 0)
        return TRUE;
    }
  return FALSE;
}

/* A speech verb starting at @i (context.tsv's, or modifiers.tsv's own kind
 * speech_verb); its length in @len. */
static gboolean
speech_verb_at (const Ex *ex, guint i, guint *len)
{
  if (context_at (ex, i, TG_CTX_SPEECH_VERB, len) != 0)
    return TRUE;
  if (ex->mod_start[i] & MOD_SPEECH)
    {
      *len = ex->mod_len[i];
      return TRUE;
    }
  return FALSE;
}

/* Dashes: - -- – — */
static gboolean
is_dash (const char *f)
{
  return strcmp (f, "-") == 0 || strcmp (f, "--") == 0 || strcmp (f, "\xE2\x80\x93") == 0
         || strcmp (f, "\xE2\x80\x94") == 0;
}

struct _TgStanceMemo {
  const TgStanceLexicon *lex;   /* the facts below are this lexicon's */
  guint generation;             /* ... about the forms of this generation of token views */
  GArray *facts;                /* of WordFacts, indexed by form id */
  GArray *known;                /* of gboolean, indexed by form id */
};

TgStanceMemo *
tg_stance_memo_new (void)
{
  TgStanceMemo *memo = g_new0 (TgStanceMemo, 1);
  memo->facts = g_array_new (FALSE, TRUE, sizeof (WordFacts));
  memo->known = g_array_new (FALSE, TRUE, sizeof (gboolean));
  return memo;
}

void
tg_stance_memo_free (TgStanceMemo *memo)
{
  if (memo == NULL)
    return;
  g_array_unref (memo->facts);
  g_array_unref (memo->known);
  g_free (memo);
}

/* What the stance lexicon and the punctuation tests say about token @i's form. */
static void
word_facts_of (const Ex *ex, guint i, WordFacts *wf)
{
  const TgToken *t = tg_document_token (ex->doc, i);
  memset (wf, 0, sizeof *wf);
  wf->mod_bits = lookup_modifier (ex->lex, stem (ex, i));
  wf->mod_second = g_hash_table_contains (ex->lex->second_words, stem (ex, i));
  wf->punct = is_clause_punct (folded (ex, i));
  wf->quote_mark = quote_kind (ex->doc->text + t->start, t->end - t->start);
  wf->dash = is_dash (folded (ex, i));
  const char *f = folded (ex, i);
  wf->mark = f[0] != '\0' && f[1] == '\0' && g_ascii_isprint (f[0]) ? f[0] : 0;
  const char *last_dash = strrchr (f, '-');
  wf->inner_dash = last_dash != NULL && last_dash != f && last_dash[1] != '\0';
  for (guint d = 0; d < TG_N_DIMS; d++)
    {
      wf->cues[d][0] = g_hash_table_lookup (ex->lex->first[d], stem (ex, i));
      wf->cues[d][1] = g_hash_table_lookup (ex->lex->first_form[d], folded (ex, i));
    }
}

/* Points each token at its form's facts: the memo's for a form the token views
 * cached (computed the first time the thread sees it), this document's own for
 * the others. */
static void
word_facts_compute (Ex *ex)
{
  TgStanceMemo *memo = ex->memo;
  const guint *ids = ex->view->form_ids;
  if (memo->lex != ex->lex || memo->generation != ex->view->generation)
    {
      g_array_set_size (memo->facts, 0);
      g_array_set_size (memo->known, 0);
      memo->lex = ex->lex;
      memo->generation = ex->view->generation;
    }
  ex->own_facts = g_array_new (FALSE, TRUE, sizeof (WordFacts));
  ex->facts = g_new0 (const WordFacts *, ex->n + 1);
  /* First fill the arrays, then take addresses: they may move while growing. */
  for (guint i = 0; i < ex->n; i++)
    {
      WordFacts wf;
      if (ids[i] == TG_TOKVIEW_NO_ID)
        {
          word_facts_of (ex, i, &wf);
          g_array_append_val (ex->own_facts, wf);
          continue;
        }
      if (ids[i] >= memo->known->len)
        {
          g_array_set_size (memo->facts, ids[i] + 1);
          g_array_set_size (memo->known, ids[i] + 1);
        }
      if (!g_array_index (memo->known, gboolean, ids[i]))
        {
          word_facts_of (ex, i, &g_array_index (memo->facts, WordFacts, ids[i]));
          g_array_index (memo->known, gboolean, ids[i]) = TRUE;
        }
    }
  /* The slot after the last token, which loops may read: no form. */
  WordFacts none = { 0 };
  g_array_append_val (ex->own_facts, none);
  for (guint i = 0, own = 0; i <= ex->n; i++)
    ex->facts[i] = i < ex->n && ids[i] != TG_TOKVIEW_NO_ID
                     ? &g_array_index (memo->facts, WordFacts, ids[i])
                     : &g_array_index (ex->own_facts, WordFacts, own++);
}

static void
ex_init (Ex *ex, const TgStanceLexicon *lex, const TgLexicon *names, const TgStanceParams *params,
         const TgTokView *view, TgStanceMemo *memo, const TgDocument *doc)
{
  guint n = doc->tokens->len;
  ex->lex = lex;
  ex->names = names;
  ex->params = params;
  ex->doc = doc;
  ex->stemmer = view->stemmer;
  ex->n = n;
  ex->view = view;
  ex->memo = memo;
  ex->key = g_string_sized_new (64);
  ex->folded = view->folded;
  ex->stems = view->stems;
  ex->sent = g_new0 (guint, n + 1);
  ex->ent = g_new (gint, n + 1);
  ex->mod_start = g_new0 (ModKind, n + 1);
  ex->mod_len = g_new0 (guint, n + 1);
  ex->mod_in = g_new0 (ModKind, n + 1);
  ex->punct = g_new0 (gboolean, n + 1);
  ex->quote_mark = g_new0 (gint, n + 1);
  ex->in_quote = g_new (gint, n + 1);
  ex->paren = g_new0 (gboolean, n + 1);
  ex->para_start = g_new0 (gboolean, doc->sentences->len + 1);
  ex->quotes = g_array_new (FALSE, TRUE, sizeof (Quote));
  ex->salient = g_new0 (const char *, doc->sentences->len + 1);
  ex->salient_ent = g_new (gint, doc->sentences->len + 1);
  ex->hits = g_array_new (FALSE, TRUE, sizeof (TgCueHit));
  word_facts_compute (ex);
  for (guint i = 0; i < n; i++)
    {
      ex->ent[i] = -1;
      ex->in_quote[i] = -1;
      ex->punct[i] = facts (ex, i)->punct;
      ex->quote_mark[i] = facts (ex, i)->quote_mark;
    }
  for (guint s = 0; s < doc->sentences->len; s++)
    {
      for (guint i = sent_first (ex, s); i < sent_end (ex, s); i++)
        ex->sent[i] = s;
      ex->salient_ent[s] = -1;
      /* A blank line between two sentences starts a paragraph (raw text only:
       * CoNLL input joins sentences with single newlines). */
      if (s > 0)
        {
          gsize from = tg_document_token (doc, sent_end (ex, s - 1) - 1)->end;
          gsize to = tg_document_token (doc, sent_first (ex, s))->start;
          guint newlines = 0;
          for (gsize b = from; b < to; b++)
            newlines += doc->text[b] == '\n';
          ex->para_start[s] = newlines >= 2;
        }
    }
  for (guint e = 0; e < doc->entities->len; e++)
    {
      const TgEntity *m = &g_array_index (doc->entities, TgEntity, e);
      for (guint k = m->first; k < m->first + m->n_tokens && k < n; k++)
        ex->ent[k] = (gint) e;
    }
  /* mod_start/mod_len: the longest phrases, not overlapping; mod_in: the kinds
   * of every phrase covering a token ("only if" is a condition, and its "if"
   * still a preposition). */
  for (guint i = 0, next = 0; i < n; i++)
    {
      /* Most words start no phrase of two words or more: their own kinds. */
      ModKind own = facts (ex, i)->mod_bits;
      if (own == 0)
        continue;
      /* A longer phrase needs a word that can come second after this one. */
      gboolean longer = (own & MOD_PREFIX) != 0 && i + 1 < n && facts (ex, i + 1)->mod_second;
      guint len = 1;
      ModKind kinds = longer ? modifier_at (ex, i, &len) : own & ~MOD_PREFIX;
      if (kinds == 0)
        continue;
      for (guint k = i; k < i + len; k++)
        ex->mod_in[k] |= kinds | modifier_word (ex, k);
      if (i < next)
        continue;
      ex->mod_start[i] = kinds;
      ex->mod_len[i] = len;
      next = i + len;
    }
}

/* The dash that ends the dateline opening sentence @s ("RIMBO , Sweden , Dec.
 * 13 ( Gulf Ledger ) –"), or G_MAXUINT: a dash within the first
 * TG_DATELINE_TOKENS tokens, right after a closing parenthesis (the
 * agency) or in a sentence whose first word is written in capitals. */
static guint
dateline_end (const Ex *ex, guint s)
{
  guint first = sent_first (ex, s), end = sent_end (ex, s);
  const TgToken *t = tg_document_token (ex->doc, first);
  gboolean caps = t->end - t->start > 1 && ex->view->cases[first] == TG_CASE_UPPER;
  for (guint i = first + 1; i < end && i <= first + TG_DATELINE_TOKENS; i++)
    if (facts (ex, i)->dash)
      return caps || facts (ex, i - 1)->mark == ')' ? i : G_MAXUINT;
  return G_MAXUINT;
}

/* Marks "( ... )" and ", which ... ," (up to the next comma or the sentence end)
 * as parenthetical: names there are not the sentence's subject. So is a
 * dateline. */
static void
mark_parentheticals (Ex *ex)
{
  for (guint s = 0; s < ex->doc->sentences->len; s++)
    {
      guint end = sent_end (ex, s);
      guint dateline = dateline_end (ex, s);
      for (guint i = sent_first (ex, s); dateline != G_MAXUINT && i <= dateline; i++)
        ex->paren[i] = TRUE;
      for (guint i = sent_first (ex, s); i < end; i++)
        {
          if (facts (ex, i)->mark == '(')
            {
              guint k = i + 1;
              while (k < end && facts (ex, k)->mark != ')')
                ex->paren[k++] = TRUE;
              i = k;
            }
          else if (facts (ex, i)->mark == ',' && i + 1 < end && (ex->mod_start[i + 1] & MOD_RELATIVE))
            {
              guint k = i + 1;
              while (k < end && facts (ex, k)->mark != ',' && ex->quote_mark[k] == 0)
                ex->paren[k++] = TRUE;
              i = k - 1;
            }
        }
    }
}

/* ===== quotes ============================================================= */

static void
add_quote (Ex *ex, guint open, guint close)
{
  Quote q = { 0 };
  q.open = open;
  q.close = close;
  q.speaker = -1;
  g_array_append_val (ex->quotes, q);
  for (guint k = open; k <= close && k < ex->n; k++)
    ex->in_quote[k] = (gint) ex->quotes->len - 1;
}

/* Pairs the quotation marks. A quote still open at a paragraph break or at the
 * end of the document closes at the end of the sentence before. */
static void
find_quotes (Ex *ex)
{
  gint open = -1;
  for (guint i = 0; i < ex->n; i++)
    {
      guint s = ex->sent[i];
      if (open >= 0 && i == sent_first (ex, s) && ex->para_start[s])
        {
          add_quote (ex, (guint) open, i - 1);
          open = -1;
        }
      switch (ex->quote_mark[i])
        {
        case 1:
          if (open >= 0)
            add_quote (ex, (guint) open, i - 1);
          open = (gint) i;
          break;
        case 2:
          if (open >= 0)
            add_quote (ex, (guint) open, i);
          open = -1;
          break;
        case 3:
          if (open >= 0)
            {
              add_quote (ex, (guint) open, i);
              open = -1;
            }
          else
            open = (gint) i;
          break;
        default:
          break;
        }
    }
  if (open >= 0)
    add_quote (ex, (guint) open, sent_end (ex, ex->sent[open]) - 1);
}

static gboolean
in_speech (const Ex *ex, guint i)
{
  return ex->in_quote[i] >= 0 && QUOTE (ex, ex->in_quote[i])->speech;
}

/* Whether the @len tokens from @first are a title in the names lexicon
 * ("Foreign Minister", "President"). */
static gboolean
is_title_at (const Ex *ex, guint first, guint len)
{
  GString *key = g_string_truncate (ex->key, 0);
  for (guint t = first; t < first + len; t++)
    {
      if (key->len > 0)
        g_string_append_c (key, ' ');
      g_string_append (key, folded (ex, t));
    }
  const GPtrArray *entries = NULL;
  if (!tg_lexicon_lookup (ex->names, key->str, &entries) || entries == NULL)
    return FALSE;
  for (guint k = 0; k < entries->len; k++)
    if (((const TgLexEntry *) entries->pdata[k])->kind == TG_LEX_TITLE)
      return TRUE;
  return FALSE;
}

/* The start of the title phrase ("Secretary of State", "Foreign Minister")
 * ending just before @i, or @i when there is none. */
static guint
skip_title (const Ex *ex, guint i)
{
  guint start = sent_first (ex, ex->sent[i]);
  for (guint len = 4; len >= 1; len--)
    if (i >= start + len && is_title_at (ex, i - len, len))
      return i - len;
  return i;
}

/* Whether a verb whose subject acts follows @i (after adverbs and
 * auxiliaries): "after Russia launched", "that Hamas had agreed", "after the
 * Houthis turned down". */
static gboolean
verb_follows (const Ex *ex, guint i)
{
  guint end = sent_end (ex, ex->sent[i > 0 ? i - 1 : 0]);
  for (guint k = i, skipped = 0; k < end && skipped <= 3; skipped++)
    {
      guint len = 0;
      guint roles = context_at (ex, k, TG_CTX_ACTOR_VERB | TG_CTX_SKIP, &len);
      /* The verbs of modifiers.tsv are verbs too: "after the Houthis turned
       * down", "that Moscow announced". */
      if ((roles & TG_CTX_ACTOR_VERB) || (ex->mod_start[k] & (MOD_NEGATOR | MOD_SPEECH)))
        return TRUE;
      if (!(roles & TG_CTX_SKIP))
        return FALSE;
      k += len;
    }
  return FALSE;
}

/* The token after the coordinated group of party names that the name at
 * @first begins ("Israel and Hamas had"). */
/* Whether the comma at @k joins a list of names that ends in "and" or "or"
 * ("the United States, Saudi Arabia and Egypt"), not a phrase set off before
 * the subject ("hosted by Saudi Arabia, American negotiators tried"). */
static gboolean
comma_in_list (const Ex *ex, guint k)
{
  guint end = sent_end (ex, ex->sent[k]);
  for (guint j = k + 1; j < end; j++)
    {
      gint e = entity_at (ex, j);
      if (e >= 0)
        {
          j = entity_end (ex, e) - 1;
          continue;
        }
      if (facts (ex, j)->mark == ',' || (ex->mod_in[j] & MOD_DETERMINER))
        continue;
      return (ex->mod_start[j] & MOD_COORDINATOR) != 0;
    }
  return FALSE;
}

static guint past_title (const Ex *ex, guint i, guint end);

/* Whether a coordination continues at @k: "and", "or", or a comma in a list. */
static gboolean
coordinator_at (const Ex *ex, guint k)
{
  if (!(ex->mod_start[k] & MOD_COORDINATOR))
    return FALSE;
  return facts (ex, k)->mark != ',' || comma_in_list (ex, k);
}

static guint
group_end (const Ex *ex, guint first)
{
  guint end = sent_end (ex, ex->sent[first]);
  gint e = ex->ent[first];
  guint k = e >= 0 ? entity_end (ex, e) : first + 1;
  for (;;)
    {
      guint j = k;
      if (j >= end || !coordinator_at (ex, j))
        return k;
      while (j < end && (ex->mod_in[j] & (MOD_COORDINATOR | MOD_DETERMINER)))
        j++;
      j = past_title (ex, j, end);
      if (j >= end || entity_at (ex, j) < 0 || !has_party (entity (ex, entity_at (ex, j))))
        return k;
      k = entity_end (ex, entity_at (ex, j));
    }
}

static guint sentence_opening (const Ex *ex, guint s);

/* Whether the names starting at @first, after the comma or dash @prev and
 * closed by another one, are an apposition to a noun phrase that follows a
 * preposition or an object verb ("read out by the two foreign ministers ,
 * Sergei Lavrov and Mevlut Cavusoglu ,"): the apposition is no subject either.
 * A preposition opening the sentence ("On Monday , Lavrov , the minister ,
 * said") and a word that opens a clause ("that") do not count. */
static gboolean
is_apposition_of_object (const Ex *ex, guint first, guint prev)
{
  guint s = ex->sent[first];
  guint opening = sentence_opening (ex, s);
  if (!(facts (ex, prev)->mark == ',' || facts (ex, prev)->dash))
    return FALSE;
  guint after = group_end (ex, first);
  if (after < sent_end (ex, s) && !(ex->punct[after] || ex->quote_mark[after] != 0))
    return FALSE;
  for (guint j = prev, n = 0; j > sent_first (ex, s) && n < TG_APPOSITION_WORDS; j--, n++)
    {
      guint k = j - 1;
      if (ex->punct[k] || ex->quote_mark[k] != 0 || ex->ent[k] >= 0 || (ex->mod_in[k] & MOD_COMPLEMENTIZER))
        return FALSE;
      /* "of" joins nouns inside one phrase ("The guarantor countries of the
       * talks – Brazil , ... –"): look further back. */
      if (strcmp (folded (ex, k), "of") == 0)
        continue;
      if (k > opening && ((ex->mod_in[k] & MOD_PREPOSITION) || context_ends_before (ex, k + 1, TG_CTX_OBJECT_VERB)))
        return TRUE;
    }
  return FALSE;
}

/* Whether a name or pronoun at @first stands where a subject cannot: after a
 * preposition (unless a verb follows it: "after Russia launched"), an object
 * verb ("urged", "called on"; titles in between are skipped), an accusation
 * verb, or coordinated with a name that does. */
static gboolean
is_object_position (const Ex *ex, guint first, guint depth)
{
  guint start = sent_first (ex, ex->sent[first]);
  guint k = skip_title (ex, first);
  if (k < first && k > start + 1 && ex->ent[k - 1] < 0)
    {
      /* "told Congolese Foreign Minister X": a capitalised word before the title. */
      const TgToken *t = tg_document_token (ex->doc, k - 1);
      if (tg_norm_case (ex->doc->text + t->start, (gssize) (t->end - t->start)) == TG_CASE_CAPITAL)
        k--;
    }
  while (k > start && (ex->mod_in[k - 1] & MOD_DETERMINER))
    k--;
  /* "turned down a UN proposal": a one-word name after "a" or "an" modifies a
   * noun ("an Israeli delegation" is a name of its own). */
  if (k < first && ex->ent[first] >= 0 && entity (ex, ex->ent[first])->n_tokens == 1
      && (strcmp (folded (ex, k), "a") == 0 || strcmp (folded (ex, k), "an") == 0))
    return TRUE;
  if (k == start)
    return FALSE;
  guint prev = k - 1;
  if (ex->mod_in[prev] & MOD_ACCUSATION)
    return TRUE;
  if (context_ends_before (ex, k, TG_CTX_OBJECT_VERB))
    return TRUE;
  /* "the envoys of Sudan 's army", "a member of the Ukrainian delegation": the
   * owner of an unnamed speaker is the one who acts. */
  if (strcmp (folded (ex, prev), "of") == 0 && prev > start && (ex->mod_in[prev - 1] & MOD_UNNAMED))
    return FALSE;
  if (ex->mod_in[prev] & MOD_PREPOSITION)
    return !verb_follows (ex, group_end (ex, first));
  if ((ex->mod_in[prev] & MOD_COORDINATOR) && depth < 8 && (facts (ex, prev)->mark != ',' || comma_in_list (ex, prev)))
    {
      guint j = prev;
      while (j > start && (ex->mod_in[j - 1] & (MOD_COORDINATOR | MOD_DETERMINER)))
        j--;
      if (j > start && ex->ent[j - 1] >= 0 && has_party (entity (ex, ex->ent[j - 1])))
        return is_object_position (ex, entity (ex, ex->ent[j - 1])->first, depth + 1);
    }
  return is_apposition_of_object (ex, first, prev);
}

/* The first subject-like name with a party in [@from, @to) outside quotes and
 * parentheticals. */
static gint
first_party_subject (const Ex *ex, guint from, guint to)
{
  for (guint k = from; k < to; k++)
    {
      gint e = entity_at (ex, k);
      if (e < 0 || ex->paren[k] || in_speech (ex, k))
        continue;
      if (has_party (entity (ex, e)) && !is_object_position (ex, k, 0))
        return e;
    }
  return -1;
}

/* Resolves "the army", "the government" at @i (an anaphor_state phrase) to the
 * most recent state body named with the same head before it: "Sudan 's army",
 * "the Lebanese army", "Colombia 's government". */
/* The stems of the words for a state's government, which stand for one
 * another: "Abiy's government ... the federal authorities". */
static gboolean
is_government_word (const char *stem)
{
  static const char *const words[] = { "govern", "author", "administr", "leadership", "regim", NULL };
  return g_strv_contains (words, stem);
}

static FindResult
resolve_state (const Ex *ex, guint i, Holder *out)
{
  const char *head = stem (ex, i + ex->mod_len[i] - 1);
  gboolean government = FALSE;   /* "the federal authorities", "government drones" */
  for (guint k = i; k < i + ex->mod_len[i]; k++)
    government |= is_government_word (stem (ex, k));
  for (guint k = i; k-- > 0;)
    {
      gint e = entity_at (ex, k);
      if (e < 0 || !has_party (entity (ex, e)))
        continue;
      guint last = entity_end (ex, e) - 1, next = last + 1;
      gboolean owner = next < ex->n && strcmp (folded (ex, next), "'s") == 0;
      if (owner)
        next++;
      if (entity (ex, e)->type != TG_ENTITY_GOV && !(owner && entity (ex, e)->type == TG_ENTITY_PER))
        continue;   /* a state body, or a leader's ("Abiy's government") */
      if (strcmp (stem (ex, last), head) == 0 || (next < ex->n && strcmp (stem (ex, next), head) == 0)
          || (government && (is_government_word (stem (ex, last)) || (next < ex->n && is_government_word (stem (ex, next))))))
        {
          out->entity = e;
          out->party = entity (ex, e)->party;
          out->how = ex->sent[k] == ex->sent[i] ? TG_HOLDER_AUTHOR : TG_HOLDER_CARRY;
          out->end = i + ex->mod_len[i];
          return FIND_FOUND;
        }
    }
  return FIND_NONE;
}

/* Resolves the pronoun at @i: he/she to the most recent person outside quotes
 * (back to the sentence before @anchor: the pronoun's own sentence, or where
 * the quote it attributes opens), it/they to the first subject earlier in the
 * sentence, else the previous sentence's salient party. */
static FindResult
resolve_pronoun (const Ex *ex, guint i, guint anchor, Holder *out)
{
  guint s = ex->sent[i];
  if (ex->mod_start[i] & MOD_PRONOUN_PERSON)
    {
      /* Back to three sentences before @anchor: "he said" after a sentence
       * whose own "he" continues the same person. */
      guint floor = anchor > TG_STANCE_PRONOUN_SENTENCES ? sent_first (ex, anchor - TG_STANCE_PRONOUN_SENTENCES) : 0;
      /* A person in subject position first ("X told Y that ..., but his office
       * said": X), then any person. */
      gint subject = -1, any = -1;
      for (guint k = i; k-- > floor && subject < 0;)
        {
          gint e = ex->ent[k];
          if (e < 0 || ex->in_quote[k] >= 0 || entity (ex, e)->type != TG_ENTITY_PER || entity_at (ex, k) < 0)
            continue;
          if (any < 0)
            any = e;
          if (!is_object_position (ex, k, 0))
            subject = e;
        }
      gint chosen = subject >= 0 ? subject : any;
      for (guint k = chosen >= 0 ? entity (ex, chosen)->first + 1 : floor; k-- > floor;)
        {
          gint e = ex->ent[k];
          if (e != chosen)
            continue;
          if (entity (ex, e)->party == NULL)
            return FIND_BLOCKED;
          out->entity = e;
          out->party = entity (ex, e)->party;
          out->how = ex->sent[k] == s ? TG_HOLDER_AUTHOR : TG_HOLDER_CARRY;
          out->end = i + ex->mod_len[i];
          return FIND_FOUND;
        }
      return FIND_NONE;
    }
  if (ex->mod_start[i] & MOD_ANAPHOR_STATE)
    return resolve_state (ex, i, out);
  if (ex->mod_start[i] & MOD_ANAPHOR_GROUP)
    {
      /* "the rebels", "the group", "the rebel command": the most recent
       * organisation with a party named before it (a definite description
       * reaches further back than a pronoun, and a name inside a quote is a
       * name all the same). */
      (void) anchor;
      for (guint k = i; k-- > 0;)
        {
          gint e = entity_at (ex, k);
          if (e < 0 || entity (ex, e)->type != TG_ENTITY_ORG || !has_party (entity (ex, e)))
            continue;
          out->entity = e;
          out->party = entity (ex, e)->party;
          out->how = ex->sent[k] == s ? TG_HOLDER_AUTHOR : TG_HOLDER_CARRY;
          out->end = i + ex->mod_len[i];
          return FIND_FOUND;
        }
      return FIND_NONE;
    }
  /* "...," it said: when the pronoun attributes a quote that opened in an
   * earlier sentence (@anchor), its party is named before the quote, not in it. */
  gint e = anchor < s ? -1 : first_party_subject (ex, sent_first (ex, s), i);
  if (e >= 0)
    {
      out->entity = e;
      out->party = entity (ex, e)->party;
      out->how = TG_HOLDER_AUTHOR;
      out->end = i + ex->mod_len[i];
      return FIND_FOUND;
    }
  guint before = MIN (s, anchor);
  if (before > 0 && ex->salient[before - 1] != NULL)
    {
      out->entity = ex->salient_ent[before - 1];
      out->party = ex->salient[before - 1];
      out->how = TG_HOLDER_CARRY;
      out->end = i + ex->mod_len[i];
      return FIND_FOUND;
    }
  return FIND_NONE;
}

static FindResult resolve_state (const Ex *ex, guint i, Holder *out);

/* The party of the demonym at token @j ("Israeli", "Syrian"), or NULL. */
static const char *
demonym_party (const Ex *ex, guint j)
{
  const GPtrArray *entries = NULL;
  if (ex->ent[j] >= 0 || !tg_lexicon_lookup (ex->names, folded (ex, j), &entries) || entries == NULL)
    return NULL;
  for (guint n = 0; n < entries->len; n++)
    {
      const TgLexEntry *entry = entries->pdata[n];
      if (entry->kind == TG_LEX_DEMONYM && entry->party != NULL)
        return tg_lexicon_party_intern (ex->names, entry->party);
    }
  return NULL;
}

/* An unnamed speaker word in [@from, @to) with the demonym of a party at most
 * three words before it ("a Syrian military source", "an Israeli official",
 * "a Ukrainian delegate") or a state body named before ("the army spokesman").
 * The holder is that party. */
static gboolean
unnamed_with_demonym (const Ex *ex, guint from, guint to, Holder *out)
{
  for (guint k = from; k < to; k++)
    {
      if (!(ex->mod_in[k] & MOD_UNNAMED) || ex->ent[k] >= 0)
        continue;
      for (guint j = k; j > from && j + 3 >= k;)
        {
          j--;
          if (ex->punct[j] || ex->quote_mark[j] != 0)
            break;
          if ((ex->mod_start[j] & MOD_ANAPHOR_STATE) && resolve_state (ex, j, out) == FIND_FOUND)
            {
              out->how = TG_HOLDER_UNNAMED;
              out->end = k + 1;
              return TRUE;
            }
          const char *party = demonym_party (ex, j);
          if (party == NULL)
            continue;
          out->entity = -1;
          out->party = party;
          out->how = TG_HOLDER_UNNAMED;
          out->end = k + 1;
          return TRUE;
        }
    }
  return FALSE;
}

/* The speaker in the attribution tokens [@from, @to) of a quote: the last (or,
 * with @first_wins, the first) name with a party; else a pronoun; else, when no
 * named person is there (who would be someone without a party: an analyst),
 * an unnamed speaker ("a spokesman") of the party in focus. */
static FindResult
speaker_in (const Ex *ex, guint from, guint to, gboolean first_wins, guint anchor, Holder *out)
{
  gint found = -1;
  gboolean named_person = FALSE;
  for (guint k = from; k < to; k++)
    {
      gint e = entity_at (ex, k);
      if (e < 0)
        continue;
      if (has_party (entity (ex, e)))
        {
          if (found < 0 || !first_wins)
            found = e;
        }
      else if (entity (ex, e)->type == TG_ENTITY_PER)
        named_person = TRUE;
    }
  if (found >= 0)
    {
      out->entity = found;
      out->party = entity (ex, found)->party;
      out->how = TG_HOLDER_QUOTE;
      out->end = entity_end (ex, found);
      return FIND_FOUND;
    }
  /* "said Brig. Gen. Nabil Abdallah , the army spokesman": a person the
   * lexicons do not know, described as the spokesman of a party. */
  if (unnamed_with_demonym (ex, from, to, out))
    return FIND_FOUND;
  if (named_person)
    return FIND_BLOCKED;
  for (guint k = from; k < to; k++)
    if (ex->mod_start[k] & (MOD_PRONOUN_PERSON | MOD_PRONOUN_GROUP | MOD_ANAPHOR_GROUP | MOD_ANAPHOR_STATE))
      {
        FindResult r = resolve_pronoun (ex, k, anchor, out);
        if (r == FIND_FOUND)
          out->how = TG_HOLDER_QUOTE;
        return r;
      }
  for (guint k = from; k < to; k++)
    if (ex->mod_in[k] & MOD_UNNAMED)
      {
        guint s = ex->sent[from];
        gint e = first_party_subject (ex, sent_first (ex, s), from);
        if (e >= 0)
          {
            out->entity = e;
            out->party = entity (ex, e)->party;
          }
        else if (s > 0 && ex->salient[s - 1] != NULL)
          {
            out->entity = ex->salient_ent[s - 1];
            out->party = ex->salient[s - 1];
          }
        else
          return FIND_NONE;
        out->how = TG_HOLDER_UNNAMED;
        out->end = to;
        return FIND_FOUND;
      }
  return FIND_NONE;
}

/* A speech verb in [@from, @to) (the first, or with @last the last one): its
 * start in @verb and length in @len. */
static gboolean
find_speech_verb (const Ex *ex, guint from, guint to, gboolean last, guint *verb, guint *len)
{
  gboolean found = FALSE;
  for (guint k = from; k < to; k++)
    {
      guint l = 0;
      if (speech_verb_at (ex, k, &l) && k + l <= to)
        {
          *verb = k;
          *len = l;
          found = TRUE;
          if (!last)
            return TRUE;
        }
    }
  return found;
}

/* Whether a token in [@from, @to) lies in a modifier of one of @kinds. */
static gboolean
has_kind (const Ex *ex, guint from, guint to, ModKind kinds)
{
  for (guint k = from; k < to; k++)
    if (ex->mod_in[k] & kinds)
      return TRUE;
  return FALSE;
}

/* Attributes quote @q: a speech verb after its closing mark in the closing
 * sentence, or before its opening mark in the opening sentence. Returns FALSE
 * when neither is there. */
static gboolean
attribute_quote (Ex *ex, guint q)
{
  Quote *quote = QUOTE (ex, q);
  guint window = ex->params->attribution_window;
  Holder h = { -1, NULL, TG_HOLDER_QUOTE, 0 };
  /* After: "...," X said / said X / he said. */
  guint c = quote->close;
  guint end = sent_end (ex, ex->sent[c]);
  guint limit = c + 1;
  while (limit < end && ex->quote_mark[limit] == 0 && limit - c <= window)
    limit++;
  guint verb = 0, len = 0;
  /* Not past "but": in 'said Rwanda backed "every effort ..." but repeated
   * that ...', the verb after is the first speaker's again. */
  if (c + 1 < limit && find_speech_verb (ex, c + 1, limit, FALSE, &verb, &len)
      && !has_kind (ex, c + 1, verb, MOD_CONTRAST | MOD_CLAUSE))
    {
      guint anchor = ex->sent[quote->open];
      FindResult r = speaker_in (ex, c + 1, verb, FALSE, anchor, &h);
      if (r == FIND_NONE)
        {
          guint after_end = verb + len;
          while (after_end < end && ex->quote_mark[after_end] == 0)
            after_end++;
          r = speaker_in (ex, verb + len, after_end, TRUE, anchor, &h);
        }
      quote->speech = TRUE;
      if (r == FIND_FOUND)
        {
          quote->speaker = h.entity;
          quote->party = h.party;
          quote->how = h.how;
        }
      return TRUE;
    }
  /* Before: X said: "..." (the last speech verb before the mark). */
  guint o = quote->open;
  guint start = sent_first (ex, ex->sent[o]);
  guint from = o;
  while (from > start && ex->quote_mark[from - 1] == 0 && o - from < window)
    from--;
  if (from < o && find_speech_verb (ex, from, o, TRUE, &verb, &len))
    {
      FindResult r = speaker_in (ex, start, verb, FALSE, ex->sent[o], &h);
      if (r == FIND_NONE)
        r = speaker_in (ex, verb + len, o, TRUE, ex->sent[o], &h);
      quote->speech = TRUE;
      if (r == FIND_FOUND)
        {
          quote->speaker = h.entity;
          quote->party = h.party;
          quote->how = h.how;
        }
      return TRUE;
    }
  return FALSE;
}

/* Attributes quote @q; a quote that opens a sentence with no attribution of
 * its own continues the attributed quote just before it (ending in the same or
 * the previous sentence): "We will ...," X said. "And ...". */
static void
attribute_or_continue (Ex *ex, guint q)
{
  if (attribute_quote (ex, q))
    return;
  Quote *quote = QUOTE (ex, q);
  guint s = ex->sent[quote->open];
  if (q == 0 || quote->open != sent_first (ex, s))
    return;
  const Quote *prev = QUOTE (ex, q - 1);
  guint ps = ex->sent[prev->close];
  if (prev->speech && (ps == s || ps + 1 == s))
    {
      quote->speech = TRUE;
      quote->speaker = prev->speaker;
      quote->party = prev->party;
      quote->how = prev->how;
    }
}

/* ===== salient parties ==================================================== */

/* The first token of sentence @s after connectives ("But", "And", "On
 * Friday ,"). */
static guint
sentence_opening (const Ex *ex, guint s)
{
  guint i = sent_first (ex, s), end = sent_end (ex, s);
  while (i < end && (ex->mod_start[i] & (MOD_CONNECTIVE | MOD_CONTRAST)) && ex->mod_len[i] > 0)
    {
      i += ex->mod_len[i];
      if (i < end && strcmp (folded (ex, i), ",") == 0)
        i++;
    }
  return i;
}

/* Attributes the quotes and fills the salient party of each sentence, in text
 * order (a pronoun or an unnamed speaker refers back to the previous
 * sentence's party): its first subject with a party outside quotes; else the
 * speaker of a quote in it; else what its opening pronoun refers to. */
static void
attribute_and_find_salient (Ex *ex)
{
  guint q = 0;
  for (guint s = 0; s < ex->doc->sentences->len; s++)
    {
      for (; q < ex->quotes->len && ex->sent[QUOTE (ex, q)->close] <= s; q++)
        attribute_or_continue (ex, q);
      gint e = first_party_subject (ex, sent_first (ex, s), sent_end (ex, s));
      if (e >= 0)
        {
          ex->salient[s] = entity (ex, e)->party;
          ex->salient_ent[s] = e;
          continue;
        }
      for (guint k = sent_first (ex, s); k < sent_end (ex, s); k++)
        if (in_speech (ex, k) && QUOTE (ex, ex->in_quote[k])->party != NULL)
          {
            ex->salient[s] = QUOTE (ex, ex->in_quote[k])->party;
            ex->salient_ent[s] = QUOTE (ex, ex->in_quote[k])->speaker;
            break;
          }
      if (ex->salient[s] != NULL)
        continue;
      guint open = sentence_opening (ex, s);
      Holder h = { -1, NULL, TG_HOLDER_CARRY, 0 };
      if (open < sent_end (ex, s) && (ex->mod_start[open] & (MOD_PRONOUN_PERSON | MOD_PRONOUN_GROUP | MOD_ANAPHOR_GROUP | MOD_ANAPHOR_STATE))
          && resolve_pronoun (ex, open, s, &h) == FIND_FOUND)
        {
          ex->salient[s] = h.party;
          ex->salient_ent[s] = h.entity;
        }
    }
}

/* ===== holders ============================================================ */

/* The subject in [@from, @to) of the author's text: the first name with a
 * party (or pronoun) that is not in an object position or a parenthetical. A
 * person without a party there (an analyst) blocks: the cue is theirs. */
/* The passive agent "by X" at @after ("brokered by X" right after a cue, "put
 * forward by X" after a proposal). */
static gboolean
passive_agent (const Ex *ex, guint after, Holder *out)
{
  guint end = sent_end (ex, ex->sent[after > 0 ? after - 1 : 0]);
  if (after >= end || strcmp (folded (ex, after), "by") != 0)
    return FALSE;
  guint k = after + 1;
  while (k < end && (ex->mod_in[k] & MOD_DETERMINER))
    k++;
  gint e = k < end ? entity_at (ex, k) : -1;
  if (e < 0 || !has_party (entity (ex, e)))
    return FALSE;
  author_holder (ex, e, out);
  return TRUE;
}

/* The sponsor of the proposal named at @k: a party after "by" within the
 * next few words ("the plan, put forward by Egypt,", "a proposal drafted by
 * Qatar"), before @to. */
static gboolean
sponsor_of (const Ex *ex, guint k, guint to, Holder *out)
{
  for (guint j = k + 1; j < to && j <= k + 4; j++)
    if (strcmp (folded (ex, j), "by") == 0)
      return passive_agent (ex, j, out) && out->end <= to;
  return FALSE;
}

static FindResult
find_subject (const Ex *ex, guint from, guint to, Holder *out)
{
  guint opening = sentence_opening (ex, ex->sent[from]);
  for (guint k = from; k < to; k++)
    {
      if (ex->paren[k] || in_speech (ex, k))
        continue;
      /* "The foreign ministry in Port Sudan said ...", "Diplomats say ...": a
       * speaker that is no name of a party holds what follows. (A verb is in
       * lower case: "Secretary of State" is a title.) */
      guint vlen = 0;
      const TgToken *t = tg_document_token (ex->doc, k);
      if (k > opening && !ex->punct[k - 1] && ex->quote_mark[k - 1] == 0 && ex->ent[k] < 0
          && !(ex->mod_in[k - 1] & MOD_DETERMINER)   /* "the state" is no "stated" */
          && tg_norm_case (ex->doc->text + t->start, (gssize) (t->end - t->start)) == TG_CASE_LOWER
          && speech_verb_at (ex, k, &vlen))
        {
          /* "The state, he said, would not accept ...", "..., al-Alimi said,
           * ...": the speaker interjected. */
          if (ex->mod_start[k - 1] & MOD_PRONOUN_PERSON)
            return resolve_pronoun (ex, k - 1, ex->sent[k], out);
          gint speaker = entity_at (ex, k - 1);
          if (speaker >= 0 && has_party (entity (ex, speaker)))
            {
              author_holder (ex, speaker, out);
              return FIND_FOUND;
            }
          return unnamed_with_demonym (ex, from, k, out) ? FIND_FOUND : FIND_BLOCKED;
        }
      gint e = entity_at (ex, k);
      if (e >= 0)
        {
          const TgEntity *m = entity (ex, e);
          if (m->type == TG_ENTITY_LOC || is_object_position (ex, k, 0))
            continue;
          if (has_party (m))
            {
              author_holder (ex, e, out);
              return FIND_FOUND;
            }
          if (m->type == TG_ENTITY_PER)
            {
              /* "Ambassador X said Algiers wanted ...": a speaker with no party
               * reporting a party's position gives it to that party. */
              guint verb = 0, len = 0;
              guint after = entity_end (ex, e);
              if (find_speech_verb (ex, after, MIN (to, after + 2), FALSE, &verb, &len))
                for (guint j = verb + len; j < to; j++)
                  {
                    gint r = entity_at (ex, j);
                    if (r >= 0 && has_party (entity (ex, r)) && !ex->paren[j])
                      {
                        author_holder (ex, r, out);
                        return FIND_FOUND;
                      }
                  }
              return FIND_BLOCKED;
            }
          continue;
        }
      /* "The plan, put forward by the United States and Egypt, asks ...": a
       * proposal's sponsors hold what it asks. */
      if ((ex->mod_start[k] & MOD_AGREEMENT) && sponsor_of (ex, k, to, out))
        return FIND_FOUND;
      /* "Israeli jets kept up strikes": a side's force, unnamed, acts for it,
       * also when the force begins the cue ("Turkish drones struck"). */
      if (k + 1 <= to && k + 1 < ex->n && (ex->mod_start[k + 1] & MOD_FORCE) && !is_object_position (ex, k, 0))
        {
          const char *party = demonym_party (ex, k);
          if (party != NULL)
            {
              out->entity = -1;
              out->party = party;
              out->how = TG_HOLDER_AUTHOR;
              out->end = k + 1 + ex->mod_len[k + 1];
              return FIND_FOUND;
            }
        }
      if ((ex->mod_start[k] & (MOD_PRONOUN_PERSON | MOD_PRONOUN_GROUP | MOD_ANAPHOR_GROUP | MOD_ANAPHOR_STATE)) && !is_object_position (ex, k, 0))
        return resolve_pronoun (ex, k, ex->sent[k], out);
    }
  return FIND_NONE;
}

/* The start of the clause holding token @i: after the last ";", "while" or
 * contrast word before it in the sentence (outside quotes). */
static guint
clause_start (const Ex *ex, guint i)
{
  guint start = sent_first (ex, ex->sent[i]);
  for (guint k = i; k > start; k--)
    if ((ex->mod_in[k - 1] & (MOD_CONTRAST | MOD_CLAUSE)) && !in_speech (ex, k - 1))
      return k;
  return start;
}

/* The holder of a cue inside a relative clause ", who / which ...": the
 * clause's own subject when a name follows the pronoun ("the lull , which Kyiv
 * endorsed"), else the name the clause is attached to ("Hakan Fidan , Turkey 's
 * foreign minister , who told both delegations that a lull ..."; "The UN
 * mission , which monitored the truce"), at most four words before the comma
 * and not itself an object ("a consensus agreed with Brazil , which calls for
 * ...": the consensus, not Brazil). */
static gboolean
relative_holder (const Ex *ex, guint first, Holder *out)
{
  guint start = sent_first (ex, ex->sent[first]);
  if (!ex->paren[first])
    return FALSE;
  guint k = first;
  while (k > start && ex->paren[k - 1])
    k--;
  if (k < start + 2 || strcmp (folded (ex, k - 1), ",") != 0 || !(ex->mod_start[k] & MOD_RELATIVE))
    return FALSE;
  gint e = -1;
  guint after = k + ex->mod_len[k];
  if (after < first && entity_at (ex, after) >= 0)
    e = has_party (entity (ex, entity_at (ex, after))) ? entity_at (ex, after) : -1;
  else
    for (guint j = k - 1; j > start && j + 5 > k && e < 0; j--)
      {
        /* "who" names its person wherever that person stands; "which" is
         * said of a thing, and a name in an object position is no thing's
         * owner. */
        gint c = ex->ent[j - 1];
        if (c >= 0 && has_party (entity (ex, c)) && !ex->paren[j - 1] && !in_speech (ex, j - 1)
            && (g_str_has_prefix (folded (ex, k), "who")
                || !is_object_position (ex, entity (ex, c)->first, 0)))
          e = c;
        else if (ex->punct[j - 1] || ex->quote_mark[j - 1] != 0)
          break;
      }
  if (e < 0)
    return FALSE;
  author_holder (ex, e, out);
  return TRUE;
}

/* The speaker of reported speech after the cue: "... , the Kremlin said". The
 * cue's clause must end with a comma, and the name must stand right before the
 * speech verb (adverbs aside). */
static gboolean
reporter_after (const Ex *ex, guint after, Holder *out)
{
  guint s = ex->sent[after > 0 ? after - 1 : 0];
  guint end = sent_end (ex, s);
  guint comma = after;
  while (comma < end && !ex->punct[comma] && ex->quote_mark[comma] == 0)
    comma++;
  if (comma >= end || strcmp (folded (ex, comma), ",") != 0)
    return FALSE;
  guint verb = 0, len = 0;
  if (!find_speech_verb (ex, comma + 1, end, FALSE, &verb, &len))
    return FALSE;
  gint e = -1;
  for (guint k = comma + 1; k < verb; k++)
    if (entity_at (ex, k) >= 0)
      e = entity_at (ex, k);
  /* "..., he said.": the pronoun's person. */
  if (e < 0 && verb == comma + 2 && (ex->mod_start[comma + 1] & (MOD_PRONOUN_PERSON | MOD_PRONOUN_GROUP)))
    return resolve_pronoun (ex, comma + 1, s, out) == FIND_FOUND;
  if (e < 0 || !has_party (entity (ex, e)) || entity_end (ex, e) + 1 < verb)
    return FALSE;
  author_holder (ex, e, out);
  return TRUE;
}

/* The token after a title that starts at @i, with the demonym before it
 * ("Azerbaijani President", "Foreign Minister"); @i if there is none. */
static guint
past_title (const Ex *ex, guint i, guint end)
{
  guint j = i;
  if (j < end && ex->ent[j] < 0 && demonym_party (ex, j) != NULL)
    j++;
  for (guint len = 4; len >= 1; len--)
    if (j + len <= end && ex->ent[j] < 0 && is_title_at (ex, j, len))
      return j + len;
  return i;
}

/* Parties coordinated with the holder mention @e: "X and Y", "X, Y and Z". */
static void
coordinated (const Ex *ex, gint e, GArray *group)
{
  g_array_append_val (group, e);
  guint s = entity (ex, e)->sentence;
  guint end = sent_end (ex, s);
  guint k = entity_end (ex, e);
  for (;;)
    {
      if (k < end && strcmp (folded (ex, k), "(") == 0)
        {
          while (k < end && strcmp (folded (ex, k), ")") != 0)
            k++;
          k++;
        }
      /* The head of the name's noun phrase: "Yemen 's government and the
       * Houthi movement", up to two lower-case words before the coordinator. */
      guint head = k;
      if (head < end && strcmp (folded (ex, head), "'s") == 0)
        head++;
      for (guint n = 0; n < 2 && head < end && ex->ent[head] < 0 && !ex->punct[head]
                        && ex->quote_mark[head] == 0 && ex->mod_start[head] == 0
                        && tg_document_token (ex->doc, head)->end > tg_document_token (ex->doc, head)->start
                        && g_ascii_islower (ex->doc->text[tg_document_token (ex->doc, head)->start]);
           n++)
        head++;
      if (head > k && head < end && (ex->mod_start[head] & MOD_COORDINATOR))
        k = head;
      if (k >= end || !coordinator_at (ex, k))
        break;
      guint j = k;
      while (j < end && (ex->mod_in[j] & (MOD_COORDINATOR | MOD_DETERMINER)))
        j++;
      j = past_title (ex, j, end);
      gint next = j < end ? entity_at (ex, j) : -1;
      /* "The United States and Yemen 's Houthis": past a place's possessive. */
      if (next >= 0 && entity (ex, next)->type == TG_ENTITY_LOC && entity_end (ex, next) + 1 < end
          && strcmp (folded (ex, entity_end (ex, next)), "'s") == 0)
        next = entity_at (ex, entity_end (ex, next) + 1);
      if (next < 0 || !has_party (entity (ex, next)))
        break;
      g_array_append_val (group, next);
      k = entity_end (ex, next);
    }
}

/* The first mention of the coordination that mention @e ends or continues:
 * "the United States" for "the Houthis" in "the United States and the
 * Houthis". */
static gint
coordination_first (const Ex *ex, gint e)
{
  guint start = sent_first (ex, entity (ex, e)->sentence);
  for (guint n = 0; n < 8; n++)
    {
      guint k = entity (ex, e)->first;
      while (k > start && (ex->mod_in[k - 1] & MOD_DETERMINER) && !(ex->mod_in[k - 1] & MOD_COORDINATOR))
        k--;
      if (k == start || !(ex->mod_in[k - 1] & MOD_COORDINATOR)
          || (facts (ex, k - 1)->mark == ',' && !comma_in_list (ex, k - 1)))
        break;
      guint j = k - 1;
      while (j > start && (ex->mod_in[j - 1] & MOD_COORDINATOR))
        j--;
      gint prev = j > start ? ex->ent[j - 1] : -1;
      if (prev < 0 || !has_party (entity (ex, prev)))
        break;
      e = prev;
    }
  return e;
}

/* ===== cues =============================================================== */

/* Whether token @j matches the cue word @word: its stem, its exact folded form
 * ("=word"), or a slot (@loc: a place name; @terr: a word for land, not a name:
 * "returned to Tigray" is travel, "returned the villages" a concession). */
/* "proposed", "offering": a verb that shares its stem with an agreement noun
 * ("proposal", "offer") and is none. */
static gboolean
is_participle (const char *form)
{
  return g_str_has_suffix (form, "ed") || g_str_has_suffix (form, "ing");
}

static gboolean
word_matches (const Ex *ex, const Cue *cue, guint w, guint j)
{
  const char *word = cue->stems[w];
  switch (cue->kinds[w])
    {
    case WORD_LOC:
      return ex->ent[j] >= 0 && entity (ex, ex->ent[j])->type == TG_ENTITY_LOC;
    case WORD_TERR:
      return ex->ent[j] < 0 && (modifier_word (ex, j) & MOD_TERRITORY) != 0;
    case WORD_DEAL:
      return ex->ent[j] < 0 && (modifier_word (ex, j) & MOD_AGREEMENT) != 0 && !is_participle (folded (ex, j));
    case WORD_VIOL:
      return ex->ent[j] < 0 && (modifier_word (ex, j) & MOD_VIOLENCE) != 0;
    case WORD_DEM:
      return demonym_party (ex, j) != NULL;
    case WORD_EXACT:
      return strcmp (folded (ex, j), word + 1) == 0;
    case WORD_STEM:
    default:
      return stem (ex, j)[0] == word[0] && strcmp (stem (ex, j), word) == 0;
    }
}

/* Matches @cue at @i: its words in order within the sentence, at most cue_gap
 * tokens between two of them (slot_gap before a slot: "return to Azerbaijan four
 * abandoned villages"), no clause punctuation or quote mark in between.
 * Returns the end token (exclusive) or 0. */
static guint
match_cue (const Ex *ex, const Cue *cue, guint i, guint end, guint *words)
{
  guint pos = i + 1;
  words[0] = i;
  for (guint w = 1; w < cue->n_words; w++)
    {
      gboolean found = FALSE;
      gboolean slot = cue->kinds[w] >= WORD_LOC;
      guint gap = cue->kinds[w] == WORD_DEM ? 0 : slot ? ex->params->slot_gap : ex->params->cue_gap;
      for (guint j = pos; j < end && j <= pos + gap; j++)
        {
          /* A slot's words follow their verb directly: "returned the
           * villages", not "return to the region" nor "leaves soldiers on our
           * land" (a preposition other than "of" in between). */
          if (j > pos && slot && (ex->mod_in[j - 1] & MOD_PREPOSITION)
              && strcmp (folded (ex, j - 1), "of") != 0)
            return 0;
          if (word_matches (ex, cue, w, j))
            {
              words[w] = j;
              pos = j + 1;
              found = TRUE;
              break;
            }
          /* "ready to halt the fighting" is no "ready to fight"; "keep
           * striking market towns" is no "keep the towns". */
          if (ex->punct[j] || ex->quote_mark[j] != 0 || (ex->mod_start[j] & MOD_CESSATION)
              || (slot && cue->kinds[w] != WORD_VIOL && (ex->mod_in[j] & MOD_VIOLENCE)))
            return 0;
        }
      if (!found)
        return 0;
    }
  return pos;
}

static void
add_distance (guint *list, guint *n, guint distance)
{
  if (*n < TG_STANCE_MAX_MODIFIERS)
    list[(*n)++] = distance;
}

/* Records the modifiers of the cue at [@first, @end): negators, intensifiers
 * and hedges before it in its clause (and inside its gaps, at distance 0), the
 * nearest condition marker in the sentence, and contrast. */
/* Whether the mark at @j opens a quoted fragment inside a sentence that holds
 * the cue at @first ("to avoid \"any step taken alone\""): the words before
 * it still reach the cue. */
static gboolean
opens_fragment (const Ex *ex, guint j, guint first)
{
  gint q = ex->in_quote[j];
  if (ex->quote_mark[j] == 0 || q < 0 || ex->in_quote[first] != q
      || g_array_index (ex->quotes, Quote, q).open != j || j == sent_first (ex, ex->sent[j]))
    return FALSE;
  guint k = j - 1;
  guint len = 0;
  return !ex->punct[k] && ex->quote_mark[k] == 0 && !speech_verb_at (ex, k, &len);
}

/* The first token of "<party> 's demand for" (a call, request, proposal, offer
 * or plan) that holds the cue at @first within a few words ("Kyiv 's demand
 * for an unconditional 30-day ceasefire"); @first if there is none. */
static guint
possessed_call (const Ex *ex, guint first)
{
  static const char *const calls[] = { "demand", "demands", "call", "calls", "appeal", "request", "proposal",
                                       "offer", "plan", "push", "bid", NULL };
  guint start = sent_first (ex, ex->sent[first]);
  for (guint k = first, n = 0; k > start + 3 && n <= TG_STANCE_CALL_WORDS; k--, n++)
    {
      guint j = k - 1;
      if (ex->punct[j] || ex->quote_mark[j] != 0 || ex->ent[j] >= 0)
        return first;
      if (strcmp (folded (ex, j), "for") != 0 && strcmp (folded (ex, j), "of") != 0)
        continue;
      if (!g_strv_contains (calls, folded (ex, j - 1)) || strcmp (folded (ex, j - 2), "'s") != 0)
        return first;
      gint e = ex->ent[j - 3];
      return e >= 0 && has_party (entity (ex, e)) ? entity (ex, e)->first : first;
    }
  return first;
}

/* Whether the "no" at @j is what someone asks for or says ("asked for no more
 * unilateral steps", "said there would be no truce"): then it refuses, as a
 * negator does, rather than reporting an absence. */
static gboolean
is_called_for (const Ex *ex, guint j)
{
  guint s = ex->sent[j], len = 0, before = j;
  while (before > sent_first (ex, s) && (ex->mod_in[before - 1] & MOD_COMPLEMENTIZER))
    before--;   /* "said that no ..." */
  if (before == sent_first (ex, s))
    return FALSE;
  guint k = before - 1;
  if (strcmp (folded (ex, k), "for") == 0 || (ex->mod_in[k] & MOD_DIRECTIVE))
    return TRUE;
  for (guint b = k + 1; b-- > sent_first (ex, s) && b + 4 > k;)
    if (speech_verb_at (ex, b, &len) && b + len == before)
      return TRUE;   /* "said", "made clear" */
  return FALSE;
}

/* Whether a ";" or a clause word ("while", "but") stands in [@from, @to). */
static gboolean
has_clause_break (const Ex *ex, guint from, guint to)
{
  for (guint k = from; k < to; k++)
    if ((ex->mod_in[k] & (MOD_CLAUSE | MOD_CONTRAST)) || (ex->punct[k] && facts (ex, k)->mark == ';'))
      return TRUE;
  return FALSE;
}

static void
record_modifiers (const Ex *ex, guint first, guint end, const guint *words, guint n_words, TgCueHit *hit)
{
  guint s = ex->sent[first];
  guint start = sent_first (ex, s);
  for (guint k = first + 1, w = 1; k < end; k++)
    {
      if (w < n_words && words[w] == k)
        {
          w++;
          continue;
        }
      if (ex->mod_start[k] != 0)
        {
          if (ex->mod_start[k] & MOD_NEGATOR)
            add_distance (hit->negators, &hit->n_negators, 0);
          if (ex->mod_start[k] & MOD_NEGATOR_NP)
            add_distance (hit->np_negators, &hit->n_np_negators, 0);
          if (ex->mod_start[k] & MOD_INTENSIFIER)
            add_distance (hit->intensifiers, &hit->n_intensifiers, 0);
          if (ex->mod_start[k] & MOD_HEDGE)
            add_distance (hit->hedges, &hit->n_hedges, 0);
        }
    }
  gboolean past_subject = FALSE;
  /* "poured cold water on Kyiv's demand for a ceasefire": the verb before the
   * call governs the cue in it; scopes are measured from the call. */
  guint origin = possessed_call (ex, first);
  for (guint k = origin; k > start; k--)
    {
      guint j = k - 1;
      if (opens_fragment (ex, j, first))
        continue;
      if (is_boundary (ex, j))
        break;
      /* "will not stop until we have liberated ...": a negator before a
       * condition negates the main clause, not the condition's. */
      if ((ex->mod_in[j] & (MOD_CONDITION | MOD_SUBORDINATOR)) && !(ex->mod_in[j] & MOD_NEGATOR))
        break;
      /* A negator does not reach past a name of a party, the subject of what
       * follows ("no truce as Moscow holds out for more land"), unless it
       * negates that subject itself ("No Ukrainian government will sign away
       * ..."); a negated subject of the whole clause still does ("let nobody
       * think that Serbia will ever recognise ..."). */
      if (!past_subject && ex->ent[j] >= 0 && has_party (entity (ex, ex->ent[j]))
          && !is_object_position (ex, entity (ex, ex->ent[j])->first, 0))
        {
          guint b = entity (ex, ex->ent[j])->first;
          while (b > start && (ex->mod_in[b - 1] & MOD_DETERMINER) && !(ex->mod_in[b - 1] & MOD_NEGATOR_NP))
            b--;
          if (b > start && (ex->mod_in[b - 1] & (MOD_NEGATOR | MOD_NEGATOR_NP)))
            add_distance (hit->negators, &hit->n_negators, 0);
          past_subject = TRUE;
          k = b + 1;
          continue;
        }
      if (ex->mod_len[j] == 0)
        {
          /* Inside a longer modifier: find where it starts. */
          continue;
        }
      if (past_subject)
        {
          if (ex->mod_start[j] & MOD_NEGATOR_SUBJECT)
            add_distance (hit->negators, &hit->n_negators, 0);
          continue;
        }
      /* "did not say whether her government accepted the plan": a negator
       * before "whether" negates the asking, not what is asked ("rejected the
       * idea that the front line be frozen" does negate what follows). */
      if (ex->mod_in[j] & MOD_HYPOTHETICAL)
        {
          past_subject = TRUE;
          continue;
        }
      guint distance = origin - (j + ex->mod_len[j]);
      if (j + ex->mod_len[j] > origin)
        distance = 0;
      if (ex->mod_start[j] & MOD_NEGATOR)
        add_distance (hit->negators, &hit->n_negators, distance);
      if (ex->mod_start[j] & MOD_NEGATOR_NP)
        {
          /* "made no move to restrain its allies": the negated noun is not
           * the cue, whose act is denied ("no risk of escalation" stays a
           * noun phrase). An agreement that is absent stays one: "left without
           * any deal to stop the fighting" reports no refusal. */
          gboolean verbal = is_called_for (ex, j), agreement = FALSE;
          for (guint b = j + ex->mod_len[j]; b < first && !verbal; b++)
            {
              agreement |= (ex->mod_in[b] & MOD_AGREEMENT) != 0;
              verbal = !agreement && strcmp (folded (ex, b), "to") == 0;
            }
          if (verbal)
            add_distance (hit->negators, &hit->n_negators, distance);
          else
            add_distance (hit->np_negators, &hit->n_np_negators, distance);
        }
      if (ex->mod_start[j] & MOD_NEGATOR_SUBJECT)
        add_distance (hit->negators, &hit->n_negators, 0);
      if (ex->mod_start[j] & MOD_INTENSIFIER)
        add_distance (hit->intensifiers, &hit->n_intensifiers, distance);
      if (ex->mod_start[j] & MOD_HEDGE)
        add_distance (hit->hedges, &hit->n_hedges, distance);
    }
  /* A condition marker after the cue ("a ceasefire as soon as Ukraine
   * withdraws") ties it to terms; one before it only when the cue is in the main
   * clause that follows ("Only after X, a ceasefire", "Only once X will there be
   * a truce"), not when the cue is inside the condition itself ("keep them at
   * the table until the violence ends"). */
  /* "the withdrawal of our troops is not on the agenda": a negator after the
   * cue's noun phrase, in its clause. What is off the table is what one would
   * give up or do; a claim that is "not on the table" is not up for
   * bargaining, and stands ("our territorial integrity is not on the table"). */
  gboolean claim = hit->dimension == TG_DIM_TERRITORIAL_CLAIMS && hit->weight > 0;
  for (guint k = end, n = 0; !claim && k < sent_end (ex, s) && n < TG_STANCE_NEGATOR_AFTER_WORDS; k++, n++)
    {
      if (ex->punct[k] || (ex->mod_in[k] & (MOD_CONTRAST | MOD_CLAUSE | MOD_COMPLEMENTIZER)))
        break;
      if (ex->mod_start[k] & MOD_NEGATOR_AFTER)
        {
          add_distance (hit->negators, &hit->n_negators, 0);
          break;
        }
    }
  hit->condition = G_MAXUINT;
  guint opening = sentence_opening (ex, s);
  for (guint k = start; k < first; k++)
    if ((ex->mod_start[k] & MOD_DEFERRAL) && k + ex->mod_len[k] <= first)
      hit->condition = MIN (hit->condition, first - (k + ex->mod_len[k]));
  for (guint k = start; k < sent_end (ex, s); k++)
    if (ex->mod_start[k] & MOD_CONDITION)
      {
        guint d;
        if (k >= end && has_clause_break (ex, end, k))
          continue;   /* "accepts a truce; the army vows to fight until ..." */
        if (k >= end)
          d = k - end;
        else if (k + ex->mod_len[k] <= first)
          {
            gboolean main_clause = k == opening;
            for (guint j = k + ex->mod_len[k]; j < first && !main_clause; j++)
              main_clause = strcmp (folded (ex, j), ",") == 0;
            if (!main_clause)
              continue;
            d = first - (k + ex->mod_len[k]);
          }
        else
          d = 0;
        hit->condition = MIN (hit->condition, d);
      }
  /* "But ..." opening the sentence, or a contrast word before the cue: the cue is
   * in the clause that counts more; a contrast word after it: the one that
   * counts less. */
  gboolean after = FALSE, before = FALSE;
  for (guint k = start; k < opening; k++)
    after |= (ex->mod_in[k] & MOD_CONTRAST) != 0;
  for (guint k = opening; k < sent_end (ex, s); k++)
    if (ex->mod_start[k] & MOD_CONTRAST)
      {
        after |= k < first;
        before |= k >= end;
      }
  hit->contrast = after ? 1 : before ? -1 : 0;
}

/* is_other()'s @local when the other party is "they" in a quote: not a name,
 * and maybe not a party at all ("they are not on the bargaining table"). */
#define OTHER_PRONOUN (-2)

/* Whether the cue at @first is another party's action: the nearest party-like
 * token in [@from, @first) is a name of a party outside @group, or a word for
 * the other side ("the militia"); inside a quote also "they". "we"/"our" or a
 * name of the group itself make it the holder's own. Sets @local to the other
 * party's mention when it is a name (else -1). */
static gboolean
is_other (const Ex *ex, guint from, guint first, const GArray *parties, gboolean quoted, gint *local,
          guint *local_end)
{
  *local = -1;
  *local_end = first;
  for (guint k = first; k > from; k--)
    {
      guint j = k - 1;
      *local_end = k;
      if (ex->paren[j])
        continue;   /* "The UAE, which has arranged exchanges between Moscow and Kyiv, hosted" */
      if (ex->mod_in[j] & MOD_SELF)
        return FALSE;
      if (ex->mod_in[j] & MOD_OTHER)
        return TRUE;
      gint e = ex->ent[j];
      if (quoted && (ex->mod_in[j] & (MOD_PRONOUN_GROUP | MOD_ANAPHOR_GROUP)) && e < 0)
        {
          *local = OTHER_PRONOUN;
          return TRUE;
        }
      /* "every Israeli soldier leave the strip": a demonym of another party. */
      const char *demonym = e < 0 ? demonym_party (ex, j) : NULL;
      if (demonym != NULL)
        {
          gboolean own = FALSE;
          for (guint g = 0; g < parties->len; g++)
            own |= g_array_index (parties, const char *, g) == demonym;
          if (!own)
            return TRUE;
        }
      /* "required the rebels to pull out": a description of another armed group. */
      Holder described = { -1, NULL, TG_HOLDER_AUTHOR, 0 };
      if (!quoted && e < 0 && (ex->mod_start[j] & MOD_ANAPHOR_GROUP)
          && resolve_pronoun (ex, j, ex->sent[j], &described) == FIND_FOUND)
        {
          gboolean own = FALSE;
          for (guint g = 0; g < parties->len; g++)
            own |= g_array_index (parties, const char *, g) == described.party;
          if (!own)
            return TRUE;
        }
      if (e < 0 || !has_party (entity (ex, e)))
        continue;
      const char *party = entity (ex, e)->party;
      for (guint g = 0; g < parties->len; g++)
        if (g_array_index (parties, const char *, g) == party)
          return FALSE;
      *local = e;
      return TRUE;
    }
  return FALSE;
}

/* Whether the mention @e is the subject of reported speech: right after "that"
 * or a speech verb and followed by a verb ("said Israel and Hamas had
 * agreed"), or coordinated with such a mention. */
static gboolean
is_reported_subject (const Ex *ex, gint e, guint depth)
{
  guint first = entity (ex, e)->first;
  guint start = sent_first (ex, ex->sent[first]);
  guint k = first;
  while (k > start && (ex->mod_in[k - 1] & MOD_DETERMINER))
    k--;
  if (k == start)
    return FALSE;
  if (strcmp (folded (ex, k - 1), "that") == 0)
    return TRUE;
  /* "said Israel and Hamas had agreed", but not "told Paul Kagame by phone
   * that ...": after a speech verb the name is a subject only when a verb
   * follows its group. */
  if (context_ends_before (ex, k, TG_CTX_SPEECH_VERB) || (ex->mod_in[k - 1] & MOD_SPEECH))
    return verb_follows (ex, group_end (ex, first));
  if ((ex->mod_in[k - 1] & MOD_COORDINATOR) && depth < 8)
    {
      guint j = k - 1;
      while (j > start && (ex->mod_in[j - 1] & (MOD_COORDINATOR | MOD_DETERMINER)))
        j--;
      if (j > start && ex->ent[j - 1] >= 0 && has_party (entity (ex, ex->ent[j - 1])))
        return is_reported_subject (ex, ex->ent[j - 1], depth + 1);
    }
  return FALSE;
}

static gboolean
has_accusation (const Ex *ex, guint from, guint to)
{
  for (guint k = from; k < to; k++)
    if (ex->mod_in[k] & MOD_ACCUSATION)
      return TRUE;
  return FALSE;
}

static void
push_hit (Ex *ex, TgCueHit *hit, const Holder *holder, guint first)
{
  hit->party = holder->party;
  hit->holder = holder->entity;
  hit->how = holder->how;
  hit->distance = holder->how == TG_HOLDER_AUTHOR && holder->end <= first ? first - holder->end : 0;
  g_array_append_val (ex->hits, *hit);
}

/* Whether the mention @e is the agent of a noun before it: "by" right before
 * it (past determiners), and a noun before that ("an appeal by the UN envoy",
 * not "signed by Russia"). */
static gboolean
agent_of_call (const Ex *ex, gint e)
{
  guint start = sent_first (ex, entity (ex, e)->sentence);
  guint k = entity (ex, coordination_first (ex, e))->first;
  while (k > start && (ex->mod_in[k - 1] & MOD_DETERMINER))
    k--;
  if (k < start + 2 || strcmp (folded (ex, k - 1), "by") != 0)
    return FALSE;
  const TgToken *t = tg_document_token (ex->doc, k - 2);
  return ex->ent[k - 2] < 0 && !ex->punct[k - 2] && (ex->mod_in[k - 2] & MOD_AGREEMENT) != 0
         && t->end > t->start && g_ascii_islower (ex->doc->text[t->start]);
}

/* Keeps only the modifiers of @hit less than @distance tokens before its cue
 * (those after its holder). */
static void
keep_modifiers_within (TgCueHit *hit, guint distance)
{
  guint *lists[] = { hit->negators, hit->intensifiers, hit->hedges, hit->np_negators };
  guint *counts[] = { &hit->n_negators, &hit->n_intensifiers, &hit->n_hedges, &hit->n_np_negators };
  for (gsize l = 0; l < G_N_ELEMENTS (lists); l++)
    {
      guint kept = 0;
      for (guint k = 0; k < *counts[l]; k++)
        if (lists[l][k] < distance)
          lists[l][kept++] = lists[l][k];
      *counts[l] = kept;
    }
}

/* Whether a cessation word ("stop", "an end to") governs the cue at @first,
 * up to three words before it within its clause. */
static gboolean
ended_by_cessation (const Ex *ex, guint first)
{
  guint start = sent_first (ex, ex->sent[first]);
  gboolean act_of_war = (ex->mod_in[first] & MOD_VIOLENCE) != 0;
  for (guint k = first, n = 0; k > start && n <= 3; k--, n++)
    {
      guint j = k - 1;
      if (is_boundary (ex, j) || ex->ent[j] >= 0)
        return FALSE;
      /* "halt its strikes and urged all parties ...": a new verb after "and"
       * is not ended ("halt the shelling and raids" is). */
      if ((ex->mod_in[j] & MOD_COORDINATOR) && !act_of_war)
        return FALSE;
      /* (A cessation phrase that runs into the cue is part of it: "an end to"
       * before the cue "end to @viol".) */
      if ((ex->mod_start[j] & MOD_CESSATION) && j + ex->mod_len[j] <= first)
        return TRUE;
    }
  return FALSE;
}

/* A third party: an international body (parties-other.tsv kind "intl") or a
 * state of third-parties.tsv, which claims no land in the conflicts covered. */
static gboolean
is_third_party (const Ex *ex, const char *party)
{
  return g_strcmp0 (tg_lexicon_party_kind (ex->names, party), "intl") == 0
         || g_hash_table_contains (ex->lex->third_parties, party);
}

/* Records @hit for @holder, except that a third party holds no
 * territorial_claims (ANNOTATION.md section 4 asks whether a party presses
 * claims of its own): its call for a side to leave or hand over land ("urged
 * both capitals to pull their troops back") is a call to de-escalate,
 * ceasefire_first evidence; its other territorial cues are dropped. */
static void
push_own_hit (Ex *ex, const Cue *cue, const TgCueHit *hit, const Holder *holder, guint first)
{
  TgCueHit copy = *hit;
  if (hit->dimension == TG_DIM_TERRITORIAL_CLAIMS && is_third_party (ex, holder->party))
    {
      /* Only a call on another side: "would not recognise any annexation" is
       * no call to de-escalate. */
      gboolean leaving_land = cue->weight < 0 && cue->other > 0 && hit->other;
      if (!leaving_land || hit->needs_negation)
        return;
      copy.dimension = TG_DIM_CEASEFIRE_FIRST;
      copy.weight = cue->other;
      copy.other = FALSE;
      copy.neutral = FALSE;
    }
  push_hit (ex, &copy, holder, first);
}

static void
add_hits (Ex *ex, TgDimension dim, const Cue *cue, guint first, guint end, const guint *words,
          const GArray *holders, guint region, gboolean quoted)
{
  g_autoptr (GArray) parties = g_array_new (FALSE, FALSE, sizeof (const char *));
  for (guint h = 0; h < holders->len; h++)
    {
      const Holder *holder = &g_array_index (holders, Holder, h);
      g_array_append_val (parties, holder->party);
    }
  gint local = -1;
  guint local_end = first;
  gboolean other = is_other (ex, region, first, parties, quoted, &local, &local_end);
  double weight = other ? cue->other : cue->weight;
  /* "stop the shelling", "called on Russia to halt its offensive": ending an
   * act of war is its opposite, the holder's own call even when another party
   * is to end it. (Ending a presence on land is no concession: "end its
   * occupation" still presses a claim.) */
  if (dim == TG_DIM_CEASEFIRE_FIRST && ended_by_cessation (ex, first))
    weight = other && cue->weight > 0 ? -cue->other : -cue->weight;
  TgCueHit hit = { 0 };
  hit.dimension = dim;
  hit.sentence = ex->sent[first];
  hit.first = first;
  hit.n_tokens = end - first;
  hit.start = tg_document_token (ex->doc, first)->start;
  hit.end = tg_document_token (ex->doc, end - 1)->end;
  hit.cue = cue->text;
  hit.weight = weight;
  hit.other = other;
  hit.neutral = weight == 0.0;
  hit.quoted = quoted;
  record_modifiers (ex, first, end, words, cue->n_words, &hit);
  if (cue->negation == NEG_IGNORED)
    hit.n_negators = hit.n_np_negators = 0;
  /* "no interest in another war": a cue that only counts when negated is
   * dropped when no negator stands before it at all. */
  hit.needs_negation = cue->negation == NEG_ONLY;
  if (hit.needs_negation && hit.n_negators + hit.n_np_negators == 0)
    return;
  /* "Qatar said Israel and Hamas had agreed to extend their truce": a call for
   * or an acceptance of a ceasefire reported of a party is that party's too. */
  /* ... but not one the reporter demands of it ("told the envoy that Israel
   * had to stop its raids", "demanded that the army pull back"). */
  if (other && local >= 0 && !quoted && dim == TG_DIM_CEASEFIRE_FIRST && cue->weight > 0
      && is_reported_subject (ex, local, 0) && !has_kind (ex, entity_end (ex, local), first, MOD_NEGATOR)
      && !has_kind (ex, region, first, MOD_DIRECTIVE))
    {
      g_autoptr (GArray) group = g_array_new (FALSE, FALSE, sizeof (gint));
      coordinated (ex, coordination_first (ex, local), group);
      TgCueHit own = hit;
      own.weight = cue->weight;
      own.other = FALSE;
      for (guint g = 0; g < group->len; g++)
        {
          gint e = g_array_index (group, gint, g);
          Holder h = { e, entity (ex, e)->party, TG_HOLDER_AUTHOR, entity_end (ex, e) };
          push_own_hit (ex, cue, &own, &h, first);
        }
    }
  /* "an appeal by the UN envoy for an end to hostilities", "a proposal by
   * Egypt for a truce": the agent of the call holds it as its own. */
  if (other && local >= 0 && agent_of_call (ex, local))
    {
      gint agent = coordination_first (ex, local);
      g_autoptr (GArray) group = g_array_new (FALSE, FALSE, sizeof (gint));
      coordinated (ex, agent, group);
      TgCueHit own = hit;
      own.weight = cue->weight;
      own.other = FALSE;
      keep_modifiers_within (&own, first - entity_end (ex, local));
      for (guint g = 0; g < group->len; g++)
        {
          gint e = g_array_index (group, gint, g);
          Holder h = { e, entity (ex, e)->party, TG_HOLDER_AUTHOR, entity_end (ex, e) };
          push_own_hit (ex, cue, &own, &h, first);
        }
    }
  if (other && weight == 0.0)
    return;   /* another party's action, reported: evidence of neither side */
  /* "the parties could not agree on a ceasefire": a negated action of another
   * party says nothing of the holder's own position. */
  if (other && local != OTHER_PRONOUN && cue->negation != NEG_IGNORED
      && has_kind (ex, local_end, first, MOD_NEGATOR | MOD_NEGATOR_SUBJECT | MOD_NEGATOR_NP))
    return;
  for (guint h = 0; h < holders->len; h++)
    {
      const Holder *holder = &g_array_index (holders, Holder, h);
      gboolean seen = FALSE;
      for (guint g = 0; g < h; g++)
        seen |= g_array_index (holders, Holder, g).party == holder->party;
      if (!seen)
        push_own_hit (ex, cue, &hit, holder, first);
    }
}

/* Whether the cue at @first is no one's stance by its syntax: it dates an event
 * ("strikes since the truce took effect", "during the lull"), is asked about
 * ("did not say whether her government accepted the plan"), or has a subject
 * of its own that is no name ("disagree over who leaves Goma"). The words
 * before it are read back to the start of its clause. */
/* Whether the sentence at @start opens "Under the proposal ," / "Under the
 * deal ,": what follows lists its terms, no party's stance. */
static gboolean
states_terms (const Ex *ex, guint start)
{
  guint end = sent_end (ex, ex->sent[start]);
  if (start >= end || strcmp (folded (ex, start), "under") != 0)
    return FALSE;
  for (guint k = start + 1; k < end && k <= start + 4; k++)
    if (ex->mod_in[k] & MOD_AGREEMENT)
      return k + 1 < end && strcmp (folded (ex, k + 1), ",") == 0;
  return FALSE;
}

static gboolean
is_reference (const Ex *ex, guint first)
{
  guint start = sent_first (ex, ex->sent[first]);
  if (states_terms (ex, start) && !in_speech (ex, first))
    return TRUE;
  for (guint k = first, n = 0; k > start; k--, n++)
    {
      guint j = k - 1;
      if (is_boundary (ex, j) || ex->ent[j] >= 0)
        return FALSE;
      if ((ex->mod_in[j] & MOD_TEMPORAL) && n <= 3)
        return TRUE;
      if (ex->mod_in[j] & MOD_HYPOTHETICAL)
        return TRUE;
      if ((ex->mod_start[j] & MOD_RELATIVE) && n <= 2 && !in_speech (ex, j)
          && (j == start || strcmp (folded (ex, j - 1), ",") != 0))
        return TRUE;
    }
  return FALSE;
}

/* The subject of the last subordinate clause opened after @from and holding
 * the cue at @first: the words after "after", "when", ... up to a verb.
 * Returns FIND_NONE if there is none, FIND_FOUND with its first party mention in
 * @out ("a week after Serbia called for a truce"), FIND_BLOCKED if it names no
 * party ("eight days after a summit of African leaders called for a halt" is
 * the summit's call, not that of the main clause's subject). */
static FindResult
subordinate_subject (const Ex *ex, guint from, guint first, Holder *out)
{
  FindResult result = FIND_NONE;
  for (guint k = from; k < first; k++)
    {
      if (!(ex->mod_start[k] & MOD_SUBORDINATOR))
        continue;
      gint party = -1;
      for (guint j = k + ex->mod_len[k], n = 0; j < first && n < 8; j++, n++)
        {
          if (ex->punct[j] || ex->quote_mark[j] != 0)
            break;
          if (party < 0 && ex->ent[j] >= 0 && has_party (entity (ex, ex->ent[j])))
            party = ex->ent[j];
          if (j > k + ex->mod_len[k] && verb_follows (ex, j))
            {
              if (party >= 0)
                author_holder (ex, party, out);
              result = party >= 0 ? FIND_FOUND : FIND_BLOCKED;
              break;
            }
        }
    }
  return result;
}

/* Finds the holder of the cue at [@first, @end) and records it. */
/* A party that opens a clause of its own with a speech verb between the
 * subject and the cue at @first: "Israel strikes Beirut, Lebanon says truce at
 * risk", "Russia pressed on, while Ukraine said it wanted a truce". */
static gboolean
later_speaker (const Ex *ex, guint from, guint first, Holder *out)
{
  for (guint k = from + 1; k < first; k++)
    {
      gint e = ex->ent[k];
      if (e < 0 || entity (ex, e)->first != k || !has_party (entity (ex, e)) || in_speech (ex, k))
        continue;
      const char *before = folded (ex, k - 1);
      gboolean opens = strcmp (before, ",") == 0 || strcmp (before, "while") == 0 || strcmp (before, "but") == 0
                       || strcmp (before, "as") == 0;
      guint after = entity_end (ex, e), len = 0;
      if (opens && after < first && speech_verb_at (ex, after, &len) && after + len <= first)
        {
          author_holder (ex, e, out);
          out->end = after + len;
          return TRUE;
        }
    }
  return FALSE;
}

/* Adds the parties coordinated with the mention @e ("Egypt, Qatar and the
 * United States") to @holders, each once. Returns the group's last mention. */
static gint
add_group (const Ex *ex, gint e, GArray *holders)
{
  g_autoptr (GArray) group = g_array_new (FALSE, FALSE, sizeof (gint));
  coordinated (ex, coordination_first (ex, e), group);
  for (guint g = 0; g < group->len; g++)
    {
      gint member = g_array_index (group, gint, g);
      const char *party = entity (ex, member)->party;
      gboolean seen = FALSE;
      for (guint k = 0; k < holders->len && !seen; k++)
        seen = g_strcmp0 (g_array_index (holders, Holder, k).party, party) == 0;
      if (seen)
        continue;
      Holder h = { member, party, TG_HOLDER_AUTHOR, entity_end (ex, member) };
      g_array_append_val (holders, h);
    }
  return g_array_index (group, gint, group->len - 1);
}

/* "Egyptian and Qatari mediators": when the holder is a force named by a
 * demonym (ending before @end), the demonyms coordinated before it hold the
 * cue too. */
static void
add_coordinated_demonyms (const Ex *ex, guint end, GArray *holders)
{
  guint start = sent_first (ex, ex->sent[end > 0 ? end - 1 : 0]);
  guint force = end;   /* the force noun's first token */
  while (force > start && !((ex->mod_start[force] & MOD_FORCE) && force + ex->mod_len[force] == end))
    force--;
  if (force < start + 3)
    return;
  /* force - 1 is the holder's own demonym; before it, separators and demonyms */
  for (guint sep = force - 2; sep >= start + 1; sep -= 2)
    {
      if (strcmp (folded (ex, sep), "and") != 0 && strcmp (folded (ex, sep), ",") != 0)
        return;
      const char *party = demonym_party (ex, sep - 1);
      if (party == NULL)
        return;
      Holder h = { -1, party, TG_HOLDER_AUTHOR, end };
      g_array_append_val (holders, h);
      if (sep < start + 3)
        return;
    }
}

/* The party that the author says did the same after the cue ending before
 * @end: "..., as did the Egyptian Foreign Ministry", "and so did Qatar".
 * Returns its mention, or -1. */
static gint
did_too (const Ex *ex, guint end)
{
  static const char *const verbs[] = { "did", "does", "do", "has", "have", "had", NULL };
  guint last = sent_end (ex, ex->sent[end > 0 ? end - 1 : 0]);
  for (guint k = end; k + 2 < last; k++)
    {
      if (in_speech (ex, k) || (ex->mod_in[k] & (MOD_CONTRAST | MOD_CLAUSE)))
        return -1;
      gboolean as = strcmp (folded (ex, k), "as") == 0;
      gboolean so = strcmp (folded (ex, k), "so") == 0 && k > end && strcmp (folded (ex, k - 1), "and") == 0;
      if (!(as || so) || !g_strv_contains (verbs, folded (ex, k + 1)))
        continue;
      guint j = k + 2;
      while (j < last && (ex->mod_in[j] & MOD_DETERMINER))
        j++;
      gint e = j < last ? entity_at (ex, j) : -1;
      return e >= 0 && has_party (entity (ex, e)) ? e : -1;
    }
  return -1;
}

/* The sponsors of the cue that ends before @end: "a truce proposed by the
 * United States and Saudi Arabia", "the pause, brokered by Qatar,". */
static gboolean
sponsored_by (const Ex *ex, guint end, Holder *out)
{
  static const char *const participles[] = { "proposed", "drafted", "brokered", "mediated", "offered",
                                             "tabled", "sponsored", "floated", "backed", "put", NULL };
  guint last = sent_end (ex, ex->sent[end > 0 ? end - 1 : 0]);
  guint k = end;
  if (k < last && strcmp (folded (ex, k), ",") == 0)
    k++;
  if (k >= last || !g_strv_contains (participles, folded (ex, k)))
    return FALSE;
  k++;
  if (k < last && strcmp (folded (ex, k), "forward") == 0)
    k++;   /* "put forward by" */
  return passive_agent (ex, k, out) && out->entity >= 0;
}

/* Whether the cue at @first opens the clause that starts at @clause, past
 * determiners ("but the fighting goes on"). */
static gboolean
opens_clause (const Ex *ex, guint clause, guint first)
{
  guint k = clause;
  while (k < first && (ex->mod_in[k] & (MOD_DETERMINER | MOD_CONTRAST | MOD_CLAUSE)))
    k++;
  return k == first;
}

static void
place_cue (Ex *ex, TgDimension dim, const Cue *cue, guint first, guint end, const guint *words)
{
  g_autoptr (GArray) holders = g_array_new (FALSE, TRUE, sizeof (Holder));
  guint s = ex->sent[first];
  if (is_reference (ex, first))
    return;
  if (in_speech (ex, first))
    {
      const Quote *q = QUOTE (ex, ex->in_quote[first]);
      if (q->party == NULL)
        return;
      Holder h = { q->speaker, q->party, q->how, q->open + 1 };
      guint from = MAX (q->open + 1, sent_first (ex, s));
      if (has_accusation (ex, from, first))
        return;
      g_array_append_val (holders, h);
      add_hits (ex, dim, cue, first, end, words, holders, from, TRUE);
      return;
    }
  Holder h = { -1, NULL, TG_HOLDER_AUTHOR, 0 };
  guint clause = clause_start (ex, first);
  FindResult r = FIND_NONE;
  /* "the proposal was rejected by Moscow": a cue that ends in "by" names its
   * holder right after. */
  gboolean ends_by = end > first && strcmp (folded (ex, end - 1), "by") == 0;
  if (passive_agent (ex, ends_by ? end - 1 : end, &h) || relative_holder (ex, first, &h))
    r = FIND_FOUND;
  if (r == FIND_NONE)
    r = find_subject (ex, clause, first, &h);
  /* "... but fighting goes on": a cue that opens its clause is its subject,
   * and the clause before lends it none. */
  if (r == FIND_NONE && clause > sent_first (ex, s) && !opens_clause (ex, clause, first))
    r = find_subject (ex, sent_first (ex, s), clause, &h);
  if (r == FIND_NONE && reporter_after (ex, end, &h))
    r = FIND_FOUND;
  Holder sponsor = { -1, NULL, TG_HOLDER_AUTHOR, 0 };
  if (sponsored_by (ex, end, &sponsor))
    add_group (ex, sponsor.entity, holders);
  if (r != FIND_FOUND)
    {
      if (holders->len > 0)
        add_hits (ex, dim, cue, first, end, words, holders, first, FALSE);
      return;
    }
  guint region = h.end <= first && ex->sent[MIN (h.end, ex->n - 1)] == s ? h.end : clause;
  if (h.how == TG_HOLDER_AUTHOR && h.end <= first)
    {
      Holder sub = h;
      FindResult in_clause = subordinate_subject (ex, h.end, first, &sub);
      if (in_clause == FIND_BLOCKED)
        return;
      if (in_clause == FIND_FOUND)
        {
          h = sub;
          region = h.end;
        }
    }
  if (h.how == TG_HOLDER_AUTHOR && h.end <= first)
    {
      Holder speaker = h;
      if (later_speaker (ex, h.end, first, &speaker))
        {
          h = speaker;
          region = h.end;
        }
    }
  if (has_accusation (ex, region, first))
    return;
  if (h.how == TG_HOLDER_AUTHOR && h.entity >= 0 && entity (ex, h.entity)->sentence == s)
    {
      gint last = add_group (ex, h.entity, holders);
      region = MAX (region, MIN (first, entity_end (ex, last)));
    }
  else
    {
      g_array_append_val (holders, h);
      if (h.entity < 0 && h.how == TG_HOLDER_AUTHOR)
        add_coordinated_demonyms (ex, h.end, holders);
    }
  gint also = h.how == TG_HOLDER_AUTHOR ? did_too (ex, end) : -1;
  if (also >= 0)
    add_group (ex, also, holders);
  add_hits (ex, dim, cue, first, end, words, holders, region, FALSE);
}

/* "US-brokered", "Russian-occupied": a hyphenated word whose last part is a
 * one-word cue and whose first part names a party gives that cue to the party.
 * Returns the cue, and the party in @party, or NULL. */
static const Cue *
compound_cue (const Ex *ex, TgDimension dim, guint i, const char **party)
{
  if (!facts (ex, i)->inner_dash || ex->ent[i] >= 0)
    return NULL;
  const char *f = folded (ex, i);
  const char *dash = strrchr (f, '-');
  const TgToken *t = tg_document_token (ex->doc, i);
  if (!g_unichar_isupper (g_utf8_get_char (ex->doc->text + t->start)))
    return NULL;
  g_autofree char *suffix = tg_stemmer_stem (ex->stemmer, dash + 1);
  const GPtrArray *list = g_hash_table_lookup (ex->lex->first[dim], suffix);
  const Cue *cue = NULL;
  for (guint c = 0; list != NULL && c < list->len && cue == NULL; c++)
    if (((const Cue *) list->pdata[c])->n_words == 1)
      cue = list->pdata[c];
  if (cue == NULL)
    return NULL;
  g_autofree char *prefix = g_strndup (f, (gsize) (dash - f));
  const GPtrArray *entries = NULL;
  if (!tg_lexicon_lookup (ex->names, prefix, &entries) || entries == NULL)
    return NULL;
  for (guint k = 0; k < entries->len; k++)
    {
      const TgLexEntry *entry = entries->pdata[k];
      if (entry->party != NULL && entry->kind != TG_LEX_PERSON && entry->kind != TG_LEX_TITLE)
        {
          *party = tg_lexicon_party_intern (ex->names, entry->party);
          return *party != NULL ? cue : NULL;
        }
    }
  return NULL;
}

/* The cues whose first word matches token @i: by stem, and by exact form. */
static void
candidates (const Ex *ex, TgDimension dim, guint i, const GPtrArray **by_stem, const GPtrArray **by_form)
{
  *by_stem = facts (ex, i)->cues[dim][0];
  *by_form = facts (ex, i)->cues[dim][1];
}

/* Whether the cue at @i says what the agreement named before @deal_end would
 * do, its content, already counted with the verb that took or refused it:
 * "turned down a UN proposal to extend it", "rejected a proposal from the
 * United States for a three-month truce". */
static gboolean
states_content (const Ex *ex, guint deal_end, guint i)
{
  if (i < deal_end || i > deal_end + TG_STANCE_CONTENT_WORDS)
    return FALSE;
  for (guint k = deal_end; k < i; k++)
    {
      const char *f = folded (ex, k);
      if (strcmp (f, "to") == 0 || strcmp (f, "for") == 0)
        return TRUE;
      if (ex->punct[k] || ex->quote_mark[k] != 0 || (ex->mod_in[k] & (MOD_CLAUSE | MOD_CONTRAST)))
        return FALSE;
    }
  return FALSE;
}

/* Whether the agreement that ends the cue before @end is defined by a clause
 * after it ("will not accept any arrangement that gives Belgrade a say"): taking
 * or refusing it says nothing about a ceasefire. */
static gboolean
defined_by_clause (const Ex *ex, const Cue *cue, guint end)
{
  if (cue->kinds[cue->n_words - 1] != WORD_DEAL || end >= sent_end (ex, ex->sent[end - 1]))
    return FALSE;
  const char *f = folded (ex, end);
  return strcmp (f, "that") == 0 || strcmp (f, "which") == 0;
}

static void
match_cues (Ex *ex, TgDimension dim)
{
  for (guint s = 0; s < ex->doc->sentences->len; s++)
    {
      guint end = sent_end (ex, s);
      /* Compounds first: "sign US-brokered peace agreement" holds a cue of the
       * signers and one of the broker. */
      for (guint i = sent_first (ex, s); i < end; i++)
        {
          const char *party = NULL;
          const Cue *compound = compound_cue (ex, dim, i, &party);
          if (compound == NULL)
            continue;
          g_autoptr (GArray) holders = g_array_new (FALSE, TRUE, sizeof (Holder));
          Holder h = { -1, party, TG_HOLDER_AUTHOR, i + 1 };
          g_array_append_val (holders, h);
          guint word = i;
          add_hits (ex, dim, compound, i, i + 1, &word, holders, i, in_speech (ex, i));
        }
      guint deal_end = G_MAXUINT;   /* end of the last cue that ended on @deal */
      for (guint i = sent_first (ex, s); i < end; i++)
        {
          const GPtrArray *lists[2];
          candidates (ex, dim, i, &lists[0], &lists[1]);
          const Cue *best = NULL;
          guint best_end = 0;
          guint words[TG_STANCE_MAX_CUE_WORDS], best_words[TG_STANCE_MAX_CUE_WORDS];
          for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
            for (guint c = 0; lists[l] != NULL && c < lists[l]->len; c++)
              {
                const Cue *cue = lists[l]->pdata[c];
                guint cue_end = match_cue (ex, cue, i, end, words);
                if (cue_end == 0)
                  continue;
                /* A cue may not straddle a quote's edge, nor be part of a name
                 * ("Sovereignty Council"). */
                if (ex->in_quote[i] != ex->in_quote[cue_end - 1])
                  continue;
                gboolean in_name = FALSE;
                for (guint w = 0; w < cue->n_words; w++)
                  in_name |= ex->ent[words[w]] >= 0 && cue->kinds[w] < WORD_LOC;
                if (in_name)
                  continue;
                if (best == NULL || cue->n_words > best->n_words
                    || (cue->n_words == best->n_words && cue_end < best_end))
                  {
                    best = cue;
                    best_end = cue_end;
                    memcpy (best_words, words, sizeof words);
                  }
              }
          if (best == NULL)
            continue;
          /* "turned down a UN proposal to extend it": what the proposal would
           * do is its content, already counted with the verb that took or
           * refused it. */
          gboolean content = deal_end != G_MAXUINT && states_content (ex, deal_end, i);
          if (!content && !defined_by_clause (ex, best, best_end))
            place_cue (ex, dim, best, i, best_end, best_words);
          deal_end = best->kinds[best->n_words - 1] == WORD_DEAL ? best_end : G_MAXUINT;
          i = best_end - 1;
        }
    }
}

GArray *
tg_stance_extract (const TgStanceLexicon *lexicon, const TgLexicon *names, const TgStanceParams *params,
                   const TgTokView *view, TgStanceMemo *memo, const TgDocument *doc)
{
  g_return_val_if_fail (lexicon != NULL && names != NULL && params != NULL && view != NULL && memo != NULL
                          && doc != NULL,
                        NULL);
  g_return_val_if_fail (view->n == doc->tokens->len, NULL);
  g_auto (Ex) ex = { 0 };
  ex_init (&ex, lexicon, names, params, view, memo, doc);
  mark_parentheticals (&ex);
  find_quotes (&ex);
  attribute_and_find_salient (&ex);
  for (guint d = 0; d < TG_N_DIMS; d++)
    match_cues (&ex, (TgDimension) d);
  return g_steal_pointer (&ex.hits);
}

/* ===== scoring ============================================================ */

double
tg_stance_contribution (const TgStanceParams *p, const TgCueHit *hit)
{
  double w = hit->other ? hit->weight * p->other : hit->weight;
  guint negations = 0, np_negations = 0;
  for (guint k = 0; k < hit->n_negators; k++)
    negations += hit->negators[k] <= p->negation_scope;
  for (guint k = 0; k < hit->n_np_negators; k++)
    np_negations += hit->np_negators[k] <= p->negation_scope;
  /* "talks end with no truce", "parted without a pause", "there was no risk
   * of escalation": the author reports that something is absent, which is
   * nobody's stance. In a speaker's mouth ("there can be no truce while ...")
   * it is the speaker's own refusal, and so it is for a cue that only counts
   * negated ("Serbia wanted no conflict"). */
  if (np_negations > 0 && !hit->quoted && hit->dimension == TG_DIM_CEASEFIRE_FIRST && !hit->needs_negation)
    return 0.0;
  negations += np_negations;
  if (hit->needs_negation && negations % 2 == 0)
    return 0.0;
  if (negations % 2 == 1)
    w *= p->negation;
  for (guint k = 0; k < hit->n_intensifiers; k++)
    if (hit->intensifiers[k] <= p->modifier_scope)
      w *= p->intensifier;
  for (guint k = 0; k < hit->n_hedges; k++)
    if (hit->hedges[k] <= p->modifier_scope)
      w *= p->hedge;
  /* A call for a ceasefire tied to terms that must come first argues the other way. */
  if (hit->dimension == TG_DIM_CEASEFIRE_FIRST && hit->weight > 0 && negations % 2 == 0
      && hit->condition <= p->condition_scope)
    w *= p->condition;
  if (hit->contrast < 0)
    w *= p->contrast_before;
  else if (hit->contrast > 0)
    w *= p->contrast_after;
  switch (hit->how)
    {
    case TG_HOLDER_QUOTE:
      w *= p->quote;
      break;
    case TG_HOLDER_CARRY:
      w *= p->carry;
      break;
    case TG_HOLDER_UNNAMED:
      w *= p->unnamed;
      break;
    case TG_HOLDER_AUTHOR:
    case TG_HOLDER_N_KINDS:
    default:
      w *= MAX (p->distance_floor, pow (p->distance_decay, (double) hit->distance));
      w *= p->author;
      break;
    }
  return w;
}

typedef struct {
  const char *party;
  TgDimension dim;
  double pos, neg;
  guint neutral;
  GArray *evidence;    /* of TgEvidence */
} Tally;

static gint
compare_evidence (gconstpointer a, gconstpointer b)
{
  const TgEvidence *x = a, *y = b;
  double ax = fabs (x->contribution), ay = fabs (y->contribution);
  if (ax != ay)
    return ax > ay ? -1 : 1;
  return (x->start > y->start) - (x->start < y->start);
}

static gint
compare_stances (gconstpointer a, gconstpointer b)
{
  const TgStance *x = *(const TgStance *const *) a, *y = *(const TgStance *const *) b;
  int c = strcmp (x->party, y->party);
  return c != 0 ? c : (int) x->dimension - (int) y->dimension;
}

static void
tally_free (gpointer data)
{
  Tally *t = data;
  g_array_unref (t->evidence);
  g_free (t);
}

/* The label of a tally, or FALSE when it has too little evidence. The summed
 * evidence x = scale * (pos - neg) + bias is normalised to score = x / sqrt (x^2
 * + alpha). The label is 0 when both signs are present and the weaker one
 * reaches mixed_ratio of the stronger, or when |score| < dead_band; else the
 * sign of the score. A party needs at least min_mass of evidence, a
 * zero-weight cue counting neutral_mass. */
static gboolean
decide (const TgStanceParams *p, const Tally *t, double *score, int *label)
{
  const TgDimensionParams *d = &p->dim[t->dim];
  double mass = t->pos + t->neg + t->neutral * p->neutral_mass;
  if (t->evidence->len == 0 || mass < d->min_mass || mass <= 0.0)
    return FALSE;
  double x = d->scale * (t->pos - t->neg);
  if (t->pos + t->neg > 0.0)
    x += d->bias;
  *score = x / sqrt (x * x + p->alpha);
  double hi = MAX (t->pos, t->neg), lo = MIN (t->pos, t->neg);
  if (lo > 0.0 && lo >= p->mixed_ratio * hi)
    *label = 0;
  else if (fabs (*score) < d->dead_band)
    *label = 0;
  else
    *label = *score > 0 ? 1 : -1;
  return TRUE;
}

void
tg_stance_score (const TgStanceParams *params, const GArray *hits, TgDocument *doc)
{
  g_return_if_fail (params != NULL && hits != NULL && doc != NULL);
  g_ptr_array_set_size (doc->stances, 0);
  g_autoptr (GHashTable) tallies = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, tally_free);
  for (guint i = 0; i < hits->len; i++)
    {
      const TgCueHit *hit = &g_array_index (hits, TgCueHit, i);
      g_autofree char *key = g_strdup_printf ("%s\t%d", hit->party, (int) hit->dimension);
      Tally *t = g_hash_table_lookup (tallies, key);
      if (t == NULL)
        {
          t = g_new0 (Tally, 1);
          t->party = hit->party;
          t->dim = hit->dimension;
          t->evidence = g_array_new (FALSE, TRUE, sizeof (TgEvidence));
          g_hash_table_insert (tallies, g_steal_pointer (&key), t);
        }
      double c = tg_stance_contribution (params, hit);
      if (c == 0.0 && !hit->neutral)
        continue;   /* dropped by the scorer's rules: no evidence */
      if (hit->neutral)
        t->neutral++;
      else if (c > 0)
        t->pos += c;
      else
        t->neg -= c;
      TgEvidence ev = { 0 };
      ev.sentence = hit->sentence;
      ev.start = hit->start;
      ev.end = hit->end;
      ev.cue = hit->cue;
      ev.holder = hit->holder;
      ev.contribution = c * params->dim[hit->dimension].scale;
      g_array_append_val (t->evidence, ev);
    }
  GHashTableIter iter;
  gpointer value;
  g_hash_table_iter_init (&iter, tallies);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Tally *t = value;
      double score = 0.0;
      int label = 0;
      if (!decide (params, t, &score, &label))
        continue;
      TgStance *stance = tg_document_add_stance (doc, t->party, t->dim);
      stance->score = score;
      stance->label = label;
      g_array_sort (t->evidence, compare_evidence);
      g_array_append_vals (stance->evidence, t->evidence->data, t->evidence->len);
    }
  g_ptr_array_sort (doc->stances, compare_stances);
}

void
tg_stance_tag (const TgStanceLexicon *lexicon, const TgLexicon *names, const TgModel *model,
               const TgTokView *view, TgStanceMemo *memo, TgDocument *doc)
{
  const TgStanceParams *params = tg_model_params (model);
  g_autoptr (GArray) hits = tg_stance_extract (lexicon, names, params, view, memo, doc);
  tg_stance_score (params, hits, doc);
}
