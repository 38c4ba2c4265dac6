import type { RescueOutcome, RescueProblem } from '@servicebay/contracts';
import { fixedClock } from '../platform/clock.js';
import type { Database } from '../platform/db.js';
import { addDays, localDate, zonedInstant } from '../platform/dealer-time.js';
import type { Services } from '../services.js';
import { createDemoRepository } from './demo.repository.js';
import { staffActor } from './demo-actor.js';
import { between, pick, seededRandom } from './names.js';

// The demo's rescue desk, made through the same use-cases staff use: each dealer's rescue vehicles and
// a towing partner, two months of calls dispatched, reached and closed (a grade-A dealer is on site
// sooner than a grade-D one, so the response KPI tells them apart), and one call open now at each
// dealer at a different step. No call is towed to the dealer: a visit opened by the demo would change
// the history's drive and workshop figures.

const DAYS = 60;
/** Minutes from the call to the unit on site, by grade. */
const RESPONSE: Record<string, [number, number]> = { A: [18, 66], B: [24, 80], D: [32, 110] };
const PROBLEMS: readonly RescueProblem[] = [
  'breakdown',
  'breakdown',
  'battery',
  'battery',
  'flat_tyre',
  'accident',
  'out_of_fuel',
  'locked_out',
];
const WORDS: Record<RescueProblem, string> = {
  breakdown: '行驶中发动机故障灯亮，车辆熄火无法启动',
  battery: '早上出门电瓶亏电，打不着火',
  flat_tyre: '右前轮爆胎，无备胎工具',
  accident: '追尾事故，前保险杠受损，车辆无法行驶',
  out_of_fuel: '高速上没油了',
  locked_out: '钥匙锁在车里',
  other: '',
};
const PLACES = [
  '绕城高速 K{n} 处',
  '{n} 号地铁站 B 出口旁',
  '万达广场地下停车场 B2-{n}',
  '机场高速出城方向 K{n}',
  '人民路与建设路交叉口',
  '小区南门外路边',
];

export async function seedDemoRescue(db: Database, servicesAt: (clock: { now(): Date }) => Services, now: Date) {
  const clock = fixedClock(now);
  const services = servicesAt(clock);
  const repo = createDemoRepository(db);
  const random = seededRandom(17_2026);
  for (const dealer of await repo.dealers()) {
    const deskUser = await repo.staffMember(dealer.id, 'desk');
    const crUser = await repo.staffMember(dealer.id, 'cr');
    if (!deskUser || !crUser) continue;
    const desk = staffActor(deskUser, dealer);
    const cr = staffActor(crUser, dealer);
    const city = dealer.city ?? '';
    clock.set(new Date(now.getTime() - (DAYS + 1) * 86_400_000));
    const units = [
      await services.rescue.addUnit(desk, { name: '救援车 1 号', kind: 'own', phone: '13800138001' }),
      await services.rescue.addUnit(desk, { name: `${city}安达道路救援`, kind: 'partner', phone: '400-800-1234' }),
    ];
    if (dealer.grade === 'A') units.push(await services.rescue.addUnit(desk, { name: '救援车 2 号', kind: 'own', phone: '13800138002' }));
    const cars = await repo.vehiclesAt(dealer.id, 40);
    const [low, high] = RESPONSE[dealer.grade] ?? [30, 90];
    const at = (ms: number) => clock.set(new Date(ms));
    const place = () => `${city}${pick(random, PLACES).replace('{n}', String(between(random, 2, 60)))}`;
    const record = async (receivedMs: number) => {
      at(receivedMs);
      const problem = pick(random, PROBLEMS);
      const car = random() < 0.7 ? pick(random, cars) : undefined;
      return services.rescue.recordCall(random() < 0.5 ? cr : desk, {
        location: place(),
        mobile: `13${between(random, 5, 9)}${String(between(random, 0, 99_999_999)).padStart(8, '0')}`,
        problem,
        description: WORDS[problem],
        ...(car ? { plate: car.plateKey } : {}),
      });
    };

    // Two months of calls, one every two to four days, between 07:00 and 22:00 local.
    for (let day = DAYS; day >= 1; day -= between(random, 2, 4)) {
      const date = addDays(localDate(now, dealer.time_zone), -day);
      const received = zonedInstant(
        date,
        `${String(between(random, 7, 21)).padStart(2, '0')}:${String(between(random, 0, 59)).padStart(2, '0')}`,
        dealer.time_zone,
      ).getTime();
      const call = await record(received);
      if (random() < 0.08) {
        at(received + between(random, 5, 15) * 60_000);
        await services.rescue.cancel(cr, call.id, { reason: '客户已自行联系保险公司救援' });
        continue;
      }
      const unit = pick(random, units);
      at(received + between(random, 3, 12) * 60_000);
      await services.rescue.dispatch(desk, call.id, { unitId: unit.id });
      const arrival = received + between(random, low, high) * 60_000;
      at(arrival);
      await services.rescue.arrived(desk, call.id, {});
      at(arrival + between(random, 20, 70) * 60_000);
      const outcome: RescueOutcome = call.problem === 'accident' || random() < 0.12 ? 'towed_elsewhere' : 'fixed_on_site';
      await services.rescue.complete(desk, call.id, {
        outcome,
        ...(outcome === 'towed_elsewhere' ? { note: '拖至保险公司指定修理厂' } : {}),
      });
    }

    // One call open now, at a different step at each dealer: received, dispatched or on site.
    const step = dealer.grade === 'A' ? 1 : dealer.grade === 'B' ? 2 : 0;
    const open = await record(now.getTime() - 35 * 60_000);
    if (step >= 1) {
      at(now.getTime() - 30 * 60_000);
      await services.rescue.dispatch(desk, open.id, { unitId: units[0]!.id });
    }
    if (step >= 2) {
      at(now.getTime() - 5 * 60_000);
      await services.rescue.arrived(desk, open.id, {});
    }
  }
}
