import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, type Client, createCustomer, createTestContext, createVehicle, pdfText, type TestContext } from './harness.js';

// The benefits of booking (domain.md §3, issue 17): what an appointment kept on time earns at the
// dealer's settings, the no-shows that lose it, and where the customer and the staff see it.
// The test clock: Friday 2026-11-20 10:00 in Shanghai; the bookings are for Monday 2026-11-23.

const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const FRIDAY = '2026-11-20T02:00:00Z';

let ctx: TestContext;
let manager: Client;
let agent: Client;
let sa: Client;
let cashier: Client;

const OFFER = {
  keptLabourDiscountPercent: 10,
  dedicatedLane: true,
  apologyGift: '车载香薰',
  noShowForfeitCount: 2,
  noShowForfeitMonths: 12,
};

async function car() {
  const customer = await createCustomer(agent, { name: `礼遇${Math.floor(Math.random() * 1e6)}` });
  const vehicle = await createVehicle(agent, customer.id, { modelId: ctx.network.modelId });
  return { customerId: customer.id as string, vehicleId: vehicle.id as string };
}

async function book(vehicleId: string, startsAt: string) {
  ctx.clock.set(FRIDAY);
  const response = await agent.post('/api/v1/appointments', {
    vehicleId,
    startsAt,
    durationMinutes: 60,
    requestedWork: [{ kind: 'maintenance', description: '保养' }],
    channel: 'phone',
  });
  expect(response.statusCode).toBe(201);
  return response.json();
}

/** Checked in at `arrivedAt` from the appointment, greeted then; an order of 1.5 h customer labour made ready at `readyAt`, then invoiced. */
async function invoiceAfter(appointmentId: string, times: { arrivedAt: string; promisedAt: string; readyAt: string }) {
  ctx.clock.set(times.arrivedAt);
  const visit = await sa.post('/api/v1/visits', { appointmentId });
  expect(visit.statusCode).toBe(201);
  let ro = (
    await sa.post('/api/v1/repair-orders', {
      visitId: visit.json().id,
      concerns: '保养',
      promisedAt: times.promisedAt,
      odometerKm: 12_000,
      lines: [{ kind: 'labour', description: '常规保养', hours: 1.5, payType: 'customer' }],
    })
  ).json();
  ro = (await sa.post(`/api/v1/repair-orders/${ro.id}/authorise`, { version: ro.version, signaturePng: PNG })).json();
  for (const to of ['in_progress', 'quality_check'])
    ro = (await sa.post(`/api/v1/repair-orders/${ro.id}/transitions`, { version: ro.version, to })).json();
  ctx.clock.set(times.readyAt);
  ro = (await sa.post(`/api/v1/repair-orders/${ro.id}/transitions`, { version: ro.version, to: 'ready' })).json();
  const invoice = await cashier.post(`/api/v1/repair-orders/${ro.id}/invoice`, { version: ro.version });
  expect(invoice.statusCode).toBe(201);
  return invoice.json();
}

beforeAll(async () => {
  ctx = await createTestContext({ now: FRIDAY, config: { sessionTtlHours: 24 * 14 } });
  const dealerId = ctx.network.dealerA;
  for (let i = 0; i < 3; i++) await buildUser(ctx.db, ctx.network, { dealerId, roles: ['service_advisor'] });
  for (let i = 0; i < 6; i++) await buildUser(ctx.db, ctx.network, { dealerId, roles: ['technician'] });
  manager = await ctx.loginAs({ dealerId, roles: ['service_manager'] });
  agent = await ctx.loginAs({ dealerId, roles: ['appointment_agent'] });
  sa = await ctx.loginAs({ dealerId, roles: ['service_advisor'] });
  cashier = await ctx.loginAs({ dealerId, roles: ['cashier'] });
});
afterAll(() => ctx.close());

describe('booking benefits', () => {
  it('are the dealer’s settings, bounded, and a bad value changes nothing', async () => {
    const before = (await manager.get('/api/v1/appointment-settings')).json();
    expect(before).toMatchObject({ keptLabourDiscountPercent: 0, dedicatedLane: false, apologyGift: '' });
    const bad = await manager.patch('/api/v1/appointment-settings', { ...OFFER, keptLabourDiscountPercent: 50 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('keptLabourDiscountPercent');
    expect((await manager.get('/api/v1/appointment-settings')).json()).toEqual(before);
    expect((await agent.patch('/api/v1/appointment-settings', OFFER)).statusCode).toBe(403);
    const saved = await manager.patch('/api/v1/appointment-settings', OFFER);
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject(OFFER);
  });

  it('are promised in the confirmation SMS and flag the dedicated lane on the board', async () => {
    const { vehicleId } = await car();
    const appointment = await book(vehicleId, '2026-11-23T09:00:00+08:00');
    expect(appointment.benefits).toEqual({ dedicatedLane: true, lostToNoShows: false, recentNoShows: 0, priorityMember: false });
    const sms = await ctx.db
      .selectFrom('outbox_messages')
      .select(['template', 'body'])
      .where('dedupe_key', '=', `appointment:${appointment.id}:booked`)
      .executeTakeFirstOrThrow();
    expect(sms.template).toBe('appointment.booked_benefits');
    expect(sms.body).toContain('前后15分钟内');
    expect(sms.body).toContain('工时费10%优惠');
    expect(sms.body).toContain('预约专用通道');
    expect(sms.body).toContain('车载香薰');
    const board = (await sa.get('/api/v1/appointments?from=2026-11-23&to=2026-11-23')).json().items;
    expect(board.find((a: { id: string }) => a.id === appointment.id).benefits.dedicatedLane).toBe(true);
  });

  it('discount the labour of an appointment kept on time on the invoice and its PDF', async () => {
    const { vehicleId } = await car();
    const appointment = await book(vehicleId, '2026-11-23T09:00:00+08:00');
    const invoice = await invoiceAfter(appointment.id, {
      arrivedAt: '2026-11-23T09:05:00+08:00',
      promisedAt: '2026-11-23T12:00:00+08:00',
      readyAt: '2026-11-23T11:30:00+08:00',
    });
    const labour = invoice.customerPayableFen;
    expect(invoice.bookingBenefit).toEqual({
      appointmentNumber: appointment.number,
      labourDiscountPercent: 10,
      discountFen: Math.round(labour / 10),
      apologyGift: null,
      dealerLate: null,
    });
    expect(invoice.discountFen).toBe(Math.round(labour / 10));
    expect(invoice.amountDueFen).toBe(labour - Math.round(labour / 10));
    const text = await pdfText(cashier, `/api/v1/invoices/${invoice.id}/pdf`);
    expect(text).toContain('准时预约工时优惠');
  });

  it('add the apology gift when the dealer was late, and give nothing to a late customer', async () => {
    const kept = await book((await car()).vehicleId, '2026-11-23T10:00:00+08:00');
    const late = await invoiceAfter(kept.id, {
      arrivedAt: '2026-11-23T10:00:00+08:00',
      promisedAt: '2026-11-23T12:00:00+08:00',
      readyAt: '2026-11-23T12:40:00+08:00',
    });
    expect(late.bookingBenefit).toMatchObject({ apologyGift: '车载香薰', dealerLate: 'delivery' });
    expect(await pdfText(cashier, `/api/v1/invoices/${late.id}/pdf`)).toContain('致歉礼品：车载香薰');

    const lateCustomer = await book((await car()).vehicleId, '2026-11-23T10:30:00+08:00');
    const invoice = await invoiceAfter(lateCustomer.id, {
      arrivedAt: '2026-11-23T11:10:00+08:00',
      promisedAt: '2026-11-23T13:00:00+08:00',
      readyAt: '2026-11-23T12:00:00+08:00',
    });
    expect(invoice.bookingBenefit).toBeNull();
    expect(invoice.discountFen).toBe(0);
  });

  it('are lost after two no-shows: no promise in the SMS, no lane, no discount', async () => {
    const { vehicleId } = await car();
    for (const startsAt of ['2026-11-23T14:00:00+08:00', '2026-11-24T14:00:00+08:00']) {
      const missed = await book(vehicleId, startsAt);
      // The no-show check's outcome, as its job records it.
      await ctx.db.updateTable('appointments').set({ status: 'no_show' }).where('id', '=', missed.id).execute();
    }
    const third = await book(vehicleId, '2026-11-25T09:00:00+08:00');
    expect(third.benefits).toEqual({ dedicatedLane: false, lostToNoShows: true, recentNoShows: 2, priorityMember: false });
    const sms = await ctx.db
      .selectFrom('outbox_messages')
      .select(['template', 'body'])
      .where('dedupe_key', '=', `appointment:${third.id}:booked`)
      .executeTakeFirstOrThrow();
    expect(sms.template).toBe('appointment.booked');
    expect(sms.body).not.toContain('工时费');
    const invoice = await invoiceAfter(third.id, {
      arrivedAt: '2026-11-25T09:00:00+08:00',
      promisedAt: '2026-11-25T12:00:00+08:00',
      readyAt: '2026-11-25T11:00:00+08:00',
    });
    expect(invoice.bookingBenefit).toBeNull();
  });
});
