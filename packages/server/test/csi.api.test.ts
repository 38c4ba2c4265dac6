import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillStatements } from '../migrations/0021_csi_daily_items.js';
import { localDate } from '../src/platform/dealer-time.js';
import { newId } from '../src/platform/ids.js';
import { type Client, createCustomer, createTestContext, createVehicle, TEST_PASSWORD, type TestContext } from './harness.js';

// Surveys and CSI (issue 7) against a real database: the invitation after delivery, the customer's
// survey page, scoring, low scores that open one complaint, integrity flags and the dashboard.
// Friday 2026-11-20 10:00 in Shanghai.

let ctx: TestContext;
let sa: Client;
let agent: Client;
let manager: Client;
let carMaker: Client;

type Delivered = { roId: string; customerId: string; vehicleId: string; token: string };

/** A delivered order of the SA's (as the settlement leaves it) and its visit.delivered event; returns the survey token from the SMS. */
async function delivered(options: { customerId?: string; saId?: string; at?: { dealerId: string; sa: Client } } = {}): Promise<Delivered> {
  const { dealerId, sa: advisor } = options.at ?? { dealerId: ctx.network.dealerA, sa };
  const customer = options.customerId ?? (await createCustomer(advisor, { name: '满意度客户' })).id;
  const vehicle = await createVehicle(advisor, customer);
  const at = ctx.clock.now();
  const visitId = newId();
  const roId = newId();
  await ctx.db
    .insertInto('visits')
    .values({
      created_at: ctx.clock.now(),
      dealer_id: dealerId,
      id: visitId,
      customer_id: customer,
      vehicle_id: vehicle.id,
      arrived_at: at,
      greeted_at: at,
      status: 'closed',
    })
    .execute();
  await ctx.db
    .insertInto('repair_orders')
    .values({
      created_at: ctx.clock.now(),
      dealer_id: dealerId,
      id: roId,
      number: `RO-T-${roId.slice(-6)}`,
      visit_id: visitId,
      customer_id: customer,
      vehicle_id: vehicle.id,
      sa_id: options.saId ?? advisor.user.id,
      concerns: '保养',
      promised_at: at,
      status: 'delivered',
      delivered_at: at,
    })
    .execute();
  await ctx.app.services.csi.onVisitDelivered({
    dealerId,
    visitId,
    repairOrderId: roId,
    customerId: customer,
    vehicleId: vehicle.id,
    deliveredAt: at.toISOString(),
  });
  const sms = await ctx.db
    .selectFrom('outbox_messages')
    .select(['body', 'not_before', 'template'])
    .where('dedupe_key', '=', `survey:${roId}`)
    .executeTakeFirst();
  const token = sms ? /\/survey\/([A-Za-z0-9_-]+\/[A-Za-z0-9_-]+)/.exec(sms.body)![1]! : '';
  return { roId, customerId: customer, vehicleId: vehicle.id, token };
}

/** Answers to the default questionnaire: every scale item at `level`, unless overridden. */
async function answersAt(level: number, overrides: Record<string, unknown> = {}) {
  const survey = (await ctx.app.inject({ method: 'GET', url: `/api/v1/public/surveys/${(await delivered()).token}` })).json();
  const answers: Record<string, unknown> = {};
  for (const q of survey.definition.questions) if (q.kind === 'scale') answers[q.id] = level;
  return { ...answers, ...overrides };
}

/** The customer answers from their phone (staff log in from 127.0.0.1 in these tests). */
const submit = (
  token: string,
  answers: Record<string, unknown>,
  headers: Record<string, string> = {},
  remoteAddress = '203.0.113.9',
): Promise<LightMyRequestResponse> =>
  ctx.app.inject({ method: 'POST', url: `/api/v1/public/surveys/${token}`, payload: { answers }, headers, remoteAddress });

let allSeven: Record<string, unknown>;

beforeAll(async () => {
  ctx = await createTestContext({ now: '2026-11-20T02:00:00Z', config: { sessionTtlHours: 24 * 60 } });
  sa = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['service_advisor'] });
  agent = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['customer_relations'] });
  manager = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['service_manager'] });
  carMaker = await ctx.loginAs({ dealerId: null, roles: ['oem_analyst'] });
  allSeven = await answersAt(7);
});
afterAll(() => ctx?.close());

describe('invitation and the survey page', () => {
  it('sends the survey link by SMS after delivery at the dealer’s delay, once per order and not more often than the set frequency', async () => {
    const d = await delivered();
    const sms = await ctx.db
      .selectFrom('outbox_messages')
      .select(['body', 'not_before', 'recipient'])
      .where('dedupe_key', '=', `survey:${d.roId}`)
      .executeTakeFirstOrThrow();
    expect(sms.body).toContain(`http://sb.test/survey/${d.token}`);
    expect(sms.not_before.toISOString()).toBe('2026-11-20T04:00:00.000Z'); // 2 hours after delivery
    const invitations = () => ctx.db.selectFrom('survey_invitations').select('id').where('customer_id', '=', d.customerId).execute();
    expect(await invitations()).toHaveLength(1);
    // The same customer's next delivery within 30 days gets no second survey.
    const again = await delivered({ customerId: d.customerId });
    expect(again.token).toBe('');
    expect(await invitations()).toHaveLength(1);
    // The token is stored only as a hash.
    expect(JSON.stringify(await ctx.db.selectFrom('survey_invitations').selectAll().execute())).not.toContain(d.token.split('/')[1]);
  });

  it('shows the questionnaire to the customer, takes one complete submission, refuses a second, an expired or an unknown link', async () => {
    const d = await delivered();
    const page = await ctx.app.inject({ method: 'GET', url: `/api/v1/public/surveys/${d.token}` });
    expect(page.statusCode, page.body).toBe(200);
    expect(page.json()).toMatchObject({ status: 'open', customerName: '满意度客户' });
    expect(page.json().definition.factors.map((f: { weight: number }) => f.weight)).toEqual([19, 19, 20, 20, 22]);

    const incomplete = await submit(d.token, { ...allSeven, courteous: undefined, clean: 'maybe' });
    expect(incomplete.statusCode).toBe(400);
    expect(
      incomplete
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['answers.clean', 'answers.courteous']);
    expect(await ctx.db.selectFrom('survey_responses').select('id').where('customer_id', '=', d.customerId).execute()).toHaveLength(0);

    const ok = await submit(d.token, allSeven);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ csi: 100, csi1000: 1000 });
    const twice = await submit(d.token, allSeven);
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('already_answered');
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/public/surveys/${d.token}` })).json().status).toBe('answered');

    const late = await delivered();
    ctx.clock.set('2026-11-28T05:00:00Z'); // 7 days after the SMS went out at 04:00 on the 20th
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/public/surveys/${late.token}` })).json().status).toBe('expired');
    expect((await submit(late.token, allSeven)).statusCode).toBe(410);
    ctx.clock.set('2026-11-20T02:00:00Z');
    expect((await submit('x'.repeat(32), allSeven)).statusCode).toBe(404);
  });

  it("opens a survey under its dealer's code only; a link sent before links carried the code still opens", async () => {
    const d = await delivered();
    const [code, token] = d.token.split('/') as [string, string];
    expect(code).toBe('A01');
    const page = (path: string) => ctx.app.inject({ method: 'GET', url: `/api/v1/public/surveys/${path}` });
    expect((await page(`B01/${token}`)).statusCode).toBe(404);
    expect((await page(`ZZ99/${token}`)).statusCode).toBe(404);
    expect((await submit(`B01/${token}`, allSeven)).statusCode).toBe(404);
    expect(await ctx.db.selectFrom('survey_responses').select('id').where('customer_id', '=', d.customerId).execute()).toHaveLength(0);
    expect((await page(token)).json()).toMatchObject({ status: 'open', customerName: '满意度客户' });
    // Not all perfect: the later tests count the perfect scores in a row.
    expect((await submit(token, { ...allSeven, courteous: 5 })).statusCode).toBe(200);
  });
});

describe('low scores', () => {
  it('alerts the care team and opens exactly one complaint linked to the response and the RO, even when the submission is retried', async () => {
    const d = await delivered();
    const low = { ...allSeven, done_right: 2, returned_clean: 3, problem_fixed: 'no', what_went_wrong: '异响还在，车也没洗' };
    const first = await submit(d.token, low);
    expect(first.statusCode, first.body).toBe(200);
    const retry = await submit(d.token, low);
    expect(retry.statusCode).toBe(409);
    const complaints = await ctx.db.selectFrom('complaints').selectAll().where('customer_id', '=', d.customerId).execute();
    expect(complaints).toHaveLength(1);
    expect(complaints[0]).toMatchObject({ channel: 'survey', repair_order_id: d.roId, first_responder_id: agent.user.id, status: 'open' });
    expect(complaints[0]!.customer_words).toContain('异响还在');
    const response = await ctx.db
      .selectFrom('survey_responses')
      .select(['complaint_id', 'low', 'low_items'])
      .where('customer_id', '=', d.customerId)
      .executeTakeFirstOrThrow();
    expect(response).toMatchObject({ complaint_id: complaints[0]!.id, low: true, low_items: ['done_right', 'returned_clean'] });
    const tasks = (await agent.get('/api/v1/tasks')).json().items as { kind: string }[];
    expect(tasks.some((t) => t.kind === 'survey_low_score')).toBe(true);
    expect((await agent.get('/api/v1/complaints?view=mine')).json().items.map((c: { id: string }) => c.id)).toContain(complaints[0]!.id);
  });

  it('records a survey on a follow-up call, which answers the order’s link', async () => {
    const d = await delivered();
    const recorded = await agent.post('/api/v1/surveys/call', { repairOrderId: d.roId, answers: allSeven });
    expect(recorded.statusCode, recorded.body).toBe(201);
    expect(recorded.json()).toMatchObject({ source: 'call', csi: 100, repairOrder: { id: d.roId }, flags: [] });
    expect((await submit(d.token, allSeven)).statusCode).toBe(409);
    expect((await agent.post('/api/v1/surveys/call', { repairOrderId: newId(), answers: allSeven })).json().errors[0].field).toBe(
      'repairOrderId',
    );
  });
});

describe('integrity', () => {
  it('flags a response from a staff device, from the staff network, and a burst of perfect scores for one advisor', async () => {
    // Each advisor's own customers, so that only the burst below is a burst.
    const advisor = async () => (await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['service_advisor'] })).user.id;
    const fromStaff = await delivered({ saId: await advisor() });
    const cookie = (
      await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { login: sa.user.login, password: TEST_PASSWORD },
        remoteAddress: '10.1.1.7',
      })
    ).cookies.find((c) => c.name === 'sb_session')!;
    expect((await submit(fromStaff.token, allSeven, { cookie: `sb_session=${cookie.value}` })).statusCode).toBe(200);
    const network = await delivered({ saId: await advisor() });
    expect((await submit(network.token, allSeven, {}, '10.1.1.7')).statusCode).toBe(200);

    const burstSa = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['service_advisor'] });
    const burst = [
      await delivered({ saId: burstSa.user.id }),
      await delivered({ saId: burstSa.user.id }),
      await delivered({ saId: burstSa.user.id }),
    ];
    for (const b of burst) expect((await submit(b.token, allSeven)).statusCode).toBe(200);
    const flags = async (customerId: string) =>
      (await ctx.db.selectFrom('survey_responses').select('flags').where('customer_id', '=', customerId).executeTakeFirstOrThrow()).flags;
    expect(await flags(fromStaff.customerId)).toContain('staff_device');
    expect(await flags(network.customerId)).toEqual(['staff_network']);
    for (const b of burst) expect(await flags(b.customerId)).toEqual(['burst_of_perfect_scores']);
    const flagged = (await carMaker.get('/api/v1/survey-responses?from=2026-11-01&to=2026-11-30&flagged=true')).json().items;
    expect(flagged.length).toBeGreaterThanOrEqual(5);
  });
});

describe('the dashboard', () => {
  it('matches a hand-computed example for one advisor, with the response rate and factor drill-down', async () => {
    const advisor = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['service_advisor'] });
    // Three invitations, two answered: all items at 7 (CSI 100) and all at 4 (CSI 50): mean 75, rate 2/3.
    const a = await delivered({ saId: advisor.user.id });
    const b = await delivered({ saId: advisor.user.id });
    await delivered({ saId: advisor.user.id });
    ctx.clock.set('2026-11-20T03:00:00Z');
    await submit(a.token, allSeven);
    ctx.clock.set('2026-11-20T04:00:00Z');
    await submit(b.token, await answersAt(4));
    ctx.clock.set('2026-11-20T02:00:00Z');
    const bySa = (await manager.get('/api/v1/kpis/csi?from=2026-11-01&to=2026-11-30&groupBy=sa')).json();
    const row = bySa.rows.find((r: { key: string }) => r.key === advisor.user.id);
    expect(row).toMatchObject({ responses: 2, invitations: 3, csi: 75, csi1000: 750, responseRate: 0.667 });
    expect(row.factors).toEqual({ initiation: 75, advisor: 75, facility: 75, pickup: 75, quality: 75 });
    expect(bySa.factors.map((f: { key: string }) => f.key)).toEqual(['initiation', 'advisor', 'facility', 'pickup', 'quality']);
    const byMonth = (await manager.get('/api/v1/kpis/csi?from=2026-11-01&to=2026-11-30&groupBy=month')).json();
    expect(byMonth.rows.map((r: { key: string }) => r.key)).toEqual(['2026-11']);
    expect(byMonth.rows[0].responses).toBe(byMonth.total.responses);
    // The daily figures (month, dealer) and the responses themselves (advisor) agree.
    for (const field of ['responses', 'invitations', 'csi', 'lowScores', 'flagged', 'factors'])
      expect(byMonth.total[field], field).toEqual(bySa.total[field]);
    expect(byMonth.total.responses).toBe(
      Number(
        (
          await ctx.db
            .selectFrom('survey_responses')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    );

    const drill = (await manager.get('/api/v1/kpis/csi/factors/quality?from=2026-11-01&to=2026-11-30')).json();
    expect(drill.items.map((i: { questionId: string }) => i.questionId)).toEqual([
      'total_time',
      'done_right',
      'returned_clean',
      'follow_up',
      'problem_fixed',
    ]);
    expect(drill.items.find((i: { questionId: string }) => i.questionId === 'done_right').lowAnswers).toBe(1);
    expect(drill.lowResponses[0].repairOrder).not.toBeNull();
    expect(drill.process.map((p: { key: string }) => p.key)).toEqual(['rework_rate', 'follow_up_completion_rate']);
    expect((await manager.get('/api/v1/kpis/csi?from=2026-11-01&to=2026-11-30&groupBy=dealer')).statusCode).toBe(400);
    const network = (await carMaker.get('/api/v1/kpis/csi?from=2026-11-01&to=2026-11-30&groupBy=dealer')).json();
    expect(network.rows.map((r: { key: string }) => r.key)).toEqual([ctx.network.dealerA]);
  });
});

describe('questionnaires', () => {
  it('versions a changed questionnaire; answers keep the version they were given on', async () => {
    const list = (await manager.get('/api/v1/questionnaires')).json().items;
    const network = list.find((q: { scope: string }) => q.scope === 'network');
    expect(network).toMatchObject({ active: true, currentVersion: 1 });
    // A dealer cannot change the car maker's questionnaire; it makes its own.
    expect((await manager.put(`/api/v1/questionnaires/${network.id}`, { rowVersion: network.rowVersion, active: false })).statusCode).toBe(
      403,
    );
    const own = await manager.post('/api/v1/questionnaires', { name: '本店问卷', scope: 'dealer', definition: network.definition });
    expect(own.statusCode, own.body).toBe(201);
    const bad = await manager.put(`/api/v1/questionnaires/${own.json().id}`, {
      rowVersion: own.json().rowVersion,
      definition: { ...network.definition, questions: [{ ...network.definition.questions[0], factor: 'nope' }] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('definition.questions.0.factor');
    const shorter = { ...network.definition, questions: network.definition.questions.slice(0, 3) };
    const v2 = await manager.put(`/api/v1/questionnaires/${own.json().id}`, {
      rowVersion: own.json().rowVersion,
      definition: shorter,
      active: true,
    });
    expect(v2.statusCode, v2.body).toBe(200);
    expect(v2.json()).toMatchObject({ currentVersion: 2, active: true });
    expect(
      (await manager.put(`/api/v1/questionnaires/${own.json().id}`, { rowVersion: own.json().rowVersion, name: 'x' })).statusCode,
    ).toBe(409);

    const d = await delivered();
    const survey = (await ctx.app.inject({ method: 'GET', url: `/api/v1/public/surveys/${d.token}` })).json();
    expect(survey.definition.questions).toHaveLength(3);
    expect((await submit(d.token, { ease_of_booking: 7, flexible_times: 6, greeted_on_time: 'na' })).statusCode).toBe(200);
    const versions = await ctx.db.selectFrom('survey_responses').select(['questionnaire_id', 'questionnaire_version']).distinct().execute();
    expect(versions).toContainEqual({ questionnaire_id: network.id, questionnaire_version: 1 });
    expect(versions).toContainEqual({ questionnaire_id: own.json().id, questionnaire_version: 2 });
  });
});

describe('the car maker’s region', () => {
  it('narrows the CSI figures, the responses and the factor drill-down to a region’s dealers; a dealer’s staff read their own', async () => {
    await ctx.db.updateTable('dealers').set({ region: '华北' }).where('id', '=', ctx.network.dealerA).execute();
    await ctx.db.updateTable('dealers').set({ region: '西南' }).where('id', '=', ctx.network.dealerB).execute();
    const saB = await ctx.loginAs({ dealerId: ctx.network.dealerB, roles: ['service_advisor'] });
    const atB = await delivered({ at: { dealerId: ctx.network.dealerB, sa: saB } });
    const surveyB = (await ctx.app.inject({ method: 'GET', url: `/api/v1/public/surveys/${atB.token}` })).json();
    const answersB = Object.fromEntries(
      (surveyB.definition.questions as { id: string; kind: string }[]).filter((q) => q.kind === 'scale').map((q) => [q.id, 2]),
    );
    const answeredB = await submit(atB.token, answersB);
    expect(answeredB.statusCode, answeredB.body).toBe(200);

    const period = 'from=2026-11-01&to=2026-11-30';
    const west = `&region=${encodeURIComponent('西南')}`;
    const north = `&region=${encodeURIComponent('华北')}`;
    type Dashboard = { total: { responses: number; csi: number | null }; rows: { key: string; responses: number }[] };
    const dashboard = async (client: Client, query: string) => {
      const response = await client.get(`/api/v1/kpis/csi?${period}${query}`);
      expect(response.statusCode, response.body).toBe(200);
      return response.json() as Dashboard;
    };
    const all = await dashboard(carMaker, '&groupBy=dealer');
    expect(all.rows.map((r) => r.key).sort()).toEqual([ctx.network.dealerA, ctx.network.dealerB].sort());
    const westRows = await dashboard(carMaker, `&groupBy=dealer${west}`);
    expect(westRows.rows).toEqual([all.rows.find((r) => r.key === ctx.network.dealerB)]);
    expect(westRows.total.responses).toBe(1);
    const northRows = await dashboard(carMaker, `&groupBy=dealer${north}`);
    expect(northRows.rows).toEqual([all.rows.find((r) => r.key === ctx.network.dealerA)]);
    expect(northRows.total.responses + westRows.total.responses).toBe(all.total.responses);

    const responses = (await carMaker.get(`/api/v1/survey-responses?${period}${west}`)).json().items as { dealerId: string }[];
    expect(responses.map((r) => r.dealerId)).toEqual([ctx.network.dealerB]);
    // The low answers behind a factor: the west's low response shows in the west's drill-down only.
    const lowOf = async (client: Client, query: string) =>
      ((await client.get(`/api/v1/kpis/csi/factors/quality?${period}${query}`)).json().lowResponses as { dealerId: string }[]).map(
        (r) => r.dealerId,
      );
    expect(await lowOf(carMaker, west)).toEqual([ctx.network.dealerB]);
    expect((await lowOf(carMaker, north)).every((id) => id === ctx.network.dealerA)).toBe(true);
    expect(await lowOf(carMaker, '')).toContain(ctx.network.dealerB);

    // A dealer's manager naming another region reads their own dealer; naming the other dealer is refused.
    const own = await dashboard(manager, '');
    expect(await dashboard(manager, west)).toEqual(own);
    expect(own.total.responses).toBe(northRows.total.responses);
    const ownResponses = (await manager.get(`/api/v1/survey-responses?${period}${west}`)).json().items as { dealerId: string }[];
    expect(ownResponses).toEqual((await manager.get(`/api/v1/survey-responses?${period}`)).json().items);
    expect(ownResponses.every((r) => r.dealerId === ctx.network.dealerA)).toBe(true);
    expect((await lowOf(manager, west)).every((id) => id === ctx.network.dealerA)).toBe(true);
    for (const url of [
      `/api/v1/kpis/csi?${period}&dealerId=${ctx.network.dealerB}`,
      `/api/v1/survey-responses?${period}&dealerId=${ctx.network.dealerB}`,
      `/api/v1/kpis/csi/factors/quality?${period}&dealerId=${ctx.network.dealerB}`,
    ])
      expect((await manager.get(url)).statusCode, url).toBe(403);
  });
});

describe('the factor drill-down from the daily figures', () => {
  type Definition = { questions: { id: string; kind: string; factor: string | null; lowAt: number | null }[] };
  type Stored = { dealer_id: string; submitted_at: Date; answers: Record<string, unknown>; low_items: string[]; definition: Definition };
  const period = 'from=2026-11-01&to=2026-11-30';

  /** Every response with the questionnaire version it was given on. */
  const stored = async () =>
    (await ctx.db
      .selectFrom('survey_responses as r')
      .innerJoin('questionnaire_versions as v', (join) =>
        join.onRef('v.questionnaire_id', '=', 'r.questionnaire_id').onRef('v.version', '=', 'r.questionnaire_version'),
      )
      .select(['r.dealer_id', 'r.submitted_at', 'r.answers', 'r.low_items', 'v.definition'])
      .execute()) as unknown as Stored[];

  /** One answer as the drill-down scores it, computed here from the stored answer itself. */
  const scoreOf = (response: Stored, questionId: string) => {
    const question = response.definition.questions.find((q) => q.id === questionId);
    const answer = response.answers[questionId];
    if (question?.kind === 'scale' && typeof answer === 'number')
      return { score: ((answer - 1) / 6) * 100, low: question.lowAt !== null && answer <= question.lowAt };
    if (question?.kind === 'yes_no' && (answer === 'yes' || answer === 'no')) return { score: answer === 'yes' ? 100 : 0, low: false };
    return null;
  };

  it('gives the item figures and the low responses the answers themselves give, and the daily figures agree with the responses and the migration’s fill', async () => {
    const saB = await ctx.loginAs({ dealerId: ctx.network.dealerB, roles: ['service_advisor'] });
    const at = { dealerId: ctx.network.dealerB, sa: saB };
    // Answers of every kind over four days, two of them across midnight in the dealer's time zone.
    const patterns: [string, (index: number) => unknown, unknown][] = [
      ['2026-11-05T17:00:00Z', () => 2, 'no'],
      ['2026-11-12T03:00:00Z', (i) => (i % 2 ? 3 : 6), 'yes'],
      ['2026-11-25T15:59:00Z', (i) => (i % 3 ? 5 : 'na'), 'na'],
      ['2026-11-26T16:30:00Z', () => 7, 'yes'],
      ['2026-11-26T17:00:00Z', (i) => (i % 4) + 1, 'no'],
    ];
    for (const [when, level, fixed] of patterns) {
      ctx.clock.set(when);
      const d = await delivered({ at });
      const survey = (await ctx.app.inject({ method: 'GET', url: `/api/v1/public/surveys/${d.token}` })).json();
      const answers: Record<string, unknown> = {};
      (survey.definition.questions as { id: string; kind: string }[]).forEach((q, i) => {
        if (q.kind === 'scale') answers[q.id] = level(i);
      });
      answers.problem_fixed = fixed;
      if (fixed === 'no') answers.what_went_wrong = '等了很久';
      const response = await submit(d.token, answers);
      expect(response.statusCode, response.body).toBe(200);
    }
    ctx.clock.set('2026-11-20T02:00:00Z');

    const responses = (await stored()).filter(
      (r) => r.submitted_at >= new Date('2026-10-31T16:00:00Z') && r.submitted_at < new Date('2026-11-30T16:00:00Z'),
    );
    const round2 = (n: number) => Math.round(n * 100) / 100;
    for (const [client, query, dealers] of [
      [carMaker, '', [ctx.network.dealerA, ctx.network.dealerB]],
      [carMaker, `&dealerId=${ctx.network.dealerB}`, [ctx.network.dealerB]],
      [manager, '', [ctx.network.dealerA]],
    ] as const) {
      const inScope = responses.filter((r) => (dealers as readonly string[]).includes(r.dealer_id));
      for (const factor of ['initiation', 'advisor', 'facility', 'pickup', 'quality']) {
        const drill = await client.get(`/api/v1/kpis/csi/factors/${factor}?${period}${query}`);
        expect(drill.statusCode, drill.body).toBe(200);
        const { items, lowResponses, lowResponsesTotal } = drill.json() as {
          items: { questionId: string; answers: number; score: number | null; lowAnswers: number }[];
          lowResponses: unknown[];
          lowResponsesTotal: number;
        };
        for (const item of items) {
          const scores = inScope.flatMap((r) => scoreOf(r, item.questionId) ?? []);
          expect(item, `${factor} ${item.questionId} ${query}`).toMatchObject({
            answers: scores.length,
            score: scores.length ? round2(scores.reduce((s, x) => s + x.score, 0) / scores.length) : null,
            lowAnswers: scores.filter((x) => x.low).length,
          });
        }
        const ids = items.map((i) => i.questionId);
        const low = inScope.filter((r) => r.low_items.some((id) => ids.includes(id))).length;
        expect(lowResponsesTotal, `${factor} ${query}`).toBe(low);
        expect(lowResponses).toHaveLength(Math.min(low, 100));
      }
    }
    // The network's quality items carry answers of every kind, so the comparison above is not empty.
    const quality = (await carMaker.get(`/api/v1/kpis/csi/factors/quality?${period}`)).json();
    expect(quality.items.find((i: { questionId: string }) => i.questionId === 'problem_fixed').answers).toBeGreaterThanOrEqual(4);
    expect(quality.lowResponsesTotal).toBeGreaterThan(0);

    // The daily item figures the service kept equal those recomputed from every response on its dealer's day …
    const zones = Object.fromEntries(
      (await ctx.db.selectFrom('dealers').select(['id', 'time_zone']).execute()).map((d) => [d.id, d.time_zone]),
    );
    const expected = new Map<string, { answers: number; points: number; max_points: number; low_answers: number }>();
    for (const r of await stored()) {
      const day = localDate(r.submitted_at, zones[r.dealer_id]!);
      for (const q of r.definition.questions) {
        const scored = scoreOf(r, q.id);
        if (!scored) continue;
        const key = `${r.dealer_id} ${day} ${q.id}`;
        const row = expected.get(key) ?? { answers: 0, points: 0, max_points: 0, low_answers: 0 };
        const max = q.kind === 'scale' ? 6 : 1;
        row.answers += 1;
        row.points += Math.round((scored.score / 100) * max);
        row.max_points += max;
        row.low_answers += scored.low ? 1 : 0;
        expected.set(key, row);
      }
    }
    const kept = async () => ({
      items: Object.fromEntries(
        (await ctx.db.selectFrom('csi_daily_items').selectAll().execute()).map((r) => [
          `${r.dealer_id} ${r.day} ${r.item_key}`,
          { answers: r.answers, points: r.points, max_points: r.max_points, low_answers: r.low_answers },
        ]),
      ),
      lowResponses: Object.fromEntries(
        (await ctx.db.selectFrom('csi_daily_factors').select(['dealer_id', 'day', 'factor', 'low_responses']).execute()).map((r) => [
          `${r.dealer_id} ${r.day} ${r.factor}`,
          r.low_responses,
        ]),
      ),
    });
    const before = await kept();
    expect(before.items).toEqual(Object.fromEntries(expected));
    // … and those the migration fills from the responses there are.
    await ctx.db.deleteFrom('csi_daily_items').execute();
    await ctx.db.updateTable('csi_daily_factors').set({ low_responses: 0 }).execute();
    for (const statement of fillStatements) await sql.raw(statement).execute(ctx.db);
    expect(await kept()).toEqual(before);
  });
});
