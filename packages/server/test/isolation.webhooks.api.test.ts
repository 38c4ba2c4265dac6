import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildNetwork, buildUser, type Client, createTestContext, TEST_PASSWORD, type TestContext } from './harness.js';

// Webhooks are their owner's: a dealer's subscriptions are the dealer's, the car maker's are its
// network's. Another dealer, a dealer of the same network, and another car maker see none of them.

let ctx: TestContext;
let adminA: Client;
let adminB: Client;
let oemAdmin: Client;
let otherOemAdmin: {
  get: (url: string) => Promise<{ statusCode: number; json: () => any }>;
  post: (url: string) => Promise<{ statusCode: number }>;
  delete: (url: string) => Promise<{ statusCode: number }>;
};

beforeAll(async () => {
  ctx = await createTestContext();
  adminA = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['dealer_admin'] });
  adminB = await ctx.loginAs({ dealerId: ctx.network.dealerB, roles: ['dealer_admin'] });
  oemAdmin = await ctx.loginAs({ dealerId: null, roles: ['oem_admin'] });
  const other = await buildNetwork(ctx.db, ctx.clock.now());
  const user = await buildUser(ctx.db, other, { dealerId: null, roles: ['oem_admin'] });
  const login = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { login: user.login, password: TEST_PASSWORD },
  });
  const cookie = `sb_session=${login.cookies.find((c) => c.name === 'sb_session')!.value}`;
  const headers = { cookie, 'x-csrf-token': login.json().csrfToken };
  otherOemAdmin = {
    get: (url) => ctx.app.inject({ method: 'GET', url, headers }),
    post: (url) => ctx.app.inject({ method: 'POST', url, headers, payload: {} }),
    delete: (url) => ctx.app.inject({ method: 'DELETE', url, headers }),
  };
});
afterAll(() => ctx.close());

describe('webhooks', () => {
  it("keeps each owner's subscriptions, logs, pings and replays to itself", async () => {
    const url = 'http://127.0.0.1:9/hook';
    const dealerSub = (await adminA.post('/api/v1/webhooks', { url, events: ['appointment.booked'] })).json();
    const networkSub = (await oemAdmin.post('/api/v1/webhooks', { url, events: ['appointment.booked'] })).json();
    // Pings to a closed port fail, but each leaves a delivery in its owner's log.
    const dealerPing = (await adminA.post(`/api/v1/webhooks/${dealerSub.id}/ping`)).json().delivery;
    const networkPing = (await oemAdmin.post(`/api/v1/webhooks/${networkSub.id}/ping`)).json().delivery;

    const ids = async (client: { get: (url: string) => Promise<{ json: () => any }> }) =>
      (await client.get('/api/v1/webhooks')).json().items.map((w: { id: string }) => w.id);
    expect(await ids(adminA)).toEqual([dealerSub.id]);
    expect(await ids(adminB)).toEqual([]);
    expect(await ids(oemAdmin)).toEqual([networkSub.id]);
    expect(await ids(otherOemAdmin)).toEqual([]);

    for (const [client, sub, delivery] of [
      [adminB, dealerSub, dealerPing],
      [adminA, networkSub, networkPing],
      [adminB, networkSub, networkPing],
      [oemAdmin, dealerSub, dealerPing],
      [otherOemAdmin, networkSub, networkPing],
      [otherOemAdmin, dealerSub, dealerPing],
    ] as const) {
      expect((await client.get(`/api/v1/webhooks/${sub.id}/deliveries`)).statusCode).toBe(404);
      expect((await client.post(`/api/v1/webhooks/${sub.id}/ping`)).statusCode).toBe(404);
      expect((await client.post(`/api/v1/webhook-deliveries/${delivery.id}/replay`)).statusCode).toBe(404);
      expect((await client.delete(`/api/v1/webhooks/${sub.id}`)).statusCode).toBe(404);
    }
    // Still there for their owners.
    expect((await adminA.get(`/api/v1/webhooks/${dealerSub.id}/deliveries`)).json().items).toHaveLength(1);
    expect((await oemAdmin.get(`/api/v1/webhooks/${networkSub.id}/deliveries`)).json().items).toHaveLength(1);
  });
});
