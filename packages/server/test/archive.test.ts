import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportArchive, importArchive, type Manifest } from '../src/modules/transfer/archive.service.js';
import type { DatabaseHandle } from '../src/platform/db.js';
import { newId } from '../src/platform/ids.js';
import {
  buildUser,
  type Client,
  createCustomer,
  createTestContext,
  createTestDatabase,
  createVehicle,
  type TestContext,
} from './harness.js';

// The dealer owns its data (issue 18 §2): `export --dealer` gives an archive that `import` puts back
// into an empty installation, and exporting that again gives the same archive.

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const NOW = new Date('2026-11-20T02:00:00Z');
const sourceFiles = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-archive-src-'));
const targetFiles = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-archive-dst-'));

let ctx: TestContext;
let target: DatabaseHandle;
let archive: Buffer;
let manifest: Manifest;
let photoKey: string;
let otherCustomerId: string;

async function entries(zipBytes: Buffer): Promise<Map<string, Buffer>> {
  const zip = await JSZip.loadAsync(zipBytes);
  const out = new Map<string, Buffer>();
  for (const name of Object.keys(zip.files).sort()) {
    if (!zip.files[name]!.dir) out.set(name, await zip.files[name]!.async('nodebuffer'));
  }
  return out;
}

async function rowCounts(handle: DatabaseHandle) {
  const result = await sql<{ n: number }>`select
    (select count(*) from networks)::int + (select count(*) from dealers)::int + (select count(*) from customers)::int as n`.execute(
    handle.db,
  );
  return result.rows[0]!.n;
}

beforeAll(async () => {
  ctx = await createTestContext({ now: NOW.toISOString(), config: { filesDir: sourceFiles } });
  const dealerId = ctx.network.dealerA;
  const sa: Client = await ctx.loginAs({ dealerId, roles: ['service_advisor'] });
  const cashier: Client = await ctx.loginAs({ dealerId, roles: ['cashier'] });
  const saB: Client = await ctx.loginAs({ dealerId: ctx.network.dealerB, roles: ['service_advisor'] });
  await ctx.db
    .insertInto('parts')
    .values({ dealer_id: dealerId, id: newId(), part_number: 'BP-F', name: '前刹车片', price_fen: 48000, stock_quantity: 5 })
    .execute();

  for (const roles of [['service_advisor'], ['technician'], ['technician']] as const)
    await buildUser(ctx.db, ctx.network, { dealerId, roles: [...roles] });
  const customer = await createCustomer(sa, { name: '王建国' });
  const vehicle = await createVehicle(sa, customer.id, { modelId: ctx.network.modelId });
  const second = await createVehicle(sa, customer.id, { modelId: ctx.network.modelId });
  otherCustomerId = (await createCustomer(saB, { name: '乙店客户' })).id;

  const booked = await sa.post('/api/v1/appointments', {
    vehicleId: second.id,
    startsAt: '2026-11-23T10:00:00+08:00',
    durationMinutes: 60,
    requestedWork: [{ kind: 'maintenance', description: '5000公里保养' }],
    customerWords: '机油灯亮了',
    channel: 'phone',
  });
  expect(booked.statusCode, booked.body).toBe(201);

  const visit = (await sa.post('/api/v1/visits', { vehicleId: vehicle.id })).json();
  const upload = await sa.post('/api/v1/files', { contentType: 'image/png', dataBase64: PNG });
  expect(upload.statusCode, upload.body).toBe(201);
  photoKey = upload.json().key;
  const inspection = await sa.post(`/api/v1/visits/${visit.id}/inspection`, {
    checklist: [{ item: '灯光', ok: true }],
    damage: [{ x: 22.5, y: 60, kind: 'scratch', note: '左前门划痕' }],
    tyres: { frontLeft: { treadMm: 3.2, pressureKpa: 230 } },
    fuelLevel: 40,
    odometerKm: 18_420,
    valuables: '行车记录仪',
    coversApplied: true,
    photos: [photoKey],
    signaturePng: `data:image/png;base64,${PNG}`,
  });
  expect(inspection.statusCode, inspection.body).toBe(201);
  let ro = (
    await sa.post('/api/v1/repair-orders', {
      visitId: visit.id,
      concerns: '刹车异响',
      promisedAt: '2026-11-20T17:00:00+08:00',
      lines: [{ kind: 'labour', description: '更换前刹车片', hours: 1.5, payType: 'customer' }],
    })
  ).json();
  ro = (
    await sa.post(`/api/v1/repair-orders/${ro.id}/authorise`, { version: ro.version, signaturePng: `data:image/png;base64,${PNG}` })
  ).json();
  for (const to of ['in_progress', 'quality_check', 'ready'])
    ro = (await sa.post(`/api/v1/repair-orders/${ro.id}/transitions`, { version: ro.version, to })).json();
  expect(ro.status).toBe('ready');
  const invoice = await cashier.post(`/api/v1/repair-orders/${ro.id}/invoice`, { version: ro.version });
  expect(invoice.statusCode, invoice.body).toBe(201);
  const complaint = await sa.post('/api/v1/complaints', {
    channel: 'in_person',
    customerWords: '保养后发动机异响',
    customerId: customer.id,
    vehicleId: vehicle.id,
  });
  expect(complaint.statusCode, complaint.body).toBe(201);

  ({ zip: archive, manifest } = await exportArchive({ db: ctx.db, filesDir: sourceFiles, now: NOW, dealer: 'A01' }));
  target = await createTestDatabase();
}, 60_000);

afterAll(async () => {
  await target?.close();
  await ctx?.close();
  fs.rmSync(sourceFiles, { recursive: true, force: true });
  fs.rmSync(targetFiles, { recursive: true, force: true });
});

describe('the dealer archive', () => {
  it("holds the dealer's tables, the records they stand on and the photos, and none of the other dealer's rows", async () => {
    const tables = new Map(manifest.tables.map((t) => [t.table, t.rows]));
    for (const table of [
      'networks',
      'dealers',
      'vehicle_models',
      'customers',
      'vehicles',
      'appointments',
      'visits',
      'inspections',
      'repair_orders',
      'invoices',
      'complaints',
      'users',
      'mileage_readings',
    ])
      expect(tables.get(table), table).toBeGreaterThan(0);
    expect(tables.get('dealers')).toBe(1);
    for (const excluded of ['sessions', 'api_tokens', 'idempotency_keys', 'kysely_migration'])
      expect(tables.has(excluded), excluded).toBe(false);
    expect(manifest.scope).toEqual({ kind: 'dealer', dealer: 'A01', network: expect.any(String) });
    expect(manifest.files.map((f) => f.file)).toContain(`files/${photoKey}`);

    const all = await entries(archive);
    const text = [...all]
      .filter(([name]) => name.startsWith('data/'))
      .map(([, bytes]) => bytes.toString())
      .join('');
    expect(text).not.toContain(ctx.network.dealerB);
    expect(text).not.toContain(otherCustomerId);
    const users = all
      .get('data/users.jsonl')!
      .toString()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(users.every((u) => u.password_hash === null && u.dealer_id === ctx.network.dealerA)).toBe(true);
    // Keys in column order, rows in key order.
    const customers = all
      .get('data/customers.jsonl')!
      .toString()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(Object.keys(customers[0]).slice(0, 3)).toEqual(['id', 'network_id', 'name']);
    expect(customers.map((c) => c.id)).toEqual(customers.map((c) => c.id).sort());
  });

  it('refuses a damaged file and writes nothing', async () => {
    const zip = await JSZip.loadAsync(archive);
    const original = await zip.file('data/customers.jsonl')!.async('string');
    zip.file('data/customers.jsonl', original.replace('王建国', '王建军'));
    const damaged = await zip.generateAsync({ type: 'nodebuffer' });
    await expect(importArchive({ db: target.db, filesDir: targetFiles, zip: damaged })).rejects.toThrow(/customers\.jsonl is damaged/);

    const otherSchema = await JSZip.loadAsync(archive);
    const m = JSON.parse(await otherSchema.file('manifest.json')!.async('string'));
    otherSchema.file('manifest.json', JSON.stringify({ ...m, schemaVersion: '0001_foundation' }));
    await expect(
      importArchive({ db: target.db, filesDir: targetFiles, zip: await otherSchema.generateAsync({ type: 'nodebuffer' }) }),
    ).rejects.toThrow(/schema/);
    expect(await rowCounts(target)).toBe(0);
    expect(fs.readdirSync(targetFiles)).toEqual([]);
  });

  it('imports into an empty installation and exports the same archive again', async () => {
    await importArchive({ db: target.db, filesDir: targetFiles, zip: archive });
    expect(fs.readFileSync(path.join(targetFiles, photoKey))).toEqual(fs.readFileSync(path.join(sourceFiles, photoKey)));

    const again = await exportArchive({ db: target.db, filesDir: targetFiles, now: new Date('2026-12-01T00:00:00Z'), dealer: 'A01' });
    const before = await entries(archive);
    const after = await entries(again.zip);
    expect([...after.keys()]).toEqual([...before.keys()]);
    for (const [name, bytes] of before) {
      if (name === 'manifest.json') {
        const strip = (b: Buffer) => ({ ...JSON.parse(b.toString()), exportedAt: null });
        expect(strip(after.get(name)!)).toEqual(strip(bytes));
      } else expect(after.get(name)!.equals(bytes), name).toBe(true);
    }
    // The same data at the same time gives the same bytes.
    const same = await exportArchive({ db: target.db, filesDir: targetFiles, now: NOW, dealer: 'A01' });
    expect(same.zip.equals(archive)).toBe(true);

    // Imported users cannot log in until their password is reset; a second import is refused.
    const hashes = await target.db.selectFrom('users').select('password_hash').execute();
    expect(hashes.every((h) => h.password_hash === '!reset-required')).toBe(true);
    await expect(importArchive({ db: target.db, filesDir: targetFiles, zip: archive })).rejects.toThrow(/already/);
  });

  it("exports the car maker's whole network, every dealer, and imports it into another empty installation", async () => {
    const whole = await exportArchive({ db: ctx.db, filesDir: sourceFiles, now: NOW, network: manifest.scope.network });
    expect(whole.manifest.scope).toEqual({ kind: 'network', network: manifest.scope.network });
    const dealers = (await entries(whole.zip)).get('data/dealers.jsonl')!.toString().trim().split('\n');
    expect(dealers).toHaveLength(2);
    const third = await createTestDatabase();
    const thirdFiles = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-archive-net-'));
    try {
      await importArchive({ db: third.db, filesDir: thirdFiles, zip: whole.zip });
      const again = await exportArchive({ db: third.db, filesDir: thirdFiles, now: NOW, network: manifest.scope.network });
      expect(again.zip.equals(whole.zip)).toBe(true);
    } finally {
      await third.close();
      fs.rmSync(thirdFiles, { recursive: true, force: true });
    }
  });
});
