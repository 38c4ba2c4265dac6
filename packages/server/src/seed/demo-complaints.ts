import type { ComplaintCategory, Role } from '@servicebay/contracts';
import type { Actor } from '../platform/actor.js';
import { fixedClock } from '../platform/clock.js';
import type { Database } from '../platform/db.js';
import type { Services } from '../services.js';
import { createDemoRepository } from './demo.repository.js';

// The demo's complaint desk, made through the same use-cases staff use, beside the complaints the
// history's low scores and dissatisfied calls opened: closed cases of the year with their recovery
// (two at the dealer of the lowest grade), and one recent case per dealer still open — one of them
// past its 24-hour feedback, so its timer escalates it as the server starts.

type DemoCase = {
  grades: string;
  category: ComplaintCategory;
  words: string;
  daysAgo: number;
  end: 'open' | 'feedback' | 'closed';
  recovery?: { kind: 'free_wash' | 'gift' | 'labour_discount' | 'loaner_car'; costFen: number };
};

const CASES: DemoCase[] = [
  {
    grades: 'D',
    category: 'repair_quality',
    words: '上周刚修的异响又出现了，第二次来了',
    daysAgo: 200,
    end: 'closed',
    recovery: { kind: 'loaner_car', costFen: 30_000 },
  },
  {
    grades: 'B',
    category: 'timeliness',
    words: '约好下午四点交车，等到六点还没好',
    daysAgo: 160,
    end: 'closed',
    recovery: { kind: 'free_wash', costFen: 3_000 },
  },
  {
    grades: 'A',
    category: 'price',
    words: '结算比报价多了三百块，没人提前说明',
    daysAgo: 130,
    end: 'closed',
    recovery: { kind: 'labour_discount', costFen: 10_000 },
  },
  { grades: 'D', category: 'parts', words: '刹车片说要等两周才能到货', daysAgo: 6, end: 'feedback' },
  { grades: 'B', category: 'service_attitude', words: '前台接待不理人，等了二十分钟才有人接车', daysAgo: 3, end: 'feedback' },
  { grades: 'A', category: 'product_quality', words: '车机系统经常死机重启，上次说升级就好了', daysAgo: 1.2, end: 'open' },
];

/** `servicesAt` gives the use-cases a clock set to when each step happened. */
export async function seedDemoComplaints(db: Database, servicesAt: (clock: { now(): Date }) => Services, now: Date) {
  const clock = fixedClock(now);
  const services = servicesAt(clock);
  const at = (daysAgo: number, plusHours = 0) => clock.set(new Date(now.getTime() - daysAgo * 86_400_000 + plusHours * 3_600_000));
  const repo = createDemoRepository(db);
  const dealers = await repo.dealers();
  for (const dealer of dealers) {
    const sa = await repo.staffMember(dealer.id, 'sa');
    const manager = await repo.staffMember(dealer.id, 'manager');
    if (!sa || !manager) continue;
    const actor = (user: { id: string; roles: string[] }): Actor => ({
      userId: user.id,
      tokenId: null,
      networkId: dealer.network_id,
      dealerId: dealer.id,
      roles: user.roles as Role[],
      timeZone: dealer.time_zone,
      requestId: null,
    });
    const customers = await repo.vehiclesAt(dealer.id, CASES.length + 1);
    for (const [n, demo] of CASES.entries()) {
      if (!demo.grades.includes(dealer.grade)) continue;
      // The last case comes from the first customer again: a repeat complainant.
      const party = n === CASES.length - 1 ? customers[0] : customers[n];
      if (!party) break;
      at(demo.daysAgo);
      const c = await services.complaints.register(actor(sa), {
        ...party,
        channel: n % 3 === 0 ? 'phone' : 'in_person',
        customerWords: demo.words,
        category: demo.category,
        severity: 'complaint',
      });
      if (demo.end === 'open') continue;
      await resolveDemoComplaint(
        services,
        { sa: actor(sa), manager: actor(manager) },
        { id: c.id, receivedAt: clock.now() },
        {
          setClock: (when) => clock.set(when),
          feedbackAfterHours: n === 1 ? 30 : 3, // one feedback came late
          close: demo.end === 'closed',
          recovery: demo.recovery,
          finalSatisfaction: n % 2 ? 'satisfied' : 'very_satisfied',
          preventable: n !== 2,
        },
      );
    }
  }
}

/**
 * Works a complaint as the desk does: feedback to the customer by phone, then (when it closes) a
 * recovery, the agreed solution and the closure two and a half days after it came in.
 */
export async function resolveDemoComplaint(
  services: Services,
  staff: { sa: Actor; manager: Actor },
  complaint: { id: string; receivedAt: Date },
  o: {
    setClock: (at: Date) => void;
    feedbackAfterHours?: number;
    close?: boolean;
    recovery?: DemoCase['recovery'];
    finalSatisfaction: 'satisfied' | 'very_satisfied';
    preventable?: boolean;
  },
) {
  const after = (hours: number) => o.setClock(new Date(complaint.receivedAt.getTime() + hours * 3_600_000));
  let c = await services.complaints.get(staff.sa, complaint.id);
  after(o.feedbackAfterHours ?? 3);
  c = await services.complaints.communicate(staff.sa, c.id, {
    version: c.version,
    channel: 'phone',
    summary: '向客户致歉，说明核实情况和处理方案',
    feedback: true,
  });
  if (o.close === false) return;
  after(48);
  if (o.recovery) c = await services.complaints.addRecovery(staff.manager, c.id, { version: c.version, ...o.recovery, description: null });
  c = await services.complaints.accept(staff.sa, c.id, { version: c.version, solutionPlan: '按方案处理并回访确认' });
  after(60);
  await services.complaints.close(staff.manager, c.id, {
    version: c.version,
    finalSatisfaction: o.finalSatisfaction,
    causeClass: o.preventable === false ? 'dissatisfaction' : 'defect',
    preventable: o.preventable ?? true,
    preventionMeasure: '纳入周例会案例，完善交车前检查',
  });
}
