import { type Browser, type BrowserContext, expect, type Page, test } from '@playwright/test';
import { type Car, csrfOf, login, newCustomerWithCar, sign } from './support';

// Issue 18 §1: the reception works on the tablet with the server out of reach. The advisor opens the
// day's appointments, loses the network, checks the car in, does the walk-around with a photo and
// the customer's signature and writes the customer's words; all of it waits on the device and is sent
// once, in order, when the network is back.

// A 1×1 PNG: the server reads the real type from the content.
const PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

const numberInput = (page: Page, testId: string) => page.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`);
const dayOf = (iso: string) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(iso));

type Booked = { agent: BrowserContext; agentCsrf: string; car: Car; appointmentId: string };

/**
 * A new customer's car booked (by the appointment agent) for the advisor sa.bj, who is logged in on
 * `page`. The first bookable slot from now on; when it is not today (the evening), the tablet's clock
 * is set to that day so that the advisor's day shows it.
 */
async function bookForTheAdvisor(page: Page, browser: Browser): Promise<Booked> {
  const agent = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  const agentLogin = await agent.request.post('/api/v1/auth/login', { data: { login: 'agent.bj', password: 'demo1234' } });
  expect(agentLogin.ok()).toBeTruthy();
  const agentCsrf = (await agentLogin.json()).csrfToken as string;

  const from = dayOf(new Date().toISOString());
  const to = dayOf(new Date(Date.now() + 3 * 86_400_000).toISOString());
  const availability = await (await agent.request.get(`/api/v1/availability?from=${from}&to=${to}`)).json();
  const slots = ((availability.days ?? []) as { slots: { startsAt: string; remaining: number }[] }[]).flatMap((d) => d.slots);
  const slot = slots.find((s) => s.remaining > 0 && Date.parse(s.startsAt) > Date.now() + 10 * 60_000);
  expect(slot).toBeDefined();
  if (dayOf(slot!.startsAt) !== from) await page.clock.setFixedTime(new Date(Date.parse(slot!.startsAt) - 30 * 60_000));

  await login(page, 'sa.bj');
  const csrf = await csrfOf(page);
  const me = (await (await page.request.get('/api/v1/auth/session')).json()).user as { id: string };
  const car = await newCustomerWithCar(page.request, csrf, { namePrefix: '离线', daysAgo: 300 });
  const booked = await agent.request.post('/api/v1/appointments', {
    headers: { 'x-csrf-token': agentCsrf },
    data: {
      vehicleId: car.vehicleId,
      startsAt: slot!.startsAt,
      requestedWork: [{ kind: 'maintenance', description: '常规保养' }],
      customerWords: '刹车时有异响',
      preferredSaId: me.id,
      channel: 'phone',
    },
  });
  expect(booked.status(), await booked.text()).toBe(201);
  const appointment = (await booked.json()) as { id: string };
  return { agent, agentCsrf, car, appointmentId: appointment.id };
}

test('a reception done offline is kept on the device and synced once when the server is back', async ({ page, browser }) => {
  test.setTimeout(240_000);
  const { agent, car, appointmentId } = await bookForTheAdvisor(page, browser);
  await agent.close();
  // --- Online: the advisor's day, read once, and the installed app shell.
  await page.goto('/my-day');
  const row = page.locator(`[data-testid="my-day-appointment"][data-plate="${car.plate}"]`);
  await expect(row).toBeVisible();
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });

  // --- The server is cut off: the page reloads from the device and shows the day as it was read.
  await page.route('**/api/**', (route) => route.abort('internetdisconnected'));
  await page.context().setOffline(true);
  await page.reload();
  await expect(page.getByTestId('offline-banner')).toBeVisible();
  await expect(page.getByTestId('offline-tag')).toBeVisible();
  await expect(row).toBeVisible();

  // --- Check-in, walk-around with a photo and the signature, the customer's words: all kept here.
  await row.getByTestId('my-day-receive').click();
  await page.getByTestId('my-day-receive-ok').click();
  await expect(page.getByTestId('local-reception-page')).toBeVisible();
  await expect(page.locator('[data-testid="offline-step"][data-kind="check_in"]')).toHaveAttribute('data-state', 'waiting');
  const form = page.getByTestId('walkaround-form');
  await form.locator('[data-testid="walkaround-item"][data-item="轮胎"]').getByText('异常').click();
  await numberInput(page, 'walkaround-odometer').fill('23456');
  await page.getByTestId('walkaround-covers').check();
  await page
    .getByTestId('walkaround-photo-input')
    .setInputFiles({ name: 'tyre.png', mimeType: 'image/png', buffer: Buffer.from(PNG_BASE64, 'base64') });
  await expect(page.getByTestId('walkaround-photo')).toHaveCount(1);
  await sign(page);
  await page.getByTestId('walkaround-submit').click();
  await expect(page.getByTestId('walkaround-kept')).toBeVisible();
  await expect(page.getByTestId('offline-concerns')).toHaveValue('刹车时有异响');
  await page.getByTestId('offline-words-submit').click();
  await expect(page.getByTestId('local-waiting')).toContainText('已保存在本设备，等待同步');
  await expect(page.getByTestId('sync-status')).toContainText('等待同步 (3)');
  await expect(page.locator('[data-testid="offline-step"][data-state="done"]')).toHaveCount(0);

  // --- The network is back: the three writes go, in order, and the visit opens from here.
  await page.unroute('**/api/**');
  await page.context().setOffline(false);
  await expect(page.getByTestId('local-all-synced')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('sync-status')).toContainText('已全部同步');

  const drive = await (await page.request.get('/api/v1/drive/today')).json();
  const entries = (Object.values(drive.stages) as { visitId: string; plate: string; repairOrder: { id: string } | null }[][])
    .flat()
    .filter((e) => e.plate === car.plate);
  expect(entries).toHaveLength(1);
  const visitId = entries[0]!.visitId;
  const visit = await (await page.request.get(`/api/v1/visits/${visitId}`)).json();
  expect(visit.appointmentId).toBe(appointmentId);
  expect((await (await page.request.get(`/api/v1/appointments/${appointmentId}`)).json()).status).toBe('arrived');
  const inspection = await page.request.get(`/api/v1/visits/${visitId}/inspection`);
  expect(inspection.status()).toBe(200);
  const walkaround = await inspection.json();
  expect(walkaround.signedAt).toBeTruthy();
  expect(walkaround.signedContentHash).toMatch(/^[0-9a-f]{64}$/);
  expect(walkaround.odometerKm).toBe(23456);
  expect(walkaround.photos).toHaveLength(1);
  expect(entries[0]!.repairOrder).not.toBeNull();
  const order = await (await page.request.get(`/api/v1/repair-orders/${entries[0]!.repairOrder!.id}`)).json();
  expect(order.concerns).toBe('刹车时有异响');
  const orders = (await (await page.request.get('/api/v1/repair-orders?limit=100')).json()).items as { visitId: string }[];
  expect(orders.filter((o) => o.visitId === visitId)).toHaveLength(1);

  await page.getByTestId('local-open-visit').click();
  await expect(page.getByTestId('walkaround-done')).toBeVisible();
});

test('a check-in of an appointment cancelled meanwhile is shown as a conflict, and is discarded only when confirmed', async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  const { agent, agentCsrf, car, appointmentId } = await bookForTheAdvisor(page, browser);
  await page.goto('/my-day');
  const row = page.locator(`[data-testid="my-day-appointment"][data-plate="${car.plate}"]`);
  await expect(row).toBeVisible();

  await page.route('**/api/**', (route) => route.abort('internetdisconnected'));
  await page.context().setOffline(true);
  await row.getByTestId('my-day-receive').click();
  await page.getByTestId('my-day-receive-ok').click();
  await expect(page.getByTestId('local-reception-page')).toBeVisible();

  // Meanwhile the customer cancels on the phone with the agent.
  const current = await (await agent.request.get(`/api/v1/appointments/${appointmentId}`)).json();
  const cancelled = await agent.request.post(`/api/v1/appointments/${appointmentId}/cancel`, {
    headers: { 'x-csrf-token': agentCsrf },
    data: { version: current.version, reason: '客户临时有事' },
  });
  expect(cancelled.status(), await cancelled.text()).toBe(200);

  await page.unroute('**/api/**');
  await page.context().setOffline(false);
  const checkIn = page.locator('[data-testid="offline-step"][data-kind="check_in"]');
  await expect(checkIn).toHaveAttribute('data-state', 'conflict', { timeout: 60_000 });
  await expect(checkIn.getByTestId('offline-conflict')).toBeVisible();
  // Kept, and still counted as waiting: nothing was opened on the server.
  await expect(page.getByTestId('sync-status')).toContainText('等待同步 (1)');
  const drive = await (await page.request.get('/api/v1/drive/today')).json();
  const entries = (Object.values(drive.stages) as { plate: string }[][]).flat().filter((e) => e.plate === car.plate);
  expect(entries).toHaveLength(0);

  // Discarding asks first; cancelled, the conflict stays.
  await checkIn.getByTestId('offline-discard').click();
  await page.locator('.ant-modal-confirm-btns .ant-btn:not(.ant-btn-primary)').click();
  await expect(checkIn).toHaveAttribute('data-state', 'conflict');
  await checkIn.getByTestId('offline-discard').click();
  await page.getByTestId('offline-discard-ok').click();
  await expect(page.getByTestId('local-reception-missing')).toBeVisible();
  await agent.close();
});
