/* cli-train.c — `tagger train`: fit the stance model's numbers on a gold set.
 *
 * Method. Each gold document (NAME.conll beside NAME.stance in --gold=DIR) is
 * tagged by the normal tagger with its own tokens, and its stance cue hits are
 * extracted once (tg_tagger_stance_hits): extraction reads no tunable number,
 * so every candidate parameter set is scored by re-running only the scorer
 * (tg_stance_score) on the stored hits.
 *
 * Objective, over a set of documents, with the counts of eval.h (accuracy =
 * gold pairs predicted with the gold label / gold pairs; spurious = predicted
 * pairs absent from the gold / predicted pairs):
 *     J = accuracy - spurious_penalty * max (0, spurious - spurious_allowance)
 * Accuracy already contains coverage (an unlabelled gold pair is wrong), so J
 * rewards labelling exactly the gold pairs, correctly; spurious labels cost
 * only past the allowance. Both numbers come from the [training] group of the
 * starting model.
 *
 * Search: coordinate ascent over the keys that the starting model's [training]
 * group gives a grid for ("grid.GROUP.KEY = v1;v2;..."): for each key in turn,
 * every grid value is tried with the others fixed and the best kept (ties keep
 * the current value, then the earlier grid value); passes repeat until one
 * changes nothing or [training] passes is reached. Deterministic.
 *
 * Validation: k-fold cross-validation ([training] folds, or --folds; 0 means
 * leave-one-document-out): documents sorted by name, fold i holds documents
 * i, i+k, ...; each fold is fitted on the others from the starting values and
 * predicted; the pooled predictions give the cross-validated scores. The model
 * written is then fitted on all documents; its [training] group records the
 * method and both the cross-validated and the training-fit scores. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "conll.h"
#include "eval.h"
#include "model.h"
#include "stance.h"
#include "tg-error.h"

typedef struct {
  char *name;                 /* base name of the gold file */
  GPtrArray *docs;            /* of TgDocument *, owning: the file's documents */
  GArray *hits;               /* of TgCueHit: all documents' hits */
  TgEvalStances *gold;
} GoldDoc;

static void
gold_doc_free (gpointer data)
{
  GoldDoc *g = data;
  g_free (g->name);
  g_ptr_array_unref (g->docs);
  g_array_unref (g->hits);
  tg_eval_stances_free (g->gold);
  g_free (g);
}

typedef struct {
  guint gold, predicted, correct, covered, spurious;
} Counts;

typedef struct {
  double penalty;
  double allowance;
  guint passes;
  guint folds;
  GArray *keys;               /* of guint: model key indices to search */
  GPtrArray *grids;           /* of GArray of double, per key */
} Search;

static void
search_clear (Search *s)
{
  g_clear_pointer (&s->keys, g_array_unref);
  g_clear_pointer (&s->grids, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Search, search_clear)

static double
fraction (guint num, guint den)
{
  return den > 0 ? (double) num / den : 0.0;
}

static double
objective (const Search *search, const Counts *c)
{
  double spurious = fraction (c->spurious, c->predicted);
  return fraction (c->correct, c->gold) - search->penalty * MAX (0.0, spurious - search->allowance);
}

static const char *
label_name (int label)
{
  return label > 0 ? "+1" : label < 0 ? "-1" : "0";
}

/* Scores @g under @params and adds to @c; with @errors, appends a line per
 * wrong or missing or spurious pair. */
static void
score_doc (const TgStanceParams *params, GoldDoc *g, Counts *c, GString *errors)
{
  TgDocument *doc = g->docs->pdata[0];
  tg_stance_score (params, g->hits, doc);
  guint n_gold = tg_eval_stances_size (g->gold);
  c->gold += n_gold;
  for (guint i = 0; i < doc->stances->len; i++)
    {
      const TgStance *st = doc->stances->pdata[i];
      const char *dim = tg_dimension_name (st->dimension);
      int gold = 0;
      c->predicted++;
      if (!tg_eval_stances_lookup (g->gold, st->party, dim, &gold))
        {
          c->spurious++;
          if (errors != NULL)
            g_string_append_printf (errors, "%s: %s %s: gold none, predicted %s (%+.2f)\n", g->name, st->party,
                                    dim, label_name (st->label), st->score);
          continue;
        }
      c->covered++;
      if (gold == st->label)
        c->correct++;
      else if (errors != NULL)
        g_string_append_printf (errors, "%s: %s %s: gold %s, predicted %s (%+.2f)\n", g->name, st->party, dim,
                                label_name (gold), label_name (st->label), st->score);
    }
}

/* Lists the gold pairs that got no label (needs the gold set's own order). */
static void
missing_pairs (const TgStanceParams *params, GoldDoc *g, GString *errors, const char *const *gold_lines)
{
  TgDocument *doc = g->docs->pdata[0];
  tg_stance_score (params, g->hits, doc);
  for (guint i = 0; gold_lines[i] != NULL; i++)
    {
      g_auto (GStrv) f = g_regex_split_simple ("[ \t]+", gold_lines[i], 0, 0);
      if (g_strv_length (f) < 3)
        continue;
      gboolean found = FALSE;
      for (guint k = 0; k < doc->stances->len; k++)
        {
          const TgStance *st = doc->stances->pdata[k];
          if (strcmp (st->party, f[0]) == 0 && strcmp (tg_dimension_name (st->dimension), f[1]) == 0)
            found = TRUE;
        }
      if (!found)
        g_string_append_printf (errors, "%s: %s %s: gold %s, predicted none\n", g->name, f[0], f[1], f[2]);
    }
}

static void
score_set (const TgStanceParams *params, GPtrArray *docs, const gboolean *use, Counts *c)
{
  memset (c, 0, sizeof *c);
  for (guint i = 0; i < docs->len; i++)
    if (use == NULL || use[i])
      score_doc (params, docs->pdata[i], c, NULL);
}

/* Coordinate ascent from @params over the search grids on the documents
 * marked in @use. */
static void
fit (const Search *search, GPtrArray *docs, const gboolean *use, TgStanceParams *params)
{
  Counts c;
  score_set (params, docs, use, &c);
  double best = objective (search, &c);
  for (guint pass = 0; pass < search->passes; pass++)
    {
      gboolean changed = FALSE;
      for (guint k = 0; k < search->keys->len; k++)
        {
          guint key = g_array_index (search->keys, guint, k);
          const GArray *grid = search->grids->pdata[k];
          double current = tg_model_params_get (params, key);
          double best_value = current;
          for (guint v = 0; v < grid->len; v++)
            {
              double value = g_array_index (grid, double, v);
              if (value == current)
                continue;
              tg_model_params_set (params, key, value);
              score_set (params, docs, use, &c);
              double j = objective (search, &c);
              if (j > best + 1e-12)
                {
                  best = j;
                  best_value = value;
                }
            }
          tg_model_params_set (params, key, best_value);
          changed |= best_value != current;
        }
      if (!changed)
        break;
    }
}

/* Reads the [training] settings and grids from the starting model file. */
static gboolean
read_search (const char *model_path, Search *search, GError **error)
{
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  if (!g_key_file_load_from_file (kf, model_path, G_KEY_FILE_NONE, error))
    return FALSE;
  static const char *const needed[] = { "spurious_penalty", "spurious_allowance", "passes", "folds" };
  double values[G_N_ELEMENTS (needed)];
  for (gsize i = 0; i < G_N_ELEMENTS (needed); i++)
    {
      g_autoptr (GError) local = NULL;
      values[i] = g_key_file_get_double (kf, "training", needed[i], &local);
      if (local != NULL || values[i] < 0)
        {
          g_set_error (error, TG_ERROR, TG_ERROR_MODEL, "%s: [training] %s: missing or not a number >= 0",
                       model_path, needed[i]);
          return FALSE;
        }
    }
  search->penalty = values[0];
  search->allowance = values[1];
  search->passes = (guint) values[2];
  search->folds = (guint) values[3];
  search->keys = g_array_new (FALSE, FALSE, sizeof (guint));
  search->grids = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_auto (GStrv) keys = g_key_file_get_keys (kf, "training", NULL, NULL);
  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    {
      if (!g_str_has_prefix (keys[i], "grid."))
        continue;
      gint index = tg_model_key_index (keys[i] + strlen ("grid."));
      if (index < 0)
        {
          g_set_error (error, TG_ERROR, TG_ERROR_MODEL, "%s: [training] %s: no such model key", model_path, keys[i]);
          return FALSE;
        }
      double min, max;
      gboolean integer;
      tg_model_key_range ((guint) index, &min, &max, &integer);
      gsize n = 0;
      g_autoptr (GError) local = NULL;
      g_autofree double *list = g_key_file_get_double_list (kf, "training", keys[i], &n, &local);
      if (list == NULL || n == 0)
        {
          g_set_error (error, TG_ERROR, TG_ERROR_MODEL, "%s: [training] %s: expected a ';'-separated list of numbers",
                       model_path, keys[i]);
          return FALSE;
        }
      GArray *grid = g_array_new (FALSE, FALSE, sizeof (double));
      for (gsize v = 0; v < n; v++)
        {
          if (list[v] < min || list[v] > max || (integer && list[v] != floor (list[v])))
            {
              g_array_unref (grid);
              g_set_error (error, TG_ERROR, TG_ERROR_MODEL, "%s: [training] %s: value %g is out of range [%g, %g]",
                           model_path, keys[i], list[v], min, max);
              return FALSE;
            }
          g_array_append_val (grid, list[v]);
        }
      guint key = (guint) index;
      g_array_append_val (search->keys, key);
      g_ptr_array_add (search->grids, grid);
    }
  return TRUE;
}

static gint
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* Loads every NAME.stance of @dir with its NAME.conll, tags the documents and
 * extracts their hits. */
static GPtrArray *
load_gold (const TgTagger *tagger, TgScratch *scratch, const char *dir, GError **error)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, error);
  if (d == NULL)
    return NULL;
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  for (const char *f = g_dir_read_name (d); f != NULL; f = g_dir_read_name (d))
    if (g_str_has_suffix (f, ".stance"))
      g_ptr_array_add (names, g_strndup (f, strlen (f) - strlen (".stance")));
  g_ptr_array_sort (names, compare_names);
  GPtrArray *docs = g_ptr_array_new_with_free_func (gold_doc_free);
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = names->pdata[i];
      g_autofree char *stance_path = g_strdup_printf ("%s/%s.stance", dir, name);
      g_autofree char *conll_path = g_strdup_printf ("%s/%s.conll", dir, name);
      g_autofree char *stance_data = NULL, *conll_data = NULL;
      gsize stance_len = 0, conll_len = 0;
      if (!tg_cli_read_input (stance_path, &stance_data, &stance_len, error)
          || !tg_cli_read_input (conll_path, &conll_data, &conll_len, error))
        {
          g_ptr_array_unref (docs);
          return NULL;
        }
      GoldDoc *g = g_new0 (GoldDoc, 1);
      g->name = g_strdup (name);
      g->hits = g_array_new (FALSE, TRUE, sizeof (TgCueHit));
      g_ptr_array_add (docs, g);
      g->gold = tg_eval_stances_parse (stance_path, stance_data, stance_len, error);
      g->docs = g->gold != NULL ? tg_conll_read (conll_path, conll_data, conll_len, error) : NULL;
      if (g->docs == NULL)
        {
          if (g->gold == NULL)
            g->docs = g_ptr_array_new ();
          g_ptr_array_unref (docs);
          return NULL;
        }
      if (g->docs->len == 0)
        g_ptr_array_add (g->docs, tg_document_new (conll_path));
      for (guint k = 0; k < g->docs->len; k++)
        {
          TgDocument *doc = g->docs->pdata[k];
          if (!tg_tagger_tag (tagger, scratch, doc, error))
            {
              g_ptr_array_unref (docs);
              return NULL;
            }
          g_autoptr (GArray) hits = tg_tagger_stance_hits (tagger, scratch, doc);
          g_array_append_vals (g->hits, hits->data, hits->len);
        }
    }
  return docs;
}

static void
append_scores (GString *out, const char *what, const Counts *c)
{
  g_string_append_printf (out, "%-16s accuracy %.3f  coverage %.3f  spurious %.3f  (%u gold pairs, %u predicted, %u correct)\n",
                          what, fraction (c->correct, c->gold), fraction (c->covered, c->gold),
                          fraction (c->spurious, c->predicted), c->gold, c->predicted, c->correct);
}

static char *
format_double (double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.3f", v));
}

static void
note_scores (TgModel *model, const char *prefix, const Counts *c)
{
  static const char *const names[] = { "accuracy", "coverage", "spurious" };
  double values[] = { fraction (c->correct, c->gold), fraction (c->covered, c->gold),
                      fraction (c->spurious, c->predicted) };
  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *key = g_strdup_printf ("%s_%s", prefix, names[i]);
      g_autofree char *value = format_double (values[i]);
      tg_model_set_note (model, key, value, NULL);
    }
}

/* Appends one line per gold pair that the parameters get wrong or miss, and per
 * spurious label. */
static void
append_errors (GString *out, const TgStanceParams *params, GPtrArray *docs, const char *dir)
{
  for (guint i = 0; i < docs->len; i++)
    {
      GoldDoc *g = docs->pdata[i];
      Counts c = { 0 };
      score_doc (params, g, &c, out);
      g_autofree char *path = g_strdup_printf ("%s/%s.stance", dir, g->name);
      g_autofree char *data = NULL;
      if (!g_file_get_contents (path, &data, NULL, NULL))
        continue;
      g_auto (GStrv) lines = g_strsplit (data, "\n", -1);
      GPtrArray *kept = g_ptr_array_new ();
      for (guint k = 0; lines[k] != NULL; k++)
        if (lines[k][0] != '#' && lines[k][0] != '\0')
          g_ptr_array_add (kept, g_strstrip (lines[k]));
      g_ptr_array_add (kept, NULL);
      missing_pairs (params, g, out, (const char *const *) kept->pdata);
      g_ptr_array_free (kept, TRUE);
    }
}

int
tg_cli_train (int argc, char **argv)
{
  g_autofree char *gold_dir = NULL, *output = NULL, *lexicons = NULL, *model_path = NULL;
  gint folds = -1;
  gboolean evaluate = FALSE, errors = FALSE;
  GOptionEntry entries[] = {
    { "gold", 'g', 0, G_OPTION_ARG_FILENAME, &gold_dir, "Gold directory: NAME.conll beside NAME.stance (required)", "DIR" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Write the fitted model to FILE (atomically)", "FILE" },
    { "lexicons", 0, 0, G_OPTION_ARG_FILENAME, &lexicons, "Lexicon directory", "DIR" },
    { "model", 0, 0, G_OPTION_ARG_FILENAME, &model_path, "Starting model: values, comments, [training] grids", "FILE" },
    { "folds", 0, 0, G_OPTION_ARG_INT, &folds, "Cross-validation folds (0: leave one document out; default: the model's)", "K" },
    { "evaluate", 0, 0, G_OPTION_ARG_NONE, &evaluate, "Only score the starting model on the gold set", NULL },
    { "errors", 0, 0, G_OPTION_ARG_NONE, &errors, "List the pairs the (fitted) model gets wrong", NULL },
    { NULL, 0, 0, 0, NULL, NULL, NULL },
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("- fit the stance model on a gold set");
  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_set_summary (ctx, "Tags each gold document, fits the stance model's numbers by coordinate\n"
                                     "ascent on the gold labels, reports cross-validated and training-fit\n"
                                     "accuracy, coverage and spurious rate, and writes the fitted model.");
  g_autoptr (GError) error = NULL;
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      tg_cli_error ("train: %s", error->message);
      return TG_EXIT_USAGE;
    }
  if (argc > 1)
    {
      tg_cli_error ("train: unexpected argument '%s'", argv[1]);
      return TG_EXIT_USAGE;
    }
  if (gold_dir == NULL || (output == NULL && !evaluate))
    {
      tg_cli_error ("train: --gold=DIR and --output=FILE are required (or --evaluate)");
      return TG_EXIT_USAGE;
    }
  g_autofree char *default_model = model_path == NULL ? tg_cli_default_model_path () : NULL;
  const char *start_path = model_path != NULL ? model_path : default_model;
  g_autoptr (TgTagger) tagger = tg_cli_load_tagger (lexicons, start_path, &error);
  if (tagger == NULL)
    {
      tg_cli_error ("%s", error->message);
      return TG_EXIT_FAILURE;
    }
  g_auto (Search) search = { 0 };
  if (!evaluate && !read_search (start_path, &search, &error))
    {
      tg_cli_error ("%s", error->message);
      return TG_EXIT_FAILURE;
    }
  g_autoptr (TgScratch) scratch = tg_scratch_new (tagger);
  g_autoptr (GPtrArray) docs = load_gold (tagger, scratch, gold_dir, &error);
  if (docs == NULL)
    {
      tg_cli_error ("%s", error->message);
      return TG_EXIT_FAILURE;
    }
  if (docs->len == 0)
    {
      tg_cli_error ("train: %s: no .stance files", gold_dir);
      return TG_EXIT_FAILURE;
    }
  TgStanceParams start = *tg_model_params (tg_tagger_model (tagger));
  g_autoptr (GString) report = g_string_new (NULL);
  Counts c;
  if (evaluate)
    {
      score_set (&start, docs, NULL, &c);
      append_scores (report, "model", &c);
      if (errors)
        append_errors (report, &start, docs, gold_dir);
      if (!tg_cli_write_output (NULL, report, &error))
        {
          tg_cli_error ("%s", error->message);
          return TG_EXIT_FAILURE;
        }
      return TG_EXIT_OK;
    }
  if (folds >= 0)
    search.folds = (guint) folds;
  guint k = search.folds == 0 || search.folds > docs->len ? docs->len : search.folds;

  /* Cross-validation: fit on all folds but one, predict that one, pool. */
  Counts cv = { 0 };
  g_autofree gboolean *use = g_new0 (gboolean, docs->len);
  for (guint fold = 0; fold < k; fold++)
    {
      for (guint i = 0; i < docs->len; i++)
        use[i] = i % k != fold;
      TgStanceParams p = start;
      fit (&search, docs, use, &p);
      for (guint i = 0; i < docs->len; i++)
        if (!use[i])
          score_doc (&p, docs->pdata[i], &cv, NULL);
    }
  Counts before;
  score_set (&start, docs, NULL, &before);
  TgStanceParams fitted = start;
  fit (&search, docs, NULL, &fitted);
  Counts after;
  score_set (&fitted, docs, NULL, &after);

  g_string_append_printf (report, "%u documents, %u-fold cross-validation%s\n", docs->len, k,
                          k == docs->len ? " (leave one document out)" : "");
  append_scores (report, "starting model", &before);
  append_scores (report, "cross-validated", &cv);
  append_scores (report, "training fit", &after);
  for (guint i = 0; i < search.keys->len; i++)
    {
      guint key = g_array_index (search.keys, guint, i);
      g_string_append_printf (report, "  %-34s %g -> %g\n", tg_model_key_name (key), tg_model_params_get (&start, key),
                              tg_model_params_get (&fitted, key));
    }
  if (errors)
    append_errors (report, &fitted, docs, gold_dir);

  g_autoptr (TgModel) model = tg_model_load (start_path, &error);
  if (model == NULL || !tg_model_set_params (model, &fitted, &error))
    {
      tg_cli_error ("%s", error->message);
      return TG_EXIT_FAILURE;
    }
  g_autofree char *method = g_strdup_printf ("coordinate ascent, objective accuracy - spurious_penalty * max (0, spurious - spurious_allowance); %u-fold cross-validation on %u documents of %s",
                                             k, docs->len, gold_dir);
  tg_model_set_note (model, "method", method, NULL);
  note_scores (model, "cv", &cv);
  note_scores (model, "fit", &after);
  if (!tg_model_save (model, output, &error))
    {
      tg_cli_error ("%s", error->message);
      return TG_EXIT_FAILURE;
    }
  if (!tg_cli_write_output (NULL, report, &error))
    {
      tg_cli_error ("%s", error->message);
      return TG_EXIT_FAILURE;
    }
  return TG_EXIT_OK;
}
