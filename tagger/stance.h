/* stance.h — stance evidence and scores (ANNOTATION.md section 4): which party
 * holds which cue of the two dimensions, and the label each party gets.
 *
 * Owns the stance cue lexicons (lexicons/stance/: one TSV per dimension plus
 * modifiers.tsv), the search for cues on folded, stemmed tokens, the modifiers
 * around them (negation, intensifiers, hedges, contrast, conditions,
 * accusations), quote attribution and the choice of holder, and the scoring of
 * the collected evidence with a TgModel's numbers. Extraction (text -> hits)
 * uses no tunable number except the matching window of the model's [match]
 * group, so the trainer extracts once and re-scores many times. A loaded
 * TgStanceLexicon is immutable and safe to share between threads. */
#pragma once

#include <glib.h>

#include "document.h"
#include "lexicon.h"
#include "model.h"
#include "norm.h"
#include "tokview.h"

G_BEGIN_DECLS

typedef struct _TgStanceLexicon TgStanceLexicon;

/* Loads ceasefire_first.tsv, territorial_claims.tsv and modifiers.tsv from
 * @dir. Errors name the file and line ("PATH:LINE: ..."). */
TgStanceLexicon *tg_stance_lexicon_load (const char *dir, GError **error);
void tg_stance_lexicon_free (TgStanceLexicon *lexicon);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgStanceLexicon, tg_stance_lexicon_free)

/* One thread's memo of what a stance lexicon says about the word forms that its
 * token views have cached (cue candidates, modifier kinds, punctuation), so
 * that a form seen in an earlier document costs no lookup. Belongs to one
 * thread, beside its TgTokView; it empties itself when the lexicon or the
 * views' form ids change. */
typedef struct _TgStanceMemo TgStanceMemo;

TgStanceMemo *tg_stance_memo_new (void);
void tg_stance_memo_free (TgStanceMemo *memo);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgStanceMemo, tg_stance_memo_free)

/* Number of cues of @dim. */
guint tg_stance_lexicon_n_cues (const TgStanceLexicon *lexicon, TgDimension dim);

/* How the holder of a cue was found. */
typedef enum {
  TG_HOLDER_QUOTE,     /* inside a quote attributed to a named speaker */
  TG_HOLDER_AUTHOR,    /* the author's statement; the holder is the clause subject */
  TG_HOLDER_CARRY,     /* no party in the sentence; a pronoun continues the previous one's */
  TG_HOLDER_UNNAMED,   /* a quote of an unnamed speaker of the party in focus */
  TG_HOLDER_N_KINDS
} TgHolderKind;

/* Most words in one cue: a longer line in a cue lexicon is an error. */
#define TG_STANCE_MAX_CUE_WORDS 8

/* Most words between an agreement word and a cue that states its content
 * ("a proposal from the United States and its partners for a truce"). */
#define TG_STANCE_CONTENT_WORDS 14

/* Most words between a cue and a negator that follows it ("the withdrawal of
 * the Russian troops is not on the agenda"). */
#define TG_STANCE_NEGATOR_AFTER_WORDS 8

/* Most words between "'s demand for" and the cue it holds ("Kyiv's demand for
 * an unconditional 30-day ceasefire"). */
#define TG_STANCE_CALL_WORDS 4

/* Most modifiers of one kind recorded per cue; more are not counted. Real
 * sentences hold one or two. */
#define TG_STANCE_MAX_MODIFIERS 4


/* How many sentences back "he" or "she" looks for its person: a run of
 * sentences about one speaker rarely names them more than once in three. */
#define TG_STANCE_PRONOUN_SENTENCES 3

/* One cue occurrence and its surroundings, before any model number but the
 * matching window is applied. Distances are in tokens; G_MAXUINT means none. */
typedef struct {
  const char *party;        /* holder's party (owned by the tagger's lexicon) */
  TgDimension dimension;
  gint holder;              /* entity index of the holder mention, or -1 */
  guint sentence;
  guint first;              /* first token of the cue */
  guint n_tokens;           /* tokens covered, gaps included */
  gsize start;              /* byte offsets of the cue in the document text */
  gsize end;
  const char *cue;          /* the cue as listed (owned by the stance lexicon) */
  double weight;            /* the lexicon weight that applies (own or other) */
  gboolean other;           /* the cue describes another party's action */
  gboolean neutral;         /* a zero-weight cue: evidence, but of neither sign */
  TgHolderKind how;
  guint distance;           /* from the holder mention to the cue (author text) */
  guint n_negators;
  guint negators[TG_STANCE_MAX_MODIFIERS];      /* distance of each negator before the cue */
  guint n_intensifiers;
  guint intensifiers[TG_STANCE_MAX_MODIFIERS];
  guint n_hedges;
  guint hedges[TG_STANCE_MAX_MODIFIERS];
  guint n_np_negators;      /* "no", "without": negate a noun phrase, not an act */
  guint np_negators[TG_STANCE_MAX_MODIFIERS];
  gboolean quoted;          /* inside a speaker's quote (else the author's words) */
  gboolean needs_negation;  /* a cue that is evidence only when negated */
  guint condition;          /* distance to the nearest condition marker in the sentence */
  gint contrast;            /* -1 before a contrast word in its sentence, +1 after, 0 none */
} TgCueHit;

/* Finds every cue of @doc (whose entities must already be tagged) and its
 * holder. Returns a new array of TgCueHit in text order; cues with no holder are
 * left out. @names gives the context roles (speech verbs, object verbs);
 * @view holds the token views of @doc (tokview.h), computed by the calling
 * thread, whose stemmer it also uses. Only the [match] group of @params
 * (cue_gap, attribution_window) is read. */
GArray *tg_stance_extract (const TgStanceLexicon *lexicon, const TgLexicon *names,
                           const TgStanceParams *params, const TgTokView *view, TgStanceMemo *memo,
                           const TgDocument *doc);

/* The signed contribution of @hit under @params (before per-dimension scale). */
double tg_stance_contribution (const TgStanceParams *params, const TgCueHit *hit);

/* Replaces doc->stances with the stances that @hits support under @params:
 * one TgStance per (party, dimension) with enough evidence, sorted by party then
 * dimension, each with its evidence strongest first. @hits may come from
 * tg_stance_extract() on @doc, or be a concatenation for training (then
 * evidence offsets are only meaningful for hits of @doc). */
void tg_stance_score (const TgStanceParams *params, const GArray *hits, TgDocument *doc);

/* tg_stance_extract() then tg_stance_score(). */
void tg_stance_tag (const TgStanceLexicon *lexicon, const TgLexicon *names, const TgModel *model,
                    const TgTokView *view, TgStanceMemo *memo, TgDocument *doc);

G_END_DECLS
