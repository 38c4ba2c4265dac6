import { z } from 'zod';
import { idSchema } from './common.js';
import { BUDGET_STANDINGS, COST_CATEGORIES, MAX_BUDGET_MONTHS } from './costs.constants.js';

export * from './costs.constants.js';

// Service cost management (服务成本管理, domain.md §10): budgets per month and category, the actual cost
// read from where it is recorded, the variance and a warning when a category runs over.

const monthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'month_format');
const monthIndex = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;

export const costOverviewQuerySchema = z
  .object({ from: monthSchema, to: monthSchema, dealerId: idSchema.optional() })
  .superRefine((q, ctx) => {
    if (!/^\d{4}-\d{2}$/.test(q.from) || !/^\d{4}-\d{2}$/.test(q.to)) return;
    if (q.to < q.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'before_from' });
    else if (monthIndex(q.to) - monthIndex(q.from) >= MAX_BUDGET_MONTHS)
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'too_long' });
  });
export type CostOverviewQuery = z.infer<typeof costOverviewQuerySchema>;

const figuresSchema = z.object({
  /** null: no budget set. */
  budgetFen: z.number().int().nullable(),
  /** null: nothing records this category's cost yet. */
  actualFen: z.number().int().nullable(),
  /** Actual − budget (positive: over); null without a budget. */
  varianceFen: z.number().int().nullable(),
  /** Actual ÷ budget. */
  usedShare: z.number().nullable(),
  standing: z.enum(BUDGET_STANDINGS),
});

export const costOverviewSchema = z.object({
  months: z.array(monthSchema),
  dealers: z.array(
    z.object({
      dealer: z.object({ id: idSchema, name: z.string() }),
      categories: z.array(
        figuresSchema.extend({
          category: z.enum(COST_CATEGORIES),
          months: z.array(figuresSchema.extend({ month: monthSchema, version: z.number().int().nullable() })),
        }),
      ),
      total: figuresSchema,
    }),
  ),
});
export type CostOverview = z.infer<typeof costOverviewSchema>;

/** A month's budget of a category (set again to change it; 0 is a budget of nothing). */
export const costBudgetInputSchema = z.object({
  category: z.enum(COST_CATEGORIES),
  month: monthSchema,
  budgetFen: z.number().int().min(0).max(100_000_000_00),
  /** The version read, when changing a budget already set. */
  version: z.number().int().min(1).optional(),
});
export type CostBudgetInput = z.infer<typeof costBudgetInputSchema>;
