import { withVinCheckDigit } from '@servicebay/contracts';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createCustomer, createTestContext, createVehicle, type TestContext } from './harness.js';

// Issue 12 point 10: bad input found by a probe. No input may spin a loop without end, every date
// and time a person enters has a plausible window (400 naming the field, nothing written), report
// ranges have a limit, and an upload is stored only when it really is a photo, served with safe
// headers. The clock: Friday 2026-11-20 10:00 in Shanghai.

let ctx: TestContext;
let manager: Client;
let sa: Client;
let agent: Client;
let oem: Client;

type Table =
  | 'audit_log'
  | 'staff_absences'
  | 'visits'
  | 'complaints'
  | 'customers'
  | 'vehicles'
  | 'repair_orders'
  | 'work_plans'
  | 'appointments';
const count = async (table: Table) =>
  Number(
    (
      await ctx.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

/** A 400 (or other status) problem+json naming `field` with `code`. */
function expectFieldProblem(response: LightMyRequestResponse, field: string, code: string, status = 400) {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toContain('application/problem+json');
  expect(response.json().errors).toEqual(expect.arrayContaining([expect.objectContaining({ field, code })]));
}

/** Runs `write` and checks that it changed none of `tables` (nor the audit log). */
async function writesNothing(tables: Table[], write: () => Promise<void>) {
  const all: Table[] = ['audit_log', ...tables];
  const before = await Promise.all(all.map(count));
  await write();
  expect(await Promise.all(all.map(count))).toEqual(before);
}

beforeAll(async () => {
  ctx = await createTestContext({ now: '2026-11-20T02:00:00Z' });
  manager = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['service_manager'] });
  sa = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['service_advisor'] });
  agent = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['appointment_agent'] });
  oem = await ctx.loginAs({ dealerId: null, roles: ['oem_complaint_desk'] });
});
afterAll(() => ctx?.close());

describe('loops over days driven by input', () => {
  it('refuses the roster of year 9999 (read and write) and keeps answering', async () => {
    await writesNothing(['staff_absences'], async () => {
      expectFieldProblem(await sa.get('/api/v1/roster?date=9999-12-31'), 'date', 'out_of_range');
      expectFieldProblem(await manager.put('/api/v1/roster/9999-12-31', { offUserIds: [] }), 'date', 'out_of_range');
      expectFieldProblem(await sa.get('/api/v1/roster?date=0001-01-01'), 'date', 'out_of_range');
    });
    expect((await ctx.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    // The last day of the window still works.
    expect((await sa.get('/api/v1/roster?date=2100-12-31')).statusCode).toBe(200);
  });

  it('refuses availability and call lists outside the window or over a long range', async () => {
    expectFieldProblem(await agent.get('/api/v1/availability?from=9999-12-30&to=9999-12-31'), 'from', 'out_of_range');
    expectFieldProblem(await agent.get('/api/v1/availability?from=2026-11-20&to=2030-11-20'), 'to', 'range_too_long');
    expectFieldProblem(await agent.get('/api/v1/appointments/call-list?date=9999-12-31'), 'date', 'out_of_range');
    expectFieldProblem(
      await ctx.app.inject({ method: 'GET', url: '/api/v1/public/dealers/A01/availability?from=9999-12-30&to=9999-12-31' }),
      'from',
      'out_of_range',
    );
  });
});

describe('report and list ranges', () => {
  const ranges = [
    '/api/v1/kpis/appointments',
    '/api/v1/kpis/service',
    '/api/v1/kpis/workshop',
    '/api/v1/kpis/follow-up',
    '/api/v1/kpis/csi',
    '/api/v1/kpis/complaints',
    '/api/v1/appointments',
    '/api/v1/survey-responses',
  ];

  it.each(ranges)('%s refuses more than a year, a reversed range and a year outside the window', async (url) => {
    expectFieldProblem(await manager.get(`${url}?from=2020-01-01&to=2026-11-20`), 'to', 'too_long');
    expectFieldProblem(await manager.get(`${url}?from=2026-11-20&to=2026-11-01`), 'to', 'before_from');
    expectFieldProblem(await manager.get(`${url}?from=0001-01-01&to=0001-12-31`), 'from', 'out_of_range');
    expect((await manager.get(`${url}?from=2025-11-20&to=2026-11-20`)).statusCode).toBe(200);
  });
});

describe('dates and times a person enters', () => {
  it('refuses a year-0001 or far-off arrival and writes no visit', async () => {
    const customer = await createCustomer(sa);
    const vehicle = await createVehicle(sa, customer.id);
    await writesNothing(['visits'], async () => {
      expectFieldProblem(
        await sa.post('/api/v1/visits', { vehicleId: vehicle.id, arrivedAt: '0001-01-01T00:00:00Z' }),
        'arrivedAt',
        'out_of_range',
      );
      expectFieldProblem(
        await sa.post('/api/v1/visits', { vehicleId: vehicle.id, arrivedAt: '9999-12-31T00:00:00Z' }),
        'arrivedAt',
        'out_of_range',
      );
      expectFieldProblem(
        await sa.post('/api/v1/visits', { vehicleId: vehicle.id, arrivedAt: '2026-11-10T09:00:00+08:00' }),
        'arrivedAt',
        'too_far_back',
      );
    });
    const visit = await sa.post('/api/v1/visits', { vehicleId: vehicle.id, arrivedAt: '2026-11-20T09:50:00+08:00' });
    expect(visit.statusCode, visit.body).toBe(201);
    expect(visit.json().arrivedAt).toBe('2026-11-20T01:50:00.000Z');

    await writesNothing(['repair_orders'], async () => {
      const order = (promisedAt: string) => sa.post('/api/v1/repair-orders', { visitId: visit.json().id, concerns: '保养', promisedAt });
      expectFieldProblem(await order('9999-12-31T17:00:00+08:00'), 'promisedAt', 'out_of_range');
      expectFieldProblem(await order('0001-01-01T17:00:00+08:00'), 'promisedAt', 'out_of_range');
      expectFieldProblem(await order('2028-11-20T17:00:00+08:00'), 'promisedAt', 'too_far_ahead');
    });
  });

  it('refuses a year-0001 complaint, a far-off deadline, and writes no case', async () => {
    const customer = await createCustomer(sa);
    const vehicle = await createVehicle(sa, customer.id);
    const complaint = (body: Record<string, unknown>) =>
      sa.post('/api/v1/complaints', {
        customerId: customer.id,
        vehicleId: vehicle.id,
        channel: 'in_person',
        customerWords: '等了三个小时',
        ...body,
      });
    await writesNothing(['complaints'], async () => {
      expectFieldProblem(await complaint({ receivedAt: '0001-01-01T00:00:00Z' }), 'receivedAt', 'out_of_range');
      expectFieldProblem(await complaint({ receivedAt: '2024-01-01T00:00:00Z' }), 'receivedAt', 'too_far_back');
      const hotline = (deadlineAt: string) =>
        oem.post('/api/v1/network/complaints', {
          customerId: customer.id,
          vehicleId: vehicle.id,
          dealerId: ctx.network.dealerA,
          channel: 'oem_hotline',
          customerWords: '拒绝保修',
          deadlineAt,
        });
      expectFieldProblem(await hotline('9999-12-31T00:00:00Z'), 'deadlineAt', 'out_of_range');
      expectFieldProblem(await hotline('2030-01-01T00:00:00Z'), 'deadlineAt', 'too_far_ahead');
    });
  });

  it('refuses a birthday or a delivery date at 0001, 9999 or in the future, and writes nothing', async () => {
    const customer = await createCustomer(sa);
    const vin = withVinCheckDigit('LYHS5A1C0TB999999');
    await writesNothing(['customers', 'vehicles'], async () => {
      for (const birthday of ['0001-01-01', '9999-12-31'])
        expectFieldProblem(
          await sa.post('/api/v1/customers', { name: '钱多', mobile: '13912345678', birthday }),
          'birthday',
          'out_of_range',
        );
      expectFieldProblem(
        await sa.post('/api/v1/customers', { name: '钱多', mobile: '13912345678', birthday: '2026-12-01' }),
        'birthday',
        'in_future',
      );
      expectFieldProblem(
        await sa.patch(`/api/v1/customers/${customer.id}`, { version: customer.version, birthday: '0001-01-01' }),
        'birthday',
        'out_of_range',
      );
      for (const deliveredOn of ['0001-01-01', '9999-12-31'])
        expectFieldProblem(
          await sa.post('/api/v1/vehicles', { vin, plate: '京A99999', ownerId: customer.id, deliveredOn }),
          'deliveredOn',
          'out_of_range',
        );
      expectFieldProblem(
        await sa.post('/api/v1/vehicles', { vin, plate: '京A99999', ownerId: customer.id, deliveredOn: '2027-01-01' }),
        'deliveredOn',
        'in_future',
      );
      expectFieldProblem(
        await sa.post('/api/v1/vehicles', { vin, plate: '京A99999', ownerId: customer.id, insuranceExpiresOn: '9999-12-31' }),
        'insuranceExpiresOn',
        'out_of_range',
      );
    });
    expect((await sa.post('/api/v1/customers', { name: '钱多', mobile: '13912345678', birthday: '1960-02-29' })).statusCode).toBe(201);
  });

  it('refuses a work plan period at 0001 or 9999, far off, or longer than a year', async () => {
    const plan = (periodFrom: string, periodTo: string) =>
      manager.post('/api/v1/work-plans', {
        kind: 'follow_up',
        title: '回访',
        periodFrom,
        periodTo,
        targetCount: 10,
        minimumCount: 8,
        metric: 'follow_up_calls',
      });
    await writesNothing(['work_plans'], async () => {
      expectFieldProblem(await plan('0001-01-01', '0001-12-31'), 'periodFrom', 'out_of_range');
      expectFieldProblem(await plan('2026-11-01', '9999-12-31'), 'periodTo', 'out_of_range');
      expectFieldProblem(await plan('2026-01-01', '2028-12-31'), 'periodTo', 'too_long');
      expectFieldProblem(await plan('2030-01-01', '2030-12-31'), 'periodFrom', 'too_far_ahead');
      expectFieldProblem(await plan('2020-01-01', '2020-12-31'), 'periodTo', 'too_far_back');
    });
    expect((await plan('2026-11-01', '2026-11-30')).statusCode).toBe(201);
  });

  it('refuses an appointment in year 9999 or more than a year ahead, and books nothing', async () => {
    const customer = await createCustomer(agent);
    const vehicle = await createVehicle(agent, customer.id);
    const book = (startsAt: string) =>
      agent.post('/api/v1/appointments', {
        vehicleId: vehicle.id,
        startsAt,
        durationMinutes: 60,
        requestedWork: [{ kind: 'maintenance', description: '保养' }],
        channel: 'phone',
      });
    await writesNothing(['appointments'], async () => {
      expectFieldProblem(await book('9999-12-31T09:00:00+08:00'), 'startsAt', 'out_of_range');
      expectFieldProblem(await book('0001-01-01T09:00:00+08:00'), 'startsAt', 'out_of_range');
      expectFieldProblem(await book('2028-11-20T09:00:00+08:00'), 'startsAt', 'too_far_ahead');
    });
  });
});

describe('uploaded files', () => {
  // A real 1×1 PNG.
  const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
  const base64 = (text: string) => Buffer.from(text).toString('base64');

  it('refuses what is not a photo, whatever type it claims', async () => {
    const before = await ctx.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expectFieldProblem(
      await sa.post('/api/v1/files', {
        contentType: 'image/png',
        dataBase64: base64('<html><script>alert(document.cookie)</script></html>'),
      }),
      'dataBase64',
      'not_an_image',
      415,
    );
    expectFieldProblem(
      await sa.post('/api/v1/files', { contentType: 'image/jpeg', dataBase64: base64('#!/bin/sh\nrm -rf /\n') }),
      'dataBase64',
      'not_an_image',
      415,
    );
    expectFieldProblem(
      await sa.post('/api/v1/files', {
        contentType: 'image/webp',
        dataBase64: base64('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
      }),
      'dataBase64',
      'not_an_image',
      415,
    );
    expectFieldProblem(
      await sa.post('/api/v1/files', { contentType: 'image/png', dataBase64: '<html>not base64</html>' }),
      'dataBase64',
      'invalid_file_data',
    );
    // A PNG signature with nothing after it is not a PNG either.
    expectFieldProblem(
      await sa.post('/api/v1/files', {
        contentType: 'image/png',
        dataBase64: Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('<html></html>')]).toString(
          'base64',
        ),
      }),
      'dataBase64',
      'not_an_image',
      415,
    );
    expect(
      await ctx.db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow(),
    ).toEqual(before);
  });

  it('stores a real PNG by its real type and serves it with safe headers', async () => {
    // Declared as JPEG: the content decides.
    const uploaded = await sa.post('/api/v1/files', { contentType: 'image/jpeg', dataBase64: PNG });
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const { key } = uploaded.json();
    expect(key).toMatch(/\.png$/);
    const served = await sa.get(`/api/v1/files/${key}`);
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/png');
    expect(served.headers['x-content-type-options']).toBe('nosniff');
    expect(served.headers['content-disposition']).toBe(`inline; filename="${key.split('/')[1]}"`);
    expect(served.headers['content-security-policy']).toContain("default-src 'none'");
    expect(served.headers['content-security-policy']).toContain('sandbox');
    expect(served.rawPayload.equals(Buffer.from(PNG, 'base64'))).toBe(true);
  });

  it('sends nosniff on every API answer', async () => {
    expect((await sa.get('/api/v1/auth/session')).headers['x-content-type-options']).toBe('nosniff');
  });
});
