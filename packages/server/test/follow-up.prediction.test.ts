import { isDeepStrictEqual } from 'node:util';
import { withVinCheckDigit } from '@servicebay/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFollowUpRepository } from '../src/modules/follow-up/follow-up.repository.js';
import { type MaintenanceDue, maintenanceDue } from '../src/modules/follow-up/follow-up.rules.js';
import { predictionQuery, type VehicleSelection } from '../src/modules/follow-up/prediction.repository.js';
import { addMonths } from '../src/modules/repair-orders/repair-orders.rules.js';
import { addDays } from '../src/platform/dealer-time.js';
import { newId } from '../src/platform/ids.js';
import { createTestContext, insertCustomerRow, type TestContext } from './harness.js';

// The nightly prediction is set-based SQL; the rule it implements is `maintenanceDue`. Both must
// give the same due date, distance, daily mileage, confidence and what it counts from for every
// vehicle: here on worked cases and on a few hundred random ones (irregular readings, replaced
// odometers, future readings, services without a mileage-in, cars never serviced in the network).

const TODAY = '2026-11-20';
let ctx: TestContext;

type Scenario = {
  deliveredOn: string | null;
  lastRo: { on: string; km: number | null } | null;
  readings: { readOn: string; km: number; odometerReplaced: boolean }[];
  model: { km: number; months: number } | null;
};

function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function scenarios(count: number): Scenario[] {
  const rnd = random(20261120);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const out: Scenario[] = [];
  for (let i = 0; i < count; i++) {
    const deliveredOn = rnd() < 0.8 ? addDays('2023-01-01', int(0, 1400)) : null;
    const start = deliveredOn ?? '2023-06-01';
    const readings: Scenario['readings'] = [];
    let km = 0;
    let day = start;
    for (let n = int(0, 9); n > 0; n--) {
      day = addDays(day, int(0, 150));
      const replaced = rnd() < 0.08;
      km = replaced ? int(0, 300) : km + (rnd() < 0.1 ? -int(1, 500) : int(0, 9000));
      readings.push({ readOn: day, km: Math.max(0, km), odometerReplaced: replaced });
    }
    // Readings are stored in any order; a few are on the same day.
    if (readings.length > 2 && rnd() < 0.3) readings.push({ ...readings[1]!, km: readings[1]!.km + int(0, 50), odometerReplaced: false });
    // A service in the network for most; some without a mileage-in (never read, or read only on the walk-around).
    const lastRo =
      rnd() < 0.6 && readings.length
        ? { on: readings[int(0, readings.length - 1)]!.readOn, km: rnd() < 0.2 ? null : readings[int(0, readings.length - 1)]!.km }
        : null;
    const model = rnd() < 0.5 ? { km: 5000, months: 3 } : rnd() < 0.5 ? { km: 10000, months: 6 } : null;
    // Every kind: serviced, readings only, delivery only, nothing at all (no prediction).
    out.push({ deliveredOn, lastRo: lastRo && lastRo.on <= TODAY ? lastRo : null, readings, model });
  }
  return out;
}

const worked: Scenario[] = [
  // No readings at all: a car sold a month ago, never back.
  { deliveredOn: '2026-10-20', lastRo: null, readings: [], model: { km: 5000, months: 3 } },
  // Never serviced in the network, sold years ago: counted from its readings (calls), not from the delivery at 0 km.
  {
    deliveredOn: '2019-03-01',
    lastRo: null,
    readings: [
      { readOn: '2026-03-01', km: 61_000, odometerReplaced: false },
      { readOn: '2026-07-01', km: 65_800, odometerReplaced: false },
      { readOn: '2026-10-01', km: 69_400, odometerReplaced: false },
    ],
    model: { km: 5000, months: 3 },
  },
  // A service without a mileage-in.
  {
    deliveredOn: '2024-01-01',
    lastRo: { on: '2026-09-01', km: null },
    readings: [
      { readOn: '2026-05-01', km: 30_000, odometerReplaced: false },
      { readOn: '2026-11-01', km: 36_000, odometerReplaced: false },
    ],
    model: null,
  },
  // One reading after the service.
  {
    deliveredOn: '2025-01-10',
    lastRo: { on: '2026-09-01', km: 20_000 },
    readings: [{ readOn: '2026-10-01', km: 21_500, odometerReplaced: false }],
    model: { km: 5000, months: 3 },
  },
  // Irregular readings: a dip (a typo), gaps, two on one day.
  {
    deliveredOn: '2024-03-01',
    lastRo: { on: '2026-08-15', km: 31_000 },
    readings: [
      { readOn: '2025-02-01', km: 12_000, odometerReplaced: false },
      { readOn: '2025-09-20', km: 25_000, odometerReplaced: false },
      { readOn: '2026-03-03', km: 24_100, odometerReplaced: false },
      { readOn: '2026-08-15', km: 31_000, odometerReplaced: false },
      { readOn: '2026-08-15', km: 31_020, odometerReplaced: false },
      { readOn: '2026-11-01', km: 34_900, odometerReplaced: false },
    ],
    model: null,
  },
  // Odometer replaced after the last service.
  {
    deliveredOn: '2023-05-05',
    lastRo: { on: '2026-06-01', km: 60_000 },
    readings: [
      { readOn: '2026-06-01', km: 60_000, odometerReplaced: false },
      { readOn: '2026-07-10', km: 150, odometerReplaced: true },
      { readOn: '2026-10-10', km: 4_800, odometerReplaced: false },
    ],
    model: { km: 10_000, months: 6 },
  },
  // Distance already passed: interpolated between the readings either side.
  {
    deliveredOn: '2024-01-01',
    lastRo: { on: '2026-07-01', km: 40_000 },
    readings: [
      { readOn: '2026-08-01', km: 43_000, odometerReplaced: false },
      { readOn: '2026-09-01', km: 47_000, odometerReplaced: false },
    ],
    model: { km: 5000, months: 3 },
  },
];

beforeAll(async () => {
  ctx = await createTestContext({ now: '2026-11-20T02:00:00Z' });
});
afterAll(() => ctx.close());

let stored = 0;
const models = new Map<string, string>();
async function store(list: Scenario[]) {
  const { db, network } = ctx;
  const modelFor = async (m: { km: number; months: number }) => {
    const key = `${m.km}/${m.months}`;
    if (!models.has(key)) {
      const id = newId();
      await db
        .insertInto('vehicle_models')
        .values({
          id,
          network_id: network.networkId,
          code: `M${key}`,
          name: key,
          fuel_type: 'petrol',
          service_interval_km: m.km,
          service_interval_months: m.months,
        })
        .execute();
      models.set(key, id);
    }
    return models.get(key)!;
  };
  const customerId = await insertCustomerRow(ctx, '预测');
  const ids: string[] = [];
  for (const s of list) {
    const i = stored++;
    const id = newId();
    ids.push(id);
    await db
      .insertInto('vehicles')
      .values({
        created_at: ctx.clock.now(),
        id,
        network_id: network.networkId,
        vin: withVinCheckDigit(`LPRED${String(i).padStart(4, '0')}0TB${String(i).padStart(5, '0')}`.slice(0, 17)),
        plate_key: `京P${String(i).padStart(5, '0')}`,
        model_id: s.model ? await modelFor(s.model) : null,
        fuel_type: 'petrol',
        use_type: 'private',
        delivered_on: s.deliveredOn,
        owner_id: customerId,
        updated_at: new Date(),
      })
      .execute();
    await db
      .insertInto('dealer_vehicles')
      .values({ created_at: ctx.clock.now(), dealer_id: network.dealerA, vehicle_id: id, source: 'sale' })
      .execute();
    for (const r of s.readings)
      await db
        .insertInto('mileage_readings')
        .values({
          created_at: ctx.clock.now(),
          id: newId(),
          vehicle_id: id,
          read_on: r.readOn,
          km: r.km,
          source: 'call',
          odometer_replaced: r.odometerReplaced,
          dealer_id: network.dealerA,
        })
        .execute();
    if (s.lastRo) {
      const visitId = newId();
      const at = new Date(`${s.lastRo.on}T04:00:00Z`);
      await db
        .insertInto('visits')
        .values({
          created_at: ctx.clock.now(),
          dealer_id: network.dealerA,
          id: visitId,
          customer_id: customerId,
          vehicle_id: id,
          arrived_at: at,
          greeted_at: at,
        })
        .execute();
      await db
        .insertInto('repair_orders')
        .values({
          created_at: ctx.clock.now(),
          dealer_id: network.dealerA,
          id: newId(),
          number: `RO-P-${i}`,
          visit_id: visitId,
          customer_id: customerId,
          vehicle_id: id,
          concerns: '保养',
          promised_at: at,
          odometer_km: s.lastRo.km,
          status: 'delivered',
          delivered_at: at,
        })
        .execute();
    }
  }
  return ids;
}

function expected(s: Scenario): MaintenanceDue | undefined {
  return (
    maintenanceDue({
      today: TODAY,
      intervalKm: s.model?.km ?? 5000,
      intervalMonths: s.model?.months ?? 3,
      readings: s.readings,
      lastService: s.lastRo,
      deliveredOn: s.deliveredOn,
    }) ?? undefined
  );
}

async function predicted(vehicles: VehicleSelection) {
  const rows = (await predictionQuery(TODAY, vehicles).execute(ctx.db)).rows as {
    vehicle_id: string;
    due_on: string;
    due_km: number | null;
    daily_km: string | null;
    confidence: string;
    basis: string;
    readings_used: number;
    counted_from: string;
    last_service_on: string | null;
    last_service_km: number | null;
  }[];
  return new Map(
    rows.map((r) => [
      r.vehicle_id,
      {
        dueOn: r.due_on,
        dueKm: r.due_km === null ? null : Number(r.due_km),
        dailyKm: r.daily_km === null ? null : Number(r.daily_km),
        confidence: r.confidence,
        basis: r.basis,
        countedFrom: r.counted_from,
        readingsUsed: Number(r.readings_used),
        lastServiceOn: r.last_service_on,
        lastServiceKm: r.last_service_km === null ? null : Number(r.last_service_km),
      },
    ]),
  );
}

describe('maintenance due prediction: the set-based SQL equals the rule', () => {
  it('on the worked examples (no readings, one reading, irregular readings, odometer replaced, distance passed)', async () => {
    const ids = await store(worked);
    const rows = await predicted(ids);
    for (const [i, s] of worked.entries()) expect(rows.get(ids[i]!), `worked example ${i}`).toEqual(expected(s));
    // The worked examples themselves, by hand.
    expect(rows.get(ids[0]!)).toMatchObject({ dueOn: '2027-01-20', basis: 'time_only', confidence: 'low', countedFrom: 'delivery' });
    // 8,400 km in 214 days (39.3 a day); 600 km to the 70,000 mark after 1 October → 16 days. Three readings over 7 months.
    expect(rows.get(ids[1]!)).toMatchObject({
      countedFrom: 'readings',
      lastServiceOn: null,
      dueOn: '2026-10-17',
      dueKm: 70_000,
      confidence: 'high',
    });
    expect(rows.get(ids[2]!)).toMatchObject({ countedFrom: 'last_service', lastServiceOn: '2026-09-01', lastServiceKm: null });
    expect(rows.get(ids[3]!)).toMatchObject({ dueOn: '2026-12-01', dueKm: 25_000, dailyKm: 50 });
    expect(rows.get(ids[6]!)).toMatchObject({ dueOn: '2026-08-17', dueKm: 45_000, basis: 'distance' });
    expect(addMonths('2026-10-20', 3)).toBe('2027-01-20');
  });

  it('on 300 random vehicles', async () => {
    const list = scenarios(300);
    const ids = await store(list);
    const rows = await predicted(ids);
    expect(rows.size).toBe(list.filter((s) => expected(s) !== undefined).length);
    expect(new Set(list.map((s) => expected(s)?.countedFrom))).toEqual(new Set(['last_service', 'readings', 'delivery', undefined]));
    const mismatches = list
      .map((s, i) => ({ s, got: rows.get(ids[i]!), want: expected(s) }))
      .filter((m) => !isDeepStrictEqual(m.got, m.want));
    expect(mismatches.slice(0, 3)).toEqual([]);
  });

  it('in two halves of the vehicle ids, as the nightly run splits it: the same rows as all at once', async () => {
    await store(scenarios(100));
    const middle = await createFollowUpRepository(ctx.db).middleVehicle();
    expect(middle).not.toBeNull();
    const lower = await predicted({ from: null, below: middle });
    const upper = await predicted({ from: middle, below: null });
    expect(lower.size).toBeGreaterThan(0);
    expect(upper.size).toBeGreaterThan(0);
    const all = await predicted(null);
    expect(lower.size + upper.size).toBe(all.size);
    expect(new Map([...lower, ...upper])).toEqual(all);
  });
});
