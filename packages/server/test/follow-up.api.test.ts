import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../src/platform/ids.js';
import { buildUser, type Client, createCustomer, createTestContext, createVehicle, type TestContext, uniqueMobile } from './harness.js';

// Friday 2026-11-20 10:00 in Shanghai. The care centre: the nightly timers, the call workbench,
// booking from a call, SMS reminders and opt-out, win-back, work plans and the KPIs.

const TODAY = '2026-11-20';
let ctx: TestContext;
let agent: Client;
let manager: Client;
let sa: Client;

type Car = { customerId: string; vehicleId: string };

async function car(
  options: { deliveredOn?: string; birthday?: string; insuranceExpiresOn?: string; consentPhone?: boolean } = {},
): Promise<Car> {
  const customer = await createCustomer(sa, {
    name: '李四',
    mobile: uniqueMobile(),
    ...(options.birthday ? { birthday: options.birthday } : {}),
    ...(options.consentPhone === false ? { consent: { sms: true, phone: false, email: false, wechat: false } } : {}),
  });
  const vehicle = await createVehicle(sa, customer.id, {
    ...(options.deliveredOn ? { deliveredOn: options.deliveredOn } : {}),
    ...(options.insuranceExpiresOn ? { insuranceExpiresOn: options.insuranceExpiresOn } : {}),
  });
  return { customerId: customer.id, vehicleId: vehicle.id };
}

/** A delivered order of `on` at `km` (the last service), as the settlement leaves it. */
async function servicedOn(c: Car, on: string, km: number, saId: string | null = null, dealerId = ctx.network.dealerA) {
  const at = new Date(`${on}T06:00:00Z`);
  const visitId = newId();
  const id = newId();
  await ctx.db
    .insertInto('visits')
    .values({
      created_at: ctx.clock.now(),
      dealer_id: dealerId,
      id: visitId,
      customer_id: c.customerId,
      vehicle_id: c.vehicleId,
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
      id,
      number: `RO-T-${id.slice(-6)}`,
      visit_id: visitId,
      customer_id: c.customerId,
      vehicle_id: c.vehicleId,
      sa_id: saId,
      concerns: '保养',
      promised_at: at,
      odometer_km: km,
      status: 'delivered',
      delivered_at: at,
    })
    .execute();
  await ctx.db
    .insertInto('mileage_readings')
    .values({
      created_at: ctx.clock.now(),
      id: newId(),
      vehicle_id: c.vehicleId,
      read_on: on,
      km,
      source: 'service_visit',
      odometer_replaced: false,
      dealer_id: dealerId,
    })
    .execute();
  return id;
}

const nightly = () => ctx.app.services.followUp.runNightly({ today: TODAY });
const tasksOf = (customerId: string) => ctx.db.selectFrom('follow_up_tasks').selectAll().where('customer_id', '=', customerId).execute();

let newCar: Car;
let firstService: Car;
let periodic: Car;
let lost: Car;
let birthday: Car;
let insurance: Car;
let noPhone: Car;

beforeAll(async () => {
  ctx = await createTestContext({ now: '2026-11-20T02:00:00Z' });
  sa = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['service_advisor'] });
  agent = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['customer_relations'] });
  manager = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['service_manager'] });
  for (let i = 0; i < 3; i++) await buildUser(ctx.db, ctx.network, { dealerId: ctx.network.dealerA, roles: ['service_advisor'] });
  for (let i = 0; i < 3; i++) await buildUser(ctx.db, ctx.network, { dealerId: ctx.network.dealerA, roles: ['technician'] });

  newCar = await car({ deliveredOn: '2026-11-17' });
  firstService = await car({ deliveredOn: '2026-10-10' });
  // Served on 1 September at 20,000 km, ~50 km a day since: due by time on 1 December → reminder window 16–21 November.
  periodic = await car({ deliveredOn: '2024-05-01' });
  await servicedOn(periodic, '2026-09-01', 20_000, sa.user.id);
  await ctx.db
    .insertInto('mileage_readings')
    .values({
      created_at: ctx.clock.now(),
      id: newId(),
      vehicle_id: periodic.vehicleId,
      read_on: '2026-10-01',
      km: 21_500,
      source: 'call',
      odometer_replaced: false,
      dealer_id: ctx.network.dealerA,
    })
    .execute();
  // Last served in April 2026: due 20 July, 123 days overdue → lost (window 90–120 days after the due date? no: 18 Oct–17 Nov) — served 20 May instead: due 20 Aug, 92 days overdue.
  lost = await car({ deliveredOn: '2023-03-01' });
  await servicedOn(lost, '2026-05-20', 30_000);
  birthday = await car({ birthday: '1980-11-22' });
  insurance = await car({ insuranceExpiresOn: '2026-12-12' });
  noPhone = await car({ deliveredOn: '2026-11-17', consentPhone: false });
});
afterAll(() => ctx.close());

describe('the nightly run', () => {
  it('creates each timer’s task once, with its due window and an owner, however often it runs', async () => {
    const first = await nightly();
    expect(first.predicted).toBeGreaterThan(0);
    const second = await nightly();
    expect(Object.values(second.created).reduce((a, b) => a + b, 0)).toBe(0);

    expect(await tasksOf(newCar.customerId)).toEqual([
      expect.objectContaining({ rule: 'new_car', due_from: '2026-11-18', due_until: '2026-11-24', status: 'open' }),
    ]);
    expect(await tasksOf(firstService.customerId)).toEqual([
      expect.objectContaining({ rule: 'first_maintenance', due_from: '2026-11-09', due_until: '2026-12-09' }),
    ]);
    const [reminder] = await tasksOf(periodic.customerId);
    expect(reminder).toMatchObject({
      rule: 'periodic_maintenance',
      anchor_on: '2026-12-01',
      due_from: '2026-11-16',
      due_until: '2026-11-21',
      owner_id: sa.user.id,
    });
    expect(await tasksOf(lost.customerId)).toEqual([expect.objectContaining({ rule: 'lost_customer', anchor_on: '2026-08-20' })]);
    expect(await tasksOf(birthday.customerId)).toEqual([expect.objectContaining({ rule: 'birthday', anchor_on: '2026-11-22' })]);
    expect(await tasksOf(insurance.customerId)).toEqual([expect.objectContaining({ rule: 'insurance_expiry', anchor_on: '2026-12-12' })]);
    // No consent to calls: no call task.
    expect(await tasksOf(noPhone.customerId)).toEqual([]);
    // The pool rules went to the agent (the only one at this dealer).
    expect((await tasksOf(newCar.customerId))[0]!.owner_id).toBe(agent.user.id);
  });

  it('a run cut off halfway and run again creates each task once', async () => {
    const c = await car({ deliveredOn: '2026-11-18' });
    await ctx.app.services.followUp.runNightly({ today: TODAY });
    await ctx.db.deleteFrom('follow_up_tasks').where('rule', '=', 'birthday').execute();
    await nightly();
    expect(await tasksOf(c.customerId)).toHaveLength(1);
    expect(await tasksOf(birthday.customerId)).toHaveLength(1);
  });

  it("a supervisor runs tonight's timers now for the dealer: nothing new when the night has run", async () => {
    const c = await car({ deliveredOn: '2026-11-19' });
    expect((await agent.post('/api/v1/follow-up/run')).statusCode).toBe(403);
    const run = await manager.post('/api/v1/follow-up/run');
    expect(run.statusCode, run.body).toBe(200);
    expect(run.json().created.new_car).toBe(1);
    expect(await tasksOf(c.customerId)).toHaveLength(1);
    expect((await manager.post('/api/v1/follow-up/run')).json().created.new_car).toBe(0);
  });

  it('predicts one vehicle on demand with the same rule', async () => {
    const response = await agent.get(`/api/v1/vehicles/${periodic.vehicleId}/maintenance-prediction`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ lastServiceOn: '2026-09-01', dueOn: '2026-12-01', dueKm: 25_000, dailyKm: 50, basis: 'time' });
  });

  it('a delivered visit raises the post-service call once, 0–3 days after', async () => {
    const c = await car({ deliveredOn: '2025-01-01' });
    const roId = await servicedOn(c, TODAY, 9_000);
    const visitId = (await ctx.db.selectFrom('repair_orders').select('visit_id').where('id', '=', roId).executeTakeFirstOrThrow()).visit_id;
    const event = {
      dealerId: ctx.network.dealerA,
      visitId,
      repairOrderId: roId,
      customerId: c.customerId,
      vehicleId: c.vehicleId,
      deliveredAt: '2026-11-20T06:00:00.000Z',
    };
    await ctx.app.services.followUp.onVisitDelivered(event);
    await ctx.app.services.followUp.onVisitDelivered(event);
    expect(await tasksOf(c.customerId)).toEqual([
      expect.objectContaining({
        rule: 'post_service',
        repair_order_id: roId,
        due_from: TODAY,
        due_until: '2026-11-23',
        owner_id: agent.user.id,
      }),
    ]);
  });
});

describe('the call workbench', () => {
  it("shows the agent's queue and a call screen with the script and the customer's details", async () => {
    const queue = await agent.get('/api/v1/follow-up/tasks?view=today');
    expect(queue.statusCode, queue.body).toBe(200);
    const rules = queue.json().items.map((t: { rule: string }) => t.rule);
    expect(rules).toEqual(expect.arrayContaining(['new_car', 'first_maintenance', 'birthday']));
    expect(rules).not.toContain('periodic_maintenance'); // the SA's
    expect(queue.json().counts.today).toBe(queue.json().items.length);

    const task = queue.json().items.find((t: { rule: string }) => t.rule === 'new_car');
    const screen = await agent.get(`/api/v1/follow-up/tasks/${task.id}`);
    expect(screen.statusCode, screen.body).toBe(200);
    expect(screen.json().script.title).toBe('新车回访');
    expect(screen.json().script.steps.join('')).toContain(screen.json().vehicle.plate);
    expect(screen.json().customer.name).toBe('李四');
    expect((await agent.get(`/api/v1/follow-up/tasks/${task.id}?locale=en`)).json().script.title).toBe('New-car follow-up');
  });

  it('three unanswered attempts close the task as unreachable; a stale version is refused', async () => {
    const [task] = await tasksOf(firstService.customerId);
    let version = task!.version;
    for (let i = 0; i < 3; i++) {
      const response = await agent.post(`/api/v1/follow-up/tasks/${task!.id}/attempts`, { version, result: 'no_answer' });
      expect(response.statusCode, response.body).toBe(201);
      version = response.json().task.version;
      expect(response.json().task.status).toBe(i < 2 ? 'open' : 'unreachable');
    }
    expect((await agent.post(`/api/v1/follow-up/tasks/${task!.id}/attempts`, { version, result: 'no_answer' })).statusCode).toBe(409);
    expect((await agent.post(`/api/v1/follow-up/tasks/${task!.id}/attempts`, { version: 1, result: 'reached' })).json().code).toBe(
      'version_conflict',
    );
  });

  it('a reached customer’s mileage becomes a reading and a dissatisfaction is recorded with its category', async () => {
    const [task] = await tasksOf(newCar.customerId);
    const bad = await agent.post(`/api/v1/follow-up/tasks/${task!.id}/attempts`, { version: task!.version, result: 'call_back' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('callBackAt');
    const response = await agent.post(`/api/v1/follow-up/tasks/${task!.id}/attempts`, {
      version: task!.version,
      result: 'reached',
      reportedKm: 420,
      satisfaction: 'dissatisfied',
      dissatisfaction: { category: 'attitude', description: '交车时销售顾问讲解很敷衍' },
      notes: '客户希望店长回电',
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json().task).toMatchObject({ status: 'done', outcome: 'reached', attempts: 1 });
    expect(response.json().attempt).toMatchObject({ result: 'reached', reportedKm: 420, dissatisfaction: { category: 'attitude' } });
    const readings = await ctx.db.selectFrom('mileage_readings').selectAll().where('vehicle_id', '=', newCar.vehicleId).execute();
    expect(readings).toEqual([expect.objectContaining({ km: 420, source: 'call', read_on: TODAY })]);
  });

  it('a reading lower than an earlier one is refused on the reported mileage, and nothing is written', async () => {
    const [task] = await tasksOf(insurance.customerId);
    await ctx.db
      .insertInto('mileage_readings')
      .values({
        created_at: ctx.clock.now(),
        id: newId(),
        vehicle_id: insurance.vehicleId,
        read_on: '2026-10-01',
        km: 8_000,
        source: 'call',
        odometer_replaced: false,
        dealer_id: ctx.network.dealerA,
      })
      .execute();
    const response = await agent.post(`/api/v1/follow-up/tasks/${task!.id}/attempts`, {
      version: task!.version,
      result: 'reached',
      reportedKm: 7_000,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'mileage_decreasing', errors: [{ field: 'reportedKm', code: 'lower_than_earlier' }] });
    expect(await ctx.db.selectFrom('follow_up_attempts').select('id').where('task_id', '=', task!.id).execute()).toEqual([]);
    expect((await tasksOf(insurance.customerId))[0]).toMatchObject({ status: 'open', attempts: 0 });
  });

  it('another agent’s call is not yours to work, until a supervisor reassigns it', async () => {
    const other = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['customer_relations'] });
    const [task] = await tasksOf(birthday.customerId);
    expect(
      (await other.post(`/api/v1/follow-up/tasks/${task!.id}/attempts`, { version: task!.version, result: 'no_answer' })).statusCode,
    ).toBe(403);
    const moved = await manager.post(`/api/v1/follow-up/tasks/${task!.id}/reassign`, { version: task!.version, ownerId: other.user.id });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().owner.id).toBe(other.user.id);
    expect(
      (await other.post(`/api/v1/follow-up/tasks/${task!.id}/attempts`, { version: moved.json().version, result: 'reached' })).statusCode,
    ).toBe(201);
  });

  it('a call books an appointment through the same capacity rules; the task closes with it', async () => {
    const [task] = await tasksOf(periodic.customerId);
    const response = await sa.post(`/api/v1/follow-up/tasks/${task!.id}/appointment`, {
      version: task!.version,
      startsAt: '2026-11-24T10:00:00+08:00',
      requestedWork: [{ kind: 'maintenance', description: '定期保养' }],
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json().task).toMatchObject({ status: 'done', outcome: 'appointment', appointmentId: response.json().appointment.id });
    // The agent is told what happens to the confirmation SMS (sent, queued, or not sent for want of consent).
    expect(response.json().appointment.message).toMatchObject({
      channel: 'sms',
      status: expect.stringMatching(/^(sending|queued|not_sent)$/),
    });
    const appointment = await sa.get(`/api/v1/appointments/${response.json().appointment.id}`);
    expect(appointment.json()).toMatchObject({ channel: 'proactive_call', status: 'booked' });
    expect(appointment.json().vehicle?.id ?? appointment.json().vehicleId).toBe(periodic.vehicleId);
  });

  it('when the slot is full the booking is refused with alternatives and the task stays open', async () => {
    const c = await car({ deliveredOn: '2026-11-15' });
    await nightly();
    const [task] = await tasksOf(c.customerId);
    // Fill the 11:00 slot (4 advisors × 0.7 → 2 seats).
    for (let i = 0; i < 2; i++) {
      const other = await car({});
      expect(
        (
          await sa.post('/api/v1/appointments', {
            vehicleId: other.vehicleId,
            startsAt: '2026-11-24T11:00:00+08:00',
            requestedWork: [{ kind: 'maintenance', description: '保养' }],
            channel: 'phone',
          })
        ).statusCode,
      ).toBe(201);
    }
    const full = await manager.post(`/api/v1/follow-up/tasks/${task!.id}/appointment`, {
      version: task!.version,
      startsAt: '2026-11-24T11:00:00+08:00',
      requestedWork: [{ kind: 'maintenance', description: '首保' }],
    });
    expect(full.statusCode, full.body).toBe(409);
    expect(full.json().code).toBe('slot_full');
    expect((await tasksOf(c.customerId))[0]).toMatchObject({ status: 'open', appointment_id: null, attempts: 0 });
  });
});

describe('SMS reminders and opt-out', () => {
  it('a dealer that reminds by SMS sends the periodic reminder once; a 退订 reply turns SMS consent off', async () => {
    expect((await manager.patch('/api/v1/follow-up/settings', { reminderChannel: 'both' })).statusCode).toBe(200);
    const c = await car({ deliveredOn: '2024-01-01' });
    await servicedOn(c, '2026-09-02', 10_000);
    await nightly();
    await nightly();
    const customer = await ctx.db.selectFrom('customers').select('mobile').where('id', '=', c.customerId).executeTakeFirstOrThrow();
    const messages = await ctx.db.selectFrom('outbox_messages').selectAll().where('recipient', '=', customer.mobile).execute();
    expect(messages).toHaveLength(1);
    expect(messages[0]!.body).toContain('定期保养');
    expect(messages[0]!.body).toContain('退订');

    const off = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/public/sms/inbound',
      payload: { from: customer.mobile, text: '退订' },
    });
    expect(off.statusCode).toBe(404); // no inbound token configured in this app
    expect(await ctx.app.services.followUp.smsInbound({ from: `+86${customer.mobile}`, text: ' 退订 ' })).toEqual({ optedOut: 1 });
    expect(await ctx.app.services.followUp.smsInbound({ from: customer.mobile, text: '好的谢谢' })).toEqual({ optedOut: 0 });
    const consent = (await ctx.db.selectFrom('customers').select('consent').where('id', '=', c.customerId).executeTakeFirstOrThrow())
      .consent;
    expect(consent).toMatchObject({ sms: false, phone: true });
    // The queued reminder is now skipped at delivery: consent is checked at send time.
    expect(await ctx.app.jobs.outbox.deliver(messages[0]!.id)).toBe('skipped');
  });
});

describe('the SMS gateway’s reply callback', () => {
  it('needs the shared token; a STOP reply turns SMS consent off for the number', async () => {
    const token = 'inbound-token-0123456789';
    const other = await createTestContext({ config: { smsInboundToken: token } });
    try {
      const staff = await other.loginAs({ dealerId: other.network.dealerA, roles: ['service_advisor'] });
      const customer = await createCustomer(staff, { name: '王五', mobile: uniqueMobile() });
      const post = (authorization: string | undefined, text: string) =>
        other.app.inject({
          method: 'POST',
          url: '/api/v1/public/sms/inbound',
          payload: { from: customer.mobile, text },
          headers: authorization ? { authorization } : {},
        });
      expect((await post(undefined, 'STOP')).statusCode).toBe(404);
      expect((await post('Bearer wrong-token-0123456789', 'STOP')).statusCode).toBe(404);
      const bad = await other.app.inject({
        method: 'POST',
        url: '/api/v1/public/sms/inbound',
        payload: { from: 'x', text: 'STOP' },
        headers: { authorization: `Bearer ${token}` },
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors[0].field).toBe('from');
      expect((await post(`Bearer ${token}`, 'stop')).json()).toEqual({ optedOut: 1 });
      expect((await staff.get(`/api/v1/customers/${customer.id}`)).json().consent).toMatchObject({ sms: false, phone: true });
    } finally {
      await other.close();
    }
  });
});

describe('win-back, work plans and KPIs', () => {
  it('a lost customer is a win-back case; the agent records the reason, action and cost', async () => {
    const list = await agent.get('/api/v1/win-back');
    expect(list.statusCode, list.body).toBe(200);
    const item = list.json().items.find((w: { customer: { id: string } }) => w.customer.id === lost.customerId);
    expect(item).toMatchObject({ result: 'pending', lastVisitOn: '2026-05-20', daysOverdue: 92, reasonSuspected: true });
    const updated = await agent.patch(`/api/v1/win-back/${item.id}`, {
      version: item.version,
      reason: '搬家到外地',
      reasonSuspected: false,
      action: '赠送保养券',
      costFen: 20_000,
    });
    expect(updated.statusCode, updated.body).toBe(200);
    expect(updated.json()).toMatchObject({ reason: '搬家到外地', costFen: 20_000, result: 'pending' });
    expect((await agent.patch(`/api/v1/win-back/${item.id}`, { version: item.version, costFen: 1 })).statusCode).toBe(409);
    // The car comes back: the next nightly run marks the case won back.
    await servicedOn(lost, TODAY, 41_000);
    await nightly();
    expect((await agent.get('/api/v1/win-back?result=won_back')).json().items.map((w: { id: string }) => w.id)).toContain(item.id);
  });

  it('a follow-up plan counts the calls closed in its period, live', async () => {
    const bad = await manager.post('/api/v1/work-plans', {
      kind: 'follow_up',
      title: '十一月回访',
      periodFrom: '2026-11-30',
      periodTo: '2026-11-01',
      targetCount: 10,
      minimumCount: 8,
      metric: 'follow_up_calls',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('periodTo');
    expect(
      (
        await agent.post('/api/v1/work-plans', {
          kind: 'follow_up',
          title: 'x',
          periodFrom: '2026-11-01',
          periodTo: '2026-11-30',
          targetCount: 10,
          minimumCount: 8,
          metric: 'follow_up_calls',
        })
      ).statusCode,
    ).toBe(403);
    const created = await manager.post('/api/v1/work-plans', {
      kind: 'follow_up',
      title: '十一月回访',
      periodFrom: '2026-11-01',
      periodTo: '2026-11-30',
      targetCount: 10,
      minimumCount: 8,
      metric: 'follow_up_calls',
    });
    expect(created.statusCode, created.body).toBe(201);
    const closed = await ctx.db
      .selectFrom('follow_up_tasks')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('dealer_id', '=', ctx.network.dealerA)
      .where('status', 'in', ['done', 'unreachable'])
      .executeTakeFirstOrThrow();
    expect(created.json().actualCount).toBe(Number(closed.n));
    expect(Number(closed.n)).toBeGreaterThanOrEqual(4);
    const activity = await manager.post('/api/v1/work-plans', {
      kind: 'activity',
      title: '冬季免费检测',
      periodFrom: '2026-11-15',
      periodTo: '2026-11-30',
      targetCount: 50,
      minimumCount: 30,
      metric: 'manual',
    });
    const set = await agent.post(`/api/v1/work-plans/${activity.json().id}/actual`, { version: 1, actualCount: 26 });
    expect(set.json()).toMatchObject({ actualCount: 26, standing: 'on_track' });
  });

  it('KPIs by agent match the tasks worked above', async () => {
    const response = await manager.get('/api/v1/kpis/follow-up?from=2026-11-01&to=2026-11-30&groupBy=agent');
    expect(response.statusCode, response.body).toBe(200);
    const rows = response.json().items as { key: string; counts: Record<string, number>; rates: Record<string, number | null> }[];
    const tasks = await ctx.db
      .selectFrom('follow_up_tasks')
      .selectAll()
      .where('dealer_id', '=', ctx.network.dealerA)
      .where('due_from', '>=', '2026-11-01')
      .where('due_from', '<=', '2026-11-30')
      .execute();
    const mine = tasks.filter((t) => t.owner_id === sa.user.id);
    const row = rows.find((r) => r.key === sa.user.id)!;
    expect(row.counts.tasksDue).toBe(mine.length);
    expect(row.counts.appointmentsBooked).toBe(1);
    expect(row.rates.conversion).toBe(100);
    const total = rows.reduce((s, r) => s + (r.counts.tasksDue ?? 0), 0);
    expect(total).toBe(tasks.filter((t) => t.status !== 'cancelled').length);
  });
});

describe('isolation', () => {
  it("another dealer's staff neither see nor work this dealer's calls", async () => {
    const [task] = await tasksOf(insurance.customerId);
    const otherDealer = await ctx.loginAs({ dealerId: ctx.network.dealerB, roles: ['customer_relations', 'service_manager'] });
    expect((await otherDealer.get(`/api/v1/follow-up/tasks/${task!.id}`)).statusCode).toBe(404);
    expect(
      (await otherDealer.post(`/api/v1/follow-up/tasks/${task!.id}/attempts`, { version: task!.version, result: 'no_answer' })).statusCode,
    ).toBe(404);
    expect(
      (await otherDealer.post(`/api/v1/follow-up/tasks/${task!.id}/reassign`, { version: task!.version, ownerId: otherDealer.user.id }))
        .statusCode,
    ).toBe(404);
    expect((await otherDealer.get('/api/v1/follow-up/tasks?view=all&scope=team')).json().items).toEqual([]);
    expect((await otherDealer.get('/api/v1/win-back')).json().items).toEqual([]);
    expect((await tasksOf(insurance.customerId))[0]).toMatchObject({ attempts: 0, owner_id: task!.owner_id });
  });
});

describe('the car maker’s region', () => {
  it('narrows the follow-up KPIs to a region’s dealers; a dealer’s staff get their own figures whatever they name', async () => {
    await ctx.db.updateTable('dealers').set({ region: '华北' }).where('id', '=', ctx.network.dealerA).execute();
    await ctx.db.updateTable('dealers').set({ region: '西南' }).where('id', '=', ctx.network.dealerB).execute();
    // One post-service call at the other dealer.
    const saB = await ctx.loginAs({ dealerId: ctx.network.dealerB, roles: ['service_advisor'] });
    const customer = await createCustomer(saB, { name: '王五', mobile: uniqueMobile() });
    const vehicle = await createVehicle(saB, customer.id, { deliveredOn: '2025-03-01' });
    const roId = await servicedOn({ customerId: customer.id, vehicleId: vehicle.id }, TODAY, 12_000, saB.user.id, ctx.network.dealerB);
    const visitId = (await ctx.db.selectFrom('repair_orders').select('visit_id').where('id', '=', roId).executeTakeFirstOrThrow()).visit_id;
    await ctx.app.services.followUp.onVisitDelivered({
      dealerId: ctx.network.dealerB,
      visitId,
      repairOrderId: roId,
      customerId: customer.id,
      vehicleId: vehicle.id,
      deliveredAt: '2026-11-20T06:00:00.000Z',
    });

    const analyst = await ctx.loginAs({ dealerId: null, roles: ['oem_analyst'] });
    const period = 'from=2026-11-01&to=2026-11-30';
    type Row = { key: string; counts: { tasksDue: number } };
    const byDealer = async (query: string) => {
      const response = await analyst.get(`/api/v1/kpis/follow-up?${period}&groupBy=dealer${query}`);
      expect(response.statusCode, response.body).toBe(200);
      return response.json().items as Row[];
    };
    const all = await byDealer('');
    expect(all.map((r) => r.key)).toContain(ctx.network.dealerB);
    const west = await byDealer(`&region=${encodeURIComponent('西南')}`);
    expect(west).toEqual([all.find((r) => r.key === ctx.network.dealerB)]);
    expect(west[0]!.counts.tasksDue).toBe(1);
    const north = await byDealer(`&region=${encodeURIComponent('华北')}`);
    expect(north).toEqual(all.filter((r) => r.key === ctx.network.dealerA));
    expect(await byDealer(`&region=${encodeURIComponent('华东')}`)).toEqual([]);
    // By month, the region's figures are the region's dealers' only.
    const monthWest = (await analyst.get(`/api/v1/kpis/follow-up?${period}&region=${encodeURIComponent('西南')}`)).json().items as Row[];
    expect(monthWest.map((r) => r.counts.tasksDue)).toEqual([1]);

    // A dealer's manager naming another region still reads their own dealer; naming the other dealer is refused.
    const own = (await manager.get(`/api/v1/kpis/follow-up?${period}`)).json().items as Row[];
    const named = await manager.get(`/api/v1/kpis/follow-up?${period}&region=${encodeURIComponent('西南')}`);
    expect(named.statusCode).toBe(200);
    expect(named.json().items).toEqual(own);
    expect(own.reduce((n, r) => n + r.counts.tasksDue, 0)).toBe(north.reduce((n, r) => n + r.counts.tasksDue, 0));
    expect((await manager.get(`/api/v1/kpis/follow-up?${period}&dealerId=${ctx.network.dealerB}`)).statusCode).toBe(403);
  });
});
