import { fixedClock } from '../platform/clock.js';
import type { Database } from '../platform/db.js';
import { publicLinkIn } from '../platform/public-links.js';
import type { Services } from '../services.js';
import { createDemoRepository } from './demo.repository.js';
import { staffActor } from './demo-actor.js';

// Pick-up and delivery through the use-cases: each dealer's service manager sets its areas (one beyond the
// distance limit), the past two months hold a pick-up every week or so (most on time, some late, for the
// value-added KPIs), and the desk's day holds a job done this morning, one assigned for later, one still
// to assign and a designated drive tomorrow.

const AREAS: Record<string, { name: string; distanceKm: number }[]> = {
  BJ01: [
    { name: '朝阳区', distanceKm: 6 },
    { name: '东城区', distanceKm: 9 },
    { name: '丰台区', distanceKm: 12 },
    { name: '海淀区', distanceKm: 14 },
    { name: '通州区', distanceKm: 25 },
  ],
  CD01: [
    { name: '锦江区', distanceKm: 5 },
    { name: '武侯区', distanceKm: 8 },
    { name: '成华区', distanceKm: 10 },
    { name: '高新区', distanceKm: 13 },
    { name: '双流区', distanceKm: 24 },
  ],
  FS01: [
    { name: '禅城区', distanceKm: 4 },
    { name: '南海区', distanceKm: 11 },
    { name: '顺德区', distanceKm: 18 },
    { name: '三水区', distanceKm: 30 },
  ],
};

const HOUR = 3_600_000;

export async function seedDemoPickup(db: Database, servicesAt: (clock: { now(): Date }) => Services, now: Date) {
  const clock = fixedClock(now);
  const services = servicesAt(clock);
  const repo = createDemoRepository(db);
  const at = (hours: number) => clock.set(new Date(now.getTime() + hours * HOUR));
  for (const dealer of await repo.dealers()) {
    const [managerRow, deskRow, driverRow] = await Promise.all([
      repo.staffMember(dealer.id, 'manager'),
      repo.staffMember(dealer.id, 'desk'),
      repo.staffMember(dealer.id, 'driver'),
    ]);
    const areas = AREAS[dealer.code];
    if (!managerRow || !deskRow || !driverRow || !areas) continue;
    const [manager, desk, driver] = [staffActor(managerRow, dealer), staffActor(deskRow, dealer), staffActor(driverRow, dealer)];
    at(-7);
    await services.pickup.saveSettings(manager, { enabled: true, maxDistanceKm: 20, freeKm: 10, feePerKmFen: 300, areas });
    const cars = await repo.vehiclesAt(dealer.id, 4);
    if (cars.length < 4) continue;
    const book = (
      i: number,
      kind: 'pickup' | 'delivery' | 'designated_driving',
      from: number,
      hours: number,
      area: number,
      address: string,
    ) =>
      services.pickup.book(desk, {
        kind,
        vehicleId: cars[i]!.vehicleId,
        area: areas[area]!.name,
        address,
        windowStart: new Date(now.getTime() + from * HOUR).toISOString(),
        windowEnd: new Date(now.getTime() + (from + hours) * HOUR).toISOString(),
      });

    // The past two months: a pick-up every six days at 10:00, booked the day before; every fourth one
    // the driver reaches the customer after the window has closed.
    for (let week = 9; week >= 1; week--) {
      const start = -24 * 6 * week;
      at(start - 20);
      const past = await book(week % 4, 'pickup', start, 2, week % 3, `${areas[week % 3]!.name}${week}号院`);
      const link = (await services.pickup.assign(desk, past.id, { driverId: driver.userId, version: past.version })).link;
      const pastToken = publicLinkIn(link.url, 'driver')!;
      const late = week % 4 === 0;
      at(start + (late ? 1.5 : -0.5));
      await services.pickup.setOut(pastToken);
      at(start + (late ? 2.5 : 0.5));
      const took = await services.pickup.take(pastToken, {
        damage: [],
        fuelLevel: 60,
        odometerKm: 30_000 + week * 500,
        photos: [],
        signaturePng: SIGNATURE,
      });
      at(start + (late ? 3.5 : 1.5));
      await services.pickup.handOver(pastToken, { odometerKm: (took.job.startKm ?? 30_000) + areas[week % 3]!.distanceKm });
    }

    // This morning's pick-up: assigned, set out, the car taken at the door and brought in.
    const done = await book(0, 'pickup', -5, 2, 1, `${areas[1]!.name}幸福里小区3号楼`);
    const assigned = await services.pickup.assign(desk, done.id, { driverId: driver.userId, version: done.version });
    const token = publicLinkIn(assigned.link.url, 'driver')!;
    at(-5);
    await services.pickup.setOut(token);
    at(-4.5);
    const taken = await services.pickup.take(token, {
      damage: [{ x: 22, y: 30, kind: 'scratch', note: '左前门轻微划痕' }],
      fuelLevel: 45,
      odometerKm: 36_120,
      photos: [],
      signaturePng: SIGNATURE,
    });
    at(-4);
    await services.pickup.handOver(token, { odometerKm: (taken.job.startKm ?? 36_120) + areas[1]!.distanceKm });

    // Later today: a delivery with its driver, and a pick-up still waiting for one.
    at(-3);
    const later = await book(1, 'delivery', 2, 2, 0, `${areas[0]!.name}阳光花园8号楼`);
    await services.pickup.assign(desk, later.id, { driverId: driver.userId, version: later.version });
    await book(2, 'pickup', 3, 2, 2, `${areas[2]!.name}科技园南门`);
    // Tomorrow: a designated drive.
    const tomorrow = await book(3, 'designated_driving', 24, 2, 0, `${areas[0]!.name}国贸大厦`);
    await services.pickup.assign(desk, tomorrow.id, { driverId: driver.userId, version: tomorrow.version });
  }
  clock.set(now);
}

const SIGNATURE = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';
