/* lexicon.h — the gazetteers and word lists under lexicons/, loaded into lookup
 * tables.
 *
 * Owns the TSV format (comment lines, a header row, tab-separated columns, errors
 * naming file and line), the phrase table of names (places, people,
 * organisations, government bodies, demonyms, titles) keyed by folded token
 * sequences, and the table of stemmed context phrases (government head nouns,
 * actor verbs, prepositions) that the entity rules consult. A loaded TgLexicon is
 * immutable and safe to share between threads. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  TG_LEX_GOVBODY,   /* seats of power and state bodies: always GOV */
  TG_LEX_ORG,
  TG_LEX_PERSON,
  TG_LEX_PLACE,
  TG_LEX_DEMONYM,
  TG_LEX_TITLE,
  TG_LEX_N_KINDS
} TgLexKind;

typedef enum {
  TG_PLACE_COUNTRY,
  TG_PLACE_CAPITAL,
  TG_PLACE_TERRITORY,
  TG_PLACE_REGION,
  TG_PLACE_SUBDIVISION,
  TG_PLACE_DISTRICT,
  TG_PLACE_CITY,
  TG_PLACE_WATER,
  TG_PLACE_MOUNTAIN,
  TG_PLACE_N_KINDS
} TgPlaceKind;

typedef struct {
  TgLexKind kind;
  const char *name;      /* canonical name (people, orgs) or the form as listed */
  const char *party;     /* party code, or NULL (media, plain places with no state) */
  const char *detail;    /* role, organisation kind, place kind, "adj"/"plural" */
  const char *file;      /* the lexicon file's base name */
  guint line;            /* line in that file */
  TgPlaceKind place_kind;   /* places only */
  guint32 population;       /* places only; 0 when unknown */
  gboolean plural;          /* demonyms only */
} TgLexEntry;

/* Context roles of stemmed phrases (context.tsv, gov-heads.tsv), a bit mask. */
typedef enum {
  TG_CTX_PREFIX      = 1 << 0,   /* a longer phrase starts with this one */
  TG_CTX_ACTOR_VERB  = 1 << 1,   /* "said", "rejected": its subject acts */
  TG_CTX_SKIP        = 1 << 2,   /* adverbs and auxiliaries between subject and verb */
  TG_CTX_GOV_BEFORE  = 1 << 3,   /* "sanctions on", "envoy to": the next name is an actor */
  TG_CTX_LOC_BEFORE  = 1 << 4,   /* "in", "strikes on": the next name is a place */
  TG_CTX_GOV_AFTER   = 1 << 5,   /* "ambassador", "officials" after a country name */
  TG_CTX_LOC_POSS    = 1 << 6,   /* "east", "territory" after "X 's": X is a place */
  TG_CTX_HEAD_BLOCK  = 1 << 7,   /* "aid", "sites" after demonym + head: no GOV span */
  TG_CTX_BETWEEN_LOC = 1 << 8,   /* "border", "road" before "between X and Y": places */
  TG_CTX_GOV_HEAD    = 1 << 9,   /* "government", "delegation": demonym + head is GOV */
  TG_CTX_OBJECT_VERB = 1 << 10,  /* "accused", "urged": its object acts */
  TG_CTX_SPEECH_VERB = 1 << 11,  /* "said", "told": attributes a quote */
  TG_CTX_ORG_HEAD    = 1 << 12,  /* "Council", "Front": capitalised names ending so are ORG */
  TG_CTX_GOV_HEAD_OF = 1 << 13,  /* "government", "Armed Forces": "head of <country>" is one GOV span */
  TG_CTX_EVENT_AFTER = 1 << 14,  /* "accords", "memorandum": "<name> accords" is a named event, O */
  TG_CTX_EVENT_BEFORE = 1 << 15, /* "Operation": "Operation <name>" is O */
  TG_CTX_PARTICLE    = 1 << 16,  /* "al", "bin", "de": lower-case parts inside a person's name */
  TG_CTX_POP_BEFORE  = 1 << 17,  /* "ethnic", "all" before a plural demonym: people, not a side */
  TG_CTX_POP_AFTER   = 1 << 18,  /* "living", "of" after a plural demonym: people, not a side */
  TG_CTX_NOT_NAME    = 1 << 19,  /* "The", "Monday", "March": capitalised but never part of a person's name */
  TG_CTX_GOV_NAME_HEAD = 1 << 20, /* "Administration", "Council": capitalised names ending so are GOV */
  TG_CTX_PLACE_PREFIX = 1 << 21, /* "Western", "Lake" before a place belong to its name */
  TG_CTX_PLACE_SUFFIX = 1 << 22, /* "River", "Mountains" after a place belong to its name */
  TG_CTX_LOC_AFTER   = 1 << 23,  /* "truce", "war" right after a country: "the Yemen truce" is a place */
  TG_CTX_PLACE_BEFORE = 1 << 24, /* "village of", "from": an unknown capitalised word after it is a place */
  TG_CTX_PLACE_AFTER = 1 << 25,  /* "valley", "crossing": an unknown capitalised word before it is a place */
} TgContextRole;

typedef struct _TgLexicon TgLexicon;

/* Loads every lexicon file of @dir. Fails on the first file that is missing or
 * malformed, with "FILE:LINE: what is wrong". */
TgLexicon *tg_lexicon_load (const char *dir, GError **error);
void tg_lexicon_free (TgLexicon *lexicon);

/* tg_lexicon_load(), through a compiled copy of its result kept in
 * @cache_dir. The copy is used only if it was made by the same @build_id (a
 * string that changes whenever the program does: its path, size and time)
 * from the same directory and files (sizes, modification and change times,
 * inodes) and is intact; otherwise the TSVs are read and a new copy is
 * written atomically (temporary file, then rename). A missing, stale or
 * damaged copy, or a cache directory that cannot be written, costs only the
 * time of a full load: the lexicon is always that of the TSVs. With
 * @cache_dir or @build_id NULL this is tg_lexicon_load(). */
TgLexicon *tg_lexicon_load_cached (const char *dir, const char *cache_dir, const char *build_id, GError **error);

/* Whether @lexicon was read from a cache (for tests and diagnostics). */
gboolean tg_lexicon_from_cache (const TgLexicon *lexicon);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgLexicon, tg_lexicon_free)

/* Semantic checks beyond the format: unknown party codes, duplicate names with
 * conflicting data. Returns one message per problem ("FILE:LINE: ..."); an empty
 * array when all is well. */
GPtrArray *tg_lexicon_check (const TgLexicon *lexicon);

/* Looks up a folded phrase (tokens folded with tg_norm_fold() and joined by one
 * space). Returns FALSE if no name starts with it. Otherwise sets @entries to the
 * entries named exactly so (NULL if it is only a prefix of longer names). The
 * array belongs to the lexicon and lives as long as it; it is a read-only view
 * (read its pdata and len; never ref, change or free it). Thread-safe. */
gboolean tg_lexicon_lookup (const TgLexicon *lexicon, const char *key, const GPtrArray **entries);

/* tg_lexicon_lookup() of the @len bytes at @key, which need not be
 * NUL-terminated. */
gboolean tg_lexicon_lookup_len (const TgLexicon *lexicon, const char *key, gsize len,
                                const GPtrArray **entries);

/* The context roles (TgContextRole bits) of a stemmed phrase, or of an exact
 * phrase written "=" + folded words; 0 if unknown. */
guint tg_lexicon_context (const TgLexicon *lexicon, const char *stem_key);

/* tg_lexicon_context() of the @len bytes at @key, which need not be
 * NUL-terminated. */
guint tg_lexicon_context_len (const TgLexicon *lexicon, const char *key, gsize len);

/* tg_lexicon_context_len(), and in @longer the roles of the longer phrases
 * that start with the key (0 when none does): a phrase walk that wants none of
 * them can stop. */
guint tg_lexicon_context_walk (const TgLexicon *lexicon, const char *key, gsize len, guint *longer);

/* The display name of a party code ("Russia" for RUS), or NULL if unknown. */
const char *tg_lexicon_party_name (const TgLexicon *lexicon, const char *code);

/* The kind of a party code ("state", "intl", "nonstate"; parties-*.tsv), or
 * NULL if unknown. */
const char *tg_lexicon_party_kind (const TgLexicon *lexicon, const char *code);

/* The interned copy of @code if it is a known party, else NULL. */
const char *tg_lexicon_party_intern (const TgLexicon *lexicon, const char *code);

/* Number of name entries loaded (for messages and benchmarks). */
guint tg_lexicon_n_entries (const TgLexicon *lexicon);

const char *tg_lex_kind_name (TgLexKind kind);
const char *tg_place_kind_name (TgPlaceKind kind);

/* Calls @func for each data row of the TSV file at @path whose header row must
 * equal @columns (a NULL-terminated list). @func gets the fields (exactly as many
 * as columns) and the line number; it may fail, and its error message is
 * prefixed with "PATH:LINE: ". Used by the lexicon and the stance model. */
typedef gboolean (*TgTsvRowFunc) (char **fields, guint line, gpointer user_data, GError **error);
gboolean tg_tsv_read (const char *path, const char *const *columns, TgTsvRowFunc func,
                      gpointer user_data, GError **error);

G_END_DECLS
