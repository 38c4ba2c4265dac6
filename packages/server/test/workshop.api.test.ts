import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boardChanges } from '../src/modules/workshop/workshop.events.js';
import { newId } from '../src/platform/ids.js';
import {
  buildUser,
  type Client,
  createCustomer,
  createTestContext,
  createVehicle,
  pdfText,
  TEST_PASSWORD,
  type TestContext,
} from './harness.js';

// Friday 2026-11-20 10:00 in Shanghai. Dispatch, clocking, the progress board (and its event
// stream), the quality check, the customer's progress page and the workshop KPIs.
const START = '2026-11-20T02:00:00Z';
const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

let ctx: TestContext;
let sa: Client;
let controller: Client;
let tech1: Client;
let tech2: Client;
let tech3: Client;
let inspector: Client;
let manager: Client;
let packageId: string;
let brakeOpId: string;
let bayId: string;

async function catalogue(dealerId: string) {
  const oil = newId();
  const change = newId();
  brakeOpId = newId();
  packageId = newId();
  await ctx.db
    .insertInto('parts')
    .values({ dealer_id: dealerId, id: oil, part_number: 'OIL-4L', name: '机油 4L', price_fen: 36800, stock_quantity: 10 })
    .execute();
  await ctx.db
    .insertInto('labour_operations')
    .values([
      { dealer_id: dealerId, id: change, code: 'L-OIL', name: '更换机油机滤', flat_rate_hours: 0.5 },
      { dealer_id: dealerId, id: brakeOpId, code: 'L-BRK', name: '更换前刹车片', flat_rate_hours: 1.2 },
    ])
    .execute();
  await ctx.db
    .insertInto('maintenance_packages')
    .values({ dealer_id: dealerId, id: packageId, code: 'PKG-5000', name: '5000公里保养', model_id: null, interval_km: 5000 })
    .execute();
  await ctx.db
    .insertInto('maintenance_package_items')
    .values([
      { dealer_id: dealerId, id: newId(), package_id: packageId, kind: 'labour', labour_operation_id: change, part_id: null, quantity: 1 },
      { dealer_id: dealerId, id: newId(), package_id: packageId, kind: 'parts', labour_operation_id: null, part_id: oil, quantity: 1 },
    ])
    .execute();
}

type Ro = {
  id: string;
  version: number;
  status: string;
  number: string;
  vehicle: { plate: string; vin: string };
  customer: { name: string; mobile: string };
  lines: { id: string; kind: string }[];
};

/** An authorised RO: 5000 km package (0.5 h) + front brake pads (1.2 h) + a goodwill check (0.3 h) = 2 hours sold. */
async function authorisedOrder(client: Client = sa, overrides: Record<string, unknown> = {}): Promise<Ro> {
  const customer = await createCustomer(client, { name: '王建国' });
  const vehicle = await createVehicle(client, customer.id);
  const visit = (await client.post('/api/v1/visits', { vehicleId: vehicle.id })).json();
  const created = await client.post('/api/v1/repair-orders', {
    visitId: visit.id,
    concerns: '机油灯亮了，刹车有异响',
    promisedAt: '2026-11-20T17:00:00+08:00',
    packageIds: [packageId],
    lines: [
      { kind: 'labour', labourOperationId: brakeOpId, payType: 'customer' },
      { kind: 'labour', description: '免费安全检查', hours: 0.3, payType: 'goodwill' },
    ],
    ...overrides,
  });
  expect(created.statusCode, created.body).toBe(201);
  const signed = await client.post(`/api/v1/repair-orders/${created.json().id}/authorise`, {
    version: created.json().version,
    signaturePng: PNG,
  });
  expect(signed.statusCode, signed.body).toBe(200);
  return signed.json();
}

const getRo = async (id: string): Promise<Ro> => (await sa.get(`/api/v1/repair-orders/${id}`)).json();
const toQualityCheck = async (id: string) => {
  const ro = await getRo(id);
  const response = await sa.post(`/api/v1/repair-orders/${id}/transitions`, { version: ro.version, to: 'quality_check' });
  expect(response.statusCode, response.body).toBe(200);
};
const boardEntry = async (id: string, client: Client = controller) => {
  const response = await client.get('/api/v1/workshop/board');
  expect(response.statusCode, response.body).toBe(200);
  return response.json().entries.find((e: { repairOrderId: string }) => e.repairOrderId === id);
};
const actions = async (id: string) =>
  (await ctx.db.selectFrom('audit_log').select('action').where('entity_id', '=', id).orderBy('at').orderBy('id').execute()).map(
    (r) => r.action,
  );

/** A session cookie, for calls made outside `app.inject` (the event stream). */
async function sessionCookie(roles: Parameters<TestContext['loginAs']>[0]['roles'], dealerId = ctx.network.dealerA) {
  const user = await buildUser(ctx.db, ctx.network, { dealerId, roles });
  const response = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { login: user.login, password: TEST_PASSWORD },
  });
  return `sb_session=${response.cookies.find((c) => c.name === 'sb_session')!.value}`;
}

/** Reads server-sent events from a stream until `accept` takes one. */
async function nextEvent(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  buffer: { text: string },
  accept: (event: { event: string; data: string }) => boolean,
) {
  const decoder = new TextDecoder();
  for (;;) {
    for (let end = buffer.text.indexOf('\n\n'); end >= 0; end = buffer.text.indexOf('\n\n')) {
      const block = buffer.text.slice(0, end);
      buffer.text = buffer.text.slice(end + 2);
      const fields = block.split('\n').filter((l) => !l.startsWith(':'));
      const event = fields.find((l) => l.startsWith('event: '))?.slice(7) ?? 'message';
      const data = fields
        .filter((l) => l.startsWith('data: '))
        .map((l) => l.slice(6))
        .join('\n');
      if (data && accept({ event, data })) return { event, data };
    }
    const { value, done } = await reader.read();
    if (done) throw new Error('stream ended');
    buffer.text += decoder.decode(value, { stream: true });
  }
}

beforeAll(async () => {
  ctx = await createTestContext({ now: START });
  await catalogue(ctx.network.dealerA);
  bayId = newId();
  await ctx.db.insertInto('bays').values({ dealer_id: ctx.network.dealerA, id: bayId, name: '一号工位' }).execute();
  sa = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['service_advisor'] });
  controller = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['workshop_controller'] });
  tech1 = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['technician'] });
  tech2 = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['technician'] });
  tech3 = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['technician'] });
  inspector = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['quality_inspector'] });
  manager = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['service_manager'] });
});
afterAll(() => ctx.close());

describe('the workshop, one car through it', () => {
  let main: Ro;
  let other: Ro;

  it('dispatch: the controller assigns technicians and a bay; assigning again changes nothing', async () => {
    main = await authorisedOrder();
    const response = await controller.post(`/api/v1/repair-orders/${main.id}/dispatch`, {
      technicianIds: [tech1.user.id, tech2.user.id],
      bayId,
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ repairOrderId: main.id, status: 'authorised', bay: { id: bayId, name: '一号工位' } });
    expect(
      response
        .json()
        .technicians.map((t: { id: string }) => t.id)
        .sort(),
    ).toEqual([tech1.user.id, tech2.user.id].sort());

    const again = await controller.post(`/api/v1/repair-orders/${main.id}/dispatch`, { technicianIds: [tech1.user.id] });
    expect(again.statusCode).toBe(200);
    expect(again.json().technicians).toHaveLength(2);
    expect(again.json().bay).toMatchObject({ id: bayId });
    const rows = await ctx.db.selectFrom('job_assignments').selectAll().where('repair_order_id', '=', main.id).execute();
    expect(rows).toHaveLength(2);
    expect((await ctx.db.selectFrom('repair_orders').select('bay_id').where('id', '=', main.id).executeTakeFirstOrThrow()).bay_id).toBe(
      bayId,
    );
    expect(await actions(main.id)).toContain('repair_order.dispatched');
  });

  it('dispatch is refused to others, for people who are not technicians here, unknown bays, and unsigned orders', async () => {
    expect((await sa.post(`/api/v1/repair-orders/${main.id}/dispatch`, { technicianIds: [tech1.user.id] })).statusCode).toBe(403);
    expect((await tech1.post(`/api/v1/repair-orders/${main.id}/dispatch`, { technicianIds: [tech1.user.id] })).statusCode).toBe(403);
    const notTech = await controller.post(`/api/v1/repair-orders/${main.id}/dispatch`, { technicianIds: [tech1.user.id, sa.user.id] });
    expect(notTech.statusCode).toBe(400);
    expect(notTech.json().errors[0]).toMatchObject({ field: 'technicianIds.1', code: 'unknown_technician' });
    const badBay = await controller.post(`/api/v1/repair-orders/${main.id}/dispatch`, { technicianIds: [tech1.user.id], bayId: newId() });
    expect(badBay.statusCode).toBe(400);
    expect(badBay.json().errors[0]).toMatchObject({ field: 'bayId', code: 'unknown_bay' });
    const customer = await createCustomer(sa);
    const vehicle = await createVehicle(sa, customer.id);
    const visit = (await sa.post('/api/v1/visits', { vehicleId: vehicle.id })).json();
    const open = (
      await sa.post('/api/v1/repair-orders', {
        visitId: visit.id,
        concerns: '异响',
        promisedAt: '2026-11-20T17:00:00+08:00',
        packageIds: [packageId],
        lines: [],
      })
    ).json();
    const unsigned = await manager.post(`/api/v1/repair-orders/${open.id}/dispatch`, { technicianIds: [tech1.user.id] });
    expect(unsigned.statusCode).toBe(409);
    expect(await ctx.db.selectFrom('job_assignments').selectAll().where('repair_order_id', '=', open.id).execute()).toEqual([]);
  });

  it('clock on: an assigned technician starts the work (authorised → in progress); one job at a time', async () => {
    expect((await tech3.post(`/api/v1/repair-orders/${main.id}/clock-on`)).statusCode).toBe(403); // not assigned
    expect((await controller.post(`/api/v1/repair-orders/${main.id}/clock-on`)).statusCode).toBe(403); // not a technician
    const on = await tech1.post(`/api/v1/repair-orders/${main.id}/clock-on`, { lineId: main.lines.find((l) => l.kind === 'labour')!.id });
    expect(on.statusCode, on.body).toBe(201);
    expect(on.json()).toMatchObject({
      repairOrderId: main.id,
      technicianId: tech1.user.id,
      endedAt: null,
      hours: 0,
      status: 'in_progress',
    });
    expect((await getRo(main.id)).status).toBe('in_progress');
    expect(await actions(main.id)).toEqual(expect.arrayContaining(['repair_order.in_progress', 'clock.on']));

    // A second technician joins the running job; the status stays.
    const second = await tech2.post(`/api/v1/repair-orders/${main.id}/clock-on`, {});
    expect(second.statusCode, second.body).toBe(201);
    expect(second.json().status).toBe('in_progress');
    expect((await tech2.post(`/api/v1/repair-orders/${main.id}/clock-off`)).statusCode).toBe(200);

    const twice = await tech1.post(`/api/v1/repair-orders/${main.id}/clock-on`);
    expect(twice.statusCode).toBe(409);

    other = await authorisedOrder();
    await controller.post(`/api/v1/repair-orders/${other.id}/dispatch`, { technicianIds: [tech1.user.id] });
    const elsewhere = await tech1.post(`/api/v1/repair-orders/${other.id}/clock-on`);
    expect(elsewhere.statusCode).toBe(409);
    expect(elsewhere.json().detail).toContain(main.number);
    expect((await getRo(other.id)).status).toBe('authorised');
    const badLine = await tech2.post(`/api/v1/repair-orders/${main.id}/clock-on`, { lineId: newId() });
    expect(badLine.statusCode).toBe(400);
    expect(badLine.json().errors[0]).toMatchObject({ field: 'lineId', code: 'unknown_line' });
  });

  it("the technician's phone screen lists the assigned jobs and the one clocked on", async () => {
    const response = await tech1.get('/api/v1/me/jobs');
    expect(response.statusCode).toBe(200);
    const jobs = response.json().items;
    expect(jobs.map((j: { repairOrderId: string }) => j.repairOrderId).sort()).toEqual([main.id, other.id].sort());
    const job = jobs.find((j: { repairOrderId: string }) => j.repairOrderId === main.id);
    expect(job).toMatchObject({
      number: main.number,
      status: 'in_progress',
      clockedOn: true,
      bay: { name: '一号工位' },
      plate: main.vehicle.plate,
    });
    expect(job.labourLines).toHaveLength(3);
    expect(jobs.find((j: { repairOrderId: string }) => j.repairOrderId === other.id)).toMatchObject({
      status: 'authorised',
      clockedOn: false,
    });
    expect((await tech3.get('/api/v1/me/jobs')).json().items).toEqual([]);
    expect((await sa.get('/api/v1/me/jobs')).statusCode).toBe(403);
  });

  it('clock off closes the open event with the hours clocked; then the technician may clock on elsewhere', async () => {
    ctx.clock.advance(90 * 60_000); // 11:30
    const off = await tech1.post(`/api/v1/repair-orders/${main.id}/clock-off`);
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json()).toMatchObject({ hours: 1.5, endedAt: '2026-11-20T03:30:00.000Z' });
    expect((await tech1.post(`/api/v1/repair-orders/${main.id}/clock-off`)).statusCode).toBe(409);
    const open = await ctx.db
      .selectFrom('clock_events')
      .selectAll()
      .where('technician_id', '=', tech1.user.id)
      .where('ended_at', 'is', null)
      .execute();
    expect(open).toEqual([]);
    expect(await actions(main.id)).toContain('clock.off');

    expect((await tech1.post(`/api/v1/repair-orders/${other.id}/clock-on`)).statusCode).toBe(201);
    expect((await getRo(other.id)).status).toBe('in_progress');
    expect((await tech1.post(`/api/v1/repair-orders/${other.id}/clock-off`)).statusCode).toBe(200);
  });

  it('the board shows every car in the workshop with hours sold vs clocked, only the surname, and flags promised times at risk', async () => {
    const entry = await boardEntry(main.id);
    expect(entry).toMatchObject({
      number: main.number,
      stage: 'in_progress',
      plate: main.vehicle.plate,
      customerSurname: '王',
      bay: { id: bayId, name: '一号工位' },
      promisedAt: '2026-11-20T09:00:00.000Z',
      soldHours: 2,
      clockedHours: 1.5,
      remainingHours: 0.5,
      atRisk: false,
      atRiskReason: null,
    });
    expect(entry.technicians).toHaveLength(2);
    const board = await controller.get('/api/v1/workshop/board');
    expect(board.body).not.toContain('王建国');
    expect(board.body).not.toContain(main.customer.mobile);

    // Promised at 12:00, with 2 hours of work not started at 11:30: it cannot be on time.
    const tight = await authorisedOrder(sa, { promisedAt: '2026-11-20T12:00:00+08:00' });
    expect(await boardEntry(tight.id)).toMatchObject({
      stage: 'authorised',
      atRisk: true,
      atRiskReason: 'not_enough_time',
      clockedHours: 0,
      remainingHours: 2,
    });

    // The clock passes the promised time of the main car, not yet ready.
    ctx.clock.set('2026-11-20T09:30:00Z');
    try {
      const late = await boardEntry(main.id);
      expect(late).toMatchObject({ atRisk: true, atRiskReason: 'overdue' });
      expect((await controller.get('/api/v1/workshop/board')).json().atRiskCount).toBeGreaterThanOrEqual(2);
    } finally {
      ctx.clock.set('2026-11-20T03:30:00Z');
    }
    // Technicians read the board too.
    expect((await tech1.get('/api/v1/workshop/board')).statusCode).toBe(200);
  });

  it('quality check failed: back to the workshop with the reason, one rework', async () => {
    expect(
      (await inspector.post(`/api/v1/repair-orders/${main.id}/quality-checks`, { passed: true, checklist: [{ item: '外观', ok: true }] }))
        .statusCode,
    ).toBe(409); // not in QC yet
    await toQualityCheck(main.id);
    expect(
      (await tech1.post(`/api/v1/repair-orders/${main.id}/quality-checks`, { passed: true, checklist: [{ item: '外观', ok: true }] }))
        .statusCode,
    ).toBe(403);
    const noReason = await inspector.post(`/api/v1/repair-orders/${main.id}/quality-checks`, {
      passed: false,
      checklist: [{ item: '底盘', ok: false }],
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors[0]).toMatchObject({ field: 'reason', code: 'reason_required' });
    const contradictory = await inspector.post(`/api/v1/repair-orders/${main.id}/quality-checks`, {
      passed: true,
      checklist: [{ item: '底盘', ok: false }],
    });
    expect(contradictory.statusCode).toBe(400);
    expect(contradictory.json().errors[0]).toMatchObject({ field: 'checklist', code: 'item_failed' });

    const failed = await inspector.post(`/api/v1/repair-orders/${main.id}/quality-checks`, {
      passed: false,
      checklist: [
        { item: '外观', ok: true },
        { item: '刹车', ok: false },
      ],
      roadTest: { route: '厂区试车道', km: 3, notes: '制动时仍有异响' },
      reason: '刹车仍有异响',
    });
    expect(failed.statusCode, failed.body).toBe(201);
    expect(failed.json()).toMatchObject({
      passed: false,
      status: 'in_progress',
      reworkCount: 1,
      reason: '刹车仍有异响',
      roadTest: { route: '厂区试车道', km: 3 },
      inspector: { id: inspector.user.id },
    });
    expect(await getRo(main.id)).toMatchObject({ status: 'in_progress', reworkCount: 1 });
    const stored = await ctx.db.selectFrom('quality_checks').selectAll().where('repair_order_id', '=', main.id).execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ passed: false, reason: '刹车仍有异响', inspector_id: inspector.user.id });
    expect(await actions(main.id)).toEqual(expect.arrayContaining(['quality_check.failed']));
    expect((await boardEntry(main.id)).reworkCount).toBe(1);
  });

  it('quality check passed: the car is ready', async () => {
    await toQualityCheck(main.id);
    const passed = await inspector.post(`/api/v1/repair-orders/${main.id}/quality-checks`, {
      passed: true,
      checklist: [
        { item: '外观', ok: true },
        { item: '刹车', ok: true },
      ],
      roadTest: { route: '厂区试车道', km: 3 },
    });
    expect(passed.statusCode, passed.body).toBe(201);
    expect(passed.json()).toMatchObject({ passed: true, status: 'ready', reworkCount: 1, reason: null });
    expect(await getRo(main.id)).toMatchObject({ status: 'ready', reworkCount: 1 });
    expect(await boardEntry(main.id)).toMatchObject({ stage: 'ready', atRisk: false });
    expect((await tech1.post(`/api/v1/repair-orders/${main.id}/clock-on`)).statusCode).toBe(409); // the work is done
    expect((await tech1.get('/api/v1/me/jobs')).json().items.map((j: { repairOrderId: string }) => j.repairOrderId)).not.toContain(main.id);
  });

  it('workshop KPIs: labour hours sold vs clocked, rework rate', async () => {
    const response = await manager.get('/api/v1/kpis/workshop?from=2026-11-20&to=2026-11-20');
    expect(response.statusCode, response.body).toBe(200);
    const kpis = response.json();
    expect(kpis).toMatchObject({
      counts: { completedOrders: 1, reworkedOrders: 1, qualityChecksPassed: 1, qualityChecksFailed: 1 },
      soldHours: 2,
      reworkRate: 100,
    });
    // tech1 1.5 h + tech2 0 h (clocked on and off at once) on the completed RO.
    expect(kpis.clockedHours).toBe(1.5);
    expect(kpis.labourEfficiency).toBe(133.3);
    expect(kpis.technicians.find((t: { id: string }) => t.id === tech1.user.id).clockedHours).toBe(1.5);
    expect((await controller.get('/api/v1/kpis/workshop?from=2026-11-20&to=2026-11-20')).statusCode).toBe(200);
    expect((await tech1.get('/api/v1/kpis/workshop?from=2026-11-20&to=2026-11-20')).statusCode).toBe(403);
    const empty = (await manager.get('/api/v1/kpis/workshop?from=2026-11-19&to=2026-11-19')).json();
    expect(empty).toMatchObject({ counts: { completedOrders: 0 }, labourEfficiency: null, reworkRate: null });
    expect((await manager.get('/api/v1/kpis/workshop?from=2026-11-21&to=2026-11-20')).statusCode).toBe(400);
  });

  it("the customer's progress page shows the stage and promised time, the plate masked, no personal data", async () => {
    const link = await sa.post(`/api/v1/repair-orders/${other.id}/progress-link`);
    expect(link.statusCode, link.body).toBe(201);
    const url: string = link.json().url;
    expect(url).toMatch(/^http:\/\/sb\.test\/progress\/A01\/[A-Za-z0-9_-]{40,}$/);
    const token = url.split('/').at(-1)!;
    const stored = await ctx.db
      .selectFrom('repair_orders')
      .select('progress_token_hash')
      .where('id', '=', other.id)
      .executeTakeFirstOrThrow();
    expect(stored.progress_token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.progress_token_hash).not.toContain(token);

    const page = await ctx.app.inject({ method: 'GET', url: `/api/v1/public/progress/A01/${token}` });
    expect(page.statusCode, page.body).toBe(200);
    expect(page.json()).toMatchObject({
      dealerName: '甲店',
      number: other.number,
      stage: 'in_progress',
      promisedAt: '2026-11-20T09:00:00.000Z',
    });
    expect(page.json().plate).toContain('*');
    for (const secret of [other.vehicle.plate, other.vehicle.vin, other.customer.name, other.customer.mobile, '王'])
      expect(page.body).not.toContain(secret);

    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/public/progress/A01/not-a-real-token-but-long-enough' })).statusCode).toBe(
      404,
    );
    // Another dealer's code, or a code of no dealer, opens nothing; a link printed before links carried the code still does.
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/public/progress/B01/${token}` })).statusCode).toBe(404);
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/public/progress/ZZ99/${token}` })).statusCode).toBe(404);
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/public/progress/${token}` })).json()).toMatchObject({
      number: other.number,
    });
    // A new link replaces the old one.
    const newer = (await sa.post(`/api/v1/repair-orders/${other.id}/progress-link`)).json().url.split('/').at(-1);
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/public/progress/A01/${token}` })).statusCode).toBe(404);
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/public/progress/A01/${newer}` })).statusCode).toBe(200);
    // The printed RO carries the current link (its QR code and address); an old link is refused.
    expect(await pdfText(sa, `/api/v1/repair-orders/${other.id}/pdf?progressToken=${newer}`)).toContain(`sb.test/progress/A01/${newer}`);
    const stale = await sa.get(`/api/v1/repair-orders/${other.id}/pdf?progressToken=${token}`);
    expect(stale.statusCode).toBe(400);
    expect(stale.json().errors[0]).toMatchObject({ field: 'progressToken', code: 'stale_link' });
    expect(await actions(other.id)).toContain('repair_order.progress_link_created');
    expect((await tech1.post(`/api/v1/repair-orders/${other.id}/progress-link`)).statusCode).toBe(403);
  });
});

describe('one open clock per technician', () => {
  it('two clock-ons at the same moment on two jobs: exactly one wins, the other job is untouched', async () => {
    const racer = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['technician'] });
    const [a, b] = [await authorisedOrder(), await authorisedOrder()];
    for (const ro of [a, b])
      expect((await controller.post(`/api/v1/repair-orders/${ro.id}/dispatch`, { technicianIds: [racer.user.id] })).statusCode).toBe(200);
    const results = await Promise.all([
      racer.post(`/api/v1/repair-orders/${a.id}/clock-on`),
      racer.post(`/api/v1/repair-orders/${b.id}/clock-on`),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    const winner = results[0]!.statusCode === 201 ? a : b;
    const loser = winner === a ? b : a;
    expect((await getRo(winner.id)).status).toBe('in_progress');
    expect((await getRo(loser.id)).status).toBe('authorised');
    const open = await ctx.db
      .selectFrom('clock_events')
      .select('repair_order_id')
      .where('technician_id', '=', racer.user.id)
      .where('ended_at', 'is', null)
      .execute();
    expect(open).toEqual([{ repair_order_id: winner.id }]);
    expect((await racer.post(`/api/v1/repair-orders/${winner.id}/clock-off`)).statusCode).toBe(200);
  });

  it.runIf(process.env.TEST_DATABASE_URL)(
    'a clock-on committed elsewhere while this one runs is refused by the unique index (PostgreSQL)',
    async () => {
      const racer = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['technician'] });
      const [a, b] = [await authorisedOrder(), await authorisedOrder()];
      for (const ro of [a, b]) await controller.post(`/api/v1/repair-orders/${ro.id}/dispatch`, { technicianIds: [racer.user.id] });
      // Another connection holds an uncommitted open clock on A: the check does not see it, the insert waits on the index.
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let inserted!: () => void;
      const ready = new Promise<void>((resolve) => (inserted = resolve));
      const other = ctx.db.transaction().execute(async (tx) => {
        await tx
          .insertInto('clock_events')
          .values({
            dealer_id: ctx.network.dealerA,
            id: newId(),
            repair_order_id: a.id,
            line_id: null,
            technician_id: racer.user.id,
            started_at: new Date(),
            ended_at: null,
          })
          .execute();
        inserted();
        await held;
      });
      await ready;
      const clockOn = racer.post(`/api/v1/repair-orders/${b.id}/clock-on`);
      // Wait until the clock-on is blocked on the other transaction's index entry, then commit that one.
      const waiting = async () =>
        Number(
          (
            await sql<{
              n: string;
            }>`select count(*) as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`.execute(ctx.db)
          ).rows[0]!.n,
        );
      await expect.poll(waiting, { timeout: 10_000 }).toBeGreaterThan(0);
      release();
      await other;
      const response = await clockOn;
      expect(response.statusCode, response.body).toBe(409);
      expect(response.json().detail).toContain('clock off there first');
      expect((await getRo(b.id)).status).toBe('authorised');
    },
  );
});

describe('the live board stream (server-sent events)', () => {
  it('sends the board at once, pushes it again after a change, and lets go when the client leaves', async () => {
    const address = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    const cookie = await sessionCookie(['workshop_controller']);
    const abort = new AbortController();
    const response = await fetch(`${address}/api/v1/workshop/board/stream`, { headers: { cookie }, signal: abort.signal });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = response.body!.getReader();
    const buffer = { text: '' };
    try {
      const first = await nextEvent(reader, buffer, (e) => e.event === 'board');
      const board = JSON.parse(first.data);
      expect(board.entries.length).toBeGreaterThan(0);
      expect(board.entries[0]).toHaveProperty('atRisk');

      // A change is pushed without waiting for the periodic refresh.
      const fresh = await authorisedOrder();
      await controller.post(`/api/v1/repair-orders/${fresh.id}/dispatch`, { technicianIds: [tech3.user.id], bayId });
      const pushed = await nextEvent(
        reader,
        buffer,
        (e) =>
          e.event === 'board' &&
          JSON.parse(e.data).entries.some((x: { repairOrderId: string; bay: unknown }) => x.repairOrderId === fresh.id && x.bay !== null),
      );
      expect(JSON.parse(pushed.data).entries.find((x: { repairOrderId: string }) => x.repairOrderId === fresh.id).technicians[0].id).toBe(
        tech3.user.id,
      );
    } finally {
      abort.abort();
      await reader.cancel().catch(() => undefined);
    }
    await expect.poll(() => boardChanges.listenerCount(ctx.network.dealerA)).toBe(0);
  });

  it("needs a login and a dealer: the car maker reads the board without the dealer's live stream", async () => {
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/workshop/board/stream' })).statusCode).toBe(401);
    const carMaker = await ctx.loginAs({ dealerId: null, roles: ['oem_analyst'] });
    expect((await carMaker.get('/api/v1/workshop/board/stream')).statusCode).toBe(403);
    expect((await carMaker.get('/api/v1/workshop/board')).statusCode).toBe(200);
  });
});

describe("the technician's tablet: lines, findings, the hand-over to the check", () => {
  it('starts and pauses a line, records findings, finishes every line, then sends the car to the check', async () => {
    const ro = await authorisedOrder();
    await controller.post(`/api/v1/repair-orders/${ro.id}/dispatch`, { technicianIds: [tech3.user.id] });
    const labour = ro.lines.filter((l) => l.kind === 'labour');
    expect(labour).toHaveLength(3);

    // Start on the first line, pause, and it is the line the clock was on.
    expect((await tech3.post(`/api/v1/repair-orders/${ro.id}/clock-on`, { lineId: labour[0]!.id })).statusCode).toBe(201);
    let job = (await tech3.get('/api/v1/me/jobs')).json().items.find((j: { repairOrderId: string }) => j.repairOrderId === ro.id);
    expect(job.clockedOnLineId).toBe(labour[0]!.id);
    expect((await tech3.post(`/api/v1/repair-orders/${ro.id}/clock-off`)).statusCode).toBe(200);

    // A finding with measurements, on the brake line; bad input names the field and writes nothing.
    const bad = await tech3.post(`/api/v1/repair-orders/${ro.id}/findings`, { lineId: labour[1]!.id, text: '', measurements: [] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('text');
    const unknownLine = await tech3.post(`/api/v1/repair-orders/${ro.id}/findings`, { lineId: newId(), text: '刹车片磨损' });
    expect(unknownLine.json().errors[0].field).toBe('lineId');
    const finding = await tech3.post(`/api/v1/repair-orders/${ro.id}/findings`, {
      lineId: labour[1]!.id,
      text: '前刹车片磨损严重',
      measurements: [{ name: '左前刹车片', value: 2.5, unit: 'mm' }],
    });
    expect(finding.statusCode, finding.body).toBe(201);
    expect(finding.json()).toMatchObject({
      lineId: labour[1]!.id,
      text: '前刹车片磨损严重',
      measurements: [{ name: '左前刹车片', value: 2.5, unit: 'mm' }],
      at: ctx.clock.now().toISOString(),
    });
    expect(await ctx.db.selectFrom('job_findings').select('id').where('repair_order_id', '=', ro.id).execute()).toHaveLength(1);

    // Not to the check while lines are open: it names them.
    await tech3.post(`/api/v1/repair-orders/${ro.id}/clock-on`, { lineId: labour[1]!.id });
    const early = await tech3.post(`/api/v1/repair-orders/${ro.id}/send-to-quality-check`);
    expect(early.statusCode).toBe(409);
    expect(early.json().lineIds).toHaveLength(3);

    // Finishing a line stops the clock on the job; a line is finished once.
    const finished = await tech3.post(`/api/v1/repair-orders/${ro.id}/lines/${labour[1]!.id}/finish`);
    expect(finished.statusCode, finished.body).toBe(200);
    expect((await tech3.post(`/api/v1/repair-orders/${ro.id}/lines/${labour[1]!.id}/finish`)).statusCode).toBe(409);
    expect(
      await ctx.db
        .selectFrom('clock_events')
        .select('id')
        .where('technician_id', '=', tech3.user.id)
        .where('ended_at', 'is', null)
        .execute(),
    ).toEqual([]);
    for (const line of [labour[0]!, labour[2]!])
      expect((await tech3.post(`/api/v1/repair-orders/${ro.id}/lines/${line.id}/finish`)).statusCode).toBe(200);
    job = (await tech3.get('/api/v1/me/jobs')).json().items.find((j: { repairOrderId: string }) => j.repairOrderId === ro.id);
    expect(job.labourLines.every((l: { finishedAt: string | null }) => l.finishedAt !== null)).toBe(true);
    expect(job.findings).toHaveLength(1);

    // The advisor cannot do the technician's part; the assigned technician hands the car over.
    expect((await sa.post(`/api/v1/repair-orders/${ro.id}/send-to-quality-check`)).statusCode).toBe(403);
    expect((await tech1.post(`/api/v1/repair-orders/${ro.id}/send-to-quality-check`)).statusCode).toBe(403);
    const sent = await tech3.post(`/api/v1/repair-orders/${ro.id}/send-to-quality-check`);
    expect(sent.statusCode, sent.body).toBe(200);
    expect((await getRo(ro.id)).status).toBe('quality_check');
    expect(await actions(ro.id)).toEqual(expect.arrayContaining(['ro_line.finished', 'finding.recorded', 'repair_order.quality_check']));
  });
});

describe("isolation: another dealer's workshop", () => {
  it('gets 404 on every endpoint for a repair order of another dealer, and sees none of it', async () => {
    const ro = await authorisedOrder();
    await controller.post(`/api/v1/repair-orders/${ro.id}/dispatch`, { technicianIds: [tech2.user.id] });
    const before = await getRo(ro.id);
    const otherDealer = await ctx.loginAs({
      dealerId: ctx.network.dealerB,
      roles: ['workshop_controller', 'technician', 'quality_inspector', 'service_manager', 'service_advisor'],
    });
    const calls = [
      otherDealer.post(`/api/v1/repair-orders/${ro.id}/dispatch`, { technicianIds: [otherDealer.user.id] }),
      otherDealer.post(`/api/v1/repair-orders/${ro.id}/clock-on`),
      otherDealer.post(`/api/v1/repair-orders/${ro.id}/clock-off`),
      otherDealer.post(`/api/v1/repair-orders/${ro.id}/quality-checks`, {
        passed: false,
        checklist: [{ item: '外观', ok: false }],
        reason: 'x',
      }),
      otherDealer.post(`/api/v1/repair-orders/${ro.id}/progress-link`),
      otherDealer.post(`/api/v1/repair-orders/${ro.id}/lines/${ro.lines[0]!.id}/finish`),
      otherDealer.post(`/api/v1/repair-orders/${ro.id}/findings`, { text: '别家的发现' }),
      otherDealer.post(`/api/v1/repair-orders/${ro.id}/send-to-quality-check`),
    ];
    for (const response of await Promise.all(calls)) expect(response.statusCode, response.body).toBe(404);
    expect(await getRo(ro.id)).toMatchObject({ status: 'authorised', version: before.version });
    expect(await ctx.db.selectFrom('clock_events').selectAll().where('technician_id', '=', otherDealer.user.id).execute()).toEqual([]);
    expect(
      (await ctx.db.selectFrom('repair_orders').select('progress_token_hash').where('id', '=', ro.id).executeTakeFirstOrThrow())
        .progress_token_hash,
    ).toBeNull();

    for (const url of ['/api/v1/workshop/board', '/api/v1/me/jobs', '/api/v1/kpis/workshop?from=2026-11-20&to=2026-11-20']) {
      const response = await otherDealer.get(url);
      expect(response.statusCode, url).toBe(200);
      expect(response.body, url).not.toContain(ro.id);
      expect(response.body, url).not.toContain(ro.number);
    }
    expect((await otherDealer.get('/api/v1/workshop/board')).json().entries).toEqual([]);
    expect((await otherDealer.get('/api/v1/kpis/workshop?from=2026-11-20&to=2026-11-20')).json()).toMatchObject({
      counts: { completedOrders: 0, qualityChecksPassed: 0 },
      technicians: [],
    });

    // Nor are this dealer's technicians or bays usable on the other dealer's orders.
    const own = await otherDealer.post('/api/v1/visits', {
      vehicleId: (await createVehicle(otherDealer, (await createCustomer(otherDealer)).id)).id,
    });
    const created = (
      await otherDealer.post('/api/v1/repair-orders', {
        visitId: own.json().id,
        concerns: '检查',
        promisedAt: '2026-11-20T17:00:00+08:00',
        lines: [{ kind: 'labour', description: '检查', hours: 1, payType: 'customer' }],
      })
    ).json();
    await otherDealer.post(`/api/v1/repair-orders/${created.id}/authorise`, { version: created.version, signaturePng: PNG });
    const foreignTech = await otherDealer.post(`/api/v1/repair-orders/${created.id}/dispatch`, { technicianIds: [tech1.user.id] });
    expect(foreignTech.statusCode).toBe(400);
    expect(foreignTech.json().errors[0].code).toBe('unknown_technician');
    const foreignBay = await otherDealer.post(`/api/v1/repair-orders/${created.id}/dispatch`, {
      technicianIds: [otherDealer.user.id],
      bayId,
    });
    expect(foreignBay.statusCode).toBe(400);
    expect(foreignBay.json().errors[0].code).toBe('unknown_bay');
    expect(
      (await otherDealer.post(`/api/v1/repair-orders/${created.id}/dispatch`, { technicianIds: [otherDealer.user.id] })).statusCode,
    ).toBe(200);
    // A's technician cannot clock on B's order.
    expect((await tech1.post(`/api/v1/repair-orders/${created.id}/clock-on`)).statusCode).toBe(404);
  });
});
