import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createCustomer, createTestContext, createVehicle, type TestContext } from './harness.js';

let ctx: TestContext;
let sa: Client;

beforeAll(async () => {
  ctx = await createTestContext();
  sa = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['service_advisor'] });
});
afterAll(() => ctx.close());

const count = async (table: 'customers' | 'audit_log' | 'timeline_events' | 'dealer_customers') =>
  Number(
    (
      await ctx.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('creating a customer', () => {
  it('creates the customer, links it to the dealer, audits and records the timeline in one go', async () => {
    const response = await sa.post('/api/v1/customers', {
      name: '李娜',
      mobile: '+86 138-0013-8000',
      consent: { sms: true, phone: true, email: false, wechat: true },
    });
    expect(response.statusCode).toBe(201);
    const customer = response.json();
    expect(customer).toMatchObject({ name: '李娜', mobile: '13800138000', version: 1, consent: { wechat: true } });

    const audit = await ctx.db.selectFrom('audit_log').selectAll().where('entity_id', '=', customer.id).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'customer.created', actor_user_id: sa.user.id, dealer_id: ctx.network.dealerA });

    const timeline = await sa.get(`/api/v1/customers/${customer.id}/timeline`);
    expect(timeline.json().items.map((e: { kind: string }) => e.kind)).toEqual(['customer.created']);
  });

  it('refuses bad input with problem+json naming each field, and writes nothing', async () => {
    const before = await Promise.all([count('customers'), count('audit_log'), count('timeline_events')]);
    const response = await sa.post('/api/v1/customers', { name: '', mobile: '12345', email: 'not-an-email' });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    const problem = response.json();
    expect(problem.code).toBe('validation_failed');
    expect(problem.errors.map((e: { field: string }) => e.field).sort()).toEqual(['email', 'mobile', 'name']);
    expect(problem.errors.find((e: { field: string }) => e.field === 'mobile').code).toBe('invalid_mobile');
    expect(await Promise.all([count('customers'), count('audit_log'), count('timeline_events')])).toEqual(before);
  });

  it('refuses a second customer with the same mobile', async () => {
    const first = await createCustomer(sa);
    const response = await sa.post('/api/v1/customers', { name: '张三', mobile: first.mobile });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ code: 'mobile_taken', errors: [{ field: 'mobile' }] });
  });

  it('creates one customer when the same request is retried with the same Idempotency-Key', async () => {
    const before = await count('customers');
    const body = { name: '赵敏', mobile: '13712345678' };
    const first = await sa.post('/api/v1/customers', body, { 'idempotency-key': 'retry-1' });
    const second = await sa.post('/api/v1/customers', body, { 'idempotency-key': 'retry-1' });
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.json().id).toBe(first.json().id);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(await count('customers')).toBe(before + 1);

    const other = await sa.post('/api/v1/customers', { ...body, name: '别人' }, { 'idempotency-key': 'retry-1' });
    expect(other.statusCode).toBe(422);
    expect(other.json().code).toBe('idempotency_key_reused');
  });

  it('creates one customer when the same request races itself with one Idempotency-Key', async () => {
    const before = await count('customers');
    const body = { name: '并发', mobile: '13755556666' };
    const responses = await Promise.all(
      Array.from({ length: 8 }, () => sa.post('/api/v1/customers', body, { 'idempotency-key': 'race-1' })),
    );
    expect(responses.map((r) => r.statusCode)).toEqual(Array(8).fill(201));
    expect(new Set(responses.map((r) => r.json().id)).size).toBe(1);
    expect(await count('customers')).toBe(before + 1);
  });
});

describe('editing a customer', () => {
  it('applies an edit at the current version and refuses a stale one with 409', async () => {
    const customer = await createCustomer(sa, { name: '陈静' });
    const first = await sa.patch(`/api/v1/customers/${customer.id}`, {
      version: 1,
      city: '北京',
      consent: { sms: false, phone: true, email: false, wechat: false },
    });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ version: 2, city: '北京', consent: { sms: false } });

    const stale = await sa.patch(`/api/v1/customers/${customer.id}`, { version: 1, city: '上海' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'version_conflict', currentVersion: 2 });
    expect((await sa.get(`/api/v1/customers/${customer.id}`)).json().city).toBe('北京');

    const kinds = (await sa.get(`/api/v1/customers/${customer.id}/timeline`)).json().items.map((e: { kind: string }) => e.kind);
    expect(kinds).toEqual(['customer.consent_changed', 'customer.created']);
    const audit = await ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_id', '=', customer.id)
      .where('action', '=', 'customer.updated')
      .executeTakeFirstOrThrow();
    expect(audit.before).toMatchObject({ city: null });
    expect(audit.after).toMatchObject({ city: '北京' });
  });

  it('changes only the fields sent: no defaults fill in the rest, and an unchanged consent is not a consent change', async () => {
    const customer = await createCustomer(sa, {
      gender: 'female',
      kind: 'company',
      consent: { sms: false, phone: true, email: true, wechat: false },
    });
    const edited = await sa.patch(`/api/v1/customers/${customer.id}`, { version: 1, notes: '只改备注' });
    expect(edited.json()).toMatchObject({
      version: 2,
      notes: '只改备注',
      gender: 'female',
      kind: 'company',
      consent: { sms: false, phone: true, email: true, wechat: false },
    });

    const sameConsent = await sa.patch(`/api/v1/customers/${customer.id}`, {
      version: 2,
      consent: { wechat: false, email: true, phone: true, sms: false },
    });
    expect(sameConsent.json().version).toBe(2);
    const kinds = (await sa.get(`/api/v1/customers/${customer.id}/timeline`)).json().items.map((e: { kind: string }) => e.kind);
    expect(kinds).toEqual(['customer.updated', 'customer.created']);
  });

  it('lets exactly one of two concurrent edits from the same version win', async () => {
    const customer = await createCustomer(sa);
    const results = await Promise.all([
      sa.patch(`/api/v1/customers/${customer.id}`, { version: 1, notes: 'A' }),
      sa.patch(`/api/v1/customers/${customer.id}`, { version: 1, notes: 'B' }),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
  });
});

describe('searching customers', () => {
  let owner: { id: string; mobile: string };
  let vehicle: { vin: string; plate: string };

  beforeAll(async () => {
    owner = await createCustomer(sa, { name: '欧阳锋', mobile: '13698765432' });
    vehicle = await createVehicle(sa, owner.id, { plate: '粤B·D12345' });
  });

  const searchIds = async (q: string) =>
    (await sa.get(`/api/v1/customers/search?q=${encodeURIComponent(q)}`)).json().items.map((c: { id: string }) => c.id);

  it.each([
    ['name', '欧阳'],
    ['full mobile', '13698765432'],
    ['mobile last 4', '5432'],
    ['full plate with dot', '粤B·D12345'],
    ['partial plate', 'D123'],
    ['plate lower case without dot', '粤bd12345'],
    ['full-width plate', '粤Ｂ·Ｄ１２３４５'],
    ['plate with a space', '粤B D12345'],
  ])('finds the customer by %s', async (_label, q) => {
    expect(await searchIds(q)).toContain(owner.id);
  });

  it('finds the customer by full VIN and by its last 6', async () => {
    expect(await searchIds(vehicle.vin)).toContain(owner.id);
    expect(await searchIds(vehicle.vin.slice(-6).toLowerCase())).toContain(owner.id);
  });

  it('says why each result matched and lists the vehicles', async () => {
    const items = (await sa.get('/api/v1/customers/search?q=5432')).json().items;
    const hit = items.find((c: { id: string }) => c.id === owner.id);
    expect(hit.matchedBy).toContain('mobile_last4');
    expect(hit.vehicles[0].plate).toBe('粤B·D12345');
  });

  it('returns nothing for an empty or unmatched query', async () => {
    expect(await searchIds('  ')).toEqual([]);
    expect(await searchIds('不存在的人')).toEqual([]);
  });
});
