/* ner.c — entity mentions from gazetteer matches and context rules.
 *
 * The pipeline for one document:
 *   1. match_names: greedy longest match of lexicon names per sentence, with a
 *      capitalisation check; title phrases are kept aside;
 *   2. titled_people: a title followed by capitalised words is a person, whose
 *      party comes from what precedes the title ("Jordanian Foreign Minister X");
 *   3. repeated_people, quoted_people: later mentions of a person's surname or
 *      first name; capitalised words attributed a quote ("said Davit Ohanyan");
 *   4. demonym_spans: demonym or country + government head ("Armenian troops")
 *      is one GOV span, a plural demonym is GOV unless it means a population, a
 *      bare adjective is dropped; also "<head> of <country>", "<surname>
 *      administration";
 *   5. names by their shape: dateline agencies, capitalised organisation and
 *      government names, "Western Tigray", "Lake Lucerne";
 *   6. place_roles: a country or capital is GOV when it acts or owns, else LOC;
 *   7. named events ("Minsk agreements") drop the names inside them.
 * Each step reads the token views (folded, stem, case) computed once. */
#include "ner.h"

#include <string.h>

#include "tg-error.h"
#include "tg-limits.h"
#include "tokview.h"

typedef struct {
  guint first;
  guint n;
  TgLexKind kind;              /* the entry's kind; TG_LEX_PERSON for rule-made people */
  const TgLexEntry *entry;     /* NULL for rule-made mentions */
  const char *party;
  const char *source;
  TgEntityType type;
  gboolean keep;
  gboolean can_adj;            /* demonyms: listed as an adjective */
  gboolean can_plural;         /* demonyms: listed as a plural */
  gboolean force_gov;          /* places: an earlier rule found it owns an official */
} Mention;

typedef struct {
  guint first;
  guint n;
} Span;

/* A lookup key being built: a byte buffer that grows, NUL-terminated after
 * every append. Cheaper than a GString for the many short appends of the
 * phrase walks (no call per append). */
typedef struct {
  char *str;
  gsize len;
  gsize cap;
} Key;

static Key *
key_new (void)
{
  Key *k = g_new0 (Key, 1);
  k->cap = 128;
  k->str = g_malloc (k->cap);
  k->str[0] = '\0';
  return k;
}

static void
key_free (Key *k)
{
  g_free (k->str);
  g_free (k);
}

static inline void
key_add (Key *k, const char *s, gsize n)
{
  if (k->len + n + 1 > k->cap)
    {
      k->cap = MAX (k->cap * 2, k->len + n + 1);
      k->str = g_realloc (k->str, k->cap);
    }
  memcpy (k->str + k->len, s, n);
  k->len += n;
  k->str[k->len] = '\0';
}

static inline void
key_add_str (Key *k, const char *s)
{
  key_add (k, s, strlen (s));
}

static inline void
key_set (Key *k, const char *s)
{
  k->len = 0;
  key_add_str (k, s);
}

typedef struct {
  const TgLexicon *lex;
  const TgTokView *view;   /* folded, stem, case and single-word roles per token */
  TgDocument *doc;
  const TgCase *cases;     /* view->cases */
  guint *sentence_of;
  gint *owner;         /* mention index per token, or -1 */
  gboolean *in_title;
  GArray *mentions;    /* of Mention */
  GArray *titles;      /* of Span */
  guint8 *in_capitals; /* per sentence: 0 not yet known, 1 no, 2 in capitals */
  Key *stem_key;       /* scratch for the phrase keys that context_at(), */
  Key *form_key;       /* context_before() and match_names_in() build */
} Ner;

#define MENTION(ner, i) (&g_array_index ((ner)->mentions, Mention, (i)))

static const char *
folded (const Ner *ner, guint i)
{
  return ner->view->folded[i];
}

static const char *
stem (const Ner *ner, guint i)
{
  return ner->view->stems[i];
}

/* Most tokens differ from @word in their first byte: that is compared inline. */
static inline gboolean
tok_is (const Ner *ner, gint i, const char *word)
{
  if (i < 0 || (guint) i >= ner->doc->tokens->len)
    return FALSE;
  const char *f = folded (ner, (guint) i);
  return f[0] == word[0] && strcmp (f, word) == 0;
}

/* Whether @s starts with a letter; ASCII is answered without decoding. */
static inline gboolean
starts_with_letter (const char *s)
{
  guchar b = (guchar) s[0];
  return b < 0x80 ? g_ascii_isalpha ((char) b) : g_unichar_isalpha (g_utf8_get_char (s));
}

static gboolean
is_capitalised (const Ner *ner, guint i)
{
  return ner->cases[i] == TG_CASE_CAPITAL || ner->cases[i] == TG_CASE_UPPER;
}

static const TgSentence *
sentence_of (const Ner *ner, guint i)
{
  return &g_array_index (ner->doc->sentences, TgSentence, ner->sentence_of[i]);
}

static guint
sentence_end (const Ner *ner, guint i)
{
  const TgSentence *s = sentence_of (ner, i);
  return s->first + s->n_tokens;
}

static gboolean
has_upper (const Ner *ner, guint i)
{
  return ner->view->has_upper[i];
}

/* A name needs capitals: on its first and last token and on every longer word
 * inside ("Democratic Republic of the Congo", not "democratic republic"). */
static gboolean
name_case_ok (const Ner *ner, guint first, guint last)
{
  /* An ordinal may open a name: "33rd Front". */
  gboolean ordinal = last > first && g_ascii_isdigit (folded (ner, first)[0]);
  if ((!has_upper (ner, first) && !ordinal) || !has_upper (ner, last))
    return FALSE;
  for (guint i = first + 1; i < last; i++)
    if (g_utf8_strlen (folded (ner, i), -1) > 3 && !has_upper (ner, i))
      return FALSE;
  return TRUE;
}

/* --- context phrases ---------------------------------------------------- */

/* The roles of the longest context phrase starting at token @i within the
 * sentence that has one of the @wanted roles; its length in @len. Returns 0 when
 * none starts there. */
static guint
context_at (const Ner *ner, guint i, guint wanted, guint *len)
{
  /* The single word's roles are precomputed; keys are built only when it
   * starts a longer phrase. */
  guint by_stem = ner->view->stem_roles[i], by_form = ner->view->form_roles[i];
  guint best = 0;
  *len = 0;
  if (((by_stem | by_form) & wanted) != 0)
    {
      best = (by_stem | by_form) & wanted;
      *len = 1;
    }
  /* A walk goes on only while a longer phrase has one of the @wanted roles. */
  gboolean stems_go = (ner->view->stem_longer[i] & wanted) != 0;
  gboolean exact_go = (ner->view->form_longer[i] & wanted) != 0;
  if (!stems_go && !exact_go)
    return best;
  guint end = sentence_end (ner, i);
  Key *stems = ner->stem_key, *exact = ner->form_key;
  key_set (stems, stem (ner, i));
  key_set (exact, "=");
  key_add_str (exact, folded (ner, i));
  for (guint j = i + 1; j < end && (stems_go || exact_go); j++)
    {
      key_add (stems, " ", 1);
      key_add_str (stems, stem (ner, j));
      key_add (exact, " ", 1);
      key_add_str (exact, folded (ner, j));
      guint stem_longer = 0, form_longer = 0;
      by_stem = stems_go ? tg_lexicon_context_walk (ner->lex, stems->str, stems->len, &stem_longer) : 0;
      by_form = exact_go ? tg_lexicon_context_walk (ner->lex, exact->str, exact->len, &form_longer) : 0;
      if (((by_stem | by_form) & wanted) != 0)
        {
          best = (by_stem | by_form) & wanted;
          *len = j - i + 1;
        }
      stems_go = (stem_longer & wanted) != 0;
      exact_go = (form_longer & wanted) != 0;
    }
  return best;
}

/* The roles of the longest context phrase (up to 3 tokens) that ends just before
 * token @i and has one of the @wanted roles; 0 when none. */
static guint
context_before (const Ner *ner, guint i, guint wanted)
{
  guint start = sentence_of (ner, i)->first;
  guint found = 0;
  if (i >= start + 1)
    found = ner->view->stem_roles[i - 1] & wanted;
  for (guint k = 2; k <= 3 && i >= start + k; k++)
    {
      /* No key can match unless a longer phrase with a @wanted role starts
       * with the first word. An empty stem or one with a space (which tokens
       * never give) takes the full lookup. */
      const char *first_stem = stem (ner, i - k);
      if (!(ner->view->stem_longer[i - k] & wanted) && first_stem[0] != '\0'
          && strchr (first_stem, ' ') == NULL)
        continue;
      Key *key = ner->stem_key;
      key->len = 0;
      for (guint j = i - k; j < i; j++)
        {
          if (key->len > 0)
            key_add (key, " ", 1);
          key_add_str (key, stem (ner, j));
        }
      guint roles = tg_lexicon_context_len (ner->lex, key->str, key->len) & wanted;
      if (roles != 0)
        found = roles;
    }
  return found;
}

/* The roles of the single word at @i, by stem or by exact form. */
static guint
context_roles_of (const Ner *ner, guint i)
{
  return tg_tokview_roles (ner->view, i);
}

/* --- mentions ----------------------------------------------------------- */

static guint
add_mention (Ner *ner, guint first, guint n, TgLexKind kind, const TgLexEntry *entry,
             const char *party, const char *source)
{
  Mention m = { 0 };
  m.first = first;
  m.n = n;
  m.kind = kind;
  m.entry = entry;
  m.party = party;
  m.source = source;
  m.keep = TRUE;
  g_array_append_val (ner->mentions, m);
  guint index = ner->mentions->len - 1;
  for (guint k = first; k < first + n; k++)
    ner->owner[k] = (gint) index;
  return index;
}

static void
drop_mention (Ner *ner, guint index)
{
  Mention *m = MENTION (ner, index);
  m->keep = FALSE;
  for (guint k = m->first; k < m->first + m->n; k++)
    if (ner->owner[k] == (gint) index)
      ner->owner[k] = -1;
}

/* Grows mention @index to end before token @end, taking the tokens over. */
static void
extend_mention (Ner *ner, guint index, guint end)
{
  Mention *m = MENTION (ner, index);
  for (guint k = m->first + m->n; k < end; k++)
    {
      if (ner->owner[k] >= 0 && ner->owner[k] != (gint) index)
        drop_mention (ner, (guint) ner->owner[k]);
      ner->owner[k] = (gint) index;
    }
  m->n = end - m->first;
}

static gint
mention_at (const Ner *ner, gint i)
{
  if (i < 0 || (guint) i >= ner->doc->tokens->len)
    return -1;
  return ner->owner[i];
}

/* --- 1. names ----------------------------------------------------------- */

static guint
kind_rank (const TgLexEntry *e)
{
  switch (e->kind)
    {
    case TG_LEX_GOVBODY: return 0;
    case TG_LEX_ORG: return 1;
    case TG_LEX_PERSON: return 2;
    case TG_LEX_PLACE:
      return e->place_kind <= TG_PLACE_REGION || e->place_kind >= TG_PLACE_WATER ? 3 : 5;
    case TG_LEX_DEMONYM: return 4;
    case TG_LEX_TITLE:
    case TG_LEX_N_KINDS:
    default: return 9;
    }
}

/* The entry a name stands for when the lexicon lists several: government bodies,
 * then organisations, people, major places, demonyms, towns; then by place kind
 * and population; then lexicon order (curated files load first). */
static const TgLexEntry *
choose_entry (const GPtrArray *entries)
{
  const TgLexEntry *best = NULL;
  for (guint i = 0; i < entries->len; i++)
    {
      const TgLexEntry *e = entries->pdata[i];
      if (e->kind == TG_LEX_TITLE)
        continue;
      if (best == NULL || kind_rank (e) < kind_rank (best)
          || (kind_rank (e) == kind_rank (best) && e->kind == TG_LEX_PLACE
              && (e->place_kind < best->place_kind
                  || (e->place_kind == best->place_kind && e->population > best->population))))
        best = e;
    }
  return best;
}

static gboolean
has_title (const GPtrArray *entries)
{
  for (guint i = 0; i < entries->len; i++)
    if (((const TgLexEntry *) entries->pdata[i])->kind == TG_LEX_TITLE)
      return TRUE;
  return FALSE;
}

static void
note_demonym_forms (Mention *m, const GPtrArray *entries)
{
  for (guint i = 0; i < entries->len; i++)
    {
      const TgLexEntry *e = entries->pdata[i];
      if (e->kind != TG_LEX_DEMONYM)
        continue;
      if (e->plural)
        m->can_plural = TRUE;
      else
        m->can_adj = TRUE;
    }
}

/* A government body listed with a lower-case head ("Karabakh authorities",
 * "Transnistrian leadership") is a name when its words before the head are. */
static gboolean
ends_in_gov_head (const Ner *ner, const TgLexEntry *e, guint first, guint last)
{
  return e->kind == TG_LEX_GOVBODY && last > first && name_case_ok (ner, first, last - 1)
         && (context_roles_of (ner, last) & TG_CTX_GOV_HEAD) != 0;
}

static void
match_names_in (Ner *ner, guint first, guint end)
{
  Key *key = ner->form_key;
  guint i = first;
  while (i < end)
    {
      if (!ner->view->name_known[i])
        {
          i++;   /* no name starts with this word */
          continue;
        }
      guint name_len = 0, title_len = 0;
      const TgLexEntry *name = NULL;
      const GPtrArray *name_entries = NULL;
      key_set (key, folded (ner, i));
      for (guint j = i; j < end; j++)
        {
          if (j > i)
            {
              key_add (key, " ", 1);
              key_add_str (key, folded (ner, j));
            }
          /* The one-word lookup is the token view's (cached per word form). */
          const GPtrArray *entries = NULL;
          if (j == i)
            {
              if (!ner->view->name_known[i])
                break;
              entries = ner->view->names[i];
            }
          else if (!tg_lexicon_lookup_len (ner->lex, key->str, key->len, &entries))
            break;
          if (entries == NULL)
            continue;
          const TgLexEntry *e = choose_entry (entries);
          if (e != NULL && (name_case_ok (ner, i, j) || ends_in_gov_head (ner, e, i, j)))
            {
              name = e;
              name_entries = entries;
              name_len = j - i + 1;
            }
          if (has_title (entries))
            title_len = j - i + 1;
        }
      if (name != NULL && name_len >= title_len)
        {
          guint index = add_mention (ner, i, name_len, name->kind, name, name->party, name->file);
          note_demonym_forms (MENTION (ner, index), name_entries);
          i += name_len;
        }
      else if (title_len > 0)
        {
          Span t = { i, title_len };
          g_array_append_val (ner->titles, t);
          for (guint k = i; k < i + title_len; k++)
            ner->in_title[k] = TRUE;
          i += title_len;
        }
      else
        i++;
    }
}

/* The party of a bare demonym at @k, which names no entity of its own ("an
 * Israeli military spokesman"), or NULL. */
static const char *
demonym_party (const Ner *ner, guint k)
{
  if (!has_upper (ner, k))
    return NULL;
  const GPtrArray *entries = ner->view->name_known[k] ? ner->view->names[k] : NULL;
  /* "the Russian-installed governor", "the Moscow-appointed mayor": an
   * official put in place by that state. */
  const char *f = folded (ner, k), *dash = strchr (f, '-');
  gboolean installed = FALSE;
  if (entries == NULL && dash != NULL && (strcmp (dash, "-installed") == 0 || strcmp (dash, "-appointed") == 0))
    installed = tg_lexicon_lookup_len (ner->lex, f, (gsize) (dash - f), &entries);
  if (entries == NULL)
    return NULL;
  for (guint i = 0; i < entries->len; i++)
    {
      const TgLexEntry *e = entries->pdata[i];
      gboolean state = e->kind == TG_LEX_PLACE && (e->place_kind == TG_PLACE_COUNTRY || e->place_kind == TG_PLACE_CAPITAL);
      if ((e->kind == TG_LEX_DEMONYM || (installed && state)) && e->party != NULL)
        return e->party;
    }
  return NULL;
}

/* The party an apposition gives: "X , a spokesman for the Armenian Foreign
 * Ministry ," or "X , Jordan 's foreign minister ,": a title, then a mention with
 * a party within a few words. */
static const char *
apposition_party (Ner *ner, guint after)
{
  guint limit = sentence_end (ner, after);
  if (after >= limit || !tok_is (ner, (gint) after, ","))
    return NULL;
  gboolean seen_title = FALSE;
  const char *party = NULL;
  for (guint k = after + 1; k < limit && k <= after + TG_APPOSITION_WORDS; k++)
    {
      if (tok_is (ner, (gint) k, ",") || tok_is (ner, (gint) k, "."))
        break;
      if (ner->in_title[k])
        seen_title = TRUE;
      gint index = ner->owner[k];
      if (index >= 0 && party == NULL && MENTION (ner, index)->party != NULL
          && MENTION (ner, index)->kind != TG_LEX_PERSON)
        party = MENTION (ner, index)->party;
      if (index < 0 && party == NULL)
        party = demonym_party (ner, k);   /* "an Israeli military spokesman" */
    }
  return seen_title ? party : NULL;
}

/* --- 2. titled people --------------------------------------------------- */

/* A sentence in capitals (a shouted headline) gives no case evidence. Counted
 * once per sentence: ner->in_capitals remembers the answer. */
static gboolean
sentence_in_capitals (const Ner *ner, guint i)
{
  guint8 *known = &ner->in_capitals[ner->sentence_of[i]];
  if (*known != 0)
    return *known == 2;
  const TgSentence *s = sentence_of (ner, i);
  guint upper = 0, words = 0;
  for (guint k = s->first; k < s->first + s->n_tokens; k++)
    {
      if (ner->cases[k] == TG_CASE_NONE)
        continue;
      words++;
      upper += ner->cases[k] == TG_CASE_UPPER;
    }
  gboolean shouted = words >= 3 && upper * 4 >= words * 3;
  *known = shouted ? 2 : 1;
  return shouted;
}

/* The party that a title's context gives: "Jordanian Foreign Minister",
 * "Serbia 's deputy prime minister", "UN envoy", "the Russian Foreign Ministry
 * spokeswoman". Marks an owning place as GOV. */
static const char *
title_party (Ner *ner, guint title_first)
{
  gint before = (gint) title_first - 1;
  if (tok_is (ner, before, "'s"))
    before--;
  gint index = mention_at (ner, before);
  if (index < 0 || sentence_of (ner, (guint) before) != sentence_of (ner, title_first))
    return NULL;
  Mention *m = MENTION (ner, index);
  /* "former Nigerian president Olusegun Obasanjo": an office no longer held
   * says nothing of whom the person represents now. */
  gint owner_start = (gint) m->first - 1;
  if (tok_is (ner, owner_start, "former") || tok_is (ner, (gint) title_first - 1, "former"))
    return NULL;
  if (m->kind == TG_LEX_PLACE)
    {
      if (m->entry->place_kind > TG_PLACE_TERRITORY)
        return NULL;
      m->force_gov = TRUE;
    }
  return m->party;
}

/* "al-Bukhaiti", "el-Sisi", "ash-Shaibani": an Arabic article joined to a
 * capitalised name. */
static gboolean
is_particle_name (const Ner *ner, guint i)
{
  /* Most words fail on the folded form's first bytes: every article starts
   * with 'a' or 'e' and ends in a hyphen at the third or fourth byte. */
  const char *f = folded (ner, i);
  if ((f[0] != 'a' && f[0] != 'e') || f[1] == '\0' || f[2] == '\0' || (f[2] != '-' && f[3] != '-'))
    return FALSE;
  const TgToken *t = tg_document_token (ner->doc, i);
  const char *text = ner->doc->text + t->start;
  gsize len = t->end - t->start;
  if (len < 4)
    return FALSE;
  gsize dash = text[2] == '-' ? 2 : text[3] == '-' ? 3 : 0;
  if (dash == 0 || dash + 1 >= len || !g_ascii_isupper (text[dash + 1]))
    return FALSE;
  static const char *const articles[] = { "al", "el", "ad", "an", "ar", "as", "ash", "at", "az", NULL };
  for (guint a = 0; articles[a] != NULL; a++)
    if (strlen (articles[a]) == dash && strncmp (text, articles[a], dash) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
is_particle (const Ner *ner, guint i)
{
  return (context_roles_of (ner, i) & TG_CTX_PARTICLE) != 0;
}

/* Capitalised words after a title that no other rule has claimed, allowing
 * particles inside ("Ahmed al Sharaa", "Staffan de Mistura"). Returns the end. */
static guint
name_run (const Ner *ner, guint start, guint limit)
{
  guint end = start;
  for (guint k = start; k < limit && k - start < 4; k++)
    {
      if (ner->owner[k] >= 0 || ner->in_title[k])
        break;
      if ((is_capitalised (ner, k) && starts_with_letter (folded (ner, k)))
          || (k > start && is_particle_name (ner, k)))
        end = k + 1;
      else if (!(is_particle (ner, k) && k + 1 < limit && is_capitalised (ner, k + 1)))
        break;
    }
  return end;
}

static void
titled_people (Ner *ner)
{
  for (guint t = 0; t < ner->titles->len; t++)
    {
      Span title = g_array_index (ner->titles, Span, t);
      guint after = title.first + title.n;
      if (after >= sentence_end (ner, title.first))
        continue;
      gint index = mention_at (ner, (gint) after);
      const char *party = title_party (ner, title.first);
      if (index >= 0 && MENTION (ner, index)->kind == TG_LEX_PERSON)
        {
          if (party != NULL)
            MENTION (ner, index)->party = party;
          continue;
        }
      if (index >= 0 || sentence_in_capitals (ner, after))
        continue;
      guint end = name_run (ner, after, sentence_end (ner, after));
      if (end > after && party == NULL)
        party = apposition_party (ner, end);   /* "Lt. Col. Avi Hadar, an Israeli military spokesman," */
      if (end > after)
        add_mention (ner, after, end - after, TG_LEX_PERSON, NULL, party, "rule:title");
    }
}

/* "In Baku, ministry spokesman Aykhan Hajizada said ...": a person with no
 * party, named right after a sentence's opening "In <capital> ," (past a
 * title), speaks for the capital's state. */
static void
people_in_capitals (Ner *ner)
{
  for (guint i = 0; i < ner->mentions->len; i++)
    {
      Mention *person = MENTION (ner, i);
      if (!person->keep || person->kind != TG_LEX_PERSON || person->party != NULL)
        continue;
      guint k = person->first;
      const TgSentence *sent = sentence_of (ner, k);
      /* Past the title and the lower-case words before it ("ministry
       * spokesman", "the foreign ministry's"), a few at most. */
      for (guint n = 0; n < 4 && k > sent->first && ner->owner[k - 1] < 0
                        && (ner->in_title[k - 1] || ner->cases[k - 1] == TG_CASE_LOWER);
           n++)
        k--;
      if (k < sent->first + 3 || !tok_is (ner, (gint) k - 1, ","))
        continue;
      gint place = ner->owner[k - 2];
      if (place < 0 || !tok_is (ner, (gint) MENTION (ner, place)->first - 1, "in")
          || MENTION (ner, place)->first - 1 != sent->first)
        continue;
      const Mention *capital = MENTION (ner, place);
      if (capital->kind == TG_LEX_PLACE && capital->entry != NULL && capital->entry->place_kind == TG_PLACE_CAPITAL
          && g_strcmp0 (tg_lexicon_party_kind (ner->lex, capital->party), "state") == 0)
        person->party = capital->party;
    }
}

/* --- 3. repeated and quoted people -------------------------------------- */

/* A capitalised word that could be part of a name: not a function word, a month
 * or a weekday ("not_name" in context.tsv), not claimed by another rule. */
static gboolean
name_word (const Ner *ner, guint k)
{
  return ner->owner[k] < 0 && !ner->in_title[k]
         && ((ner->cases[k] == TG_CASE_CAPITAL && starts_with_letter (folded (ner, k))) || is_particle_name (ner, k))
         && !(context_roles_of (ner, k) & (TG_CTX_NOT_NAME | TG_CTX_ORG_HEAD | TG_CTX_GOV_NAME_HEAD));
}

/* Registers the first and last words of every person named in full, so that
 * "Getachew" and "Michel" alone later in the text resolve to the same person. */
static void
register_name_parts (const Ner *ner, GHashTable *parts)
{
  for (guint i = 0; i < ner->mentions->len; i++)
    {
      const Mention *m = MENTION (ner, i);
      if (!m->keep || m->kind != TG_LEX_PERSON || m->n < 2)
        continue;
      guint last = m->first + m->n - 1;
      if (!g_hash_table_contains (parts, folded (ner, last)))
        g_hash_table_insert (parts, (gpointer) folded (ner, last), GUINT_TO_POINTER (i));
      /* A first name alone names the person only when the full name came first. */
      if (is_capitalised (ner, m->first) && !g_hash_table_contains (parts, folded (ner, m->first)))
        g_hash_table_insert (parts, (gpointer) folded (ner, m->first), GUINT_TO_POINTER (i | 0x80000000u));
    }
}

static void
repeated_people (Ner *ner)
{
  g_autoptr (GHashTable) parts = g_hash_table_new (g_str_hash, g_str_equal);
  register_name_parts (ner, parts);
  if (g_hash_table_size (parts) == 0)
    return;
  for (guint k = 0; k < ner->doc->tokens->len; k++)
    {
      if (!name_word (ner, k))
        continue;
      gpointer value;
      if (!g_hash_table_lookup_extended (parts, folded (ner, k), NULL, &value))
        continue;
      guint index = GPOINTER_TO_UINT (value);
      gboolean first_name = (index & 0x80000000u) != 0;
      const Mention *full = MENTION (ner, index & 0x7fffffffu);
      if (first_name && k < full->first)
        continue;
      /* The full name again ("Marta Selvik"), the surname alone, or the first name alone. */
      guint n = 1;
      if (first_name)
        while (n < full->n && k + n < sentence_end (ner, k) && ner->owner[k + n] < 0
               && strcmp (folded (ner, k + n), folded (ner, full->first + n)) == 0)
          n++;
      add_mention (ner, k, n, TG_LEX_PERSON, NULL, full->party, "rule:name-part");
      k += n - 1;
    }
}

/* Two to four name words ending at or starting from a quote attribution:
 * "said Davit Ohanyan ,", "Marta Kowalczyk said". */
/* A one-word surname alias or town that may be part of a longer unknown name:
 * "Dilan Yildirim Aksoy", "Milan Radoicic". */
static gboolean
absorbable_word (const Ner *ner, guint k)
{
  gint index = ner->owner[k];
  if (index < 0 || ner->cases[k] != TG_CASE_CAPITAL)
    return FALSE;
  const Mention *m = MENTION (ner, index);
  return m->n == 1 && m->entry != NULL
         && (m->kind == TG_LEX_PERSON || (m->kind == TG_LEX_PLACE && m->entry->place_kind == TG_PLACE_CITY));
}

static guint
name_words_from (const Ner *ner, guint start, guint limit)
{
  guint end = start, pure = 0;
  for (guint k = start; k < limit && k - start < 4; k++)
    {
      if (name_word (ner, k))
        {
          end = k + 1;
          pure++;
        }
      else if (absorbable_word (ner, k))
        end = k + 1;
      else if (!(is_particle (ner, k) && k + 1 < limit && name_word (ner, k + 1)))
        break;
    }
  return pure > 0 ? end : start;
}

static gboolean
is_speech_verb_at (const Ner *ner, guint k)
{
  return k < ner->doc->tokens->len && (context_roles_of (ner, k) & TG_CTX_SPEECH_VERB) != 0;
}

/* Whether the sentence opens with an apposition to the name at @name: "A
 * spokeswoman for UNIFIL , Maria Fontana , said": a title, and maybe a mention
 * with a party (in @party, else NULL), between the sentence start and the comma
 * before the name. */
static gboolean
preceding_apposition (const Ner *ner, guint name, const char **party)
{
  guint first = sentence_of (ner, name)->first;
  *party = NULL;
  if (name < first + 2 || !tok_is (ner, (gint) name - 1, ","))
    return FALSE;
  gboolean seen_title = FALSE;
  for (guint k = name - 1; k-- > first && k + 1 + TG_APPOSITION_WORDS >= name;)
    {
      if (tok_is (ner, (gint) k, ",") || tok_is (ner, (gint) k, "."))
        return FALSE;   /* not the sentence's opening phrase */
      if (ner->in_title[k])
        seen_title = TRUE;
      gint index = ner->owner[k];
      if (index >= 0 && MENTION (ner, index)->party != NULL && MENTION (ner, index)->kind != TG_LEX_PERSON)
        *party = MENTION (ner, index)->party;
      else if (index < 0 && *party == NULL)
        *party = demonym_party (ner, k);
      if (k == first)
        return seen_title;
    }
  return FALSE;
}

static void
quoted_people (Ner *ner)
{
  for (guint k = 0; k < ner->doc->tokens->len; k++)
    {
      guint limit = sentence_end (ner, k);
      guint start = G_MAXUINT, end = 0;
      const char *party = NULL;
      if (is_speech_verb_at (ner, k) && k + 1 < limit)
        {
          start = k + 1;
          end = name_words_from (ner, start, limit);
        }
      else if (name_word (ner, k) && (k == 0 || !name_word (ner, k - 1)))
        {
          guint e = name_words_from (ner, k, limit);
          if (is_speech_verb_at (ner, e) || (e < limit && tok_is (ner, (gint) e, ",") && apposition_party (ner, e) != NULL)
              || (e + 1 < limit && tok_is (ner, (gint) e, ",") && is_speech_verb_at (ner, e + 1)
                  && preceding_apposition (ner, k, &party)))
            {
              start = k;
              end = e;
            }
        }
      if (start == G_MAXUINT || end < start + 2 || sentence_in_capitals (ner, start))
        continue;
      for (guint t = start; t < end; t++)
        if (ner->owner[t] >= 0)
          drop_mention (ner, (guint) ner->owner[t]);
      const char *after_party = apposition_party (ner, end);
      if (after_party != NULL || !preceding_apposition (ner, start, &party))
        party = after_party;
      add_mention (ner, start, end - start, TG_LEX_PERSON, NULL, party, "rule:quote-speaker");
      k = end - 1;
    }
}

/* --- 4. demonyms and government heads ----------------------------------- */

/* Government head nouns starting at @i ("troops", "foreign ministry",
 * "government forces"), chained. Returns the end of the chain, @i if none. */
static guint
head_chain (const Ner *ner, guint i, guint limit, guint wanted)
{
  guint end = i;
  while (end < limit)
    {
      guint len = 0;
      guint roles = context_at (ner, end, wanted, &len);
      if (roles == 0 || ner->owner[end] >= 0)
        break;
      end += len;
    }
  return end;
}

/* A head used as an adjective: "Syrian military aid", "Russian military spokesman". */
static gboolean
head_is_adjective (const Ner *ner, guint after, guint limit)
{
  if (after >= limit)
    return FALSE;
  if (ner->in_title[after])
    return TRUE;
  return (context_roles_of (ner, after) & TG_CTX_HEAD_BLOCK) != 0;
}

static gboolean
is_coordinator (const Ner *ner, guint i)
{
  return tok_is (ner, (gint) i, "and") || tok_is (ner, (gint) i, "or") || tok_is (ner, (gint) i, ",");
}

/* A plural-looking demonym used as a noun: "the Sudanese have", "the Sudanese ." */
static gboolean
used_as_noun (const Ner *ner, guint after, guint limit)
{
  if (after >= limit)
    return TRUE;
  if (ner->cases[after] == TG_CASE_NONE)
    return TRUE;
  guint len = 0;
  return context_at (ner, after, TG_CTX_ACTOR_VERB | TG_CTX_SKIP, &len) != 0;
}

/* A plural demonym that means people rather than a side: "ethnic Armenians",
 * "230 Ukrainians", "the Armenians of Karabakh", "all Ethiopians". */
static gboolean
names_population (const Ner *ner, const Mention *m)
{
  guint start = sentence_of (ner, m->first)->first;
  if (m->first > start)
    {
      guint before = m->first - 1;
      if (ner->cases[before] == TG_CASE_NONE && g_unichar_isdigit (g_utf8_get_char (folded (ner, before))))
        return TRUE;
      if (context_roles_of (ner, before) & TG_CTX_POP_BEFORE)
        return TRUE;
    }
  guint after = m->first + m->n;
  return after < sentence_end (ner, m->first) && (context_roles_of (ner, after) & TG_CTX_POP_AFTER);
}

static void
demonym_spans (Ner *ner)
{
  /* Right to left, so that "the Syrian and Jordanian delegations" sees the
   * second demonym's span before deciding the first. */
  for (guint i = ner->mentions->len; i-- > 0;)
    {
      Mention *m = MENTION (ner, i);
      gboolean is_country = m->kind == TG_LEX_PLACE && m->entry->place_kind == TG_PLACE_COUNTRY;
      if (!m->keep || (m->kind != TG_LEX_DEMONYM && m->kind != TG_LEX_PERSON && !is_country))
        continue;
      guint after = m->first + m->n;
      guint limit = sentence_end (ner, m->first);
      guint head_end = head_chain (ner, after, limit, TG_CTX_GOV_HEAD);
      if (head_end > after && !head_is_adjective (ner, head_end, limit))
        {
          /* "Armenian troops", "US military", "Biden administration": one GOV span. */
          const char *source = m->kind == TG_LEX_PERSON ? "rule:person+head"
                               : is_country ? "rule:country+head" : "rule:demonym+head";
          extend_mention (ner, i, head_end);
          m = MENTION (ner, i);
          m->type = TG_ENTITY_GOV;
          m->kind = TG_LEX_GOVBODY;
          m->source = source;
          continue;
        }
      if (m->kind == TG_LEX_PERSON || is_country)
        continue;
      gint next = mention_at (ner, (gint) after + 1);
      if (is_coordinator (ner, after) && next >= 0 && MENTION (ner, next)->kind == TG_LEX_GOVBODY
          && MENTION (ner, next)->entry != NULL && MENTION (ner, next)->entry->kind == TG_LEX_DEMONYM)
        {
          m->kind = TG_LEX_GOVBODY;   /* "the [Syrian] and [Jordanian delegations]" */
          m->source = "rule:demonym-ellipsis";
          continue;
        }
      if (m->can_plural && (!m->can_adj || used_as_noun (ner, after, limit)) && !names_population (ner, m))
        {
          m->kind = TG_LEX_GOVBODY;   /* "The Serbs insisted" */
          m->source = "rule:plural-demonym";
          continue;
        }
      drop_mention (ner, i);
    }
}

/* "government of Sudan", "Armed Forces of Colombia": one GOV span. */
static void
head_of_country (Ner *ner)
{
  for (guint k = 0; k < ner->doc->tokens->len; k++)
    {
      if (ner->owner[k] >= 0)
        continue;
      guint limit = sentence_end (ner, k);
      guint head_end = head_chain (ner, k, limit, TG_CTX_GOV_HEAD_OF);
      if (head_end == k || !tok_is (ner, (gint) head_end, "of"))
        continue;
      guint place = head_end + 1;
      if (tok_is (ner, (gint) place, "the"))
        place++;
      gint index = mention_at (ner, (gint) place);
      if (index < 0 || MENTION (ner, index)->first != place || MENTION (ner, index)->kind != TG_LEX_PLACE
          || MENTION (ner, index)->entry->place_kind > TG_PLACE_TERRITORY)
        continue;
      Mention *m = MENTION (ner, index);
      guint end = m->first + m->n;
      const char *party = m->party;
      drop_mention (ner, (guint) index);
      guint gov = add_mention (ner, k, end - k, TG_LEX_GOVBODY, NULL, party, "rule:head-of-country");
      MENTION (ner, gov)->type = TG_ENTITY_GOV;
      k = end - 1;
    }
}

/* --- 5. organisations and places by their shape ------------------------ */

/* "( Caspian Wire ) -": the agency of a dateline. */
static void
dateline_agencies (Ner *ner)
{
  for (guint k = 0; k + 2 < ner->doc->tokens->len; k++)
    {
      if (!tok_is (ner, (gint) k, "("))
        continue;
      guint limit = sentence_end (ner, k);
      guint end = k + 1;
      while (end < limit && end - k <= 4 && (is_capitalised (ner, end) || tok_is (ner, (gint) end, "of")))
        end++;
      if (end == k + 1 || end >= limit || !tok_is (ner, (gint) end, ")") || end + 1 >= limit)
        continue;
      const char *dash = folded (ner, end + 1);
      if (strcmp (dash, "-") != 0 && strcmp (dash, "\u2013") != 0 && strcmp (dash, "\u2014") != 0)
        continue;
      gint inside = ner->owner[k + 1];
      if (inside >= 0 && MENTION (ner, inside)->first == k + 1 && MENTION (ner, inside)->n == end - k - 1)
        continue;   /* "( Reuters ) -", "( Kyiv ) -": already a whole name */
      for (guint t = k + 1; t < end; t++)
        if (ner->owner[t] >= 0)
          drop_mention (ner, (guint) ner->owner[t]);
      add_mention (ner, k + 1, end - k - 1, TG_LEX_ORG, NULL, NULL, "rule:dateline");
    }
}

static gboolean
is_article (const Ner *ner, guint k)
{
  return tok_is (ner, (gint) k, "the") || tok_is (ner, (gint) k, "a") || tok_is (ner, (gint) k, "an");
}

/* Words that may join the capitalised words of a long name. */
static gboolean
is_name_joiner (const Ner *ner, guint k)
{
  return tok_is (ner, (gint) k, "of") || tok_is (ner, (gint) k, "for") || tok_is (ner, (gint) k, "and")
         || tok_is (ner, (gint) k, "on") || tok_is (ner, (gint) k, "the");
}

/* A run of capitalised words (places and bare demonyms allowed inside) that holds
 * an organisation head ("Nordic Institute for Security Studies", "Catholic
 * Church") is ORG; one with a government head ("Sovereignty Council",
 * "Autonomous Administration of North and East Syria") is GOV, with the party of
 * a state named in it or owning it ("Egypt 's State Information Service"). */
static void
capitalised_names (Ner *ner)
{
  for (guint k = 0; k < ner->doc->tokens->len; k++)
    {
      guint limit = sentence_end (ner, k);
      if (!is_capitalised (ner, k) || ner->in_title[k] || sentence_in_capitals (ner, k) || is_article (ner, k))
        continue;
      if (k > sentence_of (ner, k)->first && is_capitalised (ner, k - 1) && ner->owner[k - 1] < 0
          && !is_article (ner, k - 1))
        continue;   /* not the start of a run */
      guint end = k, last_cap = k;
      guint heads = 0;
      gboolean gov = FALSE, blocked = FALSE;
      for (guint t = k; t < limit && t - k < 10; t++)
        {
          gint owner = ner->owner[t];
          if (is_capitalised (ner, t) && !ner->in_title[t])
            {
              if (owner >= 0 && MENTION (ner, owner)->kind != TG_LEX_PLACE && MENTION (ner, owner)->kind != TG_LEX_DEMONYM)
                {
                  blocked = TRUE;
                  break;
                }
              guint roles = context_roles_of (ner, t);
              if (roles & (TG_CTX_ORG_HEAD | TG_CTX_GOV_NAME_HEAD))
                {
                  heads = t + 1;
                  gov = (roles & TG_CTX_GOV_NAME_HEAD) != 0;
                }
              last_cap = t;
              end = t + 1;
            }
          else if (!is_name_joiner (ner, t))
            break;
        }
      (void) last_cap;
      if (blocked || heads == 0 || end - k < 2)
        continue;
      /* Keep trailing words only if they are capitalised words of the same name. */
      const char *party = NULL;
      if (gov)
        {
          gint before = (gint) k - 1;
          if (tok_is (ner, before, "'s"))
            before--;
          gint owner = mention_at (ner, before);
          if (owner >= 0 && MENTION (ner, owner)->party != NULL)
            party = MENTION (ner, owner)->party;
        }
      for (guint t = k; t < end; t++)
        if (ner->owner[t] >= 0)
          {
            const Mention *m = MENTION (ner, (guint) ner->owner[t]);
            if (gov && party == NULL && m->party != NULL)
              party = m->party;
            drop_mention (ner, (guint) ner->owner[t]);
          }
      guint index = add_mention (ner, k, end - k, gov ? TG_LEX_GOVBODY : TG_LEX_ORG, NULL, party,
                                 gov ? "rule:government-name" : "rule:organisation-name");
      MENTION (ner, index)->type = gov ? TG_ENTITY_GOV : TG_ENTITY_ORG;
      k = end - 1;
    }
}

/* "Western Tigray", "Lake Lucerne", "Jordan River": capitalised words around a
 * place that belong to its name. */
static void
place_name_extensions (Ner *ner)
{
  for (guint i = 0; i < ner->mentions->len; i++)
    {
      Mention *m = MENTION (ner, i);
      if (!m->keep || m->kind != TG_LEX_PLACE)
        continue;
      guint start = sentence_of (ner, m->first)->first;
      if (m->first > start && ner->owner[m->first - 1] < 0 && has_upper (ner, m->first - 1)
          && (context_roles_of (ner, m->first - 1) & TG_CTX_PLACE_PREFIX))
        {
          ner->owner[m->first - 1] = (gint) i;
          m->first--;
          m->n++;
        }
      guint after = m->first + m->n;
      if (after < sentence_end (ner, m->first) && ner->owner[after] < 0 && has_upper (ner, after)
          && (context_roles_of (ner, after) & TG_CTX_PLACE_SUFFIX))
        extend_mention (ner, i, after + 1);
    }
}

/* "the Alpine village of Alpbach", "from Dabbah", "the Adre crossing": one
 * capitalised word that no lexicon knows, with a place preposition before it or
 * a place noun after it. */
static void
unknown_places (Ner *ner)
{
  for (guint k = 1; k < ner->doc->tokens->len; k++)
    {
      guint start = sentence_of (ner, k)->first;
      guint limit = sentence_end (ner, k);
      const GPtrArray *known = NULL;
      if (k == start || !name_word (ner, k) || sentence_in_capitals (ner, k)
          || (tg_lexicon_lookup (ner->lex, folded (ner, k), &known) && known != NULL))
        continue;   /* a demonym or title the rules dropped is not an unknown place */
      if (k + 1 < limit && (is_capitalised (ner, k + 1) || tok_is (ner, (gint) k + 1, "'s")))
        continue;   /* part of a longer name, or an owner */
      if (is_capitalised (ner, k - 1))
        continue;
      gboolean before = context_before (ner, k, TG_CTX_PLACE_BEFORE) != 0;
      gboolean after = k + 1 < limit && (context_roles_of (ner, k + 1) & TG_CTX_PLACE_AFTER);
      if (before || after)
        {
          guint index = add_mention (ner, k, 1, TG_LEX_PLACE, NULL, NULL, "rule:unknown-place");
          MENTION (ner, index)->type = TG_ENTITY_LOC;
        }
    }
}

/* --- 6. places: LOC or GOV ---------------------------------------------- */

typedef enum { ROLE_UNKNOWN, ROLE_LOC, ROLE_GOV } Role;

/* What follows a name (or a coordinated group ending before @after): a verb
 * whose subject acts, after optional adverbs and auxiliaries. */
static Role
role_from_following (const Ner *ner, guint after)
{
  guint limit = sentence_end (ner, after > 0 ? after - 1 : 0);
  guint k = after;
  for (guint skipped = 0; k < limit && skipped <= 3; skipped++)
    {
      guint len = 0;
      guint roles = context_at (ner, k, TG_CTX_ACTOR_VERB | TG_CTX_SKIP, &len);
      if (roles & TG_CTX_ACTOR_VERB)
        return ROLE_GOV;
      if (!(roles & TG_CTX_SKIP))
        break;
      k += len;
    }
  return ROLE_UNKNOWN;
}

/* What precedes a name (or a group starting at @first): "sanctions on", "envoy
 * to", "accused" make it an actor; "in", "strikes on" a place; "treaty between X
 * and Y" an actor, "the border between X and Y" a place. */
static Role
role_from_preceding (const Ner *ner, guint first)
{
  guint start = sentence_of (ner, first)->first;
  guint p = first;
  if (p > start && (tok_is (ner, (gint) p - 1, "the") || tok_is (ner, (gint) p - 1, "both")
                    || tok_is (ner, (gint) p - 1, "either") || tok_is (ner, (gint) p - 1, "official")))
    p--;
  /* "Zvecan , Kosovo ," and "Goma , Congo": a place named to locate another. */
  if (p >= start + 2 && tok_is (ner, (gint) p - 1, ","))
    {
      gint prev = mention_at (ner, (gint) p - 2);
      if (prev >= 0 && MENTION (ner, prev)->kind == TG_LEX_PLACE && MENTION (ner, prev)->type == TG_ENTITY_LOC)
        return ROLE_LOC;
    }
  if (p > start && tok_is (ner, (gint) p - 1, "between"))
    {
      guint q = p - 1;
      if (q > start && (tok_is (ner, (gint) q - 1, "the") || tok_is (ner, (gint) q - 1, "a")))
        q--;
      return context_before (ner, q, TG_CTX_BETWEEN_LOC) ? ROLE_LOC : ROLE_GOV;
    }
  guint roles = context_before (ner, p, TG_CTX_GOV_BEFORE | TG_CTX_LOC_BEFORE | TG_CTX_OBJECT_VERB);
  if (roles & TG_CTX_LOC_BEFORE)
    return ROLE_LOC;
  if (roles & (TG_CTX_GOV_BEFORE | TG_CTX_OBJECT_VERB))
    return ROLE_GOV;
  return ROLE_UNKNOWN;
}

/* What the name itself is followed by: "'s" + an official or policy (GOV) or +
 * a part of its land (LOC); an official noun ("UK ambassador", "US mediation"). */
static Role
role_from_own_context (const Ner *ner, const Mention *m)
{
  guint after = m->first + m->n;
  guint limit = sentence_end (ner, m->first);
  if (after < limit && tok_is (ner, (gint) after, "'s"))
    {
      /* "Yemen 's Houthis": a movement in the country, not the state's own. */
      gint next = mention_at (ner, (gint) after + 1);
      if (next >= 0 && MENTION (ner, next)->kind == TG_LEX_ORG && MENTION (ner, next)->first == after + 1)
        return ROLE_LOC;
      /* "Ukraine 's east", "Sudan 's second-largest city", "Ankara 's government
       * quarter": the noun that ends the phrase decides. */
      for (guint k = after + 1; k < limit && k <= after + TG_POSSESSIVE_LOOKAHEAD; k++)
        {
          guint roles = context_roles_of (ner, k);
          if (roles & TG_CTX_LOC_POSS)
            return ROLE_LOC;
          if (ner->cases[k] == TG_CASE_NONE || (roles & (TG_CTX_LOC_BEFORE | TG_CTX_GOV_BEFORE)))
            break;
        }
      return ROLE_GOV;
    }
  if (after < limit && (context_roles_of (ner, after) & TG_CTX_GOV_AFTER))
    return ROLE_GOV;
  if (after < limit && (context_roles_of (ner, after) & TG_CTX_LOC_AFTER))
    return ROLE_LOC;
  return ROLE_UNKNOWN;
}

/* "Moscow , which has ..." is an actor; "Kharkiv , where ..." a place. */
static Role
role_from_relative_clause (const Ner *ner, guint after)
{
  if (!tok_is (ner, (gint) after, ",") || after + 1 >= sentence_end (ner, after))
    return ROLE_UNKNOWN;
  if (tok_is (ner, (gint) after + 1, "which") || tok_is (ner, (gint) after + 1, "who"))
    return ROLE_GOV;
  if (tok_is (ner, (gint) after + 1, "where"))
    return ROLE_LOC;
  /* "Washington, whose envoy ... , has urged": the verb after the clause. */
  if (tok_is (ner, (gint) after + 1, "whose"))
    for (guint k = after + 2; k + 1 < sentence_end (ner, after); k++)
      if (tok_is (ner, (gint) k, ","))
        return role_from_following (ner, k + 1);
  return ROLE_UNKNOWN;
}

static gboolean
may_act (const Mention *m)
{
  return m->kind == TG_LEX_PLACE && m->entry != NULL && m->entry->place_kind <= TG_PLACE_TERRITORY;
}

/* "For Belgrade , this would be ...": whose point of view follows. */
static Role
role_from_point_of_view (const Ner *ner, const Mention *m)
{
  guint start = sentence_of (ner, m->first)->first;
  if (m->first == start + 1 && tok_is (ner, (gint) start, "for") && tok_is (ner, (gint) (m->first + m->n), ","))
    return ROLE_GOV;
  return ROLE_UNKNOWN;
}

/* The end of the coordinated group of mentions that starts with mention @index:
 * "Russia, Ukraine and Turkey" (returns the token after Turkey). */
static guint
group_end (const Ner *ner, guint index, guint *last_index)
{
  const Mention *m = MENTION (ner, index);
  guint end = m->first + m->n;
  *last_index = index;
  for (;;)
    {
      guint k = end;
      if (tok_is (ner, (gint) k, ",") && (tok_is (ner, (gint) k + 1, "and") || tok_is (ner, (gint) k + 1, "or")))
        k++;
      if (!is_coordinator (ner, k))
        break;
      gint next = mention_at (ner, (gint) k + 1);
      if (next < 0 || MENTION (ner, next)->first != k + 1 || !MENTION (ner, next)->keep)
        break;
      *last_index = (guint) next;
      end = MENTION (ner, next)->first + MENTION (ner, next)->n;
    }
  return end;
}

static void
place_roles (Ner *ner)
{
  for (guint i = 0; i < ner->mentions->len; i++)
    {
      Mention *m = MENTION (ner, i);
      if (!m->keep || m->kind != TG_LEX_PLACE)
        continue;
      m->type = TG_ENTITY_LOC;
      if (!may_act (m))
        continue;
      Role role = m->force_gov ? ROLE_GOV : role_from_own_context (ner, m);
      if (role == ROLE_UNKNOWN)
        role = role_from_point_of_view (ner, m);
      if (role == ROLE_UNKNOWN)
        {
          /* A group shares what precedes its first member and follows its last. */
          guint first_index = i;
          for (gint k = (gint) m->first - 1; k >= 1 && is_coordinator (ner, (guint) k);)
            {
              gint prev = mention_at (ner, k - 1);
              if (prev < 0 || !MENTION (ner, prev)->keep)
                break;
              first_index = (guint) prev;
              k = (gint) MENTION (ner, prev)->first - 1;
              if (tok_is (ner, k, ",") && k >= 1 && mention_at (ner, k - 1) < 0)
                break;
            }
          guint last_index;
          guint end = group_end (ner, i, &last_index);
          /* A preposition before the name outweighs a verb after it: in "strikes
           * on Ukraine have intensified" Ukraine is not the subject. */
          role = role_from_preceding (ner, MENTION (ner, first_index)->first);
          if (role == ROLE_UNKNOWN)
            role = role_from_relative_clause (ner, end);
          if (role == ROLE_UNKNOWN)
            role = role_from_following (ner, end);
        }
      /* Countries in this news are far more often actors than settings; a
       * capital is a setting unless something says it acts (measured on dev). */
      if (role == ROLE_UNKNOWN && MENTION (ner, i)->entry->place_kind == TG_PLACE_COUNTRY)
        role = ROLE_GOV;
      m = MENTION (ner, i);
      if (role == ROLE_GOV)
        m->type = TG_ENTITY_GOV;
    }
}

/* --- 7. named events ---------------------------------------------------- */

static void
named_events (Ner *ner)
{
  for (guint i = 0; i < ner->mentions->len; i++)
    {
      Mention *m = MENTION (ner, i);
      if (!m->keep || (m->kind != TG_LEX_PLACE && m->kind != TG_LEX_PERSON))
        continue;
      guint after = m->first + m->n;
      guint next_roles = after < sentence_end (ner, m->first) ? context_roles_of (ner, after) : 0;
      /* "Minsk agreements" is an event; "the US plan" is a plan the US owns. */
      gboolean event = (next_roles & TG_CTX_EVENT_AFTER)
                       && !(m->kind == TG_LEX_PLACE && (next_roles & TG_CTX_GOV_AFTER));
      if (m->first > sentence_of (ner, m->first)->first
          && (context_roles_of (ner, m->first - 1) & TG_CTX_EVENT_BEFORE) && has_upper (ner, m->first - 1))
        event = TRUE;
      if (event)
        drop_mention (ner, i);
    }
}

/* --- assembling --------------------------------------------------------- */

static TgEntityType
final_type (const Mention *m)
{
  switch (m->kind)
    {
    case TG_LEX_PERSON: return TG_ENTITY_PER;
    case TG_LEX_ORG: return TG_ENTITY_ORG;
    case TG_LEX_GOVBODY:
    case TG_LEX_DEMONYM: return TG_ENTITY_GOV;
    case TG_LEX_PLACE: return m->type;
    case TG_LEX_TITLE:
    case TG_LEX_N_KINDS:
    default: return TG_ENTITY_LOC;
    }
}

static void
write_entities (Ner *ner)
{
  g_array_set_size (ner->doc->entities, 0);
  for (guint k = 0; k < ner->doc->tokens->len;)
    {
      gint index = ner->owner[k];
      if (index < 0)
        {
          k++;
          continue;
        }
      const Mention *m = MENTION (ner, index);
      TgEntity e = { 0 };
      e.first = m->first;
      e.n_tokens = m->n;
      e.sentence = ner->sentence_of[m->first];
      e.type = final_type (m);
      e.party = e.type == TG_ENTITY_LOC ? NULL : m->party;
      e.source = m->source;
      g_array_append_val (ner->doc->entities, e);
      k = m->first + m->n;
    }
}

static void
ner_clear (Ner *ner)
{
  g_clear_pointer (&ner->sentence_of, g_free);
  g_clear_pointer (&ner->owner, g_free);
  g_clear_pointer (&ner->in_title, g_free);
  g_clear_pointer (&ner->mentions, g_array_unref);
  g_clear_pointer (&ner->titles, g_array_unref);
  g_clear_pointer (&ner->in_capitals, g_free);
  g_clear_pointer (&ner->stem_key, key_free);
  g_clear_pointer (&ner->form_key, key_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Ner, ner_clear)

static void
ner_init (Ner *ner, const TgLexicon *lex, const TgTokView *view, TgDocument *doc)
{
  guint n = doc->tokens->len;
  ner->lex = lex;
  ner->view = view;
  ner->doc = doc;
  ner->cases = view->cases;
  ner->sentence_of = g_new0 (guint, n + 1);
  /* Zeroed (then -1 below) like the arrays beside it: clang-analyzer cannot
   * see that the loop below defines every slot that is read. */
  ner->owner = g_new0 (gint, n + 1);
  ner->in_title = g_new0 (gboolean, n + 1);
  ner->mentions = g_array_new (FALSE, TRUE, sizeof (Mention));
  ner->titles = g_array_new (FALSE, TRUE, sizeof (Span));
  ner->in_capitals = g_new0 (guint8, doc->sentences->len + 1);
  ner->stem_key = key_new ();
  ner->form_key = key_new ();
  for (guint i = 0; i < n; i++)
    ner->owner[i] = -1;
  for (guint s = 0; s < doc->sentences->len; s++)
    {
      const TgSentence *sent = &g_array_index (doc->sentences, TgSentence, s);
      for (guint i = sent->first; i < sent->first + sent->n_tokens; i++)
        ner->sentence_of[i] = s;
    }
}

gboolean
tg_ner_tag (const TgLexicon *lexicon, const TgTokView *view, TgDocument *doc, GError **error)
{
  g_return_val_if_fail (lexicon != NULL && view != NULL && doc != NULL, FALSE);
  g_return_val_if_fail (view->n == doc->tokens->len, FALSE);
  (void) error;
  g_auto (Ner) ner = { 0 };
  ner_init (&ner, lexicon, view, doc);
  for (guint s = 0; s < doc->sentences->len; s++)
    {
      const TgSentence *sent = &g_array_index (doc->sentences, TgSentence, s);
      match_names_in (&ner, sent->first, sent->first + sent->n_tokens);
    }
  titled_people (&ner);
  people_in_capitals (&ner);
  repeated_people (&ner);
  demonym_spans (&ner);
  head_of_country (&ner);
  quoted_people (&ner);
  people_in_capitals (&ner);
  repeated_people (&ner);
  dateline_agencies (&ner);
  capitalised_names (&ner);
  place_name_extensions (&ner);
  unknown_places (&ner);
  named_events (&ner);
  place_roles (&ner);
  write_entities (&ner);
  return TRUE;
}
