import { describe, expect, it } from 'vitest';
import type { ComplaintDetail } from '../../api/complaints';
import {
  analysisPatch,
  approvalLimits,
  approvalRows,
  availableActions,
  countdown,
  durationText,
  eventText,
  newestFirst,
  pareto,
  percent,
  recoveryDecisions,
  subcategoriesOf,
  type Translator,
  vitalFew,
  yuanToFen,
} from './complaints';

const units = { day: (n: number) => `${n}d`, hour: (n: number) => `${n}h`, minute: (n: number) => `${n}m` };
const none: ComplaintDetail['can'] = {
  update: false,
  acknowledge: false,
  communicate: false,
  handover: false,
  assignHandler: false,
  addRecovery: false,
  decideRecovery: false,
  accept: false,
  book: false,
  close: false,
  reopen: false,
  assignDealer: false,
  setDeadline: false,
  approveUpToFen: 0,
  rejectAboveLimit: false,
};
const can = (patch: Partial<ComplaintDetail['can']> = {}): ComplaintDetail['can'] => ({ ...none, ...patch });

describe('the SLA countdown', () => {
  const now = new Date('2026-03-02T08:00:00Z');

  it('counts the time left and flags the last two hours as soon', () => {
    expect(countdown('2026-03-02T11:30:00Z', now)).toEqual({ late: false, soon: false, minutes: 210 });
    expect(countdown('2026-03-02T09:59:00Z', now)).toEqual({ late: false, soon: true, minutes: 119 });
  });

  it('is late as soon as the deadline has passed, and has nothing to say without one', () => {
    expect(countdown('2026-03-02T07:59:30Z', now)).toMatchObject({ late: true, minutes: -1 });
    expect(countdown('2026-03-01T05:00:00Z', now)).toMatchObject({ late: true, minutes: -27 * 60 });
    expect(countdown(null, now)).toBeNull();
  });

  it('writes the two largest units', () => {
    expect(durationText(2 * 1440 + 3 * 60 + 5, units)).toBe('2d 3h');
    expect(durationText(1440, units)).toBe('1d');
    expect(durationText(5 * 60 + 20, units)).toBe('5h 20m');
    expect(durationText(-(60 + 1), units)).toBe('1h 1m');
    expect(durationText(12, units)).toBe('12m');
    expect(durationText(0, units)).toBe('0m');
  });
});

describe('the actions a case offers', () => {
  const actions = (c: ComplaintDetail['can']) => [...availableActions({ can: c })].sort();

  it('offers exactly what the server says the viewer may do on the case now', () => {
    expect(actions(can({ acknowledge: true, update: true, addRecovery: true }))).toEqual(['acknowledge', 'addRecovery', 'edit']);
    expect(actions(can({ close: true, reopen: false }))).toEqual(['close']);
    expect(actions(can({ reopen: true }))).toEqual(['reopen']);
  });

  it('keeps the dealer and deadline actions for the car maker’s desk', () => {
    const desk = actions(can({ assignDealer: true, setDeadline: true, communicate: true }));
    expect(desk).toEqual(['assignDealer', 'communicate', 'deadline']);
    expect(desk).not.toContain('book');
  });

  it('offers nothing to work on to a viewer who may only read', () => {
    expect(actions(none)).toEqual([]);
  });
});

describe('deciding a recovery', () => {
  const pending = { status: 'pending' as const, costFen: 50_000 };
  const open = (patch: Partial<ComplaintDetail['can']>) => ({ can: can({ decideRecovery: true, ...patch }) });

  it('approves a pending recovery within the viewer’s limit (null: no limit)', () => {
    expect(recoveryDecisions(pending, open({ approveUpToFen: 50_000 }))).toEqual({ approve: true, reject: true });
    expect(recoveryDecisions(pending, open({ approveUpToFen: null }))).toEqual({ approve: true, reject: true });
    expect(recoveryDecisions(pending, open({ approveUpToFen: 49_999 }))).toEqual({ approve: false, reject: false });
  });

  it('lets a manager reject above the limit, but not approve', () => {
    expect(recoveryDecisions(pending, open({ rejectAboveLimit: true, approveUpToFen: 10_000 }))).toEqual({ approve: false, reject: true });
  });

  it('decides nothing that is decided, or when the case does not let the viewer decide', () => {
    const nothing = { approve: false, reject: false };
    expect(recoveryDecisions({ ...pending, status: 'approved' }, open({ approveUpToFen: null }))).toEqual(nothing);
    expect(recoveryDecisions(pending, { can: can({ approveUpToFen: null }) })).toEqual(nothing);
  });
});

describe('the Pareto chart', () => {
  it('sorts categories by count and accumulates the share in percent', () => {
    const rows = pareto([
      { category: 'price', count: 2 },
      { category: 'repair_quality', count: 5 },
      { category: 'parts', count: 0 },
      { category: 'timeliness', count: 3 },
    ]);
    expect(rows.map((r) => r.category)).toEqual(['repair_quality', 'timeliness', 'price']);
    expect(rows.map((r) => r.cumulativePercent)).toEqual([50, 80, 100]);
    expect(vitalFew(rows).map((r) => r.category)).toEqual(['repair_quality', 'timeliness']);
  });

  it('rounds to one decimal and ends at 100', () => {
    const rows = pareto([
      { category: 'a', count: 1 },
      { category: 'b', count: 1 },
      { category: 'c', count: 1 },
    ]);
    expect(rows.map((r) => r.cumulativePercent)).toEqual([33.3, 66.7, 100]);
    expect(pareto([])).toEqual([]);
  });

  it('shows the API’s shares as percentages', () => {
    expect(percent(0.8125)).toBe(81.3);
    expect(percent(1)).toBe(100);
    expect(percent(null)).toBeNull();
  });
});

describe('the timeline', () => {
  const tr: Translator = {
    t: (key, options) => `${key}${options && Object.keys(options).length ? JSON.stringify(options) : ''}`,
    has: (key) => !key.endsWith('.unknown_kind'),
  };
  const fmt = {
    money: (fen: number) => `¥${fen / 100}`,
    time: (iso: string) => iso.slice(0, 10),
    list: (items: string[]) => items.join('、'),
  };

  it('lists the newest event first', () => {
    const events = newestFirst([
      { id: '01', at: '2026-03-01T08:00:00Z' },
      { id: '03', at: '2026-03-02T08:00:00Z' },
      { id: '02', at: '2026-03-01T08:00:00Z' },
    ]);
    expect(events.map((e) => e.id)).toEqual(['03', '02', '01']);
  });

  it('reads an event as a sentence with its details', () => {
    expect(eventText({ kind: 'handed_over', data: { to: { id: 'u', name: '王经理' }, note: '客户要求' } }, tr, fmt)).toEqual({
      text: 'complaints.events.handed_over{"to":"王经理"}',
      detail: '客户要求',
    });
    expect(eventText({ kind: 'communication', data: { channel: 'phone', summary: '已致歉', feedback: true } }, tr, fmt).text).toBe(
      'complaints.events.communicationFeedback{"channel":"complaints.communicationChannels.phone"}',
    );
    expect(eventText({ kind: 'recovery_requested', data: { kind: 'free_wash', costFen: 5000 } }, tr, fmt).text).toBe(
      'complaints.events.recovery_requested{"kind":"complaints.recoveryKinds.free_wash","cost":"¥50"}',
    );
    expect(eventText({ kind: 'acknowledged', data: {} }, tr, fmt)).toEqual({ text: 'complaints.events.acknowledged', detail: null });
  });

  it('reads the server’s event data: changed fields, a recovery approved within one’s own limit, the new dealer', () => {
    expect(eventText({ kind: 'updated', data: { rootCause: 'x', causeClass: 'defect' } }, tr, fmt).text).toBe(
      'complaints.events.updated{"fields":"complaints.fields.rootCause、complaints.fields.causeClass"}',
    );
    expect(eventText({ kind: 'recovery_approved', data: { kind: 'gift', costFen: 100, withinOwnLimit: true } }, tr, fmt).text).toBe(
      'complaints.events.recovery_approved_own{"kind":"complaints.recoveryKinds.gift","cost":"¥1"}',
    );
    expect(eventText({ kind: 'dealer_assigned', data: { toDealerName: '北京店' } }, tr, fmt).text).toBe(
      'complaints.events.dealer_assigned{"dealer":"北京店"}',
    );
    expect(eventText({ kind: 'escalated', data: { level: 'general_manager', step: 'feedback' } }, tr, fmt)).toEqual({
      text: 'complaints.events.escalated{"level":"complaints.levels.general_manager"}',
      detail: 'complaints.steps.feedback',
    });
  });

  it('shows a dash for data it does not find', () => {
    expect(eventText({ kind: 'dealer_assigned', data: {} }, tr, fmt).text).toBe('complaints.events.dealer_assigned{"dealer":"—"}');
  });
});

describe('the classification form', () => {
  const current = {
    version: 4,
    category: 'repair_quality' as const,
    subcategory: 'same_problem_again',
    causeClass: null,
    severity: 'complaint' as const,
    escalatedTo: null,
    verification: null,
    rootCause: 'torque',
    solutionPlan: null,
    demand: 'fix it',
    background: null,
  };

  it('sends only what changed, emptied text as null, with the version', () => {
    expect(analysisPatch(current, { ...current, rootCause: '  ', causeClass: 'defect', verification: ' road test ' })).toEqual({
      version: 4,
      rootCause: null,
      causeClass: 'defect',
      verification: 'road test',
    });
    expect(analysisPatch(current, { ...current, demand: 'fix it ' })).toBeNull();
  });

  it('drops a subcategory that does not belong to the new category', () => {
    expect(analysisPatch(current, { ...current, category: 'price' })).toEqual({ version: 4, category: 'price', subcategory: null });
    expect(subcategoriesOf('timeliness')).toContain('promised_time_missed');
    expect(subcategoriesOf(null)).toEqual([]);
  });
});

describe('money and approval limits', () => {
  it('turns yuan into fen and rows into limits (empty: no limit)', () => {
    expect(yuanToFen(12.345)).toBe(1235);
    expect(yuanToFen(null)).toBeNull();
    expect(
      approvalLimits([
        { role: 'service_manager', yuan: 500 },
        { role: 'general_manager', yuan: null },
        { role: null, yuan: 3 },
      ]),
    ).toEqual({ service_manager: 50_000, general_manager: null });
    expect(approvalRows({ service_manager: 50_000, general_manager: null })).toEqual([
      { role: 'service_manager', yuan: 500 },
      { role: 'general_manager', yuan: null },
    ]);
  });
});
