import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { DatabaseHandle } from '../src/platform/db.js';
import { createJobQueue, defineJob } from '../src/platform/jobs.js';
import { createTestDatabase } from './harness.js';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle.close());

const until = async (check: () => boolean, ms = 20_000) => {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
  return check();
};

describe('jobs on pg-boss', () => {
  it('runs a job enqueued in a committed transaction, never one from a rolled-back transaction, and dedupes by key', async () => {
    const seen: string[] = [];
    const ping = defineJob({ id: 'test.ping', schema: z.object({ note: z.string() }), run: async ({ note }) => void seen.push(note) });
    const jobs = createJobQueue();
    jobs.register(ping);
    await jobs.start(handle, { work: false });
    try {
      await handle.db.transaction().execute(async (tx) => {
        await jobs.send(tx, ping, { note: 'committed' }, { dedupeKey: 'k1' });
        await jobs.send(tx, ping, { note: 'duplicate' }, { dedupeKey: 'k1' });
      });
      await handle.db
        .transaction()
        .execute(async (tx) => {
          await jobs.send(tx, ping, { note: 'rolled back' });
          throw new Error('abort');
        })
        .catch(() => {});
      await jobs.stop();
      await jobs.start(handle, { pollingIntervalSeconds: 0.5 });
      expect(await until(() => seen.length > 0)).toBe(true);
      await new Promise((r) => setTimeout(r, 1500));
      expect(seen).toEqual(['committed']);
    } finally {
      await jobs.stop();
    }
  });

  it('keeps a delayed job across a restart and runs it once its time comes', async () => {
    const seen: string[] = [];
    const later = defineJob({ id: 'test.later', schema: z.object({ n: z.number() }), run: async ({ n }) => void seen.push(String(n)) });
    const first = createJobQueue();
    first.register(later);
    await first.start(handle, { work: false });
    await handle.db.transaction().execute((tx) => first.send(tx, later, { n: 7 }, { startAfter: new Date(Date.now() + 1500) }));
    await first.stop();

    const second = createJobQueue();
    second.register(later);
    try {
      await second.start(handle, { pollingIntervalSeconds: 0.5 });
      await new Promise((r) => setTimeout(r, 500));
      expect(seen).toEqual([]);
      expect(await until(() => seen.length > 0)).toBe(true);
      expect(seen).toEqual(['7']);
    } finally {
      await second.stop();
    }
  });
});
