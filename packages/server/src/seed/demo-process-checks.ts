import { DEFAULT_MANUAL_CHECK_ITEMS } from '@servicebay/contracts';
import type { Actor } from '../platform/actor.js';
import type { fixedClock } from '../platform/clock.js';
import { addDays, localDate, zonedInstant } from '../platform/dealer-time.js';
import type { Services } from '../services.js';

// The demo's process spot-checks (流程点检), made through the use-cases after the year of visits, by
// 30-day periods as the page reads them: the two periods before the last 30 days spot-checked as the
// system proposed (coverage at target, the coaching their failures called for done), the last 30 days
// about half of what the target needs (so the page opens on a sample to work through and a coaching
// task or two), and a drill or training session in each.

const NOTES = [
  '未主动问候客户',
  '未与客户确认需求',
  '环车检查未请客户一同进行',
  '未解释估价明细',
  '客户等待期间无人关照',
  '交车时车内未清洁',
  '未送客户离店',
];

export async function seedDemoProcessChecks(
  services: Services,
  clock: ReturnType<typeof fixedClock>,
  now: Date,
  staff: { checker: Actor; supervisor: Actor; advisors: readonly Actor[]; zone: string },
) {
  const today = localDate(now, staff.zone);
  let checks = 0;

  for (const [from, to, share] of [
    [addDays(today, -89), addDays(today, -60), 1],
    [addDays(today, -59), addDays(today, -30), 1],
    [addDays(today, -29), today, 0.5],
  ] as const) {
    const current = to === today;
    // A period's checks are made on its last afternoon (the running one: this morning).
    clock.set(current ? new Date(now.getTime() - 3 * 3_600_000) : zonedInstant(to, '16:00', staff.zone));
    const sample = await services.processChecks.sample(staff.checker, { from, to });
    const take = sample.items.slice(0, Math.floor(sample.items.length * share));
    for (const visit of take) {
      clock.advance(5 * 60_000);
      const check = await services.processChecks.startSpotCheck(staff.checker, visit.visitId);
      const failing = ++checks % 4 === 0 ? check.items[checks % check.items.length]?.code : undefined;
      const results = check.items.map((item) =>
        item.code === failing
          ? {
              code: item.code,
              result: 'fail' as const,
              note: NOTES[DEFAULT_MANUAL_CHECK_ITEMS.findIndex((m) => m.code === item.code)] ?? '未按标准执行',
            }
          : { code: item.code, result: item.step === 'delivery' && !visit.roNumber ? ('na' as const) : ('pass' as const) },
      );
      const submitted = await services.processChecks.submitSpotCheck(staff.checker, check.id, { results });
      if (!current && submitted.coachingTask)
        await services.tasks.completeTask(staff.supervisor, submitted.coachingTask.id, '已现场辅导，复检合格');
    }
    // The supervisor's drill or training of the period: every advisor takes part; in the running one, one has to repeat it.
    clock.set(zonedInstant(current ? today : addDays(from, 14), '08:30', staff.zone));
    if (clock.now().getTime() > now.getTime()) clock.set(new Date(now.getTime() - 7_200_000));
    await services.processChecks.recordDrill(staff.supervisor, {
      kind: current ? 'drill' : 'training',
      title: current ? '接待流程实操演练' : 'SA 礼仪培训与考核',
      heldOn: localDate(clock.now(), staff.zone),
      participants: staff.advisors.map((sa, i) => ({
        userId: sa.userId,
        result: current && i === staff.advisors.length - 1 ? 'fail' : 'pass',
      })),
    });
  }
}
