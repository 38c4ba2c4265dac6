import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, type Client, createTestContext, type TestContext } from './harness.js';

// Staff, API tokens and dealers from the web app: the dealer admin for their dealer, the car
// maker's admin for dealers and the car maker's users. No command line needed.
let ctx: TestContext;
let adminA: Client;
let adminB: Client;
let oemAdmin: Client;
let saA: Client;

const login = (name: string, password: string) =>
  ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { login: name, password } });
// A dealer's staff audit into audit_log, the car maker's into network_audit_log.
const audits = async (entityId: string) =>
  await ctx.db
    .selectFrom((eb) =>
      eb
        .selectFrom('audit_log')
        .select(['action', 'actor_user_id', 'at', 'id'])
        .where('entity_id', '=', entityId)
        .unionAll(eb.selectFrom('network_audit_log').select(['action', 'actor_user_id', 'at', 'id']).where('entity_id', '=', entityId))
        .as('a'),
    )
    .select(['action', 'actor_user_id'])
    .orderBy('at')
    .orderBy('id')
    .execute();
const userCount = async () =>
  Number(
    (
      await ctx.db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

let serial = 0;
const newLogin = (prefix = 'staff') => `${prefix}.${process.pid}.${++serial}`;

async function addStaff(client: Client, body: Record<string, unknown> = {}) {
  const response = await client.post('/api/v1/admin/users', {
    login: newLogin(),
    displayName: '李明',
    roles: ['service_advisor'],
    password: 'first-pass-1',
    ...body,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

beforeAll(async () => {
  ctx = await createTestContext({ now: '2026-11-20T02:00:00Z' });
  adminA = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['dealer_admin'] });
  adminB = await ctx.loginAs({ dealerId: ctx.network.dealerB, roles: ['dealer_admin'] });
  oemAdmin = await ctx.loginAs({ dealerId: null, roles: ['oem_admin'] });
  saA = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['service_advisor'] });
});
afterAll(() => ctx.close());

describe('the dealer admin manages their staff', () => {
  it('adds a user who can then log in, audited', async () => {
    const name = newLogin('wang');
    const response = await adminA.post('/api/v1/admin/users', {
      login: name,
      displayName: '王敏',
      roles: ['service_advisor', 'cashier'],
      password: 'first-pass-1',
    });
    expect(response.statusCode, response.body).toBe(201);
    const user = response.json();
    expect(user).toMatchObject({
      login: name,
      displayName: '王敏',
      roles: ['service_advisor', 'cashier'],
      dealer: { id: ctx.network.dealerA, code: 'A01' },
      disabledAt: null,
      lockedUntil: null,
    });
    expect((await login(name, 'first-pass-1')).statusCode).toBe(200);
    expect(await audits(user.id)).toEqual([{ action: 'user.created', actor_user_id: adminA.user.id }]);
    const list = (await adminA.get('/api/v1/admin/users')).json().items;
    expect(list.map((u: { id: string }) => u.id)).toContain(user.id);
    expect(list.every((u: { dealer: { id: string } }) => u.dealer.id === ctx.network.dealerA)).toBe(true);
  });

  it('answers 409 on a duplicate login and 400 naming the field on bad input, creating nothing', async () => {
    const existing = await addStaff(adminA);
    const before = await userCount();
    const duplicate = await adminA.post('/api/v1/admin/users', {
      login: existing.login,
      displayName: '重复',
      roles: ['cashier'],
      password: 'first-pass-1',
    });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json()).toMatchObject({ code: 'login_taken', errors: [{ field: 'login', code: 'taken' }] });
    for (const [body, field] of [
      [{ password: 'short' }, 'password'],
      [{ roles: [] }, 'roles'],
      [{ roles: ['wizard'] }, 'roles'],
      [{ login: 'has space' }, 'login'],
      [{ displayName: 'x'.repeat(81) }, 'displayName'],
    ] as [Record<string, unknown>, string][]) {
      const response = await adminA.post('/api/v1/admin/users', {
        login: newLogin(),
        displayName: '李明',
        roles: ['cashier'],
        password: 'first-pass-1',
        ...body,
      });
      expect(response.statusCode, `${field}: ${response.body}`).toBe(400);
      expect(response.json().errors.some((e: { field: string }) => e.field.split('.')[0] === field)).toBe(true);
    }
    expect(await userCount()).toBe(before);
  });

  it('cannot give car-maker roles to dealer staff', async () => {
    const before = await userCount();
    const response = await adminA.post('/api/v1/admin/users', {
      login: newLogin(),
      displayName: '越权',
      roles: ['service_advisor', 'oem_admin'],
      password: 'first-pass-1',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toContainEqual(expect.objectContaining({ field: 'roles', code: 'role_not_allowed' }));
    expect(await userCount()).toBe(before);
    const user = await addStaff(adminA);
    const edit = await adminA.patch(`/api/v1/admin/users/${user.id}`, { roles: ['oem_analyst'] });
    expect(edit.statusCode).toBe(400);
    expect((await adminA.get(`/api/v1/admin/users/${user.id}`)).json().roles).toEqual(['service_advisor']);
  });

  it('edits roles: the new permissions apply at the next request', async () => {
    const user = await addStaff(adminA, { roles: ['cashier'] });
    const session = await login(user.login, 'first-pass-1');
    expect(session.json().user.permissions).not.toContain('customer.write');
    const edited = await adminA.patch(`/api/v1/admin/users/${user.id}`, { roles: ['service_advisor'], displayName: '李明（服务顾问）' });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ roles: ['service_advisor'], displayName: '李明（服务顾问）' });
    const cookie = session.cookies.find((c) => c.name === 'sb_session')!;
    const after = await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/session', headers: { cookie: `sb_session=${cookie.value}` } });
    expect(after.json().user.permissions).toContain('customer.write');
    expect((await audits(user.id)).map((a) => a.action)).toEqual(['user.created', 'user.updated']);
  });

  it('disables a user: no login, the open session ends; enabling lets them back in', async () => {
    const user = await addStaff(adminA);
    const session = await login(user.login, 'first-pass-1');
    const cookie = `sb_session=${session.cookies.find((c) => c.name === 'sb_session')!.value}`;
    const disabled = await adminA.post(`/api/v1/admin/users/${user.id}/disable`);
    expect(disabled.statusCode, disabled.body).toBe(200);
    expect(disabled.json().disabledAt).toBe('2026-11-20T02:00:00.000Z');
    expect((await login(user.login, 'first-pass-1')).statusCode).toBe(401);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/session', headers: { cookie } })).statusCode).toBe(401);
    expect((await adminA.get('/api/v1/admin/users')).json().items.map((u: { id: string }) => u.id)).not.toContain(user.id);
    expect((await adminA.get('/api/v1/admin/users?includeDisabled=true')).json().items.map((u: { id: string }) => u.id)).toContain(user.id);
    const enabled = await adminA.post(`/api/v1/admin/users/${user.id}/enable`);
    expect(enabled.json().disabledAt).toBeNull();
    expect((await login(user.login, 'first-pass-1')).statusCode).toBe(200);
    expect((await audits(user.id)).map((a) => a.action)).toEqual(['user.created', 'user.disabled', 'user.enabled']);
  });

  it('resets a password (the old one stops working, the lock is lifted) and unlocks', async () => {
    const user = await addStaff(adminA);
    for (let i = 0; i < 5; i++) await login(user.login, `wrong-${i}`);
    expect((await login(user.login, 'first-pass-1')).statusCode).toBe(423);
    expect((await adminA.get(`/api/v1/admin/users/${user.id}`)).json().lockedUntil).not.toBeNull();
    const unlocked = await adminA.post(`/api/v1/admin/users/${user.id}/unlock`);
    expect(unlocked.statusCode).toBe(200);
    expect(unlocked.json().lockedUntil).toBeNull();
    expect((await login(user.login, 'first-pass-1')).statusCode).toBe(200);

    for (let i = 0; i < 5; i++) await login(user.login, `wrong-${i}`);
    const reset = await adminA.post(`/api/v1/admin/users/${user.id}/password`, { password: 'second-pass-2' });
    expect(reset.statusCode, reset.body).toBe(200);
    expect((await login(user.login, 'first-pass-1')).statusCode).toBe(401);
    expect((await login(user.login, 'second-pass-2')).statusCode).toBe(200);
    expect((await adminA.post(`/api/v1/admin/users/${user.id}/password`, { password: 'short' })).statusCode).toBe(400);
    const trail = await ctx.db.selectFrom('audit_log').select(['action', 'before', 'after']).where('entity_id', '=', user.id).execute();
    expect(trail.map((a) => a.action)).toEqual(expect.arrayContaining(['user.unlocked', 'user.password_reset']));
    expect(JSON.stringify(trail)).not.toContain('second-pass-2');
  });

  it('cannot remove their own admin role or disable themselves', async () => {
    const own = await adminA.patch(`/api/v1/admin/users/${adminA.user.id}`, { roles: ['service_manager'] });
    expect(own.statusCode).toBe(409);
    expect(own.json()).toMatchObject({ code: 'self_lockout', errors: [{ field: 'roles', code: 'own_admin_role' }] });
    expect((await adminA.post(`/api/v1/admin/users/${adminA.user.id}/disable`)).json().code).toBe('self_lockout');
    expect((await adminA.get(`/api/v1/admin/users/${adminA.user.id}`)).json()).toMatchObject({ roles: ['dealer_admin'], disabledAt: null });
    // Adding a role to oneself is fine.
    expect((await adminA.patch(`/api/v1/admin/users/${adminA.user.id}`, { roles: ['dealer_admin', 'service_manager'] })).statusCode).toBe(
      200,
    );
  });

  it('is refused to staff without user management', async () => {
    expect((await saA.get('/api/v1/admin/users')).statusCode).toBe(403);
    expect(
      (await saA.post('/api/v1/admin/users', { login: newLogin(), displayName: '李明', roles: ['cashier'], password: 'first-pass-1' }))
        .statusCode,
    ).toBe(403);
    expect((await saA.get('/api/v1/admin/tokens')).statusCode).toBe(403);
    expect((await saA.post(`/api/v1/admin/users/${saA.user.id}/unlock`)).statusCode).toBe(403);
  });
});

describe('isolation between dealers', () => {
  it('a dealer admin of A gets 404 for every action on a user of B, and B is unchanged', async () => {
    const userOfB = await addStaff(adminB, { roles: ['cashier'] });
    const id = userOfB.id;
    for (const [label, call] of [
      ['GET', () => adminA.get(`/api/v1/admin/users/${id}`)],
      ['PATCH', () => adminA.patch(`/api/v1/admin/users/${id}`, { roles: ['service_advisor'] })],
      ['disable', () => adminA.post(`/api/v1/admin/users/${id}/disable`)],
      ['enable', () => adminA.post(`/api/v1/admin/users/${id}/enable`)],
      ['password', () => adminA.post(`/api/v1/admin/users/${id}/password`, { password: 'taken-over-1' })],
      ['unlock', () => adminA.post(`/api/v1/admin/users/${id}/unlock`)],
      ['list B', () => adminA.get(`/api/v1/admin/users?dealerId=${ctx.network.dealerB}`)],
      [
        'create in B',
        () =>
          adminA.post('/api/v1/admin/users', {
            login: newLogin(),
            displayName: '越界',
            roles: ['cashier'],
            password: 'first-pass-1',
            dealerId: ctx.network.dealerB,
          }),
      ],
    ] as const) {
      const response = await call();
      expect(response.statusCode, `${label}: ${response.body}`).toBe(404);
    }
    expect((await adminA.get('/api/v1/admin/users')).json().items.map((u: { id: string }) => u.id)).not.toContain(id);
    expect((await adminB.get(`/api/v1/admin/users/${id}`)).json()).toMatchObject({ roles: ['cashier'], disabledAt: null });
    expect((await login(userOfB.login, 'first-pass-1')).statusCode).toBe(200);
    expect((await audits(id)).map((a) => a.action)).toEqual(['user.created']);
  });
});

describe('integration API tokens', () => {
  it('lists, and revokes: the token stops working; another dealer cannot see or revoke it', async () => {
    const created = await adminA.post('/api/v1/auth/tokens', { name: 'DMS 同步' });
    expect(created.statusCode).toBe(201);
    const { id, token } = created.json();
    const bearer = () => ctx.app.inject({ method: 'GET', url: '/api/v1/customers', headers: { authorization: `Bearer ${token}` } });
    expect((await bearer()).statusCode).toBe(200);

    const list = (await adminA.get('/api/v1/admin/tokens')).json().items;
    expect(list).toContainEqual(
      expect.objectContaining({ id, name: 'DMS 同步', user: expect.objectContaining({ id: adminA.user.id }), revokedAt: null }),
    );
    expect(JSON.stringify(list)).not.toContain(token);
    expect((await adminB.get('/api/v1/admin/tokens')).json().items.map((t: { id: string }) => t.id)).not.toContain(id);
    expect((await adminB.post(`/api/v1/admin/tokens/${id}/revoke`)).statusCode).toBe(404);
    expect((await bearer()).statusCode).toBe(200);

    const revoked = await adminA.post(`/api/v1/admin/tokens/${id}/revoke`);
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().revokedAt).toBe('2026-11-20T02:00:00.000Z');
    expect((await bearer()).statusCode).toBe(401);
    expect((await adminA.post(`/api/v1/admin/tokens/${id}/revoke`)).statusCode).toBe(200);
    expect((await audits(id)).map((a) => a.action)).toEqual(['api_token.created', 'api_token.revoked']);
  });
});

describe('the car maker’s admin', () => {
  it('adds and edits dealers; a duplicate code is 409; dealer staff cannot', async () => {
    const created = await oemAdmin.post('/api/v1/admin/dealers', {
      code: 'gz01',
      name: '广州远航4S店',
      grade: 'B',
      city: '广州',
      openingHours: { opensAt: '08:30', closesAt: '18:00' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const dealer = created.json();
    expect(dealer).toMatchObject({
      code: 'GZ01',
      name: '广州远航4S店',
      grade: 'B',
      timeZone: 'Asia/Shanghai',
      openingHours: { opensAt: '08:30', closesAt: '18:00' },
    });
    expect((await oemAdmin.get('/api/v1/dealers')).json().items.map((d: { id: string }) => d.id)).toContain(dealer.id);

    const duplicate = await oemAdmin.post('/api/v1/admin/dealers', { code: 'GZ01', name: '另一家', grade: 'C', city: '广州' });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json()).toMatchObject({ code: 'dealer_code_taken', errors: [{ field: 'code' }] });
    const badHours = await oemAdmin.post('/api/v1/admin/dealers', {
      code: 'GZ02',
      name: '营业时间错',
      grade: 'C',
      city: '广州',
      openingHours: { opensAt: '18:00', closesAt: '08:00' },
    });
    expect(badHours.statusCode).toBe(400);
    expect(
      (
        await oemAdmin.post('/api/v1/admin/dealers', { code: 'GZ03', name: '时区错', grade: 'C', city: '广州', timeZone: 'Mars/Olympus' })
      ).json().errors[0].field,
    ).toBe('timeZone');

    const edited = await oemAdmin.patch(`/api/v1/admin/dealers/${dealer.id}`, {
      grade: 'A',
      openingHours: { opensAt: '09:00', closesAt: '19:00' },
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ grade: 'A', openingHours: { opensAt: '09:00', closesAt: '19:00' }, name: '广州远航4S店' });
    expect((await audits(dealer.id)).map((a) => a.action)).toEqual(['dealer.created', 'dealer.updated']);

    expect((await adminA.post('/api/v1/admin/dealers', { code: 'GZ09', name: '越权', grade: 'C', city: '广州' })).statusCode).toBe(403);
    expect((await adminA.patch(`/api/v1/admin/dealers/${ctx.network.dealerA}`, { grade: 'A' })).statusCode).toBe(403);
  });

  it('manages the car maker’s users and gives a new dealer its first admin', async () => {
    const analyst = await addStaff(oemAdmin, { roles: ['oem_analyst'] });
    expect(analyst.dealer).toBeNull();
    expect((await oemAdmin.get('/api/v1/admin/users')).json().items.map((u: { id: string }) => u.id)).toContain(analyst.id);
    const dealerRoleForCarMaker = await oemAdmin.post('/api/v1/admin/users', {
      login: newLogin(),
      displayName: '错角色',
      roles: ['service_advisor'],
      password: 'first-pass-1',
    });
    expect(dealerRoleForCarMaker.statusCode).toBe(400);

    const dealer = (await oemAdmin.post('/api/v1/admin/dealers', { code: 'SZ01', name: '深圳远航4S店', grade: 'C', city: '深圳' })).json();
    const firstAdmin = await addStaff(oemAdmin, { roles: ['dealer_admin'], dealerId: dealer.id });
    expect(firstAdmin.dealer).toMatchObject({ id: dealer.id, code: 'SZ01' });
    const session = await login(firstAdmin.login, 'first-pass-1');
    expect(session.json().user).toMatchObject({ dealer: { id: dealer.id }, roles: ['dealer_admin'] });
    expect((await oemAdmin.get(`/api/v1/admin/users?dealerId=${dealer.id}`)).json().items.map((u: { id: string }) => u.id)).toEqual([
      firstAdmin.id,
    ]);
    // The car maker's admin reaches dealer staff too (e.g. to unlock a dealer's only admin).
    expect((await oemAdmin.post(`/api/v1/admin/users/${firstAdmin.id}/unlock`)).statusCode).toBe(200);
    // But not their own admin role.
    expect((await oemAdmin.patch(`/api/v1/admin/users/${oemAdmin.user.id}`, { roles: ['oem_analyst'] })).statusCode).toBe(409);
  });

  it('reaches every dealer’s staff, where a dealer admin gets 404', async () => {
    const stray = await buildUser(ctx.db, ctx.network, { dealerId: ctx.network.dealerB, roles: ['technician'] });
    expect((await adminA.get(`/api/v1/admin/users/${stray.id}`)).statusCode).toBe(404);
    expect((await oemAdmin.get(`/api/v1/admin/users/${stray.id}`)).statusCode).toBe(200);
  });
});
