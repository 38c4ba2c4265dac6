import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNetworkRepository } from '../src/modules/network/network.repository.js';
import { COUNT_COLUMNS } from '../src/modules/network/network-cockpit.rules.js';
import { createNetworkKpisJobs } from '../src/modules/network/network-kpis.jobs.js';
import {
  firstTimeFixRate,
  processExecution,
  type RepairVisit,
  repeatRepairRate,
  retentionRate,
  type VisitSteps,
} from '../src/modules/network/network-kpis.rules.js';
import { newId } from '../src/platform/ids.js';
import { buildUser, type Client, createCustomer, createTestContext, createVehicle, type TestContext } from './harness.js';

// The network cockpit over a hand-made October 2026 at two dealers; every figure below is counted
// by hand from the rows inserted here. The test clock stands at 2026-11-20 10:00 in Shanghai.

let ctx: TestContext;
let analyst: Client;
let managerA: Client;
let managerB: Client;
let technicianA: Client;
let sa1: string;
let sa2: string;
const ids = {
  r1: newId(),
  r2: newId(),
  r3: newId(),
  c1: newId(),
  c2: newId(),
};
const OCT = 'from=2026-10&to=2026-10';

const at = (iso: string) => new Date(iso);
const minutesAfter = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000);

const visit = async (
  dealerId: string,
  vehicleId: string,
  customerId: string,
  arrivedAt: string,
  greetedAfterMinutes: number,
  saId: string | null,
  status: 'open' | 'closed' | 'cancelled' = 'closed',
) => {
  const id = newId();
  await ctx.db
    .insertInto('visits')
    .values({
      dealer_id: dealerId,
      id,
      customer_id: customerId,
      vehicle_id: vehicleId,
      sa_id: saId,
      arrived_at: at(arrivedAt),
      greeted_at: minutesAfter(arrivedAt, greetedAfterMinutes),
      status,
      cancel_reason: status === 'cancelled' ? 'opened by mistake' : null,
      created_at: at(arrivedAt),
    })
    .execute();
  return id;
};
const order = async (o: {
  dealerId: string;
  id: string;
  number: string;
  visitId: string;
  vehicleId: string;
  customerId: string;
  saId: string | null;
  createdAt: string;
  promisedAt: string;
  deliveredAt: string;
  signed: boolean;
  labour: string[];
}) => {
  await ctx.db
    .insertInto('repair_orders')
    .values({
      dealer_id: o.dealerId,
      id: o.id,
      number: o.number,
      visit_id: o.visitId,
      customer_id: o.customerId,
      vehicle_id: o.vehicleId,
      sa_id: o.saId,
      concerns: '—',
      promised_at: at(o.promisedAt),
      status: 'delivered',
      signed_at: o.signed ? at(o.createdAt) : null,
      delivered_at: at(o.deliveredAt),
      created_at: at(o.createdAt),
      updated_at: at(o.deliveredAt),
    })
    .execute();
  for (const [position, code] of o.labour.entries())
    await ctx.db
      .insertInto('ro_lines')
      .values({
        dealer_id: o.dealerId,
        id: newId(),
        repair_order_id: o.id,
        position,
        kind: 'labour',
        code,
        description: code,
        pay_type: 'customer',
        hours: 1,
        hourly_rate_fen: 10000,
        created_at: at(o.createdAt),
      })
      .execute();
};

beforeAll(async () => {
  ctx = await createTestContext();
  const { db, network } = ctx;
  const { dealerA, dealerB } = network;
  analyst = await ctx.loginAs({ dealerId: null, roles: ['oem_analyst'] });
  managerA = await ctx.loginAs({ dealerId: dealerA, roles: ['service_manager'] });
  managerB = await ctx.loginAs({ dealerId: dealerB, roles: ['service_manager'] });
  technicianA = await ctx.loginAs({ dealerId: dealerA, roles: ['technician'] });
  sa1 = (await buildUser(db, network, { dealerId: dealerA, roles: ['service_advisor'] })).id;
  sa2 = (await buildUser(db, network, { dealerId: dealerA, roles: ['service_advisor'] })).id;
  await db.updateTable('dealers').set({ region: '华北' }).where('id', '=', dealerA).execute();
  await db.updateTable('dealers').set({ region: '西南' }).where('id', '=', dealerB).execute();

  // Dealer A's customer with four cars: X (twice in for the brakes), Y (A/C; a cancelled visit),
  // Z (never seen), W (delivered new in June 2025, never back).
  const customer = await createCustomer(managerA);
  const [X, Y, Z, W] = [
    await createVehicle(managerA, customer.id),
    await createVehicle(managerA, customer.id),
    await createVehicle(managerA, customer.id),
    await createVehicle(managerA, customer.id),
  ];
  await db.updateTable('vehicles').set({ delivered_on: null }).where('id', 'in', [X.id, Y.id, Z.id]).execute();
  await db.updateTable('vehicles').set({ delivered_on: '2025-06-01' }).where('id', '=', W.id).execute();
  const customerB = await createCustomer(managerB);
  const V = await createVehicle(managerB, customerB.id);

  const inspection = (dealerId: string, visitId: string, signedAt: string) =>
    db
      .insertInto('inspections')
      .values({
        dealer_id: dealerId,
        id: newId(),
        visit_id: visitId,
        checklist: '[]',
        damage: '[]',
        tyres: '{}',
        photos: '[]',
        signed_at: at(signedAt),
        created_at: at(signedAt),
      })
      .execute();

  // Visits at A: v1 timely (1 min), v2 late (5 min; the default standard is 2), v3 timely, v4 cancelled.
  const v1 = await visit(dealerA, X.id, customer.id, '2026-10-01T02:00:00Z', 1, sa1);
  const v2 = await visit(dealerA, X.id, customer.id, '2026-10-20T02:00:00Z', 5, sa1);
  const v3 = await visit(dealerA, Y.id, customer.id, '2026-10-05T02:00:00Z', 1, sa2);
  await visit(dealerA, Y.id, customer.id, '2026-10-10T02:00:00Z', 1, sa2, 'cancelled');
  await inspection(dealerA, v1, '2026-10-01T02:10:00Z');
  await inspection(dealerA, v2, '2026-10-20T02:10:00Z');
  await inspection(dealerA, v3, '2026-10-05T02:10:00Z');
  // r1 on time, r2 late (09:00 after a promise of 08:00) and a comeback of r1's brakes, r3 unsigned.
  const base = { dealerId: dealerA, customerId: customer.id, signed: true };
  await order({
    ...base,
    id: ids.r1,
    number: 'RO-1',
    visitId: v1,
    vehicleId: X.id,
    saId: sa1,
    createdAt: '2026-10-01T02:20:00Z',
    promisedAt: '2026-10-01T08:00:00Z',
    deliveredAt: '2026-10-01T07:00:00Z',
    labour: ['L-BRK'],
  });
  await order({
    ...base,
    id: ids.r2,
    number: 'RO-2',
    visitId: v2,
    vehicleId: X.id,
    saId: sa1,
    createdAt: '2026-10-20T02:20:00Z',
    promisedAt: '2026-10-20T08:00:00Z',
    deliveredAt: '2026-10-20T09:00:00Z',
    labour: ['L-BRK'],
  });
  await order({
    ...base,
    id: ids.r3,
    number: 'RO-3',
    visitId: v3,
    vehicleId: Y.id,
    saId: sa2,
    createdAt: '2026-10-05T02:20:00Z',
    promisedAt: '2026-10-05T08:00:00Z',
    deliveredAt: '2026-10-05T07:00:00Z',
    labour: ['L-AC'],
    signed: false,
  });
  // Revenue: r1 paid 500 + 200 yuan (customer + warranty), r3 300 yuan.
  const invoice = (roId: string, number: string, paidAt: string, byPayType: Record<string, { netFen: number }>) =>
    db
      .insertInto('invoices')
      .values({
        dealer_id: dealerA,
        id: newId(),
        number,
        repair_order_id: roId,
        totals: JSON.stringify({ byPayType }),
        total_fen: 0,
        customer_payable_fen: 0,
        ready_to_pay_at: at(paidAt),
        paid_at: at(paidAt),
        created_at: at(paidAt),
      })
      .execute();
  await invoice(ids.r1, 'INV-1', '2026-10-01T06:00:00Z', { customer: { netFen: 50000 }, warranty: { netFen: 20000 } });
  await invoice(ids.r3, 'INV-3', '2026-10-05T06:00:00Z', { customer: { netFen: 30000 } });

  // Dealer B: one timely visit, its RO on time.
  const vb = await visit(dealerB, V.id, customerB.id, '2026-10-07T02:00:00Z', 1, null);
  await order({
    dealerId: dealerB,
    customerId: customerB.id,
    signed: true,
    id: newId(),
    number: 'RO-B1',
    visitId: vb,
    vehicleId: V.id,
    saId: null,
    createdAt: '2026-10-07T02:20:00Z',
    promisedAt: '2026-10-07T08:00:00Z',
    deliveredAt: '2026-10-07T07:00:00Z',
    labour: [],
  });

  // Appointments. A: a1 arrived and confirmed, a2 no-show, a3 confirmed but never came (still booked),
  // a4 cancelled (not due), a5 arrived unconfirmed. B: b1 arrived and confirmed, b2 no-show.
  const appointment = async (
    dealerId: string,
    customerId: string,
    number: string,
    startsAt: string,
    status: 'booked' | 'confirmed' | 'arrived' | 'no_show' | 'cancelled',
    saId: string | null,
    confirmed: boolean,
  ) => {
    const id = newId();
    const arrived = status === 'arrived';
    await db
      .insertInto('appointments')
      .values({
        dealer_id: dealerId,
        id,
        number,
        customer_id: customerId,
        plate_key: 'JINGA12345',
        starts_at: at(startsAt),
        duration_minutes: 60,
        status,
        channel: 'phone',
        requested_work: JSON.stringify([]),
        assigned_sa_id: saId,
        arrived_at: arrived ? at(startsAt) : null,
        arrival_status: arrived ? 'on_time' : null,
        created_at: at('2026-09-20T02:00:00Z'),
        updated_at: at(startsAt),
      })
      .execute();
    if (confirmed)
      await db
        .insertInto('confirmation_attempts')
        .values({
          dealer_id: dealerId,
          id: newId(),
          appointment_id: id,
          step: 'day_before',
          channel: 'sms',
          result: 'confirmed',
          at: at('2026-09-30T02:00:00Z'),
        })
        .execute();
    if (arrived)
      await db
        .insertInto('arrivals')
        .values({
          dealer_id: dealerId,
          id: newId(),
          arrived_at: at(startsAt),
          appointment_id: id,
          customer_id: customerId,
          vehicle_id: null,
          recorded_by: null,
        })
        .execute();
  };
  await appointment(dealerA, customer.id, 'AP-1', '2026-10-01T01:30:00Z', 'arrived', sa1, true);
  await appointment(dealerA, customer.id, 'AP-2', '2026-10-03T02:00:00Z', 'no_show', sa1, false);
  await appointment(dealerA, customer.id, 'AP-3', '2026-10-08T02:00:00Z', 'booked', sa2, true);
  await appointment(dealerA, customer.id, 'AP-4', '2026-10-09T02:00:00Z', 'cancelled', sa2, false);
  await appointment(dealerA, customer.id, 'AP-5', '2026-10-12T02:00:00Z', 'arrived', sa2, false);
  await appointment(dealerB, customerB.id, 'AP-B1', '2026-10-07T01:30:00Z', 'arrived', null, true);
  await appointment(dealerB, customerB.id, 'AP-B2', '2026-10-09T02:00:00Z', 'no_show', null, false);
  // Two walk-ins at A.
  for (const arrivedAt of ['2026-10-05T02:00:00Z', '2026-10-20T02:00:00Z'])
    await db
      .insertInto('arrivals')
      .values({
        dealer_id: dealerA,
        id: newId(),
        arrived_at: at(arrivedAt),
        appointment_id: null,
        customer_id: customer.id,
        vehicle_id: null,
        recorded_by: null,
      })
      .execute();

  // Complaints at A: c1 answered in time and closed after 48 hours; c2 answered late, still open.
  const complaint = (id: string, number: string, receivedAt: string, feedbackAt: string, closedAt: string | null, roId: string | null) =>
    db
      .insertInto('complaints')
      .values({
        dealer_id: dealerA,
        id,
        network_id: network.networkId,
        number,
        status: closedAt ? 'closed' : 'feedback_given',
        channel: 'phone',
        customer_id: customer.id,
        repair_order_id: roId,
        customer_words: '刹车异响',
        severity: 'complaint',
        received_at: at(receivedAt),
        feedback_due_at: minutesAfter(receivedAt, 24 * 60),
        feedback_at: at(feedbackAt),
        closed_at: closedAt ? at(closedAt) : null,
        created_at: at(receivedAt),
        updated_at: at(receivedAt),
      })
      .execute();
  await complaint(ids.c1, 'TS-1', '2026-10-02T02:00:00Z', '2026-10-02T06:00:00Z', '2026-10-04T02:00:00Z', ids.r1);
  await complaint(ids.c2, 'TS-2', '2026-10-15T02:00:00Z', '2026-10-17T02:00:00Z', null, null);

  // Follow-up at A: r1's post-service call done; periodic maintenance of Y (Y came on 5 Oct) open and
  // overdue; periodic maintenance of Z unreachable (Z never came).
  const task = (
    rule: 'post_service' | 'periodic_maintenance',
    vehicleId: string,
    roId: string | null,
    anchorOn: string,
    dueFrom: string,
    dueUntil: string,
    status: 'open' | 'done' | 'unreachable' | 'cancelled',
  ) =>
    db
      .insertInto('follow_up_tasks')
      .values({
        dealer_id: dealerA,
        id: newId(),
        rule,
        period_key: `${rule}-${vehicleId}-${anchorOn}`,
        customer_id: customer.id,
        vehicle_id: vehicleId,
        repair_order_id: roId,
        anchor_on: anchorOn,
        due_from: dueFrom,
        due_until: dueUntil,
        status,
        created_at: at(`${dueFrom}T00:00:00Z`),
      })
      .execute();
  await task('post_service', X.id, ids.r1, '2026-10-01', '2026-10-02', '2026-10-04', 'done');
  await task('periodic_maintenance', Y.id, null, '2026-10-05', '2026-10-01', '2026-10-31', 'open');
  await task('periodic_maintenance', Z.id, null, '2026-10-15', '2026-10-10', '2026-11-10', 'unreachable');

  // CSI at A, three responses (Shanghai days): s1 on 3 Oct by sa1's customer (CSI 80; initiation 70,
  // advisor 90), s2 on 3 Oct by sa2's (90; initiation 80, advisor 70, quality 100), s3 on 20 Oct by
  // sa1's (90; advisor 80, quality 90). A factor a response did not answer is not in its scores.
  const questionnaireId = newId();
  await db
    .insertInto('questionnaires')
    .values({ id: questionnaireId, network_id: network.networkId, dealer_id: null, name: 'CSI', active: false })
    .execute();
  const response = (saId: string, submittedAt: string, csi: number, factorScores: Record<string, number>) =>
    db
      .insertInto('survey_responses')
      .values({
        dealer_id: dealerA,
        id: newId(),
        network_id: network.networkId,
        questionnaire_id: questionnaireId,
        questionnaire_version: 1,
        customer_id: customer.id,
        sa_id: saId,
        source: 'link',
        submitted_at: at(submittedAt),
        csi: String(csi),
        factor_scores: JSON.stringify(factorScores),
        answers: JSON.stringify({}),
      })
      .execute();
  await response(sa1, '2026-10-03T02:00:00Z', 80, { initiation: 70, advisor: 90 });
  await response(sa2, '2026-10-03T03:00:00Z', 90, { initiation: 80, advisor: 70, quality: 100 });
  await response(sa1, '2026-10-20T02:00:00Z', 90, { advisor: 80, quality: 90 });

  await ctx.app.services.networkKpis.refreshKpis({ networkId: network.networkId, from: '2026-09', to: '2026-11' });
}, 60_000);

afterAll(async () => {
  await ctx?.close();
});

const cockpitOf = async (client: Client, query = OCT) => {
  const response = await client.get(`/api/v1/network/kpis?${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
};

describe('the network cockpit', () => {
  it("shows the car maker every dealer's figures, counted by hand", async () => {
    const cockpit = await cockpitOf(analyst);
    expect(cockpit.refreshedAt).toBe('2026-11-20T02:00:00.000Z');
    expect(cockpit.dealers.map((d: { code: string }) => d.code)).toEqual(['A01', 'B01']);
    const a = cockpit.dealers[0];
    expect(a.region).toBe('华北');
    expect(a.values).toEqual({
      throughput: 3, // v1, v2, v3 (v4 cancelled)
      revenueFen: 100_000, // 500 + 200 + 300 yuan
      appointmentRate: 50, // a1, a5 of 4 arrivals
      noShowRate: 25, // a2 of a1, a2, a3, a5
      confirmationRate: 50, // a1, a3
      timelyReceptionRate: 66.7, // v1, v3 of 3
      onTimeDeliveryRate: 66.7, // r1, r3 of 3
      firstTimeFixRate: 66.7, // r1 came back (r2); r2 (window closed 19 Nov) and r3 fixed
      repeatRepairRate: 33.3, // r2 of 3 repairs
      maintenanceReturnRate: 50, // Y came back, Z did not
      followUpCompletionRate: 66.7, // done + unreachable of 3
      complaintsPer100Ros: 66.7, // 2 complaints over 3 ROs opened
      complaintResponse24hRate: 50, // c1 in time
      complaintCloseHours: 48, // c1: 2 days
      csiScore: 86.7, // (80 + 90 + 90) / 3
      csiInitiation: 75, // (70 + 80) / 2
      csiAdvisor: 80, // (90 + 70 + 80) / 3
      csiFacility: null, // no response answered it
      csiPickup: null,
      csiQuality: 95, // (100 + 90) / 2
      retentionRate: 66.7, // X and Y retained, W active but not back, Z not in the base
      processExecutionRate: 33.3, // v1 only: v2 greeted late, r3 unsigned
    });
    const b = cockpit.dealers[1];
    expect(b.values).toMatchObject({
      throughput: 1,
      appointmentRate: 100,
      noShowRate: 50,
      confirmationRate: 50,
      firstTimeFixRate: null,
      csiScore: null,
      csiAdvisor: null,
    });
  });

  it('pools the network average and takes the top quartile by direction', async () => {
    const cockpit = await cockpitOf(analyst);
    expect(cockpit.networkAverage).toMatchObject({
      throughput: 2, // (3 + 1) / 2 dealers
      revenueFen: 50_000,
      appointmentRate: 60, // (2 + 1) / (4 + 1)
      noShowRate: 33.3, // (1 + 1) / (4 + 2)
      timelyReceptionRate: 75, // (2 + 1) / (3 + 1)
      csiScore: 86.7, // only A has responses
      csiInitiation: 75,
      csiAdvisor: 80,
      csiFacility: null,
      csiQuality: 95,
    });
    expect(cockpit.topQuartile).toMatchObject({
      throughput: 2.5, // 75th percentile of 1, 3
      appointmentRate: 87.5, // 75th percentile of 50, 100
      noShowRate: 31.3, // lower is better: 25th percentile of 25, 50 = 31.25
      csiScore: 86.7,
      csiQuality: 95, // only A has the figure
      csiPickup: null,
    });
  });

  it('narrows to a region', async () => {
    const cockpit = await cockpitOf(analyst, `${OCT}&region=${encodeURIComponent('西南')}`);
    expect(cockpit.dealers.map((d: { code: string }) => d.code)).toEqual(['B01']);
    expect(cockpit.networkAverage.noShowRate).toBe(50);
  });

  it("gives a dealer's manager their own row beside the whole network, never another dealer's", async () => {
    const cockpit = await cockpitOf(managerA, `${OCT}&region=${encodeURIComponent('西南')}`);
    expect(cockpit.dealers.map((d: { code: string }) => d.code)).toEqual(['A01']);
    expect(cockpit.networkAverage.noShowRate).toBe(33.3);
    expect(cockpit.topQuartile.noShowRate).toBe(31.3);
    const own = await cockpitOf(managerB);
    expect(own.dealers.map((d: { code: string }) => d.code)).toEqual(['B01']);
  });

  it('refuses users without kpi.read and bad periods, naming the field', async () => {
    expect((await technicianA.get(`/api/v1/network/kpis?${OCT}`)).statusCode).toBe(403);
    const bad = await analyst.get('/api/v1/network/kpis?from=2026-13&to=2026-10');
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json())).toContain('from');
    const reversed = await analyst.get('/api/v1/network/kpis?from=2026-10&to=2026-09');
    expect(reversed.statusCode).toBe(400);
    expect(JSON.stringify(reversed.json())).toContain('to');
    const long = await analyst.get('/api/v1/network/kpis?from=2024-01&to=2026-10');
    expect(long.statusCode).toBe(400);
    expect(long.json().errors[0]).toMatchObject({ field: 'to', code: 'too_long' });
  });
});

describe("the cockpit agrees with each module's own KPI page", () => {
  it("appointment and no-show rate equal the appointments module's figures for the same month", async () => {
    const response = await managerA.get('/api/v1/kpis/appointments?from=2026-10-01&to=2026-10-31&groupBy=month');
    expect(response.statusCode, response.body).toBe(200);
    const [october] = response.json().items;
    const a = (await cockpitOf(managerA)).dealers[0].values;
    expect(october.key).toBe('2026-10');
    expect(a.appointmentRate).toBe(october.appointmentRate);
    expect(a.noShowRate).toBe(october.noShowRate);
    expect(a.confirmationRate).toBe(october.confirmationRate);
  });

  it("timely reception and on-time delivery equal the service KPI page's", async () => {
    const response = await managerA.get('/api/v1/kpis/service?from=2026-10-01&to=2026-10-31&groupBy=month');
    expect(response.statusCode, response.body).toBe(200);
    const [october] = response.json().items;
    const a = (await cockpitOf(managerA)).dealers[0].values;
    expect(a.throughput).toBe(october.vehiclesIn);
    expect(a.timelyReceptionRate).toBe(october.timelyReceptionRate);
    expect(a.onTimeDeliveryRate).toBe(october.onTimeDeliveryRate);
  });
});

describe('the SQL gives what the pure rules give on the same data', () => {
  it('first-time fix, repeat repair, retention and process execution', async () => {
    const a = (await cockpitOf(analyst)).dealers[0].values;
    // Dealer A's repair visits as the rules take them (days in Shanghai).
    const visits: RepairVisit[] = [
      { id: ids.r1, vehicleId: 'X', deliveredOn: '2026-10-01', concerns: ['L-BRK'] },
      { id: ids.r2, vehicleId: 'X', deliveredOn: '2026-10-20', concerns: ['L-BRK'] },
      { id: ids.r3, vehicleId: 'Y', deliveredOn: '2026-10-05', concerns: ['L-AC'] },
    ];
    const october = { from: '2026-10-01', to: '2026-10-31' };
    expect(a.firstTimeFixRate).toBe(firstTimeFixRate(visits, october, '2026-11-20').rate);
    expect(a.repeatRepairRate).toBe(repeatRepairRate(visits, october).rate);
    // At the end of October: X last in on 20 Oct, Y on 5 Oct, Z never, W delivered June 2025.
    const fleet = [
      { deliveredOn: null, lastVisitOn: '2026-10-20' },
      { deliveredOn: null, lastVisitOn: '2026-10-05' },
      { deliveredOn: null, lastVisitOn: null },
      { deliveredOn: '2025-06-01', lastVisitOn: null },
    ];
    expect(a.retentionRate).toBe(retentionRate(fleet, '2026-10-31').rate);
    const steps = (over: Partial<VisitSteps>): VisitSteps => ({
      timelyReception: true,
      walkaroundSigned: true,
      promisedTimeOnRo: true,
      chargesExplained: true,
      followUpCallMade: null,
      ...over,
    });
    const process = processExecution([
      steps({ followUpCallMade: true }), // v1
      steps({ timelyReception: false }), // v2
      steps({ chargesExplained: false }), // v3
    ]);
    expect(a.processExecutionRate).toBe(process.rate);
  });

  it('a first-time-fix window still open is not judged yet', async () => {
    // Judged on 15 Nov, r2's window (to 19 Nov) is open: r1 (came back) and r3 are judged.
    const rows = await createNetworkRepository(ctx.db).counts(
      { kind: 'dealer', networkId: ctx.network.networkId, dealerId: ctx.network.dealerA },
      { from: '2026-10', to: '2026-10' },
      '2026-11-15',
    );
    const dealerRow = rows.find((r) => r.advisorKey === null)!;
    const visits: RepairVisit[] = [
      { id: ids.r1, vehicleId: 'X', deliveredOn: '2026-10-01', concerns: ['L-BRK'] },
      { id: ids.r2, vehicleId: 'X', deliveredOn: '2026-10-20', concerns: ['L-BRK'] },
      { id: ids.r3, vehicleId: 'Y', deliveredOn: '2026-10-05', concerns: ['L-AC'] },
    ];
    const pure = firstTimeFixRate(visits, { from: '2026-10-01', to: '2026-10-31' }, '2026-11-15');
    expect({ judged: dealerRow.counts.ftf_judged, fixed: dealerRow.counts.ftf_fixed }).toEqual({ judged: pure.judged, fixed: pure.fixed });
  });
});

describe('trend, advisors and records', () => {
  it('gives one KPI by month, the dealer beside the network', async () => {
    const response = await managerA.get('/api/v1/network/kpis/trend?kpi=noShowRate&from=2026-09&to=2026-10');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({
      kpi: 'noShowRate',
      months: [
        { month: '2026-09', dealer: null, network: null },
        { month: '2026-10', dealer: 25, network: 33.3 },
      ],
    });
    const forB = await analyst.get(`/api/v1/network/kpis/trend?kpi=throughput&from=2026-10&to=2026-10&dealerId=${ctx.network.dealerB}`);
    expect(forB.json().months).toEqual([{ month: '2026-10', dealer: 1, network: 2 }]);
    expect((await managerA.get(`/api/v1/network/kpis/trend?kpi=throughput&${OCT}&dealerId=${ctx.network.dealerB}`)).statusCode).toBe(403);
  });

  it("breaks a dealer's figures down by service advisor", async () => {
    const response = await analyst.get(`/api/v1/network/kpis/dealers/${ctx.network.dealerA}/advisors?${OCT}`);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    const first = body.advisors.find((a: { advisorId: string }) => a.advisorId === sa1);
    const second = body.advisors.find((a: { advisorId: string }) => a.advisorId === sa2);
    // sa1: v1, v2 (one timely); r1 on time, r2 late; appointments a1 (arrived), a2 (no-show);
    // responses s1, s3; c1 on r1; r1's post-service call (done).
    expect(first.values).toEqual({
      throughput: 2,
      revenueFen: 70_000, // r1: 500 + 200 yuan
      appointmentRate: null, // arrivals name no advisor
      noShowRate: 50,
      confirmationRate: 50, // a1
      timelyReceptionRate: 50,
      onTimeDeliveryRate: 50,
      firstTimeFixRate: 50, // r1 came back, r2 fixed
      repeatRepairRate: 50,
      maintenanceReturnRate: null, // the maintenance tasks name no RO, so no advisor
      followUpCompletionRate: 100,
      complaintsPer100Ros: 50, // c1 over r1, r2
      complaintResponse24hRate: 100,
      complaintCloseHours: 48,
      csiScore: 85, // (80 + 90) / 2
      csiInitiation: 70,
      csiAdvisor: 85, // (90 + 80) / 2
      csiFacility: null,
      csiPickup: null,
      csiQuality: 90,
      retentionRate: null, // a stock of the dealer's, no advisor's
      processExecutionRate: 50, // v1 (v2 greeted late)
    });
    // sa2: v3; r3; a3, a5; s2.
    expect(second.values).toMatchObject({
      throughput: 1,
      timelyReceptionRate: 100,
      noShowRate: 0,
      confirmationRate: 50,
      revenueFen: 30_000,
      processExecutionRate: 0, // r3 unsigned
      csiScore: 90,
      csiInitiation: 80,
      csiAdvisor: 70,
      csiQuality: 100,
    });
  });

  it("reads the advisors from the rollup, whose rows add up to the dealer's", async () => {
    const { dealerA } = ctx.network;
    const month = '2026-10-01';
    const dealerRow = await ctx.db
      .selectFrom('kpi_dealer_months')
      .selectAll()
      .where('dealer_id', '=', dealerA)
      .where('month', '=', month)
      .executeTakeFirstOrThrow();
    const advisorRows = await ctx.db
      .selectFrom('kpi_advisor_months')
      .selectAll()
      .where('dealer_id', '=', dealerA)
      .where('month', '=', month)
      .execute();
    expect(advisorRows.map((r) => r.advisor_key).sort()).toEqual([sa1, sa2, 'none'].sort());
    // Every count: the advisors and what names none add up to the dealer.
    for (const column of COUNT_COLUMNS)
      expect(
        advisorRows.reduce((sum, r) => sum + Number(r[column]), 0),
        column,
      ).toBe(Number(dealerRow[column]));
    // Every visit, appointment, RO, invoice and response at A names an advisor: the named advisors alone make the dealer's.
    const none = advisorRows.find((r) => r.advisor_key === 'none')!;
    const named = ['vehicles_in', 'timely', 'process_complete', 'appt_due', 'no_shows', 'confirmed', 'appt_arrived', 'delivered'] as const;
    const alsoNamed = [
      'delivered_on_time',
      'revenue_fen',
      'ros_opened',
      'repairs',
      'repeats',
      'ftf_judged',
      'csi_count',
      'csi_sum',
    ] as const;
    for (const column of [...named, ...alsoNamed, 'csi_advisor_sum', 'csi_advisor_count'] as const)
      expect(Number(none[column]), column).toBe(0);
    // Walk-ins, the follow-up tasks without an RO, c2 (no RO) and retention are counted under 'none'.
    expect(Number(none.arrivals_all)).toBe(4);
    expect(Number(none.tasks_due)).toBe(2);
    expect(Number(none.complaints)).toBe(1);
    expect(Number(none.retention_active)).toBe(Number(dealerRow.retention_active));
    expect([Number(dealerRow.csi_quality_sum), Number(dealerRow.csi_quality_count)]).toEqual([190, 2]);

    // The drill-down reads the rollup: emptied, the advisors have no figures until the next refresh.
    const advisorsOf = async () =>
      (await analyst.get(`/api/v1/network/kpis/dealers/${dealerA}/advisors?${OCT}`))
        .json()
        .advisors.find((a: { advisorId: string }) => a.advisorId === sa1).values;
    await ctx.db.deleteFrom('kpi_advisor_months').where('dealer_id', '=', dealerA).execute();
    expect((await advisorsOf()).throughput).toBe(0);
    await ctx.app.services.networkKpis.refreshKpis({ networkId: ctx.network.networkId, from: '2026-10', to: '2026-10' });
    expect((await advisorsOf()).throughput).toBe(2);
  });

  it('sums the months of the period per advisor', async () => {
    // September has nothing at A: September–October is October.
    const response = await analyst.get(`/api/v1/network/kpis/dealers/${ctx.network.dealerA}/advisors?from=2026-09&to=2026-10`);
    const first = response.json().advisors.find((a: { advisorId: string }) => a.advisorId === sa1);
    expect(first.values).toMatchObject({ throughput: 2, noShowRate: 50, csiAdvisor: 85 });
  });

  it('lists the records behind a figure, the counted ones first, with their reason', async () => {
    const noShows = await managerA.get(`/api/v1/network/kpis/dealers/${ctx.network.dealerA}/records?kpi=noShowRate&${OCT}`);
    expect(noShows.statusCode, noShows.body).toBe(200);
    expect(noShows.json().total).toBe(4);
    expect(noShows.json().items[0]).toMatchObject({ kind: 'appointment', number: 'AP-2', counted: true, reason: 'no_show' });
    expect(noShows.json().items.filter((i: { counted: boolean }) => i.counted)).toHaveLength(1);

    const repeats = await analyst.get(`/api/v1/network/kpis/dealers/${ctx.network.dealerA}/records?kpi=repeatRepairRate&${OCT}`);
    expect(repeats.json().items[0]).toMatchObject({ kind: 'repair_order', id: ids.r2, counted: true, reason: 'comeback' });

    const complaints = await analyst.get(`/api/v1/network/kpis/dealers/${ctx.network.dealerA}/records?kpi=complaintResponse24hRate&${OCT}`);
    expect(complaints.json().items).toEqual([
      expect.objectContaining({ kind: 'complaint', id: ids.c2, counted: true, reason: 'late_response' }),
      expect.objectContaining({ kind: 'complaint', id: ids.c1, counted: false, reason: null }),
    ]);

    const bySa = await analyst.get(
      `/api/v1/network/kpis/dealers/${ctx.network.dealerA}/records?kpi=onTimeDeliveryRate&advisorId=${sa1}&${OCT}`,
    );
    expect(bySa.json().items.map((i: { number: string; counted: boolean }) => [i.number, i.counted])).toEqual([
      ['RO-2', true],
      ['RO-1', false],
    ]);
  });

  it("refuses a dealer's staff another dealer's advisors and records", async () => {
    const { dealerA } = ctx.network;
    expect((await managerB.get(`/api/v1/network/kpis/dealers/${dealerA}/advisors?${OCT}`)).statusCode).toBe(403);
    expect((await managerB.get(`/api/v1/network/kpis/dealers/${dealerA}/records?kpi=noShowRate&${OCT}`)).statusCode).toBe(403);
    expect((await technicianA.get(`/api/v1/network/kpis/dealers/${dealerA}/advisors?${OCT}`)).statusCode).toBe(403);
    expect((await analyst.get(`/api/v1/network/kpis/dealers/${newId()}/advisors?${OCT}`)).statusCode).toBe(404);
  });
});

describe('the Excel export', () => {
  const read = async (client: Client, query: string) => {
    const response = await client.get(`/api/v1/network/kpis.xlsx?${query}`);
    expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
    expect(response.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    return workbook.worksheets[0]!;
  };

  it("writes the cockpit with headers in the user's language", async () => {
    const sheet = await read(analyst, OCT);
    const header = sheet.getRow(1).values as unknown[];
    expect(header).toContain('预约失约率（%）');
    const quality = header.indexOf('CSI·服务质量');
    expect(sheet.getRow(2).getCell(quality).value).toBe(95); // A's service quality factor
    expect(sheet.getRow(4).getCell(quality).value).toBe(95); // the network average
    expect(sheet.getRow(2).getCell(1).value).toBe('A01');
    expect(sheet.getRow(2).getCell(6).value).toBe(3); // vehicles in
    expect(sheet.getRow(2).getCell(7).value).toBe(1000); // revenue in yuan
    expect(sheet.getRow(4).getCell(1).value).toBe('网络平均');
    const english = await read(analyst, `${OCT}&locale=en`);
    expect(english.getRow(1).values as unknown[]).toContain('No-show rate (%)');
  });

  it('gives a dealer manager only their own row', async () => {
    const sheet = await read(managerB, OCT);
    expect(sheet.getRow(2).getCell(1).value).toBe('B01');
    expect(sheet.getRow(3).getCell(1).value).toBe('网络平均');
  });

  it("writes a dealer's advisor drill-down, one row per advisor, to the same dealers only", async () => {
    const { dealerA } = ctx.network;
    const response = await analyst.get(`/api/v1/network/kpis/dealers/${dealerA}/advisors.xlsx?${OCT}`);
    expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe('服务顾问KPI');
    const header = sheet.getRow(1).values as unknown[];
    const onScreen = (await analyst.get(`/api/v1/network/kpis/dealers/${dealerA}/advisors?${OCT}`)).json().advisors as {
      advisorId: string;
      name: string;
    }[];
    const first = onScreen.find((a) => a.advisorId === sa1)!;
    const row = Array.from({ length: sheet.rowCount }, (_, i) => sheet.getRow(i + 1)).find((r) => r.getCell(1).value === first.name)!;
    expect(row.getCell(header.indexOf('进厂台次')).value).toBe(2);
    expect(row.getCell(header.indexOf('CSI·服务顾问')).value).toBe(85);
    const refused = await managerB.get(`/api/v1/network/kpis/dealers/${dealerA}/advisors.xlsx?${OCT}`);
    expect(refused.statusCode).toBe(403);
  });
});

describe('the refresh', () => {
  it("recomputes whole months, idempotently, also on the administrator's demand", async () => {
    const before = await cockpitOf(analyst);
    const again = await ctx.app.services.networkKpis.refreshKpis({ networkId: ctx.network.networkId, from: '2026-10', to: '2026-10' });
    expect(again.rows).toBe(2);
    expect(await cockpitOf(analyst)).toEqual(before);
    const refresh = await analyst.post('/api/v1/network/kpis/refresh');
    expect(refresh.statusCode).toBe(403); // only the car maker's administrator
    const admin = await ctx.loginAs({ dealerId: null, roles: ['oem_admin'] });
    const done = await admin.post('/api/v1/network/kpis/refresh');
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ from: '2026-09', to: '2026-11' });
    expect(await cockpitOf(analyst)).toEqual(before);
  });
});

describe('process execution records', () => {
  it('name the first step that broke', async () => {
    const response = await analyst.get(`/api/v1/network/kpis/dealers/${ctx.network.dealerA}/records?kpi=processExecutionRate&${OCT}`);
    expect(response.statusCode, response.body).toBe(200);
    expect(
      response.json().items.map((i: { number: string; counted: boolean; reason: string | null }) => [i.number, i.counted, i.reason]),
    ).toEqual([
      ['RO-2', true, 'late_reception'],
      ['RO-3', true, 'charges_not_signed'],
      ['RO-1', false, null],
    ]);
  });
});

describe('the nightly job', () => {
  it('refreshes the running month and the two before it, and queues the next night', async () => {
    const sent: { data: unknown; options: unknown }[] = [];
    const jobs = createNetworkKpisJobs({
      db: ctx.db,
      clock: ctx.clock,
      jobs: {
        send: async (_tx, _definition, data, options) => {
          sent.push({ data, options });
          return 'job';
        },
        sendAll: async () => {},
      },
      networkKpis: () => ctx.app.services.networkKpis,
      timeZone: 'Asia/Shanghai',
    });
    await jobs.nightly.run({ runOn: '2026-11-20' });
    const refresh = await ctx.db
      .selectFrom('kpi_refreshes')
      .selectAll()
      .where('network_id', '=', ctx.network.networkId)
      .executeTakeFirstOrThrow();
    expect([refresh.from_month, refresh.to_month]).toEqual(['2026-09-01', '2026-11-01']);
    expect(sent).toEqual([
      { data: { runOn: '2026-11-21' }, options: { startAfter: new Date('2026-11-20T19:30:00Z'), dedupeKey: '2026-11-21' } },
    ]);
  });

  it('redoes once the older months rolled up before there were advisor rows', async () => {
    const { networkId } = ctx.network;
    const networkKpis = ctx.app.services.networkKpis;
    await networkKpis.refreshKpis({ networkId, from: '2026-07', to: '2026-07' });
    const advisorMonths = () =>
      ctx.db
        .selectFrom('kpi_advisor_months')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('month', '=', '2026-07-01')
        .executeTakeFirstOrThrow()
        .then((r) => Number(r.n));
    const before = await advisorMonths();
    expect(before).toBeGreaterThan(0);
    await ctx.db.deleteFrom('kpi_advisor_months').where('month', '=', '2026-07-01').execute();

    await networkKpis.refreshAll();
    const refresh = await ctx.db.selectFrom('kpi_refreshes').selectAll().where('network_id', '=', networkId).executeTakeFirstOrThrow();
    expect(refresh.from_month).toBe('2026-07-01');
    expect(await advisorMonths()).toBe(before);
    // Caught up: the next night is back to its three months.
    await networkKpis.refreshAll();
    const next = await ctx.db.selectFrom('kpi_refreshes').selectAll().where('network_id', '=', networkId).executeTakeFirstOrThrow();
    expect(next.from_month).not.toBe('2026-07-01');
  });
});

describe('first-time fix and repeat repair in SQL and in the rules', () => {
  // The rules test's cars at dealer B (which had no repairs): A brakes on 1 and 20 Oct, A/C on 25 Oct;
  // B brakes on 5 Oct and 10 Nov; C an oil service on 3 Oct (no labour operation), diagnosis on 28 Oct.
  it('gives the same counts on the same visits, whatever day they are judged on', async () => {
    const { dealerB, networkId } = ctx.network;
    const owner = await createCustomer(managerB);
    const cars = {
      A: await createVehicle(managerB, owner.id),
      B: await createVehicle(managerB, owner.id),
      C: await createVehicle(managerB, owner.id),
    };
    const made: RepairVisit[] = [];
    const plan: [keyof typeof cars, string, string[]][] = [
      ['A', '2026-10-01', ['L-BRK']],
      ['A', '2026-10-20', ['L-BRK']],
      ['A', '2026-10-25', ['L-AC']],
      ['B', '2026-10-05', ['L-BRK']],
      ['B', '2026-11-10', ['L-BRK']],
      ['C', '2026-10-03', []],
      ['C', '2026-10-28', ['L-DIAG']],
    ];
    for (const [n, [car, day, labour]] of plan.entries()) {
      const vehicleId = cars[car].id;
      const visitId = await visit(dealerB, vehicleId, owner.id, `${day}T01:00:00Z`, 1, null);
      const id = newId();
      await order({
        dealerId: dealerB,
        customerId: owner.id,
        signed: true,
        id,
        number: `RO-F${n}`,
        visitId,
        vehicleId,
        saId: null,
        createdAt: `${day}T01:10:00Z`,
        promisedAt: `${day}T08:00:00Z`,
        deliveredAt: `${day}T07:00:00Z`,
        labour,
      });
      made.push({ id, vehicleId, deliveredOn: day, concerns: labour });
    }
    const repo = createNetworkRepository(ctx.db);
    const scope = { kind: 'dealer' as const, networkId, dealerId: dealerB };
    for (const [month, today] of [
      ['2026-10', '2026-11-15'],
      ['2026-10', '2026-12-01'],
      ['2026-11', '2026-12-20'],
    ] as const) {
      const row = (await repo.counts(scope, { from: month, to: month }, today)).find((r) => r.advisorKey === null);
      const period = { from: `${month}-01`, to: `${month}-${month === '2026-10' ? 31 : 30}` };
      const fix = firstTimeFixRate(made, period, today);
      const repeat = repeatRepairRate(made, period);
      expect([row!.counts.ftf_judged, row!.counts.ftf_fixed, row!.counts.repairs, row!.counts.repeats], `${month} on ${today}`).toEqual([
        fix.judged,
        fix.fixed,
        repeat.repairs,
        repeat.repeats,
      ]);
    }
  });
});

describe('the API documentation', () => {
  it('documents every cockpit endpoint from its schemas', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(response.statusCode).toBe(200);
    const { paths } = response.json();
    for (const path of [
      '/api/v1/network/kpis',
      '/api/v1/network/kpis.xlsx',
      '/api/v1/network/kpis/trend',
      '/api/v1/network/kpis/dealers/{dealerId}/advisors',
      '/api/v1/network/kpis/dealers/{dealerId}/records',
    ])
      expect(paths[path]?.get, path).toBeDefined();
    expect(paths['/api/v1/network/kpis/refresh'].post).toBeDefined();
  });
});
