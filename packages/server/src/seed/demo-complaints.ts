import type { ComplaintCategory, Role } from '@servicebay/contracts';
import type { Actor } from '../platform/actor.js';
import type { Database } from '../platform/db.js';
import { fixedClock } from '../platform/clock.js';
import type { Services } from '../services.js';

// The demo's complaint desk, made through the same use-cases staff use: at each dealer a handful of
// cases from the last weeks — closed ones with recovery for the analysis page, open ones in every
// state, and one whose 24-hour feedback was missed (its timer escalates it as the server starts).

type DemoCase = { category: ComplaintCategory; words: string; daysAgo: number; end: 'open' | 'feedback' | 'closed'; recovery?: { kind: 'free_wash' | 'gift' | 'labour_discount' | 'loaner_car'; costFen: number } };

const CASES: DemoCase[] = [
  { category: 'repair_quality', words: '上周刚修的异响又出现了，第二次来了', daysAgo: 18, end: 'closed', recovery: { kind: 'loaner_car', costFen: 30_000 } },
  { category: 'timeliness', words: '约好下午四点交车，等到六点还没好', daysAgo: 15, end: 'closed', recovery: { kind: 'free_wash', costFen: 3_000 } },
  { category: 'price', words: '结算比报价多了三百块，没人提前说明', daysAgo: 12, end: 'closed', recovery: { kind: 'labour_discount', costFen: 10_000 } },
  { category: 'repair_quality', words: '交车时座椅上有油污，脚垫也没换回来', daysAgo: 9, end: 'closed', recovery: { kind: 'gift', costFen: 20_000 } },
  { category: 'parts', words: '刹车片说要等两周才能到货', daysAgo: 6, end: 'feedback' },
  { category: 'service_attitude', words: '前台接待不理人，等了二十分钟才有人接车', daysAgo: 3, end: 'feedback' },
  { category: 'product_quality', words: '车机系统经常死机重启，上次说升级就好了', daysAgo: 1.2, end: 'open' },
];

/** `servicesAt` gives the use-cases a clock set to when each step happened. */
export async function seedDemoComplaints(db: Database, servicesAt: (clock: { now(): Date }) => Services, now: Date) {
  const clock = fixedClock(now);
  const services = servicesAt(clock);
  const at = (daysAgo: number, plusHours = 0) => clock.set(new Date(now.getTime() - daysAgo * 86_400_000 + plusHours * 3_600_000));
  const dealers = await db.selectFrom('dealers').select(['id', 'network_id', 'code', 'time_zone']).orderBy('code').execute();
  for (const dealer of dealers) {
    const sa = await db.selectFrom('users').select(['id', 'roles']).where('dealer_id', '=', dealer.id).where('login', 'like', 'sa.%').executeTakeFirst();
    const manager = await db.selectFrom('users').select(['id', 'roles']).where('dealer_id', '=', dealer.id).where('login', 'like', 'manager.%').executeTakeFirst();
    if (!sa || !manager) continue;
    const actor = (user: { id: string; roles: string[] }): Actor => ({ userId: user.id, tokenId: null, networkId: dealer.network_id, dealerId: dealer.id, roles: user.roles as Role[], timeZone: dealer.time_zone, requestId: null });
    const customers = await db
      .selectFrom('vehicles as v')
      .innerJoin('dealer_vehicles as dv', 'dv.vehicle_id', 'v.id')
      .select(['v.id as vehicleId', 'v.owner_id as customerId'])
      .where('dv.dealer_id', '=', dealer.id)
      .orderBy('v.id')
      .limit(CASES.length + 1)
      .execute();
    for (const [n, demo] of CASES.entries()) {
      // The last case comes from the first customer again: a repeat complainant.
      const party = n === CASES.length - 1 ? customers[0] : customers[n];
      if (!party) break;
      at(demo.daysAgo);
      let c = await services.complaints.register(actor(sa), {
        ...party,
        channel: n % 3 === 0 ? 'phone' : 'in_person',
        customerWords: demo.words,
        category: demo.category,
        severity: 'complaint',
      });
      if (demo.end === 'open') continue;
      at(demo.daysAgo, n === 1 ? 30 : 3); // one feedback came late
      c = await services.complaints.communicate(actor(sa), c.id, { version: c.version, channel: 'phone', summary: '向客户致歉，说明核实情况和处理方案', feedback: true });
      if (demo.end !== 'closed') continue;
      at(demo.daysAgo - 2);
      if (demo.recovery) c = await services.complaints.addRecovery(actor(manager), c.id, { version: c.version, ...demo.recovery, description: null });
      c = await services.complaints.accept(actor(sa), c.id, { version: c.version, solutionPlan: '按方案处理并回访确认' });
      at(demo.daysAgo - 2.5);
      await services.complaints.close(actor(manager), c.id, { version: c.version, finalSatisfaction: n % 2 ? 'satisfied' : 'very_satisfied', causeClass: n === 2 ? 'dissatisfaction' : 'defect', preventable: n !== 2, preventionMeasure: '纳入周例会案例，完善交车前检查' });
    }
  }
}
