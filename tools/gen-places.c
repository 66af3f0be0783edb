/* gen-places.c — generates the gazetteer lexicons from iso-codes and libgeonames.
 *
 * Reads country names (ISO 3166-1) and subdivision names (ISO 3166-2) from
 * iso-codes' JSON and city names from libgeonames, drops names that are ordinary
 * English words or listed in lexicons/places-deny.tsv, and writes
 * lexicons/places-generated.tsv and lexicons/parties-states.tsv in a fixed order,
 * so that a regeneration shows up as a readable diff. Hand-made facts (capitals,
 * exonyms, rivers, small towns in war zones) live in lexicons/places-curated.tsv. */
#include <geonames/geonames.h>
#include <glib.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

/* Versions and paths come from the build (tools/meson.build); these fallbacks only
 * serve a hand compile, and say so in the output's provenance header. */
#ifndef GEONAMES_VERSION
#define GEONAMES_VERSION "(version unknown)"
#endif
#ifndef ISO_CODES_VERSION
#define ISO_CODES_VERSION "(version unknown)"
#endif
#ifndef ISO_CODES_JSON_DIR
#define ISO_CODES_JSON_DIR "/usr/share/iso-codes/json"
#endif

#define PROGRAM "gen-places"

/* libgeonames ships GeoNames' cities15000 dump plus a few capitals: below 15000
 * inhabitants it holds only about 40 stray records (half with no population at
 * all), so this default keeps the whole real list. Small towns that matter in war
 * news and are missing from the dump are in places-curated.tsv. */
#define DEFAULT_MIN_POPULATION 15000
#define DEFAULT_DENY_FILE "lexicons/places-deny.tsv"
#define DEFAULT_OUTPUT_DIR "lexicons"

/* How many dropped names the summary shows per reason. */
#define SUMMARY_EXAMPLES 8

enum
{
  GP_EXIT_OK = 0,
  GP_EXIT_FAILURE = 1,
  GP_EXIT_USAGE = 2,
};

typedef enum
{
  GP_ERROR_DATA, /* an input file is malformed */
} GpError;

#define GP_ERROR (gp_error_quark ())
static G_DEFINE_QUARK (gen-places-error-quark, gp_error)

static const char *const default_wordlists[] = {
  "/usr/share/dict/american-english",
  "/usr/share/dict/british-english",
};

/* ISO 3166-2 subdivision types that news names as places. Left out on purpose:
 * municipalities, parishes, communes, boroughs and similar second-level units
 * (Slovenia alone has 212), the French départements and British council areas,
 * and units whose ISO names are Russian or Belarusian transliterations of
 * adjectival official forms ("Belgorodskaja oblast'") that no English text uses. */
static const char *const wanted_subdivision_types[] = {
  "Autonomous city in north africa",
  "Autonomous community",
  "Autonomous province",
  "Autonomous region",
  "Autonomous republic",
  "Autonomous territorial unit",
  "Canton",
  "County",
  "Country",
  "Department",
  "Division",
  "Emirate",
  "Entity",
  "Geographical unit",
  "Governorate",
  "Land",
  "Metropolitan collectivity with special status",
  "Metropolitan region",
  "Overseas collectivity",
  "Overseas collectivity with special status",
  "Overseas region",
  "Pakistan administered area",
  "Popularate",
  "Prefecture",
  "Province",
  "Rayon",
  "Region",
  "Regional state",
  "State",
  "Territorial unit",
  "Territory",
  "Union territory",
};

/* Countries whose first-level units are districts that news names: Bangladesh
 * (Cox's Bazar), Cyprus (Kyrenia), Sri Lanka (Jaffna), Moldova (the districts
 * along the Transnistrian line), Uganda. Elsewhere "District" is a second-level
 * unit or carries non-English official names (Israel's "Al Janūbī"). */
static const char *const district_countries[] = { "BD", "CY", "LK", "MD", "UG" };

/* A subdivision name holding one of these words is an official form ("Kharkivska
 * oblast", "Chukotskiy avtonomnyy okrug") that news never writes; compared lower
 * case, without a trailing apostrophe. */
static const char *const official_form_words[] = {
  "apskritis", "avtonomnyj", "avtonomnyy", "bukto", "distrikt", "foru",
  "gewest", "kraj", "kray", "län", "miestas", "namdo", "oblast", "oblasti",
  "oblys", "oblysy", "okrug", "respublika", "respublikasi", "respublikasy",
  "unitatea", "viloyati", "voblasć", "wilayah", "zizhiqu", "županija",
};

/* Trailing words of Chinese official forms that are dropped to get the name that
 * news writes: "Anhui Sheng" -> "Anhui", "Beijing Shi" -> "Beijing". */
static const char *const official_suffix_words[] = { " Sheng", " Shi" };

typedef enum
{
  DROP_BELOW_THRESHOLD,
  DROP_UNKNOWN_COUNTRY,
  DROP_NOT_A_NAME,
  DROP_SUBDIVISION_TYPE,
  DROP_OFFICIAL_FORM,
  DROP_ALSO_COUNTRY,
  DROP_WORDLIST,
  DROP_DENY,
  DROP_DUPLICATE,
  N_DROP_REASONS
} DropReason;

static const char *const drop_reason_text[N_DROP_REASONS] = {
  [DROP_BELOW_THRESHOLD] = "city below --min-population",
  [DROP_UNKNOWN_COUNTRY] = "country code not in ISO 3166-1",
  [DROP_NOT_A_NAME] = "not a proper name (lower-case initial, numbered district)",
  [DROP_SUBDIVISION_TYPE] = "subdivision type not named in news",
  [DROP_OFFICIAL_FORM] = "official form news never writes",
  [DROP_ALSO_COUNTRY] = "subdivision that is also an ISO 3166-1 entry (kept as country)",
  [DROP_WORDLIST] = "ordinary English word (word list)",
  [DROP_DENY] = "listed in the deny file",
  [DROP_DUPLICATE] = "same name, country and kind already kept",
};

typedef enum
{
  KIND_COUNTRY,
  KIND_SUBDIVISION,
  KIND_CITY,
  N_KINDS
} Kind;

static const char *const kind_text[N_KINDS] = { "country", "subdivision", "city" };

typedef struct
{
  char *name;
  char *country; /* ISO 3166-1 alpha-3 */
  Kind kind;
  char *admin;     /* may be empty */
  gint64 population; /* cities only; -1 elsewhere */
} PlaceRow;

static void
place_row_free (PlaceRow *row)
{
  if (row == NULL)
    return;
  g_free (row->name);
  g_free (row->country);
  g_free (row->admin);
  g_free (row);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlaceRow, place_row_free)

typedef struct
{
  char *alpha_2;
  char *alpha_3;
  char *name;
  char *common_name;   /* NULL when iso-codes has none */
  char *official_name; /* NULL when iso-codes has none */
} Country;

static void
country_free (Country *c)
{
  if (c == NULL)
    return;
  g_free (c->alpha_2);
  g_free (c->alpha_3);
  g_free (c->name);
  g_free (c->common_name);
  g_free (c->official_name);
  g_free (c);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Country, country_free)

/* Everything one run needs; built by main, freed by gen_free. */
typedef struct
{
  gint64 min_population;
  GHashTable *common_words; /* lower-case word list entries (set) */
  GHashTable *deny;         /* case-folded denied names (set) */
  GPtrArray *countries;     /* of Country, in iso-codes order */
  GHashTable *country_of;   /* alpha-2 -> Country, borrowed from countries */
  GHashTable *rows;         /* "name\tcountry\tkind" -> PlaceRow */
  guint dropped[N_DROP_REASONS];
  GPtrArray *examples[N_DROP_REASONS];
  guint kept_variants[N_KINDS]; /* candidate names kept, before de-duplication */
  guint folded_variants;        /* rows written in ASCII from a transliteration */
} Gen;

static Gen *
gen_new (gint64 min_population)
{
  Gen *gen = g_new0 (Gen, 1);
  gen->min_population = min_population;
  gen->common_words = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gen->deny = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gen->countries = g_ptr_array_new_with_free_func ((GDestroyNotify) country_free);
  gen->country_of = g_hash_table_new (g_str_hash, g_str_equal);
  gen->rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                     (GDestroyNotify) place_row_free);
  for (guint i = 0; i < N_DROP_REASONS; i++)
    gen->examples[i] = g_ptr_array_new_with_free_func (g_free);
  return gen;
}

static void
gen_free (Gen *gen)
{
  if (gen == NULL)
    return;
  g_hash_table_unref (gen->common_words);
  g_hash_table_unref (gen->deny);
  g_hash_table_unref (gen->country_of);
  g_ptr_array_unref (gen->countries);
  g_hash_table_unref (gen->rows);
  for (guint i = 0; i < N_DROP_REASONS; i++)
    g_ptr_array_unref (gen->examples[i]);
  g_free (gen);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Gen, gen_free)

static void
gen_drop (Gen *gen, DropReason reason, const char *name)
{
  gen->dropped[reason]++;
  if (gen->examples[reason]->len < SUMMARY_EXAMPLES)
    g_ptr_array_add (gen->examples[reason], g_strdup (name));
}

static gboolean
str_in (const char *s, const char *const *list, gsize n)
{
  for (gsize i = 0; i < n; i++)
    if (strcmp (s, list[i]) == 0)
      return TRUE;
  return FALSE;
}

/* ---- name cleaning ------------------------------------------------------ */

/* Collapses runs of white space to one space and trims both ends. Returns a new
 * string. Tabs and line breaks thus never reach a TSV field. */
static char *
squeeze_spaces (const char *s)
{
  GString *out = g_string_new (NULL);
  gboolean pending = FALSE;
  for (const char *p = s; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p))
        {
          pending = out->len > 0;
          continue;
        }
      if (pending)
        g_string_append_c (out, ' ');
      pending = FALSE;
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/* Removes every "(...)" and "[...]" group ("Bender [Tighina]" -> "Bender",
 * "Guyane (française)" -> "Guyane"). Returns a new, space-squeezed string. */
static char *
strip_brackets (const char *s)
{
  GString *out = g_string_new (NULL);
  int depth = 0;
  for (const char *p = s; *p != '\0'; p++)
    {
      if (*p == '(' || *p == '[')
        depth++;
      else if ((*p == ')' || *p == ']') && depth > 0)
        depth--;
      else if (depth == 0)
        g_string_append_c (out, *p);
    }
  g_autofree char *raw = g_string_free (out, FALSE);
  return squeeze_spaces (raw);
}

/* Whether s carries the marks of a scholarly transliteration (macrons, dots and
 * lines under letters, ayn and hamza signs, schwa, pinyin tones, a final
 * apostrophe) rather than a national orthography. Such a form ("Ḩalab",
 * "Ma’rib") never appears in English news; its ASCII folding often does
 * ("Marib"). */
static gboolean
has_transliteration_marks (const char *s)
{
  for (const char *p = s; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (c < 0x80)
        continue;
      if (g_unichar_type (c) == G_UNICODE_NON_SPACING_MARK)
        return TRUE; /* a combining mark left over after NFC: "Z̧", "H̱" */
      switch (c)
        {
        case 0x0100: case 0x0101: case 0x0112: case 0x0113: /* Ā ā Ē ē */
        case 0x012A: case 0x012B: case 0x014C: case 0x014D: /* Ī ī Ō ō */
        case 0x016A: case 0x016B: case 0x014E: case 0x014F: /* Ū ū Ŏ ŏ */
        case 0x016C: case 0x016D: case 0x0120: case 0x0121: /* Ŭ ŭ Ġ ġ */
        case 0x018F: case 0x0259: case 0x01DD:              /* Ə ə ǝ */
        case 0x0162: case 0x0163: /* Ţ ţ: Arabic emphatic t; Romanian writes ț */
        case 0x2018: case 0x2019: case 0x2032:              /* ‘ ’ ′ */
          return TRUE;
        default:
          break;
        }
      if ((c >= 0x01CD && c <= 0x01DC)     /* pinyin tone letters: ǎ ǒ ǔ */
          || (c >= 0x02B0 && c <= 0x02FF)  /* modifier letters: ʻ ʼ ʿ ʾ */
          || (c >= 0x1E00 && c <= 0x1EFF)) /* Latin Extended Additional: ḩ ḑ ẕ ṟ */
        return TRUE;
    }
  /* A final apostrophe is a soft sign or glottal stop ("Ob'", "Syunik'"). */
  return g_str_has_suffix (s, "'");
}

/* Letters that Unicode does not decompose into a base letter and a mark, with the
 * ASCII that English text writes for them. */
static const char *
fold_letter (gunichar c)
{
  switch (c)
    {
    case 0x0131: return "i";  /* ı */
    case 0x0259: case 0x01DD: return "e"; /* ə ǝ */
    case 0x018F: return "E";  /* Ə */
    case 0x0142: return "l";  /* ł */
    case 0x0141: return "L";  /* Ł */
    case 0x00F8: return "o";  /* ø */
    case 0x00D8: return "O";  /* Ø */
    case 0x0111: return "d";  /* đ */
    case 0x0110: return "D";  /* Đ */
    case 0x00DF: return "ss"; /* ß */
    case 0x00E6: return "ae"; /* æ */
    case 0x00C6: return "Ae"; /* Æ */
    case 0x0153: return "oe"; /* œ */
    case 0x0152: return "Oe"; /* Œ */
    case 0x00FE: return "th"; /* þ */
    case 0x00DE: return "Th"; /* Þ */
    case 0x00F0: return "d";  /* ð */
    case 0x0127: return "h";  /* ħ */
    case 0x0126: return "H";  /* Ħ */
    default: return NULL;
    }
}

/* Returns s with diacritics removed and transliteration apostrophes (‘ ’ ʻ ʼ ...)
 * dropped, as English news spells most foreign names: "Bogotá" -> "Bogota",
 * "Ma’rib" -> "Marib", "Laçın" -> "Lacin". A typographic apostrophe after a
 * one-letter word is an elision and becomes ASCII ("d’Azur" -> "d'Azur"); a
 * trailing ASCII apostrophe ("Syunik'") goes; other characters are kept.
 * Returns a new string. */
static char *
fold_name (const char *s)
{
  g_autofree char *nfd = g_utf8_normalize (s, -1, G_NORMALIZE_NFD);
  GString *out = g_string_new (NULL);
  for (const char *p = nfd; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      const char *ascii = fold_letter (c);
      if (ascii != NULL)
        g_string_append (out, ascii);
      else if ((c == 0x2019 || c == 0x2018) && out->len > 0
               && g_ascii_isalpha (out->str[out->len - 1])
               && (out->len == 1 || out->str[out->len - 2] == ' ' || out->str[out->len - 2] == '-'))
        g_string_append_c (out, '\''); /* an elision: "Côte-d’Azur" -> "Cote-d'Azur" */
      else if (g_unichar_type (c) == G_UNICODE_NON_SPACING_MARK
               || c == 0x2018 || c == 0x2019 || c == 0x2032
               || (c >= 0x02B0 && c <= 0x02FF))
        continue;
      else
        g_string_append_unichar (out, c);
    }
  while (out->len > 0 && out->str[out->len - 1] == '\'')
    g_string_truncate (out, out->len - 1);
  g_autofree char *folded = g_string_free (out, FALSE);
  g_autofree char *nfc = g_utf8_normalize (folded, -1, G_NORMALIZE_NFC);
  return squeeze_spaces (nfc);
}

/* Whether the name starts the way a proper name does: with a capital or an
 * apostrophe ("'s-Hertogenbosch"), not with a lower-case letter ("bishopric of
 * Perugia", "nohiyahoi tobei jumhurí") or a sign ("//Karas"). A digit is
 * fine ("6th of October City"). */
static gboolean
looks_like_name (const char *name)
{
  if (name == NULL)
    return FALSE;
  /* A leading ayn or hamza sign ("‘Adan") is skipped: folding drops it. */
  gunichar c = g_utf8_get_char (name);
  while (c == 0x2018 || c == 0x2019 || (c >= 0x02B0 && c <= 0x02FF))
    {
      name = g_utf8_next_char (name);
      c = g_utf8_get_char (name);
    }
  return c == '\'' || g_unichar_isdigit (c)
         || (g_unichar_isalpha (c) && !g_unichar_islower (c));
}

/* Whether a name holds a number after its first word: a numbered district
 * ("Marseille 01", "Sungho 1-tong") rather than a town ("6th of October City"). */
static gboolean
has_number_word (const char *name)
{
  for (const char *sp = strchr (name, ' '); sp != NULL; sp = strchr (sp + 1, ' '))
    if (g_ascii_isdigit (sp[1]))
      return TRUE;
  return FALSE;
}

/* Whether a subdivision name holds a word of an official form, alone or as a
 * hyphenated part ("Chungcheong-namdo"). */
static gboolean
has_official_form_word (const char *name)
{
  g_autofree char *lower = g_utf8_strdown (name, -1);
  g_auto (GStrv) words = g_strsplit_set (lower, " -", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      gsize len = strlen (words[i]);
      while (len > 0 && (words[i][len - 1] == '\'' || words[i][len - 1] == ','))
        words[i][--len] = '\0';
      if (str_in (words[i], official_form_words, G_N_ELEMENTS (official_form_words)))
        return TRUE;
    }
  return FALSE;
}

/* Turns an ISO 3166-2 name into the name English news would write, or returns
 * NULL and sets *reason when there is none: brackets go ("Bender [Tighina]"),
 * an inverted generic after a comma goes ("Asturias, Principado de" ->
 * "Asturias"), a comma list of several units is dropped ("Southern Nations,
 * Nationalities and Peoples"), as are official forms ("Kharkivska oblast"),
 * alternatives written with a slash and numbered units.
 * Returns a new string. */
static char *
clean_subdivision_name (const char *raw, DropReason *reason)
{
  g_autofree char *name = strip_brackets (raw);
  /* ISO marks co-official Spanish names with a star ("Araba*"); "Bolama /
   * Bijagós" and "Province 1" are not names news writes. */
  g_strdelimit (name, "*", ' ');
  g_strchomp (name);
  if (strchr (name, '/') != NULL || strpbrk (name, "0123456789") != NULL)
    {
      *reason = DROP_OFFICIAL_FORM;
      return NULL;
    }
  const char *comma = strchr (name, ',');
  if (comma != NULL)
    {
      const char *rest = comma + 1;
      if (strstr (rest, " and ") != NULL || strstr (rest, " y ") != NULL
          || strchr (rest, ',') != NULL)
        {
          *reason = DROP_OFFICIAL_FORM;
          return NULL;
        }
      name[comma - name] = '\0';
      g_strchomp (name);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (official_suffix_words); i++)
    if (g_str_has_suffix (name, official_suffix_words[i]))
      name[strlen (name) - strlen (official_suffix_words[i])] = '\0';
  if (has_official_form_word (name))
    {
      *reason = DROP_OFFICIAL_FORM;
      return NULL;
    }
  if (!looks_like_name (name))
    {
      *reason = DROP_NOT_A_NAME;
      return NULL;
    }
  return g_steal_pointer (&name);
}

/* Adds to forms the names that English text uses for one iso-codes country name:
 * the ISO order "Iran, Islamic Republic of" is turned round to "Islamic Republic
 * of Iran" ("Virgin Islands, British" -> "British Virgin Islands"); a name that is
 * really a list ("Bonaire, Sint Eustatius and Saba") stays as it is; any other
 * comma tail is a qualifier and goes ("Taiwan, Province of China" -> "Taiwan").
 * The head alone is not added: "Congo" and "Korea" would name two states each
 * (the short names news uses are in places-curated.tsv).
 * A final parenthesis of capitalised words is a second name ("Falkland Islands
 * (Malvinas)" gives "Malvinas"); other parentheses go ("Saint Martin (French
 * part)", "Cocos (Keeling) Islands"). A leading article goes ("the State of
 * Palestine"). The first form added is the full name, the others follow it. */
static void
country_name_forms (const char *raw, GPtrArray *forms)
{
  g_autofree char *trimmed = squeeze_spaces (raw);
  g_autofree char *alias = NULL;
  const char *open = strrchr (trimmed, '(');
  if (open != NULL && g_str_has_suffix (trimmed, ")"))
    {
      g_autofree char *inner = g_strndup (open + 1, strlen (open + 1) - 1);
      g_auto (GStrv) words = g_strsplit (inner, " ", -1);
      gboolean all_capitalised = *inner != '\0';
      for (guint i = 0; words[i] != NULL; i++)
        if (!g_unichar_isupper (g_utf8_get_char (words[i])))
          all_capitalised = FALSE;
      if (all_capitalised)
        alias = g_steal_pointer (&inner);
    }
  g_autofree char *name = strip_brackets (trimmed);
  if (g_str_has_prefix (name, "the ") || g_str_has_prefix (name, "The "))
    memmove (name, name + 4, strlen (name + 4) + 1);
  const char *comma = strstr (name, ", ");
  if (comma == NULL)
    g_ptr_array_add (forms, g_steal_pointer (&name));
  else
    {
      g_autofree char *head = g_strndup (name, (gsize) (comma - name));
      const char *tail = comma + 2;
      if (g_str_has_prefix (tail, "The ") || g_str_has_prefix (tail, "the "))
        tail += 4;
      if (g_str_has_suffix (tail, " of") || g_str_has_suffix (tail, " of the")
          || strchr (tail, ' ') == NULL)
        g_ptr_array_add (forms, g_strdup_printf ("%s %s", tail, head));
      else if (strstr (tail, " and ") != NULL)
        g_ptr_array_add (forms, g_steal_pointer (&name));
      else
        g_ptr_array_add (forms, g_steal_pointer (&head));
    }
  if (alias != NULL)
    g_ptr_array_add (forms, g_steal_pointer (&alias));
}

/* ---- filters and the row table ------------------------------------------ */

static gboolean
is_common_word (Gen *gen, const char *name)
{
  g_autofree char *lower = g_utf8_strdown (name, -1);
  return g_hash_table_contains (gen->common_words, lower);
}

static gboolean
is_denied (Gen *gen, const char *name)
{
  g_autofree char *folded = g_utf8_casefold (name, -1);
  return g_hash_table_contains (gen->deny, folded);
}

/* Offers one (name, country, kind) row. Countries are never filtered; other
 * names are dropped when denied or when they are ordinary English words. The
 * first row for a key wins, except that a more populous city replaces a smaller
 * one of the same name in the same country. Returns whether the row is kept. */
static gboolean
gen_offer (Gen *gen, const char *name, const char *country, Kind kind,
           const char *admin, gint64 population)
{
  if (kind != KIND_COUNTRY)
    {
      if (is_denied (gen, name))
        {
          gen_drop (gen, DROP_DENY, name);
          return FALSE;
        }
      if (is_common_word (gen, name))
        {
          gen_drop (gen, DROP_WORDLIST, name);
          return FALSE;
        }
    }
  gen->kept_variants[kind]++;
  g_autofree char *key = g_strdup_printf ("%s\t%s\t%s", name, country, kind_text[kind]);
  PlaceRow *old = g_hash_table_lookup (gen->rows, key);
  if (old != NULL)
    {
      gen_drop (gen, DROP_DUPLICATE, name);
      if (kind == KIND_CITY && population > old->population)
        {
          g_free (old->admin);
          old->admin = g_strdup (admin);
          old->population = population;
        }
      return FALSE;
    }
  g_autoptr (PlaceRow) row = g_new0 (PlaceRow, 1);
  row->name = g_strdup (name);
  row->country = g_strdup (country);
  row->kind = kind;
  row->admin = g_strdup (admin);
  row->population = population;
  g_hash_table_insert (gen->rows, g_steal_pointer (&key), g_steal_pointer (&row));
  return TRUE;
}

/* Offers a name, or its ASCII folding when the name is a scholarly
 * transliteration ("Ma’rib" -> "Marib"). Names in a national orthography are
 * offered as they are: the tagger folds diacritics itself when it looks names
 * up, so "Bogotá" already matches "Bogota". */
static void
gen_offer_clean (Gen *gen, const char *name, const char *country, Kind kind,
                 const char *admin, gint64 population)
{
  if (!has_transliteration_marks (name))
    {
      gen_offer (gen, name, country, kind, admin, population);
      return;
    }
  g_autofree char *folded = fold_name (name);
  if (!looks_like_name (folded))
    {
      gen_drop (gen, DROP_NOT_A_NAME, name);
      return;
    }
  if (gen_offer (gen, folded, country, kind, admin, population))
    gen->folded_variants++;
}

/* ---- inputs ------------------------------------------------------------- */

/* Reads the lower-case entries of a word list (one word a line) into the set of
 * common words. Capitalised entries are proper nouns and are skipped. */
static gboolean
load_wordlist (Gen *gen, const char *path, GError **error)
{
  g_autofree char *text = NULL;
  gsize len = 0;
  if (!g_file_get_contents (path, &text, &len, error))
    return FALSE;
  if (!g_utf8_validate (text, (gssize) len, NULL))
    {
      g_set_error (error, GP_ERROR, GP_ERROR_DATA, "%s: not valid UTF-8", path);
      return FALSE;
    }
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_strchomp (lines[i]);
      if (lines[i][0] == '\0')
        continue;
      g_autofree char *lower = g_utf8_strdown (lines[i], -1);
      if (strcmp (lower, lines[i]) == 0)
        g_hash_table_add (gen->common_words, g_steal_pointer (&lower));
    }
  return TRUE;
}

/* Reads the deny file: a TSV with comment lines, the header "name<TAB>reason"
 * and two fields a row. Errors name the file and line. */
static gboolean
load_deny (Gen *gen, const char *path, GError **error)
{
  g_autofree char *text = NULL;
  gsize len = 0;
  if (!g_file_get_contents (path, &text, &len, error))
    return FALSE;
  if (!g_utf8_validate (text, (gssize) len, NULL))
    {
      g_set_error (error, GP_ERROR, GP_ERROR_DATA, "%s: not valid UTF-8", path);
      return FALSE;
    }
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  gboolean seen_header = FALSE;
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      if (line[0] == '#' || (line[0] == '\0' && lines[i + 1] == NULL))
        continue;
      g_auto (GStrv) fields = g_strsplit (line, "\t", -1);
      if (!seen_header)
        {
          if (g_strv_length (fields) != 2 || strcmp (fields[0], "name") != 0
              || strcmp (fields[1], "reason") != 0)
            {
              g_set_error (error, GP_ERROR, GP_ERROR_DATA,
                           "%s:%u: expected the header 'name<TAB>reason'", path, i + 1);
              return FALSE;
            }
          seen_header = TRUE;
          continue;
        }
      if (g_strv_length (fields) != 2 || fields[0][0] == '\0')
        {
          g_set_error (error, GP_ERROR, GP_ERROR_DATA,
                       "%s:%u: expected a name and a reason separated by one tab",
                       path, i + 1);
          return FALSE;
        }
      g_hash_table_add (gen->deny, g_utf8_casefold (fields[0], -1));
    }
  if (!seen_header)
    {
      g_set_error (error, GP_ERROR, GP_ERROR_DATA, "%s: no header row", path);
      return FALSE;
    }
  return TRUE;
}

/* Returns the array under `key` in an iso-codes JSON file, owned by parser. */
static JsonArray *
load_iso_array (JsonParser *parser, const char *path, const char *key, GError **error)
{
  if (!json_parser_load_from_file (parser, path, error))
    return NULL;
  JsonNode *root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, GP_ERROR, GP_ERROR_DATA, "%s: top level is not an object", path);
      return NULL;
    }
  JsonNode *node = json_object_get_member (json_node_get_object (root), key);
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, GP_ERROR, GP_ERROR_DATA, "%s: no array \"%s\"", path, key);
      return NULL;
    }
  return json_node_get_array (node);
}

static char *
dup_member (JsonObject *obj, const char *member)
{
  JsonNode *node = json_object_get_member (obj, member);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return g_strdup (json_node_get_string (node));
}

static gboolean
load_countries (Gen *gen, const char *iso_dir, GError **error)
{
  g_autofree char *path = g_build_filename (iso_dir, "iso_3166-1.json", NULL);
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonArray *array = load_iso_array (parser, path, "3166-1", error);
  if (array == NULL)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *obj = json_array_get_object_element (array, i);
      g_autoptr (Country) c = g_new0 (Country, 1);
      if (obj != NULL)
        {
          c->alpha_2 = dup_member (obj, "alpha_2");
          c->alpha_3 = dup_member (obj, "alpha_3");
          c->name = dup_member (obj, "name");
          c->common_name = dup_member (obj, "common_name");
          c->official_name = dup_member (obj, "official_name");
        }
      if (c->alpha_2 == NULL || c->alpha_3 == NULL || c->name == NULL)
        {
          g_set_error (error, GP_ERROR, GP_ERROR_DATA,
                       "%s: entry %u lacks alpha_2, alpha_3 or name", path, i);
          return FALSE;
        }
      g_hash_table_insert (gen->country_of, c->alpha_2, c);
      g_ptr_array_add (gen->countries, g_steal_pointer (&c));
    }
  return TRUE;
}

/* Kosovo has no ISO 3166-1 code; GeoNames uses XK and the EU, the IMF and this
 * project's contract use XKX. It is added as a state but not as a generated
 * country name: places-curated.tsv has its names. */
static void
add_kosovo (Gen *gen)
{
  g_autoptr (Country) c = g_new0 (Country, 1);
  c->alpha_2 = g_strdup ("XK");
  c->alpha_3 = g_strdup ("XKX");
  c->name = g_strdup ("Kosovo");
  g_hash_table_insert (gen->country_of, c->alpha_2, c);
  g_ptr_array_add (gen->countries, g_steal_pointer (&c));
}

static void
add_country_rows (Gen *gen)
{
  for (guint i = 0; i < gen->countries->len; i++)
    {
      Country *c = g_ptr_array_index (gen->countries, i);
      if (strcmp (c->alpha_3, "XKX") == 0)
        continue;
      const char *sources[] = { c->name, c->common_name, c->official_name };
      for (gsize s = 0; s < G_N_ELEMENTS (sources); s++)
        {
          if (sources[s] == NULL)
            continue;
          g_autoptr (GPtrArray) forms = g_ptr_array_new_with_free_func (g_free);
          country_name_forms (sources[s], forms);
          for (guint f = 0; f < forms->len; f++)
            gen_offer_clean (gen, g_ptr_array_index (forms, f), c->alpha_3,
                             KIND_COUNTRY, "", -1);
        }
    }
}

/* Whether name is one of the country's names, in any of the forms that
 * country_name_forms derives from them. */
static gboolean
country_has_name (const Country *c, const char *name)
{
  const char *sources[] = { c->name, c->common_name, c->official_name };
  for (gsize s = 0; s < G_N_ELEMENTS (sources); s++)
    {
      if (sources[s] == NULL)
        continue;
      g_autoptr (GPtrArray) forms = g_ptr_array_new_with_free_func (g_free);
      country_name_forms (sources[s], forms);
      for (guint f = 0; f < forms->len; f++)
        if (strcmp (g_ptr_array_index (forms, f), name) == 0)
          return TRUE;
    }
  return FALSE;
}

static gboolean
add_subdivision_rows (Gen *gen, const char *iso_dir, GError **error)
{
  g_autofree char *path = g_build_filename (iso_dir, "iso_3166-2.json", NULL);
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonArray *array = load_iso_array (parser, path, "3166-2", error);
  if (array == NULL)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *obj = json_array_get_object_element (array, i);
      g_autofree char *code = obj != NULL ? dup_member (obj, "code") : NULL;
      g_autofree char *name = obj != NULL ? dup_member (obj, "name") : NULL;
      g_autofree char *type = obj != NULL ? dup_member (obj, "type") : NULL;
      if (code == NULL || name == NULL || type == NULL || strlen (code) < 4 || code[2] != '-')
        {
          g_set_error (error, GP_ERROR, GP_ERROR_DATA,
                       "%s: entry %u lacks a code like XX-YY, a name or a type", path, i);
          return FALSE;
        }
      g_autofree char *alpha_2 = g_strndup (code, 2);
      const Country *parent = g_hash_table_lookup (gen->country_of, alpha_2);
      if (parent == NULL)
        {
          gen_drop (gen, DROP_UNKNOWN_COUNTRY, name);
          continue;
        }
      gboolean wanted = str_in (type, wanted_subdivision_types,
                                G_N_ELEMENTS (wanted_subdivision_types))
                        || (strcmp (type, "District") == 0
                            && str_in (alpha_2, district_countries,
                                       G_N_ELEMENTS (district_countries)));
      if (!wanted)
        {
          gen_drop (gen, DROP_SUBDIVISION_TYPE, name);
          continue;
        }
      DropReason reason = DROP_OFFICIAL_FORM;
      g_autofree char *clean = clean_subdivision_name (name, &reason);
      if (clean == NULL)
        {
          gen_drop (gen, reason, name);
          continue;
        }
      /* ISO lists some territories twice: CN-TW is TW, FR-GP is GP, NL-AW is AW. */
      const Country *self = g_hash_table_lookup (gen->country_of, code + 3);
      if (self != NULL && country_has_name (self, clean))
        {
          gen_drop (gen, DROP_ALSO_COUNTRY, clean);
          continue;
        }
      gen_offer_clean (gen, clean, parent->alpha_3, KIND_SUBDIVISION, code, -1);
    }
  return TRUE;
}

static void
add_city_rows (Gen *gen)
{
  gint n = geonames_get_n_cities ();
  for (gint i = 0; i < n; i++)
    {
      g_autoptr (GeonamesCity) city = geonames_get_city (i);
      if (city == NULL)
        continue;
      const char *raw_name = geonames_city_get_name (city);
      const char *cc = geonames_city_get_country_code (city);
      const char *state = geonames_city_get_state (city);
      gint64 population = geonames_city_get_population (city);
      if (raw_name == NULL || !g_utf8_validate (raw_name, -1, NULL))
        {
          gen_drop (gen, DROP_NOT_A_NAME, "(invalid)");
          continue;
        }
      g_autofree char *name = strip_brackets (raw_name);
      if (population < gen->min_population)
        {
          gen_drop (gen, DROP_BELOW_THRESHOLD, name);
          continue;
        }
      const Country *country = cc != NULL ? g_hash_table_lookup (gen->country_of, cc) : NULL;
      if (country == NULL)
        {
          gen_drop (gen, DROP_UNKNOWN_COUNTRY, name);
          continue;
        }
      if (!looks_like_name (name) || has_number_word (name))
        {
          gen_drop (gen, DROP_NOT_A_NAME, name);
          continue;
        }
      g_autofree char *admin = NULL;
      if (state != NULL && g_utf8_validate (state, -1, NULL))
        admin = squeeze_spaces (state);
      gen_offer_clean (gen, name, country->alpha_3, KIND_CITY,
                              admin != NULL ? admin : "", population);
    }
}

/* ---- output ------------------------------------------------------------- */

static int
compare_rows (gconstpointer a, gconstpointer b)
{
  const PlaceRow *x = *(PlaceRow *const *) a;
  const PlaceRow *y = *(PlaceRow *const *) b;
  int c = strcmp (x->name, y->name);
  if (c == 0)
    c = strcmp (x->country, y->country);
  if (c == 0)
    c = (int) x->kind - (int) y->kind;
  return c;
}

static int
compare_countries (gconstpointer a, gconstpointer b)
{
  const Country *x = *(Country *const *) a;
  const Country *y = *(Country *const *) b;
  return strcmp (x->alpha_3, y->alpha_3);
}

/* Writes contents to dir/name atomically, so a failed run leaves the old file. */
static gboolean
write_file (const char *dir, const char *name, const GString *contents, GError **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  return g_file_set_contents (path, contents->str, (gssize) contents->len, error);
}

static gboolean
write_places (Gen *gen, const char *dir, const char *command, GError **error)
{
  g_autoptr (GPtrArray) rows = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer value;
  g_hash_table_iter_init (&iter, gen->rows);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (rows, value);
  g_ptr_array_sort (rows, compare_rows);
  guint per_kind[N_KINDS] = { 0 };
  for (guint i = 0; i < rows->len; i++)
    per_kind[((PlaceRow *) g_ptr_array_index (rows, i))->kind]++;

  g_autoptr (GString) out = g_string_new (NULL);
  g_string_append_printf (
      out,
      "# places-generated.tsv: place names for the tagger's gazetteer: %u countries,\n"
      "# %u subdivisions and %u cities (rows; a name with several countries has a row each).\n"
      "# Sources: iso-codes %s (ISO 3166-1 country names, ISO 3166-2 subdivision\n"
      "# names; LGPL-2.1+) and libgeonames %s (GeoNames cities15000 data, geonames.org,\n"
      "# CC BY 4.0). GENERATED: do not edit. Fix tools/gen-places.c, places-deny.tsv\n"
      "# or places-curated.tsv (hand-made facts: capitals, exonyms, small towns) instead.\n"
      "# Regenerate: ninja -C build update-lexicons, which runs from the source root:\n"
      "#   %s\n"
      "# Columns: name; country = ISO 3166-1 alpha-3 (XKX for Kosovo); kind = country,\n"
      "# subdivision or city; admin = ISO 3166-2 code for subdivisions, GeoNames state\n"
      "# for cities, empty for countries; population = GeoNames population for cities.\n"
      "# Filters: cities below the population threshold; subdivision types and official\n"
      "# forms news never writes (\"Kharkivska oblast\"); for non-countries, names whose\n"
      "# lower-case form is a lower-case word list entry, and names in places-deny.tsv.\n"
      "# Scholarly transliterations are written in ASCII (\"Ḩalab\" -> \"Halab\", \"Ma’rib\"\n"
      "# -> \"Marib\"); other accented names stay as they are (the tagger folds accents).\n"
      "name\tcountry\tkind\tadmin\tpopulation\n",
      per_kind[KIND_COUNTRY], per_kind[KIND_SUBDIVISION], per_kind[KIND_CITY],
      ISO_CODES_VERSION, GEONAMES_VERSION, command);
  for (guint i = 0; i < rows->len; i++)
    {
      const PlaceRow *row = g_ptr_array_index (rows, i);
      g_string_append_printf (out, "%s\t%s\t%s\t%s\t", row->name, row->country,
                              kind_text[row->kind], row->admin);
      if (row->population >= 0)
        g_string_append_printf (out, "%" G_GINT64_FORMAT, row->population);
      g_string_append_c (out, '\n');
    }
  return write_file (dir, "places-generated.tsv", out, error);
}

static gboolean
write_states (Gen *gen, const char *dir, const char *command, GError **error)
{
  g_autoptr (GPtrArray) sorted = g_ptr_array_new ();
  for (guint i = 0; i < gen->countries->len; i++)
    g_ptr_array_add (sorted, g_ptr_array_index (gen->countries, i));
  g_ptr_array_sort (sorted, compare_countries);

  g_autoptr (GString) out = g_string_new (NULL);
  g_string_append_printf (
      out,
      "# parties-states.tsv: every state as a party: the %u ISO 3166-1 alpha-3 codes,\n"
      "# plus XKX for Kosovo (a user-assigned code, used by the EU and the IMF).\n"
      "# Source: iso-codes %s (LGPL-2.1+). GENERATED: do not edit.\n"
      "# Regenerate: ninja -C build update-lexicons, which runs from the source root:\n"
      "#   %s\n"
      "# Columns: code; name = iso-codes common_name, else name, with ISO's inverted\n"
      "# \"X, Y of\" form turned round (\"Democratic Republic of the Congo\"); kind = state.\n"
      "code\tname\tkind\n",
      sorted->len - 1, ISO_CODES_VERSION, command);
  for (guint i = 0; i < sorted->len; i++)
    {
      const Country *c = g_ptr_array_index (sorted, i);
      g_autoptr (GPtrArray) forms = g_ptr_array_new_with_free_func (g_free);
      country_name_forms (c->common_name != NULL ? c->common_name : c->name, forms);
      g_string_append_printf (out, "%s\t%s\tstate\n", c->alpha_3,
                              (const char *) g_ptr_array_index (forms, 0));
    }
  return write_file (dir, "parties-states.tsv", out, error);
}

static void
print_summary (Gen *gen)
{
  guint per_kind[N_KINDS] = { 0 };
  GHashTableIter iter;
  gpointer value;
  g_hash_table_iter_init (&iter, gen->rows);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    per_kind[((PlaceRow *) value)->kind]++;
  fprintf (stderr, PROGRAM ": kept %u rows: %u country, %u subdivision, %u city "
                   "(%u of them transliterations written in ASCII)\n",
           g_hash_table_size (gen->rows), per_kind[KIND_COUNTRY],
           per_kind[KIND_SUBDIVISION], per_kind[KIND_CITY], gen->folded_variants);
  fprintf (stderr, PROGRAM ": dropped:\n");
  for (guint r = 0; r < N_DROP_REASONS; r++)
    {
      g_autoptr (GString) line = g_string_new (NULL);
      g_string_append_printf (line, "  %6u  %s", gen->dropped[r], drop_reason_text[r]);
      for (guint i = 0; i < gen->examples[r]->len; i++)
        g_string_append_printf (line, "%s%s", i == 0 ? " (e.g. " : ", ",
                                (const char *) g_ptr_array_index (gen->examples[r], i));
      if (gen->examples[r]->len > 0)
        g_string_append (line, ")");
      fprintf (stderr, "%s\n", line->str);
    }
}

/* The command line that reproduces this run, for the provenance headers. */
static char *
describe_command (const char *output_dir, gint64 min_population, const char *deny,
                  const char *iso_dir, char **wordlists)
{
  GString *cmd = g_string_new (PROGRAM);
  g_string_append_printf (cmd, " --output-dir=%s --min-population=%" G_GINT64_FORMAT
                               " --deny=%s",
                          output_dir, min_population, deny);
  if (strcmp (iso_dir, ISO_CODES_JSON_DIR) != 0)
    g_string_append_printf (cmd, " --iso-codes-dir=%s", iso_dir);
  for (guint i = 0; wordlists[i] != NULL; i++)
    g_string_append_printf (cmd, " --wordlist=%s", wordlists[i]);
  return g_string_free (cmd, FALSE);
}

int
main (int argc, char **argv)
{
  g_autofree char *output_dir = NULL;
  g_autofree char *deny_path = NULL;
  g_autofree char *iso_dir = NULL;
  g_auto (GStrv) wordlists = NULL;
  gint min_population = DEFAULT_MIN_POPULATION;
  g_autoptr (GError) error = NULL;

  setlocale (LC_ALL, "");
  const GOptionEntry entries[] = {
    { "output-dir", 'o', 0, G_OPTION_ARG_FILENAME, &output_dir,
      "Write the lexicons into DIR (default: " DEFAULT_OUTPUT_DIR ")", "DIR" },
    { "min-population", 0, 0, G_OPTION_ARG_INT, &min_population,
      "Keep cities with at least N inhabitants (default: "
      G_STRINGIFY (DEFAULT_MIN_POPULATION) ")", "N" },
    { "wordlist", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &wordlists,
      "English word list, one word a line; repeatable (default: the american- and "
      "british-english lists in /usr/share/dict)", "FILE" },
    { "deny", 0, 0, G_OPTION_ARG_FILENAME, &deny_path,
      "Names never to emit (default: " DEFAULT_DENY_FILE ")", "FILE" },
    { "iso-codes-dir", 0, 0, G_OPTION_ARG_FILENAME, &iso_dir,
      "Directory of iso-codes' JSON files (default: " ISO_CODES_JSON_DIR ")", "DIR" },
    { NULL, 0, 0, 0, NULL, NULL, NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
      "Writes places-generated.tsv and parties-states.tsv from iso-codes and libgeonames.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, PROGRAM ": %s\n", error->message);
      return GP_EXIT_USAGE;
    }
  if (argc > 1)
    {
      fprintf (stderr, PROGRAM ": unexpected argument '%s' (try --help)\n", argv[1]);
      return GP_EXIT_USAGE;
    }
  if (min_population < 0)
    {
      fprintf (stderr, PROGRAM ": --min-population must not be negative\n");
      return GP_EXIT_USAGE;
    }
  if (output_dir == NULL)
    output_dir = g_strdup (DEFAULT_OUTPUT_DIR);
  if (deny_path == NULL)
    deny_path = g_strdup (DEFAULT_DENY_FILE);
  if (iso_dir == NULL)
    iso_dir = g_strdup (ISO_CODES_JSON_DIR);
  if (wordlists == NULL)
    {
      wordlists = g_new0 (char *, G_N_ELEMENTS (default_wordlists) + 1);
      for (gsize i = 0; i < G_N_ELEMENTS (default_wordlists); i++)
        wordlists[i] = g_strdup (default_wordlists[i]);
    }

  g_autoptr (Gen) gen = gen_new (min_population);
  for (guint i = 0; wordlists[i] != NULL; i++)
    if (!load_wordlist (gen, wordlists[i], &error))
      {
        fprintf (stderr, PROGRAM ": %s\n", error->message);
        return GP_EXIT_FAILURE;
      }
  if (!load_deny (gen, deny_path, &error) || !load_countries (gen, iso_dir, &error))
    {
      fprintf (stderr, PROGRAM ": %s\n", error->message);
      return GP_EXIT_FAILURE;
    }
  add_kosovo (gen);
  add_country_rows (gen);
  if (!add_subdivision_rows (gen, iso_dir, &error))
    {
      fprintf (stderr, PROGRAM ": %s\n", error->message);
      return GP_EXIT_FAILURE;
    }
  add_city_rows (gen);

  g_autofree char *command = describe_command (output_dir, min_population, deny_path,
                                               iso_dir, wordlists);
  if (!write_places (gen, output_dir, command, &error)
      || !write_states (gen, output_dir, command, &error))
    {
      fprintf (stderr, PROGRAM ": %s\n", error->message);
      return GP_EXIT_FAILURE;
    }
  print_summary (gen);
  return GP_EXIT_OK;
}
