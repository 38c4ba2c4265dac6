import { describe, expect, it } from 'vitest';
import { lineAmountFen, type PayType, type RoLine, roTotals, VAT_RATE, vatContainedFen } from './repair-order-pricing.js';
import { PAY_TYPES } from './repair-orders.js';

const labour = (name: string, hours: number, hourlyRateFen: number, payType: PayType = 'customer', discount?: RoLine['discount']) =>
  ({ name, kind: 'labour', hours, hourlyRateFen, payType, discount }) as const;
const parts = (name: string, quantity: number, unitPriceFen: number, payType: PayType = 'customer', discount?: RoLine['discount']) =>
  ({ name, kind: 'parts', quantity, unitPriceFen, payType, discount }) as const;

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
    expect(lineAmountFen(parts('前刹车片', 1, 68_000, 'customer', { percent: 10 }))).toEqual({
      grossFen: 68_000,
      discountFen: 6_800,
      netFen: 61_200,
    });
    expect(lineAmountFen(parts('火花塞', 1, 1_255, 'customer', { percent: 10 }))).toEqual({
      grossFen: 1_255,
      discountFen: 126,
      netFen: 1_129,
    });
    expect(lineAmountFen(parts('火花塞', 1, 10_000, 'customer', { percent: 12.5 })).discountFen).toBe(1_250);
    expect(lineAmountFen(parts('雨刮片', 2, 12_850, 'customer', { fen: 700 })).netFen).toBe(25_000);
    expect(lineAmountFen(labour('洗车', 0.3, 10_000, 'customer', { fen: 99_999 }))).toEqual({
      grossFen: 3_000,
      discountFen: 3_000,
      netFen: 0,
    });
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
