import { fixedClock } from '../platform/clock.js';
import type { Database } from '../platform/db.js';
import { addDays, localDate, zonedInstant } from '../platform/dealer-time.js';
import { publicLinkIn } from '../platform/public-links.js';
import type { Services } from '../services.js';
import { createDemoRepository } from './demo.repository.js';
import { staffActor } from './demo-actor.js';
import { seededRandom } from './names.js';

// The demo's customer activities, made through the same use-cases staff and customers use: at each
// dealer a free check day held six weeks ago (customers invited by SMS, most signed up from their link,
// staff marked who came, and some of those who came had their car serviced in the month after, which is
// the activity's revenue), and a clinic ten days from now, open, with its first sign-ups.

const DAY = 86_400_000;
const PAST_DAYS_AGO = 42;
const UPCOMING_IN_DAYS = 10;

/** The link in an invitation SMS, read as the customer's phone would. */
const tokenIn = (text: string) => publicLinkIn(text, 'activity');

export async function seedDemoActivities(db: Database, servicesAt: (clock: { now(): Date }) => Services, now: Date) {
  const clock = fixedClock(now);
  const services = servicesAt(clock);
  const repo = createDemoRepository(db);
  const random = seededRandom(17_0306);
  for (const dealer of await repo.dealers()) {
    const manager = await repo.staffMember(dealer.id, 'manager');
    if (!manager) continue;
    const actor = staffActor(manager, dealer);
    const today = localDate(now, dealer.time_zone);
    const at = (ms: number) => clock.set(new Date(ms));

    // Six weeks ago: a free check day, planned three weeks before it.
    const startsAt = zonedInstant(addDays(today, -PAST_DAYS_AGO), '09:00', dealer.time_zone);
    at(startsAt.getTime() - 21 * DAY);
    const past = await services.activities.create(actor, {
      kind: 'free_check',
      title: '秋季免费检测日',
      place: `${dealer.city ?? ''}店售后服务大厅`,
      content: '免费检测电瓶、轮胎、空调与灯光共 20 项；当天保养工时 8 折，到店即送洗车一次。',
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 8 * 3_600_000).toISOString(),
      capacity: 40,
      costFen: dealer.grade === 'A' ? 320_000 : 280_000,
    });
    await services.activities.open(actor, past.id);
    // Who came and then had their car serviced in the month after, and other customers of the dealer.
    const payers = await repo.payersAt(dealer.id, new Date(startsAt.getTime() + DAY), new Date(startsAt.getTime() + 28 * DAY), 8);
    const others = (await repo.customersAt(dealer.id, 40)).filter((id) => !payers.includes(id)).slice(0, 24);
    at(startsAt.getTime() - 20 * DAY);
    await services.activities.invite(actor, past.id, { customerIds: [...payers, ...others] });
    const invited = await repo.invitationTexts(dealer.id, past.id);
    const came: string[] = [];
    const stayedAway: string[] = [];
    for (const [n, invitation] of invited.entries()) {
      const token = tokenIn(invitation.body);
      const payer = payers.includes(invitation.customer_id);
      if (!token || (!payer && random() < 0.3)) continue;
      at(startsAt.getTime() - (19 - (n % 15)) * DAY);
      await services.activities.signUp(token);
      if (!payer && random() < 0.12) {
        at(clock.now().getTime() + 2 * DAY);
        await services.activities.cancelSignUp(token);
        continue;
      }
      (payer || random() < 0.7 ? came : stayedAway).push(invitation.id);
    }
    at(startsAt.getTime() + 6 * 3_600_000);
    for (const id of came) await services.activities.markAttendance(actor, past.id, id, { mark: 'attended' });
    for (const id of stayedAway) await services.activities.markAttendance(actor, past.id, id, { mark: 'no_show' });
    at(startsAt.getTime() + DAY);
    await services.activities.close(actor, past.id);

    // In ten days: a clinic for new owners, open, its invitations out three days ago, a few signed up.
    const next = zonedInstant(addDays(today, UPCOMING_IN_DAYS), '14:00', dealer.time_zone);
    at(now.getTime() - 4 * DAY);
    const upcoming = await services.activities.create(actor, {
      kind: 'clinic',
      title: '新车主用车讲堂',
      place: `${dealer.city ?? ''}店二楼客户休息区`,
      content: '讲解保养周期、冬季用车与应急处置；现场答疑，赠送车载应急包。',
      startsAt: next.toISOString(),
      endsAt: new Date(next.getTime() + 2 * 3_600_000).toISOString(),
      capacity: 20,
      costFen: 120_000,
    });
    await services.activities.open(actor, upcoming.id);
    at(now.getTime() - 3 * DAY);
    await services.activities.invite(actor, upcoming.id, { customerIds: (await repo.customersAt(dealer.id, 60)).slice(40, 56) });
    for (const [n, invitation] of (await repo.invitationTexts(dealer.id, upcoming.id)).entries()) {
      const token = tokenIn(invitation.body);
      if (!token || n % 3 === 2) continue;
      at(now.getTime() - (3 - (n % 3)) * DAY + 3_600_000);
      await services.activities.signUp(token);
    }
  }
}
