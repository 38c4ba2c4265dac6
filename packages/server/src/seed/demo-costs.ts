import type { CostCategory } from '@servicebay/contracts';
import { fixedClock } from '../platform/clock.js';
import type { Database } from '../platform/db.js';
import { localDate } from '../platform/dealer-time.js';
import type { Services } from '../services.js';
import { createDemoRepository } from './demo.repository.js';
import { staffActor } from './demo-actor.js';

// The service cost budgets of the last quarter, set by each dealer's service manager against what the
// year of history spent, and this month's customer activity with its cost: a grade-A dealer keeps within
// its budgets, a grade-D dealer runs over some.

const BUDGETED: readonly CostCategory[] = ['service_recovery', 'win_back', 'activities', 'value_added', 'goodwill'];
/** Budget ÷ the cost a category actually had, by grade, and a nudge per category so they differ. */
const HEADROOM: Record<string, number> = { A: 1.35, B: 1.08, C: 1.0, D: 0.85, E: 0.85, F: 0.85 };
const NUDGE: Record<CostCategory, number> = { service_recovery: 0, win_back: 0.15, activities: -0.05, value_added: 0.05, goodwill: 0.08 };
/** This month's budget of a category with no cost yet is a modest one (¥2,000); past months without cost have none. */
const FLOOR_FEN = 200_000;
const ACTIVITY_COST_FEN: Record<string, number> = { A: 760_000, B: 830_000, D: 950_000 };

const shiftMonth = (month: string, by: number) => {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + by;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
};

export async function seedDemoCosts(db: Database, servicesAt: (clock: { now(): Date }) => Services, now: Date) {
  const services = servicesAt(fixedClock(now));
  const repo = createDemoRepository(db);
  for (const dealer of await repo.dealers()) {
    const manager = await repo.staffMember(dealer.id, 'manager');
    if (!manager) continue;
    const actor = staffActor(manager, dealer);
    const today = localDate(now, dealer.time_zone);
    const month = today.slice(0, 7);
    const plan = await services.followUp.createPlan(actor, {
      kind: 'activity',
      title: '冬季免费检测日',
      periodFrom: `${month}-01`,
      periodTo: today,
      method: '短信邀约、到店活动',
      content: '免费检测电瓶、轮胎、空调与灯光，现场保养优惠',
      purpose: '提升进厂台次，招揽半年未回厂客户',
      targetCount: 60,
      minimumCount: 40,
      metric: 'manual',
      participants: '服务经理、服务顾问2人、技师3人、保险公司专员',
      plannedCostFen: 800_000,
    });
    await services.followUp.setPlanActual(actor, plan.id, {
      version: plan.version,
      actualCount: 48,
      actualCostFen: ACTIVITY_COST_FEN[dealer.grade] ?? 800_000,
    });
    const overview = await services.costBudgets.overview(actor, { from: shiftMonth(month, -2), to: month });
    const costs = overview.dealers[0]?.categories ?? [];
    for (const category of BUDGETED) {
      for (const figures of costs.find((c) => c.category === category)?.months ?? []) {
        const share = (HEADROOM[dealer.grade] ?? 1) + NUDGE[category];
        const spent = figures.actualFen ?? 0;
        if (spent === 0 && figures.month !== month) continue;
        const budgetFen = Math.max(FLOOR_FEN, Math.round((spent * share) / 10_000) * 10_000);
        await services.costBudgets.setBudget(actor, { category, month: figures.month, budgetFen });
      }
    }
  }
}
