import { COST_CATEGORIES, type CostBudgetInput, type CostOverview, type CostOverviewQuery } from '@servicebay/contracts';
import { type Actor, authorize } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db.js';
import { AppError, versionConflict } from '../../platform/errors.js';
import { requireDealer, scopeOf } from '../../platform/scope.js';
import { inTransaction } from '../../platform/transaction.js';
import { createCostBudgetsRepository } from './cost-budgets.repository.js';
import { budgetFigures, budgetMonthInReach, monthBounds, monthsBetween, sumFigures } from './cost-budgets.rules.js';

type Deps = { db: Database; clock: Clock };

/** Service cost management (domain.md §10): budgets per month and category beside what was spent. */
export function createCostBudgetsService({ db, clock }: Deps) {
  /** Each dealer of the actor's scope: per category and month the budget, the cost, the variance and its standing. */
  async function overview(actor: Actor, query: CostOverviewQuery): Promise<CostOverview> {
    authorize(actor, 'cost.read');
    const scope = scopeOf(actor, query.dealerId ? { dealerIds: [query.dealerId] } : {});
    const repo = createCostBudgetsRepository(db);
    const { from, until } = monthBounds(query.from, query.to);
    const [dealers, budgets, actuals] = await Promise.all([
      repo.dealers(scope),
      repo.budgets(scope, from, until),
      repo.actuals(scope, from, until),
    ]);
    const key = (dealerId: string, category: string, month: string) => `${dealerId}|${category}|${month}`;
    const budgetAt = new Map(budgets.map((b) => [key(b.dealer_id, b.category, b.month), b]));
    const actualAt = new Map(actuals.map((a) => [key(a.dealer_id, a.category, a.month), Number(a.actual_fen)]));
    const months = monthsBetween(query.from, query.to);
    return {
      months,
      dealers: dealers.map((dealer) => {
        const categories = COST_CATEGORIES.map((category) => {
          const perMonth = months.map((month) => {
            const budget = budgetAt.get(key(dealer.id, category, month));
            const actual = actualAt.get(key(dealer.id, category, month));
            return {
              month,
              version: budget?.version ?? null,
              ...budgetFigures(budget ? Number(budget.budget_fen) : null, actual ?? 0),
            };
          });
          return { category, ...sumFigures(perMonth), months: perMonth };
        });
        return { dealer, categories, total: sumFigures(categories) };
      }),
    };
  }

  /** Set a month's budget of a category at the actor's dealer; a budget already set needs the version read. */
  async function setBudget(actor: Actor, input: CostBudgetInput): Promise<CostOverview> {
    authorize(actor, 'cost.manage');
    const dealerId = requireDealer(actor);
    const now = clock.now();
    if (!budgetMonthInReach(input.month, now)) throw AppError.field('validation_failed', 'month', 'out_of_reach');
    await inTransaction(db, async (tx) => {
      const repo = createCostBudgetsRepository(tx);
      const before = await repo.budgetOf(dealerId, input.category, `${input.month}-01`);
      if (before && before.version !== input.version) throw versionConflict(before.version);
      const version = (before?.version ?? 0) + 1;
      await repo.saveBudget({
        dealer_id: dealerId,
        category: input.category,
        month: `${input.month}-01`,
        budget_fen: input.budgetFen,
        version,
        updated_by: actor.userId,
        updated_at: now,
      });
      await recordAudit(
        tx,
        actor,
        {
          action: 'cost.budget',
          entityType: 'dealer',
          entityId: dealerId,
          before: before ? { category: input.category, month: input.month, budgetFen: Number(before.budget_fen) } : null,
          after: { category: input.category, month: input.month, budgetFen: input.budgetFen, version },
        },
        now,
      );
    });
    return overview(actor, { from: input.month, to: input.month });
  }

  return { overview, setBudget };
}

export type CostBudgetsService = ReturnType<typeof createCostBudgetsService>;
