import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../src/platform/ids.js';
import { type Client, createCustomer, createTestContext, createVehicle, type TestContext } from './harness.js';

// Warranty (domain.md §8): the car maker's policy decides what covers a car; the dealer's warranty
// clerk confirms a repair's eligibility before the car maker's lines are invoiced, prepares the claim
// and submits it; the car maker's reviewer returns, adjusts and approves, or rejects it.

const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const TERMS = {
  vehicle: [
    { useType: 'private', months: 24, km: 60_000 },
    { useType: 'taxi', months: 12, km: 100_000 },
  ],
  components: [{ code: 'BATTERY', name: '动力电池', months: 96, km: 150_000 }],
  fittedPartsMonths: 12,
  firstMaintenance: { months: 6, km: 5_000 },
};

let ctx: TestContext;
let reviewer: Client;
let analyst: Client;
let clerk: Client;
let sa: Client;
let cashier: Client;
let clerkB: Client;
let padsId: string;

beforeAll(async () => {
  ctx = await createTestContext({ now: '2026-11-20T02:00:00Z' });
  padsId = newId();
  await ctx.db
    .insertInto('parts')
    .values({ dealer_id: ctx.network.dealerA, id: padsId, part_number: 'BP-F', name: '前刹车片', price_fen: 48000, stock_quantity: 50 })
    .execute();
  reviewer = await ctx.loginAs({ dealerId: null, roles: ['oem_warranty_reviewer'] });
  analyst = await ctx.loginAs({ dealerId: null, roles: ['oem_analyst'] });
  clerk = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['warranty_clerk'] });
  sa = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['service_advisor'] });
  cashier = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['cashier'] });
  clerkB = await ctx.loginAs({ dealerId: ctx.network.dealerB, roles: ['warranty_clerk', 'service_advisor'] });
  const created = await reviewer.post('/api/v1/warranty/policies', {
    modelId: ctx.network.modelId,
    effectiveFrom: '2020-01-01',
    terms: TERMS,
  });
  expect(created.statusCode, created.body).toBe(201);
});
afterAll(() => ctx.close());

/** A car sold on `deliveredOn`, serviced at the dealer on the given days, with an order for it ready to invoice. */
async function readyOrder(options: { deliveredOn: string; services?: [string, number][]; lines?: object[]; useType?: string }) {
  const customer = await createCustomer(sa, { name: '保修客户' });
  const vehicle = await createVehicle(sa, customer.id, {
    modelId: ctx.network.modelId,
    deliveredOn: options.deliveredOn,
    useType: options.useType ?? 'private',
  });
  for (const [readOn, km] of options.services ?? []) {
    const r = await sa.post(`/api/v1/vehicles/${vehicle.id}/mileage`, { readOn, km, source: 'service_visit' });
    expect(r.statusCode, r.body).toBe(201);
  }
  const visit = (await sa.post('/api/v1/visits', { vehicleId: vehicle.id })).json();
  const lastKm = options.services?.at(-1)?.[1] ?? 1000;
  let ro = (
    await sa.post('/api/v1/repair-orders', {
      visitId: visit.id,
      concerns: '刹车异响',
      promisedAt: '2026-11-20T17:00:00+08:00',
      odometerKm: lastKm + 500,
      lines: options.lines ?? [
        { kind: 'labour', description: '更换前刹车片', hours: 1.5, payType: 'warranty' },
        { kind: 'parts', partId: padsId, quantity: 2, payType: 'warranty' },
      ],
    })
  ).json();
  expect(ro.id).toBeDefined();
  ro = (await sa.post(`/api/v1/repair-orders/${ro.id}/authorise`, { version: ro.version, signaturePng: PNG })).json();
  for (const to of ['in_progress', 'quality_check', 'ready'])
    ro = (await sa.post(`/api/v1/repair-orders/${ro.id}/transitions`, { version: ro.version, to })).json();
  expect(ro.status).toBe('ready');
  return { ro, vehicle };
}

const serviced: [string, number][] = [
  ['2026-02-20', 4_000],
  ['2026-05-18', 8_500],
  ['2026-08-15', 13_000],
  ['2026-11-10', 17_500],
];
const check = (overrides: object = {}) => ({
  term: 'vehicle',
  customerWords: '踩刹车有异响',
  technicianChecks: '前刹车片异常磨损 2mm',
  ...overrides,
});

describe('policies and coverage', () => {
  it('lets only the car maker write policies, versioned per model, and refuses bad terms naming the field', async () => {
    expect(
      (await clerk.post('/api/v1/warranty/policies', { modelId: ctx.network.modelId, effectiveFrom: '2026-01-01', terms: TERMS }))
        .statusCode,
    ).toBe(403);
    expect(
      (await analyst.post('/api/v1/warranty/policies', { modelId: ctx.network.modelId, effectiveFrom: '2026-01-01', terms: TERMS }))
        .statusCode,
    ).toBe(403);
    const duplicate = await reviewer.post('/api/v1/warranty/policies', {
      modelId: ctx.network.modelId,
      effectiveFrom: '2026-01-01',
      terms: { ...TERMS, vehicle: [TERMS.vehicle[0], TERMS.vehicle[0]] },
    });
    expect(duplicate.statusCode).toBe(400);
    expect(duplicate.json().errors[0].field).toBe('terms.vehicle.1.useType');
    const before = await reviewer.post('/api/v1/warranty/policies', {
      modelId: ctx.network.modelId,
      effectiveFrom: '2019-06-01',
      terms: TERMS,
    });
    expect(before.statusCode).toBe(400);
    expect(before.json().errors[0]).toMatchObject({ field: 'effectiveFrom', code: 'before_current_version' });
    const list = (await clerk.get('/api/v1/warranty/policies')).json();
    expect(list.canWrite).toBe(false);
    expect(list.items.map((p: { version: number }) => p.version)).toEqual([1]);
  });

  it('shows what still covers a car: each term with its end, judged by the use at sale after a change of use', async () => {
    const customer = await createCustomer(sa, { name: '出租车主' });
    const taxi = await createVehicle(sa, customer.id, { modelId: ctx.network.modelId, deliveredOn: '2025-06-10', useType: 'taxi' });
    const changed = await sa.patch(`/api/v1/vehicles/${taxi.id}`, { version: taxi.version, useType: 'private' });
    expect(changed.statusCode, changed.body).toBe(200);
    await sa.post(`/api/v1/vehicles/${taxi.id}/mileage`, { readOn: '2026-11-01', km: 70_000, source: 'customer' });
    const coverage = (await sa.get(`/api/v1/vehicles/${taxi.id}/warranty`)).json();
    expect(coverage.useTypeAtSale).toBe('taxi');
    const whole = coverage.terms.find((t: { term: string }) => t.term === 'vehicle');
    // Taxi: 12 months from 2025-06-10 → covered to 2026-06-09, ended by time on 2026-11-20.
    expect(whole).toMatchObject({ months: 12, km: 100_000, endsOn: '2026-06-09', active: false, endedBy: 'time' });
    const battery = coverage.terms.find((t: { term: string }) => t.term === 'component:BATTERY');
    expect(battery).toMatchObject({ endsOn: '2033-06-09', active: true });
    // First maintenance: ended by time (6 months) as well as distance.
    expect(coverage.terms.find((t: { term: string }) => t.term === 'free_first_maintenance')).toMatchObject({
      active: false,
      endedBy: 'time',
    });

    const unsold = await createVehicle(sa, customer.id, { modelId: ctx.network.modelId });
    expect((await sa.get(`/api/v1/vehicles/${unsold.id}/warranty`)).json()).toMatchObject({ unknownBecause: 'not_delivered', terms: [] });
  });
});

describe('eligibility and claims', () => {
  it('invoices warranty lines only after the clerk confirmed eligibility; a finding names its exclusion', async () => {
    const { ro } = await readyOrder({ deliveredOn: '2025-11-25', services: serviced });
    const refused = await cashier.post(`/api/v1/repair-orders/${ro.id}/invoice`, { version: ro.version });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'warranty_unconfirmed', errors: [{ field: 'lines' }] });

    expect((await sa.post(`/api/v1/repair-orders/${ro.id}/warranty-checks`, check())).statusCode).toBe(403);
    const accident = await clerk.post(`/api/v1/repair-orders/${ro.id}/warranty-checks`, check({ findings: { accident: true } }));
    expect(accident.statusCode, accident.body).toBe(201);
    expect(accident.json()).toMatchObject({ eligible: false, exclusion: 'accident' });
    expect((await cashier.post(`/api/v1/repair-orders/${ro.id}/invoice`, { version: ro.version })).statusCode).toBe(409);

    const unknownTerm = await clerk.post(`/api/v1/repair-orders/${ro.id}/warranty-checks`, check({ term: 'component:MOTOR' }));
    expect(unknownTerm.statusCode).toBe(400);
    expect(unknownTerm.json().errors[0]).toMatchObject({ field: 'term', code: 'unknown_term' });

    const ok = await clerk.post(`/api/v1/repair-orders/${ro.id}/warranty-checks`, check());
    expect(ok.json()).toMatchObject({ eligible: true, exclusion: null });
    const invoiced = await cashier.post(`/api/v1/repair-orders/${ro.id}/invoice`, { version: ro.version });
    expect(invoiced.statusCode, invoiced.body).toBe(201);
    expect(invoiced.json().amountDueFen).toBe(0);
    const view = (await sa.get(`/api/v1/repair-orders/${ro.id}/warranty`)).json();
    expect(view).toMatchObject({ warrantyLines: 2, firstMaintenanceLines: 0, can: { check: false, prepareClaim: false } });
    expect(view.checks.map((c: { eligible: boolean }) => c.eligible)).toEqual([false, true]);
  });

  it('names a missed service as the exclusion', async () => {
    // Sold 2025-11-25, interval 3 months (+30 days' grace): never serviced since, overdue from 2026-03-28.
    const { ro } = await readyOrder({ deliveredOn: '2025-11-25' });
    const coverage = (await sa.get(`/api/v1/repair-orders/${ro.id}/warranty`)).json().coverage;
    expect(coverage).toMatchObject({ serviceOnSchedule: false, overdueSince: '2026-03-28' });
    const verdict = (await clerk.post(`/api/v1/repair-orders/${ro.id}/warranty-checks`, check())).json();
    expect(verdict).toMatchObject({ eligible: false, exclusion: 'not_serviced_on_schedule' });
  });

  it('prepares a claim at the car maker’s terms, refuses a total that disagrees with the lines, and goes through return, adjustment and approval once', async () => {
    await ctx.db
      .insertInto('warranty_part_prices')
      .values({ network_id: ctx.network.networkId, part_number: 'BP-F', price_fen: 40000 })
      .execute();
    const { ro, vehicle } = await readyOrder({ deliveredOn: '2025-11-25', services: serviced });
    const noCheck = await clerk.post('/api/v1/warranty/claims', { repairOrderId: ro.id, kind: 'warranty' });
    expect(noCheck.statusCode).toBe(409);
    expect(noCheck.json().code).toBe('warranty_unconfirmed');
    await clerk.post(`/api/v1/repair-orders/${ro.id}/warranty-checks`, check());
    const wrongKind = await clerk.post('/api/v1/warranty/claims', { repairOrderId: ro.id, kind: 'free_first_maintenance' });
    expect(wrongKind.statusCode).toBe(400);
    expect(wrongKind.json().errors[0]).toMatchObject({ field: 'repairOrderId', code: 'no_warranty_lines' });

    const prepared = await clerk.post('/api/v1/warranty/claims', {
      repairOrderId: ro.id,
      kind: 'warranty',
      failureCode: 'noise',
      causeCode: 'material_defect',
    });
    expect(prepared.statusCode, prepared.body).toBe(201);
    let claim = prepared.json();
    // Labour at the car maker's 120.00 an hour, the pads at its 400.00 (not the dealer's 480.00).
    expect(claim.lines.map((l: { amountFen: number }) => l.amountFen)).toEqual([18_000, 80_000]);
    expect(claim).toMatchObject({
      status: 'draft',
      claimedFen: 98_000,
      causalPartCode: 'BP-F',
      customerWords: '踩刹车有异响',
      vehicle: { id: vehicle.id },
    });
    expect(claim.number).toMatch(/^WC-20261120-\d{4}$/);
    expect(claim.submitBy).toBe(new Date(Date.parse(claim.repairedAt) + 10 * 86_400_000).toISOString());
    expect((await clerk.post('/api/v1/warranty/claims', { repairOrderId: ro.id, kind: 'warranty' })).json().code).toBe('claim_exists');

    const disagrees = await clerk.post(`/api/v1/warranty/claims/${claim.id}/submit`, { version: claim.version, claimedFen: 99_000 });
    expect(disagrees.statusCode).toBe(400);
    expect(disagrees.json().errors[0]).toMatchObject({ field: 'claimedFen', code: 'disagrees_with_lines' });
    expect((await clerk.get(`/api/v1/warranty/claims/${claim.id}`)).json()).toMatchObject({ status: 'draft', version: claim.version });
    const notAPart = await clerk.patch(`/api/v1/warranty/claims/${claim.id}`, { version: claim.version, causalPartCode: 'XX-1' });
    expect(notAPart.statusCode).toBe(200);
    const refused = await clerk.post(`/api/v1/warranty/claims/${claim.id}/submit`, {
      version: notAPart.json().version,
      claimedFen: 98_000,
    });
    expect(refused.json().errors[0]).toMatchObject({ field: 'causalPartCode', code: 'not_on_lines' });
    claim = (await clerk.patch(`/api/v1/warranty/claims/${claim.id}`, { version: notAPart.json().version, causalPartCode: 'BP-F' })).json();

    const submitted = await clerk.post(`/api/v1/warranty/claims/${claim.id}/submit`, { version: claim.version, claimedFen: 98_000 });
    expect(submitted.statusCode, submitted.body).toBe(200);
    claim = submitted.json();
    expect(claim).toMatchObject({
      status: 'submitted',
      late: false,
      submittedAt: '2026-11-20T02:00:00.000Z',
      can: { update: false, submit: false, approve: false },
    });

    const queue = (await reviewer.get('/api/v1/warranty/claims?status=submitted')).json().items;
    expect(queue.map((c: { id: string }) => c.id)).toContain(claim.id);
    expect((await reviewer.get(`/api/v1/warranty/claims/${claim.id}`)).json().can).toMatchObject({
      approve: true,
      reject: true,
      return: true,
      update: false,
    });

    claim = (
      await reviewer.post(`/api/v1/warranty/claims/${claim.id}/return`, { version: claim.version, note: '请补充刹车片磨损照片' })
    ).json();
    expect(claim.status).toBe('returned');
    claim = (await clerk.get(`/api/v1/warranty/claims/${claim.id}`)).json();
    expect(claim.can).toMatchObject({ update: true, submit: true });
    claim = (
      await clerk.patch(`/api/v1/warranty/claims/${claim.id}`, {
        version: claim.version,
        technicianChecks: '前刹车片磨损至 2mm，照片已附',
        lines: [
          { kind: 'labour', description: '更换前刹车片', hours: 1.5 },
          { kind: 'parts', code: 'BP-F', description: '前刹车片', quantity: 2 },
          { kind: 'sublet', description: '刹车盘光盘（外协）', amountFen: 5_000 },
        ],
      })
    ).json();
    expect(claim.claimedFen).toBe(103_000);
    claim = (await clerk.post(`/api/v1/warranty/claims/${claim.id}/submit`, { version: claim.version, claimedFen: 103_000 })).json();
    expect(claim).toMatchObject({ status: 'submitted', submittedAt: '2026-11-20T02:00:00.000Z' });

    const noReason = await reviewer.post(`/api/v1/warranty/claims/${claim.id}/approve`, {
      version: claim.version,
      adjustments: [{ position: 3, approvedFen: 0 }],
    });
    expect(noReason.statusCode).toBe(400);
    const notAPartBack = await reviewer.post(`/api/v1/warranty/claims/${claim.id}/approve`, {
      version: claim.version,
      returnPositions: [1],
    });
    expect(notAPartBack.json().errors[0]).toMatchObject({ field: 'returnPositions.0', code: 'not_a_part' });
    const key = { 'idempotency-key': newId() };
    const body = {
      version: claim.version,
      adjustments: [{ position: 3, approvedFen: 0, reason: '外协光盘不在保修范围' }],
      returnPositions: [2],
    };
    const approved = await reviewer.post(`/api/v1/warranty/claims/${claim.id}/approve`, body, key);
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'approved', claimedFen: 103_000, approvedFen: 98_000 });
    expect(approved.json().lines[2]).toMatchObject({ approvedFen: 0, adjustReason: '外协光盘不在保修范围' });
    expect(approved.json().lines[1]).toMatchObject({ approvedFen: 80_000, returnRequired: true, adjustReason: null });
    // Paid once: the same request again answers the same; a new one is refused.
    expect((await reviewer.post(`/api/v1/warranty/claims/${claim.id}/approve`, body, key)).json()).toEqual(approved.json());
    const twice = await reviewer.post(`/api/v1/warranty/claims/${claim.id}/approve`, { ...body, version: approved.json().version });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('invalid_transition');
    const kinds = approved.json().events.map((e: { kind: string }) => e.kind);
    expect(kinds).toEqual(['prepared', 'updated', 'updated', 'submitted', 'returned', 'updated', 'resubmitted', 'approved']);
  });

  it('marks a claim submitted after the window late, and a rejection carries its code', async () => {
    const { ro } = await readyOrder({ deliveredOn: '2025-11-25', services: serviced });
    await clerk.post(`/api/v1/repair-orders/${ro.id}/warranty-checks`, check());
    let claim = (await clerk.post('/api/v1/warranty/claims', { repairOrderId: ro.id, kind: 'warranty' })).json();
    // The repair was finished eleven days ago (a session does not last ten days on the test clock).
    const repairedAt = new Date(ctx.clock.now().getTime() - 11 * 86_400_000);
    await ctx.db
      .updateTable('warranty_claims')
      .set({ repaired_at: repairedAt, submit_by: new Date(repairedAt.getTime() + 10 * 86_400_000) })
      .where('id', '=', claim.id)
      .execute();
    claim = (
      await clerk.post(`/api/v1/warranty/claims/${claim.id}/submit`, { version: claim.version, claimedFen: claim.claimedFen })
    ).json();
    expect(claim).toMatchObject({ status: 'submitted', late: true });
    const bad = await reviewer.post(`/api/v1/warranty/claims/${claim.id}/reject`, {
      version: claim.version,
      code: 'too_late',
      reason: '超期',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('code');
    claim = (
      await reviewer.post(`/api/v1/warranty/claims/${claim.id}/reject`, {
        version: claim.version,
        code: 'late_submission',
        reason: '超过索赔时限',
      })
    ).json();
    expect(claim).toMatchObject({ status: 'rejected', rejectCode: 'late_submission', decisionNote: '超过索赔时限', approvedFen: null });
    // The dealer appeals: corrects the claim and submits it again; the car maker decides it anew.
    claim = (await clerk.get(`/api/v1/warranty/claims/${claim.id}`)).json();
    expect(claim.can).toMatchObject({ update: true, submit: true });
    claim = (
      await clerk.patch(`/api/v1/warranty/claims/${claim.id}`, {
        version: claim.version,
        repairReport: '维修当日已提交，系统延迟录入，附工单截图',
      })
    ).json();
    claim = (
      await clerk.post(`/api/v1/warranty/claims/${claim.id}/submit`, { version: claim.version, claimedFen: claim.claimedFen })
    ).json();
    expect(claim).toMatchObject({ status: 'submitted', late: true, rejectCode: null, decidedAt: null });
    expect(claim.events.map((e: { kind: string }) => e.kind).slice(-3)).toEqual(['rejected', 'updated', 'resubmitted']);
    claim = (
      await reviewer.post(`/api/v1/warranty/claims/${claim.id}/reject`, {
        version: claim.version,
        code: 'insufficient_evidence',
        reason: '截图无法证明',
      })
    ).json();
    expect(claim).toMatchObject({ status: 'rejected', rejectCode: 'insufficient_evidence' });
  });

  it('claims a free first maintenance, which the schedule does not exclude', async () => {
    const { ro } = await readyOrder({
      deliveredOn: '2026-07-01',
      lines: [{ kind: 'labour', description: '首次保养', hours: 1, payType: 'free_first_maintenance' }],
    });
    const verdict = (await clerk.post(`/api/v1/repair-orders/${ro.id}/warranty-checks`, check({ term: 'free_first_maintenance' }))).json();
    expect(verdict).toMatchObject({ eligible: true });
    const claim = await clerk.post('/api/v1/warranty/claims', { repairOrderId: ro.id, kind: 'free_first_maintenance' });
    expect(claim.statusCode, claim.body).toBe(201);
    expect(claim.json()).toMatchObject({ kind: 'free_first_maintenance', failureCode: 'maintenance', claimedFen: 12_000 });
    const coverage = (await sa.get(`/api/v1/repair-orders/${ro.id}/warranty`)).json().coverage;
    expect(coverage.terms.find((t: { term: string }) => t.term === 'free_first_maintenance')).toMatchObject({
      active: false,
      endedBy: 'used',
    });
  });
});

/** The data of the jobs queued under a name for a claim. */
async function queued(name: string, claimId: string) {
  const rows = await ctx.db
    .selectFrom('pgboss.job' as never)
    .select(['data' as never, 'start_after' as never])
    .where('name' as never, '=', name as never)
    .execute();
  return (rows as { data: { claimId: string; dealerId: string; dueAt: string }; start_after: Date }[]).filter(
    (r) => r.data.claimId === claimId,
  );
}
const jobs = () => (ctx.app as any).jobs.warrantyJobs;

/** A claim approved with its parts asked back. */
async function approvedWithReturn() {
  const { ro } = await readyOrder({ deliveredOn: '2025-11-25', services: serviced });
  await clerk.post(`/api/v1/repair-orders/${ro.id}/warranty-checks`, check());
  let claim = (await clerk.post('/api/v1/warranty/claims', { repairOrderId: ro.id, kind: 'warranty' })).json();
  claim = (await clerk.post(`/api/v1/warranty/claims/${claim.id}/submit`, { version: claim.version, claimedFen: claim.claimedFen })).json();
  claim = (await reviewer.post(`/api/v1/warranty/claims/${claim.id}/approve`, { version: claim.version, returnPositions: [2] })).json();
  return claim;
}

describe('timers, parts return and settlement', () => {
  it('warns the clerk before the window closes, unless the claim was submitted', async () => {
    const { ro } = await readyOrder({ deliveredOn: '2025-11-25', services: serviced });
    await clerk.post(`/api/v1/repair-orders/${ro.id}/warranty-checks`, check());
    const claim = (await clerk.post('/api/v1/warranty/claims', { repairOrderId: ro.id, kind: 'warranty' })).json();
    const [job] = await queued('warranty.window_closing', claim.id);
    // Three days before the ten-day window closes.
    expect(new Date(job!.start_after).toISOString()).toBe(new Date(Date.parse(claim.submitBy) - 3 * 86_400_000).toISOString());
    await jobs().windowWarning.run(job!.data);
    await jobs().windowWarning.run(job!.data);
    const tasks = (await clerk.get('/api/v1/tasks?which=mine'))
      .json()
      .items.filter((t: { claim: { id: string } | null }) => t.claim?.id === claim.id);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ kind: 'warranty_window_closing', claim: { number: claim.number }, dueAt: claim.submitBy });

    const other = await approvedWithReturn();
    const [done] = await queued('warranty.window_closing', other.id);
    await jobs().windowWarning.run(done!.data);
    expect(await ctx.db.selectFrom('tasks').select('id').where('claim_id', '=', other.id).execute()).toHaveLength(0);
  });

  it('asks for the parts back at approval; the dealer ships them, the car maker receives them, and a late return is charged back once', async () => {
    let claim = await approvedWithReturn();
    expect(claim.partsReturn).toMatchObject({ status: 'requested', waybill: null });
    expect(claim.partsReturn.dueAt).toBe(new Date(Date.parse(claim.decidedAt) + 30 * 86_400_000).toISOString());
    expect((await clerk.get(`/api/v1/warranty/claims/${claim.id}`)).json().can).toMatchObject({ shipParts: true, receiveParts: false });
    expect((await reviewer.post(`/api/v1/warranty/claims/${claim.id}/parts-received`, { version: claim.version })).statusCode).toBe(409);
    const badWaybill = await clerk.post(`/api/v1/warranty/claims/${claim.id}/parts-shipped`, { version: claim.version, waybill: 'x' });
    expect(badWaybill.json().errors[0].field).toBe('waybill');
    claim = (
      await clerk.post(`/api/v1/warranty/claims/${claim.id}/parts-shipped`, { version: claim.version, waybill: 'SF1234567890' })
    ).json();
    expect(claim.partsReturn).toMatchObject({ status: 'shipped', waybill: 'SF1234567890', shippedAt: '2026-11-20T02:00:00.000Z' });
    claim = (
      await reviewer.post(`/api/v1/warranty/claims/${claim.id}/parts-received`, {
        version: claim.version,
        note: '旧件检验：刹车片磨损属材料缺陷',
      })
    ).json();
    expect(claim.partsReturn).toMatchObject({ status: 'received', note: '旧件检验：刹车片磨损属材料缺陷' });
    const [received] = await queued('warranty.parts_return_due', claim.id);
    await jobs().returnDue.run(received!.data);
    expect((await clerk.get(`/api/v1/warranty/claims/${claim.id}`)).json()).toMatchObject({
      chargedBackFen: 0,
      partsReturn: { status: 'received' },
    });

    const late = await approvedWithReturn();
    const [due] = await queued('warranty.parts_return_due', late.id);
    expect(new Date(due!.start_after).toISOString()).toBe(late.partsReturn.dueAt);
    await jobs().returnDue.run(due!.data);
    await jobs().returnDue.run(due!.data);
    const charged = (await clerk.get(`/api/v1/warranty/claims/${late.id}`)).json();
    expect(charged).toMatchObject({
      status: 'approved',
      approvedFen: late.approvedFen,
      chargedBackFen: late.approvedFen,
      partsReturn: { status: 'charged_back' },
    });
    expect(charged.events.filter((e: { kind: string }) => e.kind === 'charged_back')).toHaveLength(1);
    expect(charged.can).toMatchObject({ shipParts: false });
  });

  it('settles a month per dealer: approved claims credited, charge-backs taken back, in the workbook too', async () => {
    const month = (await reviewer.get('/api/v1/warranty/settlements?month=2026-11')).json();
    const approved = await ctx.db
      .selectFrom('warranty_claims')
      .select(['approved_fen', 'charged_back_fen', 'status'])
      .where('dealer_id', '=', ctx.network.dealerA)
      .execute();
    const credited = approved.filter((c) => c.status === 'approved');
    const a = month.items.find((i: { dealer: { id: string } }) => i.dealer.id === ctx.network.dealerA);
    expect(a.claims).toBe(credited.length);
    expect(a.approvedFen).toBe(credited.reduce((s, c) => s + (c.approved_fen ?? 0), 0));
    expect(a.chargedBackFen).toBe(approved.reduce((s, c) => s + c.charged_back_fen, 0));
    expect(a.chargedBackFen).toBeGreaterThan(0);
    expect(a.netFen).toBe(a.approvedFen - a.chargedBackFen);
    expect(month.totals.netFen).toBe(month.items.reduce((s: number, i: { netFen: number }) => s + i.netFen, 0));
    expect((await reviewer.get('/api/v1/warranty/settlements?month=2026-10')).json().items).toEqual([]);
    expect((await reviewer.get('/api/v1/warranty/settlements?month=2026-13')).json().errors[0].field).toBe('month');
    // A dealer sees its own line only.
    expect(
      (await clerkB.get('/api/v1/warranty/settlements?month=2026-11')).json().items.map((i: { dealer: { id: string } }) => i.dealer.id),
    ).not.toContain(ctx.network.dealerA);
    const xlsx = await reviewer.get('/api/v1/warranty/settlements.xlsx?month=2026-11');
    expect(xlsx.statusCode).toBe(200);
    const ExcelJS = (await import('exceljs')).default;
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as never);
    const dealers = book.getWorksheet('经销商结算')!;
    const row = dealers.getRow(2).values as unknown[];
    expect(row.slice(1, 4)).toEqual(['A01', '甲店', a.claims]);
    expect(row[6]).toBe(a.netFen / 100);
    expect(book.getWorksheet('索赔明细')!.rowCount).toBe(1 + credited.length);
  });
});

describe('recalls and service campaigns', () => {
  const campaign = (overrides: object = {}) => ({
    code: `RC-${newId().slice(-6).toUpperCase()}`,
    kind: 'recall',
    title: '前刹车片批次召回',
    labourHours: 1,
    parts: [{ partNumber: 'BP-F', name: '前刹车片', quantity: 2 }],
    validFrom: '2026-11-01',
    ...overrides,
  });

  it('refuses a list with bad rows naming each, and a campaign on no vehicles; writes nothing', async () => {
    const customer = await createCustomer(sa, { name: '召回车主' });
    const car = await createVehicle(sa, customer.id, { modelId: ctx.network.modelId, deliveredOn: '2025-01-10' });
    const badDigit = `${car.vin.slice(0, 8)}${car.vin[8] === 'X' ? '1' : 'X'}${car.vin.slice(9)}`;
    const { withVinCheckDigit } = await import('@servicebay/contracts');
    const unknown = withVinCheckDigit('LYHS5A1C0TB999999');
    const refused = await reviewer.post('/api/v1/warranty/campaigns', campaign({ vins: [car.vin, badDigit, 'SHORT', unknown] }));
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors.map((e: { field: string; code: string }) => [e.field, e.code])).toEqual([
      ['vins.1', 'check_digit'],
      ['vins.2', 'length'],
      ['vins.3', 'unknown_vin'],
    ]);
    const none = await reviewer.post(
      '/api/v1/warranty/campaigns',
      campaign({ rule: { modelId: ctx.network.modelId, serialFrom: '999990', serialTo: '999999' } }),
    );
    expect(none.statusCode).toBe(400);
    expect(none.json().errors[0]).toMatchObject({ field: 'rule', code: 'no_vehicles' });
    expect(
      (await reviewer.post('/api/v1/warranty/campaigns', campaign({ vins: [car.vin], rule: { modelId: ctx.network.modelId } }))).json()
        .errors[0].field,
    ).toBe('vins');
    expect((await clerk.post('/api/v1/warranty/campaigns', campaign({ vins: [car.vin] }))).statusCode).toBe(403);
    expect(await ctx.db.selectFrom('campaigns').select('id').execute()).toHaveLength(0);
  });

  it('shows the open campaign on the car, invites its owner through the dealer, and completes it once with its claim raised', async () => {
    const { ro, vehicle } = await readyOrder({
      deliveredOn: '2025-11-25',
      services: serviced,
      lines: [{ kind: 'labour', description: '检查', hours: 0.5, payType: 'customer' }],
    });
    const created = await reviewer.post('/api/v1/warranty/campaigns', campaign({ vins: [vehicle.vin.toLowerCase(), vehicle.vin] }));
    expect(created.statusCode, created.body).toBe(201);
    const c = created.json();
    expect(c).toMatchObject({ vehicles: 1, completed: 0, open: true });
    const onCar = (await sa.get(`/api/v1/vehicles/${vehicle.id}/campaigns`)).json().items;
    expect(onCar).toEqual([expect.objectContaining({ id: c.id, open: true, completedAt: null })]);
    // Found at lookup with its open campaign.
    const lookup = async () =>
      (await sa.get(`/api/v1/customers/search?q=${vehicle.vin}`)).json().items.flatMap((i: { vehicles: object[] }) => i.vehicles);
    expect(await lookup()).toEqual([expect.objectContaining({ id: vehicle.id, openCampaigns: 1 })]);
    const calls = await ctx.db
      .selectFrom('follow_up_tasks')
      .select(['dealer_id', 'rule', 'vehicle_id', 'due_from', 'due_until'])
      .where('rule', '=', 'campaign_invitation')
      .execute();
    expect(calls).toEqual([
      {
        dealer_id: ctx.network.dealerA,
        rule: 'campaign_invitation',
        vehicle_id: vehicle.id,
        due_from: '2026-11-20',
        due_until: '2026-12-04',
      },
    ]);
    expect((await clerkB.get(`/api/v1/vehicles/${vehicle.id}/campaigns`)).statusCode).toBe(404);
    expect((await clerkB.get('/api/v1/warranty/campaigns')).json().items).toEqual([]);
    expect((await clerk.get('/api/v1/warranty/campaigns')).json().items.map((i: { id: string }) => i.id)).toEqual([c.id]);

    const view = (await sa.get(`/api/v1/repair-orders/${ro.id}/warranty`)).json();
    expect(view.campaigns.map((x: { id: string }) => x.id)).toEqual([c.id]);
    expect(view.can.recordCampaign).toBe(true);
    const key = { 'idempotency-key': newId() };
    const done = await sa.post(`/api/v1/repair-orders/${ro.id}/campaign-work`, { campaignId: c.id }, key);
    expect(done.statusCode, done.body).toBe(201);
    // One hour at the car maker's rate and two pads at its price (set earlier in this file).
    expect(done.json()).toMatchObject({ kind: 'campaign', status: 'submitted', claimedFen: 12_000 + 80_000, term: `campaign:${c.code}` });
    expect((await sa.post(`/api/v1/repair-orders/${ro.id}/campaign-work`, { campaignId: c.id }, key)).json().id).toBe(done.json().id);
    const again = await sa.post(`/api/v1/repair-orders/${ro.id}/campaign-work`, { campaignId: c.id });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('campaign_done');
    expect((await sa.get(`/api/v1/vehicles/${vehicle.id}/campaigns`)).json().items[0]).toMatchObject({
      open: false,
      completedDealer: { id: ctx.network.dealerA },
    });
    expect(await lookup()).toEqual([expect.objectContaining({ id: vehicle.id, openCampaigns: 0 })]);
    const detail = (await reviewer.get(`/api/v1/warranty/campaigns/${c.id}`)).json();
    expect(detail).toMatchObject({ vehicles: 1, completed: 1, completionRate: 1, openVehicles: [] });
    expect(detail.byRegion).toEqual([expect.objectContaining({ vehicles: 1, completed: 1, completionRate: 1 })]);
    // Completed on 2026-11-20 (a Friday): counted in the week of Monday the 16th.
    expect(detail.overTime).toEqual([{ weekOf: '2026-11-16', completed: 1, cumulative: 1 }]);
    expect(detail.byDealer).toEqual([
      expect.objectContaining({ dealer: expect.objectContaining({ id: ctx.network.dealerA }), completed: 1 }),
    ]);
    // The car maker's reviewer decides the raised claim like any other.
    expect((await reviewer.get(`/api/v1/warranty/claims/${done.json().id}`)).json().can).toMatchObject({ approve: true });

    const other = await readyOrder({
      deliveredOn: '2025-11-25',
      services: serviced,
      lines: [{ kind: 'labour', description: '检查', hours: 0.5, payType: 'customer' }],
    });
    const notAffected = await sa.post(`/api/v1/repair-orders/${other.ro.id}/campaign-work`, { campaignId: c.id });
    expect(notAffected.json().errors[0]).toMatchObject({ field: 'campaignId', code: 'not_affected' });
  });

  it('takes the cars by rule: model and production range', async () => {
    const customer = await createCustomer(sa, { name: '规则车主' });
    const cars = [];
    for (let i = 0; i < 3; i++) cars.push(await createVehicle(sa, customer.id, { modelId: ctx.network.modelId }));
    const serials = cars.map((v) => v.vin.slice(-6)).sort();
    const created = await reviewer.post(
      '/api/v1/warranty/campaigns',
      campaign({ kind: 'service', rule: { modelId: ctx.network.modelId, serialFrom: serials[0], serialTo: serials[1] } }),
    );
    expect(created.statusCode, created.body).toBe(201);
    const all = await ctx.db.selectFrom('vehicles').select('vin').where('model_id', '=', ctx.network.modelId).execute();
    const expected = all.filter((v) => v.vin.slice(-6) >= serials[0]! && v.vin.slice(-6) <= serials[1]!).length;
    expect(created.json().vehicles).toBe(expected);
    expect(expected).toBeGreaterThanOrEqual(2);
  });
});

describe('analysis', () => {
  it('counts the period’s submitted claims by dealer, model, causal part and failure, as the rows add up', async () => {
    const rows = await ctx.db
      .selectFrom('warranty_claims')
      .selectAll()
      .where('network_id', '=', ctx.network.networkId)
      .where('submitted_at', 'is not', null)
      .execute();
    expect(rows.length).toBeGreaterThan(3);
    const analysis = (await analyst.get('/api/v1/warranty/analysis?from=2026-11-01&to=2026-11-30')).json();
    const approved = rows.filter((r) => r.status === 'approved');
    const rejected = rows.filter((r) => r.status === 'rejected');
    expect(analysis.totals).toMatchObject({
      claims: rows.length,
      claimedFen: rows.reduce((s, r) => s + r.claimed_fen, 0),
      approvedFen: approved.reduce((s, r) => s + (r.approved_fen ?? 0), 0),
      approved: approved.length,
      rejected: rejected.length,
      rejectionRate: rejected.length / (approved.length + rejected.length),
      lateRate: rows.filter((r) => r.late).length / rows.length,
      returnsRequested: rows.filter((r) => r.return_status !== null).length,
      chargedBackFen: rows.reduce((s, r) => s + r.charged_back_fen, 0),
    });
    const vehicles = await ctx.db.selectFrom('dealer_vehicles').select('vehicle_id').distinct().execute();
    expect(analysis.totals.vehiclesInOperation).toBe(vehicles.length);
    expect(analysis.totals.costPerVehicleFen).toBe(Math.round(analysis.totals.approvedFen / vehicles.length));
    const named = await ctx.db.selectFrom('campaign_vehicles').select('completed_at').execute();
    expect(analysis.totals).toMatchObject({
      campaignVehicles: named.length,
      campaignCompleted: named.filter((c) => c.completed_at !== null).length,
      campaignCompletionRate: named.filter((c) => c.completed_at !== null).length / named.length,
    });
    expect(analysis.totals.campaignCompleted).toBeGreaterThan(0);
    expect(analysis.byDealer.map((d: { dealer: { code: string }; claims: number }) => [d.dealer.code, d.claims])).toEqual([
      ['A01', rows.length],
    ]);
    expect(analysis.byModel).toEqual([
      { model: { id: ctx.network.modelId, name: '远航 S5' }, claims: rows.length, approvedFen: analysis.totals.approvedFen },
    ]);
    expect(analysis.byCausalPart[0]).toMatchObject({ key: 'BP-F', cumulativeShare: 1 });
    expect(analysis.byFailure.reduce((s: number, f: { claims: number }) => s + f.claims, 0)).toBe(rows.length);
    expect(analysis.rejectReasons).toEqual([{ code: 'insufficient_evidence', claims: 1 }]);
    // Another month has none; a dealer reads its own figures only.
    expect((await analyst.get('/api/v1/warranty/analysis?from=2026-10-01&to=2026-10-31')).json().totals).toMatchObject({
      claims: 0,
      rejectionRate: null,
    });
    const b = (await clerkB.get('/api/v1/warranty/analysis?from=2026-11-01&to=2026-11-30')).json();
    expect(b.totals.claims).toBe(0);
    expect(b.byDealer).toEqual([]);
    expect((await clerkB.get(`/api/v1/warranty/analysis?from=2026-11-01&to=2026-11-30&dealerId=${ctx.network.dealerA}`)).statusCode).toBe(
      403,
    );
    expect((await analyst.get('/api/v1/warranty/analysis?from=2026-11-30&to=2026-11-01')).json().errors[0]).toMatchObject({ field: 'to' });
  });
});

describe('tenant isolation', () => {
  it('keeps a dealer’s claims, checks and coverage from other dealers; the car maker reads the network', async () => {
    const { ro, vehicle } = await readyOrder({ deliveredOn: '2025-11-25', services: serviced });
    await clerk.post(`/api/v1/repair-orders/${ro.id}/warranty-checks`, check());
    const claim = (await clerk.post('/api/v1/warranty/claims', { repairOrderId: ro.id, kind: 'warranty' })).json();

    expect((await clerkB.get(`/api/v1/warranty/claims/${claim.id}`)).statusCode).toBe(404);
    expect((await clerkB.patch(`/api/v1/warranty/claims/${claim.id}`, { version: claim.version, failureCode: 'leak' })).statusCode).toBe(
      404,
    );
    expect(
      (await clerkB.post(`/api/v1/warranty/claims/${claim.id}/submit`, { version: claim.version, claimedFen: claim.claimedFen }))
        .statusCode,
    ).toBe(404);
    expect((await clerkB.get(`/api/v1/repair-orders/${ro.id}/warranty`)).statusCode).toBe(404);
    expect((await clerkB.post(`/api/v1/repair-orders/${ro.id}/warranty-checks`, check())).statusCode).toBe(404);
    expect((await clerkB.post('/api/v1/warranty/claims', { repairOrderId: ro.id, kind: 'warranty' })).statusCode).toBe(404);
    expect((await clerkB.get(`/api/v1/vehicles/${vehicle.id}/warranty`)).statusCode).toBe(404);
    const listB = (await clerkB.get('/api/v1/warranty/claims')).json().items;
    expect(listB.every((c: { dealer: { id: string } }) => c.dealer.id === ctx.network.dealerB)).toBe(true);
    expect((await clerkB.get(`/api/v1/warranty/claims?dealerId=${ctx.network.dealerA}`)).statusCode).toBe(403);
    // The car maker's reviewer reads but does not prepare or edit a dealer's claim.
    expect((await reviewer.patch(`/api/v1/warranty/claims/${claim.id}`, { version: claim.version, failureCode: 'leak' })).statusCode).toBe(
      403,
    );
    expect((await reviewer.post('/api/v1/warranty/claims', { repairOrderId: ro.id, kind: 'warranty' })).statusCode).toBe(403);
    // Analysts read the network's claims, narrowed to a dealer on request, and decide nothing.
    const network = (await analyst.get(`/api/v1/warranty/claims?dealerId=${ctx.network.dealerA}`)).json().items;
    expect(network.map((c: { id: string }) => c.id)).toContain(claim.id);
    expect(
      (await analyst.get(`/api/v1/warranty/claims?dealerId=${ctx.network.dealerB}`)).json().items.map((c: { id: string }) => c.id),
    ).not.toContain(claim.id);
    expect((await analyst.get(`/api/v1/warranty/claims/${claim.id}`)).json().can).toMatchObject({ approve: false, update: false });
    const approved = await approvedWithReturn();
    expect(
      (await clerkB.post(`/api/v1/warranty/claims/${approved.id}/parts-shipped`, { version: approved.version, waybill: 'SF0000000001' }))
        .statusCode,
    ).toBe(404);
    expect((await analyst.post(`/api/v1/warranty/claims/${approved.id}/parts-received`, { version: approved.version })).statusCode).toBe(
      403,
    );
    expect((await clerk.post(`/api/v1/warranty/claims/${approved.id}/parts-received`, { version: approved.version })).statusCode).toBe(403);
    expect((await clerkB.get(`/api/v1/warranty/settlements?month=2026-11&dealerId=${ctx.network.dealerA}`)).statusCode).toBe(403);
    expect((await clerkB.get(`/api/v1/warranty/settlements.xlsx?month=2026-11&dealerId=${ctx.network.dealerA}`)).statusCode).toBe(403);
    expect((await clerkB.patch('/api/v1/warranty/settings', { labourRateFen: 1 })).statusCode).toBe(403);
    const tech = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['technician'] });
    expect((await tech.get('/api/v1/warranty/claims')).statusCode).toBe(403);
  });
});

describe('三包', () => {
  it('opens a case when a car nears a threshold, warns the managers once per level, and records the decision', async () => {
    const manager = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['service_manager'] });
    const settings = (await reviewer.get('/api/v1/warranty/settings')).json();
    expect(settings.sanbao).toMatchObject({
      periodMonths: 24,
      periodKm: 50_000,
      repairDaysLimit: 35,
      sameDefectLimit: 5,
      majorPartLimit: 2,
    });
    expect(
      (await reviewer.patch('/api/v1/warranty/settings', { sanbao: { ...settings.sanbao, sameDefectLimit: 2, warnAtShare: 0.5 } }))
        .statusCode,
    ).toBe(200);
    const customer = await createCustomer(sa, { name: '三包车主' });
    const car = await createVehicle(sa, customer.id, { modelId: ctx.network.modelId, deliveredOn: '2026-05-01' });
    const repairAndClaim = async () => {
      await sa.post(`/api/v1/vehicles/${car.id}/mileage`, { readOn: '2026-08-01', km: 4_000, source: 'service_visit' });
      const visit = (await sa.post('/api/v1/visits', { vehicleId: car.id })).json();
      let ro = (
        await sa.post('/api/v1/repair-orders', {
          visitId: visit.id,
          concerns: '刹车异响',
          promisedAt: '2026-11-20T17:00:00+08:00',
          odometerKm: 9_000,
          lines: [{ kind: 'parts', partId: padsId, quantity: 1, payType: 'warranty' }],
        })
      ).json();
      ro = (await sa.post(`/api/v1/repair-orders/${ro.id}/authorise`, { version: ro.version, signaturePng: PNG })).json();
      for (const to of ['in_progress', 'quality_check', 'ready'])
        ro = (await sa.post(`/api/v1/repair-orders/${ro.id}/transitions`, { version: ro.version, to })).json();
      expect((await clerk.post(`/api/v1/repair-orders/${ro.id}/warranty-checks`, check())).json().eligible).toBe(true);
      const invoice = await cashier.post(`/api/v1/repair-orders/${ro.id}/invoice`, { version: ro.version });
      expect(invoice.statusCode, invoice.body).toBe(201);
      const current = (await sa.get(`/api/v1/repair-orders/${ro.id}`)).json();
      await sa.post(`/api/v1/repair-orders/${ro.id}/deliver`, {
        version: current.version,
        checklist: { workExplained: true, oldPartsShown: true, carClean: true },
      });
      const claim = (await clerk.post('/api/v1/warranty/claims', { repairOrderId: ro.id, kind: 'warranty' })).json();
      const submitted = await clerk.post(`/api/v1/warranty/claims/${claim.id}/submit`, {
        version: claim.version,
        claimedFen: claim.claimedFen,
      });
      expect(submitted.statusCode, submitted.body).toBe(200);
    };
    const warnings = async () =>
      (await ctx.db.selectFrom('tasks').select(['assignee_user_id', 'dedupe_key']).where('kind', '=', 'sanbao_watch').execute()).filter(
        (t) => t.dedupe_key.includes(car.id),
      );

    await repairAndClaim();
    let standing = (await sa.get(`/api/v1/vehicles/${car.id}/sanbao`)).json();
    expect(standing).toMatchObject({ inPeriod: true, periodEndsOn: '2028-04-30', repairDays: 1, sameDefect: { part: 'BP-F', count: 1 } });
    expect(standing.flags).toEqual([{ threshold: 'same_defect', value: 1, limit: 2, level: 'near' }]);
    expect(standing.case).toMatchObject({ status: 'open', dealer: { id: ctx.network.dealerA }, decision: null });
    expect((await warnings()).map((w) => w.assignee_user_id)).toEqual([manager.user.id]);

    await repairAndClaim();
    standing = (await manager.get(`/api/v1/vehicles/${car.id}/sanbao`)).json();
    expect(standing.flags).toEqual([{ threshold: 'same_defect', value: 2, limit: 2, level: 'reached' }]);
    expect(standing.can.decide).toBe(true);
    expect(await warnings()).toHaveLength(2);
    expect((await reviewer.get('/api/v1/warranty/sanbao')).json().items.map((i: { vehicle: { id: string } }) => i.vehicle.id)).toContain(
      car.id,
    );
    expect((await clerkB.get('/api/v1/warranty/sanbao')).json().items).toEqual([]);
    expect((await clerkB.get(`/api/v1/vehicles/${car.id}/sanbao`)).statusCode).toBe(404);

    expect(
      (await clerk.post(`/api/v1/vehicles/${car.id}/sanbao/decision`, { decision: 'replacement', note: '同一故障两次' })).statusCode,
    ).toBe(403);
    const bad = await manager.post(`/api/v1/vehicles/${car.id}/sanbao/decision`, { decision: 'refund', note: 'x' });
    expect(bad.json().errors[0].field).toBe('decision');
    const decided = await manager.post(`/api/v1/vehicles/${car.id}/sanbao/decision`, {
      decision: 'replacement',
      note: '同一故障修理两次仍未排除，按三包规定换车',
    });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json().case).toMatchObject({ status: 'decided', decision: 'replacement', decidedBy: { id: manager.user.id } });
    expect(decided.json().can.decide).toBe(false);
    expect((await manager.post(`/api/v1/vehicles/${car.id}/sanbao/decision`, { decision: 'return', note: '再次' })).statusCode).toBe(409);
    await reviewer.patch('/api/v1/warranty/settings', { sanbao: settings.sanbao });
  });
});
