/* strtab.c — open addressing with linear probing over a power-of-two slot
 * array, kept at most three quarters full.
 *
 * A slot is 16 bytes: the key's full 32-bit hash, its value and a pointer to
 * its bytes in the arena, so that four slots share a cache line and a probe
 * compares hashes before it touches any key bytes; growing rehashes without
 * reading keys. A slot whose key is NULL is empty. Keys are never removed one
 * by one, so no tombstones are needed.
 *
 * The arena is a list of blocks; each key is stored as its length (a guint32,
 * 4-byte aligned), then its bytes and a NUL. A key longer than half a block
 * gets a block of its own. */
#include "strtab.h"

#include <string.h>

typedef struct {
  const char *key;   /* in the arena, after its length; NULL: empty slot */
  guint32 hash;
  guint32 value;
} Slot;

struct _TgStrTab {
  Slot *slots;
  guint32 mask;        /* number of slots - 1 */
  guint32 n_keys;
  GPtrArray *blocks;   /* the arena: owning, the current block last */
  gsize block_used;    /* bytes used in the current block */
};

/* Smallest slot array, and the arena's block size (it holds many short keys). */
#define MIN_SLOTS 16
#define ARENA_BLOCK (64 * 1024)

/* Slots for @n keys at most three quarters full. */
static inline gboolean
too_full (guint64 n_keys, guint64 n_slots)
{
  return 4 * n_keys > 3 * n_slots;
}

static inline guint32
key_len (const char *key)
{
  guint32 len;
  memcpy (&len, key - sizeof (guint32), sizeof len);
  return len;
}

/* Copies @len bytes at @key into the arena, after their length and before a NUL. */
static const char *
arena_add (TgStrTab *t, const char *key, gsize len)
{
  gsize need = (sizeof (guint32) + len + 1 + 3) & ~(gsize) 3;
  char *block;
  if (need > ARENA_BLOCK / 2)
    {
      /* Its own block, kept before the current one. */
      block = g_malloc (need);
      g_ptr_array_insert (t->blocks, t->blocks->len > 0 ? (gint) t->blocks->len - 1 : 0, block);
    }
  else
    {
      if (t->blocks->len == 0 || t->block_used + need > ARENA_BLOCK)
        {
          g_ptr_array_add (t->blocks, g_malloc (ARENA_BLOCK));
          t->block_used = 0;
        }
      block = (char *) g_ptr_array_index (t->blocks, t->blocks->len - 1) + t->block_used;
      t->block_used += need;
    }
  guint32 len32 = (guint32) len;
  memcpy (block, &len32, sizeof len32);
  char *copy = block + sizeof len32;
  memcpy (copy, key, len);
  copy[len] = '\0';
  return copy;
}

/* The @len < 8 bytes at @s as a little-endian word, high bytes zero, read
 * with at most three loads: two overlapping ones cover 4 to 7 bytes (the bytes
 * they share are the same, so or-ing them changes nothing), and the first,
 * middle and last byte cover 1 to 3. */
static inline guint64
tail_word (const char *s, gsize len)
{
  if (len >= 4)
    {
      guint32 lo, hi;
      memcpy (&lo, s, 4);
      memcpy (&hi, s + len - 4, 4);
      return GUINT32_FROM_LE (lo) | (guint64) GUINT32_FROM_LE (hi) << (8 * (len - 4));
    }
  if (len == 0)
    return 0;
  return (guint64) (guchar) s[0] | (guint64) (guchar) s[len / 2] << (8 * (len / 2))
         | (guint64) (guchar) s[len - 1] << (8 * (len - 1));
}

/* Hashes 8 bytes at a time: each word is mixed in by xor, a multiplication by
 * an odd 64-bit constant and a shift that folds the high bits down; the tail
 * (under 8 bytes) is one more such word. The length seeds the state, so keys
 * that differ only by trailing NUL bytes differ. Only equality within one
 * process matters: byte order does not. */
static inline guint32
hash_bytes (const char *s, gsize len)
{
  guint64 h = 0x9E3779B97F4A7C15ull ^ (guint64) len;
  while (len >= 8)
    {
      guint64 w;
      memcpy (&w, s, 8);
      h = (h ^ w) * 0xFF51AFD7ED558CCDull;
      h ^= h >> 32;
      s += 8;
      len -= 8;
    }
  h = (h ^ tail_word (s, len)) * 0xC4CEB9FE1A85EC53ull;
  h ^= h >> 29;
  return (guint32) h;
}

TgStrTab *
tg_strtab_new (guint expected)
{
  TgStrTab *t = g_new0 (TgStrTab, 1);
  guint32 n = MIN_SLOTS;
  while (too_full (expected, n) && n < G_MAXUINT32 / 2)
    n *= 2;
  t->slots = g_new0 (Slot, n);
  t->mask = n - 1;
  t->blocks = g_ptr_array_new_with_free_func (g_free);
  return t;
}

void
tg_strtab_free (TgStrTab *t)
{
  if (t == NULL)
    return;
  g_free (t->slots);
  g_ptr_array_unref (t->blocks);
  g_free (t);
}

guint
tg_strtab_size (const TgStrTab *t)
{
  return t->n_keys;
}

/* memcmp (@a, @b, @len) == 0, inline for keys of up to 16 bytes (words, the
 * bulk of lookups), with loads that stay inside the @len bytes: two
 * overlapping ones cover 4 to 16 bytes. */
static inline gboolean
same_bytes (const char *a, const char *b, gsize len)
{
  if (len >= 8 && len <= 16)
    {
      guint64 a0, a1, b0, b1;
      memcpy (&a0, a, 8);
      memcpy (&b0, b, 8);
      memcpy (&a1, a + len - 8, 8);
      memcpy (&b1, b + len - 8, 8);
      return ((a0 ^ b0) | (a1 ^ b1)) == 0;
    }
  if (len >= 4 && len < 8)
    {
      guint32 a0, a1, b0, b1;
      memcpy (&a0, a, 4);
      memcpy (&b0, b, 4);
      memcpy (&a1, a + len - 4, 4);
      memcpy (&b1, b + len - 4, 4);
      return ((a0 ^ b0) | (a1 ^ b1)) == 0;
    }
  if (len < 4)
    {
      for (gsize i = 0; i < len; i++)
        if (a[i] != b[i])
          return FALSE;
      return TRUE;
    }
  return memcmp (a, b, len) == 0;
}

/* The slot of the key, or the empty slot where it would go. */
static inline Slot *
find_slot (const TgStrTab *t, const char *key, gsize len, guint32 hash)
{
  for (guint32 i = hash & t->mask;; i = (i + 1) & t->mask)
    {
      Slot *s = &t->slots[i];
      if (s->key == NULL
          || (s->hash == hash && key_len (s->key) == len && same_bytes (s->key, key, len)))
        return s;
    }
}

guint32
tg_strtab_hash (const char *key, gsize len)
{
  return hash_bytes (key, len);
}

gboolean
tg_strtab_lookup (const TgStrTab *t, const char *key, gsize len, guint32 *value)
{
  if (len > G_MAXUINT32)
    return FALSE;
  const Slot *s = find_slot (t, key, len, hash_bytes (key, len));
  if (s->key == NULL)
    return FALSE;
  if (value != NULL)
    *value = s->value;
  return TRUE;
}

static void
grow (TgStrTab *t)
{
  guint32 n = (t->mask + 1) * 2;
  Slot *old = t->slots;
  guint32 old_n = t->mask + 1;
  t->slots = g_new0 (Slot, n);
  t->mask = n - 1;
  for (guint32 i = 0; i < old_n; i++)
    if (old[i].key != NULL)
      {
        guint32 j = old[i].hash & t->mask;
        while (t->slots[j].key != NULL)
          j = (j + 1) & t->mask;
        t->slots[j] = old[i];
      }
  g_free (old);
}

guint32 *
tg_strtab_insert (TgStrTab *t, const char *key, gsize len, const char **stored_key)
{
  g_return_val_if_fail (len <= G_MAXUINT32, NULL);
  guint32 hash = hash_bytes (key, len);
  Slot *s = find_slot (t, key, len, hash);
  if (s->key == NULL)
    {
      if (too_full ((guint64) t->n_keys + 1, (guint64) t->mask + 1))
        {
          grow (t);
          s = find_slot (t, key, len, hash);
        }
      s->key = arena_add (t, key, len);
      s->hash = hash;
      s->value = 0;
      t->n_keys++;
    }
  if (stored_key != NULL)
    *stored_key = s->key;
  return &s->value;
}

void
tg_strtab_clear (TgStrTab *t)
{
  memset (t->slots, 0, sizeof (Slot) * ((gsize) t->mask + 1));
  t->n_keys = 0;
  g_ptr_array_set_size (t->blocks, 0);
}

gboolean
tg_strtab_next (const TgStrTab *t, guint *pos, const char **key, gsize *len, guint32 *value)
{
  for (; *pos <= t->mask; (*pos)++)
    {
      const Slot *s = &t->slots[*pos];
      if (s->key == NULL)
        continue;
      *key = s->key;
      *len = key_len (s->key);
      *value = s->value;
      (*pos)++;
      return TRUE;
    }
  return FALSE;
}
