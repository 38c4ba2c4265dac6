import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createCustomer, createTestContext, createVehicle, pdfText, type TestContext } from './harness.js';

// The printed repair order carries the dealer's phone (issue 12, point 12: its "电话" line was
// empty); a dealer without a phone on file prints no empty line. Friday 2026-11-20 10:00 in Shanghai.

let ctx: TestContext;
let sa: Client;

async function printedOrder() {
  const customer = await createCustomer(sa, { name: '王建国' });
  const vehicle = await createVehicle(sa, customer.id);
  const visit = (await sa.post('/api/v1/visits', { vehicleId: vehicle.id })).json();
  const ro = await sa.post('/api/v1/repair-orders', {
    visitId: visit.id,
    concerns: '常规保养',
    promisedAt: '2026-11-20T17:00:00+08:00',
    lines: [{ kind: 'labour', description: '常规保养', hours: 1, payType: 'customer' }],
  });
  expect(ro.statusCode, ro.body).toBe(201);
  return pdfText(sa, `/api/v1/repair-orders/${ro.json().id}/pdf`);
}

beforeAll(async () => {
  ctx = await createTestContext({ now: '2026-11-20T02:00:00Z' });
  sa = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['service_advisor'] });
});
afterAll(() => ctx?.close());

describe('the printed repair order', () => {
  it('prints the dealer’s phone, and no empty phone line without one', async () => {
    expect(await printedOrder()).not.toContain('电话');
    await ctx.db.updateTable('dealers').set({ phone: '010-8456 6688' }).where('id', '=', ctx.network.dealerA).execute();
    expect(await printedOrder()).toContain('电话010-84566688');
  });
});
