import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, type Client, createCustomer, createTestContext, createVehicle, type TestContext } from './harness.js';

// Honest messages (issue 12 §4): whoever triggers an SMS is told what really happens to it — sending,
// queued until the quiet hours end, or not sent because the customer has not consented — by the same
// rule the outbox applies when it delivers. The test clock: Friday 2026-11-20 10:00 in Shanghai;
// the dealer's quiet hours are the default 21:00–08:00.
const TEN_AM = '2026-11-20T02:00:00Z';
// In the quiet hours: 07:00 the same morning (earlier than the logins, so the sessions stay valid).
const SEVEN_AM = '2026-11-19T23:00:00Z';
const EIGHT_AM = '2026-11-20T00:00:00.000Z';
const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const NO_SMS = { sms: false, phone: true, email: false, wechat: false };

let ctx: TestContext;
let sa: Client;
let agent: Client;
let crA: Client;
let crB: Client;

type Delivery = { channel: string; to: string; status: string; until: string | null; reason: string | null };
const outbox = () => (ctx.app as unknown as { jobs: { outbox: { deliver: (id: string) => Promise<string> } } }).jobs.outbox;
const messageRow = (dedupePrefix: string) =>
  ctx.db
    .selectFrom('outbox_messages')
    .selectAll()
    .where('dedupe_key', 'like', `${dedupePrefix}%`)
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
const masked = (mobile: string) => `${mobile.slice(0, 3)}****${mobile.slice(7)}`;

/** A pending additional item on a signed repair order of a new customer. */
async function pendingItem(consent?: typeof NO_SMS) {
  const customer = await createCustomer(sa, { name: '王建国', ...(consent ? { consent } : {}) });
  const vehicle = await createVehicle(sa, customer.id);
  const visit = await sa.post('/api/v1/visits', { vehicleId: vehicle.id });
  expect(visit.statusCode, visit.body).toBe(201);
  const created = await sa.post('/api/v1/repair-orders', {
    visitId: visit.json().id,
    concerns: '刹车有异响',
    promisedAt: '2026-11-21T17:00:00+08:00',
    packageIds: [],
    lines: [{ kind: 'labour', description: '全车检查', hours: 0.5, payType: 'customer' }],
  });
  expect(created.statusCode, created.body).toBe(201);
  const signed = await sa.post(`/api/v1/repair-orders/${created.json().id}/authorise`, {
    version: created.json().version,
    signaturePng: PNG,
  });
  expect(signed.statusCode, signed.body).toBe(200);
  const item = await sa.post(`/api/v1/repair-orders/${created.json().id}/additional-items`, {
    kind: 'labour',
    description: '更换前刹车片',
    hours: 1.2,
    reason: '前刹车片剩余 2mm',
  });
  expect(item.statusCode, item.body).toBe(201);
  return { itemId: item.json().id as string, mobile: customer.mobile as string };
}

async function sendLink(itemId: string) {
  const response = await sa.post(`/api/v1/additional-items/${itemId}/send-link`, { locale: 'zh-CN' });
  expect(response.statusCode, response.body).toBe(202);
  return { body: response.json() as { recipient: string; message: Delivery }, row: await messageRow(`additional_item:${itemId}:`) };
}

async function staffDealer(dealerId: string) {
  for (let i = 0; i < 5; i++) await buildUser(ctx.db, ctx.network, { dealerId, roles: ['service_advisor'] });
  for (let i = 0; i < 10; i++) await buildUser(ctx.db, ctx.network, { dealerId, roles: ['technician'] });
}

let slot = 0;
/** Books the next free Monday slot for a new customer's car; returns the answer and the confirmation's outbox row. */
async function book(consent?: typeof NO_SMS) {
  const customer = await createCustomer(agent, { name: '李娜', ...(consent ? { consent } : {}) });
  const vehicle = await createVehicle(agent, customer.id);
  const hour = 9 + Math.floor(slot / 2);
  const startsAt = `2026-11-23T${String(hour).padStart(2, '0')}:${slot++ % 2 ? '30' : '00'}:00+08:00`;
  const response = await agent.post('/api/v1/appointments', {
    vehicleId: vehicle.id,
    startsAt,
    durationMinutes: 60,
    requestedWork: [{ kind: 'maintenance', description: '5000公里保养' }],
    channel: 'phone',
  });
  expect(response.statusCode, response.body).toBe(201);
  const body = response.json() as { id: string; message: Delivery };
  return { body, mobile: customer.mobile as string, row: await messageRow(`appointment:${body.id}:booked`) };
}

beforeAll(async () => {
  ctx = await createTestContext({ now: TEN_AM });
  await staffDealer(ctx.network.dealerA);
  sa = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['service_advisor'] });
  agent = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['appointment_agent'] });
  crA = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['customer_relations'] });
  crB = await ctx.loginAs({ dealerId: ctx.network.dealerB, roles: ['customer_relations'] });
});
afterAll(() => ctx.close());

describe('the approval link', () => {
  it('says "not sent: no consent" for a customer without SMS consent, the outbox skips it, and a QR link is at hand instead', async () => {
    const { itemId, mobile } = await pendingItem(NO_SMS);
    const { body, row } = await sendLink(itemId);
    expect(body.message).toEqual({ channel: 'sms', to: masked(mobile), status: 'not_sent', until: null, reason: 'no_consent' });
    expect(await outbox().deliver(row.id)).toBe('skipped');
    expect(
      await ctx.db.selectFrom('outbox_messages').select(['status', 'skip_reason']).where('id', '=', row.id).executeTakeFirstOrThrow(),
    ).toEqual({ status: 'skipped', skip_reason: 'no_consent' });

    // The alternative: a fresh link shown as a QR code, which opens the approval page; nothing is texted.
    const before = await ctx.db.selectFrom('outbox_messages').select('id').where('recipient', '=', mobile).execute();
    const shown = await sa.post(`/api/v1/additional-items/${itemId}/show-link`, {});
    expect(shown.statusCode, shown.body).toBe(200);
    const token = /\/approve\/([A-Za-z0-9_-]+\/[A-Za-z0-9_-]+)$/.exec(shown.json().link)![1];
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/public/approvals/${token}` })).statusCode).toBe(200);
    expect(await ctx.db.selectFrom('outbox_messages').select('id').where('recipient', '=', mobile).execute()).toEqual(before);
  });

  it('says "queued until 08:00" during the quiet hours, and delivery defers it to exactly that time', async () => {
    const { itemId } = await pendingItem();
    ctx.clock.set(SEVEN_AM);
    try {
      const { body, row } = await sendLink(itemId);
      expect(body.message).toMatchObject({ status: 'queued', until: EIGHT_AM, reason: 'quiet_hours' });
      expect(await outbox().deliver(row.id)).toBe('deferred');
      const deferred = await ctx.db
        .selectFrom('outbox_messages')
        .select(['status', 'not_before'])
        .where('id', '=', row.id)
        .executeTakeFirstOrThrow();
      expect({ status: deferred.status, notBefore: deferred.not_before.toISOString() }).toEqual({
        status: 'pending',
        notBefore: body.message.until,
      });
    } finally {
      ctx.clock.set(TEN_AM);
    }
  });

  it('says "sending" in the daytime with consent, and it is sent', async () => {
    const { itemId, mobile } = await pendingItem();
    const { body, row } = await sendLink(itemId);
    expect(body.message).toEqual({ channel: 'sms', to: masked(mobile), status: 'sending', until: null, reason: null });
    expect(await outbox().deliver(row.id)).toBe('sent');
  });

  it('is shown as a QR link only to the dealer of the repair order', async () => {
    const { itemId } = await pendingItem();
    const saB = await ctx.loginAs({ dealerId: ctx.network.dealerB, roles: ['service_advisor'] });
    expect((await saB.post(`/api/v1/additional-items/${itemId}/show-link`, {})).statusCode).toBe(404);
  });
});

describe('the booking confirmation', () => {
  it('answers the booking with what happens to the SMS: not sent without consent, queued in the quiet hours, sending otherwise', async () => {
    const refused = await book(NO_SMS);
    expect(refused.body.message).toEqual({
      channel: 'sms',
      to: masked(refused.mobile),
      status: 'not_sent',
      until: null,
      reason: 'no_consent',
    });
    expect(await outbox().deliver(refused.row.id)).toBe('skipped');
    expect(
      (await ctx.db.selectFrom('outbox_messages').select('status').where('id', '=', refused.row.id).executeTakeFirstOrThrow()).status,
    ).toBe('skipped');

    ctx.clock.set(SEVEN_AM);
    try {
      const quiet = await book();
      expect(quiet.body.message).toMatchObject({ status: 'queued', until: EIGHT_AM, reason: 'quiet_hours' });
    } finally {
      ctx.clock.set(TEN_AM);
    }

    const normal = await book();
    expect(normal.body.message).toMatchObject({ status: 'sending', until: null, reason: null });
    expect(await outbox().deliver(normal.row.id)).toBe('sent');
  });
});

describe('the message log', () => {
  let refused: Awaited<ReturnType<typeof book>>;
  let sent: Awaited<ReturnType<typeof book>>;
  type Page = {
    items: { id: string; recipient: string; status: string; skipReason: string | null; template: string; notBefore: string }[];
    nextCursor: string | null;
  };
  const log = async (client: Client, query = '') => {
    const response = await client.get(`/api/v1/messages${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as Page;
  };

  beforeAll(async () => {
    refused = await book(NO_SMS);
    await outbox().deliver(refused.row.id);
    sent = await book();
    await outbox().deliver(sent.row.id);
  });

  it('filters by status, channel, recipient (whole mobile or last 4) and the day', async () => {
    const skipped = await log(crA, '?status=skipped&channel=sms&limit=200');
    expect(skipped.items.map((m) => m.id)).toContain(refused.row.id);
    expect(skipped.items.every((m) => m.status === 'skipped')).toBe(true);
    expect(skipped.items.map((m) => m.id)).not.toContain(sent.row.id);

    const byMobile = await log(crA, `?recipient=${refused.mobile}`);
    expect(byMobile.items.map((m) => m.id)).toEqual([refused.row.id]);
    expect(byMobile.items[0]).toMatchObject({ template: 'appointment.booked', status: 'skipped', skipReason: 'no_consent' });
    const byLast4 = await log(crA, `?recipient=${sent.mobile.slice(-4)}`);
    expect(byLast4.items.map((m) => m.id)).toContain(sent.row.id);
    expect(byLast4.items.every((m) => m.recipient.endsWith(sent.mobile.slice(-4)))).toBe(true);

    expect((await log(crA, `?recipient=${sent.mobile}&from=2026-11-20&to=2026-11-20`)).items.map((m) => m.id)).toEqual([sent.row.id]);
    expect((await log(crA, `?recipient=${sent.mobile}&from=2026-11-21&to=2026-11-30`)).items).toEqual([]);
    expect((await log(crA, '?channel=email')).items).toEqual([]);
  });

  it('pages with a cursor, newest first', async () => {
    const first = await log(crA, '?limit=1');
    expect(first.items).toHaveLength(1);
    expect(first.nextCursor).not.toBeNull();
    const second = await log(crA, `?limit=1&cursor=${first.nextCursor}`);
    expect(second.items).toHaveLength(1);
    expect(second.items[0]!.id < first.items[0]!.id).toBe(true);
  });

  it('refuses an open or unbounded date range and a recipient that is neither a mobile nor its last 4 digits, naming the field', async () => {
    const cases: [string, string, string][] = [
      ['?from=2026-11-01', 'to', 'required'],
      ['?from=2026-01-01&to=2026-11-20', 'to', 'too_long'],
      ['?from=2026-11-20&to=2026-11-19', 'to', 'before_from'],
      ['?recipient=41', 'recipient', 'mobile_or_last_four'],
    ];
    for (const [query, field, code] of cases) {
      const response = await crA.get(`/api/v1/messages${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(response.json().errors, query).toEqual(expect.arrayContaining([expect.objectContaining({ field, code })]));
    }
  });

  it('is read only by the roles of message.read, and another dealer sees none of these messages', async () => {
    expect((await sa.get('/api/v1/messages')).statusCode).toBe(403);
    const fromB = await log(crB, '?limit=200');
    const ids = new Set(fromB.items.map((m) => m.id));
    expect(ids.has(refused.row.id) || ids.has(sent.row.id)).toBe(false);
    expect((await log(crB, `?recipient=${refused.mobile}`)).items).toEqual([]);
  });
});
