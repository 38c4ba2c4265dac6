import { appointmentNumber } from '../modules/appointments/appointments.rules.js';
import type { Database } from '../platform/db.js';
import { addDays, localDate, minutesOf, timeOf, zonedInstant } from '../platform/dealer-time.js';
import { newId, newIdAt } from '../platform/ids.js';
import { createDemoRepository } from './demo.repository.js';
import { between, pick, type Random } from './names.js';

const PARTS = [
  ['YH-OIL-5W30-4L', '远航原厂机油 5W-30 4L', 36800, 40],
  ['YH-OF-100', '机油滤清器', 4500, 60],
  ['YH-AF-200', '空气滤清器', 8800, 25],
  ['YH-CF-300', '空调滤清器', 9800, 30],
  ['YH-BP-F01', '前刹车片（套）', 48000, 6],
  ['YH-BP-R01', '后刹车片（套）', 42000, 0],
  ['YH-BD-F01', '前刹车盘', 65000, 2],
  ['YH-SP-400', '火花塞', 6800, 48],
  ['YH-WB-500', '雨刮片（对）', 15800, 12],
  ['YH-BAT-60', '蓄电池 60Ah', 78000, 3],
  ['YH-BF-DOT4', '刹车油 DOT4 1L', 9800, 20],
  ['YH-CL-1L', '防冻液 1L', 6800, 24],
  ['YH-TY-215', '轮胎 215/55R17', 89000, 8],
] as const;

const WORK = [
  ['maintenance', '5000公里常规保养', '该保养了，顺便看看'],
  ['maintenance', '10000公里保养', '到保养里程了'],
  ['repair', '刹车异响检查', '踩刹车有吱吱声'],
  ['repair', '空调不制冷', '空调吹出来是热风'],
  ['maintenance', '首次免费保养', '新车首保'],
  ['repair', '仪表故障灯亮', '发动机故障灯亮了'],
] as const;

type Options = {
  random: Random;
  now: Date;
  dealerId: string;
  opensAt: string;
  closesAt: string;
  vehicles: { id: string; plateKey: string; customerId: string }[];
  advisors: string[];
  agentId: string;
};

/**
 * A dealer's bookings for the demo: bays, a parts list, a quarter of arrivals (walk-ins and kept,
 * late and missed appointments, so the KPIs and the arrival-flow table have something to show) and
 * the coming days' appointments, some confirmed, some not.
 */
export async function seedDemoAppointments(tx: Database, o: Options) {
  const zone = 'Asia/Shanghai';
  const today = localDate(o.now, zone);
  const demo = createDemoRepository(tx);
  await demo.insert(
    'bays',
    ['一号工位', '二号工位', '三号工位', '四号工位', '快保工位', '钣喷工位'].map((name, i) => ({
      dealer_id: o.dealerId,
      id: newId(),
      name,
      kind: i === 4 ? 'express' : i === 5 ? 'body_paint' : 'general',
    })),
  );
  await demo.insert(
    'parts',
    PARTS.map(([part_number, name, price_fen, stock]) => ({
      dealer_id: o.dealerId,
      id: newId(),
      part_number,
      name,
      price_fen,
      stock_quantity: stock,
    })),
  );

  const appointments: any[] = [];
  const arrivals: any[] = [];
  const confirmations: any[] = [];
  const bookings = new Map<string, number>();
  // Seats handed out per slot (by its start), cancelled ones included: they number the appointments.
  const issued = new Map<number, number>();
  const open = minutesOf(o.opensAt);
  const close = minutesOf(o.closesAt);
  const slotTimes: string[] = [];
  for (let m = open; m + 30 <= close; m += 30) slotTimes.push(timeOf(m));
  // Arrivals peak at 9–10 and after lunch, as the flow tables of the source material show.
  const hourWeight = (h: number) => (h === 9 || h === 10 ? 4 : h === 14 || h === 15 ? 3 : h >= 18 ? 1 : 2);
  const weightedTime = () => {
    const choices = slotTimes.flatMap((t) => Array(hourWeight(Number(t.slice(0, 2)))).fill(t) as string[]);
    return pick(o.random, choices);
  };

  const appointment = (day: string, time: string, status: string, extra: Record<string, unknown> = {}) => {
    const vehicle = pick(o.random, o.vehicles);
    const startsAt = zonedInstant(day, time, zone);
    const n = (issued.get(startsAt.getTime()) ?? 0) + 1;
    issued.set(startsAt.getTime(), n);
    const [kind, description, words] = pick(o.random, WORK);
    const id = newIdAt(new Date(startsAt.getTime() - between(o.random, 1, 6) * 86_400_000));
    appointments.push({
      dealer_id: o.dealerId,
      id,
      number: appointmentNumber(startsAt, zone, n),
      customer_id: vehicle.customerId,
      vehicle_id: vehicle.id,
      plate_key: vehicle.plateKey,
      starts_at: startsAt,
      duration_minutes: kind === 'maintenance' ? 60 : 120,
      status,
      channel: pick(o.random, ['phone', 'phone', 'proactive_call', 'web', 'walk_in_desk']),
      requested_work: JSON.stringify([{ kind, description }]),
      customer_words: words,
      preferred_sa_id: o.random() < 0.4 ? pick(o.random, o.advisors) : null,
      assigned_sa_id: null,
      booked_by: o.agentId,
      updated_at: o.now,
      ...extra,
    });
    return { id, startsAt, vehicle };
  };

  // The last quarter: 15–30 arrivals a day, about 45% of them by appointment.
  for (let back = 90; back >= 1; back--) {
    const day = addDays(today, -back);
    const count = between(o.random, 15, 30);
    for (let i = 0; i < count; i++) {
      const time = weightedTime();
      if (o.random() < 0.45) {
        const late = o.random() < 0.15;
        const startsAt = zonedInstant(day, time, zone);
        const arrivedAt = new Date(startsAt.getTime() + (late ? between(o.random, 20, 50) : between(o.random, -12, 12)) * 60_000);
        const a = appointment(day, time, 'arrived', {
          arrived_at: arrivedAt,
          arrival_status: late ? 'late' : 'on_time',
          assigned_sa_id: pick(o.random, o.advisors),
        });
        if (o.random() < 0.85)
          confirmations.push({
            dealer_id: o.dealerId,
            id: newId(),
            appointment_id: a.id,
            step: 'day_before',
            channel: 'phone',
            result: 'confirmed',
            note: null,
            by_user_id: o.agentId,
            at: new Date(startsAt.getTime() - 86_400_000),
          });
        arrivals.push({
          dealer_id: o.dealerId,
          id: newIdAt(arrivedAt),
          arrived_at: arrivedAt,
          appointment_id: a.id,
          customer_id: a.vehicle.customerId,
          vehicle_id: a.vehicle.id,
          recorded_by: null,
        });
      } else {
        const vehicle = pick(o.random, o.vehicles);
        const arrivedAt = new Date(zonedInstant(day, time, zone).getTime() + between(o.random, 0, 29) * 60_000);
        arrivals.push({
          dealer_id: o.dealerId,
          id: newIdAt(arrivedAt),
          arrived_at: arrivedAt,
          appointment_id: null,
          customer_id: vehicle.customerId,
          vehicle_id: vehicle.id,
          recorded_by: null,
        });
      }
    }
    for (let i = 0; i < between(o.random, 0, 2); i++) appointment(day, weightedTime(), 'no_show');
  }

  // Today and the next four days: 6–12 bookings a day, the earlier ones mostly confirmed.
  for (let ahead = 0; ahead <= 4; ahead++) {
    const day = addDays(today, ahead);
    for (let i = 0; i < between(o.random, 6, 12); i++) {
      const time = pick(o.random, slotTimes);
      const key = `${day} ${time}`;
      if ((bookings.get(key) ?? 0) >= 3) continue;
      const startsAt = zonedInstant(day, time, zone);
      if (startsAt <= o.now) continue;
      bookings.set(key, (bookings.get(key) ?? 0) + 1);
      const confirmed = ahead <= 1 && o.random() < 0.6;
      const a = appointment(day, time, confirmed ? 'confirmed' : 'booked', {
        assigned_sa_id: ahead <= 1 && o.random() < 0.5 ? pick(o.random, o.advisors) : null,
      });
      if (confirmed)
        confirmations.push({
          dealer_id: o.dealerId,
          id: newId(),
          appointment_id: a.id,
          step: 'day_before',
          channel: 'phone',
          result: 'confirmed',
          note: null,
          by_user_id: o.agentId,
          at: o.now,
        });
    }
  }

  await demo.insert('appointments', appointments, 400);
  await demo.insert('arrivals', arrivals);
  await demo.insert('confirmation_attempts', confirmations);
  const upcoming = appointments.filter((a) => a.starts_at > o.now);
  if (upcoming.length) {
    const seats = new Map<number, number>();
    for (const a of upcoming) seats.set(a.starts_at.getTime(), (seats.get(a.starts_at.getTime()) ?? 0) + 1);
    await demo.insert(
      'slot_bookings',
      [...seats].map(([ms, booked]) => ({ dealer_id: o.dealerId, starts_at: new Date(ms), booked, issued: issued.get(ms)! })),
    );
    await demo.insert(
      'workshop_reservations',
      upcoming.map((a) => ({
        dealer_id: o.dealerId,
        id: newId(),
        appointment_id: a.id,
        bay_id: null,
        starts_at: a.starts_at,
        ends_at: new Date(a.starts_at.getTime() + a.duration_minutes * 60_000),
      })),
    );
  }
}
