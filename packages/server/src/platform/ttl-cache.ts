import type { Clock } from './clock.js';

/**
 * A small per-process cache of values read from the database: each entry lives `ttlMs` by the
 * injected clock (or until the `until` its loader gives, when sooner), at most `maxEntries` are kept
 * (the least recently used goes first), and entries are dropped by tag when what they were read
 * from changes in this process. Other processes' changes are seen once the entry expires.
 */
export type TtlCache<V> = {
  /** The cached value, or what `load` reads (a null is not kept). */
  get(key: string, load: () => Promise<V | null>, describe: (value: V) => { tag: string; until?: Date }): Promise<V | null>;
  /** Drops every entry of `tag` (all entries without one). */
  invalidate(tag?: string): void;
  /** Drops one entry. */
  forget(key: string): void;
};

type Entry<V> = { value: V; tag: string; storedAt: number; expiresAt: number };

export function createTtlCache<V>(options: { clock: Clock; ttlMs: number; maxEntries: number }): TtlCache<V> {
  const { clock, ttlMs, maxEntries } = options;
  const entries = new Map<string, Entry<V>>();
  // Bumped by every invalidation: a load that started before one may have read what was just
  // changed, so its value is returned to its caller but not kept.
  let generation = 0;

  return {
    async get(key, load, describe) {
      const now = clock.now().getTime();
      const entry = entries.get(key);
      if (entry && entry.storedAt <= now && now < entry.expiresAt) {
        entries.delete(key);
        entries.set(key, entry);
        return entry.value;
      }
      if (entry) entries.delete(key);
      const startedAt = generation;
      const value = await load();
      if (value === null || startedAt !== generation) return value;
      const { tag, until } = describe(value);
      const expiresAt = Math.min(now + ttlMs, until ? until.getTime() : Number.POSITIVE_INFINITY);
      if (expiresAt <= now) return value;
      entries.set(key, { value, tag, storedAt: now, expiresAt });
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
      return value;
    },

    invalidate(tag) {
      generation++;
      if (tag === undefined) {
        entries.clear();
        return;
      }
      for (const [key, entry] of entries) if (entry.tag === tag) entries.delete(key);
    },

    forget(key) {
      generation++;
      entries.delete(key);
    },
  };
}
