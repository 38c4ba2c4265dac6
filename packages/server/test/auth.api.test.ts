import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, createTestContext, TEST_PASSWORD, type TestContext, testConfig } from './harness.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({ loginRateLimitPerMinute: 12 });
});
afterAll(() => ctx.close());

const login = (loginName: string, password: string) =>
  ctx.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { login: loginName, password },
    remoteAddress: `10.0.0.${Math.floor(Math.random() * 250)}`,
  });

describe('login', () => {
  it('sets an httpOnly SameSite session cookie and returns the user with a CSRF token', async () => {
    const user = await buildUser(ctx.db, ctx.network, { dealerId: ctx.network.dealerA, roles: ['service_advisor'] });
    const response = await login(user.login, TEST_PASSWORD);
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((c) => c.name === 'sb_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    expect(cookie.secure).toBeFalsy(); // plain HTTP here; Secure behind TLS
    const body = response.json();
    expect(body.csrfToken).toMatch(/.{20,}/);
    expect(body.user).toMatchObject({ login: user.login, roles: ['service_advisor'], dealer: { id: ctx.network.dealerA } });
    expect(body.user.permissions).toContain('customer.write');
    expect(body.user.permissions).not.toContain('user.manage');

    const session = await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/session', headers: { cookie: `sb_session=${cookie.value}` } });
    expect(session.json().csrfToken).toBe(body.csrfToken);
  });

  it('marks the cookie Secure behind TLS', async () => {
    const user = await buildUser(ctx.db, ctx.network, { dealerId: ctx.network.dealerA, roles: ['cashier'] });
    const { buildApp } = await import('../src/app.js');
    const app = await buildApp({
      handle: ctx.handle,
      clock: ctx.clock,
      logger: false,
      work: false,
      config: testConfig({ trustProxy: true }),
    });
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { login: user.login, password: TEST_PASSWORD },
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(response.cookies.find((c) => c.name === 'sb_session')!.secure).toBe(true);
    await app.close();
  });

  it('stores no plaintext password and no fast hash', async () => {
    const user = await buildUser(ctx.db, ctx.network, { dealerId: ctx.network.dealerA, roles: ['cashier'] });
    const row = await ctx.db.selectFrom('users').select('password_hash').where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(row.password_hash).not.toContain(TEST_PASSWORD);
  });

  it('answers a wrong password and an unknown login the same way', async () => {
    const user = await buildUser(ctx.db, ctx.network, { dealerId: ctx.network.dealerA, roles: ['cashier'] });
    const wrong = await login(user.login, 'nope-nope');
    const unknown = await login('nobody-here', 'nope-nope');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().code).toBe('invalid_credentials');
    expect(unknown.json().detail).toBe(wrong.json().detail);
  });

  it('locks the account after 5 failures, even for the right password, until the lock expires', async () => {
    const user = await buildUser(ctx.db, ctx.network, { dealerId: ctx.network.dealerA, roles: ['cashier'] });
    for (let i = 0; i < 5; i++) expect((await login(user.login, `wrong-${i}`)).statusCode).toBe(401);
    const locked = await login(user.login, TEST_PASSWORD);
    expect(locked.statusCode).toBe(423);
    expect(locked.json().code).toBe('account_locked');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    ctx.clock.advance(16 * 60_000);
    expect((await login(user.login, TEST_PASSWORD)).statusCode).toBe(200);
    ctx.clock.advance(-16 * 60_000);
  });

  it('rate-limits login attempts per address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 14; i++) {
      const r = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { login: 'x', password: 'y' },
        remoteAddress: '10.9.9.9',
      });
      statuses.push(r.statusCode);
    }
    expect(statuses.slice(0, 12).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(12)).toEqual([429, 429]);
  });
});

describe('sessions and CSRF', () => {
  it('refuses a cookie write without the CSRF header, and accepts it with the header', async () => {
    const sa = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['service_advisor'] });
    const cookie = (
      await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { login: sa.user.login, password: TEST_PASSWORD } })
    ).headers['set-cookie'];
    const sessionCookie = String(cookie).split(';')[0]!;
    const noHeader = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/customers',
      headers: { cookie: sessionCookie },
      payload: { name: '无令牌', mobile: '13911112222' },
    });
    expect(noHeader.statusCode).toBe(403);
    expect(noHeader.json().code).toBe('csrf_failed');
    expect(await ctx.db.selectFrom('customers').select('id').where('mobile', '=', '13911112222').executeTakeFirst()).toBeUndefined();
    expect((await sa.post('/api/v1/customers', { name: '有令牌', mobile: '13911112222' })).statusCode).toBe(201);
  });

  it('ends the session on logout', async () => {
    const sa = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['service_advisor'] });
    expect((await sa.get('/api/v1/customers')).statusCode).toBe(200);
    expect((await sa.post('/api/v1/auth/logout')).statusCode).toBe(204);
    expect((await sa.get('/api/v1/customers')).statusCode).toBe(401);
  });

  it('expires sessions after their time to live', async () => {
    const sa = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['service_advisor'] });
    ctx.clock.advance(13 * 3_600_000);
    const response = await sa.get('/api/v1/customers');
    ctx.clock.advance(-13 * 3_600_000);
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toContain('application/problem+json');
  });
});

describe('API tokens for integrations', () => {
  it('authenticates with a Bearer token without CSRF, as the user who made it', async () => {
    const sa = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['service_advisor'] });
    const created = await sa.post('/api/v1/auth/tokens', { name: 'DMS sync' });
    expect(created.statusCode).toBe(201);
    const { token } = created.json();
    expect(token).toMatch(/^sbt_/);
    const stored = await ctx.db.selectFrom('api_tokens').select('token_hash').where('name', '=', 'DMS sync').executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(token);

    const write = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/customers',
      headers: { authorization: `Bearer ${token}` },
      payload: { name: '接口客户', mobile: '13922223333' },
    });
    expect(write.statusCode).toBe(201);
    const audit = await ctx.db.selectFrom('audit_log').selectAll().where('entity_id', '=', write.json().id).executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actor_user_id: sa.user.id });
    expect(audit.actor_token_id).not.toBeNull();

    const bad = await ctx.app.inject({ method: 'GET', url: '/api/v1/customers', headers: { authorization: 'Bearer sbt_forged' } });
    expect(bad.statusCode).toBe(401);
  });
});
