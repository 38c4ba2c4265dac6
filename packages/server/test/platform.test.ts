import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEALER_ROLES, isValidMobile, isValidPlate, OEM_ROLES, vinProblem } from '@servicebay/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { DataDirLockedError, openPglite } from '../src/platform/db.js';
import { DEMO_PASSWORD, seedDemo } from '../src/seed/demo.js';
import { createTestContext, createTestDatabase, type TestContext } from './harness.js';

describe('configuration', () => {
  it('has working defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, databaseUrl: undefined, seedDemo: true });
    expect(config.dataDir).toBe(path.resolve('./data'));
  });
  it('refuses bad settings at start, naming each', () => {
    expect(() => loadConfig({ PORT: 'eighty', DATABASE_URL: 'not a url' })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'not a url' });
    } catch (error) {
      expect(String((error as Error).message)).toMatch(/PORT[\s\S]*DATABASE_URL/);
    }
  });
});

describe('the embedded database directory', () => {
  it('refuses a second process on the same data directory with a clear message', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-lock-'));
    // A live process (this test's parent) holds the lock file.
    fs.writeFileSync(path.join(dir, 'servicebay.lock'), String(process.ppid));
    await expect(openPglite(dir)).rejects.toThrow(DataDirLockedError);
    await expect(openPglite(dir)).rejects.toThrow(/in use by another ServiceBay process/);
    // A lock left by a dead process is taken over.
    fs.writeFileSync(path.join(dir, 'servicebay.lock'), '999999');
    const handle = await openPglite(dir);
    expect(fs.readFileSync(path.join(dir, 'servicebay.lock'), 'utf8')).toBe(String(process.pid));
    await handle.close();
    expect(fs.existsSync(path.join(dir, 'servicebay.lock'))).toBe(false);
  });
});

describe('HTTP platform', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx.close());

  it('answers /healthz for load balancers', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('publishes OpenAPI 3.1 generated from the validating schemas, with docs', async () => {
    const spec = (await ctx.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(spec.openapi).toBe('3.1.0');
    const createCustomer = spec.paths['/api/v1/customers'].post;
    const body = createCustomer.requestBody.content['application/json'].schema;
    expect(body.required).toEqual(expect.arrayContaining(['name', 'mobile']));
    expect(spec.paths['/api/v1/customers/search'].get).toBeDefined();
    expect(spec.paths['/api/v1/vehicles/{id}/mileage'].post).toBeDefined();
    // A customer's link names the dealer; the form without it stays for links sent before, marked deprecated.
    const pathParams = (operation: { parameters: { in: string; name: string; required: boolean }[] }) =>
      operation.parameters.filter((p) => p.in === 'path').map((p) => [p.name, p.required]);
    expect(pathParams(spec.paths['/api/v1/public/surveys/{code}/{token}'].get)).toEqual([
      ['code', true],
      ['token', true],
    ]);
    expect(spec.paths['/api/v1/public/surveys/{code}/{token}'].get.deprecated).toBeFalsy();
    expect(pathParams(spec.paths['/api/v1/public/surveys/{token}'].get)).toEqual([['token', true]]);
    expect(spec.paths['/api/v1/public/surveys/{token}'].get.deprecated).toBe(true);
    const docs = await ctx.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('swagger');
  });

  it('answers unknown API routes with problem+json', async () => {
    const sa = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['service_advisor'] });
    const response = await sa.get('/api/v1/nothing-here');
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toContain('application/problem+json');
  });

  it('paginates with an opaque cursor and refuses a forged one', async () => {
    const sa = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['service_advisor'] });
    for (let i = 0; i < 5; i++) await sa.post('/api/v1/customers', { name: `分页${i}`, mobile: `1380000100${i}` });
    const first = (await sa.get('/api/v1/customers?limit=3')).json();
    expect(first.items).toHaveLength(3);
    const second = (await sa.get(`/api/v1/customers?limit=3&cursor=${first.nextCursor}`)).json();
    expect(second.items.length).toBeGreaterThanOrEqual(2);
    const ids = [...first.items, ...second.items].map((c: { id: string }) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    const forged = await sa.get('/api/v1/customers?cursor=bm90LWFuLWlk');
    expect(forged.statusCode).toBe(400);
    expect(forged.json().errors[0].field).toBe('cursor');
  });
});

describe('the demo network', () => {
  it('has 3 dealers of different grades and cities, staff in every role, ~500 customers and ~600 valid vehicles with two years of mileage', async () => {
    const handle = await createTestDatabase();
    try {
      const now = new Date('2026-11-20T02:00:00Z');
      const logins = await seedDemo(handle.db, now);
      const db = handle.db;
      const dealers = await db.selectFrom('dealers').selectAll().execute();
      expect(dealers).toHaveLength(3);
      expect(new Set(dealers.map((d) => d.grade)).size).toBe(3);
      expect(new Set(dealers.map((d) => d.city)).size).toBe(3);

      const roles = new Set(logins.flatMap((l) => l.roles));
      for (const role of [...DEALER_ROLES, ...OEM_ROLES]) expect(roles.has(role), role).toBe(true);

      const customers = await db.selectFrom('customers').select(['name', 'mobile']).execute();
      expect(customers.length).toBeGreaterThanOrEqual(450);
      expect(customers.length).toBeLessThanOrEqual(550);
      expect(customers.every((c) => isValidMobile(c.mobile) && /[\u4e00-\u9fff]/.test(c.name))).toBe(true);

      const vehicles = await db.selectFrom('vehicles').select(['vin', 'plate_key', 'fuel_type']).execute();
      expect(vehicles.length).toBeGreaterThanOrEqual(550);
      expect(vehicles.length).toBeLessThanOrEqual(650);
      expect(vehicles.filter((v) => vinProblem(v.vin) !== null)).toEqual([]);
      expect(vehicles.filter((v) => !isValidPlate(v.plate_key))).toEqual([]);
      expect(vehicles.some((v) => v.plate_key.length === 8)).toBe(true); // new-energy plates

      const readings = await db.selectFrom('mileage_readings').select(['read_on']).orderBy('read_on').execute();
      expect(readings.length).toBeGreaterThan(vehicles.length * 2);
      expect(readings[0]!.read_on <= '2024-12-31').toBe(true);

      // A catalogue to build repair orders from: labour operations and maintenance packages per dealer.
      const packages = await db.selectFrom('maintenance_packages').select(['dealer_id', 'id']).execute();
      expect(packages).toHaveLength(3 * 4);
      const items = await db.selectFrom('maintenance_package_items').select('package_id').execute();
      expect(packages.every((p) => items.some((i) => i.package_id === p.id))).toBe(true);
    } finally {
      await handle.close();
    }
  });
});

const mainTs = path.resolve(import.meta.dirname, '../src/main.ts');
// One process, as `node` runs it in production: signals reach the server itself, not a wrapper that relays them.
const tsxLoader = path.resolve(import.meta.dirname, '../../../node_modules/tsx/dist/loader.mjs');

function runCli(
  args: string[],
  env: Record<string, string>,
  until?: RegExp,
): Promise<{ code: number | null; output: string; child: ReturnType<typeof spawn> }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', pathToFileURL(tsxLoader).href, mainTs, ...args], {
      env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    });
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (until?.test(output)) resolve({ code: null, output, child });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => resolve({ code, output, child }));
  });
}

describe.skipIf(!!process.env.TEST_DATABASE_URL)('the servicebay command on an embedded database', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-cli-'));
  const env = { SERVICEBAY_DATA_DIR: dir, PORT: String(34000 + (process.pid % 1000)) };

  it('serves on the first start (seeding the demo and printing logins), refuses a second process, shuts down gracefully, and restarts on the same data', async () => {
    const first = await runCli(['serve'], env, /API docs/);
    expect(first.output).toContain('Demo logins');
    expect(first.output).toContain(`sa.bj`);
    expect(first.output).toContain(DEMO_PASSWORD);
    const health = await fetch(`http://127.0.0.1:${env.PORT}/healthz`);
    expect(health.status).toBe(200);

    const second = await runCli(['migrate'], env);
    expect(second.code).toBe(1);
    expect(second.output).toMatch(/in use by another ServiceBay process/);

    const exited = new Promise<number | null>((resolve) => first.child.on('exit', resolve));
    first.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(fs.existsSync(path.join(dir, 'servicebay.lock'))).toBe(false);

    const again = await runCli(['serve'], env, /API docs/);
    expect(again.output).not.toContain('First start');
    const started = Number(/started in (\d+) ms/.exec(again.output)![1]);
    expect(started).toBeGreaterThan(0); // the figure itself is measured in bench/, not asserted here
    const login = await fetch(`http://127.0.0.1:${env.PORT}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'sa.bj', password: DEMO_PASSWORD }),
    });
    expect(login.status).toBe(200);
    const exitedAgain = new Promise<number | null>((resolve) => again.child.on('exit', resolve));
    again.child.kill('SIGINT');
    expect(await exitedAgain).toBe(0);
  }, 300_000); // the first start seeds a year of history through the use-cases: ~45 s alone, more beside the rest of the suite

  it('adds a user from the command line, refusing a car-maker role at a dealer', async () => {
    const ok = await runCli(
      [
        'user',
        'add',
        '--login',
        'new.sa',
        '--name',
        '新顾问',
        '--roles',
        'service_advisor',
        '--dealer',
        'BJ01',
        '--password',
        'long-enough-1',
      ],
      env,
    );
    expect(ok.output).toContain('added user new.sa');
    expect(ok.code).toBe(0);
    const bad = await runCli(
      ['user', 'add', '--login', 'bad.one', '--name', '错', '--roles', 'oem_admin', '--dealer', 'BJ01', '--password', 'long-enough-1'],
      env,
    );
    expect(bad.code).toBe(1);
    expect(bad.output).toContain('oem_admin is not a dealer role');
    const migrate = await runCli(['migrate'], env);
    expect(migrate.output).toContain('database is up to date');
  }, 120_000);
});
