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

/* The parties of @doc's entities with their mention counts, most mentioned
 * first, and after them the parties that hold a stance without being named
 * ("Israeli jets kept up strikes", "the US-brokered truce"), with 0 mentions. */
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
  for (guint i = 0; doc->stances != NULL && i < doc->stances->len; i++)
    {
      const TgStance *st = doc->stances->pdata[i];
      if (!g_hash_table_contains (counts, st->party))
        g_hash_table_insert (counts, (gpointer) st->party, GUINT_TO_POINTER (0));
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
 * dimensions of @party, set on @party_obj. */
static void
add_stance_json (JsonObject *party_obj, const TgDocument *doc, const char *party)
{
  JsonObject *stance = json_object_new ();
  for (guint i = 0; doc->stances != NULL && i < doc->stances->len; i++)
    {
      const TgStance *st = doc->stances->pdata[i];
      if (strcmp (st->party, party) != 0)
        continue;
      JsonObject *dim = json_object_new ();
      json_object_set_double_member (dim, "score", st->score);
      json_object_set_int_member (dim, "label", st->label);
      JsonArray *evidence = json_array_sized_new (st->evidence->len);
      for (guint k = 0; k < st->evidence->len; k++)
        {
          const TgEvidence *ev = &g_array_index (st->evidence, TgEvidence, k);
          g_autofree char *text = text_span (doc, ev->start, ev->end);
          JsonObject *o = json_object_new ();
          json_object_set_int_member (o, "sentence", ev->sentence);
          json_object_set_int_member (o, "start", (gint64) ev->start);
          json_object_set_int_member (o, "end", (gint64) ev->end);
          json_object_set_string_member (o, "cue", ev->cue);
          json_object_set_string_member (o, "text", text);
          if (ev->holder >= 0 && (guint) ev->holder < doc->entities->len)
            {
              g_autofree char *holder = tg_entity_text (doc, &g_array_index (doc->entities, TgEntity, ev->holder));
              json_object_set_string_member (o, "holder", holder);
            }
          else
            json_object_set_null_member (o, "holder");
          json_object_set_double_member (o, "contribution", ev->contribution);
          json_array_add_object_element (evidence, o);
        }
      json_object_set_array_member (dim, "evidence", evidence);
      json_object_set_object_member (stance, tg_dimension_name (st->dimension), dim);
    }
  json_object_set_object_member (party_obj, "stance", stance);
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

/* The tree is built with JsonObject and JsonArray directly rather than with a
 * JsonBuilder: the same JSON (members keep their insertion order) at a fraction
 * of the cost, which matters for the one object per token. */
void
tg_output_json (const TgDocument *doc, const TgLexicon *lexicon, gboolean pretty, GString *out)
{
  g_autoptr (JsonObject) root = json_object_new ();
  json_object_set_string_member (root, "document", doc->name);

  JsonArray *tokens = json_array_sized_new (doc->tokens->len);
  g_autoptr (GString) text = g_string_new (NULL);
  for (guint i = 0; i < doc->tokens->len; i++)
    {
      const TgToken *t = tg_document_token (doc, i);
      g_string_truncate (text, 0);
      g_string_append_len (text, doc->text + t->start, (gssize) (t->end - t->start));
      JsonObject *o = json_object_new ();
      json_object_set_string_member (o, "text", text->str);
      json_object_set_int_member (o, "start", (gint64) t->start);
      json_object_set_int_member (o, "end", (gint64) t->end);
      json_array_add_object_element (tokens, o);
    }
  json_object_set_array_member (root, "tokens", tokens);

  JsonArray *sentences = json_array_sized_new (doc->sentences->len);
  for (guint s = 0; s < doc->sentences->len; s++)
    {
      const TgSentence *sent = &g_array_index (doc->sentences, TgSentence, s);
      JsonObject *o = json_object_new ();
      json_object_set_int_member (o, "start", (gint64) tg_document_token (doc, sent->first)->start);
      json_object_set_int_member (o, "end", (gint64) tg_document_token (doc, sent->first + sent->n_tokens - 1)->end);
      json_object_set_int_member (o, "first_token", sent->first);
      json_object_set_int_member (o, "n_tokens", sent->n_tokens);
      json_array_add_object_element (sentences, o);
    }
  json_object_set_array_member (root, "sentences", sentences);

  JsonArray *entities = json_array_sized_new (doc->entities->len);
  for (guint i = 0; i < doc->entities->len; i++)
    {
      const TgEntity *e = &g_array_index (doc->entities, TgEntity, i);
      g_autofree char *etext = tg_entity_text (doc, e);
      JsonObject *o = json_object_new ();
      json_object_set_string_member (o, "text", etext);
      json_object_set_string_member (o, "type", tg_entity_type_name (e->type));
      json_object_set_int_member (o, "start", (gint64) tg_document_token (doc, e->first)->start);
      json_object_set_int_member (o, "end", (gint64) tg_document_token (doc, e->first + e->n_tokens - 1)->end);
      json_object_set_int_member (o, "first_token", e->first);
      json_object_set_int_member (o, "n_tokens", e->n_tokens);
      json_object_set_int_member (o, "sentence", e->sentence);
      if (e->party != NULL)
        json_object_set_string_member (o, "party", e->party);
      else
        json_object_set_null_member (o, "party");
      json_object_set_string_member (o, "source", e->source != NULL ? e->source : "");
      json_array_add_object_element (entities, o);
    }
  json_object_set_array_member (root, "entities", entities);

  g_autoptr (GArray) parties = count_parties (doc);
  JsonArray *party_list = json_array_sized_new (parties->len);
  for (guint i = 0; i < parties->len; i++)
    {
      const PartyCount *pc = &g_array_index (parties, PartyCount, i);
      const char *name = lexicon != NULL ? tg_lexicon_party_name (lexicon, pc->code) : NULL;
      JsonObject *o = json_object_new ();
      json_object_set_string_member (o, "code", pc->code);
      if (name != NULL)
        json_object_set_string_member (o, "name", name);
      else
        json_object_set_null_member (o, "name");
      json_object_set_int_member (o, "mentions", pc->mentions);
      add_stance_json (o, doc, pc->code);
      json_array_add_object_element (party_list, o);
    }
  json_object_set_array_member (root, "parties", party_list);

  g_autoptr (JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, root);
  g_autoptr (JsonGenerator) gen = json_generator_new ();
  json_generator_set_root (gen, node);
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
