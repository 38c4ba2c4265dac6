import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createCustomer, createTestContext, type TestContext } from './harness.js';

// Customer activities: a dealer never reads, changes, invites to or marks another dealer's activity;
// the car maker reads its network's activities and reports (narrowed to a dealer) and writes nothing;
// a sign-up link opens its own invitation only.

const DAY = 86_400_000;
let ctx: TestContext;
let managerA: Client;
let managerB: Client;
let analyst: Client;
let oemAdmin: Client;
let activityA: { id: string; version: number };
let customerA: string;
let customerA2: string;

const rowOf = (id: string) => ctx.db.selectFrom('activities').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const body = (startOffsetDays: number) => {
  const start = ctx.clock.now().getTime() + startOffsetDays * DAY;
  return {
    kind: 'joint_promotion',
    title: '联合促销',
    place: '店内',
    startsAt: new Date(start).toISOString(),
    endsAt: new Date(start + 4 * 3_600_000).toISOString(),
    capacity: 10,
  };
};
const tokenOf = async (customerId: string) => {
  const row = await ctx.db
    .selectFrom('activity_invitations as i')
    .innerJoin('outbox_messages as m', 'm.id', 'i.message_id')
    .select(['m.body', 'i.id'])
    .where('i.customer_id', '=', customerId)
    .executeTakeFirstOrThrow();
  return { token: /\/activity\/([A-Za-z0-9_-]+\/[A-Za-z0-9_-]+)/.exec(row.body)![1]!, invitationId: row.id };
};

beforeAll(async () => {
  ctx = await createTestContext();
  const { dealerA, dealerB } = ctx.network;
  managerA = await ctx.loginAs({ dealerId: dealerA, roles: ['customer_relations'] });
  managerB = await ctx.loginAs({ dealerId: dealerB, roles: ['service_manager'] });
  analyst = await ctx.loginAs({ dealerId: null, roles: ['oem_analyst'] });
  oemAdmin = await ctx.loginAs({ dealerId: null, roles: ['oem_admin'] });
  const saA = await ctx.loginAs({ dealerId: dealerA, roles: ['service_advisor'] });
  customerA = (await createCustomer(saA, { name: '甲客户' })).id;
  customerA2 = (await createCustomer(saA, { name: '甲客户二' })).id;
  activityA = (await managerA.post('/api/v1/activities', body(3))).json();
  activityA = (await managerA.post(`/api/v1/activities/${activityA.id}/open`)).json();
  const invited = await managerA.post(`/api/v1/activities/${activityA.id}/invitations`, { customerIds: [customerA, customerA2] });
  expect(invited.json()).toMatchObject({ invited: 2 });
  expect((await managerB.post('/api/v1/activities', body(4))).statusCode).toBe(201);
});
afterAll(() => ctx.close());

describe("activities: a dealer never sees or acts on another dealer's", () => {
  it('activity: read, change, open, cancel, close, invite, invitations, report → 404, and nothing changes', async () => {
    const before = await rowOf(activityA.id);
    const id = activityA.id;
    expect((await managerB.get(`/api/v1/activities/${id}`)).statusCode).toBe(404);
    expect((await managerB.put(`/api/v1/activities/${id}`, { ...body(3), version: activityA.version })).statusCode).toBe(404);
    expect((await managerB.post(`/api/v1/activities/${id}/open`)).statusCode).toBe(404);
    expect((await managerB.post(`/api/v1/activities/${id}/cancel`, { reason: '不是我们的' })).statusCode).toBe(404);
    expect((await managerB.post(`/api/v1/activities/${id}/close`)).statusCode).toBe(404);
    expect((await managerB.post(`/api/v1/activities/${id}/invitations/preview`, { priority: 'high' })).statusCode).toBe(404);
    expect((await managerB.post(`/api/v1/activities/${id}/invitations`, { priority: 'high' })).statusCode).toBe(404);
    expect((await managerB.get(`/api/v1/activities/${id}/invitations`)).statusCode).toBe(404);
    expect((await managerB.get(`/api/v1/activities/${id}/report`)).statusCode).toBe(404);
    expect(await rowOf(id)).toEqual(before);
  });

  it('activity in its list; naming the other dealer is 403', async () => {
    const own = (await managerB.get('/api/v1/activities')).json().items;
    expect(own.map((a: { dealer: { id: string } }) => a.dealer.id)).toEqual([ctx.network.dealerB]);
    expect((await managerB.get(`/api/v1/activities?dealerId=${ctx.network.dealerA}`)).statusCode).toBe(403);
  });

  it('customer: inviting another dealer’s customer by id is refused', async () => {
    const activityB = (await managerB.get('/api/v1/activities')).json().items[0];
    const response = await managerB.post(`/api/v1/activities/${activityB.id}/invitations`, { customerIds: [customerA] });
    expect([400, 409]).toContain(response.statusCode);
    expect(await ctx.db.selectFrom('activity_invitations').select('id').where('activity_id', '=', activityB.id).execute()).toEqual([]);
  });
});

describe('activities: the car maker', () => {
  it('reads every dealer’s activities, one dealer’s with dealerId, and their reports', async () => {
    const all = (await analyst.get('/api/v1/activities')).json().items;
    expect(new Set(all.map((a: { dealer: { id: string } }) => a.dealer.id))).toEqual(new Set([ctx.network.dealerA, ctx.network.dealerB]));
    const narrowed = (await analyst.get(`/api/v1/activities?dealerId=${ctx.network.dealerA}`)).json().items;
    expect(narrowed.map((a: { id: string }) => a.id)).toEqual([activityA.id]);
    expect(narrowed[0].can).toEqual({ edit: false, open: false, cancel: false, close: false, invite: false, markAttendance: false });
    expect((await analyst.get(`/api/v1/activities/${activityA.id}/report`)).json()).toMatchObject({ invited: 2 });
    expect((await analyst.get(`/api/v1/activities/${activityA.id}/invitations`)).json().items).toHaveLength(2);
  });

  it('writes nothing', async () => {
    const before = await rowOf(activityA.id);
    for (const client of [analyst, oemAdmin]) {
      expect((await client.post('/api/v1/activities', body(5))).statusCode).toBe(403);
      expect((await client.post(`/api/v1/activities/${activityA.id}/close`)).statusCode).toBe(403);
      expect((await client.post(`/api/v1/activities/${activityA.id}/cancel`, { reason: '网络取消' })).statusCode).toBe(403);
      expect((await client.post(`/api/v1/activities/${activityA.id}/invitations`, { priority: 'high' })).statusCode).toBe(403);
    }
    expect(await rowOf(activityA.id)).toEqual(before);
  });
});

describe('activities: a sign-up link', () => {
  it('opens its own invitation only', async () => {
    const first = await tokenOf(customerA);
    const second = await tokenOf(customerA2);
    const page = await ctx.app.inject({ method: 'GET', url: `/api/v1/public/activity-invitations/${first.token}` });
    expect(page.json().customerName).toBe('甲客户');
    const other = await ctx.app.inject({ method: 'GET', url: `/api/v1/public/activity-invitations/${second.token}` });
    expect(other.json().customerName).toBe('甲客户二');
    // A link with one character changed opens nothing.
    const altered = first.token.slice(0, -1) + (first.token.endsWith('A') ? 'B' : 'A');
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/public/activity-invitations/${altered}` })).statusCode).toBe(404);
    expect((await ctx.app.inject({ method: 'POST', url: `/api/v1/public/activity-invitations/${altered}/cancel` })).statusCode).toBe(404);
    // Under another dealer's code, or a code of no dealer, the token opens nothing; without a code (a link sent before
    // links carried the dealer) it still opens its invitation.
    const [code, bare] = first.token.split('/') as [string, string];
    expect(code).toBe('A01');
    for (const path of [`B01/${bare}`, `ZZ99/${bare}`, `B01/${bare}/sign-up`])
      expect(
        (await ctx.app.inject({ method: path.endsWith('sign-up') ? 'POST' : 'GET', url: `/api/v1/public/activity-invitations/${path}` }))
          .statusCode,
        path,
      ).toBe(404);
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/public/activity-invitations/${bare}` })).json().customerName).toBe(
      '甲客户',
    );
  });
});

describe('activities: attendance', () => {
  it("is marked only by the activity's own dealer, once it has begun", async () => {
    const { invitationId } = await tokenOf(customerA);
    ctx.clock.set(new Date(ctx.clock.now().getTime() + 3 * DAY + 3_600_000));
    managerB = await ctx.loginAs({ dealerId: ctx.network.dealerB, roles: ['service_manager'] });
    analyst = await ctx.loginAs({ dealerId: null, roles: ['oem_analyst'] });
    const url = `/api/v1/activities/${activityA.id}/invitations/${invitationId}/attendance`;
    expect((await managerB.post(url, { mark: 'attended' })).statusCode).toBe(404);
    expect((await analyst.post(url, { mark: 'attended' })).statusCode).toBe(403);
    const invitation = await ctx.db.selectFrom('activity_invitations').selectAll().where('id', '=', invitationId).executeTakeFirstOrThrow();
    expect(invitation.state).toBe('invited');
  });
});
