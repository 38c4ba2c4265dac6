import { describe, expect, it } from 'vitest';
import { budgetFigures, budgetMonthInReach, monthBounds, monthsBetween, sumFigures } from './cost-budgets.rules.js';

describe('budget figures', () => {
  it('gives the variance, the share used and the standing against the budget', () => {
    // 3,000 yuan of 5,000: 60% used, 2,000 under.
    expect(budgetFigures(500_000, 300_000)).toEqual({
      budgetFen: 500_000,
      actualFen: 300_000,
      varianceFen: -200_000,
      usedShare: 0.6,
      standing: 'within',
    });
    // 90% is near, above the budget is over, exactly the budget is near.
    expect(budgetFigures(500_000, 450_000).standing).toBe('near');
    expect(budgetFigures(500_000, 500_000)).toMatchObject({ varianceFen: 0, standing: 'near' });
    expect(budgetFigures(500_000, 500_001)).toMatchObject({ varianceFen: 1, standing: 'over' });
    expect(budgetFigures(500_000, 449_999).standing).toBe('within');
  });

  it('knows a category without a budget, and one nothing records yet', () => {
    expect(budgetFigures(null, 120_000)).toEqual({
      budgetFen: null,
      actualFen: 120_000,
      varianceFen: null,
      usedShare: null,
      standing: 'unbudgeted',
    });
    expect(budgetFigures(200_000, null)).toMatchObject({ actualFen: null, varianceFen: -200_000, usedShare: 0, standing: 'within' });
    // A budget of nothing: any cost is over it.
    expect(budgetFigures(0, 0)).toMatchObject({ usedShare: 0, standing: 'within' });
    expect(budgetFigures(0, 100)).toMatchObject({ usedShare: null, varianceFen: 100, standing: 'over' });
  });

  it('adds months and categories up where any figure is known', () => {
    expect(
      sumFigures([
        { budgetFen: 100_000, actualFen: 50_000 },
        { budgetFen: null, actualFen: 80_000 },
        { budgetFen: 100_000, actualFen: null },
      ]),
    ).toMatchObject({ budgetFen: 200_000, actualFen: 130_000, varianceFen: -70_000, standing: 'within' });
    expect(sumFigures([{ budgetFen: null, actualFen: null }])).toMatchObject({ budgetFen: null, actualFen: null, standing: 'unbudgeted' });
  });
});

describe('months', () => {
  it('lists the months of a period across a year end', () => {
    expect(monthsBetween('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthsBetween('2026-03', '2026-03')).toEqual(['2026-03']);
  });

  it('bounds a period by the first day of its first month and of the month after its last', () => {
    expect(monthBounds('2025-11', '2025-12')).toEqual({ from: '2025-11-01', until: '2026-01-01' });
    expect(monthBounds('2026-02', '2026-02')).toEqual({ from: '2026-02-01', until: '2026-03-01' });
  });

  it('sets budgets two years back or ahead of the current month, no further', () => {
    const now = new Date('2026-11-20T02:00:00Z');
    expect(budgetMonthInReach('2028-11', now)).toBe(true);
    expect(budgetMonthInReach('2028-12', now)).toBe(false);
    expect(budgetMonthInReach('2024-11', now)).toBe(true);
    expect(budgetMonthInReach('2024-10', now)).toBe(false);
  });
});
