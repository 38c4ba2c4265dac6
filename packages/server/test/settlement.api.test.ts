import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../src/platform/ids.js';
import {
  buildUser,
  type Client,
  createCustomer,
  createTestContext,
  createVehicle,
  pdfText,
  TEST_PASSWORD,
  type TestContext,
} from './harness.js';

let ctx: TestContext;
let sa: Client;
let cashier: Client;
let padsId: string;
const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

beforeAll(async () => {
  ctx = await createTestContext({ now: '2026-11-20T02:00:00Z' });
  padsId = newId();
  await ctx.db
    .insertInto('parts')
    .values({ dealer_id: ctx.network.dealerA, id: padsId, part_number: 'BP-F', name: '前刹车片', price_fen: 48000, stock_quantity: 5 })
    .execute();
  sa = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['service_advisor'] });
  cashier = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['cashier'] });
});
afterAll(() => ctx.close());

/** An order that is ready to pay: 1.5 h labour (270.00) and two pads (960.00) for the customer, a free check. */
async function readyOrder(lines?: object[]) {
  const customer = await createCustomer(sa, { name: '结算客户' });
  const vehicle = await createVehicle(sa, customer.id, { modelId: ctx.network.modelId });
  await sa.post(`/api/v1/vehicles/${vehicle.id}/mileage`, { readOn: '2026-08-20', km: 10_000, source: 'service_visit' });
  const visit = (await sa.post('/api/v1/visits', { vehicleId: vehicle.id })).json();
  let ro = (
    await sa.post('/api/v1/repair-orders', {
      visitId: visit.id,
      concerns: '刹车异响',
      promisedAt: '2026-11-20T17:00:00+08:00',
      odometerKm: 19_000,
      lines: lines ?? [
        { kind: 'labour', description: '更换前刹车片', hours: 1.5, payType: 'customer' },
        { kind: 'parts', partId: padsId, quantity: 2, payType: 'customer' },
        { kind: 'labour', description: '免费检查', hours: 0.5, payType: 'goodwill' },
      ],
    })
  ).json();
  ro = (await sa.post(`/api/v1/repair-orders/${ro.id}/authorise`, { version: ro.version, signaturePng: PNG })).json();
  for (const to of ['in_progress', 'quality_check', 'ready'])
    ro = (await sa.post(`/api/v1/repair-orders/${ro.id}/transitions`, { version: ro.version, to })).json();
  expect(ro.status).toBe('ready');
  return { ro, vehicle, customer, visit };
}

describe('settlement', () => {
  it('invoices a ready order grouped by pay type, with the free items listed and totals equal to the lines', async () => {
    const { ro } = await readyOrder();
    const response = await cashier.post(`/api/v1/repair-orders/${ro.id}/invoice`, { version: ro.version });
    expect(response.statusCode).toBe(201);
    const invoice = response.json();
    expect(invoice.number).toMatch(/^INV-20261120-\d{4}$/);
    expect(invoice.customerPayableFen).toBe(27_000 + 96_000);
    expect(invoice.byPayType.goodwill.netFen).toBe(9_000);
    expect(invoice.totalFen).toBe(ro.lines.reduce((s: number, l: { amount: { netFen: number } }) => s + l.amount.netFen, 0));
    expect(invoice.freeItems).toEqual([{ description: '免费检查', payType: 'goodwill', netFen: 9_000 }]);
    expect(invoice.taxIncludedFen).toBe(Math.round((123_000 * 0.13) / 1.13));
    expect((await sa.get(`/api/v1/repair-orders/${ro.id}`)).json()).toMatchObject({ status: 'invoiced', invoiceId: invoice.id });
  });

  it('needs a manager for a discount beyond the advisor’s authority', async () => {
    const { ro } = await readyOrder();
    const big = { version: ro.version, discountFen: 20_000 }; // 16% of the customer's gross
    const refused = await sa.post(`/api/v1/repair-orders/${ro.id}/invoice`, big);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0]).toMatchObject({ field: 'approval', code: 'approval_required' });
    const manager = await buildUser(ctx.db, ctx.network, { dealerId: ctx.network.dealerA, roles: ['service_manager'] });
    const stillTooBig = await sa.post(`/api/v1/repair-orders/${ro.id}/invoice`, {
      ...big,
      approval: { login: manager.login, password: TEST_PASSWORD },
    });
    expect(stillTooBig.json().errors[0].code).toBe('beyond_authority'); // 16% > the manager's 15%
    const gm = await buildUser(ctx.db, ctx.network, { dealerId: ctx.network.dealerA, roles: ['general_manager'] });
    const wrongPassword = await sa.post(`/api/v1/repair-orders/${ro.id}/invoice`, {
      ...big,
      approval: { login: gm.login, password: 'nope' },
    });
    expect(wrongPassword.json().errors[0].code).toBe('approval_invalid');
    const approved = await sa.post(`/api/v1/repair-orders/${ro.id}/invoice`, {
      ...big,
      approval: { login: gm.login, password: TEST_PASSWORD },
    });
    expect(approved.statusCode).toBe(201);
    expect(approved.json()).toMatchObject({
      discountFen: 20_000,
      amountDueFen: 123_000 - 20_000,
      taxIncludedFen: Math.round((103_000 * 0.13) / 1.13),
    });
  });

  it('records a payment once when retried with the same Idempotency-Key, measures cashier time and takes the parts from stock once', async () => {
    const { ro } = await readyOrder();
    const stockBefore = Number(
      (await ctx.db.selectFrom('parts').select('stock_quantity').where('id', '=', padsId).executeTakeFirstOrThrow()).stock_quantity,
    );
    const invoice = (await cashier.post(`/api/v1/repair-orders/${ro.id}/invoice`, { version: ro.version })).json();
    const first = await cashier.post(
      `/api/v1/invoices/${invoice.id}/payments`,
      { method: 'wechat_pay', amountFen: 100_000 },
      { 'idempotency-key': 'pay-1' },
    );
    const retry = await cashier.post(
      `/api/v1/invoices/${invoice.id}/payments`,
      { method: 'wechat_pay', amountFen: 100_000 },
      { 'idempotency-key': 'pay-1' },
    );
    expect(first.statusCode).toBe(201);
    expect(retry.json()).toEqual(first.json());
    expect(first.json()).toMatchObject({ paidFen: 100_000, paidAt: null });
    const tooMuch = await cashier.post(`/api/v1/invoices/${invoice.id}/payments`, { method: 'cash', amountFen: 30_000 });
    expect(tooMuch.json().errors[0]).toMatchObject({ field: 'amountFen', code: 'more_than_due' });
    ctx.clock.advance(90_000);
    const rest = await cashier.post(`/api/v1/invoices/${invoice.id}/payments`, { method: 'cash', amountFen: 23_000 });
    ctx.clock.advance(-90_000);
    expect(rest.json()).toMatchObject({ paidFen: 123_000, cashierSeconds: 90 });
    expect(rest.json().payments.map((p: { method: string }) => p.method)).toEqual(['wechat_pay', 'cash']);
    const stockAfter = Number(
      (await ctx.db.selectFrom('parts').select('stock_quantity').where('id', '=', padsId).executeTakeFirstOrThrow()).stock_quantity,
    );
    expect(stockAfter).toBe(stockBefore - 2);
    expect((await cashier.post(`/api/v1/invoices/${invoice.id}/payments`, { method: 'cash', amountFen: 1 })).statusCode).toBe(409);
  });

  it('delivers a paid order with the checklist and the next maintenance due, and raises visit.delivered once', async () => {
    const { ro, vehicle, customer } = await readyOrder();
    const invoice = (await cashier.post(`/api/v1/repair-orders/${ro.id}/invoice`, { version: ro.version })).json();
    let current = (await sa.get(`/api/v1/repair-orders/${ro.id}`)).json();
    const unpaid = await sa.post(`/api/v1/repair-orders/${ro.id}/deliver`, {
      version: current.version,
      checklist: { workExplained: true, oldPartsShown: true, carClean: true },
    });
    expect(unpaid.statusCode).toBe(409);
    await cashier.post(`/api/v1/invoices/${invoice.id}/payments`, { method: 'alipay', amountFen: invoice.amountDueFen });
    const skipped = await sa.post(`/api/v1/repair-orders/${ro.id}/deliver`, {
      version: current.version,
      checklist: { workExplained: true, oldPartsShown: false, carClean: true },
    });
    expect(skipped.json().errors[0].field).toBe('checklist.oldPartsShown');
    current = (await sa.get(`/api/v1/repair-orders/${ro.id}`)).json();
    const delivered = await sa.post(`/api/v1/repair-orders/${ro.id}/deliver`, {
      version: current.version,
      checklist: { workExplained: true, oldPartsShown: true, carClean: true },
    });
    expect(delivered.statusCode).toBe(200);
    // 9,000 km in 92 days ≈ 98 km a day: the 5,000 km interval (model S5: 5,000 km / 3 months) comes first.
    expect(delivered.json().repairOrder.status).toBe('delivered');
    // The survey it sets off: the SMS at the dealer's delay (2 hours), as the outbox will treat it.
    expect(delivered.json().survey).toEqual({
      skipped: null,
      message: {
        channel: 'sms',
        to: expect.stringMatching(/^\d{3}\*{4}\d{4}$/),
        status: 'queued',
        reason: 'scheduled',
        until: new Date(ctx.clock.now().getTime() + 2 * 3_600_000).toISOString(),
      },
    });
    expect(delivered.json().nextMaintenance.dueKm).toBe(24_000);
    expect(delivered.json().nextMaintenance.dueOn < '2027-02-20').toBe(true);
    const invoiceAfter = (await cashier.get(`/api/v1/invoices/${invoice.id}`)).json();
    expect(invoiceAfter.nextMaintenance).toEqual(delivered.json().nextMaintenance);

    // The documents: real PDFs whose text layer carries the Chinese text.
    const text = (url: string) => pdfText(sa, url);
    const roText = await text(`/api/v1/repair-orders/${ro.id}/pdf`);
    expect(roText).toContain('维修委托书');
    expect(roText).toContain(ro.number);
    expect(roText).toContain('刹车异响');
    expect(roText).toContain('结算客户');
    const invoiceText = await text(`/api/v1/invoices/${invoice.id}/pdf?locale=en`);
    expect(invoiceText).toContain(invoice.number);
    expect(invoiceText).toContain(delivered.json().nextMaintenance.dueOn);
    const events = await ctx.db
      .selectFrom('pgboss.job' as never)
      .select(['data' as never])
      .where('name' as never, '=', 'event.visit_delivered' as never)
      .execute();
    expect((events as { data: { repairOrderId: string } }[]).filter((e) => e.data.repairOrderId === ro.id)).toHaveLength(1);
    const timeline = (await sa.get(`/api/v1/customers/${customer.id}/timeline`)).json().items.map((e: { kind: string }) => e.kind);
    expect(timeline[0]).toBe('visit.delivered');
    void vehicle;
  });

  it('settles an order the customer pays nothing for as it is invoiced, so the car can be handed back', async () => {
    const stockBefore = (await ctx.db.selectFrom('parts').select('stock_quantity').where('id', '=', padsId).executeTakeFirstOrThrow())
      .stock_quantity;
    const { ro } = await readyOrder([
      // Goodwill: the dealer pays (warranty lines also need the clerk's check first: warranty.api.test.ts).
      { kind: 'labour', description: '更换前刹车片（善意维修）', hours: 1.5, payType: 'goodwill' },
      { kind: 'parts', partId: padsId, quantity: 1, payType: 'goodwill' },
    ]);
    const invoice = (await cashier.post(`/api/v1/repair-orders/${ro.id}/invoice`, { version: ro.version })).json();
    expect(invoice.amountDueFen).toBe(0);
    expect(invoice.paidAt).toBe('2026-11-20T02:00:00.000Z');
    // The parts leave stock once, as with a paid bill.
    expect(
      (await ctx.db.selectFrom('parts').select('stock_quantity').where('id', '=', padsId).executeTakeFirstOrThrow()).stock_quantity,
    ).toBe(stockBefore - 1);
    const current = (await sa.get(`/api/v1/repair-orders/${ro.id}`)).json();
    const delivered = await sa.post(`/api/v1/repair-orders/${ro.id}/deliver`, {
      version: current.version,
      checklist: { workExplained: true, oldPartsShown: true, carClean: true },
    });
    expect(delivered.statusCode).toBe(200);
  });

  it('keeps invoices within the dealer, and technicians away from the till', async () => {
    const { ro } = await readyOrder();
    const tech = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['technician'] });
    expect((await tech.post(`/api/v1/repair-orders/${ro.id}/invoice`, { version: ro.version })).statusCode).toBe(403);
    const invoice = (await cashier.post(`/api/v1/repair-orders/${ro.id}/invoice`, { version: ro.version })).json();
    const other = await ctx.loginAs({ dealerId: ctx.network.dealerB, roles: ['cashier', 'service_advisor'] });
    expect((await other.get(`/api/v1/invoices/${invoice.id}`)).statusCode).toBe(404);
    expect((await other.post(`/api/v1/invoices/${invoice.id}/payments`, { method: 'cash', amountFen: 100 })).statusCode).toBe(404);
    expect(
      (
        await other.post(`/api/v1/repair-orders/${ro.id}/deliver`, {
          version: 1,
          checklist: { workExplained: true, oldPartsShown: true, carClean: true },
        })
      ).statusCode,
    ).toBe(404);
  });

  it('lists the work in hand first, then finished orders the latest first', async () => {
    const items: { status: string; promisedAt: string }[] = (await sa.get('/api/v1/repair-orders')).json().items;
    const finished = (s: string) => ['delivered', 'closed', 'cancelled'].includes(s);
    const firstFinished = items.findIndex((o) => finished(o.status));
    expect(firstFinished).toBeGreaterThan(0);
    expect(items.slice(firstFinished).every((o) => finished(o.status))).toBe(true);
    const promised = items.slice(firstFinished).map((o) => o.promisedAt);
    expect(promised).toEqual([...promised].sort().reverse());
  });

  it('reports the service KPIs of the day, computed from what happened above', async () => {
    const manager = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['service_manager'] });
    const rows = (await manager.get('/api/v1/kpis/service?from=2026-11-20&to=2026-11-20&groupBy=day')).json().items;
    const visits = await ctx.db.selectFrom('visits').select('id').where('dealer_id', '=', ctx.network.dealerA).execute();
    // Two invoices were paid: one 90 s after it was ready, one at once; both 1,230.00 customer pay and 90.00 goodwill.
    // The goodwill order's bill (270.00 labour and a 480.00 pad) had nothing to pay: no cashier time.
    expect(rows).toEqual([
      {
        key: '2026-11-20',
        vehiclesIn: visits.length,
        timelyReceptionRate: 100,
        onTimeDeliveryRate: 100,
        averageCashierSeconds: 45,
        revenueByPayTypeFen: expect.objectContaining({ customer: 246_000, goodwill: 18_000 + 27_000 + 48_000 }),
      },
    ]);
    expect((await sa.get('/api/v1/kpis/service?from=2026-11-20&to=2026-11-20')).statusCode).toBe(403);
  });
});
