import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { DatabaseHandle } from '../src/platform/db.js';
import { createJobQueue, defineJob, jobOf } from '../src/platform/jobs.js';
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

  it('sends a batch, each job with its time and retries, skipping keys sent before and nothing on rollback', async () => {
    const ran = async () => {};
    const first = defineJob({ id: 'test.batch_first', schema: z.object({ n: z.number() }), run: ran });
    const second = defineJob({ id: 'test.batch_second', schema: z.object({ n: z.number() }), run: ran, retryLimit: 2 });
    const jobs = createJobQueue();
    jobs.register(first, second);
    await jobs.start(handle, { work: false });
    try {
      const at = new Date('2031-03-04T05:06:07.000Z');
      await handle.db.transaction().execute(async (tx) => {
        await jobs.send(tx, first, { n: 0 }, { dedupeKey: 'sent-before' });
      });
      await handle.db.transaction().execute(async (tx) => {
        await jobs.sendAll(tx, [
          jobOf(first, { n: 1 }, { startAfter: at, dedupeKey: 'a' }),
          jobOf(second, { n: 2 }, { dedupeKey: 'b' }),
          jobOf(first, { n: 3 }, { dedupeKey: 'sent-before' }),
        ]);
      });
      await handle.db
        .transaction()
        .execute(async (tx) => {
          await jobs.sendAll(tx, [jobOf(first, { n: 4 }, { dedupeKey: 'rolled-back' })]);
          throw new Error('abort');
        })
        .catch(() => {});
      await expect(handle.db.transaction().execute((tx) => jobs.sendAll(tx, [jobOf(first, { n: 'x' } as never)]))).rejects.toThrow();

      const rows = (
        await sql<{ name: string; n: number; start_after: Date; retry_limit: number }>`
          select name, (data->>'n')::int as n, start_after, retry_limit from pgboss.job
          where name in ('test.batch_first', 'test.batch_second') order by (data->>'n')::int`.execute(handle.db)
      ).rows;
      expect(rows.map((r) => [r.name, r.n, r.retry_limit])).toEqual([
        ['test.batch_first', 0, 5],
        ['test.batch_first', 1, 5],
        ['test.batch_second', 2, 2],
      ]);
      expect(rows[1]!.start_after.toISOString()).toBe(at.toISOString());
    } finally {
      await jobs.stop();
    }
  });
});
