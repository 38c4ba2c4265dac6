import { roTotals } from '@servicebay/contracts/constants';
import { describe, expect, it } from 'vitest';
import type { Catalogue } from '../../api/repairOrders';
import { quoteLines } from './quote';

const id = (n: number) => `0190a0b0-0000-7000-8000-${String(n).padStart(12, '0')}`;
const catalogue: Catalogue = {
  labourRateFen: 18_000,
  labourOperations: [{ id: id(1), code: 'L-BRK', name: '更换前刹车片', flatRateHours: 1.2 }],
  packages: [
    {
      id: id(2),
      code: 'PKG-5000',
      name: '5000公里保养',
      modelId: null,
      intervalKm: 5000,
      items: [
        { kind: 'labour', code: 'L-OIL', name: '更换机油机滤', quantity: 1, flatRateHours: 0.5, unitPriceFen: null },
        { kind: 'parts', code: 'OIL-4L', name: '机油 4L', quantity: 1, flatRateHours: null, unitPriceFen: 36_800 },
      ],
    },
  ],
};

describe('the RO form’s live quote', () => {
  it('prices the packages and the lines as the server does, with the free items and the VAT', () => {
    const { lines, pending } = quoteLines(
      [
        { key: 'a', kind: 'labour', labourOperationId: id(1), payType: 'customer', discountPercent: 10 },
        { key: 'b', kind: 'parts', partId: id(3), unitPriceFen: 48_000, quantity: 2, payType: 'customer' },
        { key: 'c', kind: 'labour', description: '免费检查', hours: 0.5, payType: 'goodwill' },
        { key: 'd', kind: 'parts', payType: 'customer', quantity: 1 },
      ],
      [id(2)],
      catalogue,
    );
    expect(pending).toBe(1);
    const totals = roTotals(lines);
    // 5000 km package 90.00 + 368.00; brakes 216.00 less 10%; pads 2 × 480.00; the goodwill check 90.00 is free.
    expect(totals.customerPayableFen).toBe(9_000 + 36_800 + 19_440 + 96_000);
    expect(totals.discountFen).toBe(2_160);
    expect(totals.freeItems).toHaveLength(1);
    expect(totals.freeItems[0]!.amount.netFen).toBe(9_000);
    expect(totals.totalFen).toBe(170_240);
    expect(totals.taxIncludedFen).toBe(18_550); // 1,612.40 × 13 / 113 = 185.497…
  });

  it('quotes nothing for lines not yet complete, and nothing for packages not chosen', () => {
    const { lines, pending } = quoteLines([{ key: 'a', kind: 'labour', payType: 'customer' }], [], catalogue);
    expect(lines).toEqual([]);
    expect(pending).toBe(1);
    expect(roTotals(lines)).toMatchObject({ totalFen: 0, customerPayableFen: 0, taxIncludedFen: 0 });
  });
});
