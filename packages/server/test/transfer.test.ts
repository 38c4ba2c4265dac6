import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Role, withVinCheckDigit } from '@servicebay/contracts';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runTransferCommand } from '../src/modules/transfer/transfer.cli.js';
import { formatCsvRecord, parseCsv, UTF8_BOM } from '../src/modules/transfer/transfer.csv.js';
import { openRowSource } from '../src/modules/transfer/transfer.files.js';
import type { Cell } from '../src/modules/transfer/transfer.rules.js';
import { exportFile, exportRows, type ImportReport, importFile } from '../src/modules/transfer/transfer.service.js';
import type { Actor } from '../src/platform/actor.js';
import { AppError } from '../src/platform/errors.js';
import { buildUser, type Client, createCustomer, createTestContext, type TestContext } from './harness.js';

let ctx: TestContext;
let dir: string;
let advisorA: Client;
let adminA: Actor;
let adminB: Actor;
let oemAnalyst: Actor;

async function actor(dealerId: string | null, roles: Role[], login?: string): Promise<Actor & { login: string }> {
  const user = await buildUser(ctx.db, ctx.network, { dealerId, roles, login });
  return {
    userId: user.id,
    tokenId: null,
    networkId: ctx.network.networkId,
    dealerId,
    roles,
    timeZone: 'Asia/Shanghai',
    requestId: null,
    login: user.login,
  };
}

beforeAll(async () => {
  ctx = await createTestContext();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-transfer-'));
  advisorA = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['service_advisor'] });
  adminA = await actor(ctx.network.dealerA, ['dealer_admin']);
  adminB = await actor(ctx.network.dealerB, ['service_manager']);
  oemAnalyst = await actor(null, ['oem_analyst']);
});
afterAll(async () => {
  await ctx.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const vin = (n: number) => withVinCheckDigit(`LFVBA24B0P${String(n).padStart(7, '0')}`);
const mobile = (n: number) => `137${String(n).padStart(8, '0')}`;
const plate = (n: number) => `沪B${String(n).padStart(5, '0')}`;
const badCheckDigit = (v: string) => v.slice(0, 8) + (v[8] === '0' ? '1' : '0') + v.slice(9);

const HEADER = [
  '客户姓名',
  '手机号',
  '城市',
  '短信授权',
  '微信授权',
  '车架号',
  '车牌号',
  '车型代码',
  '年款',
  '燃料',
  '交车日期',
  '使用人手机号',
  '最近里程',
  '里程日期',
];

function writeCsv(name: string, rows: Cell[][]): string {
  const file = path.join(dir, name);
  const text = rows
    .map((r) => formatCsvRecord(r.map((c) => (c instanceof Date ? c.toISOString().slice(0, 10) : typeof c === 'boolean' ? String(c) : c))))
    .join('');
  fs.writeFileSync(file, UTF8_BOM + text);
  return file;
}

/** An ordinary (non-streaming) workbook, as Excel would save it: shared strings, a date cell, numbers. */
async function writeXlsx(name: string, rows: Cell[][]): Promise<string> {
  const file = path.join(dir, name);
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('导入');
  for (const row of rows) sheet.addRow(row);
  await workbook.xlsx.writeFile(file);
  return file;
}

const writeFile = (format: 'csv' | 'xlsx', name: string, rows: Cell[][]) =>
  format === 'csv' ? Promise.resolve(writeCsv(`${name}.csv`, rows)) : writeXlsx(`${name}.xlsx`, rows);

/** Every table an import writes to: row counts and a digest of the rows (so a version bump shows). */
async function snapshot() {
  const digest = async (query: ReturnType<typeof sql<Record<string, string | number>>>) => (await query.execute(ctx.db)).rows[0]!;
  return {
    counts: await digest(sql<Record<string, string | number>>`select
      (select count(*) from customers)::int as customers, (select count(*) from dealer_customers)::int as dealer_customers,
      (select count(*) from vehicles)::int as vehicles, (select count(*) from dealer_vehicles)::int as dealer_vehicles,
      (select count(*) from mileage_readings)::int as mileage_readings, (select count(*) from timeline_events)::int as timeline_events,
      (select count(*) from audit_log)::int as audit_log`),
    rows: await digest(sql<Record<string, string | number>>`select
      (select md5(string_agg(c::text, '|' order by c.id)) from customers c) as customers,
      (select md5(string_agg(v::text, '|' order by v.id)) from vehicles v) as vehicles,
      (select md5(string_agg(d::text, '|' order by d.dealer_id, d.customer_id)) from dealer_customers d) as dealer_customers,
      (select md5(string_agg(d::text, '|' order by d.dealer_id, d.vehicle_id)) from dealer_vehicles d) as dealer_vehicles`),
  };
}

const errorLines = (report: ImportReport) => report.errors.map((e) => `row ${e.row}: ${e.field}: ${e.code}`);

describe.each(['csv', 'xlsx'] as const)('importing a %s file', (format) => {
  const n = format === 'csv' ? 1000 : 2000; // separate customers and vehicles per format
  let file: string;
  let existing: { id: string; mobile: string };
  let existingVehicle: { id: string; vin: string };
  let first: ImportReport;

  beforeAll(async () => {
    // Known before the import: a customer of dealer A with a vehicle and a reading of 30 000 km.
    existing = await createCustomer(advisorA, { name: '老客户', mobile: mobile(n + 90), city: '北京' });
    const created = await advisorA.post('/api/v1/vehicles', { vin: vin(n + 90), plate: plate(n + 90), ownerId: existing.id });
    existingVehicle = created.json();
    await advisorA.post(`/api/v1/vehicles/${existingVehicle.id}/mileage`, { readOn: '2026-06-01', km: 30000, source: 'service_visit' });
    const taken = await advisorA.post('/api/v1/vehicles', { vin: vin(n + 91), plate: plate(n + 91), ownerId: existing.id });
    expect(taken.statusCode).toBe(201);

    const date = (d: string) => (format === 'xlsx' ? new Date(`${d}T00:00:00Z`) : d);
    file = await writeFile(format, `import-${format}`, [
      HEADER,
      /* 2 */ [
        '张伟',
        mobile(n + 1),
        '上海',
        '是',
        '否',
        vin(n + 1),
        plate(n + 1),
        'S5',
        2024,
        '汽油',
        date('2024-03-05'),
        '',
        12000,
        date('2026-10-01'),
      ],
      /* 3 */ ['张伟', mobile(n + 1), '上海', '是', '否', vin(n + 2), plate(n + 2), '', '', '纯电', '', '', '', ''],
      /* 4 */ ['李娜', mobile(n + 3), '', '否', '是', '', '', '', '', '', '', '', '', ''],
      /* 5 */ ['坏车架号', mobile(n + 4), '', '', '', badCheckDigit(vin(n + 4)), plate(n + 4), '', '', '', '', '', '', ''],
      /* 6 */ ['坏手机', '12345', '', '', '', '', '', '', '', '', '', '', '', ''],
      /* 7 */ ['坏车型', mobile(n + 5), '', '', '', vin(n + 5), plate(n + 5), 'X9', '', '', '', '', '', ''],
      /* 8 */ ['车牌被占', mobile(n + 6), '', '', '', vin(n + 6), plate(n + 91), '', '', '', '', '', '', ''],
      /* 9 */ ['王芳', mobile(n + 7), '', '', '', vin(n + 7), plate(n + 7), '', '', '', '', mobile(n + 8), '', ''],
      /* 10 */ ['王芳的儿子', mobile(n + 8), '', '', '', '', '', '', '', '', '', '', '', ''],
      /* 11 */ ['张伟伟', mobile(n + 1), '', '', '', '', '', '', '', '', '', '', '', ''],
      /* 12 */ ['老客户', mobile(n + 90), '天津', '', '', vin(n + 90), plate(n + 90), '', '', '', '', '', 25000, date('2026-10-01')],
      /* 13 */ ['', '', '', '', '', '', '', '', '', '', '', '', '', ''],
      /* 14 */ ['老客户', mobile(n + 90), '天津', '', '', vin(n + 91), plate(n + 91), '', 2023, '', '', '', '', ''],
      /* 15 */ ['无名', mobile(n + 9), '', '', '', vin(n + 9), plate(n + 9), '', '', '', '', mobile(n + 99), '', ''],
    ]);
    first = await importFile({ db: ctx.db, clock: ctx.clock, actor: adminA, file });
  });

  it('imports the good rows and reports each bad row with its field and reason', () => {
    expect(errorLines(first)).toEqual([
      'row 5: vin: invalid_vin_check_digit',
      'row 6: mobile: invalid_mobile',
      'row 7: model_code: unknown_model',
      'row 8: plate: taken',
      'row 11: mobile: conflicts_with_earlier_row',
      'row 12: last_km: lower_than_earlier',
      'row 15: user_mobile: unknown_customer',
    ]);
    expect(first).toMatchObject({
      rows: 13, // row 13 is blank
      importedRows: 6,
      failedRows: 7,
      // 张伟, 李娜, 王芳, 王芳的儿子 created; 老客户 updated (row 14, though row 12 failed); rows 5–8 and 15 failed
      customers: { created: 4, updated: 1, unchanged: 0, failed: 5 },
      // VINs 1, 2, 7 created; 91 updated (row 14); 4 (unreadable), 5, 6, 9 and 90 (row 12) failed
      vehicles: { created: 3, updated: 1, unchanged: 0, failed: 5 },
      linked: { customers: 0, vehicles: 0 },
      mileageAdded: 1,
      ignoredColumns: [],
    });
    expect(first.errors.find((e) => e.row === 12)?.message).toBe('lower than 30000 km read on 2026-06-01');
  });

  it('writes the good rows with relationships, mileage, audit and timeline, and nothing of the bad ones', async () => {
    const zhang = await ctx.db
      .selectFrom('customers')
      .selectAll()
      .where('mobile', '=', mobile(n + 1))
      .executeTakeFirstOrThrow();
    expect(zhang).toMatchObject({
      name: '张伟',
      city: '上海',
      consent: { sms: true, phone: true, email: false, wechat: false },
      version: 1,
    });
    const links = await ctx.db.selectFrom('dealer_customers').selectAll().where('customer_id', '=', zhang.id).execute();
    expect(links).toEqual([expect.objectContaining({ dealer_id: ctx.network.dealerA, source: 'import' })]);

    const vehicles = await ctx.db.selectFrom('vehicles').selectAll().where('owner_id', '=', zhang.id).orderBy('plate_key').execute();
    expect(vehicles.map((v) => [v.vin, v.plate_key, v.model_id, v.model_year, v.fuel_type, v.delivered_on])).toEqual([
      [vin(n + 1), plate(n + 1), ctx.network.modelId, 2024, 'petrol', '2024-03-05'],
      [vin(n + 2), plate(n + 2), null, null, 'electric', null],
    ]);
    const vehicleLinks = await ctx.db
      .selectFrom('dealer_vehicles')
      .selectAll()
      .where(
        'vehicle_id',
        'in',
        vehicles.map((v) => v.id),
      )
      .execute();
    expect(vehicleLinks.map((l) => [l.dealer_id, l.source])).toEqual([
      [ctx.network.dealerA, 'import'],
      [ctx.network.dealerA, 'import'],
    ]);
    const readings = await ctx.db.selectFrom('mileage_readings').selectAll().where('vehicle_id', '=', vehicles[0]!.id).execute();
    expect(readings).toEqual([
      expect.objectContaining({
        km: 12000,
        read_on: '2026-10-01',
        source: 'import',
        dealer_id: ctx.network.dealerA,
        recorded_by: adminA.userId,
      }),
    ]);

    const audit = await ctx.db
      .selectFrom('audit_log')
      .select(['action', 'actor_user_id'])
      .where('entity_id', 'in', [zhang.id, vehicles[0]!.id])
      .orderBy('action')
      .execute();
    expect(audit).toEqual(
      ['customer.created', 'mileage.recorded', 'vehicle.created'].map((action) => ({ action, actor_user_id: adminA.userId })),
    );
    const events = await ctx.db.selectFrom('timeline_events').select('kind').where('customer_id', '=', zhang.id).orderBy('kind').execute();
    expect(events.map((e) => e.kind)).toEqual(['customer.created', 'mileage.recorded', 'vehicle.created', 'vehicle.created']);

    // The user of 王芳's car comes later in the file than the car; the car still got its user.
    const fang = await ctx.db
      .selectFrom('vehicles as v')
      .innerJoin('customers as u', 'u.id', 'v.user_id')
      .select('u.name')
      .where('v.vin', '=', vin(n + 7))
      .executeTakeFirstOrThrow();
    expect(fang.name).toBe('王芳的儿子');

    // Bad rows left nothing behind.
    const failed = await ctx.db
      .selectFrom('customers')
      .select('mobile')
      .where('mobile', 'in', [mobile(n + 4), mobile(n + 5), mobile(n + 6)])
      .execute();
    expect(failed).toEqual([]);
    expect(
      await ctx.db
        .selectFrom('vehicles')
        .select('id')
        .where('vin', 'in', [vin(n + 4), vin(n + 5), vin(n + 6)])
        .execute(),
    ).toEqual([]);
  });

  it('updates an existing customer and vehicle with a version bump and before/after in the audit', async () => {
    const old = await ctx.db.selectFrom('customers').selectAll().where('id', '=', existing.id).executeTakeFirstOrThrow();
    expect(old).toMatchObject({ city: '天津', version: 2 });
    const audit = await ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_id', '=', existing.id)
      .where('action', '=', 'customer.updated')
      .executeTakeFirstOrThrow();
    expect(audit.before).toMatchObject({ city: '北京', version: 1 });
    expect(audit.after).toMatchObject({ city: '天津', version: 2 });
    const car = await ctx.db
      .selectFrom('vehicles')
      .selectAll()
      .where('vin', '=', vin(n + 91))
      .executeTakeFirstOrThrow();
    expect(car).toMatchObject({ model_year: 2023, version: 2 });
    // Row 12 failed as a whole: its vehicle's reading was refused and so was its customer part.
    expect(await ctx.db.selectFrom('mileage_readings').select('km').where('vehicle_id', '=', existingVehicle.id).execute()).toEqual([
      { km: 30000 },
    ]);
  });

  it('changes nothing at all when the same file is imported again', async () => {
    const before = await snapshot();
    const again = await importFile({ db: ctx.db, clock: ctx.clock, actor: adminA, file });
    expect(await snapshot()).toEqual(before);
    expect(again).toMatchObject({
      importedRows: 6,
      failedRows: 7,
      customers: { created: 0, updated: 0, unchanged: 5, failed: 5 },
      vehicles: { created: 0, updated: 0, unchanged: 4, failed: 5 },
      linked: { customers: 0, vehicles: 0 },
      mileageAdded: 0,
    });
    expect(errorLines(again)).toEqual(errorLines(first));
  });
});

describe('export', () => {
  let bOnly: { id: string; mobile: string };

  beforeAll(async () => {
    const advisorB = await ctx.loginAs({ dealerId: ctx.network.dealerB, roles: ['service_advisor'] });
    bOnly = await createCustomer(advisorB, { name: '乙店独有', mobile: mobile(5001) });
  });

  const readCsv = (file: string) => {
    const text = fs.readFileSync(file, 'utf8');
    expect(text.startsWith(UTF8_BOM)).toBe(true);
    return parseCsv(text);
  };

  async function readXlsx(file: string): Promise<unknown[][]> {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const rows: unknown[][] = [];
    workbook.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    return rows;
  }

  it('writes one row per vehicle with Chinese headers, as CSV with BOM and as XLSX', async () => {
    const csv = path.join(dir, 'export-a.csv');
    const xlsx = path.join(dir, 'export-a.xlsx');
    const report = await exportFile({ db: ctx.db, clock: ctx.clock, actor: adminA, file: csv });
    await exportFile({ db: ctx.db, clock: ctx.clock, actor: adminA, file: xlsx });
    const rows = readCsv(csv);
    expect(rows[0]!.slice(0, 3)).toEqual(['客户姓名', '手机号', '客户类型']);
    expect(rows).toHaveLength(report.rows + 1);
    const zhang = rows.filter((r) => r[1] === mobile(1001));
    expect(zhang.map((r) => r[12]).sort()).toEqual([vin(1001), vin(1002)].sort());
    expect(zhang[0]!.slice(0, 4)).toEqual(['张伟', mobile(1001), '个人', '未知']);
    const li = rows.filter((r) => r[1] === mobile(1003));
    expect(li).toHaveLength(1);
    expect(li[0]!.slice(12).every((cell) => cell === '')).toBe(true);

    const sheet = await readXlsx(xlsx);
    expect(sheet).toHaveLength(rows.length);
    expect(sheet[0]).toEqual(rows[0]);
    expect(fs.readdirSync(dir).filter((f) => f.includes('.partial'))).toEqual([]);
  });

  it("contains none of another dealer's customers; the car maker's contains the whole network", async () => {
    const file = path.join(dir, 'export-isolation.csv');
    await exportFile({ db: ctx.db, clock: ctx.clock, actor: adminA, file });
    const mobiles = new Set(readCsv(file).map((r) => r[1]));
    expect(mobiles.has(bOnly.mobile)).toBe(false);
    const ownCustomers = await ctx.db
      .selectFrom('dealer_customers')
      .select('customer_id')
      .where('dealer_id', '=', ctx.network.dealerA)
      .execute();
    expect(mobiles.size - 1).toBe(ownCustomers.length);

    await exportFile({ db: ctx.db, clock: ctx.clock, actor: oemAnalyst, file });
    const all = new Set(readCsv(file).map((r) => r[1]));
    expect(all.has(bOnly.mobile)).toBe(true);
    expect(all.size - 1).toBe(Number((await sql<{ n: number }>`select count(*)::int as n from customers`.execute(ctx.db)).rows[0]!.n));
  });

  it('pages through customers by id without losing or repeating a row', async () => {
    const collect = async (pageSize: number) => {
      const rows: unknown[][] = [];
      await exportRows({
        db: ctx.db,
        clock: ctx.clock,
        actor: oemAnalyst,
        pageSize,
        sink: { write: async (cells) => void rows.push([...cells]) },
      });
      return rows;
    };
    expect(await collect(2)).toEqual(await collect(500));
  });

  it.each([
    'csv',
    'xlsx',
  ] as const)('re-imports (%s) into another dealer: relationships for that dealer, no duplicates, and a second time nothing', async (format) => {
    const file = path.join(dir, `export-for-b.${format}`);
    const exported = await exportFile({ db: ctx.db, clock: ctx.clock, actor: adminA, file });
    const before = await snapshot();
    const report = await importFile({ db: ctx.db, clock: ctx.clock, actor: adminB, file });
    expect(report.errors).toEqual([]);
    expect(report).toMatchObject({
      rows: exported.rows,
      failedRows: 0,
      customers: { created: 0, updated: 0, failed: 0 },
      vehicles: { created: 0, updated: 0, failed: 0 },
    });
    expect(report.customers.unchanged).toBe(exported.customers);
    expect(report.vehicles.unchanged).toBe(exported.vehicles);

    const after = await snapshot();
    expect(after.counts).toMatchObject({
      customers: before.counts.customers,
      vehicles: before.counts.vehicles,
      mileage_readings: before.counts.mileage_readings,
    });
    expect(after.rows).toMatchObject({ customers: before.rows.customers, vehicles: before.rows.vehicles });
    const aCustomers = await ctx.db
      .selectFrom('dealer_customers')
      .select('customer_id')
      .where('dealer_id', '=', ctx.network.dealerA)
      .execute();
    const bCustomers = await ctx.db
      .selectFrom('dealer_customers')
      .select(['customer_id', 'source'])
      .where('dealer_id', '=', ctx.network.dealerB)
      .execute();
    expect(new Set(bCustomers.map((c) => c.customer_id))).toEqual(new Set([...aCustomers.map((c) => c.customer_id), bOnly.id]));
    if (format === 'csv') {
      expect(report.linked).toEqual({ customers: exported.customers, vehicles: exported.vehicles });
      expect(bCustomers.filter((c) => c.customer_id !== bOnly.id).every((c) => c.source === 'import')).toBe(true);
    } else {
      expect(report.linked).toEqual({ customers: 0, vehicles: 0 });
    }
    const bVehicles = await ctx.db
      .selectFrom('dealer_vehicles')
      .select('vehicle_id')
      .where('dealer_id', '=', ctx.network.dealerB)
      .execute();
    expect(bVehicles).toHaveLength(exported.vehicles);

    const settled = await snapshot();
    await importFile({ db: ctx.db, clock: ctx.clock, actor: adminB, file });
    expect(await snapshot()).toEqual(settled);
  });
});

describe('permissions and files', () => {
  it('refuses an import by a user without data.import and an export by one without data.export, writing nothing', async () => {
    const file = writeCsv('refused.csv', [HEADER.slice(0, 2), ['某人', mobile(7001)]]);
    const advisor = await actor(ctx.network.dealerA, ['service_advisor']);
    const before = await snapshot();
    await expect(importFile({ db: ctx.db, clock: ctx.clock, actor: advisor, file })).rejects.toMatchObject({ code: 'forbidden' });
    const technician = await actor(ctx.network.dealerA, ['technician']);
    const out = path.join(dir, 'refused-export.csv');
    await expect(exportFile({ db: ctx.db, clock: ctx.clock, actor: technician, file: out })).rejects.toMatchObject({ code: 'forbidden' });
    expect(fs.existsSync(out)).toBe(false);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses other file types and a file without the needed columns', async () => {
    await expect(importFile({ db: ctx.db, clock: ctx.clock, actor: adminA, file: path.join(dir, 'data.xls') })).rejects.toMatchObject({
      code: 'validation_failed',
      details: { errors: [{ field: 'file', code: 'unsupported_format' }] },
    });
    await expect(exportFile({ db: ctx.db, clock: ctx.clock, actor: adminA, file: path.join(dir, 'out.txt') })).rejects.toBeInstanceOf(
      AppError,
    );
    const noMobile = writeCsv('no-mobile.csv', [
      ['客户姓名', '城市'],
      ['某人', '北京'],
    ]);
    await expect(importFile({ db: ctx.db, clock: ctx.clock, actor: adminA, file: noMobile })).rejects.toMatchObject({
      details: { errors: [{ field: 'mobile', code: 'missing_column' }] },
    });
  });

  it("imports two new customers who each drive the other one's car, and a second time changes nothing", async () => {
    const file = writeCsv('each-other.csv', [
      ['name', 'mobile', 'vin', 'plate', 'user_mobile'],
      ['杨过', mobile(7301), vin(7301), plate(7301), mobile(7302)],
      ['小龙女', mobile(7302), vin(7302), plate(7302), mobile(7301)],
    ]);
    const report = await importFile({ db: ctx.db, clock: ctx.clock, actor: adminA, file });
    expect(report).toMatchObject({ importedRows: 2, failedRows: 0, customers: { created: 2, unchanged: 0 }, vehicles: { created: 2 } });
    const users = await ctx.db
      .selectFrom('vehicles as v')
      .innerJoin('customers as u', 'u.id', 'v.user_id')
      .select(['v.vin', 'u.name'])
      .where('v.vin', 'in', [vin(7301), vin(7302)])
      .execute();
    expect(Object.fromEntries(users.map((u) => [u.vin, u.name]))).toEqual({ [vin(7301)]: '小龙女', [vin(7302)]: '杨过' });
    const before = await snapshot();
    expect(await importFile({ db: ctx.db, clock: ctx.clock, actor: adminA, file })).toMatchObject({
      customers: { created: 0, updated: 0, unchanged: 2 },
    });
    expect(await snapshot()).toEqual(before);
  });

  it('finds the header below a title row, and reads a workbook with shared strings, dates and several sheets', async () => {
    const file = await writeXlsx('titled.xlsx', [
      ['客户车辆导入（2026 年 11 月）'],
      [],
      ['姓名', '手机号码', '生日', '客户类型'],
      ['洪七公', mobile(7201), new Date(Date.UTC(1950, 0, 2)), '个人'],
    ]);
    const report = await importFile({ db: ctx.db, clock: ctx.clock, actor: adminA, file });
    expect(report).toMatchObject({ rows: 1, importedRows: 1, failedRows: 0 });
    expect(await ctx.db.selectFrom('customers').select(['name', 'birthday']).where('mobile', '=', mobile(7201)).executeTakeFirst()).toEqual(
      { name: '洪七公', birthday: '1950-01-02' },
    );
  });

  it('reads large Chinese sheets intact, with shared strings (as Excel saves) and inline strings (as the export writes)', async () => {
    // exceljs's own stream reader garbles a character split across two chunks; ours must not.
    const names = Array.from({ length: 3000 }, (_, i) => `客户${i}，广东省佛山市顺德区大良街道${i}号「东座」`);
    const shared = await writeXlsx(
      'cjk-shared.xlsx',
      names.map((name) => [name]),
    );
    const inlinePath = path.join(dir, 'cjk-inline.xlsx');
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: inlinePath, useSharedStrings: false });
    const sheet = writer.addWorksheet('客户');
    for (const name of names) sheet.addRow([name]).commit();
    await writer.commit();
    for (const file of [shared, inlinePath]) {
      const read: unknown[] = [];
      for await (const row of openRowSource(file)()) read.push(row.cells[0]);
      expect(read.filter((name, i) => name !== names[i])).toEqual([]);
      expect(read).toHaveLength(names.length);
    }
  });

  it('reads a CSV saved by Excel on Chinese Windows (GB18030, no BOM) and English headers', async () => {
    const file = path.join(dir, 'gbk.csv');
    const text = `name,mobile,city,备注\r\n郭靖,${mobile(7101)},襄阳,大侠\r\n`;
    fs.writeFileSync(file, gb18030(text));
    const report = await importFile({ db: ctx.db, clock: ctx.clock, actor: adminA, file });
    expect(report).toMatchObject({ importedRows: 1, failedRows: 0, ignoredColumns: ['备注'] });
    expect(await ctx.db.selectFrom('customers').select(['name', 'city']).where('mobile', '=', mobile(7101)).executeTakeFirst()).toEqual({
      name: '郭靖',
      city: '襄阳',
    });
  });
});

describe('the CLI', () => {
  it('imports and exports a real file acting as a user, and prints the report', async () => {
    const login = `cli.admin.${Date.now()}`;
    await actor(ctx.network.dealerA, ['dealer_admin'], login);
    const file = writeCsv('cli.csv', [
      HEADER,
      ['黄蓉', mobile(8001), '杭州', '是', '是', vin(8001), '浙A·80001', 'S5', 2022, '混动', '2022-05-01', '', 8000, '2026-09-01'],
      ['坏车', mobile(8002), '', '', '', badCheckDigit(vin(8002)), '浙A80002', '', '', '', '', '', '', ''],
    ]);
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const exitCode = process.exitCode;
    try {
      await runTransferCommand(ctx.db, 'import', [file, '--as', login], ctx.clock);
      expect(process.exitCode).toBe(1);
      process.exitCode = exitCode;
      const out = log.mock.calls.map((c) => c.join(' ')).join('\n');
      expect(out).toContain(`Imported cli.csv as ${login} (甲店): 2 rows, 1 imported, 1 failed.`);
      expect(out).toMatch(/customers\s+1\s+0\s+0\s+1/);
      expect(out).toMatch(/vehicles\s+1\s+0\s+0\s+1/);
      expect(out).toContain('Mileage readings added: 1.');
      expect(out).toContain('row 3: vin: invalid_vin_check_digit');

      log.mockClear();
      const exported = path.join(dir, 'cli-export.xlsx');
      await runTransferCommand(ctx.db, 'export', [exported, '--as', login], ctx.clock);
      expect(log.mock.calls.join('\n')).toMatch(
        new RegExp(`^Exported \\d+ customers and \\d+ vehicles \\(\\d+ rows\\) as ${login.replace(/\./g, '\\.')} \\(甲店\\) to `),
      );
      expect(fs.existsSync(exported)).toBe(true);
    } finally {
      process.exitCode = exitCode;
      log.mockRestore();
    }
    await expect(runTransferCommand(ctx.db, 'import', [file, '--as', 'nobody'])).rejects.toThrow('no user with login nobody');
    await expect(runTransferCommand(ctx.db, 'import', [file])).rejects.toThrow(/usage/);
  });
});

/** Encodes text as GB18030 (Node can decode it but not encode it): a reverse table of the 2-byte codes. */
function gb18030(text: string): Buffer {
  const decoder = new TextDecoder('gb18030');
  const codes = new Map<string, number[]>();
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const ch = decoder.decode(Uint8Array.of(lead, trail));
      if (!codes.has(ch)) codes.set(ch, [lead, trail]);
    }
  }
  const bytes: number[] = [];
  for (const ch of text) bytes.push(...(ch.charCodeAt(0) < 0x80 ? [ch.charCodeAt(0)] : codes.get(ch)!));
  const buffer = Buffer.from(bytes);
  expect(decoder.decode(buffer)).toBe(text);
  return buffer;
}
