import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../src/platform/ids.js';
import { sha256 } from '../src/platform/passwords.js';
import { type Client, createCustomer, createTestContext, createVehicle, type TestContext } from './harness.js';

// Additional work (增修项目, domain.md §4). Friday 2026-11-20 10:00 in Shanghai.
let ctx: TestContext;
let sa: Client;
let tech: Client;
let brakeOpId: string;
let padsId: string;
let packageId: string;
const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const HAZARD = '存在安全隐患，强烈建议更换';

type Item = { id: string; status: string; amount: { netFen: number }; lineId: string | null; description: string };
type Order = {
  id: string;
  version: number;
  status: string;
  lines: { id: string; position: number; description: string; amount: { netFen: number } }[];
  totals: { totalFen: number; customerPayableFen: number };
};

async function catalogue(dealerId: string) {
  const oil = newId();
  const change = newId();
  brakeOpId = newId();
  padsId = newId();
  packageId = newId();
  await ctx.db
    .insertInto('parts')
    .values([
      { dealer_id: dealerId, id: oil, part_number: 'OIL-4L', name: '机油 4L', price_fen: 36800, stock_quantity: 10 },
      { dealer_id: dealerId, id: padsId, part_number: 'BP-F', name: '前刹车片', price_fen: 48000, stock_quantity: 2 },
    ])
    .execute();
  await ctx.db
    .insertInto('labour_operations')
    .values([
      { dealer_id: dealerId, id: change, code: 'L-OIL', name: '更换机油机滤', flat_rate_hours: 0.5 },
      { dealer_id: dealerId, id: brakeOpId, code: 'L-BRK', name: '更换前刹车片', flat_rate_hours: 1.2 },
    ])
    .execute();
  await ctx.db
    .insertInto('maintenance_packages')
    .values({ dealer_id: dealerId, id: packageId, code: 'PKG-5000', name: '5000公里保养', model_id: null, interval_km: 5000 })
    .execute();
  await ctx.db
    .insertInto('maintenance_package_items')
    .values([
      { dealer_id: dealerId, id: newId(), package_id: packageId, kind: 'labour', labour_operation_id: change, part_id: null, quantity: 1 },
      { dealer_id: dealerId, id: newId(), package_id: packageId, kind: 'parts', labour_operation_id: null, part_id: oil, quantity: 1 },
    ])
    .execute();
}

async function walkInVisit(client: Client = sa, vehicleId?: string) {
  let vehicle: { id: string; plate: string };
  if (vehicleId) {
    vehicle = (await client.get(`/api/v1/vehicles/${vehicleId}`)).json();
  } else {
    const customer = await createCustomer(client, { name: '王建国' });
    vehicle = await createVehicle(client, customer.id);
  }
  const response = await client.post('/api/v1/visits', { vehicleId: vehicle.id });
  expect(response.statusCode).toBe(201);
  return { visit: response.json(), vehicle };
}

/** A signed (authorised) repair order: additional work is raised on it. */
async function authorisedOrder(
  options: { client?: Client; vehicleId?: string; withPackage?: boolean } = {},
): Promise<{ ro: Order; vehicleId: string }> {
  const client = options.client ?? sa;
  const { visit, vehicle } = await walkInVisit(client, options.vehicleId);
  const created = await client.post('/api/v1/repair-orders', {
    visitId: visit.id,
    concerns: '机油灯亮了，刹车有异响',
    promisedAt: '2026-11-20T17:00:00+08:00',
    packageIds: options.withPackage === false ? [] : [packageId],
    lines: options.withPackage === false ? [{ kind: 'labour', description: '全车检查', hours: 0.5, payType: 'customer' }] : [],
  });
  expect(created.statusCode).toBe(201);
  const signed = await client.post(`/api/v1/repair-orders/${created.json().id}/authorise`, {
    version: created.json().version,
    signaturePng: PNG,
  });
  expect(signed.statusCode).toBe(200);
  return { ro: signed.json(), vehicleId: vehicle.id };
}

const padsItem = (overrides: Record<string, unknown> = {}) => ({
  kind: 'parts',
  partId: padsId,
  quantity: 1,
  reason: '前刹车片剩余 2mm，低于安全标准',
  safety: true,
  photos: ['uploads/ro/pads-front-left.jpg', 'https://img.example.com/pads-front-right.jpg'],
  ...overrides,
});

async function raise(ro: Order, body: Record<string, unknown> = padsItem(), client: Client = tech): Promise<Item> {
  const response = await client.post(`/api/v1/repair-orders/${ro.id}/additional-items`, body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

const getOrder = async (id: string): Promise<Order> => (await sa.get(`/api/v1/repair-orders/${id}`)).json();

/** Sends the approval link and returns the token, read from the SMS in the outbox. */
async function sendLink(itemId: string, locale: 'zh-CN' | 'en' = 'zh-CN') {
  const response = await sa.post(`/api/v1/additional-items/${itemId}/send-link`, { locale });
  expect(response.statusCode, response.body).toBe(202);
  const message = await ctx.db
    .selectFrom('outbox_messages')
    .selectAll()
    .where('dedupe_key', 'like', `additional_item:${itemId}:%`)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  const token = /http:\/\/sb\.test\/approve\/([A-Za-z0-9_-]+\/[A-Za-z0-9_-]+)/.exec(message.body)![1]!;
  return { token, message, sent: response.json() };
}

const publicGet = (token: string) => ctx.app.inject({ method: 'GET', url: `/api/v1/public/approvals/${token}` });
const publicDecide = (token: string, payload: Record<string, unknown>) =>
  ctx.app.inject({ method: 'POST', url: `/api/v1/public/approvals/${token}/decision`, payload });

beforeAll(async () => {
  ctx = await createTestContext({ now: '2026-11-20T02:00:00Z' });
  await catalogue(ctx.network.dealerA);
  sa = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['service_advisor'] });
  tech = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['technician'] });
});
afterAll(() => ctx.close());

describe('raising additional work', () => {
  it('is done by a technician with price, reason and photos, and adds nothing to the bill', async () => {
    const { ro } = await authorisedOrder();
    const item = await raise(ro);
    expect(item).toMatchObject({
      repairOrderId: ro.id,
      kind: 'parts',
      code: 'BP-F',
      description: '前刹车片',
      reason: '前刹车片剩余 2mm，低于安全标准',
      payType: 'customer',
      amount: { grossFen: 48000, discountFen: 0, netFen: 48000 },
      safety: true,
      photos: ['uploads/ro/pads-front-left.jpg', 'https://img.example.com/pads-front-right.jpg'],
      status: 'pending',
      decidedAt: null,
      lineId: null,
      raisedBy: { id: tech.user.id },
    });
    const after = await getOrder(ro.id);
    expect(after.totals).toEqual(ro.totals);
    expect(after.lines).toHaveLength(ro.lines.length);
    const list = (await tech.get(`/api/v1/repair-orders/${ro.id}/additional-items`)).json().items;
    expect(list.map((i: Item) => i.id)).toEqual([item.id]);
    const audit = await ctx.db.selectFrom('audit_log').select(['action', 'actor_user_id']).where('entity_id', '=', item.id).execute();
    expect(audit).toEqual([{ action: 'additional_item.raised', actor_user_id: tech.user.id }]);
  });

  it('prices labour from the catalogue at the dealer rate, or from described hours', async () => {
    const { ro } = await authorisedOrder();
    const catalogued = await raise(ro, { kind: 'labour', labourOperationId: brakeOpId, reason: '刹车片更换工时' });
    expect(catalogued).toMatchObject({
      code: 'L-BRK',
      description: '更换前刹车片',
      hours: 1.2,
      hourlyRateFen: 18000,
      amount: { netFen: 21600 },
    });
    const described = await raise(ro, { kind: 'labour', description: '清洗节气门', hours: 0.4, reason: '怠速抖动', photos: [] }, sa);
    expect(described).toMatchObject({ code: null, hours: 0.4, amount: { netFen: 7200 }, safety: false });
  });

  it('replays the same Idempotency-Key instead of raising twice', async () => {
    const { ro } = await authorisedOrder();
    const key = { 'idempotency-key': `raise-${ro.id}` };
    const first = await tech.post(`/api/v1/repair-orders/${ro.id}/additional-items`, padsItem(), key);
    const second = await tech.post(`/api/v1/repair-orders/${ro.id}/additional-items`, padsItem(), key);
    expect([first.statusCode, second.statusCode]).toEqual([201, 201]);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.json().id).toBe(first.json().id);
    expect((await sa.get(`/api/v1/repair-orders/${ro.id}/additional-items`)).json().items).toHaveLength(1);
  });

  it.each([
    ['an unknown part', { partId: '0190a0a0-0000-7000-8000-000000000009' }, 'partId'],
    ['labour without description or hours', { kind: 'labour', partId: undefined, quantity: undefined }, 'description'],
    ['more than 10 photos', { photos: Array.from({ length: 11 }, (_, i) => `uploads/p${i}.jpg`) }, 'photos'],
    ['a photo that is not a file key or http(s) URL', { photos: ['javascript:alert(1)'] }, 'photos.0'],
    ['no reason', { reason: ' ' }, 'reason'],
  ])('is refused with %s, naming the field', async (_label, override, field) => {
    const { ro } = await authorisedOrder();
    const response = await tech.post(`/api/v1/repair-orders/${ro.id}/additional-items`, padsItem(override));
    expect(response.statusCode).toBe(400);
    expect(response.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(await ctx.db.selectFrom('additional_items').select('id').where('repair_order_id', '=', ro.id).execute()).toEqual([]);
  });

  it('is only for signed orders still in the workshop, and only by technicians and advisors', async () => {
    const { visit } = await walkInVisit();
    const open = (
      await sa.post('/api/v1/repair-orders', {
        visitId: visit.id,
        concerns: '保养',
        promisedAt: '2026-11-20T17:00:00+08:00',
        packageIds: [packageId],
      })
    ).json();
    const onOpen = await tech.post(`/api/v1/repair-orders/${open.id}/additional-items`, padsItem());
    expect(onOpen.statusCode).toBe(409);
    expect(onOpen.json().code).toBe('invalid_transition');
    const { ro } = await authorisedOrder();
    const relations = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['customer_relations'] });
    expect((await relations.post(`/api/v1/repair-orders/${ro.id}/additional-items`, padsItem())).statusCode).toBe(403);
    // Technicians raise; the advisor settles it with the customer.
    const item = await raise(ro);
    expect((await tech.post(`/api/v1/additional-items/${item.id}/decision`, { outcome: 'approved' })).statusCode).toBe(403);
    expect((await tech.post(`/api/v1/additional-items/${item.id}/send-link`, { locale: 'zh-CN' })).statusCode).toBe(403);
  });
});

describe('approval in person', () => {
  it('adds the item as the next line of the order; the totals grow by its amount', async () => {
    const { ro } = await authorisedOrder();
    const labour = await raise(ro, { kind: 'labour', labourOperationId: brakeOpId, reason: '刹车片更换工时' });
    const pads = await raise(ro);
    const approved = await sa.post(`/api/v1/additional-items/${labour.id}/decision`, { outcome: 'approved' });
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({
      status: 'approved',
      decidedVia: 'in_person',
      decidedAt: '2026-11-20T02:00:00.000Z',
      hazardWording: null,
    });
    const after = await getOrder(ro.id);
    expect(after.lines).toHaveLength(ro.lines.length + 1);
    const line = after.lines.at(-1)!;
    expect(line).toMatchObject({
      id: approved.json().lineId,
      position: Math.max(...ro.lines.map((l) => l.position)) + 1,
      description: '更换前刹车片',
      amount: { netFen: 21600 },
    });
    expect(after.totals.totalFen).toBe(ro.totals.totalFen + 21600);
    expect(after.totals.customerPayableFen).toBe(ro.totals.customerPayableFen + 21600);
    expect(after.version).toBe(ro.version + 1);
    // The pads are still pending: not billed.
    expect(
      (await sa.get(`/api/v1/repair-orders/${ro.id}/additional-items`)).json().items.find((i: Item) => i.id === pads.id),
    ).toMatchObject({ status: 'pending', lineId: null });

    const again = await sa.post(`/api/v1/additional-items/${labour.id}/decision`, { outcome: 'approved' });
    expect(again.statusCode).toBe(409);
    expect((await getOrder(ro.id)).lines).toHaveLength(ro.lines.length + 1);
    const audit = await ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', labour.id)
      .orderBy('at')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['additional_item.raised', 'additional_item.approved']);
  });

  it('is refused once the order has left the workshop, and nothing is added', async () => {
    let { ro } = await authorisedOrder();
    const item = await raise(ro);
    for (const to of ['in_progress', 'quality_check'])
      ro = (await sa.post(`/api/v1/repair-orders/${ro.id}/transitions`, { version: ro.version, to })).json();
    expect(ro.status).toBe('quality_check');
    const response = await sa.post(`/api/v1/additional-items/${item.id}/decision`, { outcome: 'approved' });
    expect(response.statusCode).toBe(409);
    const after = await getOrder(ro.id);
    expect(after.lines).toHaveLength(ro.lines.length);
    expect(after.version).toBe(ro.version);
  });
});

describe('waiting for the customer', () => {
  it('lists the items still to decide on my orders in the workshop, or the whole drive’s, and never another dealer’s', async () => {
    const { ro } = await authorisedOrder();
    const pads = await raise(ro);
    const sa2 = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['service_advisor'] });
    const waiting = async (client: Client, query = '') =>
      (await client.get(`/api/v1/additional-items/awaiting-decision${query}`)).json().items as {
        id: string;
        repairOrderNumber: string;
        plate: string;
      }[];
    const mine = await waiting(sa);
    expect(mine.find((i) => i.id === pads.id)).toMatchObject({
      repairOrderNumber: ((await getOrder(ro.id)) as unknown as { number: string }).number,
      safety: true,
      raisedAt: '2026-11-20T02:00:00.000Z',
    });
    expect((await waiting(sa2)).some((i) => i.id === pads.id)).toBe(false);
    expect((await waiting(sa2, '?mine=false')).some((i) => i.id === pads.id)).toBe(true);
    const other = await ctx.loginAs({ dealerId: ctx.network.dealerB, roles: ['service_advisor'] });
    expect(await waiting(other, '?mine=false')).toEqual([]);
    expect((await other.get('/api/v1/additional-items/awaiting-decision?mine=maybe')).statusCode).toBe(400);
    // Once decided it is no longer waiting.
    await sa.post(`/api/v1/additional-items/${pads.id}/decision`, { outcome: 'approved' });
    expect((await waiting(sa)).some((i) => i.id === pads.id)).toBe(false);
  });
});

describe('declining', () => {
  it('a safety item needs the hazard wording and the customer’s signature, naming the missing field', async () => {
    const { ro } = await authorisedOrder();
    const item = await raise(ro);
    const noWording = await sa.post(`/api/v1/additional-items/${item.id}/decision`, { outcome: 'declined', signaturePng: PNG });
    expect(noWording.statusCode).toBe(400);
    expect(noWording.json().errors[0]).toMatchObject({ field: 'hazardWording', code: 'hazard_wording_required' });
    const noSignature = await sa.post(`/api/v1/additional-items/${item.id}/decision`, { outcome: 'declined', hazardWording: HAZARD });
    expect(noSignature.statusCode).toBe(400);
    expect(noSignature.json().errors[0]).toMatchObject({ field: 'signaturePng', code: 'signature_required' });
    const badSignature = await sa.post(`/api/v1/additional-items/${item.id}/decision`, {
      outcome: 'declined',
      hazardWording: HAZARD,
      signaturePng: 'not-a-png',
    });
    expect(badSignature.statusCode).toBe(400);
    expect(badSignature.json().errors[0].field).toBe('signaturePng');
    expect((await ctx.db.selectFrom('additional_items').select('status').where('id', '=', item.id).executeTakeFirstOrThrow()).status).toBe(
      'pending',
    );

    const declined = await sa.post(`/api/v1/additional-items/${item.id}/decision`, {
      outcome: 'declined',
      hazardWording: HAZARD,
      signaturePng: PNG,
    });
    expect(declined.statusCode).toBe(200);
    expect(declined.json()).toMatchObject({
      status: 'declined',
      decidedVia: 'in_person',
      hazardWording: HAZARD,
      customerSigned: true,
      lineId: null,
    });
    const stored = await ctx.db
      .selectFrom('additional_items')
      .select('customer_signature_png')
      .where('id', '=', item.id)
      .executeTakeFirstOrThrow();
    expect(stored.customer_signature_png).toBe(PNG);
    // Never billable: no line, the totals unchanged, and it cannot be approved afterwards.
    expect((await getOrder(ro.id)).totals).toEqual(ro.totals);
    expect((await sa.post(`/api/v1/additional-items/${item.id}/decision`, { outcome: 'approved' })).statusCode).toBe(409);
    expect((await getOrder(ro.id)).lines).toHaveLength(ro.lines.length);
  });

  it('an ordinary recommendation is declined without further ado', async () => {
    const { ro } = await authorisedOrder();
    const item = await raise(ro, { kind: 'labour', description: '空调清洗', hours: 0.5, reason: '空调有异味' });
    const declined = await sa.post(`/api/v1/additional-items/${item.id}/decision`, { outcome: 'declined' });
    expect(declined.statusCode).toBe(200);
    expect(declined.json()).toMatchObject({ status: 'declined', hazardWording: null, customerSigned: false });
  });
});

describe('approval from the SMS link', () => {
  it('texts the customer a one-use link with the price; the page shows the item; the customer approves once', async () => {
    const { ro, vehicleId } = await authorisedOrder();
    const item = await raise(ro);
    const { token, message, sent } = await sendLink(item.id);
    const customer = (await getOrder(ro.id)) as unknown as { customer: { id: string; mobile: string } };
    expect(message).toMatchObject({
      channel: 'sms',
      template: 'repair_order.additional_work',
      recipient: customer.customer.mobile,
      customer_id: customer.customer.id,
      dealer_id: ctx.network.dealerA,
    });
    expect(message.body).toContain('480.00');
    expect(message.body).toContain(`http://sb.test/approve/${token}`);
    expect(message.body).toContain('24小时');
    expect(sent).toMatchObject({
      expiresAt: '2026-11-21T02:00:00.000Z',
      recipient: `${customer.customer.mobile.slice(0, 3)}****${customer.customer.mobile.slice(7)}`,
      item: { id: item.id, linkExpiresAt: '2026-11-21T02:00:00.000Z' },
    });
    // Only the hash of the token is kept with the item.
    const stored = await ctx.db
      .selectFrom('additional_items')
      .select(['token_hash', 'token_expires_at'])
      .where('id', '=', item.id)
      .executeTakeFirstOrThrow();
    expect(stored.token_hash).toBe(sha256(token.split('/')[1]!));

    const page = await publicGet(token);
    expect(page.statusCode).toBe(200);
    const vehicle = (await sa.get(`/api/v1/vehicles/${vehicleId}`)).json();
    expect(page.json()).toEqual({
      dealer: { name: '甲店' },
      plate: expect.stringMatching(/^京A·\*+\d{2}$/),
      kind: 'parts',
      description: '前刹车片',
      reason: '前刹车片剩余 2mm，低于安全标准',
      amount: { grossFen: 48000, discountFen: 0, netFen: 48000 },
      customerPaysFen: 48000,
      payType: 'customer',
      safety: true,
      photos: ['uploads/ro/pads-front-left.jpg', 'https://img.example.com/pads-front-right.jpg'],
      status: 'pending',
      decidedAt: null,
      expiresAt: '2026-11-21T02:00:00.000Z',
    });
    expect(page.body).not.toContain(customer.customer.mobile);
    expect(page.body).not.toContain('王建国');
    expect(page.body).not.toContain(vehicle.vin);

    const approved = await publicDecide(token, { outcome: 'approved' });
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'approved', decidedAt: '2026-11-20T02:00:00.000Z' });
    const after = await getOrder(ro.id);
    expect(after.totals.totalFen).toBe(ro.totals.totalFen + 48000);
    expect((await sa.get(`/api/v1/repair-orders/${ro.id}/additional-items`)).json().items[0]).toMatchObject({
      status: 'approved',
      decidedVia: 'link',
      linkExpiresAt: null,
    });
    const audit = await ctx.db
      .selectFrom('audit_log')
      .select(['action', 'actor_user_id'])
      .where('entity_id', '=', item.id)
      .orderBy('at')
      .orderBy('id')
      .execute();
    expect(audit).toEqual([
      { action: 'additional_item.raised', actor_user_id: tech.user.id },
      { action: 'additional_item.link_sent', actor_user_id: sa.user.id },
      { action: 'additional_item.approved', actor_user_id: null },
    ]);

    // Used: the page and a second answer are gone, and nothing more is billed.
    const reopened = await publicGet(token);
    expect(reopened.statusCode).toBe(410);
    expect(reopened.json().code).toBe('link_expired');
    const reused = await publicDecide(token, { outcome: 'approved' });
    expect(reused.statusCode).toBe(410);
    expect((await getOrder(ro.id)).lines).toHaveLength(after.lines.length);
    // A decided item gets no new link.
    expect((await sa.post(`/api/v1/additional-items/${item.id}/send-link`, { locale: 'zh-CN' })).statusCode).toBe(409);
  });

  it('sends the English text when asked', async () => {
    const { ro } = await authorisedOrder();
    const item = await raise(ro, { kind: 'labour', description: 'Throttle body cleaning', hours: 0.5, reason: 'rough idle' });
    const { message } = await sendLink(item.id, 'en');
    expect(message.body).toMatch(
      /^\[甲店\] While working on .+ we found additional work: Throttle body cleaning, 90\.00 yuan\. .*http:\/\/sb\.test\/approve\/\S+ \(valid 24 hours\)\.$/,
    );
  });

  it('expires after 24 hours (410), and a new link replaces the old one', async () => {
    const start = ctx.clock.now();
    try {
      const { ro } = await authorisedOrder();
      const item = await raise(ro);
      const first = await sendLink(item.id);
      ctx.clock.advance(25 * 3_600_000);
      expect((await publicGet(first.token)).statusCode).toBe(410);
      const late = await publicDecide(first.token, { outcome: 'approved' });
      expect(late.statusCode).toBe(410);
      expect(late.json().code).toBe('link_expired');
      // A day later the advisor (on a new session) sees the item still pending, with no live link, and nothing billed.
      const nextDay = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['service_advisor'] });
      expect((await nextDay.get(`/api/v1/repair-orders/${ro.id}/additional-items`)).json().items[0]).toMatchObject({
        status: 'pending',
        linkExpiresAt: null,
      });
      expect((await nextDay.get(`/api/v1/repair-orders/${ro.id}`)).json().totals).toEqual(ro.totals);

      ctx.clock.set(start);
      const second = await sendLink(item.id);
      expect(second.token).not.toBe(first.token);
      expect((await publicGet(second.token)).statusCode).toBe(200);
      expect((await publicGet(first.token)).statusCode).toBe(404);
    } finally {
      ctx.clock.set(start);
    }
  });

  it('a declined safety item needs the wording and signature from the page too; a refused answer does not spend the link', async () => {
    const { ro } = await authorisedOrder();
    const item = await raise(ro);
    const { token } = await sendLink(item.id);
    const unsigned = await publicDecide(token, { outcome: 'declined', hazardWording: HAZARD });
    expect(unsigned.statusCode).toBe(400);
    expect(unsigned.json().errors[0]).toMatchObject({ field: 'signaturePng', code: 'signature_required' });
    expect((await publicGet(token)).statusCode).toBe(200);
    const declined = await publicDecide(token, { outcome: 'declined', hazardWording: HAZARD, signaturePng: PNG });
    expect(declined.statusCode).toBe(200);
    expect(declined.json().status).toBe('declined');
    expect((await sa.get(`/api/v1/repair-orders/${ro.id}/additional-items`)).json().items[0]).toMatchObject({
      status: 'declined',
      decidedVia: 'link',
      hazardWording: HAZARD,
      customerSigned: true,
      lineId: null,
    });
    expect((await getOrder(ro.id)).totals).toEqual(ro.totals);
  });

  it('of two answers sent at once, exactly one counts', async () => {
    const { ro } = await authorisedOrder();
    const item = await raise(ro);
    const { token } = await sendLink(item.id);
    const results = await Promise.all([publicDecide(token, { outcome: 'approved' }), publicDecide(token, { outcome: 'approved' })]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 410]);
    expect((await getOrder(ro.id)).lines).toHaveLength(ro.lines.length + 1);
  });

  it('answers 404 for an unknown token and 400 for a malformed one', async () => {
    expect((await publicGet(`A01/${'x'.repeat(43)}`)).statusCode).toBe(404);
    expect((await publicGet('x'.repeat(43))).statusCode).toBe(404);
    expect((await publicGet('short')).statusCode).toBe(400);
  });
});

describe('declined recommendations', () => {
  it('are shown again at the vehicle’s next visit, newest first, with the hazard wording', async () => {
    const start = ctx.clock.now();
    try {
      const { ro, vehicleId } = await authorisedOrder();
      const pads = await raise(ro);
      const aircon = await raise(ro, { kind: 'labour', description: '空调清洗', hours: 0.5, reason: '空调有异味' });
      const wipers = await raise(ro, { kind: 'labour', description: '更换雨刮', hours: 0.2, reason: '雨刮老化' });
      const pending = await raise(ro, { kind: 'labour', description: '四轮定位', hours: 1, reason: '跑偏' });
      expect(
        (await sa.post(`/api/v1/additional-items/${pads.id}/decision`, { outcome: 'declined', hazardWording: HAZARD, signaturePng: PNG }))
          .statusCode,
      ).toBe(200);
      ctx.clock.advance(60_000);
      expect((await sa.post(`/api/v1/additional-items/${aircon.id}/decision`, { outcome: 'declined' })).statusCode).toBe(200);
      expect((await sa.post(`/api/v1/additional-items/${wipers.id}/decision`, { outcome: 'approved' })).statusCode).toBe(200);

      // The next visit of the same car: a new visit and repair order. The first visit has ended
      // (one open visit per vehicle), as it does at delivery.
      await ctx.db
        .updateTable('visits')
        .set({ status: 'closed' })
        .where('vehicle_id', '=', vehicleId)
        .where('status', '=', 'open')
        .execute();
      ctx.clock.advance(60 * 60_000);
      const next = await authorisedOrder({ vehicleId });
      expect(next.ro.id).not.toBe(ro.id);
      const response = await sa.get(`/api/v1/vehicles/${vehicleId}/declined-recommendations`);
      expect(response.statusCode).toBe(200);
      const items = response.json().items;
      expect(items.map((i: Item) => i.id)).toEqual([aircon.id, pads.id]);
      expect(items[1]).toMatchObject({
        repairOrderId: ro.id,
        repairOrderNumber: ((await getOrder(ro.id)) as unknown as { number: string }).number,
        safety: true,
        hazardWording: HAZARD,
        customerSigned: true,
        status: 'declined',
      });
      expect(items.map((i: Item) => i.id)).not.toContain(pending.id);
      expect(items.map((i: Item) => i.id)).not.toContain(wipers.id);
      // The technician at the next visit sees them too.
      expect((await tech.get(`/api/v1/vehicles/${vehicleId}/declined-recommendations`)).json().items).toHaveLength(2);
    } finally {
      ctx.clock.set(start);
    }
  });
});

describe('tenant isolation', () => {
  it("another dealer's advisor gets 404 on every staff endpoint for this item, and nothing changes", async () => {
    const { ro, vehicleId } = await authorisedOrder();
    const item = await raise(ro);
    const declined = await raise(ro, { kind: 'labour', description: '空调清洗', hours: 0.5, reason: '空调有异味' });
    await sa.post(`/api/v1/additional-items/${declined.id}/decision`, { outcome: 'declined' });
    const other = await ctx.loginAs({ dealerId: ctx.network.dealerB, roles: ['service_advisor', 'service_manager'] });
    const otherTech = await ctx.loginAs({ dealerId: ctx.network.dealerB, roles: ['technician'] });
    const responses = [
      await other.post(`/api/v1/repair-orders/${ro.id}/additional-items`, padsItem()),
      await otherTech.post(`/api/v1/repair-orders/${ro.id}/additional-items`, { kind: 'labour', description: 'x', hours: 1, reason: 'x' }),
      await other.get(`/api/v1/repair-orders/${ro.id}/additional-items`),
      await other.post(`/api/v1/additional-items/${item.id}/decision`, { outcome: 'approved' }),
      await other.post(`/api/v1/additional-items/${item.id}/decision`, { outcome: 'declined', hazardWording: HAZARD, signaturePng: PNG }),
      await other.post(`/api/v1/additional-items/${item.id}/send-link`, { locale: 'zh-CN' }),
      await other.get(`/api/v1/vehicles/${vehicleId}/declined-recommendations`),
    ];
    expect(responses.map((r) => r.statusCode)).toEqual([404, 404, 404, 404, 404, 404, 404]);
    for (const r of responses) expect(r.body).not.toContain('前刹车片');
    const stored = await ctx.db
      .selectFrom('additional_items')
      .select(['status', 'token_hash'])
      .where('repair_order_id', '=', ro.id)
      .execute();
    expect(stored).toHaveLength(2);
    expect(stored.find((s) => s.status === 'pending')).toMatchObject({ token_hash: null });
    expect((await getOrder(ro.id)).totals).toEqual(ro.totals);
    expect(
      await ctx.db.selectFrom('outbox_messages').select('id').where('dedupe_key', 'like', `additional_item:${item.id}:%`).execute(),
    ).toEqual([]);

    // Even when the car later visits dealer B, B does not see what A's customer declined at A.
    await other.post('/api/v1/vehicles/lookup', {
      plate: ((await sa.get(`/api/v1/vehicles/${vehicleId}`)).json() as { plate: string }).plate,
    });
    const atB = await other.get(`/api/v1/vehicles/${vehicleId}/declined-recommendations`);
    expect(atB.statusCode).toBe(200);
    expect(atB.json().items).toEqual([]);

    // The car maker reads, but does not decide.
    const carMaker = await ctx.loginAs({ dealerId: null, roles: ['oem_analyst'] });
    expect((await carMaker.get(`/api/v1/repair-orders/${ro.id}/additional-items`)).json().items).toHaveLength(2);
    expect((await carMaker.post(`/api/v1/additional-items/${item.id}/decision`, { outcome: 'approved' })).statusCode).toBe(403);
  });

  it('a token opens exactly one item of one dealer', async () => {
    const { ro } = await authorisedOrder();
    const itemA = await raise(ro);
    const itemA2 = await raise(ro, { kind: 'labour', description: '更换空调滤芯', hours: 0.3, reason: '滤芯脏堵' });
    const saB = await ctx.loginAs({ dealerId: ctx.network.dealerB, roles: ['service_advisor'] });
    const { ro: roB } = await authorisedOrder({ client: saB, withPackage: false });
    const itemB = await raise(roB, { kind: 'labour', description: '乙店：更换轮胎', hours: 0.8, reason: '轮胎鼓包', safety: true }, saB);
    const linkA = await sendLink(itemA.id);
    const linkA2 = await sendLink(itemA2.id);
    const linkB = await (async () => {
      const response = await saB.post(`/api/v1/additional-items/${itemB.id}/send-link`, { locale: 'zh-CN' });
      expect(response.statusCode).toBe(202);
      const message = await ctx.db
        .selectFrom('outbox_messages')
        .select('body')
        .where('dedupe_key', 'like', `additional_item:${itemB.id}:%`)
        .executeTakeFirstOrThrow();
      return /approve\/([A-Za-z0-9_-]+\/[A-Za-z0-9_-]+)/.exec(message.body)![1]!;
    })();

    const pageA = (await publicGet(linkA.token)).json();
    expect(pageA).toMatchObject({ dealer: { name: '甲店' }, description: '前刹车片' });
    expect(JSON.stringify(pageA)).not.toContain('更换空调滤芯');
    expect(JSON.stringify(pageA)).not.toContain('乙店');
    expect((await publicGet(linkB)).json()).toMatchObject({ dealer: { name: '乙店' }, description: '乙店：更换轮胎' });
    // B's token under A's code (or a code of no dealer) opens and decides nothing; without a code (a link sent before
    // links carried the dealer) it still opens B's item.
    const tokenB = linkB.split('/')[1]!;
    expect(linkB.split('/')[0]).toBe('B01');
    expect((await publicGet(`A01/${tokenB}`)).statusCode).toBe(404);
    expect((await publicGet(`ZZ99/${tokenB}`)).statusCode).toBe(404);
    expect((await publicDecide(`A01/${tokenB}`, { outcome: 'approved' })).statusCode).toBe(404);
    expect((await publicGet(tokenB)).json()).toMatchObject({ dealer: { name: '乙店' }, status: 'pending' });

    // Answering with A's token decides A alone.
    expect((await publicDecide(linkA.token, { outcome: 'approved' })).statusCode).toBe(200);
    const items = (await sa.get(`/api/v1/repair-orders/${ro.id}/additional-items`)).json().items;
    expect(items.map((i: Item) => [i.id, i.status])).toEqual([
      [itemA.id, 'approved'],
      [itemA2.id, 'pending'],
    ]);
    expect((await saB.get(`/api/v1/repair-orders/${roB.id}/additional-items`)).json().items[0]).toMatchObject({
      id: itemB.id,
      status: 'pending',
    });
    expect((await publicGet(linkA2.token)).json().status).toBe('pending');
  });
});
