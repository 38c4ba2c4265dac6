import { SATISFACTION } from '@servicebay/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../src/platform/ids.js';
import { type Client, createCustomer, createTestContext, createVehicle, type TestContext } from './harness.js';

// A follow-up call records satisfaction on the 7-level scale of domain.md §7 (issue 12, point 9).
// Below neutral ("not very satisfied" or worse) the customer is dissatisfied: the call must record
// what went wrong, and it becomes a complaint. Answers stored on the earlier 5-level scale keep
// their meaning. Friday 2026-11-20 10:00 in Shanghai.

let ctx: TestContext;
let sa: Client;
let agent: Client;

/** A post-service call of the agent's for a new customer. */
async function callTask() {
  const customer = await createCustomer(sa, { name: '回访客户' });
  const vehicle = await createVehicle(sa, customer.id);
  const id = newId();
  await ctx.db
    .insertInto('follow_up_tasks')
    .values({
      created_at: ctx.clock.now(),
      dealer_id: ctx.network.dealerA,
      id,
      rule: 'post_service',
      period_key: `t-${id.slice(-6)}`,
      customer_id: customer.id,
      vehicle_id: vehicle.id,
      anchor_on: '2026-11-19',
      due_from: '2026-11-19',
      due_until: '2026-11-22',
      owner_id: agent.user.id,
    })
    .execute();
  return { id, customerId: customer.id as string };
}

const attempt = (taskId: string, body: Record<string, unknown>) =>
  agent.post(`/api/v1/follow-up/tasks/${taskId}/attempts`, { version: 1, result: 'reached', ...body });
const complaintsOf = (customerId: string) =>
  ctx.db.selectFrom('complaints').select(['id', 'channel']).where('customer_id', '=', customerId).execute();
const attemptsOf = (taskId: string) =>
  ctx.db.selectFrom('follow_up_attempts').select('satisfaction').where('task_id', '=', taskId).execute();

beforeAll(async () => {
  ctx = await createTestContext({ now: '2026-11-20T02:00:00Z' });
  sa = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['service_advisor'] });
  agent = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['customer_relations'] });
});
afterAll(() => ctx?.close());

describe('satisfaction on a call', () => {
  it('is one of the seven levels of domain §7, and nothing else', async () => {
    expect(SATISFACTION).toEqual([
      'very_satisfied',
      'satisfied',
      'fairly_satisfied',
      'neutral',
      'not_very_satisfied',
      'dissatisfied',
      'very_dissatisfied',
    ]);
    for (const level of ['fairly_satisfied', 'neutral']) {
      const task = await callTask();
      const response = await attempt(task.id, { satisfaction: level });
      expect(response.statusCode, response.body).toBe(201);
      expect(response.json().attempt.satisfaction).toBe(level);
      expect(await attemptsOf(task.id)).toEqual([{ satisfaction: level }]);
      expect(await complaintsOf(task.customerId)).toEqual([]);
    }
    const task = await callTask();
    const bad = await attempt(task.id, { satisfaction: 'somewhat' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('satisfaction');
    expect(await attemptsOf(task.id)).toEqual([]);
  });

  it('below neutral needs what went wrong, which becomes a complaint; at neutral or above it does not', async () => {
    const task = await callTask();
    const missing = await attempt(task.id, { satisfaction: 'not_very_satisfied' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors).toEqual([expect.objectContaining({ field: 'dissatisfaction', code: 'required_when_dissatisfied' })]);
    expect(await attemptsOf(task.id)).toEqual([]);
    expect(await complaintsOf(task.customerId)).toEqual([]);

    const recorded = await attempt(task.id, {
      satisfaction: 'not_very_satisfied',
      dissatisfaction: { category: 'waiting_time', description: '取车等了四十分钟' },
    });
    expect(recorded.statusCode, recorded.body).toBe(201);
    expect(recorded.json().complaint).not.toBeNull();
    expect(await complaintsOf(task.customerId)).toEqual([expect.objectContaining({ channel: 'follow_up' })]);
  });

  it('keeps answers stored on the 5-level scale meaningful, and the database refuses an unknown level', async () => {
    const task = await callTask();
    const at = ctx.clock.now();
    // An answer as the 5-level scale stored it reads back as the same level of the 7-level scale.
    await ctx.db
      .insertInto('follow_up_attempts')
      .values({
        dealer_id: ctx.network.dealerA,
        id: newId(),
        task_id: task.id,
        agent_id: agent.user.id,
        at,
        result: 'reached',
        user_name: null,
        user_mobile: null,
        call_back_at: null,
        reported_km: null,
        serviced_elsewhere: null,
        satisfaction: 'dissatisfied',
        dissatisfaction_category: null,
        dissatisfaction: null,
        notes: null,
        appointment_id: null,
      })
      .execute();
    const screen = await agent.get(`/api/v1/follow-up/tasks/${task.id}`);
    expect(screen.statusCode, screen.body).toBe(200);
    expect(screen.json().attempts.map((a: { satisfaction: string }) => a.satisfaction)).toEqual(['dissatisfied']);
    // The check constraint takes the new levels, and only the seven.
    await ctx.db
      .insertInto('follow_up_attempts')
      .values({
        dealer_id: ctx.network.dealerA,
        id: newId(),
        task_id: task.id,
        agent_id: agent.user.id,
        at,
        result: 'reached',
        user_name: null,
        user_mobile: null,
        call_back_at: null,
        reported_km: null,
        serviced_elsewhere: null,
        satisfaction: 'fairly_satisfied',
        dissatisfaction_category: null,
        dissatisfaction: null,
        notes: null,
        appointment_id: null,
      })
      .execute();
    await expect(
      ctx.db
        .insertInto('follow_up_attempts')
        .values({
          dealer_id: ctx.network.dealerA,
          id: newId(),
          task_id: task.id,
          agent_id: agent.user.id,
          at,
          result: 'reached',
          user_name: null,
          user_mobile: null,
          call_back_at: null,
          reported_km: null,
          serviced_elsewhere: null,
          // @ts-expect-error a value the check constraint rejects: the point of this test
          satisfaction: 'somewhat',
          dissatisfaction_category: null,
          dissatisfaction: null,
          notes: null,
          appointment_id: null,
        })
        .execute(),
    ).rejects.toThrow(/check constraint/);
  });
});
