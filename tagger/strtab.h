/* strtab.h — an insert-only hash table from byte strings to 32-bit values, with
 * its keys stored in one arena.
 *
 * Owns the string-keyed tables that are built once and read often (the phrase
 * and context tables of the lexicon, the word cache of the token views): a key
 * costs no allocation of its own, a lookup takes a pointer and a length (no
 * NUL-terminated copy of the key is needed), and freeing a table is a few
 * free() calls whatever its size. A table is not thread-safe while it is being
 * written; once it no longer changes, any number of threads may look it up. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _TgStrTab TgStrTab;

/* Creates an empty table with room for @expected keys before it first grows. */
TgStrTab *tg_strtab_new (guint expected);
void tg_strtab_free (TgStrTab *table);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgStrTab, tg_strtab_free)

/* The number of keys. */
guint tg_strtab_size (const TgStrTab *table);

/* Looks up the @len bytes at @key (any bytes, NUL included). Returns FALSE when
 * the key is absent; otherwise TRUE, and sets *@value when @value is not NULL. */
gboolean tg_strtab_lookup (const TgStrTab *table, const char *key, gsize len, guint32 *value);

/* The hash of the @len bytes at @key that tables use: the same in every run
 * of the same build (no random seed). */
guint32 tg_strtab_hash (const char *key, gsize len);

/* Finds or adds the @len bytes at @key. Returns the key's value slot (0 for a
 * new key) for the caller to read or write; it stays valid until the next
 * insert or clear. Sets *@stored_key, when not NULL, to the table's
 * NUL-terminated copy of the key, which lives until the table is cleared or
 * freed. */
guint32 *tg_strtab_insert (TgStrTab *table, const char *key, gsize len, const char **stored_key);

/* Removes every key and frees the arena, keeping the slot array. */
void tg_strtab_clear (TgStrTab *table);

/* Walks the keys in no particular order: start with *@pos = 0; each call that
 * returns TRUE sets the key (NUL-terminated), its length and its value. */
gboolean tg_strtab_next (const TgStrTab *table, guint *pos, const char **key, gsize *len, guint32 *value);

G_END_DECLS
