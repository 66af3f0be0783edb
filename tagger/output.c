/* output.c — text and JSON writers. */
#include "output.h"

#include <json-glib/json-glib.h>
#include <string.h>

/* The text view lists this many of a stance's strongest cues (display only). */
#define TEXT_STANCE_CUES 3

char *
tg_entity_text (const TgDocument *doc, const TgEntity *e)
{
  const TgToken *first = tg_document_token (doc, e->first);
  const TgToken *last = tg_document_token (doc, e->first + e->n_tokens - 1);
  return g_strndup (doc->text + first->start, last->end - first->start);
}

typedef struct {
  const char *code;
  guint mentions;
} PartyCount;

static gint
compare_party_counts (gconstpointer a, gconstpointer b)
{
  const PartyCount *x = a, *y = b;
  if (x->mentions != y->mentions)
    return x->mentions > y->mentions ? -1 : 1;
  return strcmp (x->code, y->code);
}

/* The parties of @doc's entities with their mention counts, most mentioned first. */
static GArray *
count_parties (const TgDocument *doc)
{
  g_autoptr (GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < doc->entities->len; i++)
    {
      const TgEntity *e = &g_array_index (doc->entities, TgEntity, i);
      if (e->party == NULL)
        continue;
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, e->party));
      g_hash_table_insert (counts, (gpointer) e->party, GUINT_TO_POINTER (n + 1));
    }
  GArray *list = g_array_new (FALSE, FALSE, sizeof (PartyCount));
  GHashTableIter iter;
  gpointer key, value;
  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      PartyCount pc = { key, GPOINTER_TO_UINT (value) };
      g_array_append_val (list, pc);
    }
  g_array_sort (list, compare_party_counts);
  return list;
}

/* The document text of bytes [@start, @end) on one line (newlines as spaces). */
static char *
text_span (const TgDocument *doc, gsize start, gsize end)
{
  char *text = g_strndup (doc->text + start, end - start);
  for (char *p = text; *p != '\0'; p++)
    if (*p == '\n' || *p == '\r' || *p == '\t')
      *p = ' ';
  return text;
}

/* "stance": {DIMENSION: {"score", "label", "evidence": [...]}} for the labelled
 * dimensions of @party. */
static void
add_stance_json (JsonBuilder *b, const TgDocument *doc, const char *party)
{
  json_builder_set_member_name (b, "stance");
  json_builder_begin_object (b);
  for (guint i = 0; doc->stances != NULL && i < doc->stances->len; i++)
    {
      const TgStance *st = doc->stances->pdata[i];
      if (strcmp (st->party, party) != 0)
        continue;
      json_builder_set_member_name (b, tg_dimension_name (st->dimension));
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "score");
      json_builder_add_double_value (b, st->score);
      json_builder_set_member_name (b, "label");
      json_builder_add_int_value (b, st->label);
      json_builder_set_member_name (b, "evidence");
      json_builder_begin_array (b);
      for (guint k = 0; k < st->evidence->len; k++)
        {
          const TgEvidence *ev = &g_array_index (st->evidence, TgEvidence, k);
          g_autofree char *text = text_span (doc, ev->start, ev->end);
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "sentence");
          json_builder_add_int_value (b, ev->sentence);
          json_builder_set_member_name (b, "start");
          json_builder_add_int_value (b, (gint64) ev->start);
          json_builder_set_member_name (b, "end");
          json_builder_add_int_value (b, (gint64) ev->end);
          json_builder_set_member_name (b, "cue");
          json_builder_add_string_value (b, ev->cue);
          json_builder_set_member_name (b, "text");
          json_builder_add_string_value (b, text);
          json_builder_set_member_name (b, "holder");
          if (ev->holder >= 0 && (guint) ev->holder < doc->entities->len)
            {
              g_autofree char *holder = tg_entity_text (doc, &g_array_index (doc->entities, TgEntity, ev->holder));
              json_builder_add_string_value (b, holder);
            }
          else
            json_builder_add_null_value (b);
          json_builder_set_member_name (b, "contribution");
          json_builder_add_double_value (b, ev->contribution);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
}

/* Appends the stance table of @party: per labelled dimension its score, label
 * and evidence count, then its strongest cues with their sentences. */
static void
append_stance_text (GString *out, const TgDocument *doc, const char *party)
{
  for (guint i = 0; doc->stances != NULL && i < doc->stances->len; i++)
    {
      const TgStance *st = doc->stances->pdata[i];
      if (strcmp (st->party, party) != 0)
        continue;
      g_string_append_printf (out, "    stance  %-18s %+.2f  %-2s  %u cue%s\n", tg_dimension_name (st->dimension),
                              st->score, st->label > 0 ? "+1" : st->label < 0 ? "-1" : "0", st->evidence->len,
                              st->evidence->len == 1 ? "" : "s");
      for (guint k = 0; k < st->evidence->len && k < TEXT_STANCE_CUES; k++)
        {
          const TgEvidence *ev = &g_array_index (st->evidence, TgEvidence, k);
          g_autofree char *cue = text_span (doc, ev->start, ev->end);
          g_autofree char *sentence = NULL;
          if (ev->sentence < doc->sentences->len)
            {
              const TgSentence *sent = &g_array_index (doc->sentences, TgSentence, ev->sentence);
              sentence = text_span (doc, tg_document_token (doc, sent->first)->start,
                                    tg_document_token (doc, sent->first + sent->n_tokens - 1)->end);
            }
          g_string_append_printf (out, "      %+.2f  \"%s\"  [%u] %s\n", ev->contribution, cue, ev->sentence,
                                  sentence != NULL ? sentence : "");
        }
    }
}

void
tg_output_json (const TgDocument *doc, const TgLexicon *lexicon, gboolean pretty, GString *out)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "document");
  json_builder_add_string_value (b, doc->name);

  json_builder_set_member_name (b, "tokens");
  json_builder_begin_array (b);
  for (guint i = 0; i < doc->tokens->len; i++)
    {
      const TgToken *t = tg_document_token (doc, i);
      g_autofree char *text = tg_document_token_dup (doc, i);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "text");
      json_builder_add_string_value (b, text);
      json_builder_set_member_name (b, "start");
      json_builder_add_int_value (b, (gint64) t->start);
      json_builder_set_member_name (b, "end");
      json_builder_add_int_value (b, (gint64) t->end);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "sentences");
  json_builder_begin_array (b);
  for (guint s = 0; s < doc->sentences->len; s++)
    {
      const TgSentence *sent = &g_array_index (doc->sentences, TgSentence, s);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "start");
      json_builder_add_int_value (b, (gint64) tg_document_token (doc, sent->first)->start);
      json_builder_set_member_name (b, "end");
      json_builder_add_int_value (b, (gint64) tg_document_token (doc, sent->first + sent->n_tokens - 1)->end);
      json_builder_set_member_name (b, "first_token");
      json_builder_add_int_value (b, sent->first);
      json_builder_set_member_name (b, "n_tokens");
      json_builder_add_int_value (b, sent->n_tokens);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "entities");
  json_builder_begin_array (b);
  for (guint i = 0; i < doc->entities->len; i++)
    {
      const TgEntity *e = &g_array_index (doc->entities, TgEntity, i);
      g_autofree char *text = tg_entity_text (doc, e);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "text");
      json_builder_add_string_value (b, text);
      json_builder_set_member_name (b, "type");
      json_builder_add_string_value (b, tg_entity_type_name (e->type));
      json_builder_set_member_name (b, "start");
      json_builder_add_int_value (b, (gint64) tg_document_token (doc, e->first)->start);
      json_builder_set_member_name (b, "end");
      json_builder_add_int_value (b, (gint64) tg_document_token (doc, e->first + e->n_tokens - 1)->end);
      json_builder_set_member_name (b, "first_token");
      json_builder_add_int_value (b, e->first);
      json_builder_set_member_name (b, "n_tokens");
      json_builder_add_int_value (b, e->n_tokens);
      json_builder_set_member_name (b, "sentence");
      json_builder_add_int_value (b, e->sentence);
      json_builder_set_member_name (b, "party");
      if (e->party != NULL)
        json_builder_add_string_value (b, e->party);
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "source");
      json_builder_add_string_value (b, e->source != NULL ? e->source : "");
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "parties");
  json_builder_begin_array (b);
  g_autoptr (GArray) parties = count_parties (doc);
  for (guint i = 0; i < parties->len; i++)
    {
      const PartyCount *pc = &g_array_index (parties, PartyCount, i);
      const char *name = lexicon != NULL ? tg_lexicon_party_name (lexicon, pc->code) : NULL;
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "code");
      json_builder_add_string_value (b, pc->code);
      json_builder_set_member_name (b, "name");
      if (name != NULL)
        json_builder_add_string_value (b, name);
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "mentions");
      json_builder_add_int_value (b, pc->mentions);
      add_stance_json (b, doc, pc->code);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

  g_autoptr (JsonGenerator) gen = json_generator_new ();
  g_autoptr (JsonNode) root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, pretty);
  json_generator_to_gstring (gen, out);
  g_string_append_c (out, '\n');
}

/* Appends "  TYPE  text (n), text (n)" for the entities of one type that match
 * @party (NULL: entities with no party). Returns whether anything was written. */
static gboolean
append_names (GString *out, const TgDocument *doc, TgEntityType type, const char *party)
{
  g_autoptr (GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GPtrArray) order = g_ptr_array_new ();
  for (guint i = 0; i < doc->entities->len; i++)
    {
      const TgEntity *e = &g_array_index (doc->entities, TgEntity, i);
      if (e->type != type || g_strcmp0 (e->party, party) != 0)
        continue;
      char *text = tg_entity_text (doc, e);
      gpointer old_key, value;
      if (g_hash_table_lookup_extended (counts, text, &old_key, &value))
        {
          g_hash_table_insert (counts, text, GUINT_TO_POINTER (GPOINTER_TO_UINT (value) + 1));
          continue;
        }
      g_hash_table_insert (counts, text, GUINT_TO_POINTER (1));
      g_ptr_array_add (order, text);
    }
  if (order->len == 0)
    return FALSE;
  g_string_append_printf (out, "    %s  ", tg_entity_type_name (type));
  for (guint i = 0; i < order->len; i++)
    {
      const char *text = order->pdata[i];
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, text));
      g_string_append_printf (out, "%s%s", i > 0 ? ", " : "", text);
      if (n > 1)
        g_string_append_printf (out, " (%u)", n);
    }
  g_string_append_c (out, '\n');
  return TRUE;
}

void
tg_output_text (const TgDocument *doc, const TgLexicon *lexicon, GString *out)
{
  g_autoptr (GArray) parties = count_parties (doc);
  g_string_append_printf (out, "%s: %u tokens, %u sentences, %u entities, %u part%s\n",
                          doc->name, doc->tokens->len, doc->sentences->len, doc->entities->len, parties->len,
                          parties->len == 1 ? "y" : "ies");
  for (guint i = 0; i < parties->len; i++)
    {
      const PartyCount *pc = &g_array_index (parties, PartyCount, i);
      const char *name = lexicon != NULL ? tg_lexicon_party_name (lexicon, pc->code) : NULL;
      g_string_append_printf (out, "\n  %-10s %-36s %3u mention%s\n", pc->code, name != NULL ? name : "",
                              pc->mentions, pc->mentions == 1 ? "" : "s");
      for (guint t = 0; t < TG_ENTITY_N_TYPES; t++)
        append_names (out, doc, (TgEntityType) t, pc->code);
      append_stance_text (out, doc, pc->code);
    }
  GString *rest = g_string_new (NULL);
  for (guint t = 0; t < TG_ENTITY_N_TYPES; t++)
    append_names (rest, doc, (TgEntityType) t, NULL);
  if (rest->len > 0)
    g_string_append_printf (out, "\n  %-10s (places, and names that stand for no party)\n%s", "-", rest->str);
  g_string_free (rest, TRUE);
}
