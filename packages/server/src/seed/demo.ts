import type { Role } from '@servicebay/contracts';
import { DEALER_ROLES, OEM_ROLES } from '@servicebay/contracts';
import type { Insertable } from 'kysely';
import type { Database } from '../platform/db.js';
import type { UsersTable } from '../platform/db.schema.js';
import { addDays, localDate } from '../platform/dealer-time.js';
import { newId, newIdAt } from '../platform/ids.js';
import { hashPassword } from '../platform/passwords.js';
import { createDemoRepository } from './demo.repository.js';
import { seedDemoAppointments } from './demo-appointments.js';
import { seedDemoCatalogue } from './demo-catalogue.js';
import { between, companyName, mobile, personName, pick, plate, seededRandom, vin } from './names.js';

export const DEMO_PASSWORD = 'demo1234';
export const DEMO_NETWORK_CODE = 'YUANHANG';

export const ROLE_LOGIN: Record<Role, string> = {
  service_advisor: 'sa',
  appointment_agent: 'agent',
  customer_relations: 'cr',
  front_desk_supervisor: 'desk',
  workshop_controller: 'dispatch',
  technician: 'tech',
  quality_inspector: 'qc',
  parts_manager: 'parts',
  technical_director: 'techdir',
  warranty_clerk: 'warranty',
  cashier: 'cashier',
  driver: 'driver',
  service_manager: 'manager',
  general_manager: 'gm',
  dealer_admin: 'admin',
  oem_analyst: 'oem.analyst',
  oem_warranty_reviewer: 'oem.warranty',
  oem_complaint_desk: 'oem.complaints',
  oem_admin: 'oem.admin',
};

export const DEMO_MODELS = [
  { code: 'S5', name: '远航 S5', fuel: 'petrol', km: 5000, months: 3, descriptor: 'S5A1C', newEnergy: null },
  { code: 'X7', name: '远航 X7', fuel: 'petrol', km: 10000, months: 6, descriptor: 'X7B2D', newEnergy: null },
  { code: 'H6', name: '远航 H6 PHEV', fuel: 'plug_in_hybrid', km: 5000, months: 6, descriptor: 'H6P3E', newEnergy: 'F' },
  { code: 'E3', name: '远航 E3', fuel: 'electric', km: 10000, months: 6, descriptor: 'E3E4F', newEnergy: 'D' },
] as const;

export const DEMO_DEALERS = [
  {
    code: 'BJ01',
    login: 'bj',
    name: '北京远航东方4S店',
    grade: 'A',
    city: '北京',
    region: '华北',
    phone: '010-8456 6688',
    platePrefixes: ['京A', '京B', '京E', '京N', '京Q'],
    customers: 220,
    opens: '08:30',
    closes: '20:00',
  },
  {
    code: 'CD01',
    login: 'cd',
    name: '成都远航锦城4S店',
    grade: 'B',
    city: '成都',
    region: '西南',
    phone: '028-8567 3399',
    platePrefixes: ['川A'],
    customers: 160,
    opens: '08:30',
    closes: '19:00',
  },
  {
    code: 'FS01',
    login: 'fs',
    name: '佛山远航顺德4S店',
    grade: 'D',
    city: '佛山',
    region: '华南',
    phone: '0757-2233 8866',
    platePrefixes: ['粤E', '粤X'],
    customers: 120,
    opens: '09:00',
    closes: '18:00',
  },
] as const;

export type DemoLogin = { login: string; roles: Role[]; dealer: string | null };

export async function isSeeded(db: Database): Promise<boolean> {
  return createDemoRepository(db).isSeeded();
}

/** The demo brand network: 3 dealers, staff in every role, ~500 customers, ~600 vehicles, two years of mileage. */
export async function seedDemo(db: Database, now: Date): Promise<DemoLogin[]> {
  const random = seededRandom(20261122);
  const today = localDate(now, 'Asia/Shanghai');
  const passwordHash = await hashPassword(DEMO_PASSWORD); // one hash: every demo login shares the documented password
  const logins: DemoLogin[] = [];

  await db.transaction().execute(async (tx) => {
    const demo = createDemoRepository(tx);
    const networkId = newId();
    await demo.insert('networks', { id: networkId, code: DEMO_NETWORK_CODE, name: '远航汽车', created_at: now });
    const models = DEMO_MODELS.map((m) => ({ ...m, id: newId() }));
    await demo.insert(
      'vehicle_models',
      models.map((m) => ({
        id: m.id,
        network_id: networkId,
        code: m.code,
        name: m.name,
        fuel_type: m.fuel,
        service_interval_km: m.km,
        service_interval_months: m.months,
      })),
    );

    const users: Insertable<UsersTable>[] = [];
    const addStaff = (login: string, roles: Role[], dealerId: string | null, listed = true) => {
      users.push({
        id: newId(),
        network_id: networkId,
        dealer_id: dealerId,
        login,
        display_name: personName(random).name,
        password_hash: passwordHash,
        roles,
        locale: 'zh-CN',
        created_at: now,
        updated_at: now,
      });
      if (listed)
        logins.push({ login, roles, dealer: dealerId ? DEMO_DEALERS.find((d) => dealerIds.get(d.code) === dealerId)!.name : null });
    };
    const dealerIds = new Map<string, string>();
    for (const d of DEMO_DEALERS) {
      const id = newId();
      dealerIds.set(d.code, id);
      await demo.insert('dealers', {
        id,
        network_id: networkId,
        code: d.code,
        name: d.name,
        grade: d.grade,
        city: d.city,
        region: d.region,
        phone: d.phone,
        time_zone: 'Asia/Shanghai',
        opens_at: d.opens,
        closes_at: d.closes,
        created_at: now,
      });
      for (const role of DEALER_ROLES) addStaff(`${ROLE_LOGIN[role]}.${d.login}`, [role], id);
      addStaff(`sa2.${d.login}`, ['service_advisor'], id);
      // The rest of the front desk and the workshop: 6 SAs and 10 technicians, the worked example of domain.md §3.
      for (let n = 3; n <= 6; n++) addStaff(`sa${n}.${d.login}`, ['service_advisor'], id, false);
      for (let n = 2; n <= 10; n++) addStaff(`tech${n}.${d.login}`, ['technician'], id, false);
      addStaff(`driver2.${d.login}`, ['driver'], id, false);
    }
    for (const role of OEM_ROLES) addStaff(ROLE_LOGIN[role], [role], null);
    await demo.insert('users', users);

    const customers: any[] = [];
    const dealerCustomers: any[] = [];
    const vehicles: any[] = [];
    const dealerVehicles: any[] = [];
    const readings: any[] = [];
    const events: any[] = [];
    const usedMobiles = new Set<string>();
    const usedPlates = new Set<string>();
    let serial = 100000;

    for (const d of DEMO_DEALERS) {
      const dealerId = dealerIds.get(d.code)!;
      const local: string[] = [];
      for (let i = 0; i < d.customers; i++) {
        const createdAt = new Date(now.getTime() - between(random, 30, 1400) * 86_400_000);
        const id = newIdAt(createdAt);
        let phone = mobile(random);
        while (usedMobiles.has(phone)) phone = mobile(random);
        usedMobiles.add(phone);
        const company = random() < 0.08;
        const person = personName(random);
        customers.push({
          id,
          network_id: networkId,
          name: company ? companyName(random, d.city) : person.name,
          mobile: phone,
          kind: company ? 'company' : 'individual',
          gender: company ? 'unknown' : person.gender,
          birthday: company ? null : `${between(random, 1960, 2002)}-${pad(between(random, 1, 12))}-${pad(between(random, 1, 28))}`,
          email: random() < 0.2 ? `${phone}@example.cn` : null,
          city: d.city,
          address: null,
          notes: null,
          consent: JSON.stringify({ sms: random() < 0.9, phone: random() < 0.95, email: random() < 0.2, wechat: random() < 0.6 }),
          consent_updated_at: createdAt,
          created_at: createdAt,
          updated_at: createdAt,
        });
        dealerCustomers.push({ dealer_id: dealerId, customer_id: id, source: 'seed', created_at: createdAt });
        events.push(event(networkId, id, null, dealerId, 'customer.created', {}, createdAt));
        local.push(id);
      }

      const vehicleCount = Math.round(d.customers * 1.2);
      for (let i = 0; i < vehicleCount; i++) {
        const ownerId = i < local.length ? local[i]! : pick(random, local);
        const userId =
          random() < 0.15
            ? pick(
                random,
                local.filter((c) => c !== ownerId),
              )
            : null;
        const model = pick(random, models);
        const year = between(random, 2019, 2026);
        const deliveredOn = `${year}-${pad(between(random, 1, year === 2026 ? 9 : 12))}-${pad(between(random, 1, 28))}`;
        let plateKey = plate(random, pick(random, d.platePrefixes), model.newEnergy);
        while (usedPlates.has(plateKey)) plateKey = plate(random, pick(random, d.platePrefixes), model.newEnergy);
        usedPlates.add(plateKey);
        const createdAt = new Date(`${deliveredOn}T10:00:00+08:00`);
        const id = newIdAt(createdAt);
        vehicles.push({
          id,
          network_id: networkId,
          vin: vin('LYH', model.descriptor, year, serial++),
          plate_key: plateKey,
          model_id: model.id,
          model_year: year,
          color: pick(random, ['白色', '黑色', '银色', '灰色', '蓝色', '红色']),
          fuel_type: model.fuel,
          use_type: random() < 0.9 ? 'private' : pick(random, ['company', 'ride_hailing']),
          delivered_on: deliveredOn,
          owner_id: ownerId,
          user_id: userId,
          insurance_expires_on:
            `${today.slice(0, 4)}-${deliveredOn.slice(5)}` < today
              ? `${Number(today.slice(0, 4)) + 1}-${deliveredOn.slice(5)}`
              : `${today.slice(0, 4)}-${deliveredOn.slice(5)}`,
          inspection_due_on: addDays(deliveredOn, 365 * 6),
          created_at: createdAt,
          updated_at: createdAt,
        });
        dealerVehicles.push({ dealer_id: dealerId, vehicle_id: id, source: 'seed', created_at: createdAt });
        for (const person of [ownerId, userId])
          if (person) events.push(event(networkId, person, id, dealerId, 'vehicle.created', { plate: plateKey }, createdAt));

        // Two years of odometer readings: the delivery and every service visit since.
        const kmPerDay = between(random, 15, 90);
        const twoYearsAgo = addDays(today, -730);
        let day = deliveredOn > twoYearsAgo ? deliveredOn : addDays(twoYearsAgo, between(random, 0, 60));
        while (day <= today) {
          const km = Math.round(daysBetween(deliveredOn, day) * kmPerDay) + between(random, 0, 30);
          const source = day === deliveredOn ? 'delivery' : random() < 0.85 ? 'service_visit' : 'call';
          readings.push({
            id: newIdAt(new Date(`${day}T11:00:00+08:00`)),
            vehicle_id: id,
            read_on: day,
            km,
            source,
            odometer_replaced: false,
            dealer_id: dealerId,
            recorded_by: null,
            created_at: new Date(`${day}T11:00:00+08:00`),
          });
          events.push(event(networkId, ownerId, id, dealerId, 'mileage.recorded', { km, readOn: day }, new Date(`${day}T11:00:00+08:00`)));
          day = addDays(day, between(random, 75, 200));
        }
      }
    }

    // A few customers moved city and are served by a second dealer too.
    const [bj, cd] = [dealerIds.get('BJ01')!, dealerIds.get('CD01')!];
    for (const row of dealerCustomers.filter((r) => r.dealer_id === bj).slice(0, 10)) {
      dealerCustomers.push({ dealer_id: cd, customer_id: row.customer_id, source: 'seed', created_at: now });
    }

    for (const [table, rows] of [
      ['customers', customers],
      ['dealer_customers', dealerCustomers],
      ['vehicles', vehicles],
      ['dealer_vehicles', dealerVehicles],
      ['mileage_readings', readings],
      ['timeline_events', events],
    ] as const) {
      await demo.insert(table, rows);
    }

    for (const d of DEMO_DEALERS) {
      const dealerId = dealerIds.get(d.code)!;
      const dealerVehicleRows = vehicles.filter((v) => dealerVehicles.some((dv) => dv.vehicle_id === v.id && dv.dealer_id === dealerId));
      const staff = users.filter((u) => u.dealer_id === dealerId);
      await seedDemoAppointments(tx, {
        random,
        now,
        dealerId,
        opensAt: d.opens,
        closesAt: d.closes,
        vehicles: dealerVehicleRows.map((v) => ({ id: v.id, plateKey: v.plate_key, customerId: v.user_id ?? v.owner_id })),
        advisors: staff.filter((u) => (u.roles as string[]).includes('service_advisor')).map((u) => u.id as string),
        agentId: staff.find((u) => (u.roles as string[]).includes('appointment_agent'))!.id as string,
      });
      await seedDemoCatalogue(tx, dealerId);
    }
  });
  return logins;
}

function event(networkId: string, customerId: string, vehicleId: string | null, dealerId: string, kind: string, data: object, at: Date) {
  return {
    id: newIdAt(at),
    network_id: networkId,
    customer_id: customerId,
    vehicle_id: vehicleId,
    dealer_id: dealerId,
    kind,
    data: JSON.stringify(data),
    actor_user_id: null,
    occurred_at: at,
  };
}

const pad = (n: number) => String(n).padStart(2, '0');
const daysBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 86_400_000;
