/* eval.c — entity scoring with conlleval's exact counting rules, stance scoring,
 * stance files, and the text and JSON reports.
 *
 * The entity part is a re-implementation, not a port, of what conlleval.pl
 * (version 2004-01-26) computes. Its observable rules, all kept here:
 * - a tag is split at its first '-' into chunk tag and type ("B-PER" -> B, PER;
 *   "O" -> O, ""); a type "0" counts as no type (Perl truth);
 * - chunk starts and ends between two lines follow a fixed table over the tags
 *   B, I, O, E, '[', ']' and '.', plus "a type change starts/ends a chunk"
 *   (see chunk_starts() and chunk_ends()), so IOB1, IOB2, IOE and bracket
 *   tags all work, and an I- after O or after another type starts a chunk;
 * - a chunk is correct when gold and prediction start it on the same line with
 *   the same type and end it on the same line;
 * - boundary lines (blank, or first column -X-) are out-of-chunk lines that are
 *   not tokens; -DOCSTART- lines are tokens like any other;
 * - the report prints types in byte order, and the empty type once for each of
 *   the gold and predicted tallies it occurs in (conlleval's duplicate check
 *   treats "" as false).
 * Numbers are printed with the arithmetic conlleval uses, so they agree to the
 * last digit. */
#include "eval.h"

#include <string.h>

#include "tg-error.h"
#include "tg-limits.h"

#define DOCSTART "-DOCSTART-"
#define BOUNDARY "-X-"
#define UTF8_BOM "\xEF\xBB\xBF"

/* Tokens of context shown on each side of a span in error reports. */
#define ERROR_CONTEXT_TOKENS 4

static const char *const dimension_names[] = {
  TG_EVAL_STANCE_CEASEFIRE_FIRST,
  TG_EVAL_STANCE_TERRITORIAL_CLAIMS,
};

static const char *const label_names[TG_EVAL_N_LABELS] = { "-1", "0", "+1", "none" };

/* ===== stance sets ========================================================= */

typedef struct {
  char *party;
  const char *dimension;  /* one of dimension_names */
  int label;
  guint line;             /* source line, 0 when added by API */
} StanceEntry;

struct _TgEvalStances {
  GPtrArray *entries;     /* of StanceEntry *, insertion order */
  GHashTable *index;      /* "PARTY\tdimension" -> StanceEntry * */
};

static void
stance_entry_free (StanceEntry *e)
{
  g_free (e->party);
  g_free (e);
}

TgEvalStances *
tg_eval_stances_new (void)
{
  TgEvalStances *s = g_new0 (TgEvalStances, 1);
  s->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) stance_entry_free);
  s->index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return s;
}

void
tg_eval_stances_free (TgEvalStances *stances)
{
  if (stances == NULL)
    return;
  g_hash_table_unref (stances->index);
  g_ptr_array_unref (stances->entries);
  g_free (stances);
}

static const char *
dimension_lookup (const char *name)
{
  for (gsize d = 0; d < G_N_ELEMENTS (dimension_names); d++)
    if (strcmp (name, dimension_names[d]) == 0)
      return dimension_names[d];
  return NULL;
}

static gboolean
party_is_valid (const char *party)
{
  if (*party == '\0')
    return FALSE;
  for (const char *p = party; *p != '\0'; p++)
    if (g_ascii_isspace (*p))
      return FALSE;
  return g_utf8_validate (party, -1, NULL);
}

static char *
pair_key (const char *party, const char *dimension)
{
  return g_strconcat (party, "\t", dimension, NULL);
}

/* Adds a label; @where prefixes error messages ("NAME:LINE: ") and may be "". */
static gboolean
stances_add (TgEvalStances *stances, const char *party, const char *dimension, int label,
             guint line, const char *where, GError **error)
{
  const char *dim = dimension_lookup (dimension);
  if (dim == NULL)
    {
      g_set_error (error, TG_ERROR, TG_ERROR_PARSE,
                   "%sunknown stance dimension '%s' (expected %s or %s)", where, dimension,
                   TG_EVAL_STANCE_CEASEFIRE_FIRST, TG_EVAL_STANCE_TERRITORIAL_CLAIMS);
      return FALSE;
    }
  if (label < -1 || label > 1)
    {
      g_set_error (error, TG_ERROR, TG_ERROR_PARSE,
                   "%sinvalid stance label %d (expected -1, 0 or +1)", where, label);
      return FALSE;
    }
  if (!party_is_valid (party))
    {
      g_set_error (error, TG_ERROR, TG_ERROR_PARSE, "%sinvalid party code '%s'", where, party);
      return FALSE;
    }
  g_autofree char *key = pair_key (party, dim);
  const StanceEntry *old = g_hash_table_lookup (stances->index, key);
  if (old != NULL)
    {
      if (old->line > 0)
        g_set_error (error, TG_ERROR, TG_ERROR_PARSE,
                     "%sduplicate label for %s %s (first given on line %u)", where, party, dim,
                     old->line);
      else
        g_set_error (error, TG_ERROR, TG_ERROR_PARSE, "%sduplicate label for %s %s", where,
                     party, dim);
      return FALSE;
    }
  StanceEntry *e = g_new0 (StanceEntry, 1);
  e->party = g_strdup (party);
  e->dimension = dim;
  e->label = label;
  e->line = line;
  g_ptr_array_add (stances->entries, e);
  g_hash_table_insert (stances->index, g_steal_pointer (&key), e);
  return TRUE;
}

gboolean
tg_eval_stances_add (TgEvalStances *stances, const char *party, const char *dimension,
                     int label, GError **error)
{
  g_return_val_if_fail (stances != NULL && party != NULL && dimension != NULL, FALSE);
  return stances_add (stances, party, dimension, label, 0, "", error);
}

guint
tg_eval_stances_size (const TgEvalStances *stances)
{
  g_return_val_if_fail (stances != NULL, 0);
  return stances->entries->len;
}

gboolean
tg_eval_stances_lookup (const TgEvalStances *stances, const char *party, const char *dimension,
                        int *out_label)
{
  g_return_val_if_fail (stances != NULL && party != NULL && dimension != NULL, FALSE);
  g_autofree char *key = pair_key (party, dimension);
  const StanceEntry *e = g_hash_table_lookup (stances->index, key);
  if (e == NULL)
    return FALSE;
  if (out_label != NULL)
    *out_label = e->label;
  return TRUE;
}

static gboolean
parse_label (const char *s, int *out)
{
  if (strcmp (s, "-1") == 0)
    *out = -1;
  else if (strcmp (s, "0") == 0)
    *out = 0;
  else if (strcmp (s, "+1") == 0)
    *out = 1;
  else
    return FALSE;
  return TRUE;
}

TgEvalStances *
tg_eval_stances_parse (const char *name, const char *data, gsize len, GError **error)
{
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (data != NULL || len == 0, NULL);

  g_autoptr (TgEvalStances) stances = tg_eval_stances_new ();
  gsize pos = 0;
  if (len >= 3 && memcmp (data, UTF8_BOM, 3) == 0)
    pos = 3;
  for (guint lineno = 1; pos < len; lineno++)
    {
      const char *line = data + pos;
      const char *nl = memchr (line, '\n', len - pos);
      gsize line_len = nl != NULL ? (gsize) (nl - line) : len - pos;
      pos += line_len + (nl != NULL ? 1 : 0);
      if (line_len > 0 && line[line_len - 1] == '\r')
        line_len--;

      if (line_len > TG_MAX_LINE_BYTES)
        {
          g_set_error (error, TG_ERROR, TG_ERROR_LIMIT, "%s:%u: line longer than %u bytes",
                       name, lineno, (guint) TG_MAX_LINE_BYTES);
          return NULL;
        }
      if (memchr (line, '\0', line_len) != NULL)
        {
          g_set_error (error, TG_ERROR, TG_ERROR_ENCODING, "%s:%u: NUL byte", name, lineno);
          return NULL;
        }
      if (!g_utf8_validate_len (line, line_len, NULL))
        {
          g_set_error (error, TG_ERROR, TG_ERROR_ENCODING, "%s:%u: invalid UTF-8", name, lineno);
          return NULL;
        }

      g_autofree char *text = g_strndup (line, line_len);
      char *stripped = g_strstrip (text);
      if (*stripped == '\0' || *stripped == '#')
        continue;
      g_auto (GStrv) fields = g_strsplit_set (stripped, " \t", -1);
      /* Drop the empty strings that runs of separators leave. */
      guint n = 0;
      for (guint k = 0; fields[k] != NULL; k++)
        if (*fields[k] != '\0')
          fields[n++] = fields[k];
        else
          g_free (fields[k]);
      fields[n] = NULL;

      g_autofree char *where = g_strdup_printf ("%s:%u: ", name, lineno);
      if (n != 3)
        {
          g_set_error (error, TG_ERROR, TG_ERROR_PARSE,
                       "%sexpected 3 tab-separated fields (party, dimension, label), found %u",
                       where, n);
          return NULL;
        }
      int label = 0;
      if (!parse_label (fields[2], &label))
        {
          g_set_error (error, TG_ERROR, TG_ERROR_PARSE,
                       "%sinvalid stance label '%s' (expected -1, 0 or +1)", where, fields[2]);
          return NULL;
        }
      if (!stances_add (stances, fields[0], fields[1], label, lineno, where, error))
        return NULL;
    }
  return g_steal_pointer (&stances);
}

/* ===== the evaluation run ================================================== */

typedef struct {
  guint64 gold;       /* conlleval %foundCorrect */
  guint64 predicted;  /* %foundGuessed */
  guint64 correct;    /* %correctChunk */
} TypeCounts;

typedef enum {
  ERROR_MISSED,
  ERROR_SPURIOUS,
  ERROR_MISTYPED,
  ERROR_STANCE,
} ErrorKind;

/* One reported error. Entity errors use sentence..overlap; stance errors use
 * party..predicted_label. */
typedef struct {
  ErrorKind kind;
  char *document;
  guint sentence;        /* 1-based, within the document */
  guint first;           /* first token of the span, 0-based within the sentence */
  char *text;            /* span text */
  char *context;         /* the span with its neighbours, span in [brackets] */
  char *gold_type;
  char *predicted_type;
  char *overlap;         /* missed/spurious: an overlapping span of the other side, or NULL */
  char *party;
  const char *dimension;
  int gold_label;        /* TG_EVAL_LABEL_* */
  int predicted_label;
} EvalError;

static void
eval_error_free (EvalError *e)
{
  g_free (e->document);
  g_free (e->text);
  g_free (e->context);
  g_free (e->gold_type);
  g_free (e->predicted_type);
  g_free (e->overlap);
  g_free (e->party);
  g_free (e);
}

/* A chunk of one sentence, for error reports: tokens [first, end). */
typedef struct {
  guint first;
  guint end;
  char *type;
} Span;

static void
span_clear (Span *s)
{
  g_free (s->type);
}

struct _TgEval {
  TgEvalFlags flags;
  gboolean finished;

  /* conlleval's state: the previous line's tags, and whether the chunk being
   * read is correct so far. */
  GString *last_gold, *last_gold_type, *last_pred, *last_pred_type;
  GString *cur_gold, *cur_gold_type, *cur_pred, *cur_pred_type;
  gboolean in_correct;

  /* conlleval's counters. */
  guint64 tokens, correct_tags, found_gold, found_pred, correct;
  GHashTable *types;  /* type (char *) -> TypeCounts * */

  /* Documents, and the sentence being read (for error reports). */
  guint n_documents;
  char *doc_name;         /* the current document, valid UTF-8 */
  guint sentence_no;      /* sentences seen in the current document */
  GPtrArray *sent_tokens; /* of char *: tokens of the sentence being read */
  GArray *gold_spans;     /* of Span: closed gold chunks of the sentence */
  GArray *pred_spans;
  gint open_gold;         /* first token of the open gold chunk, or -1 */
  gint open_pred;
  GString *open_gold_type, *open_pred_type;
  GPtrArray *errors;      /* of EvalError * */

  /* Stance. */
  guint confusion[TG_EVAL_N_LABELS][TG_EVAL_N_LABELS];
};

TgEval *
tg_eval_new (TgEvalFlags flags)
{
  TgEval *ev = g_new0 (TgEval, 1);
  ev->flags = flags;
  ev->last_gold = g_string_new ("O");
  ev->last_gold_type = g_string_new ("");
  ev->last_pred = g_string_new ("O");
  ev->last_pred_type = g_string_new ("");
  ev->cur_gold = g_string_new (NULL);
  ev->cur_gold_type = g_string_new (NULL);
  ev->cur_pred = g_string_new (NULL);
  ev->cur_pred_type = g_string_new (NULL);
  ev->types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  ev->doc_name = g_strdup ("");
  ev->sent_tokens = g_ptr_array_new_with_free_func (g_free);
  ev->gold_spans = g_array_new (FALSE, FALSE, sizeof (Span));
  g_array_set_clear_func (ev->gold_spans, (GDestroyNotify) span_clear);
  ev->pred_spans = g_array_new (FALSE, FALSE, sizeof (Span));
  g_array_set_clear_func (ev->pred_spans, (GDestroyNotify) span_clear);
  ev->open_gold = -1;
  ev->open_pred = -1;
  ev->open_gold_type = g_string_new (NULL);
  ev->open_pred_type = g_string_new (NULL);
  ev->errors = g_ptr_array_new_with_free_func ((GDestroyNotify) eval_error_free);
  return ev;
}

void
tg_eval_free (TgEval *ev)
{
  if (ev == NULL)
    return;
  GString *strings[] = {
    ev->last_gold, ev->last_gold_type, ev->last_pred, ev->last_pred_type,
    ev->cur_gold, ev->cur_gold_type, ev->cur_pred, ev->cur_pred_type,
    ev->open_gold_type, ev->open_pred_type,
  };
  for (gsize i = 0; i < G_N_ELEMENTS (strings); i++)
    g_string_free (strings[i], TRUE);
  g_hash_table_unref (ev->types);
  g_free (ev->doc_name);
  g_ptr_array_unref (ev->sent_tokens);
  g_array_unref (ev->gold_spans);
  g_array_unref (ev->pred_spans);
  g_ptr_array_unref (ev->errors);
  g_free (ev);
}

/* ---- conlleval's chunk rules ---------------------------------------------- */

static inline gboolean
is (const char *s, const char *t)
{
  return strcmp (s, t) == 0;
}

/* Whether a chunk ended between the previous line (tag @prev, type @prev_type)
 * and the current one. */
static gboolean
chunk_ends (const char *prev, const char *tag, const char *prev_type, const char *type)
{
  if ((is (prev, "B") || is (prev, "I")) && (is (tag, "B") || is (tag, "O")))
    return TRUE;
  if (is (prev, "E") && (is (tag, "E") || is (tag, "I") || is (tag, "O")))
    return TRUE;
  if (!is (prev, "O") && !is (prev, ".") && !is (prev_type, type))
    return TRUE;
  /* Bracket tags mark one-token chunks. */
  return is (prev, "[") || is (prev, "]");
}

/* Whether a chunk started between the previous line and the current one. */
static gboolean
chunk_starts (const char *prev, const char *tag, const char *prev_type, const char *type)
{
  if (is (tag, "B") && (is (prev, "B") || is (prev, "I") || is (prev, "O")))
    return TRUE;
  if (is (prev, "O") && (is (tag, "I") || is (tag, "E")))
    return TRUE;
  if (is (prev, "E") && (is (tag, "E") || is (tag, "I")))
    return TRUE;
  if (!is (tag, "O") && !is (tag, ".") && !is (prev_type, type))
    return TRUE;
  return is (tag, "[") || is (tag, "]");
}

/* Splits @full at its first '-' into @tag and @type, as conlleval does; a type
 * that Perl would take as false ("0") becomes "". */
static void
split_tag (const char *full, GString *tag, GString *type)
{
  const char *dash = strchr (full, '-');
  if (dash == NULL)
    {
      g_string_assign (tag, full);
      g_string_truncate (type, 0);
      return;
    }
  g_string_truncate (tag, 0);
  g_string_append_len (tag, full, dash - full);
  g_string_assign (type, dash + 1);
  if (is (type->str, "0"))
    g_string_truncate (type, 0);
}

static TypeCounts *
type_counts (TgEval *ev, const char *type)
{
  TypeCounts *c = g_hash_table_lookup (ev->types, type);
  if (c == NULL)
    {
      c = g_new0 (TypeCounts, 1);
      g_hash_table_insert (ev->types, g_strdup (type), c);
    }
  return c;
}

/* ---- error collection ------------------------------------------------------- */

/* The tokens [first, end) of the current sentence joined by spaces, as valid
 * UTF-8. */
static char *
sentence_text (const TgEval *ev, guint first, guint end)
{
  GString *s = g_string_new (NULL);
  for (guint i = first; i < end; i++)
    {
      if (i > first)
        g_string_append_c (s, ' ');
      g_string_append (s, g_ptr_array_index (ev->sent_tokens, i));
    }
  char *valid = g_utf8_make_valid (s->str, (gssize) s->len);
  g_string_free (s, TRUE);
  return valid;
}

static char *
span_context (const TgEval *ev, const Span *sp)
{
  guint n = ev->sent_tokens->len;
  guint from = sp->first > ERROR_CONTEXT_TOKENS ? sp->first - ERROR_CONTEXT_TOKENS : 0;
  guint to = MIN (n, sp->end + ERROR_CONTEXT_TOKENS);
  g_autofree char *before = sentence_text (ev, from, sp->first);
  g_autofree char *inside = sentence_text (ev, sp->first, sp->end);
  g_autofree char *after = sentence_text (ev, sp->end, to);
  return g_strdup_printf ("%s%s%s[%s]%s%s%s", from > 0 ? "... " : "", before,
                          *before != '\0' ? " " : "", inside, *after != '\0' ? " " : "", after,
                          to < n ? " ..." : "");
}

/* The first span of @spans sharing a token with @sp, or NULL. */
static const Span *
find_overlap (const GArray *spans, const Span *sp)
{
  const Span *v = (const Span *) (const void *) spans->data;
  for (guint k = 0; v != NULL && k < spans->len; k++)
    if (v[k].first < sp->end && sp->first < v[k].end)
      return &v[k];
  return NULL;
}

static const Span *
find_same_extent (const GArray *spans, const Span *sp)
{
  const Span *v = (const Span *) (const void *) spans->data;
  for (guint k = 0; v != NULL && k < spans->len; k++)
    if (v[k].first == sp->first && v[k].end == sp->end)
      return &v[k];
  return NULL;
}

/* Records an error about @sp. @other is, for a mistyped span, the predicted
 * span of the same extent; for a missed or spurious one, an overlapping span of
 * the other side, or NULL. */
static void
add_span_error (TgEval *ev, ErrorKind kind, const Span *sp, const Span *other)
{
  EvalError *e = g_new0 (EvalError, 1);
  e->kind = kind;
  e->document = g_strdup (ev->doc_name);
  e->sentence = ev->sentence_no;
  e->first = sp->first;
  e->text = sentence_text (ev, sp->first, sp->end);
  e->context = span_context (ev, sp);
  if (kind == ERROR_SPURIOUS)
    e->predicted_type = g_utf8_make_valid (sp->type, -1);
  else
    e->gold_type = g_utf8_make_valid (sp->type, -1);
  if (kind == ERROR_MISTYPED && other != NULL)
    e->predicted_type = g_utf8_make_valid (other->type, -1);
  else if (other != NULL)
    {
      g_autofree char *otext = sentence_text (ev, other->first, other->end);
      g_autofree char *otype = g_utf8_make_valid (other->type, -1);
      e->overlap = g_strdup_printf ("%s%s\"%s\"", otype, *otype != '\0' ? " " : "", otext);
    }
  g_ptr_array_add (ev->errors, e);
}

static void
close_span (GArray *spans, gint *open, GString *open_type, guint end)
{
  if (*open < 0)
    return;
  Span sp = { (guint) *open, end, g_strdup (open_type->str) };
  g_array_append_val (spans, sp);
  *open = -1;
}

/* Ends the sentence being collected: compares its gold and predicted chunks and
 * records the differences, then empties it. */
static void
flush_sentence (TgEval *ev)
{
  if (!(ev->flags & TG_EVAL_COLLECT_ERRORS))
    return;
  guint n = ev->sent_tokens->len;
  close_span (ev->gold_spans, &ev->open_gold, ev->open_gold_type, n);
  close_span (ev->pred_spans, &ev->open_pred, ev->open_pred_type, n);
  if (n > 0)
    {
      ev->sentence_no++;
      /* Errors in token order: walk both span lists together. */
      guint gi = 0, pi = 0;
      guint n_gold = ev->gold_spans->len, n_pred = ev->pred_spans->len;
      while (gi < n_gold || pi < n_pred)
        {
          if (gi < n_gold
              && (pi == n_pred
                  || g_array_index (ev->gold_spans, Span, gi).first
                         <= g_array_index (ev->pred_spans, Span, pi).first))
            {
              const Span *g = &g_array_index (ev->gold_spans, Span, gi++);
              const Span *same = find_same_extent (ev->pred_spans, g);
              if (same == NULL)
                add_span_error (ev, ERROR_MISSED, g, find_overlap (ev->pred_spans, g));
              else if (!is (same->type, g->type))
                add_span_error (ev, ERROR_MISTYPED, g, same);
            }
          else
            {
              const Span *p = &g_array_index (ev->pred_spans, Span, pi++);
              if (find_same_extent (ev->gold_spans, p) == NULL)
                add_span_error (ev, ERROR_SPURIOUS, p, find_overlap (ev->gold_spans, p));
            }
        }
    }
  g_ptr_array_set_size (ev->sent_tokens, 0);
  g_array_set_size (ev->gold_spans, 0);
  g_array_set_size (ev->pred_spans, 0);
}

/* Follows the chunk boundaries of one side (gold or predicted) of a token line
 * for error reports. A start closes the open chunk even where conlleval sees no
 * end (a quirk of non-IOB tags). */
static void
track_span (GArray *spans, gint *open, GString *open_type, guint index, gboolean ends,
            gboolean starts, const char *type)
{
  if (*open >= 0 && (ends || starts))
    close_span (spans, open, open_type, index);
  if (starts)
    {
      *open = (gint) index;
      g_string_assign (open_type, type);
    }
}

/* ---- the stream ------------------------------------------------------------- */

/* One line of conlleval's input, with the tags already split into cur_*. */
static void
process_line (TgEval *ev, const char *token, gboolean boundary)
{
  const char *g = ev->cur_gold->str, *gt = ev->cur_gold_type->str;
  const char *p = ev->cur_pred->str, *pt = ev->cur_pred_type->str;
  const char *lg = ev->last_gold->str, *lgt = ev->last_gold_type->str;
  const char *lp = ev->last_pred->str, *lpt = ev->last_pred_type->str;

  gboolean gold_ends = chunk_ends (lg, g, lgt, gt);
  gboolean pred_ends = chunk_ends (lp, p, lpt, pt);
  if (ev->in_correct)
    {
      if (gold_ends && pred_ends && is (lpt, lgt))
        {
          ev->in_correct = FALSE;
          ev->correct++;
          type_counts (ev, lgt)->correct++;
        }
      else if (gold_ends != pred_ends || !is (pt, gt))
        ev->in_correct = FALSE;
    }

  gboolean gold_starts = chunk_starts (lg, g, lgt, gt);
  gboolean pred_starts = chunk_starts (lp, p, lpt, pt);
  if (gold_starts && pred_starts && is (pt, gt))
    ev->in_correct = TRUE;
  if (gold_starts)
    {
      ev->found_gold++;
      type_counts (ev, gt)->gold++;
    }
  if (pred_starts)
    {
      ev->found_pred++;
      type_counts (ev, pt)->predicted++;
    }
  if (!boundary)
    {
      if (is (g, p) && is (pt, gt))
        ev->correct_tags++;
      ev->tokens++;
    }

  if (ev->flags & TG_EVAL_COLLECT_ERRORS)
    {
      if (boundary || (token != NULL && is (token, DOCSTART)))
        flush_sentence (ev);
      else
        {
          guint index = ev->sent_tokens->len;
          g_ptr_array_add (ev->sent_tokens, g_strdup (token != NULL ? token : "_"));
          track_span (ev->gold_spans, &ev->open_gold, ev->open_gold_type, index, gold_ends,
                      gold_starts, gt);
          track_span (ev->pred_spans, &ev->open_pred, ev->open_pred_type, index, pred_ends,
                      pred_starts, pt);
        }
    }

  /* The current tags become the previous ones. */
  GString *tmp;
  tmp = ev->last_gold, ev->last_gold = ev->cur_gold, ev->cur_gold = tmp;
  tmp = ev->last_gold_type, ev->last_gold_type = ev->cur_gold_type, ev->cur_gold_type = tmp;
  tmp = ev->last_pred, ev->last_pred = ev->cur_pred, ev->cur_pred = tmp;
  tmp = ev->last_pred_type, ev->last_pred_type = ev->cur_pred_type, ev->cur_pred_type = tmp;
}

void
tg_eval_begin_document (TgEval *ev, const char *name)
{
  g_return_if_fail (ev != NULL && name != NULL);
  g_return_if_fail (!ev->finished);
  flush_sentence (ev);
  g_free (ev->doc_name);
  ev->doc_name = g_utf8_make_valid (name, -1);
  ev->n_documents++;
  ev->sentence_no = 0;
}

void
tg_eval_add_boundary (TgEval *ev)
{
  g_return_if_fail (ev != NULL);
  g_return_if_fail (!ev->finished);
  g_string_assign (ev->cur_gold, "O");
  g_string_truncate (ev->cur_gold_type, 0);
  g_string_assign (ev->cur_pred, "O");
  g_string_truncate (ev->cur_pred_type, 0);
  process_line (ev, BOUNDARY, TRUE);
}

void
tg_eval_add_token (TgEval *ev, const char *token, const char *gold, const char *pred)
{
  g_return_if_fail (ev != NULL && gold != NULL && pred != NULL);
  g_return_if_fail (!ev->finished);
  if (token != NULL && is (token, BOUNDARY))
    {
      tg_eval_add_boundary (ev);
      return;
    }
  split_tag (gold, ev->cur_gold, ev->cur_gold_type);
  split_tag (pred, ev->cur_pred, ev->cur_pred_type);
  process_line (ev, token, FALSE);
}

void
tg_eval_add_document (TgEval *ev, const TgDocument *doc, const GPtrArray *gold_tags,
                      const GPtrArray *pred_tags)
{
  g_return_if_fail (ev != NULL && doc != NULL && gold_tags != NULL && pred_tags != NULL);
  g_return_if_fail (gold_tags->len == doc->tokens->len && pred_tags->len == doc->tokens->len);

  tg_eval_begin_document (ev, doc->name);
  tg_eval_add_token (ev, DOCSTART, "O", "O");
  tg_eval_add_boundary (ev);
  for (guint s = 0; s < doc->sentences->len; s++)
    {
      const TgSentence *sent = &g_array_index (doc->sentences, TgSentence, s);
      for (guint i = sent->first; i < sent->first + sent->n_tokens; i++)
        {
          g_autofree char *token = tg_document_token_dup (doc, i);
          tg_eval_add_token (ev, token, g_ptr_array_index (gold_tags, i),
                             g_ptr_array_index (pred_tags, i));
        }
      tg_eval_add_boundary (ev);
    }
}

/* ---- system files --------------------------------------------------------- */

/* Splits @line at every occurrence of @delim, as Perl's split does with a literal
 * pattern: empty fields are kept, except trailing ones. Fields are appended to
 * @fields (cleared first) as newly allocated strings. */
static void
split_fields (const char *line, gsize len, const char *delim, GPtrArray *fields)
{
  g_ptr_array_set_size (fields, 0);
  gsize dlen = strlen (delim);
  gsize start = 0;
  for (gsize i = 0; i + dlen <= len;)
    {
      if (memcmp (line + i, delim, dlen) == 0)
        {
          g_ptr_array_add (fields, g_strndup (line + start, i - start));
          i += dlen;
          start = i;
        }
      else
        i++;
    }
  g_ptr_array_add (fields, g_strndup (line + start, len - start));
  while (fields->len > 0 && *(const char *) g_ptr_array_index (fields, fields->len - 1) == '\0')
    g_ptr_array_set_size (fields, fields->len - 1);
}

/* The next line of @data from *@pos (advanced past it), without its newline and
 * a CR before it. */
static const char *
next_line (const char *data, gsize len, gsize *pos, gsize *line_len)
{
  const char *line = data + *pos;
  const char *nl = memchr (line, '\n', len - *pos);
  *line_len = nl != NULL ? (gsize) (nl - line) : len - *pos;
  *pos += *line_len + (nl != NULL ? 1 : 0);
  if (*line_len > 0 && line[*line_len - 1] == '\r')
    (*line_len)--;
  return line;
}

/* The default separator of a system file: a space, or a tab when the first line
 * with anything but spaces and tabs holds a tab and no space. */
static const char *
guess_delimiter (const char *data, gsize len, gsize pos)
{
  while (pos < len)
    {
      gsize line_len;
      const char *line = next_line (data, len, &pos, &line_len);
      gboolean has_tab = FALSE, has_space = FALSE, has_text = FALSE;
      for (gsize i = 0; i < line_len; i++)
        {
          if (line[i] == '\t')
            has_tab = TRUE;
          else if (line[i] == ' ')
            has_space = TRUE;
          else
            has_text = TRUE;
        }
      if (has_text)
        return has_tab && !has_space ? "\t" : " ";
    }
  return " ";
}

/* Whether some line's first field is -DOCSTART-. */
static gboolean
has_docstart (const char *data, gsize len, gsize pos, const char *delim)
{
  gsize n = strlen (DOCSTART), dlen = strlen (delim);
  while (pos < len)
    {
      gsize line_len;
      const char *line = next_line (data, len, &pos, &line_len);
      if (line_len >= n && memcmp (line, DOCSTART, n) == 0
          && line_len >= n + dlen && memcmp (line + n, delim, dlen) == 0)
        return TRUE;
    }
  return FALSE;
}

gboolean
tg_eval_add_system (TgEval *ev, const char *name, const char *data, gsize len,
                    const TgEvalSystemOptions *options, GError **error)
{
  g_return_val_if_fail (ev != NULL && name != NULL, FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (!ev->finished, FALSE);
  g_return_val_if_fail (options == NULL || options->delimiter == NULL || *options->delimiter != '\0',
                        FALSE);

  gsize pos = 0;
  if (len >= 3 && memcmp (data, UTF8_BOM, 3) == 0)
    pos = 3;
  const char *delim = options != NULL && options->delimiter != NULL ? options->delimiter
                                                                      : guess_delimiter (data, len, pos);
  gboolean raw = options != NULL && options->raw;
  const char *outside = options != NULL && options->outside_tag != NULL ? options->outside_tag : "O";
  gboolean numbered = has_docstart (data, len, pos, delim);
  guint doc_no = 0;
  gboolean in_document = FALSE;
  if (!numbered)
    {
      tg_eval_begin_document (ev, name);
      in_document = TRUE;
    }

  g_autoptr (GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  gint n_features = -1;  /* conlleval's $nbrOfFeatures: fields of the first line, minus 1 */
  for (guint lineno = 1; pos < len; lineno++)
    {
      gsize line_len;
      const char *line = next_line (data, len, &pos, &line_len);
      if (line_len > TG_MAX_LINE_BYTES)
        {
          g_set_error (error, TG_ERROR, TG_ERROR_LIMIT, "%s:%u: line longer than %u bytes",
                       name, lineno, (guint) TG_MAX_LINE_BYTES);
          return FALSE;
        }
      if (memchr (line, '\0', line_len) != NULL)
        {
          g_set_error (error, TG_ERROR, TG_ERROR_ENCODING, "%s:%u: NUL byte", name, lineno);
          return FALSE;
        }
      split_fields (line, line_len, delim, fields);
      gint n = (gint) fields->len;
      if (n_features < 0)
        n_features = n - 1;
      else if (n_features != n - 1 && n != 0)
        {
          g_set_error (error, TG_ERROR, TG_ERROR_PARSE,
                       "%s:%u: unexpected number of features: %d (%d)", name, lineno, n,
                       n_features + 1);
          return FALSE;
        }
      if (n == 0 || is (g_ptr_array_index (fields, 0), BOUNDARY))
        {
          tg_eval_add_boundary (ev);
          continue;
        }
      if (n < 2)
        {
          g_set_error (error, TG_ERROR, TG_ERROR_PARSE,
                       "%s:%u: unexpected number of features in line (need a gold and a "
                       "predicted tag)", name, lineno);
          return FALSE;
        }
      char **f = (char **) fields->pdata;
      if (raw)
        {
          /* conlleval -r: the outside tag becomes O, anything else B-TAG. */
          for (gint k = n - 1; k >= n - 2; k--)
            {
              if (is (f[k], outside))
                {
                  g_free (f[k]);
                  f[k] = g_strdup ("O");
                }
              if (!is (f[k], "O"))
                {
                  char *b = g_strconcat ("B-", f[k], NULL);
                  g_free (f[k]);
                  f[k] = b;
                }
            }
        }
      const char *token = n >= 3 ? f[0] : NULL;
      if (numbered && token != NULL && is (token, DOCSTART))
        {
          g_autofree char *doc_name = g_strdup_printf ("%s#%u", name, ++doc_no);
          tg_eval_begin_document (ev, doc_name);
          in_document = TRUE;
        }
      else if (!in_document)
        {
          /* Tokens before the first -DOCSTART- form a document of their own. */
          g_autofree char *doc_name = g_strdup_printf ("%s#%u", name, ++doc_no);
          tg_eval_begin_document (ev, doc_name);
          in_document = TRUE;
        }
      tg_eval_add_token (ev, token, f[n - 2], f[n - 1]);
    }
  return TRUE;
}

/* ---- stance ----------------------------------------------------------------- */

static int
label_index (int label)
{
  return label < 0 ? TG_EVAL_LABEL_NEG : label == 0 ? TG_EVAL_LABEL_ZERO : TG_EVAL_LABEL_POS;
}

static void
add_stance_error (TgEval *ev, const char *document, const char *party, const char *dimension,
                  int gold, int predicted)
{
  EvalError *e = g_new0 (EvalError, 1);
  e->kind = ERROR_STANCE;
  e->document = g_utf8_make_valid (document, -1);
  e->party = g_strdup (party);
  e->dimension = dimension;
  e->gold_label = gold;
  e->predicted_label = predicted;
  g_ptr_array_add (ev->errors, e);
}

void
tg_eval_add_stances (TgEval *ev, const char *document, const TgEvalStances *gold,
                     const TgEvalStances *predicted)
{
  g_return_if_fail (ev != NULL && document != NULL);
  g_return_if_fail (!ev->finished);
  if (gold == NULL)
    return;
  gboolean collect = (ev->flags & TG_EVAL_COLLECT_ERRORS) != 0;
  for (guint k = 0; k < gold->entries->len; k++)
    {
      const StanceEntry *g = g_ptr_array_index (gold->entries, k);
      int p = 0;
      int pi = TG_EVAL_LABEL_NONE;
      if (predicted != NULL && tg_eval_stances_lookup (predicted, g->party, g->dimension, &p))
        pi = label_index (p);
      int gi = label_index (g->label);
      ev->confusion[gi][pi]++;
      if (collect && gi != pi)
        add_stance_error (ev, document, g->party, g->dimension, gi, pi);
    }
  if (predicted == NULL)
    return;
  for (guint k = 0; k < predicted->entries->len; k++)
    {
      const StanceEntry *p = g_ptr_array_index (predicted->entries, k);
      if (tg_eval_stances_lookup (gold, p->party, p->dimension, NULL))
        continue;
      int pi = label_index (p->label);
      ev->confusion[TG_EVAL_LABEL_NONE][pi]++;
      if (collect)
        add_stance_error (ev, document, p->party, p->dimension, TG_EVAL_LABEL_NONE, pi);
    }
}

void
tg_eval_finish (TgEval *ev)
{
  g_return_if_fail (ev != NULL);
  if (ev->finished)
    return;
  /* conlleval's end of input: a chunk still correct at the last line counts. */
  if (ev->in_correct)
    {
      ev->correct++;
      type_counts (ev, ev->last_gold_type->str)->correct++;
      ev->in_correct = FALSE;
    }
  flush_sentence (ev);
  ev->finished = TRUE;
}

/* ===== scores ================================================================ */

static double
fraction (guint64 num, guint64 den)
{
  return den > 0 ? (double) num / (double) den : 0.0;
}

static double
harmonic (double p, double r)
{
  return p + r > 0.0 ? 2.0 * p * r / (p + r) : 0.0;
}

void
tg_eval_entity_scores (const TgEval *ev, const char *type, TgEvalEntityScores *out)
{
  g_return_if_fail (ev != NULL && out != NULL);
  g_return_if_fail (ev->finished);
  memset (out, 0, sizeof *out);
  out->tokens = ev->tokens;
  out->correct_tags = ev->correct_tags;
  if (type == NULL)
    {
      out->gold = ev->found_gold;
      out->predicted = ev->found_pred;
      out->correct = ev->correct;
      out->accuracy = fraction (ev->correct_tags, ev->tokens);
    }
  else
    {
      const TypeCounts *c = g_hash_table_lookup (ev->types, type);
      if (c != NULL)
        {
          out->gold = c->gold;
          out->predicted = c->predicted;
          out->correct = c->correct;
        }
    }
  out->precision = fraction (out->correct, out->predicted);
  out->recall = fraction (out->correct, out->gold);
  out->f1 = harmonic (out->precision, out->recall);
}

guint
tg_eval_n_documents (const TgEval *ev)
{
  g_return_val_if_fail (ev != NULL, 0);
  return ev->n_documents;
}

void
tg_eval_stance_scores (const TgEval *ev, TgEvalStanceScores *out)
{
  g_return_if_fail (ev != NULL && out != NULL);
  g_return_if_fail (ev->finished);
  memset (out, 0, sizeof *out);
  memcpy (out->confusion, ev->confusion, sizeof out->confusion);
  const guint (*c)[TG_EVAL_N_LABELS] = ev->confusion;
  for (int g = 0; g < TG_EVAL_N_LABELS; g++)
    for (int p = 0; p < TG_EVAL_N_LABELS; p++)
      {
        if (g != TG_EVAL_LABEL_NONE)
          out->pairs_gold += c[g][p];
        if (p != TG_EVAL_LABEL_NONE)
          out->pairs_predicted += c[g][p];
        if (g != TG_EVAL_LABEL_NONE && p != TG_EVAL_LABEL_NONE)
          out->covered += c[g][p];
        if (g == TG_EVAL_LABEL_NONE && p != TG_EVAL_LABEL_NONE)
          out->spurious_pairs += c[g][p];
        if (g == p && g != TG_EVAL_LABEL_NONE)
          out->correct += c[g][p];
      }
  out->accuracy = fraction (out->correct, out->pairs_gold);
  out->coverage = fraction (out->covered, out->pairs_gold);
  out->spurious = fraction (out->spurious_pairs, out->pairs_predicted);
  double sum = 0.0;
  for (int l = 0; l < 3; l++)
    {
      guint tp = c[l][l], fp = 0, fn = 0;
      for (int k = 0; k < TG_EVAL_N_LABELS; k++)
        if (k != l)
          {
            fp += c[k][l];
            fn += c[l][k];
          }
      out->precision[l] = fraction (tp, (guint64) tp + fp);
      out->recall[l] = fraction (tp, (guint64) tp + fn);
      out->f1[l] = harmonic (out->precision[l], out->recall[l]);
      sum += out->f1[l];
    }
  out->macro_f1 = sum / 3.0;
}

/* ===== reports ================================================================ */

/* Appends @value as C's "%6.2f" would print it in the C locale, which is what
 * Perl's printf prints. */
static void
append_fixed (GString *out, double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%6.2f", value));
}

/* Perl's truth of a string: "" and "0" are false. */
static gboolean
perl_false (const char *s)
{
  return *s == '\0' || is (s, "0");
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* The type lines conlleval prints, in its order: the types of gold chunks and of
 * predicted chunks, sorted bytewise, adjacent duplicates merged except after a
 * false ("") type. With @unique, every type appears once. The strings belong to
 * @ev. */
static GPtrArray *
report_types (const TgEval *ev, gboolean unique)
{
  g_autoptr (GPtrArray) keys = g_ptr_array_new ();
  GHashTableIter it;
  gpointer key, value;
  g_hash_table_iter_init (&it, ev->types);
  while (g_hash_table_iter_next (&it, &key, &value))
    if (((const TypeCounts *) value)->gold > 0)
      g_ptr_array_add (keys, key);
  g_hash_table_iter_init (&it, ev->types);
  while (g_hash_table_iter_next (&it, &key, &value))
    if (((const TypeCounts *) value)->predicted > 0)
      g_ptr_array_add (keys, key);
  g_ptr_array_sort (keys, compare_strings);

  GPtrArray *types = g_ptr_array_new ();
  const char *last = NULL;
  for (guint k = 0; k < keys->len; k++)
    {
      const char *t = g_ptr_array_index (keys, k);
      if (last == NULL || (!unique && perl_false (last)) || !is (last, t))
        g_ptr_array_add (types, (gpointer) t);
      last = t;
    }
  return types;
}

/* conlleval's output. The arithmetic follows conlleval's: percentages are
 * 100 * count / count, FB1 2 * P * R / (P + R) on the percentages. */
static void
write_conlleval (const TgEval *ev, GString *out)
{
  double precision = 0.0, recall = 0.0, fb1 = 0.0;
  if (ev->found_pred > 0)
    precision = (double) (100 * ev->correct) / (double) ev->found_pred;
  if (ev->found_gold > 0)
    recall = (double) (100 * ev->correct) / (double) ev->found_gold;
  if (precision + recall > 0)
    fb1 = 2 * precision * recall / (precision + recall);

  g_string_append_printf (out,
                          "processed %" G_GUINT64_FORMAT " tokens with %" G_GUINT64_FORMAT
                          " phrases; found: %" G_GUINT64_FORMAT " phrases; correct: %"
                          G_GUINT64_FORMAT ".\n",
                          ev->tokens, ev->found_gold, ev->found_pred, ev->correct);
  if (ev->tokens > 0)
    {
      g_string_append (out, "accuracy: ");
      append_fixed (out, (double) (100 * ev->correct_tags) / (double) ev->tokens);
      g_string_append (out, "%; precision: ");
      append_fixed (out, precision);
      g_string_append (out, "%; recall: ");
      append_fixed (out, recall);
      g_string_append (out, "%; FB1: ");
      append_fixed (out, fb1);
      g_string_append_c (out, '\n');
    }

  g_autoptr (GPtrArray) types = report_types (ev, FALSE);
  for (guint k = 0; k < types->len; k++)
    {
      const char *t = g_ptr_array_index (types, k);
      const TypeCounts *c = g_hash_table_lookup (ev->types, t);
      precision = c->predicted > 0 ? (double) (100 * c->correct) / (double) c->predicted : 0.0;
      recall = c->gold > 0 ? (double) (100 * c->correct) / (double) c->gold : 0.0;
      fb1 = precision + recall == 0.0 ? 0.0 : 2 * precision * recall / (precision + recall);
      g_string_append_printf (out, "%17s: precision: ", t);
      append_fixed (out, precision);
      g_string_append (out, "%; recall: ");
      append_fixed (out, recall);
      g_string_append (out, "%; FB1: ");
      append_fixed (out, fb1);
      g_string_append_printf (out, "  %" G_GUINT64_FORMAT "\n", c->predicted);
    }
}

static void
write_stance_text (const TgEval *ev, GString *out)
{
  TgEvalStanceScores s;
  tg_eval_stance_scores (ev, &s);
  g_string_append_printf (out, "\nstance: %u gold pairs; predicted: %u pairs; correct: %u.\n",
                          s.pairs_gold, s.pairs_predicted, s.correct);
  g_string_append (out, "accuracy: ");
  append_fixed (out, 100 * s.accuracy);
  g_string_append (out, "%; coverage: ");
  append_fixed (out, 100 * s.coverage);
  g_string_append (out, "%; spurious: ");
  append_fixed (out, 100 * s.spurious);
  g_string_append (out, "%; macro-F1: ");
  append_fixed (out, 100 * s.macro_f1);
  g_string_append_c (out, '\n');
  for (int l = 0; l < 3; l++)
    {
      g_string_append_printf (out, "%17s: precision: ", label_names[l]);
      append_fixed (out, 100 * s.precision[l]);
      g_string_append (out, "%; recall: ");
      append_fixed (out, 100 * s.recall[l]);
      g_string_append (out, "%; F1: ");
      append_fixed (out, 100 * s.f1[l]);
      g_string_append_c (out, '\n');
    }
  g_string_append_printf (out, "%17s:", "gold \\ predicted");
  for (int p = 0; p < TG_EVAL_N_LABELS; p++)
    g_string_append_printf (out, " %6s", label_names[p]);
  g_string_append_c (out, '\n');
  for (int g = 0; g < TG_EVAL_N_LABELS; g++)
    {
      g_string_append_printf (out, "%17s:", label_names[g]);
      for (int p = 0; p < TG_EVAL_N_LABELS; p++)
        g_string_append_printf (out, " %6u", s.confusion[g][p]);
      g_string_append_c (out, '\n');
    }
}

static const char *
error_kind_name (ErrorKind kind)
{
  switch (kind)
    {
    case ERROR_MISSED:
      return "missed";
    case ERROR_SPURIOUS:
      return "spurious";
    case ERROR_MISTYPED:
      return "mistyped";
    case ERROR_STANCE:
    default:
      return "stance";
    }
}

static void
write_errors_text (const TgEval *ev, GString *out)
{
  g_string_append_printf (out, "\nerrors: %u\n", ev->errors->len);
  for (guint k = 0; k < ev->errors->len; k++)
    {
      const EvalError *e = g_ptr_array_index (ev->errors, k);
      switch (e->kind)
        {
        case ERROR_MISSED:
        case ERROR_SPURIOUS:
          g_string_append_printf (out, "%s sentence %u: %s %s \"%s\"", e->document, e->sentence,
                                  error_kind_name (e->kind),
                                  e->kind == ERROR_MISSED ? e->gold_type : e->predicted_type,
                                  e->text);
          if (e->overlap != NULL)
            g_string_append_printf (out, " (%s %s)",
                                    e->kind == ERROR_MISSED ? "predicted" : "gold", e->overlap);
          g_string_append_printf (out, ": %s\n", e->context);
          break;
        case ERROR_MISTYPED:
          g_string_append_printf (out, "%s sentence %u: mistyped \"%s\": gold %s, predicted %s: %s\n",
                                  e->document, e->sentence, e->text, e->gold_type,
                                  e->predicted_type, e->context);
          break;
        case ERROR_STANCE:
        default:
          g_string_append_printf (out, "%s: stance %s %s: gold %s, predicted %s\n", e->document,
                                  e->party, e->dimension, label_names[e->gold_label],
                                  label_names[e->predicted_label]);
          break;
        }
    }
}

void
tg_eval_write_text (const TgEval *ev, TgEvalReportFlags flags, GString *out)
{
  g_return_if_fail (ev != NULL && out != NULL);
  g_return_if_fail (ev->finished);
  write_conlleval (ev, out);
  if (flags & TG_EVAL_REPORT_STANCE)
    write_stance_text (ev, out);
  if (flags & TG_EVAL_REPORT_ERRORS)
    write_errors_text (ev, out);
}

static void
add_entity_member (JsonBuilder *b, const char *name, const TgEvalEntityScores *s,
                   gboolean with_accuracy)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "precision");
  json_builder_add_double_value (b, s->precision);
  json_builder_set_member_name (b, "recall");
  json_builder_add_double_value (b, s->recall);
  json_builder_set_member_name (b, "f1");
  json_builder_add_double_value (b, s->f1);
  if (with_accuracy)
    {
      json_builder_set_member_name (b, "accuracy");
      json_builder_add_double_value (b, s->accuracy);
    }
  json_builder_set_member_name (b, "gold");
  json_builder_add_int_value (b, (gint64) s->gold);
  json_builder_set_member_name (b, "predicted");
  json_builder_add_int_value (b, (gint64) s->predicted);
  json_builder_set_member_name (b, "correct");
  json_builder_add_int_value (b, (gint64) s->correct);
  json_builder_end_object (b);
}

static void
add_stance_member (JsonBuilder *b, const TgEval *ev)
{
  TgEvalStanceScores s;
  tg_eval_stance_scores (ev, &s);
  json_builder_set_member_name (b, "stance");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "pairs_gold");
  json_builder_add_int_value (b, s.pairs_gold);
  json_builder_set_member_name (b, "pairs_predicted");
  json_builder_add_int_value (b, s.pairs_predicted);
  json_builder_set_member_name (b, "correct");
  json_builder_add_int_value (b, s.correct);
  json_builder_set_member_name (b, "accuracy");
  json_builder_add_double_value (b, s.accuracy);
  json_builder_set_member_name (b, "coverage");
  json_builder_add_double_value (b, s.coverage);
  json_builder_set_member_name (b, "spurious");
  json_builder_add_double_value (b, s.spurious);
  json_builder_set_member_name (b, "macro_f1");
  json_builder_add_double_value (b, s.macro_f1);
  json_builder_set_member_name (b, "by_label");
  json_builder_begin_object (b);
  for (int l = 0; l < 3; l++)
    {
      json_builder_set_member_name (b, label_names[l]);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "precision");
      json_builder_add_double_value (b, s.precision[l]);
      json_builder_set_member_name (b, "recall");
      json_builder_add_double_value (b, s.recall[l]);
      json_builder_set_member_name (b, "f1");
      json_builder_add_double_value (b, s.f1[l]);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
  json_builder_set_member_name (b, "confusion");
  json_builder_begin_object (b);
  for (int g = 0; g < TG_EVAL_N_LABELS; g++)
    {
      json_builder_set_member_name (b, label_names[g]);
      json_builder_begin_object (b);
      for (int p = 0; p < TG_EVAL_N_LABELS; p++)
        {
          json_builder_set_member_name (b, label_names[p]);
          json_builder_add_int_value (b, s.confusion[g][p]);
        }
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
  json_builder_end_object (b);
}

static void
add_string_or_null (JsonBuilder *b, const char *name, const char *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_errors_member (JsonBuilder *b, const TgEval *ev)
{
  json_builder_set_member_name (b, "errors");
  json_builder_begin_array (b);
  for (guint k = 0; k < ev->errors->len; k++)
    {
      const EvalError *e = g_ptr_array_index (ev->errors, k);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "kind");
      json_builder_add_string_value (b, error_kind_name (e->kind));
      json_builder_set_member_name (b, "document");
      json_builder_add_string_value (b, e->document);
      if (e->kind == ERROR_STANCE)
        {
          json_builder_set_member_name (b, "party");
          json_builder_add_string_value (b, e->party);
          json_builder_set_member_name (b, "dimension");
          json_builder_add_string_value (b, e->dimension);
          add_string_or_null (b, "gold",
                              e->gold_label == TG_EVAL_LABEL_NONE ? NULL : label_names[e->gold_label]);
          add_string_or_null (b, "predicted", e->predicted_label == TG_EVAL_LABEL_NONE
                                                  ? NULL : label_names[e->predicted_label]);
        }
      else
        {
          json_builder_set_member_name (b, "sentence");
          json_builder_add_int_value (b, e->sentence);
          json_builder_set_member_name (b, "token");
          json_builder_add_int_value (b, (gint64) e->first + 1);
          json_builder_set_member_name (b, "text");
          json_builder_add_string_value (b, e->text);
          add_string_or_null (b, "gold_type", e->gold_type);
          add_string_or_null (b, "predicted_type", e->predicted_type);
          if (e->overlap != NULL)
            add_string_or_null (b, e->kind == ERROR_MISSED ? "predicted_overlap" : "gold_overlap",
                                e->overlap);
          json_builder_set_member_name (b, "context");
          json_builder_add_string_value (b, e->context);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

JsonNode *
tg_eval_to_json (const TgEval *ev, TgEvalReportFlags flags)
{
  g_return_val_if_fail (ev != NULL, NULL);
  g_return_val_if_fail (ev->finished, NULL);
  g_autoptr (JsonBuilder) b = json_builder_new ();
  TgEvalEntityScores overall;
  tg_eval_entity_scores (ev, NULL, &overall);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "documents");
  json_builder_add_int_value (b, ev->n_documents);
  json_builder_set_member_name (b, "tokens");
  json_builder_add_int_value (b, (gint64) ev->tokens);
  json_builder_set_member_name (b, "entities");
  json_builder_begin_object (b);
  add_entity_member (b, "overall", &overall, TRUE);
  json_builder_set_member_name (b, "by_type");
  json_builder_begin_object (b);
  g_autoptr (GPtrArray) types = report_types (ev, TRUE);
  for (guint k = 0; k < types->len; k++)
    {
      const char *t = g_ptr_array_index (types, k);
      TgEvalEntityScores s;
      tg_eval_entity_scores (ev, t, &s);
      g_autofree char *valid = g_utf8_make_valid (t, -1);
      add_entity_member (b, valid, &s, FALSE);
    }
  json_builder_end_object (b);
  json_builder_end_object (b);
  add_stance_member (b, ev);
  if (flags & TG_EVAL_REPORT_ERRORS)
    add_errors_member (b, ev);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

void
tg_eval_write_json (const TgEval *ev, TgEvalReportFlags flags, GString *out)
{
  g_return_if_fail (ev != NULL && out != NULL);
  g_autoptr (JsonNode) root = tg_eval_to_json (ev, flags);
  g_autoptr (JsonGenerator) gen = json_generator_new ();
  json_generator_set_pretty (gen, TRUE);
  json_generator_set_indent (gen, 2);
  json_generator_set_root (gen, root);
  gsize len = 0;
  g_autofree char *text = json_generator_to_data (gen, &len);
  g_string_append_len (out, text, (gssize) len);
  g_string_append_c (out, '\n');
}
