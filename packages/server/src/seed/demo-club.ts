import { DEFAULT_CLUB_SETTINGS, type Role } from '@servicebay/contracts';
import type { Actor } from '../platform/actor.js';
import { fixedClock } from '../platform/clock.js';
import type { Database } from '../platform/db.js';
import { addDays, localDate, zonedInstant } from '../platform/dealer-time.js';
import type { Services } from '../services.js';
import { createDemoRepository } from './demo.repository.js';
import { staffActor } from './demo-actor.js';
import { kmOn } from './demo-history.js';

// The brand's owners' club on the first start, through the use-cases: the car maker's admin sets the
// club, each dealer enrols a few of its customers (one buys gold), their next service earns points,
// a later one pays part of the bill in points, and one Beijing member redeems at another dealer, so
// the network page has an inter-dealer balance and the customer's card a ledger.

const SIGNATURE = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const MEMBERS_PER_DEALER = 4;
const EARNING_VISITS = 3;
const REDEEMING_VISITS = 2;

type Clock = ReturnType<typeof fixedClock>;
type Staff = { sa: Actor; cashier: Actor };

/** One service visit from check-in to delivery; `pointsFirst`: the member pays what the club allows in points, the rest by WeChat Pay. */
async function serve(
  services: Services,
  clock: Clock,
  staff: Staff,
  v: {
    vehicleId: string;
    at: Date;
    partId: string | undefined;
    /** The car wash operation: a member's free wash when the level has one left. */
    washId: string | undefined;
    pointsFirst: boolean;
    timeZone: string;
    db: Database;
  },
) {
  const history = await createDemoRepository(v.db).carHistory(v.vehicleId);
  const day = localDate(v.at, v.timeZone);
  const odometerKm = kmOn(history.readings, day, history.deliveredOn ?? addDays(day, -365));
  const step = (minutes: number) => clock.advance(minutes * 60_000);
  clock.set(v.at);
  const visit = await services.repairOrders.openVisit(staff.sa, { vehicleId: v.vehicleId, arrivedAt: v.at.toISOString() });
  step(10);
  let order = await services.repairOrders.create(staff.sa, {
    visitId: visit.id,
    concerns: '常规保养，检查刹车',
    promisedAt: new Date(v.at.getTime() + 4 * 3_600_000).toISOString(),
    odometerKm,
    lines: [
      { kind: 'labour', description: '常规保养', hours: 1.5, payType: 'customer' },
      ...(v.partId ? [{ kind: 'parts' as const, partId: v.partId, quantity: 1, payType: 'customer' as const }] : []),
      ...(v.washId ? [{ kind: 'labour' as const, labourOperationId: v.washId, payType: 'customer' as const }] : []),
    ],
    packageIds: [],
  });
  step(5);
  order = await services.repairOrders.authorise(staff.sa, order.id, { version: order.version, signaturePng: SIGNATURE });
  for (const to of ['in_progress', 'quality_check', 'ready'] as const) {
    step(50);
    order = await services.repairOrders.transition(staff.sa, order.id, { version: order.version, to });
  }
  step(10);
  const invoice = await services.settlement.invoice(staff.cashier, order.id, { version: order.version, discountFen: 0 });
  step(3);
  let paidFen = 0;
  if (v.pointsFirst) {
    const quote = await services.club.invoicePoints(staff.cashier, invoice.id);
    if (quote.maxFen > 0) {
      await services.settlement.pay(staff.cashier, invoice.id, { method: 'points', amountFen: quote.maxFen });
      paidFen = quote.maxFen;
    }
  }
  if (invoice.amountDueFen > paidFen)
    await services.settlement.pay(staff.cashier, invoice.id, { method: 'wechat_pay', amountFen: invoice.amountDueFen - paidFen });
  step(8);
  const current = await services.repairOrders.get(staff.sa, order.id);
  await services.settlement.deliver(staff.sa, order.id, {
    version: current.version,
    checklist: { workExplained: true, oldPartsShown: true, carClean: true },
  });
}

export async function seedDemoClub(db: Database, servicesAt: (clock: { now(): Date }) => Services, now: Date) {
  const clock = fixedClock(now);
  const services = servicesAt(clock);
  const repo = createDemoRepository(db);
  const dealers = await repo.dealers();
  const admin = await repo.networkUser('oem.admin');
  if (!admin || dealers.length === 0) return;
  clock.set(new Date(now.getTime() - 200 * 86_400_000));
  await services.club.saveSettings(
    {
      userId: admin.id,
      tokenId: null,
      networkId: admin.network_id,
      dealerId: null,
      roles: admin.roles as Role[],
      timeZone: 'Asia/Shanghai',
      requestId: null,
    },
    { ...DEFAULT_CLUB_SETTINGS, benefitCodes: { check: ['L-CHK'], wash: ['L-WASH'] } },
  );

  const staffOf = new Map<string, Staff>();
  const membersOf = new Map<string, { vehicleId: string; vin: string; customerId: string }[]>();
  for (const dealer of dealers) {
    const sa = await repo.staffMember(dealer.id, 'sa');
    const cashier = await repo.staffMember(dealer.id, 'cashier');
    if (!sa || !cashier) continue;
    const staff = { sa: staffActor(sa, dealer), cashier: staffActor(cashier, dealer) };
    staffOf.set(dealer.id, staff);
    const today = localDate(now, dealer.time_zone);
    const cars = await repo.quietCarsAt(dealer.id, MEMBERS_PER_DEALER);
    membersOf.set(dealer.id, cars);
    clock.set(zonedInstant(addDays(today, -150), '10:00', dealer.time_zone));
    for (const [i, car] of cars.entries()) {
      clock.advance(20 * 60_000);
      // The first buys gold at the cashier; the others join free at the desk.
      if (i === 0) await services.club.enrol(staff.cashier, car.customerId, { feeLevel: 'gold', method: 'wechat_pay' });
      else await services.club.enrol(staff.sa, car.customerId, {});
    }
    const partId = (await repo.partNumbers(dealer.id))[0]?.id;
    const washId = await repo.labourOperationId(dealer.id, 'L-WASH');
    for (const [i, car] of cars.slice(0, EARNING_VISITS).entries())
      await serve(services, clock, staff, {
        vehicleId: car.vehicleId,
        at: zonedInstant(addDays(today, -90 + i), '09:30', dealer.time_zone),
        partId,
        washId,
        pointsFirst: false,
        timeZone: dealer.time_zone,
        db,
      });
    for (const [i, car] of cars.slice(0, REDEEMING_VISITS).entries())
      await serve(services, clock, staff, {
        vehicleId: car.vehicleId,
        at: zonedInstant(addDays(today, -20 + i), '10:30', dealer.time_zone),
        partId,
        washId: undefined,
        pointsFirst: true,
        timeZone: dealer.time_zone,
        db,
      });
  }

  // A member of the first dealer brings the car to the second: recognised there, pays in points earned at home.
  const [home, away] = dealers;
  const traveller = home ? membersOf.get(home.id)?.[REDEEMING_VISITS] : undefined;
  const awayStaff = away ? staffOf.get(away.id) : undefined;
  if (away && traveller && awayStaff) {
    const today = localDate(now, away.time_zone);
    clock.set(zonedInstant(addDays(today, -7), '09:00', away.time_zone));
    await services.vehicles.lookup(awayStaff.sa, { vin: traveller.vin });
    const partId = (await repo.partNumbers(away.id))[0]?.id;
    await serve(services, clock, awayStaff, {
      vehicleId: traveller.vehicleId,
      at: zonedInstant(addDays(today, -7), '09:30', away.time_zone),
      partId,
      washId: undefined,
      pointsFirst: true,
      timeZone: away.time_zone,
      db,
    });
  }
}
