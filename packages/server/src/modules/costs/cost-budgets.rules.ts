// Service cost budgets (domain.md §10): a month's budget of a category beside what was spent, the
// variance and whether the category runs over. Pure: the caller reads the rows, these decide.
import type { BudgetStanding } from '@servicebay/contracts/constants';

/** A category at or above this share of its budget is near it (a warning before it runs over). */
export const NEAR_SHARE = 0.9;

export type BudgetFigures = {
  budgetFen: number | null;
  actualFen: number | null;
  varianceFen: number | null;
  usedShare: number | null;
  standing: BudgetStanding;
};

/** The figures of a budget (null: none set) and the cost spent (null: nothing records it yet). */
export function budgetFigures(budgetFen: number | null, actualFen: number | null): BudgetFigures {
  const spent = actualFen ?? 0;
  if (budgetFen === null) return { budgetFen, actualFen, varianceFen: null, usedShare: null, standing: 'unbudgeted' };
  const usedShare = budgetFen > 0 ? spent / budgetFen : spent > 0 ? null : 0;
  const standing: BudgetStanding = spent > budgetFen ? 'over' : budgetFen > 0 && spent >= budgetFen * NEAR_SHARE ? 'near' : 'within';
  return { budgetFen, actualFen, varianceFen: spent - budgetFen, usedShare, standing };
}

/** Sums of figures: budgets and costs added where any is known. */
export function sumFigures(parts: readonly { budgetFen: number | null; actualFen: number | null }[]): BudgetFigures {
  const add = (values: (number | null)[]) => (values.some((v) => v !== null) ? values.reduce<number>((n, v) => n + (v ?? 0), 0) : null);
  return budgetFigures(add(parts.map((p) => p.budgetFen)), add(parts.map((p) => p.actualFen)));
}

/** The months from `from` to `to` (YYYY-MM), both included. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let [year, month] = [Number(from.slice(0, 4)), Number(from.slice(5, 7))];
  for (;;) {
    const m = `${year}-${String(month).padStart(2, '0')}`;
    if (m > to) return out;
    out.push(m);
    month += 1;
    if (month > 12) [year, month] = [year + 1, 1];
  }
}

/** How far from the current month a budget may be set: two years back or ahead. */
export const BUDGET_REACH_MONTHS = 24;

const monthIndex = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;

/** Whether a budget for `month` (YYYY-MM) may be set at `now`. */
export function budgetMonthInReach(month: string, now: Date): boolean {
  const current = now.getUTCFullYear() * 12 + now.getUTCMonth();
  return Math.abs(monthIndex(month) - current) <= BUDGET_REACH_MONTHS;
}

/** The first day of a month (YYYY-MM-01) and of the month after `to`. */
export function monthBounds(from: string, to: string): { from: string; until: string } {
  const next = monthIndex(to) + 1;
  return { from: `${from}-01`, until: `${Math.floor(next / 12)}-${String((next % 12) + 1).padStart(2, '0')}-01` };
}
