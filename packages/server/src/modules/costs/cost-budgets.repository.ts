import type { CostCategory } from '@servicebay/contracts';
import { sql } from 'kysely';
import type { Database } from '../../platform/db.js';
import { inScope, type Scope } from '../../platform/scope.js';

export type BudgetRow = { dealer_id: string; category: CostCategory; month: string; budget_fen: string; version: number };
export type ActualRow = { dealer_id: string; category: CostCategory; month: string; actual_fen: string };

/** Months are `YYYY-MM`; `from` and `until` are the first days of the first month and of the month after the last. */
export function createCostBudgetsRepository(db: Database) {
  async function dealers(scope: Scope): Promise<{ id: string; name: string }[]> {
    const { rows } = await sql<{ id: string; name: string }>`
      select id, name from dealers where ${inScope(scope, 'id')} order by code`.execute(db);
    return rows;
  }

  async function budgets(scope: Scope, from: string, until: string): Promise<BudgetRow[]> {
    const { rows } = await sql<BudgetRow>`
      select dealer_id, category, to_char(month, 'YYYY-MM') as month, budget_fen, version
      from cost_budgets
      where ${inScope(scope, 'dealer_id')} and month >= ${from}::date and month < ${until}::date`.execute(db);
    return rows;
  }

  /**
   * What each category cost per dealer and local month, read where it is recorded: the approved
   * service recoveries of complaints (by their decision), the win-back cases (by their opening), the
   * activity plans (by their start) and the customer activities held or open (by their start; a plan an
   * activity carries out is counted once, as the activity), the goodwill lines of the invoices (by the invoice) and, as
   * value-added services, the loaner cars lent (their cost per day × days out, by their return).
   */
  async function actuals(scope: Scope, from: string, until: string): Promise<ActualRow[]> {
    const local = (instant: string) => sql`(${sql.ref(instant)} at time zone d.time_zone)`;
    const inPeriod = (instant: string) =>
      sql`${sql.ref(instant)} >= (${from}::date - 1)::timestamptz and ${sql.ref(instant)} < (${until}::date + 1)::timestamptz
        and ${local(instant)} >= ${from}::timestamp and ${local(instant)} < ${until}::timestamp`;
    const month = (instant: string) => sql`to_char(${local(instant)}, 'YYYY-MM')`;
    // Two sources feed 'activities' (plans and activities): one row per dealer, category and month.
    const { rows } = await sql<ActualRow>`
      select dealer_id, category, month, sum(actual_fen) as actual_fen from (
      select r.dealer_id, 'service_recovery' as category, ${month('r.decided_at')} as month, sum(r.cost_fen) as actual_fen
      from complaint_recoveries r join dealers d on d.id = r.dealer_id
      where ${inScope(scope, 'r.dealer_id')} and r.status = 'approved' and ${inPeriod('r.decided_at')}
      group by 1, 3
      union all
      select w.dealer_id, 'win_back', ${month('w.created_at')}, sum(w.cost_fen)
      from win_back_cases w join dealers d on d.id = w.dealer_id
      where ${inScope(scope, 'w.dealer_id')} and ${inPeriod('w.created_at')}
      group by 1, 3
      union all
      select p.dealer_id, 'activities', to_char(p.period_from, 'YYYY-MM'), sum(p.actual_cost_fen)
      from work_plans p
      where ${inScope(scope, 'p.dealer_id')} and p.kind = 'activity' and p.actual_cost_fen is not null
        and p.period_from >= ${from}::date and p.period_from < ${until}::date
        and not exists (select 1 from activities a where a.dealer_id = p.dealer_id and a.work_plan_id = p.id and a.state in ('open', 'closed'))
      group by 1, 3
      union all
      select a.dealer_id, 'activities', ${month('a.starts_at')}, sum(a.cost_fen)
      from activities a join dealers d on d.id = a.dealer_id
      where ${inScope(scope, 'a.dealer_id')} and a.state in ('open', 'closed') and a.cost_fen > 0 and ${inPeriod('a.starts_at')}
      group by 1, 3
      union all
      select i.dealer_id, 'goodwill', ${month('i.created_at')}, sum((i.totals -> 'byPayType' -> 'goodwill' ->> 'netFen')::bigint)
      from invoices i join dealers d on d.id = i.dealer_id
      where ${inScope(scope, 'i.dealer_id')} and i.totals -> 'byPayType' -> 'goodwill' is not null and ${inPeriod('i.created_at')}
      group by 1, 3
      union all
      select l.dealer_id, 'value_added', ${month('l.returned_at')}, sum(l.cost_fen)
      from loaner_reservations l join dealers d on d.id = l.dealer_id
      where ${inScope(scope, 'l.dealer_id')} and l.status = 'returned' and ${inPeriod('l.returned_at')}
      group by 1, 3
      ) costs
      group by dealer_id, category, month`.execute(db);
    return rows;
  }

  async function budgetOf(dealerId: string, category: CostCategory, month: string) {
    return db
      .selectFrom('cost_budgets')
      .selectAll()
      .where('dealer_id', '=', dealerId)
      .where('category', '=', category)
      .where('month', '=', month)
      .forUpdate()
      .executeTakeFirst();
  }

  async function saveBudget(row: {
    dealer_id: string;
    category: CostCategory;
    month: string;
    budget_fen: number;
    version: number;
    updated_by: string;
    updated_at: Date;
  }): Promise<void> {
    await db
      .insertInto('cost_budgets')
      .values(row)
      .onConflict((c) =>
        c.columns(['dealer_id', 'category', 'month']).doUpdateSet({
          budget_fen: row.budget_fen,
          version: row.version,
          updated_by: row.updated_by,
          updated_at: row.updated_at,
        }),
      )
      .execute();
  }

  return { dealers, budgets, actuals, budgetOf, saveBudget };
}
