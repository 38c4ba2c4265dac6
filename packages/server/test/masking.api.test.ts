import type { Role } from '@servicebay/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildUser,
  type Client,
  createCustomer,
  createTestContext,
  createVehicle,
  pdfText,
  type TestContext,
  uniqueMobile,
} from './harness.js';

// Friday 2026-11-20 10:00 in Shanghai. The workshop floor (technicians, quality inspectors, the
// workshop controller) never receives a customer's mobile number or birthday from the API: every
// endpoint that carries customer data gives them the mobile masked (138****5678) and no birthday.
// The service advisor, who talks to the customer, gets both.
const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const BIRTHDAY = '1984-07-19';

let ctx: TestContext;
let sa: Client;
let controller: Client;
let tech: Client;
let inspector: Client;
let mobile: string;
let userMobile: string;
let customerId: string;
let vehicle: { id: string; vin: string; plate: string };
let appointmentId: string;
let visitId: string;
let orderId: string;
let complaintId: string;

beforeAll(async () => {
  ctx = await createTestContext({ now: '2026-11-20T02:00:00Z' });
  const dealerId = ctx.network.dealerA;
  // Two advisors and two technicians on the roster: one seat per slot.
  await buildUser(ctx.db, ctx.network, { dealerId, roles: ['service_advisor'] });
  await buildUser(ctx.db, ctx.network, { dealerId, roles: ['technician'] });
  sa = await ctx.loginAs({ dealerId, roles: ['service_advisor'] });
  controller = await ctx.loginAs({ dealerId, roles: ['workshop_controller'] });
  tech = await ctx.loginAs({ dealerId, roles: ['technician'] });
  inspector = await ctx.loginAs({ dealerId, roles: ['quality_inspector'] });

  mobile = uniqueMobile();
  userMobile = uniqueMobile();
  const customer = await createCustomer(sa, { name: '钱多多', mobile, birthday: BIRTHDAY });
  customerId = customer.id;
  const user = await createCustomer(sa, { name: '钱小多', mobile: userMobile, birthday: BIRTHDAY });
  vehicle = await createVehicle(sa, customerId, { userId: user.id });

  const booked = await sa.post('/api/v1/appointments', {
    vehicleId: vehicle.id,
    startsAt: '2026-11-23T09:00:00+08:00',
    durationMinutes: 60,
    requestedWork: [{ kind: 'maintenance', description: '保养' }],
    channel: 'phone',
  });
  expect(booked.statusCode, booked.body).toBe(201);
  appointmentId = booked.json().id;

  const visit = await sa.post('/api/v1/visits', { vehicleId: vehicle.id });
  expect(visit.statusCode, visit.body).toBe(201);
  visitId = visit.json().id;
  const created = await sa.post('/api/v1/repair-orders', {
    visitId,
    concerns: '刹车有异响',
    promisedAt: '2026-11-20T17:00:00+08:00',
    packageIds: [],
    lines: [{ kind: 'labour', description: '检查刹车', hours: 1, payType: 'customer' }],
  });
  expect(created.statusCode, created.body).toBe(201);
  orderId = created.json().id;
  const signed = await sa.post(`/api/v1/repair-orders/${orderId}/authorise`, { version: created.json().version, signaturePng: PNG });
  expect(signed.statusCode, signed.body).toBe(200);
  const dispatched = await controller.post(`/api/v1/repair-orders/${orderId}/dispatch`, { technicianIds: [tech.user.id] });
  expect(dispatched.statusCode, dispatched.body).toBe(200);

  const complaint = await sa.post('/api/v1/complaints', {
    customerId,
    vehicleId: vehicle.id,
    channel: 'in_person',
    customerWords: '上次保养后异响',
  });
  expect(complaint.statusCode, complaint.body).toBe(201);
  complaintId = complaint.json().id;
});
afterAll(() => ctx.close());

/** Every endpoint a workshop role can reach that carries this customer's data. */
function endpoints(): [string, (c: Client) => ReturnType<Client['get']>][] {
  const get = (url: string) => [url, (c: Client) => c.get(url)] as [string, (c: Client) => ReturnType<Client['get']>];
  return [
    get('/api/v1/customers?limit=200'),
    get(`/api/v1/customers/${customerId}`),
    get(`/api/v1/customers/${customerId}/vehicles`),
    get(`/api/v1/customers/${customerId}/timeline`),
    get(`/api/v1/customers/search?q=${encodeURIComponent('钱多多')}`),
    get(`/api/v1/customers/search?q=${mobile.slice(-4)}`),
    get(`/api/v1/customers/search?q=${vehicle.vin}`),
    get(`/api/v1/vehicles/${vehicle.id}`),
    ['POST /api/v1/vehicles/lookup', (c: Client) => c.post('/api/v1/vehicles/lookup', { vin: vehicle.vin })],
    get('/api/v1/appointments?from=2026-11-23&to=2026-11-23'),
    get(`/api/v1/appointments/${appointmentId}`),
    get(`/api/v1/visits/${visitId}`),
    get('/api/v1/repair-orders'),
    get(`/api/v1/repair-orders/${orderId}`),
    get(`/api/v1/repair-orders/${orderId}/additional-items`),
    get('/api/v1/workshop/board'),
    get('/api/v1/complaints'),
    get(`/api/v1/complaints/${complaintId}`),
  ];
}

const secrets = () => [mobile, userMobile, BIRTHDAY];

describe.each<[string, () => Client, Role]>([
  ['a technician', () => tech, 'technician'],
  ['a quality inspector', () => inspector, 'quality_inspector'],
  ['the workshop controller', () => controller, 'workshop_controller'],
])('%s', (_label, client) => {
  it('receives no customer mobile or birthday from any endpoint, and the mobile masked where one is shown', async () => {
    for (const [name, call] of endpoints()) {
      const response = await call(client());
      expect(response.statusCode, `${name}: ${response.body.slice(0, 300)}`).toBe(200);
      for (const secret of secrets()) expect(response.body, `${name} leaks ${secret}`).not.toContain(secret);
    }
    const customer = (await client().get(`/api/v1/customers/${customerId}`)).json();
    expect(customer).toMatchObject({ name: '钱多多', mobile: `${mobile.slice(0, 3)}****${mobile.slice(7)}`, birthday: null });
    const car = (await client().get(`/api/v1/vehicles/${vehicle.id}`)).json();
    expect(car.owner.mobile).toBe(`${mobile.slice(0, 3)}****${mobile.slice(7)}`);
    expect(car.user.mobile).toBe(`${userMobile.slice(0, 3)}****${userMobile.slice(7)}`);
  });

  it('does not get the mobile on the printed repair order either', async () => {
    const text = await pdfText(client(), `/api/v1/repair-orders/${orderId}/pdf`);
    for (const secret of [mobile, userMobile]) expect(text).not.toContain(secret);
    // The visit is the user's (钱小多): the printed contact is theirs, masked.
    expect(text).toContain(`${userMobile.slice(0, 3)}****${userMobile.slice(7)}`);
  });
});

describe('a technician', () => {
  it('sees the jobs dispatched to them without the customer contact', async () => {
    const response = await tech.get('/api/v1/me/jobs');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().items.map((j: { repairOrderId?: string; id?: string }) => j.repairOrderId ?? j.id)).toContain(orderId);
    for (const secret of secrets()) expect(response.body).not.toContain(secret);
  });
});

describe('the service advisor', () => {
  it('gets the full mobile and birthday from the same endpoints', async () => {
    expect((await sa.get(`/api/v1/customers/${customerId}`)).json()).toMatchObject({ mobile, birthday: BIRTHDAY });
    const car = (await sa.get(`/api/v1/vehicles/${vehicle.id}`)).json();
    expect(car).toMatchObject({ owner: { mobile }, user: { mobile: userMobile } });
    expect((await sa.get(`/api/v1/customers/search?q=${mobile}`)).json().items[0]).toMatchObject({ id: customerId, mobile });
    // The car came with its user (钱小多): the appointment, the visit and the order are theirs.
    expect((await sa.get(`/api/v1/appointments/${appointmentId}`)).json().customer.mobile).toBe(userMobile);
    expect((await sa.get(`/api/v1/visits/${visitId}`)).json().customer.mobile).toBe(userMobile);
    expect((await sa.get(`/api/v1/repair-orders/${orderId}`)).json().customer.mobile).toBe(userMobile);
    expect((await sa.get(`/api/v1/complaints/${complaintId}`)).json().customer.mobile).toBe(mobile);
    expect(await pdfText(sa, `/api/v1/repair-orders/${orderId}/pdf`)).toContain(userMobile);
  });

  it('the audit trail keeps the full record whoever acted', async () => {
    const row = await ctx.db
      .selectFrom('audit_log')
      .select('after')
      .where('entity_id', '=', customerId)
      .where('action', '=', 'customer.created')
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row.after)).toContain(mobile);
  });
});

describe('the session', () => {
  it('tells the web app who may see contact details', async () => {
    expect((await sa.get('/api/v1/auth/session')).json().user.permissions).toContain('customer.contact.read');
    expect((await tech.get('/api/v1/auth/session')).json().user.permissions).not.toContain('customer.contact.read');
  });
});
