/* document.c — storage for a tokenised document and its IOB2 view. */
#include "document.h"

#include <string.h>

static const char *const type_names[TG_ENTITY_N_TYPES] = { "PER", "LOC", "GOV", "ORG" };
static const char *const b_tags[TG_ENTITY_N_TYPES] = { "B-PER", "B-LOC", "B-GOV", "B-ORG" };
static const char *const i_tags[TG_ENTITY_N_TYPES] = { "I-PER", "I-LOC", "I-GOV", "I-ORG" };

const char *
tg_entity_type_name (TgEntityType type)
{
  g_return_val_if_fail (type < TG_ENTITY_N_TYPES, "?");
  return type_names[type];
}

gboolean
tg_entity_type_parse (const char *name, TgEntityType *out_type)
{
  for (guint t = 0; t < TG_ENTITY_N_TYPES; t++)
    if (g_strcmp0 (name, type_names[t]) == 0)
      {
        *out_type = (TgEntityType) t;
        return TRUE;
      }
  return FALSE;
}

static const char *const dimension_names[TG_N_DIMS] = { "ceasefire_first", "territorial_claims" };

const char *
tg_dimension_name (TgDimension dim)
{
  g_return_val_if_fail (dim < TG_N_DIMS, "?");
  return dimension_names[dim];
}

gboolean
tg_dimension_parse (const char *name, TgDimension *out_dim)
{
  for (guint d = 0; d < TG_N_DIMS; d++)
    if (g_strcmp0 (name, dimension_names[d]) == 0)
      {
        *out_dim = (TgDimension) d;
        return TRUE;
      }
  return FALSE;
}

static void
stance_free (gpointer data)
{
  TgStance *stance = data;
  g_array_unref (stance->evidence);
  g_free (stance);
}

TgStance *
tg_document_add_stance (TgDocument *doc, const char *party, TgDimension dimension)
{
  TgStance *stance = g_new0 (TgStance, 1);
  stance->party = party;
  stance->dimension = dimension;
  stance->evidence = g_array_new (FALSE, TRUE, sizeof (TgEvidence));
  g_ptr_array_add (doc->stances, stance);
  return stance;
}

TgDocument *
tg_document_new (const char *name)
{
  TgDocument *doc = g_new0 (TgDocument, 1);
  doc->name = g_strdup (name);
  doc->text = g_strdup ("");
  doc->tokens = g_array_new (FALSE, FALSE, sizeof (TgToken));
  doc->sentences = g_array_new (FALSE, FALSE, sizeof (TgSentence));
  doc->entities = g_array_new (FALSE, FALSE, sizeof (TgEntity));
  doc->stances = g_ptr_array_new_with_free_func (stance_free);
  return doc;
}

void
tg_document_free (TgDocument *doc)
{
  if (doc == NULL)
    return;
  g_free (doc->name);
  g_free (doc->text);
  g_array_unref (doc->tokens);
  g_array_unref (doc->sentences);
  g_array_unref (doc->entities);
  g_ptr_array_unref (doc->stances);
  if (doc->extra != NULL)
    g_ptr_array_unref (doc->extra);
  g_free (doc);
}

void
tg_document_take_text (TgDocument *doc, char *text, gsize len)
{
  g_free (doc->text);
  doc->text = text;
  doc->text_len = len;
}

void
tg_document_add_token (TgDocument *doc, gsize start, gsize end)
{
  TgToken tok = { start, end };
  g_return_if_fail (start < end && end <= doc->text_len);
  g_array_append_val (doc->tokens, tok);
}

void
tg_document_add_sentence (TgDocument *doc, guint first, guint n_tokens)
{
  TgSentence s = { first, n_tokens };
  g_return_if_fail (n_tokens > 0 && first + n_tokens <= doc->tokens->len);
  g_array_append_val (doc->sentences, s);
}

char *
tg_document_token_dup (const TgDocument *doc, guint i)
{
  const TgToken *t = tg_document_token (doc, i);
  return g_strndup (doc->text + t->start, t->end - t->start);
}

GPtrArray *
tg_document_iob_tags (const TgDocument *doc)
{
  GPtrArray *tags = g_ptr_array_sized_new (doc->tokens->len);
  g_ptr_array_set_size (tags, (gint) doc->tokens->len);
  for (guint i = 0; i < doc->tokens->len; i++)
    tags->pdata[i] = (gpointer) "O";
  for (guint e = 0; e < doc->entities->len; e++)
    {
      const TgEntity *ent = &g_array_index (doc->entities, TgEntity, e);
      tags->pdata[ent->first] = (gpointer) b_tags[ent->type];
      for (guint k = 1; k < ent->n_tokens; k++)
        tags->pdata[ent->first + k] = (gpointer) i_tags[ent->type];
    }
  return tags;
}
