import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOOKING_CACHE_TTL_MS } from '../src/modules/appointments/appointments.capacity.js';
import { ACTOR_CACHE_TTL_MS } from '../src/platform/authenticate.js';
import { buildUser, type Client, createTestContext, type TestContext } from './harness.js';

// Who a session or token is, and a dealer's booking settings and capacity, are kept per process for
// a few seconds; a change made through the API holds at the very next request.

let ctx: TestContext;
let adminA: Client;

beforeAll(async () => {
  ctx = await createTestContext();
  adminA = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['dealer_admin'] });
});
afterAll(() => ctx.close());

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('the actor of a session or API token', () => {
  it('is read once within the TTL: a session deleted behind the services’ back still works until it expires', async () => {
    const sa = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['service_advisor'] });
    expect((await sa.get('/api/v1/auth/session')).statusCode).toBe(200);
    await ctx.db.deleteFrom('sessions').where('user_id', '=', sa.user.id).execute();
    expect((await sa.get('/api/v1/auth/session')).statusCode).toBe(200);
    ctx.clock.advance(ACTOR_CACHE_TTL_MS);
    expect((await sa.get('/api/v1/auth/session')).statusCode).toBe(401);
  });

  it('refuses a revoked API token at the next request', async () => {
    const sa = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['service_advisor'] });
    const created = (await sa.post('/api/v1/auth/tokens', { name: 'DMS sync' })).json();
    const call = () => ctx.app.inject({ method: 'GET', url: '/api/v1/appointment-settings', headers: bearer(created.token) });
    expect((await call()).statusCode).toBe(200);
    expect((await call()).statusCode).toBe(200);
    expect((await adminA.post(`/api/v1/admin/tokens/${created.id}/revoke`)).statusCode).toBe(200);
    expect((await call()).statusCode).toBe(401);
  });

  it('refuses the session cookie right after logout', async () => {
    const sa = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['service_advisor'] });
    expect((await sa.get('/api/v1/appointment-settings')).statusCode).toBe(200);
    expect((await sa.post('/api/v1/auth/logout')).statusCode).toBe(204);
    expect((await sa.get('/api/v1/appointment-settings')).statusCode).toBe(401);
  });

  it('applies a removed role at the next request', async () => {
    const other = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['dealer_admin', 'service_advisor'] });
    expect((await other.get('/api/v1/admin/users')).statusCode).toBe(200);
    expect((await adminA.patch(`/api/v1/admin/users/${other.user.id}`, { roles: ['service_advisor'] })).statusCode).toBe(200);
    expect((await other.get('/api/v1/admin/users')).statusCode).toBe(403);
  });

  it('ends the sessions of a disabled user at once', async () => {
    const sa = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['service_advisor'] });
    expect((await sa.get('/api/v1/appointment-settings')).statusCode).toBe(200);
    expect((await adminA.post(`/api/v1/admin/users/${sa.user.id}/disable`)).statusCode).toBe(200);
    expect((await sa.get('/api/v1/appointment-settings')).statusCode).toBe(401);
  });
});

describe('the booking settings and capacity', () => {
  const day = '2026-11-26';
  const availability = async (client: Client) => (await client.get(`/api/v1/availability?from=${day}&to=${day}`)).json().days[0];

  it('uses a setting changed through the API at the next availability read', async () => {
    const manager = await ctx.loginAs({ dealerId: ctx.network.dealerB, roles: ['service_manager'] });
    const before = await availability(manager);
    expect((await manager.patch('/api/v1/appointment-settings', { slotMinutes: 60 })).statusCode).toBe(200);
    const after = await availability(manager);
    expect(after.slots.length).toBeLessThan(before.slots.length);
    expect(after.slots[1].time).toBe(timeAfter(after.slots[0].time, 60));
  });

  it('uses a roster change at once, and a change made elsewhere once the TTL has passed', async () => {
    const dealerId = ctx.network.dealerA;
    const advisors = [];
    for (let i = 0; i < 5; i++) advisors.push((await buildUser(ctx.db, ctx.network, { dealerId, roles: ['service_advisor'] })).id);
    for (let i = 0; i < 10; i++) await buildUser(ctx.db, ctx.network, { dealerId, roles: ['technician'] });
    const manager = await ctx.loginAs({ dealerId, roles: ['service_manager'] });
    const full = (await availability(manager)).capacityPerSlot;
    expect((await manager.put(`/api/v1/roster/${day}`, { offUserIds: advisors.slice(0, 1) })).statusCode).toBe(200);
    const oneOff = (await availability(manager)).capacityPerSlot;
    expect(oneOff).toBeLessThan(full);

    // Another process's change (here: straight to the database) is seen after the TTL.
    await ctx.db.deleteFrom('staff_absences').where('dealer_id', '=', dealerId).execute();
    expect((await availability(manager)).capacityPerSlot).toBe(oneOff);
    ctx.clock.advance(BOOKING_CACHE_TTL_MS);
    expect((await availability(manager)).capacityPerSlot).toBe(full);
  });
});

function timeAfter(time: string, minutes: number) {
  const total = Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5)) + minutes;
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}
