/* model.h — the stance scoring model: every number the stance scorer uses
 * (modifier multipliers, scopes, holder weights, distance decay, normalisation,
 * label rules, per-dimension calibration), read from and written to a commented
 * GKeyFile (models/stance-en.model).
 *
 * A loaded TgModel is immutable unless the caller changes it with
 * tg_model_set_params() before sharing it; reading it is thread-safe. */
#pragma once

#include <glib.h>

#include "document.h"

G_BEGIN_DECLS

/* Per-dimension calibration ([ceasefire_first], [territorial_claims]). */
typedef struct {
  double scale;       /* multiplies the summed evidence before normalisation */
  double bias;        /* added to the scaled sum of a party that has evidence */
  double dead_band;   /* |score| below this is label 0 */
  double min_mass;    /* least total |contribution| for a label at all */
} TgDimensionParams;

/* The parameters, one field per key of the model file (see the file for the
 * meaning of each; tg_model_load() checks every range). */
typedef struct {
  /* [match] */
  guint cue_gap;            /* tokens allowed between two words of a multi-word cue */
  guint slot_gap;           /* tokens allowed before a slot word (@loc, @terr) of a cue */
  guint attribution_window; /* tokens between a quote mark and its speech verb */
  /* [modifiers] */
  guint negation_scope;     /* tokens after a negator that it still reaches */
  guint modifier_scope;     /* tokens before a cue that an intensifier or hedge reaches */
  guint condition_scope;    /* tokens between a condition marker and a ceasefire cue */
  double negation;          /* multiplier of a negated cue */
  double intensifier;       /* multiplier per intensifier */
  double hedge;             /* multiplier per hedge */
  double condition;         /* multiplier of a ceasefire call tied to prior conditions */
  double contrast_before;   /* cues before "but" in their sentence */
  double contrast_after;    /* cues after "but" (or in a sentence opening with it) */
  /* [holder] */
  double quote;             /* cue inside a quote, held by its speaker */
  double author;            /* author's statement, held by the clause subject */
  double carry;             /* cue given to the previous sentence's party via a pronoun */
  double unnamed;           /* quote of an unnamed speaker ("a spokesman said") */
  double other;             /* scale of a cue's "other" weight (action of another party) */
  double distance_decay;    /* factor per token between the holder mention and the cue */
  double distance_floor;    /* least distance factor */
  /* [aggregate] */
  double alpha;             /* score = x / sqrt (x^2 + alpha) */
  double mixed_ratio;       /* minority / majority mass at or above which the label is 0 */
  double neutral_mass;      /* mass a zero-weight cue ("hosted the talks") counts for */
  TgDimensionParams dim[TG_N_DIMS];
} TgStanceParams;

typedef struct _TgModel TgModel;

/* Loads the model file at @path. Syntax errors are TG_ERROR_PARSE "PATH:LINE:
 * ..."; a missing group or key, an unknown key or an out-of-range value is
 * TG_ERROR_MODEL naming [group] and key (and the line when the key is there).
 * Comments are kept for tg_model_save(). */
TgModel *tg_model_load (const char *path, GError **error);
void tg_model_free (TgModel *model);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgModel, tg_model_free)

/* The parameters; owned by the model, valid until it is changed or freed. */
const TgStanceParams *tg_model_params (const TgModel *model);

/* Replaces the parameters (copied). Fails with TG_ERROR_MODEL naming the key
 * when one is out of its range. Not thread-safe: only while nobody else uses
 * @model. */
gboolean tg_model_set_params (TgModel *model, const TgStanceParams *params, GError **error);

/* Sets a free-form note in the [training] group (training method, scores), and
 * the comment above it when @comment is not NULL. */
void tg_model_set_note (TgModel *model, const char *key, const char *value, const char *comment);

/* Writes the model, comments included, to @path atomically (a temporary file
 * renamed over @path). Errors name @path. */
gboolean tg_model_save (const TgModel *model, const char *path, GError **error);

/* Number of tunable keys, and the name ("group.key") and range of key @i: the
 * trainer searches within these ranges. */
guint tg_model_n_keys (void);
const char *tg_model_key_name (guint i);
void tg_model_key_range (guint i, double *min, double *max, gboolean *integer);
/* Reads or writes key @i of @params as a double. */
double tg_model_params_get (const TgStanceParams *params, guint i);
void tg_model_params_set (TgStanceParams *params, guint i, double value);
/* The index of "group.key", or -1. */
gint tg_model_key_index (const char *name);

G_END_DECLS
