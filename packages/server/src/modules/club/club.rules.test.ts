import { DEFAULT_CLUB_SETTINGS, labourDiscountFen, type PayType } from '@servicebay/contracts';
import { describe, expect, it } from 'vitest';
import {
  addMonths,
  allocate,
  crossDealerBalance,
  customerNetByCategory,
  dueExpiries,
  earnedPoints,
  feeYear,
  freeServicesLeft,
  freeServicesOn,
  levelOf,
  lots,
  nextLevelBySpend,
  redeemableFen,
  redemptionProblem,
} from './club.rules.js';

const levels = DEFAULT_CLUB_SETTINGS.levels;
const limits = { pointValueFen: 1, maxRedeemPercent: 50, minRedeemPoints: 100 };

describe('club rules', () => {
  it('adds months to a calendar day, keeping the end of a shorter month', () => {
    expect(addMonths('2026-11-20', 24)).toBe('2028-11-20');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2027-12-15', 1)).toBe('2028-01-15');
  });

  it('earns only on customer-pay lines, per category at its rate', () => {
    const net = customerNetByCategory([
      { kind: 'labour', payType: 'customer', netFen: 27_000 },
      { kind: 'parts', payType: 'customer', netFen: 96_000 },
      { kind: 'labour', payType: 'warranty', netFen: 50_000 },
      { kind: 'parts', payType: 'internal', netFen: 10_000 },
      { kind: 'labour', payType: 'goodwill', netFen: 9_000 },
      { kind: 'labour', payType: 'free_first_maintenance', netFen: 20_000 },
    ]);
    expect(net).toEqual({ labour: 27_000, parts: 96_000 });
    // 270.00 labour × 2 points/yuan = 540; 960.00 parts × 1 = 960.
    expect(
      earnedPoints({ labourFen: 27_000, partsFen: 96_000, amountDueFen: 123_000, paidInPointsFen: 0 }, { labour: 2, parts: 1 }),
    ).toEqual({
      points: 1_500,
      spendFen: 123_000,
    });
  });

  it('earns nothing on what points paid: the money is spread over the categories', () => {
    // Money 1,000.00 of 1,230.00: labour 27,000 × 100,000 / 123,000 = 21,951 → 439; parts 78,048 → 780.
    expect(
      earnedPoints({ labourFen: 27_000, partsFen: 96_000, amountDueFen: 123_000, paidInPointsFen: 23_000 }, { labour: 2, parts: 1 }),
    ).toEqual({ points: 1_219, spendFen: 100_000 });
    // A member's discount lowers the amount due, so 1,161.00 paid in money of 1,230.00 of lines: 25,485 → 509, 90,614 → 906.
    expect(
      earnedPoints({ labourFen: 27_000, partsFen: 96_000, amountDueFen: 116_100, paidInPointsFen: 0 }, { labour: 2, parts: 1 }).points,
    ).toBe(1_415);
    expect(earnedPoints({ labourFen: 0, partsFen: 0, amountDueFen: 0, paidInPointsFen: 0 }, { labour: 2, parts: 1 }).points).toBe(0);
  });

  it('gives the higher of the level earned by spend and the level bought by a fee still paid for', () => {
    expect(levelOf(levels, 0, { level: null, paidUntil: null }, '2026-11-20')).toBe('silver');
    expect(levelOf(levels, 500_000, { level: null, paidUntil: null }, '2026-11-20')).toBe('gold');
    expect(levelOf(levels, 499_999, { level: 'platinum', paidUntil: '2026-11-20' }, '2026-11-20')).toBe('platinum');
    expect(levelOf(levels, 499_999, { level: 'platinum', paidUntil: '2026-11-19' }, '2026-11-20')).toBe('silver');
    expect(levelOf(levels, 2_000_000, { level: 'gold', paidUntil: '2027-01-01' }, '2026-11-20')).toBe('platinum');
    expect(nextLevelBySpend(levels, 'silver')).toEqual({ level: 'gold', spendFen: 500_000 });
    expect(nextLevelBySpend(levels, 'platinum')).toBeNull();
  });

  it('discounts the level’s percent of the customer-paid labour', () => {
    expect(labourDiscountFen(27_000, 10)).toBe(2_700);
    expect(labourDiscountFen(12_345, 5)).toBe(617); // 617.25
    expect(labourDiscountFen(27_000, 0)).toBe(0);
  });

  it('limits a redemption to the share of the invoice, what is due, the balance and the minimum', () => {
    const due = { amountDueFen: 123_000, paidFen: 0, paidInPointsFen: 0 };
    expect(redeemableFen({ ...due, balance: 100_000 }, limits)).toBe(61_500); // half of 1,230.00
    expect(redeemableFen({ ...due, balance: 2_000 }, limits)).toBe(2_000);
    expect(redeemableFen({ ...due, balance: 99 }, limits)).toBe(0); // below the 100-point minimum
    expect(redeemableFen({ ...due, paidFen: 100_000, balance: 100_000 }, limits)).toBe(23_000); // only 230.00 left
    expect(redeemableFen({ ...due, paidFen: 60_000, paidInPointsFen: 60_000, balance: 100_000 }, limits)).toBe(1_500);
    expect(redeemableFen({ ...due, balance: 1_000 }, { ...limits, pointValueFen: 10 })).toBe(10_000);

    expect(redemptionProblem(61_500, { ...due, balance: 100_000 }, limits)).toBeNull();
    expect(redemptionProblem(61_501, { ...due, balance: 100_000 }, limits)).toBe('over_limit');
    expect(redemptionProblem(99, { ...due, balance: 100_000 }, limits)).toBe('below_minimum');
    expect(redemptionProblem(1_005, { ...due, balance: 1_000 }, { ...limits, pointValueFen: 10 })).toBe('not_whole_points');
    expect(redemptionProblem(2_001, { ...due, balance: 2_000 }, limits)).toBe('points_insufficient');
  });

  it('takes redemptions from the points that expire first and expires what is left of a lot on its day', () => {
    const ledger = [
      { id: 'e1', points: 500, dealerId: 'A', expiresOn: '2026-12-01' },
      { id: 'e2', points: 800, dealerId: 'B', expiresOn: '2027-06-01' },
      { id: 'r1', points: -600, dealerId: 'B', expiresOn: null },
    ];
    const open = lots(ledger);
    expect(open).toEqual([{ id: 'e2', dealerId: 'B', expiresOn: '2027-06-01', remaining: 700 }]);
    expect(allocate(lots(ledger.slice(0, 2)), 600)).toEqual([
      { dealerId: 'A', points: 500 },
      { dealerId: 'B', points: 100 },
    ]);
    const withExpiry = [
      { id: 'e1', points: 500, dealerId: 'A', expiresOn: '2026-12-01' },
      { id: 'r1', points: -200, dealerId: 'A', expiresOn: null },
      { id: 'e2', points: 800, dealerId: 'B', expiresOn: '2027-06-01' },
    ];
    expect(dueExpiries(lots(withExpiry), '2026-11-30')).toEqual([]);
    expect(dueExpiries(lots(withExpiry), '2026-12-01')).toEqual([{ id: 'e1', dealerId: 'A', expiresOn: '2026-12-01', remaining: 300 }]);
    // Once expired (an entry naming the lot), nothing is due again.
    const expired = [...withExpiry, { id: 'x1', points: -300, dealerId: 'A', expiresOn: null, lotId: 'e1' }];
    expect(dueExpiries(lots(expired), '2026-12-02')).toEqual([]);
    expect(lots(expired).reduce((s, l) => s + l.remaining, 0)).toBe(800);
  });

  it('puts a reversed redemption back into the lots it took from, and a reversed earning takes its own lot', () => {
    const ledger = [
      { id: 'e1', points: 500, dealerId: 'A', expiresOn: '2026-12-01' },
      { id: 'e2', points: 800, dealerId: 'B', expiresOn: '2027-06-01' },
      { id: 'r1', points: -600, dealerId: 'B', expiresOn: null },
    ];
    const restored = lots([...ledger, { id: 'v1', points: 600, dealerId: 'B', expiresOn: null, lotId: 'r1' }]);
    expect(restored).toEqual([
      { id: 'e1', dealerId: 'A', expiresOn: '2026-12-01', remaining: 500 },
      { id: 'e2', dealerId: 'B', expiresOn: '2027-06-01', remaining: 800 },
    ]);
    // A positive entry that names no redemption is a lot of its own (an adjustment).
    expect(lots([{ id: 'a1', points: 50, dealerId: 'A', expiresOn: null, lotId: 'nothing' }])).toHaveLength(1);
    const earningReversed = lots([...ledger.slice(0, 2), { id: 'v2', points: -800, dealerId: 'B', expiresOn: null, lotId: 'e2' }]);
    expect(earningReversed).toEqual([{ id: 'e1', dealerId: 'A', expiresOn: '2026-12-01', remaining: 500 }]);
  });

  it('settles points redeemed away from where they were earned by the network’s rule', () => {
    const figures = { redeemedHereEarnedElsewhere: 3_000, earnedHereRedeemedElsewhere: 1_000 };
    expect(crossDealerBalance('earning_dealer', 1, figures)).toEqual({ balanceFen: 2_000, carMakerOwesFen: 0 });
    expect(crossDealerBalance('redeeming_dealer', 1, figures)).toEqual({ balanceFen: 0, carMakerOwesFen: 0 });
    expect(crossDealerBalance('car_maker', 2, figures)).toEqual({ balanceFen: 6_000, carMakerOwesFen: 6_000 });
  });
});

describe('free services at settlement', () => {
  const line = (id: string, code: string | null, netFen = 5_000, payType: PayType = 'customer', kind: 'labour' | 'parts' = 'labour') => ({
    id,
    kind,
    payType,
    code,
    description: id,
    netFen,
  });
  const codes = { check: ['L-CHK'], wash: ['L-WASH', 'L-WASH2'] };

  it('makes free the customer-pay labour lines of the named codes while the member has the service left', () => {
    const lines = [line('a', 'L-CHK'), line('b', 'L-WASH'), line('c', 'L-WASH2'), line('d', 'L-OIL'), line('e', null)];
    expect(freeServicesOn(lines, codes, { check: 1, wash: 1 })).toEqual([
      { kind: 'check', lineId: 'a', description: 'a', fen: 5_000 },
      { kind: 'wash', lineId: 'b', description: 'b', fen: 5_000 },
    ]);
    expect(freeServicesOn(lines, codes, { check: 0, wash: 2 }).map((f) => f.lineId)).toEqual(['b', 'c']);
  });

  it('never frees warranty or parts lines, nor a line already free', () => {
    const lines = [line('w', 'L-CHK', 5_000, 'warranty'), line('p', 'L-CHK', 5_000, 'customer', 'parts'), line('z', 'L-CHK', 0)];
    expect(freeServicesOn(lines, codes, { check: 3, wash: 3 })).toEqual([]);
  });

  it('counts what is left of the year from the uses of the last 12 months, never below zero', () => {
    expect(freeServicesLeft({ freeChecks: 2, freeWashes: 4 }, { check: 1, wash: 5 })).toEqual({ check: 1, wash: 0 });
  });
});

describe('the annual fee', () => {
  it('renews the level still paid for from the end of its year, starts a first or higher level today, and sells no lower level', () => {
    expect(feeYear({ level: null, paidUntil: null }, 'gold', '2026-12-06')).toEqual({ paidFrom: '2026-12-06', paidUntil: '2027-12-06' });
    expect(feeYear({ level: 'gold', paidUntil: '2027-01-31' }, 'gold', '2026-12-06')).toEqual({
      paidFrom: '2027-02-01',
      paidUntil: '2028-02-01',
    });
    expect(feeYear({ level: 'gold', paidUntil: '2026-12-05' }, 'gold', '2026-12-06')).toEqual({
      paidFrom: '2026-12-06',
      paidUntil: '2027-12-06',
    });
    expect(feeYear({ level: 'gold', paidUntil: '2027-01-31' }, 'platinum', '2026-12-06')?.paidFrom).toBe('2026-12-06');
    expect(feeYear({ level: 'platinum', paidUntil: '2027-01-31' }, 'gold', '2026-12-06')).toBeNull();
  });
});
