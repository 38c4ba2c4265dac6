import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReadTarget } from '../src/platform/read-routing.js';
import { type Client, createCustomer, createTestContext, createVehicle, replicaCaughtUp, type TestContext } from './harness.js';

// Report reads on a PostgreSQL streaming replica (DATABASE_READ_URL), with read-your-writes. Runs
// only against a real replica: TEST_DATABASE_URL and TEST_DATABASE_READ_URL (`.ci/replica`).

const readUrl = process.env.TEST_DATABASE_READ_URL;
const ANALYSIS = '/api/v1/kpis/complaints?from=2026-11-01&to=2026-11-30';

describe.skipIf(!readUrl || !process.env.TEST_DATABASE_URL)('reports on a read replica', () => {
  let ctx: TestContext;
  let writer: Client;
  let colleague: Client;
  const routes: ReadTarget[] = [];
  /** Where the report reads of `run` went. */
  const routed = async (run: () => Promise<unknown>) => {
    routes.length = 0;
    await run();
    return [...routes];
  };

  /** A superuser session on the replica, which can pause and resume its replay of the primary's WAL. */
  async function onReplica<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client({ connectionString: readUrl });
    await client.connect();
    try {
      return await run(client);
    } finally {
      await client.end();
    }
  }

  beforeAll(async () => {
    ctx = await createTestContext({ now: '2026-11-20T02:00:00Z', awaitReplica: false, onReadRoute: (target) => routes.push(target) });
    writer = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['service_advisor'] });
    colleague = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['service_advisor'] });
  });
  afterAll(() => ctx?.close());

  it('reads a report on the replica once it has caught up', async () => {
    await replicaCaughtUp(ctx.handle);
    const reportDb = await ctx.app.reads.forReport({ userId: colleague.user.id });
    const { rows } = await sql<{ standby: boolean }>`select pg_is_in_recovery() as standby`.execute(reportDb);
    expect(rows[0]!.standby).toBe(true);

    const where = await routed(async () => expect((await colleague.get(ANALYSIS)).statusCode).toBe(200));
    expect(where).toEqual(['replica']);
  });

  it("never shows a person their own write missing, while another may see the replica's older figure", async () => {
    const customer = await createCustomer(writer, { name: '赵敏' });
    const vehicle = await createVehicle(writer, customer.id);
    await replicaCaughtUp(ctx.handle);
    const before = (await colleague.get(ANALYSIS)).json().totals.complaints as number;

    await onReplica((c) => c.query('select pg_wal_replay_pause()'));
    try {
      await expect
        .poll(() => onReplica(async (c) => (await c.query('select pg_get_wal_replay_pause_state() as s')).rows[0].s))
        .toBe('paused');
      const registered = await writer.post('/api/v1/complaints', {
        customerId: customer.id,
        vehicleId: vehicle.id,
        channel: 'in_person',
        customerWords: '保养后发动机异响',
      });
      expect(registered.statusCode, registered.body).toBe(201);

      // The writer's next report is read on the primary, which has the case.
      let own: { totals: { complaints: number } } | undefined;
      expect(await routed(async () => (own = (await writer.get(ANALYSIS)).json()))).toEqual(['primary']);
      expect(own!.totals.complaints).toBe(before + 1);

      // A colleague who wrote nothing is read on the replica, which has not replayed it yet.
      let theirs: { totals: { complaints: number } } | undefined;
      expect(await routed(async () => (theirs = (await colleague.get(ANALYSIS)).json()))).toEqual(['replica']);
      expect(theirs!.totals.complaints).toBe(before);
    } finally {
      await onReplica((c) => c.query('select pg_wal_replay_resume()'));
    }

    await replicaCaughtUp(ctx.handle);
    // Caught up, both read the replica again, and both see the case.
    let own: { totals: { complaints: number } } | undefined;
    expect(await routed(async () => (own = (await writer.get(ANALYSIS)).json()))).toEqual(['replica']);
    expect(own!.totals.complaints).toBe(before + 1);
    expect((await colleague.get(ANALYSIS)).json().totals.complaints).toBe(before + 1);
  });
});
