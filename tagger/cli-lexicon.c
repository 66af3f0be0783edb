/* cli-lexicon.c — `tagger lexicon check` and `tagger lexicon lookup TEXT`. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "lexicon.h"
#include "norm.h"
#include "output.h"
#include "stance.h"
#include "text.h"

static int
lexicon_check (const char *dir)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TgLexicon) lexicon = tg_lexicon_load (dir, &error);
  if (lexicon == NULL)
    {
      tg_cli_error ("%s", error->message);
      return TG_EXIT_FAILURE;
    }
  /* The stance cue lists (weights) are lexicons too: a bad one must not pass
   * the check only to stop `tagger tag` later. */
  g_autofree char *stance_dir = g_build_filename (dir, "stance", NULL);
  if (g_file_test (stance_dir, G_FILE_TEST_IS_DIR))
    {
      g_autoptr (TgStanceLexicon) stance = tg_stance_lexicon_load (stance_dir, &error);
      if (stance == NULL)
        {
          tg_cli_error ("%s", error->message);
          return TG_EXIT_FAILURE;
        }
    }
  g_autoptr (GPtrArray) problems = tg_lexicon_check (lexicon);
  g_autoptr (GString) out = g_string_new (NULL);
  for (guint i = 0; i < problems->len; i++)
    g_string_append_printf (out, "%s/%s\n", dir, (const char *) problems->pdata[i]);
  g_string_append_printf (out, "%s: %u entries, %u problem%s\n", dir, tg_lexicon_n_entries (lexicon),
                          problems->len, problems->len == 1 ? "" : "s");
  if (!tg_cli_write_output (NULL, out, &error))
    {
      tg_cli_error ("%s", error->message);
      return TG_EXIT_FAILURE;
    }
  return problems->len == 0 ? TG_EXIT_OK : TG_EXIT_FAILURE;
}

/* Lists every lexicon name that starts at each token of @doc, then what the
 * tagger made of the phrase. */
static void
explain (const TgTagger *tagger, TgDocument *doc, GString *out)
{
  const TgLexicon *lexicon = tg_tagger_lexicon (tagger);
  for (guint i = 0; i < doc->tokens->len; i++)
    {
      g_autoptr (GString) key = g_string_new (NULL);
      for (guint j = i; j < doc->tokens->len; j++)
        {
          const TgToken *t = tg_document_token (doc, j);
          g_autofree char *f = tg_norm_fold (doc->text + t->start, (gssize) (t->end - t->start));
          if (j > i)
            g_string_append_c (key, ' ');
          g_string_append (key, f);
          const GPtrArray *entries = NULL;
          if (!tg_lexicon_lookup (lexicon, key->str, &entries))
            break;
          for (guint e = 0; entries != NULL && e < entries->len; e++)
            {
              const TgLexEntry *entry = entries->pdata[e];
              g_string_append_printf (out, "match \"%s\": %s \"%s\" party=%s %s (%s:%u)\n", key->str,
                                      tg_lex_kind_name (entry->kind), entry->name,
                                      entry->party != NULL ? entry->party : "-",
                                      entry->detail != NULL ? entry->detail : "", entry->file, entry->line);
            }
        }
    }
  for (guint i = 0; i < doc->entities->len; i++)
    {
      const TgEntity *e = &g_array_index (doc->entities, TgEntity, i);
      g_autofree char *text = tg_entity_text (doc, e);
      g_string_append_printf (out, "entity \"%s\": %s party=%s by %s\n", text, tg_entity_type_name (e->type),
                              e->party != NULL ? e->party : "-", e->source);
    }
  if (doc->entities->len == 0)
    g_string_append (out, "no entity\n");
}

static int
lexicon_lookup (const char *lexicons, char **words)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TgTagger) tagger = tg_cli_load_tagger (lexicons, NULL, &error);
  if (tagger == NULL)
    {
      tg_cli_error ("%s", error->message);
      return TG_EXIT_FAILURE;
    }
  g_autofree char *phrase = g_strjoinv (" ", words);
  g_autoptr (TgDocument) doc = tg_text_document_new ("<argument>", phrase, strlen (phrase), TG_TEXT_STRICT, &error);
  g_autoptr (TgScratch) scratch = tg_scratch_new (tagger);
  if (doc == NULL || !tg_tagger_tag (tagger, scratch, doc, &error))
    {
      tg_cli_error ("%s", error->message);
      return TG_EXIT_FAILURE;
    }
  g_autoptr (GString) out = g_string_new (NULL);
  explain (tagger, doc, out);
  if (!tg_cli_write_output (NULL, out, &error))
    {
      tg_cli_error ("%s", error->message);
      return TG_EXIT_FAILURE;
    }
  return TG_EXIT_OK;
}

int
tg_cli_lexicon (int argc, char **argv)
{
  g_autofree char *lexicons = NULL;
  g_auto (GStrv) rest = NULL;
  GOptionEntry entries[] = {
    { "lexicons", 0, 0, G_OPTION_ARG_FILENAME, &lexicons, "Lexicon directory", "DIR" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &rest, NULL, "check | lookup TEXT..." },
    { NULL, 0, 0, 0, NULL, NULL, NULL },
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("check | lookup TEXT... - validate lexicons, or explain a phrase");
  g_option_context_add_main_entries (ctx, entries, NULL);
  g_autoptr (GError) error = NULL;
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      tg_cli_error ("lexicon: %s", error->message);
      return TG_EXIT_USAGE;
    }
  if (rest == NULL || rest[0] == NULL)
    {
      tg_cli_error ("lexicon: say 'check' or 'lookup TEXT'");
      return TG_EXIT_USAGE;
    }
  if (strcmp (rest[0], "check") == 0 && rest[1] == NULL)
    {
      g_autofree char *dir = lexicons != NULL ? g_strdup (lexicons) : tg_cli_default_lexicon_dir ();
      return lexicon_check (dir);
    }
  if (strcmp (rest[0], "lookup") == 0 && rest[1] != NULL)
    return lexicon_lookup (lexicons, rest + 1);
  tg_cli_error ("lexicon: say 'check' or 'lookup TEXT'");
  return TG_EXIT_USAGE;
}
