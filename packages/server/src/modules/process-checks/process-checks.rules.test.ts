import { AUTO_CHECK_CODES } from '@servicebay/contracts';
import { describe, expect, it } from 'vitest';
import {
  checklistProblem,
  DEFAULT_CHECKLIST,
  drillPassFigures,
  effectiveChecklist,
  executionFigures,
  judgeItem,
  judgeSubmission,
  judgeVisit,
  proposeSample,
  spotChecksNeeded,
  type VisitRecord,
} from './process-checks.rules.js';

const at = (hhmm: string) => new Date(`2026-11-10T${hhmm}:00+08:00`);

/** A visit that did everything: greeted within 2 minutes, covers on, signed, promised time, delivered well, called in time. */
const good: VisitRecord = {
  arrivedAt: at('09:00'),
  greetedAt: at('09:02'),
  timelyMinutes: 2,
  inspection: { coversApplied: true, signed: true },
  ro: { promisedAt: at('17:00'), delivered: true, delivery: { workExplained: true, oldPartsShown: true }, nextDueGiven: true },
  followUp: { status: 'done', dueUntil: '2026-11-13', closedOn: '2026-11-12' },
};

describe('judging a visit from what it recorded', () => {
  it('meets every item when everything was recorded', () => {
    const j = judgeVisit(good, AUTO_CHECK_CODES, '2026-11-20');
    expect(j.items.every((i) => i.met === true)).toBe(true);
    expect(j.executed).toBe(true);
  });

  it('reception is timely up to the minute limit, not a second after', () => {
    expect(judgeItem('timely_reception', { ...good, greetedAt: at('09:02') }, '2026-11-20')).toBe(true);
    expect(judgeItem('timely_reception', { ...good, greetedAt: new Date(at('09:02').getTime() + 1000) }, '2026-11-20')).toBe(false);
  });

  it('no walk-around recorded misses both its items', () => {
    const j = judgeVisit({ ...good, inspection: null }, ['covers_used', 'walkaround_signed'], '2026-11-20');
    expect(j.items).toEqual([
      { code: 'covers_used', met: false },
      { code: 'walkaround_signed', met: false },
    ]);
    expect(j.executed).toBe(false);
  });

  it('delivery items do not apply before delivery; the order items do not apply without an order', () => {
    const open = { ...good, ro: { ...good.ro!, delivered: false } };
    expect(judgeItem('charges_explained', open, '2026-11-20')).toBeNull();
    expect(judgeItem('next_due_given', open, '2026-11-20')).toBeNull();
    expect(judgeItem('promised_time_on_ro', { ...good, ro: null }, '2026-11-20')).toBeNull();
    expect(judgeItem('old_parts_shown', { ...good, ro: { ...good.ro!, delivery: null } }, '2026-11-20')).toBe(false);
  });

  it('the follow-up call: made in its window met, made late or not made by its end missed, still open in the window n/a', () => {
    const call = (status: 'open' | 'done', closedOn: string | null) => ({
      ...good,
      followUp: { status, dueUntil: '2026-11-13', closedOn },
    });
    expect(judgeItem('follow_up_call_in_window', call('done', '2026-11-13'), '2026-11-20')).toBe(true);
    expect(judgeItem('follow_up_call_in_window', call('done', '2026-11-14'), '2026-11-20')).toBe(false);
    expect(judgeItem('follow_up_call_in_window', call('open', null), '2026-11-13')).toBeNull();
    expect(judgeItem('follow_up_call_in_window', call('open', null), '2026-11-14')).toBe(false);
  });

  it('a missed item the dealer switched off is not held against the visit', () => {
    const late = { ...good, greetedAt: at('09:10') };
    expect(judgeVisit(late, AUTO_CHECK_CODES, '2026-11-20').executed).toBe(false);
    expect(
      judgeVisit(
        late,
        AUTO_CHECK_CODES.filter((c) => c !== 'timely_reception'),
        '2026-11-20',
      ).executed,
    ).toBe(true);
  });
});

describe('the figures', () => {
  it('execution rate: 3 of 4 visits executed is 75%; an item counts only where it applies', () => {
    const codes = ['timely_reception', 'charges_explained'] as const;
    const judged = [
      judgeVisit(good, codes, '2026-11-20'),
      judgeVisit(good, codes, '2026-11-20'),
      judgeVisit({ ...good, ro: null }, codes, '2026-11-20'), // charges n/a
      judgeVisit({ ...good, greetedAt: at('09:05') }, codes, '2026-11-20'),
    ];
    expect(executionFigures(judged, codes)).toEqual({
      visits: 4,
      executed: 3,
      executionRate: 0.75,
      perItem: [
        { code: 'timely_reception', applicable: 4, passed: 3, rate: 0.75 },
        { code: 'charges_explained', applicable: 3, passed: 3, rate: 1 },
      ],
    });
  });

  it('drill pass rate: 5 passed of 6 is 83.33%; no drill is no rate', () => {
    expect(drillPassFigures(['pass', 'pass', 'fail', 'pass', 'pass', 'pass'])).toEqual({
      drillParticipants: 6,
      drillPassed: 5,
      drillPassRate: 0.8333,
    });
    expect(drillPassFigures([]).drillPassRate).toBeNull();
  });

  it('spot-checks needed: 50% of 9 visits is 5 checks, 2 done leaves 3; never below 0', () => {
    expect(spotChecksNeeded(9, 2, 0.5)).toBe(3);
    expect(spotChecksNeeded(10, 0, 0.5)).toBe(5);
    expect(spotChecksNeeded(10, 7, 0.5)).toBe(0);
  });
});

describe('the proposed sample', () => {
  const now = at('12:00');
  const visit = (id: string, saId: string | null, hhmm: string, over: { checked?: boolean; executed?: boolean } = {}) => ({
    visitId: id,
    saId,
    arrivedAt: at(hhmm),
    checked: over.checked ?? false,
    executed: over.executed ?? true,
  });

  it('reaches the target advisor by advisor, the missed and the recent first, and leaves out visits not yet arrived', () => {
    const candidates = [
      visit('v1', 'sa-a', '08:00', { checked: true }),
      visit('v2', 'sa-a', '08:30'),
      visit('v3', 'sa-a', '09:00'),
      visit('v4', 'sa-b', '08:10'),
      visit('v5', 'sa-b', '08:20', { executed: false }),
      visit('v6', 'sa-b', '08:40'),
      visit('v7', 'sa-b', '13:00'), // after now
    ];
    // 6 arrived visits × 50% = 3 checks, 1 done → 2 more: sa-b has none yet (its missed v5), then a tie at 1 → sa-a's latest (v3).
    const sample = proposeSample(candidates, 0.5, now);
    expect(sample).toMatchObject({ visits: 6, checked: 1, needed: 2 });
    expect(sample.picks.map((p) => p.visitId)).toEqual(['v5', 'v3']);
  });

  it('is the same for the same input, whatever the order it came in', () => {
    const candidates = [
      visit('v2', 'sa-a', '08:30'),
      visit('v3', 'sa-b', '09:00'),
      visit('v4', 'sa-c', '08:10'),
      visit('v5', 'sa-a', '08:20'),
    ];
    const a = proposeSample(candidates, 1, now).picks.map((p) => p.visitId);
    const b = proposeSample([...candidates].reverse(), 1, now).picks.map((p) => p.visitId);
    expect(a).toEqual(['v2', 'v3', 'v4', 'v5']);
    expect(b).toEqual(a);
  });

  it('proposes nothing when coverage already meets the target', () => {
    expect(proposeSample([visit('v1', 'a', '08:00', { checked: true }), visit('v2', 'a', '08:10')], 0.5, now).picks).toEqual([]);
  });
});

describe('the checklist', () => {
  it('the standard is every automatic item and the manual ones, ordered by step', () => {
    const list = effectiveChecklist([]);
    expect(list).toHaveLength(DEFAULT_CHECKLIST.length);
    expect(list[0]).toMatchObject({ step: 'reception' });
    expect(list.at(-1)).toMatchObject({ step: 'follow_up', kind: 'auto' });
    expect(checklistProblem(list)).toBeNull();
  });

  it('refuses an automatic item the system cannot judge, a duplicate code and a dealer item without text', () => {
    const own = { step: 'reception' as const, code: 'tea_offered', kind: 'manual' as const, label: null, active: true };
    expect(checklistProblem([{ ...own, kind: 'auto' }])).toEqual({ field: 'items.0.code', code: 'not_judgeable' });
    expect(checklistProblem([own])).toEqual({ field: 'items.0.label', code: 'required' });
    expect(
      checklistProblem([
        { ...own, label: '奉茶' },
        { ...own, label: '奉茶' },
      ]),
    ).toEqual({ field: 'items.1.code', code: 'duplicate' });
    expect(checklistProblem([{ step: 'delivery', code: 'covers_used', kind: 'auto', label: null, active: true }])).toEqual({
      field: 'items.0.step',
      code: 'wrong_step',
    });
  });
});

describe('a submission', () => {
  const items = [{ code: 'greeting_etiquette' }, { code: 'car_clean_at_delivery' }];
  it('judges every item once and names the failed ones', () => {
    expect(
      judgeSubmission(items, [
        { code: 'greeting_etiquette', result: 'pass' },
        { code: 'car_clean_at_delivery', result: 'fail', note: '座椅未清洁' },
      ]),
    ).toEqual({ failed: ['car_clean_at_delivery'] });
  });
  it('names what is wrong: a missing item, an item not on the checklist, a failure without a note', () => {
    expect(judgeSubmission(items, [{ code: 'greeting_etiquette', result: 'pass' }])).toEqual({
      problem: { field: 'results', code: 'incomplete' },
    });
    expect(judgeSubmission(items, [{ code: 'x_item', result: 'pass' }])).toEqual({
      problem: { field: 'results.0.code', code: 'not_on_checklist' },
    });
    expect(judgeSubmission(items, [{ code: 'greeting_etiquette', result: 'fail', note: '' }])).toEqual({
      problem: { field: 'results.0.note', code: 'required' },
    });
  });
});
