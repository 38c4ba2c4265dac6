import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { Role } from '@servicebay/contracts';
import pg from 'pg';
import { expect } from 'vitest';
import { buildApp } from '../src/app.js';
import { type Config, loadConfig } from '../src/config.js';
import { fixedClock } from '../src/platform/clock.js';
import { type Database, type DatabaseHandle, openPglite, openPostgres } from '../src/platform/db.js';
import { newId } from '../src/platform/ids.js';
import { migrateToLatest } from '../src/platform/migrate.js';
import { hashPassword } from '../src/platform/passwords.js';
import type { ReadTarget } from '../src/platform/read-routing.js';

export const TEST_PASSWORD = 'test-password-1';

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    ...loadConfig({
      LOG_LEVEL: 'silent',
      PUBLIC_URL: 'http://sb.test',
      SERVICEBAY_FILES_DIR: path.join(os.tmpdir(), `servicebay-test-files-${process.pid}`),
    }),
    webDist: '/nonexistent',
    loginRateLimitPerMinute: 1000,
    publicRateLimitPerMinute: 100_000,
    ...overrides,
  };
}

/**
 * A fresh, migrated database: PGlite in memory by default; with TEST_DATABASE_URL, a new PostgreSQL
 * database created for this test file and dropped afterwards. With TEST_DATABASE_READ_URL too (a
 * streaming replica of that server), the handle also holds a pool on the replica's copy of the
 * database, and the app reads its reports there.
 */
export async function createTestDatabase(): Promise<DatabaseHandle> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const handle = await openPglite(undefined);
    await migrateToLatest(handle.db);
    return handle;
  }
  const name = `sb_test_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${name}`;
  const handle = await openPostgres(target.toString(), { max: 60 });
  await migrateToLatest(handle.db);
  const readUrl = process.env.TEST_DATABASE_READ_URL;
  const replica = readUrl ? await openReplicaOf(readUrl, name) : undefined;
  return {
    ...handle,
    ...(replica ? { replica } : {}),
    close: async () => {
      await replica?.close();
      await handle.close();
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

/** The replica's copy of a database just created on the primary, once replication has brought it over. */
async function openReplicaOf(readUrl: string, name: string): Promise<DatabaseHandle> {
  const admin = new pg.Client({ connectionString: readUrl });
  await admin.connect();
  try {
    for (let attempt = 0; ; attempt++) {
      const { rows } = await admin.query('select 1 from pg_database where datname = $1', [name]);
      if (rows.length > 0) break;
      if (attempt >= 300) throw new Error(`database ${name} did not reach the replica at ${readUrl}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await admin.end();
  }
  const target = new URL(readUrl);
  target.pathname = `/${name}`;
  return openPostgres(target.toString(), { max: 20 });
}

/** Waits until the replica has replayed everything the primary has written so far. */
export async function replicaCaughtUp(handle: DatabaseHandle): Promise<void> {
  if (!handle.replica) return;
  const [{ lsn }] = (await handle.executeSql('select pg_current_wal_lsn()::text as lsn')).rows;
  for (let attempt = 0; attempt < 1000; attempt++) {
    const { rows } = await handle.replica.executeSql('select pg_last_wal_replay_lsn() >= $1::pg_lsn as done', [lsn]);
    if (rows[0]?.done) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`the replica did not replay ${lsn} in time`);
}

let passwordHash: Promise<string> | null = null;
const testPasswordHash = () => (passwordHash ??= hashPassword(TEST_PASSWORD));

export type TestNetwork = Awaited<ReturnType<typeof buildNetwork>>;

/** A network with two dealers (A and B), a model, and users created on demand. */
export async function buildNetwork(db: Database, createdAt: Date) {
  const networkId = newId();
  await db
    .insertInto('networks')
    .values({ id: networkId, code: `N${networkId.slice(-6)}`, name: '测试网络', created_at: createdAt })
    .execute();
  const dealerA = newId();
  const dealerB = newId();
  await db
    .insertInto('dealers')
    .values([
      {
        id: dealerA,
        network_id: networkId,
        code: 'A01',
        name: '甲店',
        grade: 'A',
        city: '北京',
        time_zone: 'Asia/Shanghai',
        opens_at: '08:30',
        closes_at: '20:00',
        created_at: createdAt,
      },
      {
        id: dealerB,
        network_id: networkId,
        code: 'B01',
        name: '乙店',
        grade: 'C',
        city: '成都',
        time_zone: 'Asia/Shanghai',
        opens_at: '08:30',
        closes_at: '18:00',
        created_at: createdAt,
      },
    ])
    .execute();
  const modelId = newId();
  await db
    .insertInto('vehicle_models')
    .values({
      id: modelId,
      network_id: networkId,
      code: 'S5',
      name: '远航 S5',
      fuel_type: 'petrol',
      service_interval_km: 5000,
      service_interval_months: 3,
    })
    .execute();
  return { networkId, dealerA, dealerB, modelId, createdAt };
}

// Users written straight to the database pass the services by, so their app's roster cache is told here.
const usersWritten = new WeakMap<Database, (dealerId: string) => void>();

export async function buildUser(db: Database, network: TestNetwork, options: { dealerId: string | null; roles: Role[]; login?: string }) {
  const id = newId();
  const login = options.login ?? `u${id.slice(-12)}`;
  await db
    .insertInto('users')
    .values({
      id,
      network_id: network.networkId,
      dealer_id: options.dealerId,
      login,
      display_name: `用户${login.slice(-4)}`,
      password_hash: await testPasswordHash(),
      roles: options.roles,
      locale: 'zh-CN',
      created_at: network.createdAt,
      updated_at: network.createdAt,
    })
    .execute();
  if (options.dealerId) usersWritten.get(db)?.(options.dealerId);
  return { id, login };
}

export type TestContext = Awaited<ReturnType<typeof createTestContext>>;

/** A database, an app on it with a movable clock, a network, and helpers to call the API as a user. */
export async function createTestContext(
  options: {
    now?: string;
    loginRateLimitPerMinute?: number;
    config?: Partial<Config>;
    /**
     * With a read replica, a client's GET first waits until the replica has replayed every write so
     * far (the default), so that the suites' figures do not depend on replication's timing; a test of
     * the lag itself turns it off.
     */
    awaitReplica?: boolean;
    onReadRoute?: (target: ReadTarget) => void;
  } = {},
) {
  const handle = await createTestDatabase();
  const clock = fixedClock(options.now ?? '2026-11-20T02:00:00Z');
  const app = await buildApp({
    handle,
    clock,
    logger: false,
    work: false, // tests run jobs by hand, on the test clock
    ...(options.onReadRoute ? { onReadRoute: options.onReadRoute } : {}),
    config: testConfig({ loginRateLimitPerMinute: options.loginRateLimitPerMinute ?? 1000, ...options.config }),
  });
  const network = await buildNetwork(handle.db, clock.now());
  usersWritten.set(handle.db, (dealerId) => app.caches.bookingCache.invalidate(dealerId));

  /** Logs in and returns a client that sends the cookie and CSRF token. */
  async function loginAs(options: { dealerId: string | null; roles: Role[] }) {
    const user = await buildUser(handle.db, network, options);
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { login: user.login, password: TEST_PASSWORD },
    });
    if (response.statusCode !== 200) throw new Error(`login failed: ${response.body}`);
    const cookie = response.cookies.find((c) => c.name === 'sb_session')!;
    const { csrfToken } = response.json();
    return client(`sb_session=${cookie.value}`, csrfToken, user);
  }

  function client(cookie: string, csrfToken: string, user: { id: string; login: string }) {
    const call = (
      method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
      url: string,
      payload?: unknown,
      headers: Record<string, string> = {},
    ) => app.inject({ method, url, payload: payload as never, headers: { cookie, 'x-csrf-token': csrfToken, ...headers } });
    const awaitReplica = options.awaitReplica !== false && handle.replica !== undefined;
    return {
      user,
      get: async (url: string) => {
        if (awaitReplica) await replicaCaughtUp(handle);
        return call('GET', url);
      },
      post: (url: string, payload?: unknown, headers?: Record<string, string>) => call('POST', url, payload, headers),
      patch: (url: string, payload?: unknown) => call('PATCH', url, payload),
      put: (url: string, payload?: unknown) => call('PUT', url, payload),
      delete: (url: string) => call('DELETE', url),
    };
  }

  return {
    app,
    handle,
    db: handle.db,
    dbKind: handle.kind,
    clock,
    network,
    loginAs,
    close: async () => {
      await app.close();
      await handle.close();
    },
  };
}

export type Client = Awaited<ReturnType<TestContext['loginAs']>>;

let sequence = 0;
/** A unique valid mobile number. */
export function uniqueMobile(): string {
  sequence++;
  return `139${String((Date.now() % 100000) * 100 + sequence)
    .padStart(8, '0')
    .slice(-8)}`;
}

/** A customer row written straight into the database, for tests that generate hundreds of them. */
export async function insertCustomerRow(ctx: { db: Database; network: TestNetwork; clock: { now(): Date } }, name: string) {
  const id = newId();
  await ctx.db
    .insertInto('customers')
    .values({
      created_at: ctx.clock.now(),
      id,
      network_id: ctx.network.networkId,
      name,
      mobile: uniqueMobile(),
      kind: 'individual',
      gender: 'unknown',
      consent: JSON.stringify({ sms: true, phone: true, email: false, wechat: false }),
      updated_at: new Date(),
    })
    .execute();
  return id;
}

/** Factories through the API, as a user would create things. */
export async function createCustomer(client: Client, overrides: Record<string, unknown> = {}) {
  const response = await client.post('/api/v1/customers', { name: '王伟', mobile: uniqueMobile(), ...overrides });
  if (response.statusCode !== 201) throw new Error(`create customer failed: ${response.body}`);
  return response.json();
}

let vinSerial = 0;
export async function createVehicle(client: Client, ownerId: string, overrides: Record<string, unknown> = {}) {
  const { withVinCheckDigit } = await import('@servicebay/contracts');
  vinSerial++;
  const serial = String((process.pid * 1000 + vinSerial) % 1_000_000).padStart(6, '0');
  const vin = withVinCheckDigit(`LYHS5A1C0TB${serial}`);
  const plate = `京A${serial.slice(-5)}`;
  const response = await client.post('/api/v1/vehicles', { vin, plate, ownerId, ...overrides });
  if (response.statusCode !== 201) throw new Error(`create vehicle failed: ${response.body}`);
  return response.json();
}

/** The text layer of a PDF the API serves (whitespace removed), read with pdf.js as a viewer would. */
export async function pdfText(client: Client, url: string): Promise<string> {
  const response = await client.get(url);
  expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
  expect(response.headers['content-type']).toBe('application/pdf');
  expect(response.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await getDocument({ data: new Uint8Array(response.rawPayload), verbosity: 0, isEvalSupported: false, useSystemFonts: false })
    .promise;
  let all = '';
  for (let n = 1; n <= doc.numPages; n++)
    all += (await (await doc.getPage(n)).getTextContent()).items.map((i) => ('str' in i ? i.str : '')).join('');
  await doc.destroy();
  return all.replace(/\s+/g, '');
}
