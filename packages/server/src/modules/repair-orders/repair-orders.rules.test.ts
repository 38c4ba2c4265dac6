import { describe, expect, it } from 'vitest';
import type { Reading } from '../vehicles/vehicles.rules.js';
import {
  DEFAULT_DISCOUNT_LIMITS,
  PAY_TYPES,
  RO_STATUSES,
  VAT_RATE,
  addMonths,
  additionalItemDecision,
  billableAdditionalLines,
  canEditLines,
  discountNeedsApproval,
  labourEfficiency,
  lineAmountFen,
  lineEditMode,
  nextMaintenanceDue,
  onTimeDeliveryRate,
  reworkRate,
  roNumber,
  roTotals,
  roTransition,
  vatContainedFen,
  type AdditionalItem,
  type PayType,
  type RoLine,
  type RoStatus,
} from './repair-orders.rules.js';

const at = (local: string) => new Date(`${local}+08:00`);
const labour = (name: string, hours: number, hourlyRateFen: number, payType: PayType = 'customer', discount?: RoLine['discount']) =>
  ({ name, kind: 'labour', hours, hourlyRateFen, payType, discount }) as const;
const parts = (name: string, quantity: number, unitPriceFen: number, payType: PayType = 'customer', discount?: RoLine['discount']) =>
  ({ name, kind: 'parts', quantity, unitPriceFen, payType, discount }) as const;

describe('RO status machine (domain.md §4)', () => {
  const signed = { lineCount: 3, promisedAt: at('2026-11-23T17:00:00'), signedAt: at('2026-11-23T09:20:00'), now: at('2026-11-23T09:20:00') };

  it('walks a signed RO from open to closed, one step at a time', () => {
    const path: RoStatus[] = ['open', 'authorised', 'in_progress', 'quality_check', 'ready', 'invoiced', 'delivered', 'closed'];
    for (let i = 1; i < path.length; i++) expect(roTransition(path[i - 1]!, path[i]!, signed)).toEqual({ ok: true, rework: false });
  });

  it('does not authorise the work before the job lines, the promised delivery time and the signature are on the RO', () => {
    expect(roTransition('open', 'authorised', { ...signed, lineCount: 0 })).toMatchObject({ ok: false, code: 'no_lines' });
    expect(roTransition('open', 'authorised', { ...signed, promisedAt: null })).toMatchObject({ ok: false, code: 'promised_time_required' });
    expect(roTransition('open', 'authorised', { ...signed, signedAt: null })).toMatchObject({ ok: false, code: 'signature_required' });
    expect(roTransition('open', 'authorised', {})).toMatchObject({ ok: false, code: 'no_lines' });
  });

  it('refuses a promised delivery time that has already passed when the customer signs', () => {
    expect(roTransition('open', 'authorised', { ...signed, promisedAt: at('2026-11-23T09:00:00') })).toMatchObject({ ok: false, code: 'promised_time_in_past' });
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
      'open>authorised', 'authorised>in_progress', 'in_progress>quality_check', 'quality_check>ready', 'ready>invoiced',
      'invoiced>delivered', 'delivered>closed', 'quality_check>in_progress',
      'open>cancelled', 'authorised>cancelled', 'in_progress>cancelled',
    ]);
    for (const from of RO_STATUSES) {
      for (const to of RO_STATUSES) expect(roTransition(from, to, { ...signed, reason: '原因' }).ok, `${from} → ${to}`).toBe(allowed.has(`${from}>${to}`));
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

describe('line amounts in fen', () => {
  it('prices labour as hours × hourly rate and parts as quantity × unit price', () => {
    expect(lineAmountFen(labour('更换前刹车片', 1.2, 18_000))).toEqual({ grossFen: 21_600, discountFen: 0, netFen: 21_600 });
    expect(lineAmountFen(parts('机油 5W-30 (升)', 4.5, 8_800))).toEqual({ grossFen: 39_600, discountFen: 0, netFen: 39_600 });
    expect(lineAmountFen(parts('雨刮片', 2, 12_850))).toEqual({ grossFen: 25_700, discountFen: 0, netFen: 25_700 });
  });

  it('rounds half a fen up', () => {
    expect(lineAmountFen(labour('四轮定位', 1.5, 12_345)).grossFen).toBe(18_518); // 18,517.5
    expect(lineAmountFen(labour('检查', 0.35, 15_010)).grossFen).toBe(5_254); // 5,253.5
    expect(lineAmountFen(labour('检查', 0.33, 18_000)).grossFen).toBe(5_940);
    expect(lineAmountFen(labour('检查', 1.15, 18_000)).grossFen).toBe(20_700); // 1.15 × 18000 is 20699.999… in floating point
  });

  it('takes a percentage discount rounded half-up, or a discount in fen, and never goes below zero', () => {
    expect(lineAmountFen(parts('前刹车片', 1, 68_000, 'customer', { percent: 10 }))).toEqual({ grossFen: 68_000, discountFen: 6_800, netFen: 61_200 });
    expect(lineAmountFen(parts('火花塞', 1, 1_255, 'customer', { percent: 10 }))).toEqual({ grossFen: 1_255, discountFen: 126, netFen: 1_129 });
    expect(lineAmountFen(parts('火花塞', 1, 10_000, 'customer', { percent: 12.5 })).discountFen).toBe(1_250);
    expect(lineAmountFen(parts('雨刮片', 2, 12_850, 'customer', { fen: 700 })).netFen).toBe(25_000);
    expect(lineAmountFen(labour('洗车', 0.3, 10_000, 'customer', { fen: 99_999 }))).toEqual({ grossFen: 3_000, discountFen: 3_000, netFen: 0 });
    expect(lineAmountFen(labour('洗车', 0.3, 10_000, 'customer', { percent: 100 })).netFen).toBe(0);
  });

  it('refuses money that is not whole fen, hours with more than two decimals and discounts over 100%', () => {
    expect(() => lineAmountFen(parts('机滤', 1, 65.5))).toThrow(RangeError);
    expect(() => lineAmountFen(labour('保养', 1.234, 18_000))).toThrow(RangeError);
    expect(() => lineAmountFen(labour('保养', -1, 18_000))).toThrow(RangeError);
    expect(() => lineAmountFen(parts('机滤', 1, 6_500, 'customer', { percent: 120 }))).toThrow(RangeError);
    expect(() => lineAmountFen(parts('机滤', 1, 6_500, 'customer', { fen: -100 }))).toThrow(RangeError);
  });
});

describe('VAT contained in tax-inclusive prices', () => {
  it('is 13% of the pre-tax amount: ¥113.00 holds ¥13.00 of VAT', () => {
    expect(VAT_RATE).toBe(0.13);
    expect(vatContainedFen(11_300)).toBe(1_300);
    expect(vatContainedFen(107_800)).toBe(12_402); // 12,401.77
    expect(vatContainedFen(100)).toBe(12); // 11.50…
    expect(vatContainedFen(0)).toBe(0);
  });
  it('rounds an exact half fen up, at any rate', () => {
    expect(vatContainedFen(3, 0.2)).toBe(1); // 0.5
    expect(vatContainedFen(15, 0.2)).toBe(3); // 2.5, not banker's 2
    expect(vatContainedFen(10_600, 0.06)).toBe(600);
  });
  it('refuses a rate that is not a fraction', () => {
    expect(() => vatContainedFen(100, 13)).toThrow(RangeError);
  });
});

describe('RO totals and the invoice', () => {
  // A first-maintenance visit (首保) that also got front brake pads, wipers, a warranty water pump and a free wash.
  const lines = [
    labour('首保工时', 1, 18_000, 'free_first_maintenance'),
    parts('机油 5W-30 (升)', 4.5, 8_800, 'free_first_maintenance'),
    parts('机油滤芯', 1, 6_500, 'free_first_maintenance'),
    parts('前刹车片', 1, 68_000, 'customer', { percent: 10 }),
    labour('更换前刹车片', 1.2, 18_000, 'customer'),
    parts('雨刮片', 2, 12_850, 'customer', { fen: 700 }),
    labour('更换水泵', 2.35, 18_000, 'warranty'),
    parts('水泵总成', 1, 86_000, 'warranty'),
    labour('免费洗车', 0.3, 10_000, 'internal'),
  ];
  const t = roTotals(lines);

  it('groups the lines by pay type with their subtotals', () => {
    expect(t.byPayType.customer).toMatchObject({ grossFen: 115_300, discountFen: 7_500, netFen: 107_800 });
    expect(t.byPayType.free_first_maintenance).toMatchObject({ grossFen: 64_100, discountFen: 0, netFen: 64_100 });
    expect(t.byPayType.warranty).toMatchObject({ grossFen: 128_300, discountFen: 0, netFen: 128_300 });
    expect(t.byPayType.internal).toMatchObject({ grossFen: 3_000, netFen: 3_000 });
    expect(t.byPayType.goodwill).toMatchObject({ grossFen: 0, discountFen: 0, netFen: 0, lines: [] });
    expect(t.byPayType.customer.lines.map((l) => l.name)).toEqual(['前刹车片', '更换前刹车片', '雨刮片']);
    expect(t.byPayType.customer.lines[0]!.amount).toEqual({ grossFen: 68_000, discountFen: 6_800, netFen: 61_200 });
  });

  it('charges the customer ¥1,078.00 of which ¥124.02 is VAT, and lists the six free items with their value', () => {
    expect(t.customerPayableFen).toBe(107_800);
    expect(t.taxIncludedFen).toBe(12_402);
    expect(t.freeItems.map((l) => l.name)).toEqual(['首保工时', '机油 5W-30 (升)', '机油滤芯', '更换水泵', '水泵总成', '免费洗车']);
    expect(t.freeItems.reduce((s, l) => s + l.amount.netFen, 0)).toBe(195_400);
  });

  it('totals all the work on the RO to the fen: sum of lines = sum of pay types = total', () => {
    expect(t.grossFen).toBe(310_700);
    expect(t.discountFen).toBe(7_500);
    expect(t.totalFen).toBe(303_200);
    expect(t.totalFen).toBe(t.customerPayableFen + t.freeItems.reduce((s, l) => s + l.amount.netFen, 0));
  });

  it('takes the VAT rate as an option, and an empty RO totals zero', () => {
    expect(roTotals([parts('轮胎', 1, 10_600)], { vatRate: 0.06 }).taxIncludedFen).toBe(600);
    const empty = roTotals([]);
    expect(empty).toMatchObject({ customerPayableFen: 0, taxIncludedFen: 0, totalFen: 0, freeItems: [] });
  });

  it('holds the invariants for 500 random ROs (seeded)', () => {
    const random = mulberry32(20_261_122);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
    const int = (max: number) => Math.floor(random() * (max + 1));
    for (let ro = 0; ro < 500; ro++) {
      const ls: RoLine[] = [];
      const count = int(30);
      for (let i = 0; i < count; i++) {
        const payType = pick(PAY_TYPES);
        const discount = pick([undefined, null, { percent: int(10_000) / 100 }, { fen: int(50_000) }]);
        ls.push(
          random() < 0.5
            ? { kind: 'labour', payType, hours: int(2_000) / 100, hourlyRateFen: int(40_000), discount }
            : { kind: 'parts', payType, quantity: pick([1, 2, 4, 0.5, 4.5, int(500) / 100]), unitPriceFen: int(500_000), discount },
        );
      }
      const totals = roTotals(ls);
      const amounts = ls.map(lineAmountFen);
      const sumOfLines = amounts.reduce((s, a) => s + a.netFen, 0);
      const sumOfPayTypes = PAY_TYPES.reduce((s, p) => s + totals.byPayType[p].netFen, 0);
      expect(sumOfLines).toBe(totals.totalFen);
      expect(sumOfPayTypes).toBe(totals.totalFen);
      expect(totals.grossFen - totals.discountFen).toBe(totals.totalFen);
      expect(totals.customerPayableFen + totals.freeItems.reduce((s, l) => s + l.amount.netFen, 0)).toBe(totals.totalFen);
      for (const p of PAY_TYPES) {
        const g = totals.byPayType[p];
        expect(g.grossFen - g.discountFen).toBe(g.netFen);
        expect(g.lines.every((l) => l.payType === p)).toBe(true);
      }
      ls.forEach((l, i) => {
        const a = amounts[i]!;
        expect(Number.isSafeInteger(a.grossFen) && Number.isSafeInteger(a.discountFen)).toBe(true);
        expect(a.netFen).toBeGreaterThanOrEqual(0);
        expect(a.netFen).toBeLessThanOrEqual(a.grossFen);
        const exact = l.kind === 'labour' ? l.hours * l.hourlyRateFen : l.quantity * l.unitPriceFen;
        expect(Math.abs(a.grossFen - exact)).toBeLessThanOrEqual(0.5 + 1e-6);
      });
      const tax = totals.taxIncludedFen;
      expect(Number.isSafeInteger(tax)).toBe(true);
      expect(Math.abs(tax - (totals.customerPayableFen * 0.13) / 1.13)).toBeLessThanOrEqual(0.5 + 1e-6);
    }
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
    expect(additionalItemDecision(acClean, { outcome: 'declined' })).toEqual({ ok: true, status: 'declined', billableLine: null, hazardWording: null, customerSignedAt: null });
  });

  it('needs the hazard wording and the customer’s signature to decline a safety item', () => {
    const signedAt = at('2026-11-23T11:05:00');
    expect(additionalItemDecision(pads, { outcome: 'declined', customerSignedAt: signedAt })).toMatchObject({ ok: false, code: 'hazard_wording_required' });
    expect(additionalItemDecision(pads, { outcome: 'declined', hazardWording: '存在安全隐患，强烈建议更换' })).toMatchObject({ ok: false, code: 'signature_required' });
    expect(additionalItemDecision(pads, { outcome: 'declined', hazardWording: ' 存在安全隐患，强烈建议更换 ', customerSignedAt: signedAt })).toEqual({
      ok: true,
      status: 'declined',
      billableLine: null,
      hazardWording: '存在安全隐患，强烈建议更换',
      customerSignedAt: signedAt,
    });
  });

  it('does not decide an item twice', () => {
    expect(additionalItemDecision({ ...pads, status: 'declined' }, { outcome: 'approved' })).toMatchObject({ ok: false, code: 'already_decided' });
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

describe('next maintenance due (domain.md §5)', () => {
  const r = (readOn: string, km: number, odometerReplaced = false): Reading => ({ readOn, km, odometerReplaced });

  it('with no readings, is the time interval alone (low confidence), across a month end', () => {
    expect(nextMaintenanceDue({ lastServiceOn: '2026-01-31', lastServiceKm: 12_000, readings: [], intervalKm: 5_000, intervalMonths: 3, today: '2026-03-10' })).toEqual({
      dueOn: '2026-04-30',
      dueKm: 17_000,
      dailyKm: null,
      confidence: 'low',
      basis: 'time_only',
      readingsUsed: 0,
    });
  });

  it('with one reading since the service, estimates 50 km a day; the 3 months come first', () => {
    // Serviced 10 June at 20,000 km; the customer told the agent 23,000 km on 9 August.
    expect(nextMaintenanceDue({ lastServiceOn: '2026-06-10', lastServiceKm: 20_000, readings: [r('2026-08-09', 23_000)], intervalKm: 5_000, intervalMonths: 3, today: '2026-08-15' })).toEqual({
      dueOn: '2026-09-10', // the 5,000 km would be reached on 18 September
      dueKm: 25_000,
      dailyKm: 50,
      confidence: 'medium',
      basis: 'time',
      readingsUsed: 2,
    });
  });

  it('for a ride-hailing driver at ~100 km a day, the 5,000 km come first', () => {
    const readings = [r('2026-03-01', 40_000), r('2026-06-01', 49_200), r('2026-07-01', 52_300)];
    // 12,300 km in 122 days; 1,900 km left after 1 July → 19 days.
    expect(nextMaintenanceDue({ lastServiceOn: '2026-06-01', lastServiceKm: 49_200, readings, intervalKm: 5_000, intervalMonths: 3, today: '2026-07-05' })).toEqual({
      dueOn: '2026-07-20',
      dueKm: 54_200,
      dailyKm: 100.8,
      confidence: 'high',
      basis: 'distance',
      readingsUsed: 3,
    });
  });

  it('for a retired owner driving ~15 km a day on a 10,000 km / 6 month model, the months come first', () => {
    const readings = [r('2025-09-15', 8_000), r('2026-03-15', 10_700), r('2026-06-20', 12_100)];
    expect(nextMaintenanceDue({ lastServiceOn: '2026-03-15', lastServiceKm: 10_700, readings, intervalKm: 10_000, intervalMonths: 6, today: '2026-07-01' })).toEqual({
      dueOn: '2026-09-15',
      dueKm: 20_700,
      dailyKm: 14.7, // 4,100 km in 278 days
      confidence: 'high',
      basis: 'time',
      readingsUsed: 3,
    });
  });

  it('with irregular readings, uses the last 4 when the last 12 months hold fewer, one per day (the highest)', () => {
    const readings = [
      r('2024-05-01', 1_000), // too old: left out
      r('2025-02-10', 9_000),
      r('2025-06-30', 13_500),
      r('2026-01-08', 19_750), // read on an RO…
      r('2026-01-08', 19_800), // …and told on a call the same day
      r('2026-04-21', 22_900),
    ];
    const due = nextMaintenanceDue({ lastServiceOn: '2026-04-21', lastServiceKm: 22_900, readings, intervalKm: 5_000, intervalMonths: 3, today: '2026-05-20' });
    // 13,900 km in 435 days from 10 Feb 2025; the 5,000 km would take until 25 September.
    expect(due).toEqual({ dueOn: '2026-07-21', dueKm: 27_900, dailyKm: 32, confidence: 'high', basis: 'time', readingsUsed: 4 });
  });

  it('with readings enough in the last 12 months, leaves older ones out', () => {
    const readings = [r('2024-01-10', 0), r('2025-12-01', 30_000), r('2026-02-01', 31_000), r('2026-04-01', 32_000), r('2026-06-01', 33_000)];
    const due = nextMaintenanceDue({ lastServiceOn: '2026-06-01', lastServiceKm: 33_000, readings, intervalKm: 5_000, intervalMonths: 6, today: '2026-06-10' });
    expect(due).toMatchObject({ dailyKm: 16.5, readingsUsed: 4, basis: 'time', dueOn: '2026-12-01' }); // 3,000 km in 182 days
  });

  it('ignores the readings before an odometer replacement, and shows a distance already overdue', () => {
    // Instrument cluster replaced under warranty on 20 Feb; serviced on the new odometer on 20 March.
    const readings = [r('2025-10-01', 80_000), r('2026-01-05', 88_000), r('2026-02-20', 10, true), r('2026-03-20', 2_300), r('2026-06-18', 9_500)];
    const due = nextMaintenanceDue({ lastServiceOn: '2026-03-20', lastServiceKm: 2_300, readings, intervalKm: 5_000, intervalMonths: 3, today: '2026-06-25' });
    // 7,300 km was passed between 20 March (2,300) and 18 June (9,500): 5,000 of 7,200 km in 90 days → day 63.
    expect(due).toEqual({ dueOn: '2026-05-22', dueKm: 7_300, dailyKm: 80.4, confidence: 'high', basis: 'distance', readingsUsed: 3 });
  });

  it('when the odometer was replaced after the last service, estimates the distance since then from the daily mileage', () => {
    const readings = [r('2025-10-10', 55_400), r('2026-01-10', 60_000), r('2026-02-01', 5, true), r('2026-03-03', 3_005)];
    const due = nextMaintenanceDue({ lastServiceOn: '2026-01-10', lastServiceKm: 60_000, readings, intervalKm: 5_000, intervalMonths: 3, today: '2026-03-10' });
    // 100 km a day on the new odometer: 5,000 km 50 days after 10 January, at about 2,805 on the new odometer.
    expect(due).toEqual({ dueOn: '2026-03-01', dueKm: 2_805, dailyKm: 100, confidence: 'medium', basis: 'distance', readingsUsed: 2 });
    const unknown = nextMaintenanceDue({ lastServiceOn: '2026-01-10', lastServiceKm: 60_000, readings: readings.slice(0, 3), intervalKm: 5_000, intervalMonths: 3, today: '2026-03-10' });
    expect(unknown).toEqual({ dueOn: '2026-04-10', dueKm: null, dailyKm: null, confidence: 'low', basis: 'time_only', readingsUsed: 0 });
  });

  it('for a car left parked, the months decide and the readings dated after today are ignored', () => {
    const readings = [r('2026-02-01', 15_000), r('2026-05-01', 15_000), r('2026-12-01', 40_000)];
    const due = nextMaintenanceDue({ lastServiceOn: '2026-02-01', lastServiceKm: 15_000, readings, intervalKm: 5_000, intervalMonths: 3, today: '2026-05-10' });
    expect(due).toEqual({ dueOn: '2026-05-01', dueKm: 20_000, dailyKm: 0, confidence: 'medium', basis: 'time', readingsUsed: 2 });
  });

  it('a short span of readings gives low confidence', () => {
    const due = nextMaintenanceDue({ lastServiceOn: '2026-05-01', lastServiceKm: 10_000, readings: [r('2026-05-11', 10_600)], intervalKm: 5_000, intervalMonths: 3, today: '2026-05-12' });
    expect(due).toMatchObject({ dailyKm: 60, confidence: 'low', dueOn: '2026-07-24', basis: 'distance' }); // 4,400 km left at 60 a day → 74 days after 11 May
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

/** A small seeded PRNG, so that the random ROs are the same on every run. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
