import { DEFAULT_CLUB_SETTINGS } from '@servicebay/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClubJobs } from '../src/modules/club/club.jobs.js';
import { newId } from '../src/platform/ids.js';
import { buildUser, type Client, createCustomer, createTestContext, createVehicle, pdfText, type TestContext } from './harness.js';

// The owners' club (issue 17): points earned on what the customer paid, redeemed at settlement as a
// payment within the network's limits, every movement a ledger entry written once whatever the
// retries and races, the member's labour discount on the invoice, expiry, and the network's view.

let ctx: TestContext;
let saA: Client;
let cashierA: Client;
let saB: Client;
let cashierB: Client;
let oemAdmin: Client;
let analyst: Client;
const parts: Record<string, string> = {};
const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

beforeAll(async () => {
  ctx = await createTestContext({ now: '2026-11-20T02:00:00Z' });
  for (const dealerId of [ctx.network.dealerA, ctx.network.dealerB]) {
    parts[dealerId] = newId();
    await ctx.db
      .insertInto('parts')
      .values({ dealer_id: dealerId, id: parts[dealerId]!, part_number: 'BP-F', name: '前刹车片', price_fen: 48_000, stock_quantity: 500 })
      .execute();
  }
  saA = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['service_advisor'] });
  cashierA = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['cashier'] });
  saB = await ctx.loginAs({ dealerId: ctx.network.dealerB, roles: ['service_advisor'] });
  cashierB = await ctx.loginAs({ dealerId: ctx.network.dealerB, roles: ['cashier'] });
  oemAdmin = await ctx.loginAs({ dealerId: null, roles: ['oem_admin'] });
  analyst = await ctx.loginAs({ dealerId: null, roles: ['oem_analyst'] });
});
afterAll(() => ctx.close());

/** A ready order at the advisor's dealer for the car: 1.5 h labour (270.00), two pads (960.00), a warranty line that earns nothing. */
async function readyOrder(sa: Client, dealerId: string, vehicleId: string) {
  const visit = (await sa.post('/api/v1/visits', { vehicleId })).json();
  let ro = (
    await sa.post('/api/v1/repair-orders', {
      visitId: visit.id,
      concerns: '刹车异响',
      promisedAt: '2026-11-20T17:00:00+08:00',
      lines: [
        { kind: 'labour', description: '更换前刹车片', hours: 1.5, payType: 'customer' },
        { kind: 'parts', partId: parts[dealerId], quantity: 2, payType: 'customer' },
        { kind: 'labour', description: '免费检查', hours: 0.5, payType: 'goodwill' },
      ],
    })
  ).json();
  ro = (await sa.post(`/api/v1/repair-orders/${ro.id}/authorise`, { version: ro.version, signaturePng: PNG })).json();
  for (const to of ['in_progress', 'quality_check', 'ready'])
    ro = (await sa.post(`/api/v1/repair-orders/${ro.id}/transitions`, { version: ro.version, to })).json();
  expect(ro.status).toBe('ready');
  return ro;
}

/** An invoice for another car of the customer (one open visit per car), at the advisor's dealer. */
async function invoiceFor(sa: Client, cashier: Client, dealerId: string, customerId: string) {
  const vehicle = await createVehicle(saA, customerId, { modelId: ctx.network.modelId });
  if (dealerId !== ctx.network.dealerA) expect((await sa.post('/api/v1/vehicles/lookup', { vin: vehicle.vin })).statusCode).toBe(200);
  const ro = await readyOrder(sa, dealerId, vehicle.id);
  const response = await cashier.post(`/api/v1/repair-orders/${ro.id}/invoice`, { version: ro.version });
  expect(response.statusCode).toBe(201);
  return response.json();
}

/** A member at dealer A with a car, and one paid invoice that earned 1,500 points (540 on labour, 960 on parts). */
async function memberWithPoints(options: { feeLevel?: 'gold' | 'platinum' } = {}) {
  const customer = await createCustomer(saA, { name: '会员客户' });
  const joined = await saA.post(`/api/v1/customers/${customer.id}/club`, options.feeLevel ? { ...options, method: 'cash' } : {});
  expect(joined.statusCode).toBe(201);
  const invoice = await invoiceFor(saA, cashierA, ctx.network.dealerA, customer.id);
  const paid = await cashierA.post(`/api/v1/invoices/${invoice.id}/payments`, { method: 'wechat_pay', amountFen: invoice.amountDueFen });
  expect(paid.statusCode).toBe(201);
  const vehicle = await saA.get(`/api/v1/repair-orders/${invoice.repairOrderId}`).then((r) => r.json().vehicle);
  return { customer, vehicle, invoice };
}

const card = async (client: Client, customerId: string) => (await client.get(`/api/v1/customers/${customerId}/club`)).json().membership;
const ledgerRows = (customerId: string) =>
  ctx.db.selectFrom('club_points').selectAll().where('customer_id', '=', customerId).orderBy('at').orderBy('id').execute();

describe('club settings', () => {
  it('reads the defaults until the car maker saves, refuses bad input naming the field, and versions the saves', async () => {
    const defaults = (await saA.get('/api/v1/club/settings')).json();
    expect(defaults).toMatchObject({ version: 0, expiryMonths: 24, pointValueFen: 1, maxRedeemPercent: 50 });

    const values = { ...DEFAULT_CLUB_SETTINGS };
    expect((await saA.put('/api/v1/club/settings', values)).statusCode).toBe(403);
    const bad = await oemAdmin.put('/api/v1/club/settings', { ...values, maxRedeemPercent: 101 });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.json().errors[0].field).toBe('maxRedeemPercent');
    const badLevel = await oemAdmin.put('/api/v1/club/settings', {
      ...values,
      levels: [values.levels[0], { ...values.levels[1], spendFen: 0 }, values.levels[2]],
    });
    expect(badLevel.json().errors[0].field).toBe('levels.1.spendFen');
    expect(await ctx.db.selectFrom('club_settings').selectAll().execute()).toEqual([]);

    const saved = await oemAdmin.put('/api/v1/club/settings', values);
    expect(saved.statusCode).toBe(200);
    expect(saved.json().version).toBe(1);
    expect((await oemAdmin.put('/api/v1/club/settings', { ...values, maxRedeemPercent: 40 })).statusCode).toBe(409);
    const again = await oemAdmin.put('/api/v1/club/settings', { ...values, version: 1 });
    expect(again.json().version).toBe(2);
  });
});

describe('earning and the card', () => {
  it('earns on the money paid of the customer-pay lines, once, and shows the balance and ledger at every dealer', async () => {
    const { customer, vehicle, invoice } = await memberWithPoints();
    const mine = await card(saA, customer.id);
    expect(mine).toMatchObject({ level: 'silver', balance: 1_500, spendFen12m: 123_000 });
    expect(mine.entries).toHaveLength(1);
    expect(mine.entries[0]).toMatchObject({ kind: 'earn', points: 1_500, sourceId: invoice.id, expiresOn: '2028-11-20' });
    expect(mine.expiring).toEqual({ points: 1_500, on: '2028-11-20' });

    // Dealer B does not know the customer until the car is at its door; then it recognises the member.
    expect((await saB.get(`/api/v1/customers/${customer.id}/club`)).statusCode).toBe(404);
    expect((await saB.post('/api/v1/vehicles/lookup', { vin: vehicle.vin })).statusCode).toBe(200);
    expect((await card(saB, customer.id)).balance).toBe(1_500);
    expect((await card(analyst, customer.id)).balance).toBe(1_500);

    // The ledger is append-only.
    await expect(ctx.db.updateTable('club_points').set({ points: 1 }).where('customer_id', '=', customer.id).execute()).rejects.toThrow(
      /append-only/,
    );
  });

  it('refuses a second enrolment and a customer of another dealer, writing nothing', async () => {
    const { customer } = await memberWithPoints();
    expect((await saA.post(`/api/v1/customers/${customer.id}/club`, {})).statusCode).toBe(409);
    const other = await createCustomer(saB, { name: '乙店客户' });
    expect((await saA.post(`/api/v1/customers/${other.id}/club`, {})).statusCode).toBe(404);
    const bad = await saB.post(`/api/v1/customers/${other.id}/club`, { feeLevel: 'diamond' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('feeLevel');
    expect(await ctx.db.selectFrom('club_memberships').selectAll().where('customer_id', '=', other.id).execute()).toEqual([]);
  });
});

describe('member benefits', () => {
  it('gives a gold member the level’s labour discount on the invoice with its reason, and earns on what was paid', async () => {
    const { customer, vehicle, invoice } = await memberWithPoints({ feeLevel: 'gold' });
    // 5% of the customer-paid labour 270.00 (the goodwill check is not the customer's).
    expect(invoice.memberDiscount).toEqual({ level: 'gold', labourDiscountPercent: 5, discountFen: 1_350, freeServices: [] });
    expect(invoice.discountFen).toBe(1_350);
    expect(invoice.amountDueFen).toBe(123_000 - 1_350);
    // 121,650 paid of 123,000: labour 26,703 → 534, parts 94,945 → 949.
    expect((await card(saA, customer.id)).balance).toBe(1_483);
    const text = await pdfText(saA, `/api/v1/invoices/${invoice.id}/pdf?locale=en`);
    expect(text).toContain('Memberlabourdiscount(Gold5%)');
    expect(text).toContain('13.50');

    const plain = await createCustomer(saA, { name: '非会员' });
    const notMember = await invoiceFor(saA, cashierA, ctx.network.dealerA, plain.id);
    expect(notMember.memberDiscount).toBeNull();
    expect(vehicle.vin).toBeTruthy();
  });
});

describe('redemption at settlement', () => {
  it('pays part of an invoice in points within the limits and records the redeem entry with the payment', async () => {
    const { customer } = await memberWithPoints();
    const invoice = await invoiceFor(saA, cashierA, ctx.network.dealerA, customer.id);
    const quote = (await cashierA.get(`/api/v1/invoices/${invoice.id}/points`)).json();
    expect(quote).toMatchObject({ member: true, level: 'silver', balance: 1_500, maxFen: 1_500, minRedeemPoints: 100 });

    const below = await cashierA.post(`/api/v1/invoices/${invoice.id}/payments`, { method: 'points', amountFen: 99 });
    expect(below.statusCode).toBe(400);
    expect(below.json().errors[0]).toMatchObject({ field: 'amountFen', code: 'below_minimum' });
    const tooMany = await cashierA.post(`/api/v1/invoices/${invoice.id}/payments`, { method: 'points', amountFen: 1_501 });
    expect(tooMany.statusCode).toBe(409);
    expect(tooMany.json().errors[0]).toMatchObject({ field: 'amountFen', code: 'points_insufficient' });
    expect((await ledgerRows(customer.id)).map((e) => e.kind)).toEqual(['earn']);

    const paid = await cashierA.post(`/api/v1/invoices/${invoice.id}/payments`, { method: 'points', amountFen: 1_000 });
    expect(paid.statusCode).toBe(201);
    expect(paid.json().payments).toEqual([expect.objectContaining({ method: 'points', amountFen: 1_000 })]);
    const entries = await ledgerRows(customer.id);
    expect(entries.map((e) => [e.kind, e.points])).toEqual([
      ['earn', 1_500],
      ['redeem', -1_000],
    ]);
    expect(entries[1]!.source_id).toBe(paid.json().payments[0].id);
    // The rest in money: earns on the 1,220.00 paid, not on the points.
    const rest = await cashierA.post(`/api/v1/invoices/${invoice.id}/payments`, { method: 'cash', amountFen: 122_000 });
    expect(rest.json().paidAt).not.toBeNull();
    // labour 27,000 × 122,000 / 123,000 = 26,780 → 535; parts 95,219 → 952.
    expect((await card(saA, customer.id)).balance).toBe(500 + 1_487);
    const text = await pdfText(saA, `/api/v1/invoices/${invoice.id}/pdf?locale=en`);
    expect(text).toContain('Clubpoints');

    const outsider = await createCustomer(saA, { name: '非会员二' });
    const notMember = await invoiceFor(saA, cashierA, ctx.network.dealerA, outsider.id);
    const refused = await cashierA.post(`/api/v1/invoices/${notMember.id}/payments`, { method: 'points', amountFen: 500 });
    expect(refused.json().errors[0]).toMatchObject({ field: 'method', code: 'not_a_member' });
    expect((await cashierA.get(`/api/v1/invoices/${notMember.id}`)).json().payments).toEqual([]);
  });

  it('never spends twice: concurrent redemptions on two invoices, and a retried request with the same Idempotency-Key', async () => {
    const { customer } = await memberWithPoints();
    const first = await invoiceFor(saA, cashierA, ctx.network.dealerA, customer.id);
    // The second invoice at dealer B, where another car of the member came in.
    const second = await invoiceFor(saB, cashierB, ctx.network.dealerB, customer.id);
    const responses = await Promise.all([
      cashierA.post(`/api/v1/invoices/${first.id}/payments`, { method: 'points', amountFen: 1_000 }),
      cashierB.post(`/api/v1/invoices/${second.id}/payments`, { method: 'points', amountFen: 1_000 }),
    ]);
    expect(responses.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    const redeemed = (await ledgerRows(customer.id)).filter((e) => e.kind === 'redeem');
    expect(redeemed).toHaveLength(1);
    expect((await card(saA, customer.id)).balance).toBe(500);

    // The same request sent again with its key (a lost response), also at once: one payment, one entry.
    const invoice = [first, second][responses.findIndex((r) => r.statusCode === 409)]!;
    const cashier = invoice.id === first.id ? cashierA : cashierB;
    const key = { 'idempotency-key': `redeem-${invoice.id}` };
    const retried = await Promise.all([
      cashier.post(`/api/v1/invoices/${invoice.id}/payments`, { method: 'points', amountFen: 300 }, key),
      cashier.post(`/api/v1/invoices/${invoice.id}/payments`, { method: 'points', amountFen: 300 }, key),
    ]);
    expect(retried.filter((r) => r.statusCode === 201).length).toBeGreaterThanOrEqual(1);
    const again = await cashier.post(`/api/v1/invoices/${invoice.id}/payments`, { method: 'points', amountFen: 300 }, key);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().payments).toHaveLength(1);
    expect((await ledgerRows(customer.id)).filter((e) => e.kind === 'redeem')).toHaveLength(2);
    expect((await card(saA, customer.id)).balance).toBe(200);
  });
});

describe('the network view and expiry', () => {
  it('reports members, earned and redeemed points per dealer and the balance between dealers by the network’s rule', async () => {
    const { customer } = await memberWithPoints();
    const invoice = await invoiceFor(saB, cashierB, ctx.network.dealerB, customer.id);
    expect((await cashierB.post(`/api/v1/invoices/${invoice.id}/payments`, { method: 'points', amountFen: 1_200 })).statusCode).toBe(201);
    const query = '/api/v1/club/overview?from=2026-11-01&to=2026-11-30';
    const view = (await analyst.get(query)).json();
    const [a, b] = [ctx.network.dealerA, ctx.network.dealerB].map((id) =>
      view.dealers.find((d: { dealer: { id: string } }) => d.dealer.id === id),
    );
    expect(b.redeemedHereEarnedElsewhere).toBeGreaterThanOrEqual(1_200);
    expect(a.earnedHereRedeemedElsewhere).toBe(b.redeemedHereEarnedElsewhere);
    expect(view.crossDealerPayer).toBe('earning_dealer');
    expect(b.balanceFen).toBe(b.redeemedHereEarnedElsewhere - b.earnedHereRedeemedElsewhere);
    expect(a.balanceFen + b.balanceFen).toBe(0);
    expect(a.redemptionRate).toBeCloseTo(a.pointsRedeemed / a.pointsEarned);
    expect(view.total.members).toBe(a.members + b.members);

    // A dealer's manager sees its own row only; the bad query names its field.
    const managerB = await ctx.loginAs({ dealerId: ctx.network.dealerB, roles: ['service_manager'] });
    expect((await managerB.get(query)).json().dealers.map((d: { dealer: { id: string } }) => d.dealer.id)).toEqual([ctx.network.dealerB]);
    const bad = await analyst.get('/api/v1/club/overview?from=2026-11-30&to=2026-11-01');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('to');
  });

  it('expires what is left of each earning on its day, once, by the nightly job', async () => {
    const { customer } = await memberWithPoints();
    const invoice = await invoiceFor(saA, cashierA, ctx.network.dealerA, customer.id);
    await cashierA.post(`/api/v1/invoices/${invoice.id}/payments`, { method: 'points', amountFen: 400 });
    const sent: unknown[] = [];
    const jobs = createClubJobs({
      db: ctx.db,
      clock: ctx.clock,
      jobs: {
        send: async (_tx, _d, data) => {
          sent.push(data);
          return 'job';
        },
        sendAll: async () => {},
      },
      club: () => ctx.app.services.club,
      timeZone: 'Asia/Shanghai',
    });
    const start = ctx.clock.now();
    try {
      ctx.clock.set('2028-11-19T02:00:00Z');
      await jobs.nightly.run({ runOn: '2028-11-19' });
      expect((await ledgerRows(customer.id)).filter((e) => e.kind === 'expire')).toEqual([]);
      ctx.clock.set('2028-11-20T02:00:00Z');
      await jobs.nightly.run({ runOn: '2028-11-20' });
      await jobs.nightly.run({ runOn: '2028-11-20' });
      const expired = (await ledgerRows(customer.id)).filter((e) => e.kind === 'expire');
      expect(expired).toHaveLength(1);
      expect(expired[0]!.points).toBe(-1_100);
      expect(sent).toContainEqual({ runOn: '2028-11-21' });
    } finally {
      ctx.clock.set(start);
    }
    expect((await card(saA, customer.id)).balance).toBe(0);
  });
});

describe('a payment taken back', () => {
  const reverse = (client: Client, invoiceId: string, paymentId: string, reason = '刷错金额，重新收款') =>
    client.post(`/api/v1/invoices/${invoiceId}/payments/${paymentId}/reversal`, { reason });
  const stock = async () =>
    (await ctx.db.selectFrom('parts').select('stock_quantity').where('id', '=', parts[ctx.network.dealerA]!).executeTakeFirstOrThrow())
      .stock_quantity;

  it('gives paid points back, takes back what the bill earned, reopens the bill, and never twice', async () => {
    const { customer } = await memberWithPoints();
    const invoice = await invoiceFor(saA, cashierA, ctx.network.dealerA, customer.id);
    expect((await cashierA.post(`/api/v1/invoices/${invoice.id}/payments`, { method: 'points', amountFen: 1_000 })).statusCode).toBe(201);
    const stockBefore = await stock();
    const settled = (await cashierA.post(`/api/v1/invoices/${invoice.id}/payments`, { method: 'card', amountFen: 122_000 })).json();
    expect(settled.paidAt).not.toBeNull();
    expect(await stock()).toBe(stockBefore - 2);
    expect(settled.can.reversePayment).toBe(true);
    expect((await card(saA, customer.id)).balance).toBe(500 + 1_487);
    const [pointsPayment, cardPayment] = settled.payments as { id: string }[];

    // The advisor may not take money back; a reason is required; neither writes anything.
    expect((await reverse(saA, invoice.id, cardPayment!.id)).statusCode).toBe(403);
    const noReason = await reverse(cashierA, invoice.id, cardPayment!.id, ' ');
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors[0].field).toBe('reason');
    expect((await saA.get(`/api/v1/invoices/${invoice.id}`)).json()).toMatchObject({ paidFen: 123_000, can: { reversePayment: false } });

    // Two desks take the card payment back at once: one reversal, one ledger entry.
    const raced = await Promise.all([reverse(cashierA, invoice.id, cardPayment!.id), reverse(cashierA, invoice.id, cardPayment!.id)]);
    expect(raced.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    expect(raced.find((r) => r.statusCode === 409)!.json().code).toBe('payment_reversed');
    const reopened = (await cashierA.get(`/api/v1/invoices/${invoice.id}`)).json();
    expect(reopened).toMatchObject({ paidAt: null, paidFen: 1_000 });
    expect(reopened.payments[1].reversal).toMatchObject({ reason: '刷错金额，重新收款' });
    expect(await stock()).toBe(stockBefore);
    const earnedHere = (await ledgerRows(customer.id)).find((e) => e.kind === 'earn' && e.source_id === invoice.id)!;
    expect((await ledgerRows(customer.id)).filter((e) => e.kind === 'reverse').map((e) => [e.points, e.source_id])).toEqual([
      [-1_487, earnedHere.id],
    ]);
    expect((await card(saA, customer.id)).balance).toBe(500);

    // The points payment taken back: the points return to the lots they came from.
    expect((await reverse(cashierA, invoice.id, pointsPayment!.id)).statusCode).toBe(201);
    expect((await card(saA, customer.id)).balance).toBe(1_500);
    const redeemed = (await ledgerRows(customer.id)).find((e) => e.kind === 'redeem' && e.source_id === pointsPayment!.id)!;
    expect((await ledgerRows(customer.id)).filter((e) => e.kind === 'reverse').map((e) => e.source_id)).toContain(redeemed.id);
    expect((await cashierA.get(`/api/v1/invoices/${invoice.id}/points`)).json()).toMatchObject({ balance: 1_500 });

    // Paid again in full: the bill earns again, and the parts leave stock again, once.
    const repaid = (await cashierA.post(`/api/v1/invoices/${invoice.id}/payments`, { method: 'wechat_pay', amountFen: 123_000 })).json();
    expect(repaid).toMatchObject({ paidFen: 123_000 });
    expect(repaid.paidAt).not.toBeNull();
    expect(await stock()).toBe(stockBefore - 2);
    expect((await card(saA, customer.id)).balance).toBe(3_000);

    // Once the member spent what the bill earned, its payment stands.
    const other = await invoiceFor(saA, cashierA, ctx.network.dealerA, customer.id);
    expect((await cashierA.post(`/api/v1/invoices/${other.id}/payments`, { method: 'points', amountFen: 2_000 })).statusCode).toBe(201);
    const spent = await reverse(cashierA, invoice.id, repaid.payments[2].id);
    expect(spent.statusCode).toBe(409);
    expect(spent.json().code).toBe('points_already_spent');
    expect((await cashierA.get(`/api/v1/invoices/${invoice.id}`)).json()).toMatchObject({ paidFen: 123_000 });
    expect((await card(saA, customer.id)).balance).toBe(1_000);
  });

  it('refuses after the car was handed back, and at another dealer', async () => {
    const customer = await createCustomer(saA, { name: '非会员冲回' });
    const invoice = await invoiceFor(saA, cashierA, ctx.network.dealerA, customer.id);
    const paid = (
      await cashierA.post(`/api/v1/invoices/${invoice.id}/payments`, { method: 'cash', amountFen: invoice.amountDueFen })
    ).json();
    expect((await reverse(cashierB, invoice.id, paid.payments[0].id)).statusCode).toBe(404);
    const ro = (await saA.get(`/api/v1/repair-orders/${invoice.repairOrderId}`)).json();
    const delivered = await saA.post(`/api/v1/repair-orders/${ro.id}/deliver`, {
      version: ro.version,
      checklist: { workExplained: true, oldPartsShown: true, carClean: true },
    });
    expect(delivered.statusCode).toBe(200);
    const late = await reverse(cashierA, invoice.id, paid.payments[0].id);
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('invalid_transition');
    expect((await cashierA.get(`/api/v1/invoices/${invoice.id}`)).json()).toMatchObject({ paidFen: invoice.amountDueFen });
  });
});

describe('free services and the annual fee at the cashier', () => {
  it('makes the level’s free check and wash free on the invoice, counts them for the year, and shows them on the card', async () => {
    const current = (await oemAdmin.get('/api/v1/club/settings')).json();
    const { version, updatedAt: _, ...values } = current;
    const saved = await oemAdmin.put('/api/v1/club/settings', { ...values, version, benefitCodes: { check: ['T-CHK'], wash: ['T-WASH'] } });
    expect(saved.statusCode).toBe(200);
    const ops: Record<string, string> = {};
    for (const code of ['T-CHK', 'T-WASH']) {
      ops[code] = newId();
      await ctx.db
        .insertInto('labour_operations')
        .values({
          dealer_id: ctx.network.dealerA,
          id: ops[code]!,
          code,
          name: code === 'T-CHK' ? '免费检测' : '洗车',
          flat_rate_hours: '0.5',
        })
        .execute();
    }
    const customer = await createCustomer(saA, { name: '金卡会员' });
    const noMethod = await cashierA.post(`/api/v1/customers/${customer.id}/club`, { feeLevel: 'gold' });
    expect(noMethod.statusCode).toBe(400);
    expect(noMethod.json().errors[0].field).toBe('method');
    expect((await card(saA, customer.id)) ?? null).toBeNull();
    expect((await cashierA.post(`/api/v1/customers/${customer.id}/club`, { feeLevel: 'gold', method: 'card' })).statusCode).toBe(201);

    const vehicle = await createVehicle(saA, customer.id, { modelId: ctx.network.modelId });
    const visit = (await saA.post('/api/v1/visits', { vehicleId: vehicle.id })).json();
    let ro = (
      await saA.post('/api/v1/repair-orders', {
        visitId: visit.id,
        concerns: '保养洗车',
        promisedAt: '2026-11-20T17:00:00+08:00',
        lines: [
          { kind: 'labour', labourOperationId: ops['T-CHK'], payType: 'customer' },
          { kind: 'labour', labourOperationId: ops['T-WASH'], payType: 'customer' },
          { kind: 'labour', description: '更换机油', hours: 1, payType: 'customer' },
        ],
      })
    ).json();
    ro = (await saA.post(`/api/v1/repair-orders/${ro.id}/authorise`, { version: ro.version, signaturePng: PNG })).json();
    for (const to of ['in_progress', 'quality_check', 'ready'])
      ro = (await saA.post(`/api/v1/repair-orders/${ro.id}/transitions`, { version: ro.version, to })).json();
    const invoice = (await cashierA.post(`/api/v1/repair-orders/${ro.id}/invoice`, { version: ro.version })).json();
    // 0.5 h each at 180.00 free; 5% of the other hour (180.00) is 9.00.
    expect(invoice.memberDiscount.freeServices.map((f: { kind: string; fen: number }) => [f.kind, f.fen])).toEqual([
      ['check', 9_000],
      ['wash', 9_000],
    ]);
    expect(invoice.memberDiscount.discountFen).toBe(900);
    expect(invoice.discountFen).toBe(18_900);
    expect(invoice.amountDueFen).toBe(36_000 - 18_900);
    const text = await pdfText(saA, `/api/v1/invoices/${invoice.id}/pdf`);
    expect(text).toContain('会员免费检查');
    const member = await card(saA, customer.id);
    expect(member.freeServicesLeft).toEqual({ check: 1, wash: 3 });
    expect(member.fees).toEqual([
      expect.objectContaining({ level: 'gold', feeFen: 19_900, method: 'card', paidFrom: '2026-11-20', paidUntil: '2027-11-20' }),
    ]);
  });

  it('takes a renewal from the end of the year paid for, refuses a lower level and the wrong desk, and the network sees the fees', async () => {
    const customer = await createCustomer(saA, { name: '续费会员' });
    expect((await cashierA.post(`/api/v1/customers/${customer.id}/club`, { feeLevel: 'gold', method: 'cash' })).statusCode).toBe(201);
    const renewed = await cashierA.post(`/api/v1/customers/${customer.id}/club/fees`, { level: 'gold', method: 'wechat_pay' });
    expect(renewed.statusCode).toBe(201);
    expect(renewed.json().membership).toMatchObject({ level: 'gold', feePaidUntil: '2028-11-21', canTakeFee: true });
    const up = await cashierA.post(`/api/v1/customers/${customer.id}/club/fees`, { level: 'platinum', method: 'card' });
    expect(up.json().membership).toMatchObject({ level: 'platinum', feePaidUntil: '2027-11-20' });
    const lower = await cashierA.post(`/api/v1/customers/${customer.id}/club/fees`, { level: 'gold', method: 'card' });
    expect(lower.statusCode).toBe(400);
    expect(lower.json().errors[0]).toMatchObject({ field: 'level', code: 'below_paid_level' });
    const bad = await cashierA.post(`/api/v1/customers/${customer.id}/club/fees`, { level: 'gold', method: 'points' });
    expect(bad.json().errors[0].field).toBe('method');
    const care = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['customer_relations'] });
    expect((await care.post(`/api/v1/customers/${customer.id}/club/fees`, { level: 'platinum', method: 'card' })).statusCode).toBe(403);
    expect((await card(care, customer.id)).canTakeFee).toBe(false);
    expect((await card(saA, customer.id)).fees).toHaveLength(3);

    const view = (await analyst.get('/api/v1/club/overview?from=2026-11-01&to=2026-11-30')).json();
    const a = view.dealers.find((d: { dealer: { id: string } }) => d.dealer.id === ctx.network.dealerA);
    expect(a.feesFen).toBeGreaterThanOrEqual(19_900 * 2 + 99_900);
    expect(view.total.feesFen).toBe(view.dealers.reduce((sum: number, d: { feesFen: number }) => sum + d.feesFen, 0));
  });
});

describe('priority booking', () => {
  it('marks the appointment of a member whose level gives priority booking, and gives it the dedicated lane', async () => {
    // Enough staff on the drive for a slot to take bookings.
    for (let i = 0; i < 3; i++) await buildUser(ctx.db, ctx.network, { dealerId: ctx.network.dealerA, roles: ['service_advisor'] });
    for (let i = 0; i < 6; i++) await buildUser(ctx.db, ctx.network, { dealerId: ctx.network.dealerA, roles: ['technician'] });
    let slot = 0;
    const book = async (customerId: string) => {
      const vehicle = await createVehicle(saA, customerId, { modelId: ctx.network.modelId });
      const response = await saA.post('/api/v1/appointments', {
        vehicleId: vehicle.id,
        startsAt: `2026-11-24T1${slot++}:00:00+08:00`,
        durationMinutes: 60,
        requestedWork: [{ kind: 'maintenance', description: '保养' }],
        channel: 'phone',
      });
      expect(response.statusCode).toBe(201);
      return response.json();
    };
    const gold = await createCustomer(saA, { name: '金卡优先' });
    expect((await cashierA.post(`/api/v1/customers/${gold.id}/club`, { feeLevel: 'gold', method: 'cash' })).statusCode).toBe(201);
    const silver = await createCustomer(saA, { name: '银卡会员' });
    expect((await saA.post(`/api/v1/customers/${silver.id}/club`, {})).statusCode).toBe(201);
    const plain = await createCustomer(saA, { name: '非会员预约' });

    expect((await book(gold.id)).benefits).toMatchObject({ priorityMember: true, dedicatedLane: true });
    expect((await book(silver.id)).benefits).toMatchObject({ priorityMember: false, dedicatedLane: false });
    expect((await book(plain.id)).benefits).toMatchObject({ priorityMember: false, dedicatedLane: false });
  });
});
