import { type PayType, type RoLine, roTotals } from '@servicebay/contracts';
import { describe, expect, it } from 'vitest';
import {
  type AdditionalItem,
  additionalItemDecision,
  addMonths,
  billableAdditionalLines,
  canEditLines,
  DEFAULT_DISCOUNT_LIMITS,
  discountNeedsApproval,
  labourEfficiency,
  lineEditMode,
  onTimeDeliveryRate,
  RO_STATUSES,
  type RoStatus,
  reworkRate,
  roNumber,
  roTransition,
} from './repair-orders.rules.js';

const at = (local: string) => new Date(`${local}+08:00`);
const labour = (name: string, hours: number, hourlyRateFen: number, payType: PayType = 'customer', discount?: RoLine['discount']) =>
  ({ name, kind: 'labour', hours, hourlyRateFen, payType, discount }) as const;
const parts = (name: string, quantity: number, unitPriceFen: number, payType: PayType = 'customer', discount?: RoLine['discount']) =>
  ({ name, kind: 'parts', quantity, unitPriceFen, payType, discount }) as const;

describe('RO status machine (domain.md §4)', () => {
  const signed = {
    lineCount: 3,
    promisedAt: at('2026-11-23T17:00:00'),
    signedAt: at('2026-11-23T09:20:00'),
    now: at('2026-11-23T09:20:00'),
  };

  it('walks a signed RO from open to closed, one step at a time', () => {
    const path: RoStatus[] = ['open', 'authorised', 'in_progress', 'quality_check', 'ready', 'invoiced', 'delivered', 'closed'];
    for (let i = 1; i < path.length; i++) expect(roTransition(path[i - 1]!, path[i]!, signed)).toEqual({ ok: true, rework: false });
  });

  it('does not authorise the work before the job lines, the promised delivery time and the signature are on the RO', () => {
    expect(roTransition('open', 'authorised', { ...signed, lineCount: 0 })).toMatchObject({ ok: false, code: 'no_lines' });
    expect(roTransition('open', 'authorised', { ...signed, promisedAt: null })).toMatchObject({
      ok: false,
      code: 'promised_time_required',
    });
    expect(roTransition('open', 'authorised', { ...signed, signedAt: null })).toMatchObject({ ok: false, code: 'signature_required' });
    expect(roTransition('open', 'authorised', {})).toMatchObject({ ok: false, code: 'no_lines' });
  });

  it('refuses a promised delivery time that has already passed when the customer signs', () => {
    expect(roTransition('open', 'authorised', { ...signed, promisedAt: at('2026-11-23T09:00:00') })).toMatchObject({
      ok: false,
      code: 'promised_time_in_past',
    });
  });

  it('refuses skipped and backward steps with illegal_transition', () => {
    const refused: [RoStatus, RoStatus][] = [
      ['open', 'in_progress'], // the workshop cannot start before the customer signs
      ['in_progress', 'ready'], // no delivery without the quality check
      ['ready', 'delivered'], // no delivery before the invoice
      ['delivered', 'invoiced'],
      ['closed', 'open'],
      ['authorised', 'open'],
      ['ready', 'ready'],
    ];
    for (const [from, to] of refused) {
      const result = roTransition(from, to, signed);
      expect(result).toMatchObject({ ok: false, code: 'illegal_transition' });
      if (!result.ok) expect(result.message).toContain(`${from} to ${to}`);
    }
  });

  it('sends a failed quality check back to the workshop with its reason, counted as a rework', () => {
    expect(roTransition('quality_check', 'in_progress', { reason: '试车时右前轮异响仍在' })).toEqual({ ok: true, rework: true });
    expect(roTransition('quality_check', 'in_progress', { reason: '   ' })).toMatchObject({ ok: false, code: 'reason_required' });
    expect(roTransition('quality_check', 'ready')).toEqual({ ok: true, rework: false });
  });

  it('cancels with a reason before the work is finished, never after invoicing', () => {
    for (const from of ['open', 'authorised', 'in_progress'] as const) {
      expect(roTransition(from, 'cancelled', { reason: '客户改约下周' })).toEqual({ ok: true, rework: false });
      expect(roTransition(from, 'cancelled', {})).toMatchObject({ ok: false, code: 'reason_required' });
    }
    expect(roTransition('quality_check', 'cancelled', { reason: 'x' })).toMatchObject({ ok: false, code: 'illegal_transition' });
    expect(roTransition('ready', 'cancelled', { reason: 'x' })).toMatchObject({ ok: false, code: 'illegal_transition' });
    for (const from of ['invoiced', 'delivered', 'closed'] as const) {
      expect(roTransition(from, 'cancelled', { reason: '客户不要发票' })).toMatchObject({ ok: false, code: 'already_invoiced' });
    }
    expect(roTransition('cancelled', 'open', signed)).toMatchObject({ ok: false, code: 'illegal_transition' });
    expect(roTransition('cancelled', 'cancelled', { reason: 'x' })).toMatchObject({ ok: false, code: 'illegal_transition' });
  });

  it('allows exactly the documented transitions among all 81 pairs', () => {
    const allowed = new Set([
      'open>authorised',
      'authorised>in_progress',
      'in_progress>quality_check',
      'quality_check>ready',
      'ready>invoiced',
      'invoiced>delivered',
      'delivered>closed',
      'quality_check>in_progress',
      'open>cancelled',
      'authorised>cancelled',
      'in_progress>cancelled',
    ]);
    for (const from of RO_STATUSES) {
      for (const to of RO_STATUSES)
        expect(roTransition(from, to, { ...signed, reason: '原因' }).ok, `${from} → ${to}`).toBe(allowed.has(`${from}>${to}`));
    }
  });

  it('lets lines change freely while open, only as approved additional work until QC, and never after', () => {
    expect(lineEditMode('open')).toBe('free');
    expect(lineEditMode('authorised')).toBe('needs_approval');
    expect(lineEditMode('in_progress')).toBe('needs_approval');
    for (const s of ['quality_check', 'ready', 'invoiced', 'delivered', 'closed', 'cancelled'] as const) {
      expect(lineEditMode(s)).toBe('locked');
      expect(canEditLines(s)).toBe(false);
    }
    expect(canEditLines('in_progress')).toBe(true);
  });
});

describe('discount authority', () => {
  const roles = DEFAULT_DISCOUNT_LIMITS;
  it('lets an SA give up to 5%, a service manager up to 15%, the general manager anything', () => {
    // 6.5% off ¥1,153.00 of customer-pay work
    expect(discountNeedsApproval(7_500, 115_300, roles, ['service_advisor'])).toBe(true);
    expect(discountNeedsApproval(7_500, 115_300, roles, ['service_advisor', 'service_manager'])).toBe(false);
    expect(discountNeedsApproval(5_000, 100_000, roles, ['service_advisor'])).toBe(false); // exactly 5%
    expect(discountNeedsApproval(5_001, 100_000, roles, ['service_advisor'])).toBe(true);
    expect(discountNeedsApproval(15_001, 100_000, roles, ['service_manager'])).toBe(true);
    expect(discountNeedsApproval(100_000, 100_000, roles, ['general_manager'])).toBe(false);
  });
  it('needs approval for any discount by a role without a limit, and none when there is no discount', () => {
    expect(discountNeedsApproval(1, 100_000, roles, ['cashier'])).toBe(true);
    expect(discountNeedsApproval(1, 100_000, roles, [])).toBe(true);
    expect(discountNeedsApproval(0, 100_000, roles, [])).toBe(false);
    expect(discountNeedsApproval(100, 0, roles, ['service_manager'])).toBe(true);
  });
  it('follows the dealer’s own limits, fractional percentages included', () => {
    expect(discountNeedsApproval(850, 10_000, { service_advisor: 8.5 }, ['service_advisor'])).toBe(false);
    expect(discountNeedsApproval(851, 10_000, { service_advisor: 8.5 }, ['service_advisor'])).toBe(true);
  });
});

describe('additional work (增修项目)', () => {
  const pads: AdditionalItem = { line: parts('后刹车片', 1, 52_000), safety: true, status: 'pending' };
  const acClean: AdditionalItem = { line: labour('空调清洗', 0.5, 18_000), safety: false, status: 'pending' };

  it('bills an approved item, and nothing pending or declined', () => {
    expect(additionalItemDecision(pads, { outcome: 'approved' })).toEqual({ ok: true, status: 'approved', billableLine: pads.line });
    const items: AdditionalItem[] = [
      { ...pads, status: 'approved' },
      { ...acClean, status: 'declined' },
      { line: parts('空调滤芯', 1, 16_800), safety: false, status: 'pending' },
    ];
    expect(billableAdditionalLines(items)).toEqual([pads.line]);
    expect(roTotals([parts('机滤', 1, 6_500), ...billableAdditionalLines(items)]).customerPayableFen).toBe(58_500);
  });

  it('records a declined ordinary item without a signature, and never bills it', () => {
    expect(additionalItemDecision(acClean, { outcome: 'declined' })).toEqual({
      ok: true,
      status: 'declined',
      billableLine: null,
      hazardWording: null,
      customerSignedAt: null,
    });
  });

  it('needs the hazard wording and the customer’s signature to decline a safety item', () => {
    const signedAt = at('2026-11-23T11:05:00');
    expect(additionalItemDecision(pads, { outcome: 'declined', customerSignedAt: signedAt })).toMatchObject({
      ok: false,
      code: 'hazard_wording_required',
    });
    expect(additionalItemDecision(pads, { outcome: 'declined', hazardWording: '存在安全隐患，强烈建议更换' })).toMatchObject({
      ok: false,
      code: 'signature_required',
    });
    expect(
      additionalItemDecision(pads, { outcome: 'declined', hazardWording: ' 存在安全隐患，强烈建议更换 ', customerSignedAt: signedAt }),
    ).toEqual({
      ok: true,
      status: 'declined',
      billableLine: null,
      hazardWording: '存在安全隐患，强烈建议更换',
      customerSignedAt: signedAt,
    });
  });

  it('does not decide an item twice', () => {
    expect(additionalItemDecision({ ...pads, status: 'declined' }, { outcome: 'approved' })).toMatchObject({
      ok: false,
      code: 'already_decided',
    });
  });
});

describe('adding months', () => {
  it('stays within the month at month ends', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-08-31', 6)).toBe('2027-02-28');
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
    expect(addMonths('2026-11-15', 3)).toBe('2027-02-15');
    expect(addMonths('2026-11-20', -12)).toBe('2025-11-20');
  });
});

describe('KPIs', () => {
  it('on-time delivery: delivered by the promised time ÷ delivered ROs', () => {
    const promised = at('2026-11-23T17:00:00');
    const ros = [
      { promisedAt: promised, deliveredAt: at('2026-11-23T16:30:00') },
      { promisedAt: promised, deliveredAt: promised }, // on the minute counts
      { promisedAt: promised, deliveredAt: at('2026-11-23T16:59:00') },
      { promisedAt: promised, deliveredAt: at('2026-11-23T17:20:00') },
      { promisedAt: promised, deliveredAt: null }, // not delivered yet: not counted
    ];
    expect(onTimeDeliveryRate(ros)).toBe(75);
    expect(onTimeDeliveryRate([{ promisedAt: promised, deliveredAt: null }])).toBeNull();
  });
  it('rework rate: ROs sent back from QC at least once ÷ ROs checked', () => {
    expect(reworkRate([{ reworkCount: 2 }, { reworkCount: 1 }, ...Array.from({ length: 6 }, () => ({ reworkCount: 0 }))])).toBe(25);
    expect(reworkRate([{ reworkCount: 0 }, { reworkCount: 0 }, { reworkCount: 1 }])).toBe(33.3);
    expect(reworkRate([])).toBeNull();
  });
  it('labour efficiency: hours sold ÷ hours clocked', () => {
    expect(labourEfficiency(38.5, 35)).toBe(110);
    expect(labourEfficiency(7.3, 8.15)).toBe(89.6);
    expect(labourEfficiency(7.3, 0)).toBeNull();
  });
});

describe('RO number', () => {
  it('reads RO-YYYYMMDD-NNNN', () => {
    expect(roNumber('2026-11-22', 12)).toBe('RO-20261122-0012');
    expect(roNumber('2026-11-22', 10_000)).toBe('RO-20261122-10000');
    expect(() => roNumber('20261122', 1)).toThrow(RangeError);
    expect(() => roNumber('2026-11-22', 0)).toThrow(RangeError);
  });
});
