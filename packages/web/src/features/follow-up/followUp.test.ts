import { callAttemptInputSchema } from '@servicebay/contracts';
import { describe, expect, it } from 'vitest';
import type { FollowUpKpiRow, FollowUpTask, WinBackCase } from '../../api/followUp';
import { zodFormErrors } from '../../components/form/zodForm';
import {
  callBackDue,
  defaultWorkKey,
  nextTaskId,
  planProgress,
  queueSearch,
  summariseFollowUp,
  toAttemptInput,
  winBackTotals,
  windowWords,
  yuanToFen,
} from './followUp';

const task = (patch: Partial<FollowUpTask>): FollowUpTask => ({
  id: 't1',
  rule: 'new_car',
  status: 'open',
  anchorOn: '2026-06-01',
  dueFrom: '2026-06-02',
  dueUntil: '2026-06-08',
  overdue: false,
  customer: { id: 'c1', name: '王芳', mobile: '13800138000' },
  vehicle: null,
  repairOrderId: null,
  owner: null,
  attempts: 0,
  callBackAt: null,
  outcome: null,
  appointmentId: null,
  version: 1,
  createdAt: '2026-06-02T00:00:00Z',
  closedAt: null,
  can: { work: true, book: true, reassign: false },
  ...patch,
});

describe('the outcome form', () => {
  const everything = {
    userName: '王小明',
    userMobile: '13900139000',
    callBackAt: '2026-06-03T10:00:00+08:00',
    reportedKm: 12_345,
    servicedElsewhere: '  路边店 ',
    satisfaction: 'dissatisfied' as const,
    hasDissatisfaction: true,
    dissatisfaction: { category: 'price' as const, description: ' 太贵了 ' },
    notes: '  ',
    close: false,
  };

  it('sends only what the chosen result records', () => {
    expect(toAttemptInput({ ...everything, result: 'no_answer' }, 3)).toEqual({ version: 3, result: 'no_answer', notes: null });
    expect(toAttemptInput({ ...everything, result: 'call_back' }, 3)).toEqual({
      version: 3,
      result: 'call_back',
      notes: null,
      callBackAt: '2026-06-03T10:00:00+08:00',
    });
    expect(toAttemptInput({ ...everything, result: 'not_owner' }, 3)).toEqual({
      version: 3,
      result: 'not_owner',
      notes: null,
      userName: '王小明',
      userMobile: '13900139000',
    });
    expect(toAttemptInput({ ...everything, result: 'reached' }, 3)).toEqual({
      version: 3,
      result: 'reached',
      notes: null,
      reportedKm: 12_345,
      servicedElsewhere: '路边店',
      satisfaction: 'dissatisfied',
      dissatisfaction: { category: 'price', description: '太贵了' },
      close: false,
    });
  });

  it('closes a reached call by default and leaves out an unticked dissatisfaction', () => {
    const input = toAttemptInput(
      { result: 'reached', hasDissatisfaction: false, dissatisfaction: { category: 'price', description: 'x' } },
      1,
    );
    expect(input.close).toBe(true);
    expect(input.dissatisfaction).toBeNull();
    expect(callAttemptInputSchema.safeParse(input).success).toBe(true);
  });

  it('finds what the contract requires of each result, on the field it belongs to', () => {
    const fields = (values: Parameters<typeof toAttemptInput>[0]) =>
      zodFormErrors(callAttemptInputSchema, toAttemptInput(values, 1)).map((e) => e.name.join('.'));
    expect(fields({ result: 'call_back' })).toEqual(['callBackAt']);
    expect(fields({ result: 'not_owner', userName: '  ' })).toEqual(['userName']);
    expect(fields({ result: 'not_owner', userName: '李', userMobile: '123' })).toEqual(['userMobile']);
    expect(fields({ result: 'reached', hasDissatisfaction: true, dissatisfaction: { description: '' } })).toEqual([
      'dissatisfaction.category',
      'dissatisfaction.description',
    ]);
    expect(fields({ result: 'reached', reportedKm: -1 })).toEqual(['reportedKm']);
  });
});

describe('the due window in words', () => {
  it('says before, after, around or on the anchor date', () => {
    expect(windowWords(-15, -10)).toEqual({ key: 'before', from: 15, to: 10 });
    expect(windowWords(1, 7)).toEqual({ key: 'after', from: 1, to: 7 });
    expect(windowWords(0, 3)).toEqual({ key: 'dayToAfter', from: 0, to: 3 });
    expect(windowWords(-3, 0)).toEqual({ key: 'beforeToDay', from: 3, to: 0 });
    expect(windowWords(-5, 5)).toEqual({ key: 'around', from: 5, to: 5 });
    expect(windowWords(0, 0)).toEqual({ key: 'onDay', from: 0, to: 0 });
  });

  it('books the maintenance the call is about', () => {
    expect(defaultWorkKey('new_car')).toBe('first_maintenance');
    expect(defaultWorkKey('periodic_maintenance')).toBe('periodic_maintenance');
    expect(defaultWorkKey('birthday')).toBe('maintenance');
  });
});

describe('the queue', () => {
  it('offers the next open call after this one, wrapping round', () => {
    const items = [task({ id: 'a' }), task({ id: 'b', status: 'done' }), task({ id: 'c' }), task({ id: 'd' })];
    expect(nextTaskId(items, 'a')).toBe('c');
    expect(nextTaskId(items, 'c')).toBe('d');
    expect(nextTaskId(items, 'd')).toBe('a');
    expect(nextTaskId(items, 'elsewhere')).toBe('a');
    expect(nextTaskId([task({ id: 'a' })], 'a')).toBeNull();
    expect(nextTaskId(undefined, 'a')).toBeNull();
  });

  it('keeps the queue the call was opened from', () => {
    expect(queueSearch('mine', undefined)).toBe('');
    expect(queueSearch('team', 'birthday')).toBe('?scope=team&rule=birthday');
  });

  it('flags a call-back whose time has come', () => {
    const now = new Date('2026-06-03T02:00:00Z');
    expect(callBackDue(task({ callBackAt: '2026-06-03T09:59:00+08:00' }), now)).toBe(true);
    expect(callBackDue(task({ callBackAt: '2026-06-03T10:01:00+08:00' }), now)).toBe(false);
    expect(callBackDue(task({ callBackAt: '2026-06-03T09:00:00+08:00', status: 'done' }), now)).toBe(false);
  });
});

describe('win-back and plans', () => {
  const wb = (result: WinBackCase['result'], costFen: number) => ({ result, costFen }) as WinBackCase;

  it('totals the cost and the customers won back', () => {
    expect(winBackTotals([wb('won_back', 5_000), wb('lost', 2_550), wb('pending', 0), wb('won_back', 1_000)])).toEqual({
      cases: 4,
      costFen: 8_550,
      wonBack: 2,
      lost: 1,
      pending: 1,
      wonBackRate: 66.7,
    });
    expect(winBackTotals([]).wonBackRate).toBeNull();
  });

  it('turns yuan into fen without float drift', () => {
    expect(yuanToFen(12.34)).toBe(1234);
    expect(yuanToFen(0.1 + 0.2)).toBe(30);
    expect(yuanToFen(null)).toBe(0);
  });

  it('shows actual and minimum against the target', () => {
    expect(planProgress({ actualCount: 30, targetCount: 120, minimumCount: 90 })).toEqual({ percent: 25, minimumPercent: 75 });
    expect(planProgress({ actualCount: 200, targetCount: 120, minimumCount: 0 }).percent).toBe(100);
  });
});

describe('the follow-up KPI summary', () => {
  const row = (key: string, counts: Partial<FollowUpKpiRow['counts']>, contact: number | null): FollowUpKpiRow => ({
    key,
    label: key,
    counts: {
      tasksDue: 0,
      tasksClosed: 0,
      tasksReached: 0,
      tasksAttempted: 0,
      tasksOverdue: 0,
      appointmentsBooked: 0,
      reminderTargets: 0,
      reminderReturned: 0,
      ...counts,
    },
    rates: { completion: null, contact, conversion: null, periodicReturn: null },
  });

  it('computes the range from the summed counts', () => {
    const s = summariseFollowUp([
      row(
        '2026-05',
        {
          tasksDue: 10,
          tasksClosed: 8,
          tasksReached: 6,
          tasksAttempted: 8,
          appointmentsBooked: 3,
          tasksOverdue: 1,
          reminderTargets: 4,
          reminderReturned: 1,
        },
        75,
      ),
      row(
        '2026-06',
        { tasksDue: 10, tasksClosed: 4, tasksReached: 2, tasksAttempted: 4, appointmentsBooked: 0, tasksOverdue: 2, reminderTargets: 0 },
        50,
      ),
    ]);
    // Contact over the range is 8 reached of 12 called, not the mean of 75% and 50%.
    expect(s).toMatchObject({ tasksDue: 20, tasksOverdue: 3, completion: 60, conversion: 37.5, periodicReturn: 25, contact: 66.7 });
  });

  it('has no rates without data', () => {
    expect(summariseFollowUp([])).toMatchObject({ completion: null, contact: null, conversion: null, periodicReturn: null });
  });
});
