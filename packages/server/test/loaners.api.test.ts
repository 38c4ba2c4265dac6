import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../src/platform/ids.js';
import { type Client, createCustomer, createTestContext, createVehicle, type TestContext } from './harness.js';

// Loaner cars (代步车, issue 17): the fleet, reservations that never overlap per loaner (a database
// constraint: concurrent reservations, exactly one wins), who may have one, the hand-over and the
// return signed on the tablet, the cost per day, the overdue chase and the utilisation.

const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

let ctx: TestContext;
let manager: Client;
let sa: Client;
let analyst: Client;
let customerId: string;
let vehicleId: string;
let loanerA: { id: string; version: number };
let loanerB: { id: string; version: number };

/** Sessions last 12 hours: after the clock moves, the staff log in again. */
async function at(instant: string) {
  ctx.clock.set(instant);
  const { dealerA } = ctx.network;
  manager = await ctx.loginAs({ dealerId: dealerA, roles: ['service_manager'] });
  sa = await ctx.loginAs({ dealerId: dealerA, roles: ['service_advisor'] });
  analyst = await ctx.loginAs({ dealerId: null, roles: ['oem_analyst'] });
}

const reservationRows = async () => (await ctx.db.selectFrom('loaner_reservations').select('id').execute()).length;
const loanerRows = async () => (await ctx.db.selectFrom('loaners').select('id').execute()).length;

const warranty = (loanerId: string, from: string, until: string) => ({
  loanerId,
  customerId,
  vehicleId,
  reason: 'warranty_repair',
  expectedRepairDays: 3,
  from,
  until,
});

beforeAll(async () => {
  ctx = await createTestContext({ now: '2026-11-20T02:00:00Z' });
  const { dealerA } = ctx.network;
  manager = await ctx.loginAs({ dealerId: dealerA, roles: ['service_manager'] });
  sa = await ctx.loginAs({ dealerId: dealerA, roles: ['service_advisor'] });
  analyst = await ctx.loginAs({ dealerId: null, roles: ['oem_analyst'] });
  const customer = await createCustomer(sa);
  customerId = customer.id;
  vehicleId = (await createVehicle(sa, customerId, { modelId: ctx.network.modelId })).id;
});
afterAll(() => ctx.close());

describe('the loaner fleet', () => {
  it('the manager adds loaners and edits one with the version read', async () => {
    const added = await manager.post('/api/v1/loaners', {
      plate: '京a·l0001',
      model: '远航 S5',
      km: 12_000,
      fuelLevel: 80,
      insuranceExpiresOn: '2027-06-30',
      costPerDayFen: 15_000,
    });
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json()).toMatchObject({ plate: '京A·L0001', state: 'active', km: 12_000, costPerDayFen: 15_000, version: 1, outOn: null });
    loanerA = added.json();
    const second = await manager.post('/api/v1/loaners', {
      plate: '京AL0002',
      model: '远航 S3',
      km: 5_000,
      fuelLevel: 100,
      costPerDayFen: 10_000,
    });
    expect(second.statusCode, second.body).toBe(201);
    loanerB = second.json();
    const edited = await manager.put(`/api/v1/loaners/${loanerB.id}`, {
      plate: '京AL0002',
      model: '远航 S3 Pro',
      km: 5_000,
      fuelLevel: 100,
      costPerDayFen: 12_000,
      state: 'active',
      version: 1,
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ model: '远航 S3 Pro', costPerDayFen: 12_000, version: 2 });
    loanerB = edited.json();
    const stale = await manager.put(`/api/v1/loaners/${loanerB.id}`, { ...(edited.json() as object), plate: '京AL0002', version: 1 });
    expect(stale.statusCode).toBe(409);
    expect((await sa.get('/api/v1/loaners')).json().items).toHaveLength(2);
    // An advisor reserves loaners but does not keep the fleet.
    expect((await sa.post('/api/v1/loaners', { plate: '京AL0003', model: 'x', km: 0, fuelLevel: 0, costPerDayFen: 0 })).statusCode).toBe(
      403,
    );
  });

  it('refuses bad input naming the field, and writes nothing', async () => {
    const before = await loanerRows();
    const good = { plate: '京AL0009', model: '远航 S5', km: 1, fuelLevel: 50, costPerDayFen: 100 };
    for (const [body, field] of [
      [{ ...good, plate: 'ABC' }, 'plate'],
      [{ ...good, model: '' }, 'model'],
      [{ ...good, km: -1 }, 'km'],
      [{ ...good, fuelLevel: 101 }, 'fuelLevel'],
      [{ ...good, costPerDayFen: 1.5 }, 'costPerDayFen'],
      [{ ...good, insuranceExpiresOn: '2027-02-30' }, 'insuranceExpiresOn'],
      [{ ...good, plate: '京AL0001' }, 'plate'],
    ] as const) {
      const response = await manager.post('/api/v1/loaners', body);
      expect(response.statusCode, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json().errors[0].field).toBe(field);
    }
    expect(await loanerRows()).toBe(before);
  });
});

describe('reservations', () => {
  it('gives a loaner by the rules, refuses one the rules do not give unless a manager overrides', async () => {
    const refused = await sa.post('/api/v1/loaner-reservations', {
      ...warranty(loanerA.id, '2026-11-21T01:00:00Z', '2026-11-22T09:00:00Z'),
      expectedRepairDays: 1,
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({
      code: 'loaner_not_eligible',
      errors: [{ field: 'expectedRepairDays', code: 'repair_too_short' }],
    });
    const courtesy = { loanerId: loanerA.id, customerId, reason: 'courtesy', from: '2026-11-21T01:00:00Z', until: '2026-11-21T09:00:00Z' };
    expect((await sa.post('/api/v1/loaner-reservations', courtesy)).json().errors[0]).toMatchObject({ field: 'reason', code: 'no_rule' });
    const notMember = await sa.post('/api/v1/loaner-reservations', { ...courtesy, reason: 'member' });
    expect(notMember.json().errors[0]).toMatchObject({ field: 'isMember', code: 'not_a_member' });
    expect((await sa.post('/api/v1/loaner-reservations', { ...courtesy, reason: 'sanbao', vehicleId })).json().errors[0]).toMatchObject({
      field: 'vehicleId',
      code: 'no_sanbao_case',
    });
    // An advisor cannot override the rules; the manager can, with the reason kept.
    const bySa = await sa.post('/api/v1/loaner-reservations', { ...courtesy, overrideReason: '老客户' });
    expect(bySa.statusCode).toBe(403);
    expect(bySa.json().errors[0].field).toBe('overrideReason');
    expect(await reservationRows()).toBe(0);
    const byManager = await manager.post('/api/v1/loaner-reservations', { ...courtesy, overrideReason: '老客户，车辆返修' });
    expect(byManager.statusCode, byManager.body).toBe(201);
    expect(byManager.json()).toMatchObject({ reason: 'courtesy', overrideReason: '老客户，车辆返修', status: 'reserved' });
    expect((await manager.post(`/api/v1/loaner-reservations/${byManager.json().id}/cancel`, { reason: '客户不需要' })).json().status).toBe(
      'cancelled',
    );
  });

  it('a 三包 case, a member and a complaint’s recovery give a loaner', async () => {
    await ctx.db
      .insertInto('sanbao_cases')
      .values({
        id: newId(),
        network_id: ctx.network.networkId,
        vehicle_id: vehicleId,
        dealer_id: ctx.network.dealerA,
        status: 'open',
        flags: JSON.stringify([]),
        opened_at: ctx.clock.now(),
        updated_at: ctx.clock.now(),
      })
      .execute();
    const sanbao = await sa.post('/api/v1/loaner-reservations', {
      loanerId: loanerB.id,
      customerId,
      vehicleId,
      reason: 'sanbao',
      from: '2026-12-01T01:00:00Z',
      until: '2026-12-02T01:00:00Z',
    });
    expect(sanbao.statusCode, sanbao.body).toBe(201);
    const member = await sa.post('/api/v1/loaner-reservations', {
      loanerId: loanerB.id,
      customerId,
      reason: 'member',
      isMember: true,
      from: '2026-12-03T01:00:00Z',
      until: '2026-12-04T01:00:00Z',
    });
    expect(member.statusCode, member.body).toBe(201);
    const complaint = await sa.post('/api/v1/complaints', {
      channel: 'in_person',
      customerId,
      customerWords: '维修太慢',
      severity: 'complaint',
    });
    expect(complaint.statusCode, complaint.body).toBe(201);
    const recovery = await sa.post('/api/v1/loaner-reservations', {
      loanerId: loanerB.id,
      customerId,
      complaintId: complaint.json().id,
      reason: 'recovery',
      from: '2026-12-05T01:00:00Z',
      until: '2026-12-06T01:00:00Z',
    });
    expect(recovery.statusCode, recovery.body).toBe(201);
    expect(recovery.json()).toMatchObject({ reason: 'recovery', complaintId: complaint.json().id });
  });

  it('two reservations of one loaner for overlapping times: exactly one wins, also when they race', async () => {
    const first = await sa.post('/api/v1/loaner-reservations', warranty(loanerA.id, '2026-11-25T01:00:00Z', '2026-11-27T01:00:00Z'));
    expect(first.statusCode, first.body).toBe(201);
    const overlap = await sa.post('/api/v1/loaner-reservations', warranty(loanerA.id, '2026-11-26T01:00:00Z', '2026-11-28T01:00:00Z'));
    expect(overlap.statusCode).toBe(409);
    expect(overlap.json()).toMatchObject({ code: 'loaner_unavailable', conflictingReservationId: first.json().id });
    // Back to back is no overlap.
    const next = await sa.post('/api/v1/loaner-reservations', warranty(loanerA.id, '2026-11-27T01:00:00Z', '2026-11-28T01:00:00Z'));
    expect(next.statusCode, next.body).toBe(201);

    const before = await reservationRows();
    const racing = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        sa.post('/api/v1/loaner-reservations', warranty(loanerA.id, `2026-12-10T0${i}:00:00Z`, `2026-12-11T0${i}:00:00Z`)),
      ),
    );
    expect(racing.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409, 409]);
    expect(racing.filter((r) => r.statusCode === 409).every((r) => r.json().code === 'loaner_unavailable')).toBe(true);
    expect(await reservationRows()).toBe(before + 1);
    // The constraint itself, below the use-case's check: a second overlapping row is refused by the database.
    const row = await ctx.db
      .selectFrom('loaner_reservations')
      .select(['dealer_id', 'loaner_id', 'customer_id', 'reason', 'starts_at', 'ends_at', 'reserved_by', 'created_at'])
      .where('id', '=', first.json().id)
      .executeTakeFirstOrThrow();
    await expect(
      ctx.db
        .insertInto('loaner_reservations')
        .values({ ...row, id: newId() })
        .execute(),
    ).rejects.toThrow();
    // A cancelled reservation frees its time.
    await sa.post(`/api/v1/loaner-reservations/${next.json().id}/cancel`, { reason: '客户改期' });
    expect(
      (await sa.post('/api/v1/loaner-reservations', warranty(loanerA.id, '2026-11-27T01:00:00Z', '2026-11-28T01:00:00Z'))).statusCode,
    ).toBe(201);
  });

  it('refuses bad reservations naming the field, and writes nothing', async () => {
    const before = await reservationRows();
    const good = warranty(loanerA.id, '2027-01-01T01:00:00Z', '2027-01-02T01:00:00Z');
    for (const [body, field] of [
      [{ ...good, until: '2027-01-01T00:00:00Z' }, 'until'],
      [{ ...good, until: '2027-06-01T00:00:00Z' }, 'until'],
      [{ ...good, from: 'tomorrow' }, 'from'],
      [{ ...good, reason: 'vip' }, 'reason'],
      [{ ...good, loanerId: 'x' }, 'loanerId'],
      [{ ...good, loanerId: newId() }, 'loanerId'],
      [{ ...good, customerId: newId() }, 'customerId'],
      [{ ...good, complaintId: newId() }, 'complaintId'],
      [{ ...good, expectedRepairDays: -1 }, 'expectedRepairDays'],
    ] as const) {
      const response = await sa.post('/api/v1/loaner-reservations', body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json().errors[0].field).toBe(field);
    }
    expect(await reservationRows()).toBe(before);
  });
});

describe('hand-over and return', () => {
  let reservationId: string;

  it('hands the loaner over with km, fuel, damage, photos and the signature; takes it back with the cost', async () => {
    await at('2026-11-21T01:00:00Z');
    const reserved = await sa.post('/api/v1/loaner-reservations', warranty(loanerA.id, '2026-11-21T01:00:00Z', '2026-11-23T01:00:00Z'));
    expect(reserved.statusCode, reserved.body).toBe(201);
    reservationId = reserved.json().id;
    const photo = (await sa.post('/api/v1/files', { contentType: 'image/png', dataBase64: PNG.split(',')[1] })).json().key;
    const handover = {
      km: 12_010,
      fuelLevel: 75,
      damage: [{ x: 20, y: 30, kind: 'scratch' }],
      photos: [photo],
      signaturePng: PNG,
    };
    // The odometer cannot go back, and the signature is required.
    const backwards = await sa.post(`/api/v1/loaner-reservations/${reservationId}/handover`, { ...handover, km: 100 });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().errors[0].field).toBe('km');
    const unsigned = await sa.post(`/api/v1/loaner-reservations/${reservationId}/handover`, { ...handover, signaturePng: 'x' });
    expect(unsigned.json().errors[0].field).toBe('signaturePng');
    const out = await sa.post(`/api/v1/loaner-reservations/${reservationId}/handover`, handover);
    expect(out.statusCode, out.body).toBe(200);
    expect(out.json()).toMatchObject({
      status: 'out',
      handover: { km: 12_010, fuelLevel: 75, damage: [{ x: 20, y: 30, kind: 'scratch' }], photos: [photo] },
    });
    const fleet = (await sa.get('/api/v1/loaners')).json().items.find((l: { id: string }) => l.id === loanerA.id);
    expect(fleet).toMatchObject({ km: 12_010, fuelLevel: 75, outOn: { reservationId, overdue: false } });
    // Handed over once only.
    expect((await sa.post(`/api/v1/loaner-reservations/${reservationId}/handover`, handover)).statusCode).toBe(409);

    // Back 2 days and 3 hours later: 3 days at 150 yuan.
    await at('2026-11-23T04:00:00Z');
    const back = await sa.post(`/api/v1/loaner-reservations/${reservationId}/return`, {
      km: 12_260,
      fuelLevel: 40,
      damage: [
        { x: 20, y: 30, kind: 'scratch' },
        { x: 70, y: 60, kind: 'dent', note: '后门凹陷' },
      ],
      photos: [],
      signaturePng: PNG,
    });
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json()).toMatchObject({ status: 'returned', daysOut: 3, costFen: 45_000, return: { km: 12_260, fuelLevel: 40 } });
    expect(back.json().return.damage).toHaveLength(2);
    const stored = await ctx.db
      .selectFrom('loaner_reservations')
      .select(['handover_signature_png', 'return_signature_png'])
      .where('id', '=', reservationId)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ handover_signature_png: PNG, return_signature_png: PNG });
    // The cost is the dealer's value-added service cost of the month.
    const costs = (await manager.get('/api/v1/cost-budgets?from=2026-11&to=2026-11')).json();
    expect(costs.dealers[0].categories.find((c: { category: string }) => c.category === 'value_added')).toMatchObject({
      actualFen: 45_000,
    });
    const audit = await ctx.db.selectFrom('audit_log').select('action').where('entity_id', '=', reservationId).execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['loaner.handed_over', 'loaner.reserved', 'loaner.returned']);
  });

  it('chases an overdue return once: a task for the advisor', async () => {
    await at('2026-11-23T05:00:00Z');
    const reserved = await sa.post('/api/v1/loaner-reservations', warranty(loanerB.id, '2026-11-23T05:00:00Z', '2026-11-24T05:00:00Z'));
    expect(reserved.statusCode, reserved.body).toBe(201);
    const id = reserved.json().id;
    const reserver = sa.user.id;
    expect((await sa.post(`/api/v1/loaner-reservations/${id}/handover`, { km: 5_000, fuelLevel: 90, signaturePng: PNG })).statusCode).toBe(
      200,
    );
    await at('2026-11-24T06:00:00Z');
    const listed = (await sa.get('/api/v1/loaner-reservations?from=2026-11-24&to=2026-11-24')).json().items;
    expect(listed.find((r: { id: string }) => r.id === id)).toMatchObject({ status: 'out', overdue: true });
    expect((await sa.post('/api/v1/loaners/chase-overdue')).statusCode).toBe(403);
    expect((await manager.post('/api/v1/loaners/chase-overdue')).json()).toEqual({ created: 1 });
    // Again, and in the nightly run: no second task.
    expect((await manager.post('/api/v1/loaners/chase-overdue')).json()).toEqual({ created: 0 });
    const nightly = await ctx.app.services.followUp.runNightly({ dealerId: ctx.network.dealerA });
    expect(nightly.loanersOverdue).toBe(0);
    const tasks = (await sa.get('/api/v1/tasks?scope=all')).json().items.filter((t: { kind: string }) => t.kind === 'loaner_overdue');
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ loaner: { reservationId: id, plate: '京A·L0002' }, assignee: { id: reserver } });
    // Back late: the task stays for the advisor to close, the loaner is no longer overdue.
    const back = await sa.post(`/api/v1/loaner-reservations/${id}/return`, { km: 5_100, fuelLevel: 60, signaturePng: PNG });
    expect(back.json()).toMatchObject({ status: 'returned', overdue: false, daysOut: 2, costFen: 24_000 });
  });
});

describe('utilisation', () => {
  it('days out ÷ fleet days per dealer; the car maker reads every dealer', async () => {
    await at('2026-11-30T16:00:00Z');
    const own = await manager.get('/api/v1/loaners/utilisation?from=2026-11-21&to=2026-11-30');
    expect(own.statusCode, own.body).toBe(200);
    const dealerA = own.json().items[0];
    // Two loaners added on 20 Nov 10:00 (Beijing), the period from 21 Nov 00:00 to 1 Dec 00:00 (Beijing) = now: 20 fleet days.
    // Out: 21 Nov 09:00 → 23 Nov 12:00 (2.125 days), 23 Nov 13:00 → 24 Nov 06:00 UTC (≈1.042 days): 3.2 days.
    expect(dealerA).toMatchObject({ fleet: 2, fleetDays: 20, daysOut: 3.2, utilisation: 0.158, returned: 2, costFen: 69_000, overdue: 0 });
    expect(own.json().items).toHaveLength(1);
    const network = (await analyst.get('/api/v1/loaners/utilisation?from=2026-11-21&to=2026-11-30')).json();
    expect(network.items.map((i: { dealer: { id: string } }) => i.dealer.id).sort()).toEqual(
      [ctx.network.dealerA, ctx.network.dealerB].sort(),
    );
    expect(network.items.find((i: { dealer: { id: string } }) => i.dealer.id === ctx.network.dealerB)).toMatchObject({
      fleet: 0,
      utilisation: null,
    });
    const technician = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['technician'] });
    expect((await technician.get('/api/v1/loaners/utilisation?from=2026-11-21&to=2026-11-30')).statusCode).toBe(403);
    const bad = await manager.get('/api/v1/loaners/utilisation?from=2026-11-30&to=2026-11-01');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('to');
  });
});
