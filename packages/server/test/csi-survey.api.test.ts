import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CSI_TEMPLATE } from '../src/modules/csi/csi.template.js';
import { newId } from '../src/platform/ids.js';
import { type Client, createCustomer, createTestContext, createVehicle, type TestContext } from './harness.js';

// Surveys as the seeds have them (issue 12, point 9): the default questionnaire carries the 23
// J.D. Power attributes in their five factors; the appointment questions are asked only when the
// visit was booked, on the customer's link and on a call; not asked means not counted. An existing
// network still on the earlier built-in default gets today's as a new version.
// Friday 2026-11-20 10:00 in Shanghai.

let ctx: TestContext;
let sa: Client;
let agent: Client;
let manager: Client;

const APPOINTMENT_QUESTIONS = ['ease_of_booking', 'flexible_times', 'greeted_on_time'];

/** A delivered order and its visit (from an appointment when booked); returns the survey token from the SMS. */
async function delivered(options: { booked: boolean }) {
  const customer = (await createCustomer(sa, { name: '问卷客户' })).id as string;
  const vehicle = await createVehicle(sa, customer);
  const at = ctx.clock.now();
  let appointmentId: string | null = null;
  if (options.booked) {
    appointmentId = newId();
    const { plate_key } = await ctx.db.selectFrom('vehicles').select('plate_key').where('id', '=', vehicle.id).executeTakeFirstOrThrow();
    await ctx.db
      .insertInto('appointments')
      .values({
        dealer_id: ctx.network.dealerA,
        id: appointmentId,
        number: `A-T-${appointmentId.slice(-6)}`,
        customer_id: customer,
        vehicle_id: vehicle.id,
        plate_key,
        starts_at: at,
        duration_minutes: 60,
        status: 'arrived',
        channel: 'phone',
        requested_work: JSON.stringify([{ kind: 'maintenance', description: '保养' }]),
        customer_words: null,
        preferred_sa_id: null,
        assigned_sa_id: sa.user.id,
        booked_by: null,
        arrived_at: at,
        arrival_status: 'on_time',
        cancel_reason: null,
        manage_token_hash: null,
        created_at: at,
        updated_at: at,
      })
      .execute();
  }
  const visitId = newId();
  const roId = newId();
  await ctx.db
    .insertInto('visits')
    .values({
      dealer_id: ctx.network.dealerA,
      id: visitId,
      appointment_id: appointmentId,
      customer_id: customer,
      vehicle_id: vehicle.id,
      arrived_at: at,
      greeted_at: at,
      status: 'closed',
      created_at: at,
    })
    .execute();
  await ctx.db
    .insertInto('repair_orders')
    .values({
      dealer_id: ctx.network.dealerA,
      id: roId,
      number: `RO-S-${roId.slice(-6)}`,
      visit_id: visitId,
      customer_id: customer,
      vehicle_id: vehicle.id,
      sa_id: sa.user.id,
      concerns: '保养',
      promised_at: at,
      status: 'delivered',
      delivered_at: at,
      created_at: at,
    })
    .execute();
  await ctx.app.services.csi.onVisitDelivered({
    dealerId: ctx.network.dealerA,
    visitId,
    repairOrderId: roId,
    customerId: customer,
    vehicleId: vehicle.id,
    deliveredAt: at.toISOString(),
  });
  const sms = await ctx.db
    .selectFrom('outbox_messages')
    .select('body')
    .where('dedupe_key', '=', `survey:${roId}`)
    .executeTakeFirstOrThrow();
  return { roId, customerId: customer, token: /\/survey\/([A-Za-z0-9_-]+\/[A-Za-z0-9_-]+)/.exec(sms.body)![1]! };
}

const page = (token: string) => ctx.app.inject({ method: 'GET', url: `/api/v1/public/surveys/${token}` });
const submit = (token: string, answers: Record<string, unknown>): Promise<LightMyRequestResponse> =>
  ctx.app.inject({ method: 'POST', url: `/api/v1/public/surveys/${token}`, payload: { answers }, remoteAddress: '203.0.113.9' });
const fields = (response: LightMyRequestResponse) => (response.json().errors as { field: string }[]).map((e) => e.field).sort();

/** Every scale question of the default questionnaire at `level`, the appointment ones at `appointmentLevel` (or left out). */
function answers(level: number, appointmentLevel?: number) {
  const out: Record<string, unknown> = {};
  for (const q of DEFAULT_CSI_TEMPLATE.questions) {
    if (q.kind !== 'scale') continue;
    if (APPOINTMENT_QUESTIONS.includes(q.id)) {
      if (appointmentLevel !== undefined) out[q.id] = appointmentLevel;
    } else out[q.id] = level;
  }
  return out;
}

beforeAll(async () => {
  ctx = await createTestContext({ now: '2026-11-20T02:00:00Z' });
  sa = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['service_advisor'] });
  agent = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['customer_relations'] });
  manager = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['service_manager'] });
});
afterAll(() => ctx?.close());

describe('the default questionnaire', () => {
  it('gives a network still on the earlier built-in default today’s as a new version, keeping version 1 for its answers', async () => {
    // The network as an earlier release left it: the built-in default (made by the system) of 18 attributes.
    const old = {
      ...DEFAULT_CSI_TEMPLATE,
      questions: DEFAULT_CSI_TEMPLATE.questions
        .filter((q) => !['received_immediately', 'dealer_notified', 'responsive', 'convenient_location', 'follow_up'].includes(q.id))
        .map((q) => ({ ...q, showIf: q.showIf && 'context' in q.showIf ? null : q.showIf })),
    };
    const id = newId();
    const at = ctx.clock.now();
    await ctx.db
      .insertInto('questionnaires')
      .values({
        id,
        network_id: ctx.network.networkId,
        dealer_id: null,
        name: 'J.D. Power CSI',
        active: true,
        current_version: 1,
        created_at: at,
        updated_at: at,
      })
      .execute();
    await ctx.db
      .insertInto('questionnaire_versions')
      .values({ questionnaire_id: id, version: 1, definition: JSON.stringify(old), created_by: null, created_at: at })
      .execute();

    const list = async () =>
      (await manager.get('/api/v1/questionnaires')).json().items.find((q: { scope: string }) => q.scope === 'network');
    const network = await list();
    expect(network).toMatchObject({ id, currentVersion: 2 });
    expect(network.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(network.definition.questions.filter((q: { kind: string }) => q.kind === 'scale')).toHaveLength(23);
    // Version 1 stays as it was: answers given on it are read on it.
    const v1 = await ctx.db
      .selectFrom('questionnaire_versions')
      .select('definition')
      .where('questionnaire_id', '=', id)
      .where('version', '=', 1)
      .executeTakeFirstOrThrow();
    expect((v1.definition as { questions: unknown[] }).questions).toHaveLength(old.questions.length);
    // Once is enough: the next look does not add a version.
    expect((await list()).currentVersion).toBe(2);
  });

  it('carries the 23 J.D. Power attributes in their five factors and weights, the appointment questions asked only when booked', async () => {
    const d = await delivered({ booked: false });
    const { definition } = (await page(d.token)).json();
    expect(definition.factors.map((f: { key: string; weight: number }) => [f.key, f.weight])).toEqual([
      ['initiation', 19],
      ['advisor', 19],
      ['facility', 20],
      ['pickup', 20],
      ['quality', 22],
    ]);
    const attributes = definition.questions.filter((q: { kind: string }) => q.kind === 'scale');
    expect(attributes).toHaveLength(23);
    const perFactor = Object.fromEntries(
      definition.factors.map((f: { key: string }) => [f.key, attributes.filter((q: { factor: string }) => q.factor === f.key).length]),
    );
    expect(perFactor).toEqual({ initiation: 6, advisor: 5, facility: 4, pickup: 4, quality: 4 });
    expect(
      attributes.filter((q: { showIf: unknown }) => q.showIf !== null).map((q: { id: string; showIf: unknown }) => [q.id, q.showIf]),
    ).toEqual(APPOINTMENT_QUESTIONS.map((id) => [id, { context: 'booked' }]));
  });
});

describe('appointment questions', () => {
  it('a walk-in visit’s survey does not ask them; a booked one does', async () => {
    const walkIn = await delivered({ booked: false });
    expect((await page(walkIn.token)).json().booked).toBe(false);
    const walkInDone = await submit(walkIn.token, answers(7));
    expect(walkInDone.statusCode, walkInDone.body).toBe(200);
    expect(walkInDone.json()).toEqual({ csi: 100, csi1000: 1000 });

    const booked = await delivered({ booked: true });
    expect((await page(booked.token)).json().booked).toBe(true);
    const missing = await submit(booked.token, answers(7));
    expect(missing.statusCode).toBe(400);
    expect(fields(missing)).toEqual(APPOINTMENT_QUESTIONS.map((id) => `answers.${id}`).sort());
    expect(await ctx.db.selectFrom('survey_responses').select('id').where('customer_id', '=', booked.customerId).execute()).toHaveLength(0);
    expect((await submit(booked.token, answers(7, 7))).statusCode).toBe(200);
  });

  it('counts them only when asked: the CSI re-weights over what the visit was asked', async () => {
    // Everything at 4 (50), the appointment questions at 1 (0). Walk-in: they are not asked, so not
    // counted: initiation 50, CSI 50. Booked: initiation = (3 × 0 + 3 × 50) / 6 = 25;
    // CSI = (25 × 19 + 50 × 81) / 100 = 45.25.
    const walkIn = await delivered({ booked: false });
    expect((await submit(walkIn.token, answers(4, 1))).json()).toEqual({ csi: 50, csi1000: 500 });
    const booked = await delivered({ booked: true });
    expect((await submit(booked.token, answers(4, 1))).json()).toEqual({ csi: 45.25, csi1000: 453 });
    const scores = async (customerId: string) =>
      await ctx.db
        .selectFrom('survey_responses')
        .select(['factor_scores', 'low_items'])
        .where('customer_id', '=', customerId)
        .executeTakeFirstOrThrow();
    expect((await scores(walkIn.customerId)).factor_scores).toMatchObject({ initiation: 50, advisor: 50 });
    expect(await scores(booked.customerId)).toMatchObject({
      factor_scores: { initiation: 25, advisor: 50 },
      low_items: APPOINTMENT_QUESTIONS,
    });
    // A walk-in's answers to the unasked questions raise no low item either.
    expect((await scores(walkIn.customerId)).low_items).toEqual([]);
  });

  it('asks them on a call too, by the order’s visit', async () => {
    const walkIn = await delivered({ booked: false });
    const onCall = await agent.post('/api/v1/surveys/call', { repairOrderId: walkIn.roId, answers: answers(7) });
    expect(onCall.statusCode, onCall.body).toBe(201);
    const booked = await delivered({ booked: true });
    const missing = await agent.post('/api/v1/surveys/call', { repairOrderId: booked.roId, answers: answers(7) });
    expect(missing.statusCode).toBe(400);
    expect(fields(missing)).toEqual(APPOINTMENT_QUESTIONS.map((id) => `answers.${id}`).sort());
    expect((await agent.post('/api/v1/surveys/call', { repairOrderId: booked.roId, answers: answers(7, 6) })).statusCode).toBe(201);
  });
});
