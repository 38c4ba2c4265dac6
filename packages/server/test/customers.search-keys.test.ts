import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedScaleNetwork } from '../../../bench/seed-scale.js';
import { createCustomersRepository } from '../src/modules/customers/customers.repository.js';
import { planSearch } from '../src/modules/customers/customers.rules.js';
import type { DealerScope } from '../src/platform/scope.js';
import { type Client, createCustomer, createTestContext, createVehicle, type TestContext } from './harness.js';

// A dealer's search reads its search keys (migration 0019); the search over the network's records is
// what it replaced and what the car maker still uses. On data with the tricky cases, both must find
// the same customers, in the same order, with the same reasons and vehicles, for every query.

let ctx: TestContext;
let saA: Client;
let saB: Client;
/** The day the open campaigns are read for: any day serves, both queries read it alike. */
const TODAY = '2026-06-01';
const texts = new Set<string>();

beforeAll(async () => {
  ctx = await createTestContext();
  saA = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['service_advisor'] });
  saB = await ctx.loginAs({ dealerId: ctx.network.dealerB, roles: ['service_advisor'] });
  const remember = (...values: string[]) => {
    for (const v of values) texts.add(v);
  };

  // Customers: shared name prefixes, the same mobile tail at both dealers, Latin names in two cases.
  const wangWei = await createCustomer(saA, { name: '王伟', mobile: '13900001234' });
  const wangWeiMing = await createCustomer(saA, { name: '王伟明', mobile: '13900005678' });
  const wangFang = await createCustomer(saA, { name: '王芳', mobile: '13700002468' });
  const liLei = await createCustomer(saA, { name: 'Li Lei', mobile: '13600001357' });
  const liLeiLower = await createCustomer(saA, { name: 'li lei', mobile: '13600007531' });
  const company = await createCustomer(saA, { name: '远航物流有限公司', mobile: '13500009999', kind: 'company' });
  const wangWeiB = await createCustomer(saB, { name: '王伟', mobile: '13800001234' });
  const zhangSan = await createCustomer(saB, { name: '张三', mobile: '13800004321' });
  const userAtB = await createCustomer(saB, { name: '赵用车', mobile: '13800002345' });
  for (const c of [wangWei, wangWeiMing, wangFang, liLei, liLeiLower, company, wangWeiB, zhangSan, userAtB]) remember(c.name, c.mobile);

  // Vehicles: the same plate fragment at both dealers, an owner and a different user, a new-energy plate.
  const v1 = await createVehicle(saA, wangWei.id, { plate: '京A12345' });
  const v2 = await createVehicle(saA, wangFang.id, { plate: '京A12345D', userId: wangWeiMing.id });
  const v3 = await createVehicle(saA, company.id, { plate: '京AD23456', userId: liLei.id });
  const v4 = await createVehicle(saB, zhangSan.id, { plate: '沪B12345' });
  const v5 = await createVehicle(saB, wangWeiB.id, { plate: '粤B2345X', userId: userAtB.id });
  const v6 = await createVehicle(saB, userAtB.id, { plate: '沪A00123' });
  for (const v of [v1, v2, v3, v4, v5, v6]) remember(v.plate, v.vin);

  // A vehicle linked to two dealers: dealer B looks dealer A's car up by its VIN (and gets its owner).
  expect((await saB.post('/api/v1/vehicles/lookup', { vin: v1.vin })).statusCode).toBe(200);

  // Changes to what is searchable: a mobile, a name, a plate, an owner (the car sold), a user removed.
  const patch = async (client: Client, url: string, body: Record<string, unknown>) => {
    const response = await client.patch(url, body);
    expect(response.statusCode, response.body).toBe(200);
  };
  await patch(saA, `/api/v1/customers/${wangFang.id}`, { version: 1, mobile: '13700008642' });
  await patch(saA, `/api/v1/customers/${wangWeiMing.id}`, { version: 1, name: '王明' });
  await patch(saA, `/api/v1/vehicles/${v2.id}`, { version: 1, plate: '京A54321' });
  await patch(saA, `/api/v1/vehicles/${v3.id}`, { version: 1, ownerId: liLeiLower.id, userId: null });
  await patch(saB, `/api/v1/vehicles/${v5.id}`, { version: 1, ownerId: userAtB.id });
  remember('13700008642', '王明', '京A54321');

  // Links written in bulk, as an import or a generator writes them: two of A's cars and a customer to B.
  await sql`insert into dealer_vehicles (dealer_id, vehicle_id, source) values
    (${ctx.network.dealerB}, ${v2.id}, 'import'), (${ctx.network.dealerB}, ${v3.id}, 'import')`.execute(ctx.db);
  await sql`insert into dealer_customers (dealer_id, customer_id, source) values (${ctx.network.dealerB}, ${liLei.id}, 'import')`.execute(
    ctx.db,
  );
}, 120_000);

afterAll(async () => {
  await ctx?.close();
});

/** The stored search keys are those the migration's fill would compute from the records now. */
async function expectKeysRecomputed() {
  const stored = await sql<{ row: string }>`
      select concat_ws('|', dealer_id, kind, key, customer_id, vehicle_id) as row from customer_search_keys order by 1`.execute(ctx.db);
  const recomputed = await sql<{ row: string }>`
      select concat_ws('|', dealer_id, kind, key, customer_id, vehicle_id) as row from (
        select l.dealer_id, k.kind, k.key, c.id as customer_id, null::uuid as vehicle_id
        from dealer_customers l join customers c on c.id = l.customer_id cross join lateral customer_search_key_texts(c.name, c.mobile) k
        union all
        select l.dealer_id, k.kind, k.key, p.customer_id, v.id
        from dealer_vehicles l join vehicles v on v.id = l.vehicle_id
        cross join lateral (values (v.owner_id), (nullif(v.user_id, v.owner_id))) p(customer_id)
        cross join lateral vehicle_search_key_texts(v.plate_key, v.vin) k
        where p.customer_id is not null
      ) r order by 1`.execute(ctx.db);
  expect(stored.rows.length).toBeGreaterThan(50);
  expect(stored.rows).toEqual(recomputed.rows);
}

/** Every query a user could type about the texts above: whole, parts, tails, other widths and cases. */
function queries(): string[] {
  const out = new Set<string>(['1234', '2345', '12345', '345', '京A', '京a', 'A1', '沪', '王', '王伟', 'Li', 'li', 'L', '不存在', '0000']);
  for (const t of texts) {
    const chars = [...t];
    out.add(t);
    out.add(t.toLowerCase());
    // full-width forms of the ASCII characters (NFKC brings them back)
    out.add(t.replace(/[A-Za-z0-9]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)));
    for (let i = 1; i <= chars.length; i++) out.add(chars.slice(0, i).join(''));
    for (let i = 0; i < chars.length; i++) for (let j = i + 3; j <= chars.length; j++) out.add(chars.slice(i, j).join(''));
    if (/^1\d{10}$/.test(t)) out.add(`${t.slice(0, 3)} ${t.slice(3, 7)} ${t.slice(7)}`);
    if (t.length === 17) out.add(t.slice(-6).toLowerCase());
    if (/^[\u3400-\u9fff][A-Z]/.test(t)) out.add(`${t.slice(0, 2)}·${t.slice(2)}`);
  }
  return [...out];
}

describe("a dealer's search through its search keys", () => {
  it('finds what the search over the records finds, in the same order, for every query at both dealers', async () => {
    const repo = createCustomersRepository(ctx.db);
    const all = queries();
    let compared = 0;
    let found = 0;
    for (const dealerId of [ctx.network.dealerA, ctx.network.dealerB]) {
      const scope: DealerScope = { kind: 'dealer', networkId: ctx.network.networkId, dealerId };
      for (const q of all) {
        const plan = planSearch(q);
        const before = repo.searchByRecordsQuery(scope, plan, 200, TODAY);
        const after = repo.searchByKeysQuery(scope, plan, 200, TODAY);
        expect(after === null, q).toBe(before === null);
        if (!before || !after) continue;
        const [expected, actual] = [(await before.execute(ctx.db)).rows, (await after.execute(ctx.db)).rows];
        expect(actual, `"${q}" at ${dealerId === ctx.network.dealerA ? 'A' : 'B'}`).toEqual(expected);
        compared++;
        if (expected.length > 0) found++;
      }
    }
    expect(compared).toBeGreaterThan(400);
    expect(found).toBeGreaterThan(200);
  });

  it('are exactly what the records give after every kind of write', async () => {
    await expectKeysRecomputed();
  });

  it('forgets a link that is removed', async () => {
    const before = await sql<{
      n: number;
    }>`select count(*)::int as n from customer_search_keys where dealer_id = ${ctx.network.dealerB}`.execute(ctx.db);
    const removed = await sql<{ vehicle_id: string }>`
      delete from dealer_vehicles where dealer_id = ${ctx.network.dealerB} and source = 'import' returning vehicle_id`.execute(ctx.db);
    expect(removed.rows).toHaveLength(2);
    const left = await sql<{ n: number }>`
      select count(*)::int as n from customer_search_keys
      where dealer_id = ${ctx.network.dealerB} and vehicle_id in (${sql.join(removed.rows.map((r) => r.vehicle_id))})`.execute(ctx.db);
    expect(left.rows[0]!.n).toBe(0);
    const after = await sql<{
      n: number;
    }>`select count(*)::int as n from customer_search_keys where dealer_id = ${ctx.network.dealerB}`.execute(ctx.db);
    expect(after.rows[0]!.n).toBeLessThan(before.rows[0]!.n);
    await expectKeysRecomputed();
  });
});

describe('a bulk load that skips the triggers', () => {
  it('fills the search keys of the network it generated (the scale generator, as a superuser)', async () => {
    const result = await seedScaleNetwork(ctx.db, { vehicles: 300, dealers: 3, log: () => {} });
    const keys = await sql<{ n: number }>`
      select count(*)::int as n from customer_search_keys where dealer_id in (select id from dealers where network_id = ${result.networkId})`.execute(
      ctx.db,
    );
    expect(keys.rows[0]!.n).toBeGreaterThan(300);
    await expectKeysRecomputed();
  }, 120_000);
});
