/* gen-corpus.c — a deterministic corpus of made-up news articles for the
 * benchmark and the batch tests.
 *
 * Sentences come from templates written for this program; the names in them
 * (people, countries, capitals, cities, governments, organisations, demonyms)
 * are drawn from the lexicon files, so that the tagger finds entities at a
 * realistic rate. The same seed, size and lexicons give the same bytes.
 *
 * Usage: gen-corpus [--lexicons DIR] [--size MB] [--seed N] [--jsonl FILE]
 *                   [--text-dir DIR] [--chunk KB] [--errors]
 *   --jsonl FILE   one record a line: {"id","source","date","text"} ("-": stdout)
 *   --text-dir DIR the same article texts, blank-line separated, in files of
 *                  about --chunk KB (default 64) named 00000.txt, 00001.txt, ...
 *   --errors       replace every 97th record with a bad one (for tests) */
#include <errno.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

/* splitmix64: small, fast and the same everywhere. */
static guint64 rng_state;

static guint64
rng_next (void)
{
  guint64 z = (rng_state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

static guint
rng_below (guint n)
{
  return n == 0 ? 0 : (guint) (rng_next () % n);
}

typedef struct {
  const char *slot;     /* the placeholder letter(s) in templates */
  GPtrArray *names;
  const char *fallback; /* when the lexicons give none */
} Pool;

enum { POOL_PERSON, POOL_COUNTRY, POOL_CAPITAL, POOL_CITY, POOL_GOV, POOL_ORG, POOL_ADJ, N_POOLS };

static Pool pools[N_POOLS] = {
  [POOL_PERSON] = { "P", NULL, "the envoy" },
  [POOL_COUNTRY] = { "C", NULL, "the country" },
  [POOL_CAPITAL] = { "K", NULL, "the capital" },
  [POOL_CITY] = { "L", NULL, "the town" },
  [POOL_GOV] = { "G", NULL, "the ministry" },
  [POOL_ORG] = { "O", NULL, "the alliance" },
  [POOL_ADJ] = { "A", NULL, "foreign" },
};

/* Article sentences. {P} person, {C} country, {K} capital, {L} city or town,
 * {G} government body, {O} organisation, {A} demonym adjective, {N} a number,
 * {W} a weekday, {M} a month. */
static const char *const sentences[] = {
  "{P} said on {W} that {C} would not accept a ceasefire before talks in {K}.",
  "Negotiators from {C} and {C} met in {L} for a third round of talks.",
  "The {G} rejected the proposal, calling it \"a trap\".",
  "{O} urged both sides to return to the table within {N} days.",
  "Shelling near {L} killed {N} civilians overnight, officials said.",
  "{A} troops withdrew from positions east of {L} on {W}.",
  "{P}, who leads the delegation, told reporters the draft was \"not final\".",
  "A spokesman for the {G} declined to comment on the report.",
  "Talks mediated by {C} stalled in {M} over the fate of {L}.",
  "{C} accused {C} of violating the truce along the front line.",
  "The {A} foreign minister flew to {K} for consultations.",
  "{P} and {P} spoke by phone for {N} minutes, according to the {G}.",
  "Diplomats in {K} said a prisoner exchange could come as early as {M}.",
  "{O} observers reported {N} violations of the ceasefire in a single day.",
  "Residents of {L} said the power had been cut since {W}.",
  "The agreement, signed in {L} in {M}, calls for a phased withdrawal.",
  "{C} insists that any deal must recognise its claims to {L}.",
  "Aid convoys reached {L} for the first time in {N} weeks.",
  "\"We are ready to talk, but not at any price,\" {P} said.",
  "The {G} said it would study the plan put forward by {O}.",
  "Analysts in {K} doubted that the truce would hold beyond {M}.",
  "{P} is expected to visit {K} next week, two officials said.",
  "{A} and {A} officials exchanged drafts of a joint statement.",
  "Fighting flared again around {L}, where {N} people were wounded.",
  "{O} called for an independent inquiry into the strike on {L}.",
  "The talks in {L} broke up on {W} without a date for the next round.",
  "{C} has demanded the return of {N} detained soldiers.",
  "In {K}, protesters gathered outside the offices of the {G}.",
  "{P} warned that sanctions on {C} would remain until a settlement.",
  "Under the plan, forces would pull back {N} kilometres from {L}.",
  "The {A} government denied that its drones had crossed the border.",
  "Envoys from {O} are due in {K} on {W} to press for a truce.",
  "{P} called the offer from {C} \"a step in the right direction\".",
  "Officials in {L} said {N} families had returned since the truce.",
  "The {G} summoned the {A} ambassador over the remarks.",
  "A senior official in {K}, speaking on condition of anonymity, said the gap remained wide.",
  "Mediators from {C} shuttled between {K} and {K} through {M}.",
  "{P} met {P} on the sidelines of the {O} summit.",
  "More than {N} people have fled {L} since the fighting began in {M}.",
  "The ceasefire that took effect on {W} largely held, {O} monitors said.",
};

static const char *const headlines[] = {
  "{C} and {C} agree to new round of talks in {L}",
  "Truce near {L} under strain as shelling resumes",
  "{P} rejects {O} call for immediate ceasefire",
  "{A} envoy arrives in {K} with peace plan",
  "Prisoner swap between {C} and {C} delayed",
};

static const char *const weekdays[] = { "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday" };
static const char *const months[] = { "January", "February", "March", "April", "May", "June", "July",
                                      "August", "September", "October", "November", "December" };

/* Reads column @want (by header name) of each data row of @dir/@file; when
 * @filter_col is set, only rows whose @filter_col equals @filter_value. A
 * missing file adds nothing. */
static void
read_column (const char *dir, const char *file, const char *want, const char *filter_col,
             const char *filter_value, GPtrArray *out)
{
  g_autofree char *path = g_build_filename (dir, file, NULL);
  g_autofree char *contents = NULL;
  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return;
  g_auto (GStrv) lines = g_strsplit (contents, "\n", -1);
  gint col = -1, fcol = -1;
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (lines[i][0] == '#' || lines[i][0] == '\0')
        continue;
      g_auto (GStrv) f = g_strsplit (lines[i], "\t", -1);
      guint n = g_strv_length (f);
      if (col < 0)
        {
          for (guint c = 0; c < n; c++)
            {
              if (strcmp (f[c], want) == 0)
                col = (gint) c;
              if (filter_col != NULL && strcmp (f[c], filter_col) == 0)
                fcol = (gint) c;
            }
          if (col < 0 || (filter_col != NULL && fcol < 0))
            return;
          continue;
        }
      if ((guint) col >= n || f[col][0] == '\0')
        continue;
      if (fcol >= 0 && ((guint) fcol >= n || strcmp (f[fcol], filter_value) != 0))
        continue;
      /* Skip rows repeated for another office of the same person. */
      if (out->len > 0 && strcmp (out->pdata[out->len - 1], f[col]) == 0)
        continue;
      g_ptr_array_add (out, g_strdup (f[col]));
    }
}

static void
load_pools (const char *dir)
{
  for (guint i = 0; i < N_POOLS; i++)
    pools[i].names = g_ptr_array_new_with_free_func (g_free);
  read_column (dir, "people.tsv", "name", NULL, NULL, pools[POOL_PERSON].names);
  read_column (dir, "places-curated.tsv", "name", "kind", "country", pools[POOL_COUNTRY].names);
  read_column (dir, "places-curated.tsv", "name", "kind", "capital", pools[POOL_CAPITAL].names);
  read_column (dir, "places-curated.tsv", "name", "kind", "city", pools[POOL_CITY].names);
  read_column (dir, "places-generated.tsv", "name", "kind", "city", pools[POOL_CITY].names);
  read_column (dir, "governments.tsv", "name", NULL, NULL, pools[POOL_GOV].names);
  read_column (dir, "orgs.tsv", "name", NULL, NULL, pools[POOL_ORG].names);
  read_column (dir, "demonyms.tsv", "form", "number", "adj", pools[POOL_ADJ].names);
  for (guint i = 0; i < N_POOLS; i++)
    if (pools[i].names->len == 0)
      g_ptr_array_add (pools[i].names, g_strdup (pools[i].fallback));
}

static const char *
pick_name (guint pool)
{
  GPtrArray *names = pools[pool].names;
  /* Draw mostly from the head of each list (the curated, well-known names come
   * first) and sometimes from anywhere, as news does. */
  guint head = MIN (names->len, 200u);
  if (rng_below (4) != 0)
    return names->pdata[rng_below (head)];
  return names->pdata[rng_below (names->len)];
}

static void
expand (const char *tmpl, GString *out)
{
  for (const char *p = tmpl; *p != '\0'; p++)
    {
      if (*p != '{')
        {
          g_string_append_c (out, *p);
          continue;
        }
      const char *close = strchr (p, '}');
      g_autofree char *slot = g_strndup (p + 1, (gsize) (close - p - 1));
      p = close;
      if (strcmp (slot, "N") == 0)
        g_string_append_printf (out, "%u", 2 + rng_below (rng_below (2) ? 40 : 2000));
      else if (strcmp (slot, "W") == 0)
        g_string_append (out, weekdays[rng_below (G_N_ELEMENTS (weekdays))]);
      else if (strcmp (slot, "M") == 0)
        g_string_append (out, months[rng_below (G_N_ELEMENTS (months))]);
      else
        for (guint i = 0; i < N_POOLS; i++)
          if (strcmp (slot, pools[i].slot) == 0)
            g_string_append (out, pick_name (i));
    }
}

/* One article: a headline line, a blank line, then paragraphs of sentences. */
static void
make_article (GString *out)
{
  g_string_truncate (out, 0);
  expand (headlines[rng_below (G_N_ELEMENTS (headlines))], out);
  guint paragraphs = 5 + rng_below (10);
  for (guint p = 0; p < paragraphs; p++)
    {
      g_string_append (out, "\n\n");
      guint n = 2 + rng_below (4);
      for (guint s = 0; s < n; s++)
        {
          if (s > 0)
            g_string_append_c (out, ' ');
          expand (sentences[rng_below (G_N_ELEMENTS (sentences))], out);
        }
    }
}

static gboolean
write_all (FILE *f, const char *data, gsize len, const char *name)
{
  if (len > 0 && fwrite (data, 1, len, f) != len)
    {
      fprintf (stderr, "gen-corpus: %s: %s\n", name, g_strerror (errno));
      return FALSE;
    }
  return TRUE;
}

static char *
record_json (guint64 n, const char *text, gboolean bad)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  g_autofree char *id = g_strdup_printf ("gen-%08" G_GUINT64_FORMAT, n);
  if (!bad || n % 3 != 0)
    {
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, id);
    }
  json_builder_set_member_name (b, "source");
  json_builder_add_string_value (b, "gen-corpus");
  json_builder_set_member_name (b, "date");
  g_autofree char *date = g_strdup_printf ("2025-%02u-%02u", 1 + (guint) (n % 12), 1 + (guint) (n % 28));
  json_builder_add_string_value (b, date);
  json_builder_set_member_name (b, "text");
  if (bad && n % 3 == 1)
    json_builder_add_int_value (b, 42);
  else
    json_builder_add_string_value (b, text);
  json_builder_end_object (b);
  g_autoptr (JsonNode) root = json_builder_get_root (b);
  char *json = json_to_string (root, FALSE);
  if (bad && n % 3 == 2)
    json[strlen (json) - 1] = ' ';   /* drop the closing brace: broken JSON */
  return json;
}

int
main (int argc, char **argv)
{
  g_autofree char *lexicons = NULL, *jsonl = NULL, *text_dir = NULL;
  double size_mb = 8;
  gint64 seed = 1;
  gint chunk_kb = 64;
  gboolean errors = FALSE;
  GOptionEntry entries[] = {
    { "lexicons", 0, 0, G_OPTION_ARG_FILENAME, &lexicons, "Lexicon directory to draw names from", "DIR" },
    { "size", 0, 0, G_OPTION_ARG_DOUBLE, &size_mb, "Megabytes of article text (default 8)", "MB" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Random seed (default 1)", "N" },
    { "jsonl", 0, 0, G_OPTION_ARG_FILENAME, &jsonl, "Write JSON Lines records to FILE (- for stdout)", "FILE" },
    { "text-dir", 0, 0, G_OPTION_ARG_FILENAME, &text_dir, "Write the texts as plain-text files into DIR", "DIR" },
    { "chunk", 0, 0, G_OPTION_ARG_INT, &chunk_kb, "Size of each plain-text file in KB (default 64)", "KB" },
    { "errors", 0, 0, G_OPTION_ARG_NONE, &errors, "Make every 97th record a bad one", NULL },
    { NULL, 0, 0, 0, NULL, NULL, NULL },
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("- write a deterministic news corpus");
  g_option_context_add_main_entries (ctx, entries, NULL);
  g_autoptr (GError) error = NULL;
  if (!g_option_context_parse (ctx, &argc, &argv, &error) || (jsonl == NULL && text_dir == NULL) || chunk_kb < 1)
    {
      fprintf (stderr, "gen-corpus: %s\n", error != NULL ? error->message : "give --jsonl and/or --text-dir");
      return 2;
    }
  load_pools (lexicons != NULL ? lexicons : "lexicons");
  rng_state = (guint64) seed;

  FILE *jf = NULL;
  if (jsonl != NULL)
    {
      jf = strcmp (jsonl, "-") == 0 ? stdout : fopen (jsonl, "wb");
      if (jf == NULL)
        {
          fprintf (stderr, "gen-corpus: %s: %s\n", jsonl, g_strerror (errno));
          return 1;
        }
    }
  if (text_dir != NULL && g_mkdir_with_parents (text_dir, 0777) != 0)
    {
      fprintf (stderr, "gen-corpus: %s: %s\n", text_dir, g_strerror (errno));
      return 1;
    }

  guint64 target = (guint64) (size_mb * 1e6);
  guint64 written = 0, n = 0;
  guint file_no = 0;
  FILE *tf = NULL;
  gsize in_chunk = 0;
  g_autofree char *tf_name = NULL;
  g_autoptr (GString) text = g_string_new (NULL);
  while (written < target)
    {
      make_article (text);
      n++;
      written += text->len;
      if (jf != NULL)
        {
          g_autofree char *json = record_json (n, text->str, errors && n % 97 == 0);
          if (!write_all (jf, json, strlen (json), jsonl) || !write_all (jf, "\n", 1, jsonl))
            return 1;
        }
      if (text_dir != NULL)
        {
          if (tf == NULL)
            {
              g_free (tf_name);
              g_autofree char *base = g_strdup_printf ("%05u.txt", file_no++);
              tf_name = g_build_filename (text_dir, base, NULL);
              tf = fopen (tf_name, "wb");
              if (tf == NULL)
                {
                  fprintf (stderr, "gen-corpus: %s: %s\n", tf_name, g_strerror (errno));
                  return 1;
                }
              in_chunk = 0;
            }
          else if (!write_all (tf, "\n\n", 2, tf_name))
            return 1;
          if (!write_all (tf, text->str, text->len, tf_name))
            return 1;
          in_chunk += text->len + 2;
          if (in_chunk >= (gsize) chunk_kb * 1024 || written >= target)
            {
              if (!write_all (tf, "\n", 1, tf_name) || fclose (tf) != 0)
                {
                  fprintf (stderr, "gen-corpus: %s: %s\n", tf_name, g_strerror (errno));
                  return 1;
                }
              tf = NULL;
            }
        }
    }
  if (jf != NULL && (fflush (jf) != 0 || (jf != stdout && fclose (jf) != 0)))
    {
      fprintf (stderr, "gen-corpus: %s: %s\n", jsonl, g_strerror (errno));
      return 1;
    }
  return 0;
}
