import type { LoanerReason } from '@servicebay/contracts';
import { fixedClock } from '../platform/clock.js';
import type { Database } from '../platform/db.js';
import { addDays, localDate, zonedInstant } from '../platform/dealer-time.js';
import type { Services } from '../services.js';
import { createDemoRepository } from './demo.repository.js';
import { staffActor } from './demo-actor.js';

// Each dealer's loaner fleet (代步车) and its last month, made through the use-cases on the demo's
// clock: reservations handed over and returned (their cost is the value-added service cost, their
// days the utilisation), one loaner out now, one overdue (chased as a task for its advisor).

/** A blank signature (a 1×1 PNG): the demo's customers "signed" on the tablet. */
const SIGNED = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

const FLEET = [
  { model: '远航 S5 1.5T', costPerDayFen: 18_000 },
  { model: '远航 S3 1.5L', costPerDayFen: 12_000 },
  { model: '远航 E7 纯电', costPerDayFen: 20_000 },
  { model: '远航 S3 1.5L', costPerDayFen: 12_000 },
  { model: '远航 S7 2.0T', costPerDayFen: 25_000 },
];
const PLATE_PREFIX: Record<string, string> = { BJ01: '京N', CD01: '川A', FS01: '粤X' };
/** Loaners per grade, and how often one goes out in the month (a busier dealer lends more). */
const FLEET_SIZE: Record<string, number> = { A: 5, B: 4, D: 3 };
const EVERY_DAYS: Record<string, number> = { A: 4, B: 5, D: 7 };
const REASONS: readonly LoanerReason[] = ['warranty_repair', 'member', 'warranty_repair', 'courtesy'];

export async function seedDemoLoaners(db: Database, servicesAt: (clock: { now(): Date }) => Services, now: Date) {
  const repo = createDemoRepository(db);
  for (const dealer of await repo.dealers()) {
    const [manager, sa] = await Promise.all([repo.staffMember(dealer.id, 'manager'), repo.staffMember(dealer.id, 'sa')]);
    if (!manager || !sa) continue;
    const managerActor = staffActor(manager, dealer);
    const saActor = staffActor(sa, dealer);
    const today = localDate(now, dealer.time_zone);
    const at = (day: string, time: string) => zonedInstant(day, time, dealer.time_zone);
    const servicesOn = (instant: Date) => servicesAt(fixedClock(instant));
    const customers = await repo.vehiclesAt(dealer.id, 40);
    let customer = 0;
    const nextCustomer = () => customers[customer++ % customers.length]!;

    // The fleet joined 40 days ago.
    const joined = at(addDays(today, -40), '08:00');
    const size = FLEET_SIZE[dealer.grade] ?? 4;
    const fleet: string[] = [];
    for (let i = 0; i < size; i++) {
      const spec = FLEET[i]!;
      const loaner = await servicesOn(joined).loaners.addLoaner(managerActor, {
        plate: `${PLATE_PREFIX[dealer.code] ?? '京N'}D${2601 + i}`,
        model: spec.model,
        km: 8_000 + i * 3_100,
        fuelLevel: 100,
        insuranceExpiresOn: addDays(today, 40 + i * 70),
        costPerDayFen: spec.costPerDayFen,
      });
      fleet.push(loaner.id);
    }

    /** Reserve, hand over and (unless `keepOut`) take back: the advisor's day at the drive. */
    async function lend(loanerId: string, fromDay: string, days: number, returnDelayHours: number | null, reason: LoanerReason) {
      const from = at(fromDay, '09:00');
      const until = at(addDays(fromDay, days), '17:00');
      const { vehicleId, customerId } = nextCustomer();
      const courtesy = reason === 'courtesy';
      const reservation = await servicesOn(new Date(from.getTime() - 86_400_000)).loaners.reserve(courtesy ? managerActor : saActor, {
        loanerId,
        customerId,
        vehicleId,
        reason,
        expectedRepairDays: reason === 'warranty_repair' ? days + 1 : null,
        isMember: reason === 'member',
        overrideReason: courtesy ? '老客户，车辆返修期间用车' : null,
        from: from.toISOString(),
        until: until.toISOString(),
      });
      const fleetNow = await servicesOn(from).loaners.loaners(saActor, {});
      const km = fleetNow.items.find((l) => l.id === loanerId)!.km;
      await servicesOn(from).loaners.handOver(saActor, reservation.id, {
        km,
        fuelLevel: 100,
        damage: [],
        photos: [],
        signaturePng: SIGNED,
      });
      if (returnDelayHours === null) return;
      const back = new Date(until.getTime() + returnDelayHours * 3_600_000);
      await servicesOn(back).loaners.takeBack(saActor, reservation.id, {
        km: km + 60 * days + 35,
        fuelLevel: 45,
        damage: customer % 5 === 0 ? [{ x: 22, y: 36, kind: 'scratch', note: '左前门轻微划痕' }] : [],
        photos: [],
        signaturePng: SIGNED,
      });
    }

    // The last month: loaners go out every few days for one to three days, all back four days ago.
    const every = EVERY_DAYS[dealer.grade] ?? 5;
    let n = 0;
    for (let offset = -32; offset <= -8; offset += every) {
      for (const [i, loanerId] of fleet.entries()) {
        const days = 1 + ((n + i) % 3);
        if (offset + i + days > -4) continue;
        await lend(loanerId, addDays(today, offset + i), days, (n + i) % 4 === 0 ? 3 : -3, REASONS[(n + i) % REASONS.length]!);
      }
      n++;
    }
    // One out now (back tomorrow), one overdue since yesterday, one reserved for tomorrow.
    await lend(fleet[0]!, addDays(today, -1), 2, null, 'warranty_repair');
    await lend(fleet[1]!, addDays(today, -3), 2, null, 'member');
    const { vehicleId, customerId } = nextCustomer();
    await servicesOn(now).loaners.reserve(saActor, {
      loanerId: fleet[2]!,
      customerId,
      vehicleId,
      reason: 'warranty_repair',
      expectedRepairDays: 2,
      from: at(addDays(today, 1), '09:00').toISOString(),
      until: at(addDays(today, 3), '17:00').toISOString(),
    });
  }
  await servicesAt(fixedClock(now)).loaners.chaseOverdue();
}
