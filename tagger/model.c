/* model.c — loading, checking and saving the stance model file.
 *
 * GKeyFile reads the values and keeps the comments for saving, but its errors
 * carry no line numbers, so the file is first scanned line by line here: every
 * line must be blank, a # comment, a [group] or a key=value pair, and the line
 * of each key is remembered for the messages about its value. The table `keys`
 * below lists every key with the field it fills and its allowed range; the
 * ranges are sanity bounds for hand-edited files and for the trainer's search,
 * not scoring constants (those are the values in the file). */
#include "model.h"

#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "tg-error.h"
#include "tg-io.h"
#include "tg-limits.h"

typedef struct {
  const char *group;
  const char *key;
  gboolean integer;
  gsize offset;       /* of the guint or double in TgStanceParams */
  double min;
  double max;
} KeySpec;

#define FIELD(f) offsetof (TgStanceParams, f)
#define DIM_KEYS(name, d) \
  { name, "scale", FALSE, FIELD (dim[d].scale), 0.0, 10.0 }, \
  { name, "bias", FALSE, FIELD (dim[d].bias), -4.0, 4.0 }, \
  { name, "dead_band", FALSE, FIELD (dim[d].dead_band), 0.0, 0.99 }, \
  { name, "min_mass", FALSE, FIELD (dim[d].min_mass), 0.0, 20.0 }

static const KeySpec keys[] = {
  { "match", "cue_gap", TRUE, FIELD (cue_gap), 0, 8 },
  { "match", "slot_gap", TRUE, FIELD (slot_gap), 0, 8 },
  { "match", "attribution_window", TRUE, FIELD (attribution_window), 1, 40 },
  { "modifiers", "negation_scope", TRUE, FIELD (negation_scope), 0, 20 },
  { "modifiers", "modifier_scope", TRUE, FIELD (modifier_scope), 0, 20 },
  { "modifiers", "condition_scope", TRUE, FIELD (condition_scope), 0, 30 },
  { "modifiers", "negation", FALSE, FIELD (negation), -2.0, 0.0 },
  { "modifiers", "intensifier", FALSE, FIELD (intensifier), 1.0, 4.0 },
  { "modifiers", "hedge", FALSE, FIELD (hedge), 0.0, 1.0 },
  { "modifiers", "condition", FALSE, FIELD (condition), -2.0, 1.0 },
  { "modifiers", "contrast_before", FALSE, FIELD (contrast_before), 0.0, 2.0 },
  { "modifiers", "contrast_after", FALSE, FIELD (contrast_after), 0.0, 4.0 },
  { "holder", "quote", FALSE, FIELD (quote), 0.0, 4.0 },
  { "holder", "author", FALSE, FIELD (author), 0.0, 4.0 },
  { "holder", "carry", FALSE, FIELD (carry), 0.0, 4.0 },
  { "holder", "unnamed", FALSE, FIELD (unnamed), 0.0, 4.0 },
  { "holder", "other", FALSE, FIELD (other), 0.0, 4.0 },
  { "holder", "distance_decay", FALSE, FIELD (distance_decay), 0.0, 1.0 },
  { "holder", "distance_floor", FALSE, FIELD (distance_floor), 0.0, 1.0 },
  { "aggregate", "alpha", FALSE, FIELD (alpha), 0.01, 100.0 },
  { "aggregate", "mixed_ratio", FALSE, FIELD (mixed_ratio), 0.0, 1.0 },
  { "aggregate", "neutral_mass", FALSE, FIELD (neutral_mass), 0.0, 4.0 },
  DIM_KEYS ("ceasefire_first", TG_DIM_CEASEFIRE_FIRST),
  DIM_KEYS ("territorial_claims", TG_DIM_TERRITORIAL_CLAIMS),
};

/* The group the trainer writes its report to; any keys are allowed there. */
#define NOTES_GROUP "training"

struct _TgModel {
  char *path;
  GKeyFile *keyfile;
  TgStanceParams params;
};

static double
spec_get (const TgStanceParams *p, const KeySpec *k)
{
  const char *base = (const char *) p + k->offset;
  if (k->integer)
    {
      guint v;
      memcpy (&v, base, sizeof v);
      return (double) v;
    }
  double v;
  memcpy (&v, base, sizeof v);
  return v;
}

static void
spec_set (TgStanceParams *p, const KeySpec *k, double value)
{
  char *base = (char *) p + k->offset;
  if (k->integer)
    {
      guint v = (guint) lround (value);
      memcpy (base, &v, sizeof v);
    }
  else
    memcpy (base, &value, sizeof value);
}

static gboolean
known_group (const char *group)
{
  if (strcmp (group, NOTES_GROUP) == 0)
    return TRUE;
  for (gsize i = 0; i < G_N_ELEMENTS (keys); i++)
    if (strcmp (keys[i].group, group) == 0)
      return TRUE;
  return FALSE;
}

static const KeySpec *
find_key (const char *group, const char *key)
{
  for (gsize i = 0; i < G_N_ELEMENTS (keys); i++)
    if (strcmp (keys[i].group, group) == 0 && strcmp (keys[i].key, key) == 0)
      return &keys[i];
  return NULL;
}

static char *
line_key (const char *group, const char *key)
{
  return g_strconcat (group, "\n", key, NULL);
}

/* Checks the line structure of @contents and fills @lines with "group\nkey" ->
 * line number. Fails on the first line that GKeyFile would reject or that we
 * do not accept (a key outside any group, an unknown group or key, a key given
 * twice). */
static gboolean
scan_lines (const char *path, const char *contents, gsize len, GHashTable *lines, GError **error)
{
  const char *bad = NULL;
  if (memchr (contents, '\0', len) != NULL || !g_utf8_validate_len (contents, len, &bad))
    {
      const char *at = bad != NULL ? bad : memchr (contents, '\0', len);
      guint line = 1;
      for (const char *c = contents; c < at; c++)
        line += *c == '\n';
      g_set_error (error, TG_ERROR, TG_ERROR_ENCODING, "%s:%u: invalid UTF-8 or NUL byte", path, line);
      return FALSE;
    }
  g_auto (GStrv) text_lines = g_strsplit (contents, "\n", -1);
  g_autofree char *group = NULL;
  g_autoptr (GHashTable) groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; text_lines[i] != NULL; i++)
    {
      guint line_no = i + 1;
      char *line = g_strstrip (text_lines[i]);
      if (strlen (line) > TG_MAX_LINE_BYTES)
        {
          g_set_error (error, TG_ERROR, TG_ERROR_LIMIT, "%s:%u: line longer than %d bytes", path, line_no,
                       TG_MAX_LINE_BYTES);
          return FALSE;
        }
      if (line[0] == '\0' || line[0] == '#')
        continue;
      if (line[0] == '[')
        {
          gsize n = strlen (line);
          if (n < 3 || line[n - 1] != ']' || strpbrk (line + 1, "[") != NULL
              || memchr (line + 1, ']', n - 2) != NULL)
            {
              g_set_error (error, TG_ERROR, TG_ERROR_PARSE, "%s:%u: malformed group header '%s'", path,
                           line_no, line);
              return FALSE;
            }
          g_free (group);
          group = g_strndup (line + 1, n - 2);
          if (!known_group (group))
            {
              g_set_error (error, TG_ERROR, TG_ERROR_MODEL, "%s:%u: unknown group [%s]", path, line_no, group);
              return FALSE;
            }
          if (g_hash_table_contains (groups, group))
            {
              g_set_error (error, TG_ERROR, TG_ERROR_MODEL, "%s:%u: group [%s] given twice", path, line_no, group);
              return FALSE;
            }
          g_hash_table_add (groups, g_strdup (group));
          continue;
        }
      char *eq = strchr (line, '=');
      if (eq == NULL || eq == line)
        {
          g_set_error (error, TG_ERROR, TG_ERROR_PARSE,
                       "%s:%u: expected 'key = value', '[group]' or a '#' comment, got '%s'", path, line_no, line);
          return FALSE;
        }
      if (group == NULL)
        {
          g_set_error (error, TG_ERROR, TG_ERROR_PARSE, "%s:%u: key before the first [group]", path, line_no);
          return FALSE;
        }
      g_autofree char *key = g_strndup (line, (gsize) (eq - line));
      g_strstrip (key);
      if (strcmp (group, NOTES_GROUP) != 0 && find_key (group, key) == NULL)
        {
          g_set_error (error, TG_ERROR, TG_ERROR_MODEL, "%s:%u: unknown key '%s' in [%s]", path, line_no, key, group);
          return FALSE;
        }
      g_autofree char *lk = line_key (group, key);
      guint first = GPOINTER_TO_UINT (g_hash_table_lookup (lines, lk));
      if (first != 0)
        {
          g_set_error (error, TG_ERROR, TG_ERROR_MODEL, "%s:%u: [%s] %s given twice (first on line %u)", path,
                       line_no, group, key, first);
          return FALSE;
        }
      g_hash_table_insert (lines, g_steal_pointer (&lk), GUINT_TO_POINTER (line_no));
    }
  return TRUE;
}

/* Parses the value of @spec; on error names the key and its line. */
static gboolean
read_value (TgModel *model, GHashTable *lines, const KeySpec *spec, GError **error)
{
  g_autofree char *lk = line_key (spec->group, spec->key);
  guint line = GPOINTER_TO_UINT (g_hash_table_lookup (lines, lk));
  if (line == 0)
    {
      g_set_error (error, TG_ERROR, TG_ERROR_MODEL, "%s: [%s] missing key '%s'", model->path, spec->group,
                   spec->key);
      return FALSE;
    }
  g_autofree char *raw = g_key_file_get_value (model->keyfile, spec->group, spec->key, NULL);
  const char *text = raw != NULL ? g_strstrip (raw) : "";
  double value = 0.0;
  gboolean ok;
  if (spec->integer)
    {
      guint64 v = 0;
      ok = g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT, &v, NULL);
      value = (double) v;
    }
  else
    {
      char *end = NULL;
      errno = 0;
      value = g_ascii_strtod (text, &end);
      ok = text[0] != '\0' && end != NULL && *end == '\0' && errno == 0 && isfinite (value);
    }
  if (!ok)
    {
      g_set_error (error, TG_ERROR, TG_ERROR_PARSE, "%s:%u: [%s] %s = '%s' is not %s", model->path, line,
                   spec->group, spec->key, text, spec->integer ? "a whole number" : "a number");
      return FALSE;
    }
  if (value < spec->min || value > spec->max)
    {
      g_set_error (error, TG_ERROR, TG_ERROR_MODEL, "%s:%u: [%s] %s = %s is out of range [%g, %g]", model->path,
                   line, spec->group, spec->key, text, spec->min, spec->max);
      return FALSE;
    }
  spec_set (&model->params, spec, value);
  return TRUE;
}

static TgModel *
model_new (const char *path)
{
  TgModel *model = g_new0 (TgModel, 1);
  model->path = g_strdup (path);
  model->keyfile = g_key_file_new ();
  return model;
}

TgModel *
tg_model_load (const char *path, GError **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_autofree char *contents = NULL;
  gsize len = 0;
  if (!tg_read_file (path, TG_MAX_LEXICON_BYTES, &contents, &len, error))
    return NULL;
  g_autoptr (TgModel) model = model_new (path);
  g_autoptr (GHashTable) lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (!scan_lines (path, contents, len, lines, error))
    return NULL;
  g_autoptr (GError) local = NULL;
  if (!g_key_file_load_from_data (model->keyfile, contents, len,
                                  G_KEY_FILE_KEEP_COMMENTS, &local))
    {
      g_set_error (error, TG_ERROR, TG_ERROR_PARSE, "%s: %s", path, local->message);
      return NULL;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (keys); i++)
    if (!read_value (model, lines, &keys[i], error))
      return NULL;
  return g_steal_pointer (&model);
}

void
tg_model_free (TgModel *model)
{
  if (model == NULL)
    return;
  g_free (model->path);
  g_key_file_free (model->keyfile);
  g_free (model);
}

const TgStanceParams *
tg_model_params (const TgModel *model)
{
  return &model->params;
}

gboolean
tg_model_set_params (TgModel *model, const TgStanceParams *params, GError **error)
{
  g_return_val_if_fail (model != NULL && params != NULL, FALSE);
  for (gsize i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      double v = spec_get (params, &keys[i]);
      if (!(v >= keys[i].min && v <= keys[i].max))
        {
          g_set_error (error, TG_ERROR, TG_ERROR_MODEL, "[%s] %s = %g is out of range [%g, %g]", keys[i].group,
                       keys[i].key, v, keys[i].min, keys[i].max);
          return FALSE;
        }
    }
  model->params = *params;
  for (gsize i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      double v = spec_get (params, &keys[i]);
      if (keys[i].integer)
        g_snprintf (buf, sizeof buf, "%u", (guint) v);
      else
        g_ascii_formatd (buf, sizeof buf, "%.6g", v);
      g_key_file_set_value (model->keyfile, keys[i].group, keys[i].key, buf);
    }
  return TRUE;
}

void
tg_model_set_note (TgModel *model, const char *key, const char *value, const char *comment)
{
  g_return_if_fail (model != NULL && key != NULL && value != NULL);
  g_key_file_set_value (model->keyfile, NOTES_GROUP, key, value);
  if (comment != NULL)
    g_key_file_set_comment (model->keyfile, NOTES_GROUP, key, comment, NULL);
}

gboolean
tg_model_save (const TgModel *model, const char *path, GError **error)
{
  g_return_val_if_fail (model != NULL && path != NULL, FALSE);
  gsize len = 0;
  g_autofree char *data = g_key_file_to_data (model->keyfile, &len, NULL);
  g_autoptr (GError) local = NULL;
  /* g_file_set_contents_full() writes a temporary file beside @path and renames
   * it over @path once it is on disk. */
  if (!g_file_set_contents_full (path, data, (gssize) len, G_FILE_SET_CONTENTS_CONSISTENT, 0666, &local))
    {
      g_set_error (error, TG_ERROR, TG_ERROR_IO, "%s: %s", path, local->message);
      return FALSE;
    }
  return TRUE;
}

guint
tg_model_n_keys (void)
{
  return G_N_ELEMENTS (keys);
}

const char *
tg_model_key_name (guint i)
{
  static char *names[G_N_ELEMENTS (keys)];
  g_return_val_if_fail (i < G_N_ELEMENTS (keys), NULL);
  /* Built once; the strings live as long as the program. */
  static gsize done = 0;
  if (g_once_init_enter (&done))
    {
      for (gsize k = 0; k < G_N_ELEMENTS (keys); k++)
        names[k] = g_strconcat (keys[k].group, ".", keys[k].key, NULL);
      g_once_init_leave (&done, 1);
    }
  return names[i];
}

void
tg_model_key_range (guint i, double *min, double *max, gboolean *integer)
{
  g_return_if_fail (i < G_N_ELEMENTS (keys));
  *min = keys[i].min;
  *max = keys[i].max;
  *integer = keys[i].integer;
}

double
tg_model_params_get (const TgStanceParams *params, guint i)
{
  g_return_val_if_fail (i < G_N_ELEMENTS (keys), 0.0);
  return spec_get (params, &keys[i]);
}

void
tg_model_params_set (TgStanceParams *params, guint i, double value)
{
  g_return_if_fail (i < G_N_ELEMENTS (keys));
  spec_set (params, &keys[i], value);
}

gint
tg_model_key_index (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    if (strcmp (tg_model_key_name (i), name) == 0)
      return (gint) i;
  return -1;
}
