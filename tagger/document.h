/* document.h — a tokenised document: its UTF-8 text, the tokens and sentences cut
 * from it (byte offsets into the text), and the entity mentions found in it.
 *
 * A document is built by the tokenizer (text.h) from raw bytes, or from
 * pre-tokenised CoNLL input (conll.h); the tagger (tagger.h) then fills its
 * entities. Documents are not shared between threads while being tagged. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  TG_ENTITY_PER,
  TG_ENTITY_LOC,
  TG_ENTITY_GOV,
  TG_ENTITY_ORG,
  TG_ENTITY_N_TYPES
} TgEntityType;

/* "PER", "LOC", "GOV", "ORG". */
const char *tg_entity_type_name (TgEntityType type);
/* Parses "PER" etc.; returns FALSE for anything else. */
gboolean tg_entity_type_parse (const char *name, TgEntityType *out_type);

typedef struct {
  gsize start;  /* byte offset of the first byte in TgDocument.text */
  gsize end;    /* byte offset one past the last byte */
} TgToken;

typedef struct {
  guint first;     /* index of the first token */
  guint n_tokens;  /* number of tokens, at least 1 */
} TgSentence;

typedef struct {
  guint first;            /* index of the first token of the span */
  guint n_tokens;         /* span length in tokens, at least 1 */
  guint sentence;         /* index of the sentence holding the span */
  TgEntityType type;
  const char *party;      /* party code ("RUS", "NATO") or NULL; owned by the tagger, lives as long as it */
  const char *source;     /* which lexicon or rule found it (static or tagger-owned string) */
} TgEntity;

/* The two stance dimensions of ANNOTATION.md section 4. */
typedef enum {
  TG_DIM_CEASEFIRE_FIRST,
  TG_DIM_TERRITORIAL_CLAIMS,
  TG_N_DIMS
} TgDimension;

/* "ceasefire_first", "territorial_claims". */
const char *tg_dimension_name (TgDimension dim);
gboolean tg_dimension_parse (const char *name, TgDimension *out_dim);

/* One cue that moved a party's score. */
typedef struct {
  guint sentence;          /* sentence index */
  gsize start;             /* byte offsets of the cue in the text */
  gsize end;
  const char *cue;         /* the lexicon cue as listed (owned by the tagger) */
  gint holder;             /* index into TgDocument.entities of the mention holding the stance, or -1 */
  double contribution;     /* signed weight after modifiers */
} TgEvidence;

/* A party's position on one dimension. Parties with no evidence get none. */
typedef struct {
  const char *party;       /* party code, owned by the tagger */
  TgDimension dimension;
  double score;            /* in [-1, 1] */
  int label;               /* -1, 0 or +1 */
  GArray *evidence;        /* of TgEvidence, strongest first */
} TgStance;

typedef struct {
  char *name;             /* a display name for messages: file path, "<stdin>", CoNLL document number */
  char *text;             /* NUL-terminated valid UTF-8; no BOM; line ends as given */
  gsize text_len;
  GArray *tokens;         /* of TgToken */
  GArray *sentences;      /* of TgSentence, covering all tokens in order */
  GArray *entities;       /* of TgEntity, sorted by first token, non-overlapping */
  GPtrArray *stances;     /* of TgStance*, owning; sorted by party then dimension */
  GPtrArray *extra;       /* CoNLL input only: per token, the columns after the first
                             (char *, "" when none), or NULL for raw text input */
} TgDocument;

/* Creates an empty document owning a copy of @name. Free with tg_document_free(). */
TgDocument *tg_document_new (const char *name);
void tg_document_free (TgDocument *doc);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgDocument, tg_document_free)

/* Appends a new stance with an empty evidence array and returns it (owned by @doc). */
TgStance *tg_document_add_stance (TgDocument *doc, const char *party, TgDimension dimension);

/* Takes ownership of @text (valid UTF-8, NUL-terminated, @len bytes). */
void tg_document_take_text (TgDocument *doc, char *text, gsize len);

/* Appends a token/sentence. Sentences must be appended in token order. */
void tg_document_add_token (TgDocument *doc, gsize start, gsize end);
void tg_document_add_sentence (TgDocument *doc, guint first, guint n_tokens);

static inline const TgToken *
tg_document_token (const TgDocument *doc, guint i)
{
  return &g_array_index (doc->tokens, TgToken, i);
}

/* Returns a newly allocated copy of token @i's text. */
char *tg_document_token_dup (const TgDocument *doc, guint i);

/* Fills @tags (length = number of tokens) with IOB2 tags: each element points to a
 * static string such as "B-PER" or "O". Caller owns the array, not the strings. */
GPtrArray *tg_document_iob_tags (const TgDocument *doc);

G_END_DECLS
