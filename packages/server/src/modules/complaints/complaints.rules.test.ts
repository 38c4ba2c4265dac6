import { describe, expect, it } from 'vitest';
import {
  addSlaHours,
  applyAction,
  approvalLimit,
  complaintSettings,
  DEFAULT_COMPLAINT_SETTINGS,
  escalate,
  isOverdue,
  pareto,
  registerCase,
  routeRole,
  type SlaClock,
  setCarMakerDeadline,
  TransitionError,
  wholeMonthsWithin,
  withinLimit,
} from './complaints.rules.js';

const calendar: SlaClock = { ...DEFAULT_COMPLAINT_SETTINGS, timeZone: 'Asia/Shanghai', opensAt: '08:30', closesAt: '18:00' };
const business: SlaClock = { ...calendar, clock: 'business' };
const at = (iso: string) => new Date(iso);

describe('the SLA clock', () => {
  it('counts calendar hours on the wall clock', () => {
    // Received Friday 16:00 Beijing → feedback due Saturday 16:00.
    expect(addSlaHours(at('2026-11-20T08:00:00Z'), 24, calendar).toISOString()).toBe('2026-11-21T08:00:00.000Z');
  });

  it('counts business hours only while the dealer is open (08:30–18:00, 9.5 h a day), in its time zone', () => {
    // 16:00 Beijing: 2 h left today; 22 h more = two full days (19 h) + 3 h into the third → 11:30 on the 23rd.
    expect(addSlaHours(at('2026-11-20T08:00:00Z'), 24, business).toISOString()).toBe('2026-11-23T03:30:00.000Z');
    // Received at 20:00 (after closing): counting starts at 08:30 the next morning.
    expect(addSlaHours(at('2026-11-20T12:00:00Z'), 1, business).toISOString()).toBe('2026-11-21T01:30:00.000Z');
    // Received at 07:00 (before opening): 08:30 + 2 h.
    expect(addSlaHours(at('2026-11-19T23:00:00Z'), 2, business).toISOString()).toBe('2026-11-20T02:30:00.000Z');
    // Exactly to closing time stays on the same day.
    expect(addSlaHours(at('2026-11-20T08:00:00Z'), 2, business).toISOString()).toBe('2026-11-20T10:00:00.000Z');
  });

  it('uses the dealer time zone: the same instant is after hours in Urumqi time (UTC+6 in Asia/Urumqi)', () => {
    const urumqi: SlaClock = { ...business, timeZone: 'Asia/Urumqi' };
    // 2026-11-20T01:00Z is 09:00 in Beijing (open) but 07:00 in Urumqi (before opening at 08:30).
    expect(addSlaHours(at('2026-11-20T01:00:00Z'), 1, business).toISOString()).toBe('2026-11-20T02:00:00.000Z');
    expect(addSlaHours(at('2026-11-20T01:00:00Z'), 1, urumqi).toISOString()).toBe('2026-11-20T03:30:00.000Z');
  });
});

describe('the case', () => {
  const received = at('2026-11-20T02:00:00Z'); // 10:00 Beijing

  it('is acknowledged at once when staff take it from the customer, with feedback due 24 h after receipt', () => {
    const c = registerCase({ receivedAt: received, acknowledged: true, carMakerDeadlineAt: null }, received, calendar);
    expect(c).toMatchObject({ status: 'acknowledged', dueStep: 'feedback', level: 0 });
    expect(c.dueAt?.toISOString()).toBe('2026-11-21T02:00:00.000Z');
  });

  it('waits for its handler to acknowledge within the hour when it came in indirectly', () => {
    const c = registerCase({ receivedAt: received, acknowledged: false, carMakerDeadlineAt: null }, received, calendar);
    expect(c).toMatchObject({ status: 'open', dueStep: 'acknowledge' });
    expect(c.dueAt?.toISOString()).toBe('2026-11-20T03:00:00.000Z');
    const late = applyAction(c, 'acknowledge', at('2026-11-20T03:30:00Z'), calendar);
    expect(late).toMatchObject({ status: 'acknowledged', dueStep: 'feedback', wasOverdue: true });
    // The feedback deadline still counts from receipt, not from the late acknowledgement.
    expect(late.dueAt?.toISOString()).toBe('2026-11-21T02:00:00.000Z');
  });

  it('walks feedback → customer accepts → close, and the resolution clock starts at the feedback', () => {
    let c = registerCase({ receivedAt: received, acknowledged: true, carMakerDeadlineAt: null }, received, calendar);
    c = applyAction(c, 'feedback', at('2026-11-20T08:00:00Z'), calendar);
    expect(c).toMatchObject({ status: 'feedback_given', dueStep: 'resolve', wasOverdue: false });
    expect(c.dueAt?.toISOString()).toBe('2026-11-23T08:00:00.000Z');
    const again = applyAction(c, 'feedback', at('2026-11-21T08:00:00Z'), calendar);
    expect(again.feedbackAt).toEqual(c.feedbackAt);
    c = applyAction(c, 'accept', at('2026-11-21T02:00:00Z'), calendar);
    expect(c.status).toBe('solution_agreed');
    c = applyAction(c, 'close', at('2026-11-22T02:00:00Z'), calendar);
    expect(c).toMatchObject({ status: 'closed', dueStep: null, dueAt: null, wasOverdue: false });
    expect(isOverdue(c, at('2030-01-01T00:00:00Z'))).toBe(false);
  });

  it('counts an acceptance without earlier feedback as the feedback, and flags feedback given after 24 h', () => {
    const c = registerCase({ receivedAt: received, acknowledged: true, carMakerDeadlineAt: null }, received, calendar);
    const accepted = applyAction(c, 'accept', at('2026-11-21T03:00:00Z'), calendar);
    expect(accepted).toMatchObject({ status: 'solution_agreed', wasOverdue: true });
    expect(accepted.feedbackAt?.toISOString()).toBe('2026-11-21T03:00:00.000Z');
  });

  it('refuses steps out of order', () => {
    const c = registerCase({ receivedAt: received, acknowledged: true, carMakerDeadlineAt: null }, received, calendar);
    expect(() => applyAction(c, 'close', received, calendar)).toThrow(TransitionError);
    expect(() => applyAction(c, 'acknowledge', received, calendar)).toThrow(TransitionError);
    expect(() => applyAction(c, 'reopen', received, calendar)).toThrow(TransitionError);
    const closed = applyAction(applyAction(c, 'feedback', received, calendar), 'close', received, calendar);
    expect(() => applyAction(closed, 'accept', received, calendar)).toThrow(TransitionError);
    expect(applyAction(closed, 'reopen', at('2026-11-25T00:00:00Z'), calendar)).toMatchObject({
      status: 'acknowledged',
      dueStep: 'resolve',
      closedAt: null,
    });
  });

  it('escalates an overdue step one level at a time up to the car maker, giving each level the escalation time', () => {
    let c = registerCase({ receivedAt: received, acknowledged: true, carMakerDeadlineAt: null }, received, calendar);
    const due = c.dueAt!;
    expect(escalate(c, { step: 'feedback', dueAt: due }, at('2026-11-21T01:59:00Z'), calendar)).toBeNull(); // not yet
    expect(isOverdue(c, due)).toBe(true);
    c = escalate(c, { step: 'feedback', dueAt: due }, at('2026-11-21T02:00:05Z'), calendar)!;
    expect(c).toMatchObject({ level: 1, wasOverdue: true, dueStep: 'feedback' });
    expect(c.dueAt?.toISOString()).toBe('2026-11-22T02:00:05.000Z');
    // The same timer again (a retry, a second process) finds the deadline moved: nothing happens.
    expect(escalate(c, { step: 'feedback', dueAt: due }, at('2026-11-21T03:00:00Z'), calendar)).toBeNull();
    c = escalate(c, { step: 'feedback', dueAt: c.dueAt! }, at('2026-11-22T03:00:00Z'), calendar)!;
    c = escalate(c, { step: 'feedback', dueAt: c.dueAt! }, at('2026-11-23T04:00:00Z'), calendar)!;
    expect(c.level).toBe(3);
    expect(escalate(c, { step: 'feedback', dueAt: c.dueAt! }, at('2026-11-30T00:00:00Z'), calendar)).toBeNull();
    // A step done in time stops its timer.
    const fed = applyAction(
      registerCase({ receivedAt: received, acknowledged: true, carMakerDeadlineAt: null }, received, calendar),
      'feedback',
      at('2026-11-20T05:00:00Z'),
      calendar,
    );
    expect(escalate(fed, { step: 'feedback', dueAt: due }, at('2026-11-21T02:00:05Z'), calendar)).toBeNull();
  });

  it("takes the car maker's deadline as the resolution deadline", () => {
    const deadline = at('2026-11-25T10:00:00Z');
    let c = registerCase({ receivedAt: received, acknowledged: true, carMakerDeadlineAt: deadline }, received, calendar);
    c = applyAction(c, 'feedback', at('2026-11-20T05:00:00Z'), calendar);
    expect(c.dueAt).toEqual(deadline);
    const moved = setCarMakerDeadline(c, at('2026-11-24T10:00:00Z'));
    expect(moved.dueAt?.toISOString()).toBe('2026-11-24T10:00:00.000Z');
  });
});

describe('routing, approval and analysis', () => {
  it('routes parts to the parts manager, repair quality to the technical director, the rest to the service manager; per dealer', () => {
    const routing = DEFAULT_COMPLAINT_SETTINGS.routing;
    expect(routeRole('parts', routing)).toBe('parts_manager');
    expect(routeRole('repair_quality', routing)).toBe('technical_director');
    expect(routeRole('price', routing)).toBe('service_manager');
    expect(routeRole(null, routing)).toBe('service_manager');
    expect(routeRole('price', complaintSettings({ routing: { price: 'general_manager' } as never }).routing)).toBe('general_manager');
  });

  it('lets each role approve recovery up to its limit; the highest of several roles counts; general manager has none', () => {
    const limits = DEFAULT_COMPLAINT_SETTINGS.approvalLimits;
    expect(approvalLimit(['service_advisor'], limits)).toBe(20_000);
    expect(approvalLimit(['service_advisor', 'service_manager'], limits)).toBe(300_000);
    expect(approvalLimit(['general_manager'], limits)).toBeNull();
    expect(approvalLimit(['technician'], limits)).toBe(0);
    expect(withinLimit(20_000, 20_000)).toBe(true);
    expect(withinLimit(20_001, 20_000)).toBe(false);
    expect(withinLimit(9_999_999, null)).toBe(true);
  });

  it('orders the Pareto largest first with the cumulative share', () => {
    expect(
      pareto([
        { category: 'price', count: 2 },
        { category: 'repair_quality', count: 5 },
        { category: 'parts', count: 3 },
      ]),
    ).toEqual([
      { category: 'repair_quality', count: 5, cumulativeShare: 0.5 },
      { category: 'parts', count: 3, cumulativeShare: 0.8 },
      { category: 'price', count: 2, cumulativeShare: 1 },
    ]);
    expect(pareto([])).toEqual([]);
  });
});

describe('wholeMonthsWithin', () => {
  const at = (iso: string) => new Date(iso);
  it('gives the whole UTC months inside the period, or null', () => {
    // A year of Shanghai days: 2025-12-06 to 2026-12-05 (local), from 16:00 UTC the day before.
    expect(wholeMonthsWithin(at('2025-12-05T16:00:00Z'), at('2026-12-05T16:00:00Z'))).toEqual({
      from: at('2026-01-01T00:00:00Z'),
      to: at('2026-12-01T00:00:00Z'),
    });
    // Starting and ending on month starts: every month is whole.
    expect(wholeMonthsWithin(at('2026-01-01T00:00:00Z'), at('2026-03-01T00:00:00Z'))).toEqual({
      from: at('2026-01-01T00:00:00Z'),
      to: at('2026-03-01T00:00:00Z'),
    });
    // One local month is not a whole UTC month.
    expect(wholeMonthsWithin(at('2026-10-31T16:00:00Z'), at('2026-11-30T16:00:00Z'))).toBeNull();
    expect(wholeMonthsWithin(at('2026-11-02T00:00:00Z'), at('2026-11-03T00:00:00Z'))).toBeNull();
    // Across a year's end.
    expect(wholeMonthsWithin(at('2026-12-15T00:00:00Z'), at('2027-02-02T00:00:00Z'))).toEqual({
      from: at('2027-01-01T00:00:00Z'),
      to: at('2027-02-01T00:00:00Z'),
    });
  });
});
