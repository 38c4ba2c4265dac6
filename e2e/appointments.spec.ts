import { expect, type Page, test } from '@playwright/test';

async function login(page: Page, who: string) {
  await page.goto('/login');
  await page.locator('#login').fill(who);
  await page.locator('#password').fill('demo1234');
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('user-menu')).toBeVisible();
}

const shanghaiDate = (daysAhead: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() + daysAhead * 86_400_000));

/** Vehicles of the logged-in dealer with their plates, through the API the pages use. */
async function dealerVehicles(page: Page, count: number) {
  const found: { id: string; plate: string }[] = [];
  const list = await (await page.request.get('/api/v1/customers?limit=60')).json();
  for (const customer of list.items) {
    const vehicles = await (await page.request.get(`/api/v1/customers/${customer.id}/vehicles`)).json();
    for (const v of vehicles.items)
      if (found.length < count && !found.some((f) => f.plate === v.plate)) found.push({ id: v.id, plate: v.plate });
    if (found.length >= count) break;
  }
  expect(found).toHaveLength(count);
  return found;
}

async function chooseVehicleAndWork(page: Page, plate: string) {
  await page.goto('/appointments/new');
  await page.getByTestId('booking-vehicle-search').fill(plate);
  await page.locator(`[data-testid="pick-vehicle"][data-plate="${plate}"]`).first().click();
  await expect(page.getByTestId('picked-vehicle')).toContainText(plate);
  await page.getByTestId('work-description').first().fill('常规保养');
}

async function pickSlot(page: Page, day: string, startsAt: string) {
  await page.locator(`[data-testid="availability-day"][data-date="${day}"]`).click();
  const slot = page.locator(`[data-testid="slot-grid"][data-date="${day}"] [data-testid="slot"][data-starts-at="${startsAt}"]`);
  await expect(slot).toBeEnabled();
  await slot.click();
  return slot;
}

// Two agents and the online page racing for the last seat (issue 3's flow): the agent books a slot
// found through availability and the board shows it; while the agent is booking a second car into
// the slot's last seat, a customer takes it online; the agent's attempt is refused with alternatives.
test('the last seat of a slot goes to one booking; the other gets alternatives', async ({ page, browser }) => {
  await login(page, 'agent.bj');
  const day = shanghaiDate(5); // the demo's bookings reach 4 days ahead: this day starts empty
  const startsAt = new Date(`${day}T15:00:00+08:00`).toISOString();
  const [first, second, third, fourth] = await dealerVehicles(page, 4);

  // Two seats of the four are taken by other bookings.
  const csrf = (await (await page.request.get('/api/v1/auth/session')).json()).csrfToken;
  for (const v of [third!, fourth!]) {
    const r = await page.request.post('/api/v1/appointments', {
      headers: { 'x-csrf-token': csrf },
      data: { vehicleId: v.id, startsAt, requestedWork: [{ kind: 'maintenance', description: '保养' }], channel: 'phone' },
    });
    expect(r.status()).toBe(201);
  }

  // The agent finds the slot through availability and books it: 3 of 4.
  await chooseVehicleAndWork(page, first!.plate);
  const slot = await pickSlot(page, day, startsAt);
  await expect(slot).toHaveAttribute('data-remaining', '2');
  await page.getByTestId('book-submit').click();
  await expect(page).toHaveURL(/\/appointments\?date=.*highlight=/);
  const card = page.getByTestId('appointment-board').locator(`[data-testid="appointment-card"][data-plate="${first!.plate}"]`);
  await expect(card).toBeVisible();

  // The agent starts booking another car into the same slot: one seat left.
  await chooseVehicleAndWork(page, second!.plate);
  await expect(await pickSlot(page, day, startsAt)).toHaveAttribute('data-remaining', '1');

  // Meanwhile a customer books that seat on the public page (no login).
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const customer = await phone.newPage();
  await customer.goto('/book/BJ01');
  await customer.getByTestId('public-plate').fill('京A·E2E09');
  await customer.getByTestId('public-mobile').fill('13700009999');
  await customer.getByTestId('send-code').click();
  await expect(customer.getByTestId('public-code')).toBeVisible();
  let code = '';
  await expect(async () => {
    const messages = await (await page.request.get('/api/v1/messages?limit=20')).json();
    const otp = messages.items.find((m: { recipient: string; body: string }) => m.recipient === '13700009999' && /\d{6}/.test(m.body));
    code = /(\d{6})/.exec(otp?.body ?? '')?.[1] ?? '';
    expect(code).toMatch(/^\d{6}$/);
  }).toPass();
  await customer.getByTestId('public-code').fill(code);
  await pickSlot(customer, day, startsAt);
  await customer.getByTestId('public-book-submit').click();
  await expect(customer.getByTestId('public-success')).toBeVisible();
  await phone.close();

  // The agent's booking of the seat that is gone is refused, with the nearest free slots offered.
  await page.getByTestId('book-submit').click();
  const refused = page.getByTestId('slot-full');
  await expect(refused).toBeVisible();
  const alternatives = refused.locator('[data-testid="suggested-slot"], [data-testid="slot"], button');
  await expect(alternatives.first()).toBeVisible();
  const full = await (await page.request.get(`/api/v1/availability?from=${day}&to=${day}`)).json();
  expect(full.days[0].slots.find((s: { startsAt: string }) => s.startsAt === startsAt).remaining).toBe(0);
});

// A customer books from their phone without an account: plate and mobile, the SMS code, a slot.
test('customer books online without logging in', async ({ page, browser }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/book/BJ01');
  await expect(page).toHaveURL(/\/book\/BJ01$/);
  await page.getByTestId('public-plate').fill('京A·E2E01');
  await page.getByTestId('public-mobile').fill('13700001234');
  await page.getByTestId('send-code').click();
  await expect(page.getByTestId('public-code')).toBeVisible();

  // The code went out by SMS: staff can read the outbox.
  const staff = await browser.newContext();
  const token = (await (await staff.request.post('/api/v1/auth/login', { data: { login: 'agent.bj', password: 'demo1234' } })).json())
    .csrfToken;
  expect(token).toBeTruthy();
  let code = '';
  await expect(async () => {
    const messages = await (await staff.request.get('/api/v1/messages?limit=20')).json();
    const otp = messages.items.find((m: { recipient: string; body: string }) => m.recipient === '13700001234' && /\d{6}/.test(m.body));
    code = /(\d{6})/.exec(otp?.body ?? '')?.[1] ?? '';
    expect(code).toMatch(/^\d{6}$/);
  }).toPass();
  await staff.close();

  await page.getByTestId('public-code').fill(code);
  const slot = page.locator('[data-testid="slot"]:not([disabled])').first();
  await slot.click();
  await page.getByTestId('public-book-submit').click();
  const success = page.getByTestId('public-success');
  await expect(success).toBeVisible();
  await expect(success).toContainText('京A·E2E01');
  await expect(page).not.toHaveURL(/\/login/);

  await page.getByTestId('public-manage-link').click();
  await expect(page.getByTestId('my-booking')).toBeVisible();
  await expect(page.getByTestId('public-status')).toHaveAttribute('data-status', 'booked');
});
