import { type APIRequestContext, type Browser, expect, type Page, test } from '@playwright/test';
import { withVinCheckDigit } from '../packages/contracts/src/chinese-data';

// The workshop from the advisor's, the inspector's and the customer's side: the live progress board,
// the customer's progress page from the RO's link, and a failed quality check sent back as rework.
// Every test brings its own customer, car and repair order (made through the API), so it depends on
// no other flow's data.

async function login(page: Page, who: string) {
  await page.goto('/login');
  await page.locator('#login').fill(who);
  await page.locator('#password').fill('demo1234');
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('user-menu')).toBeVisible();
}

async function staffPage(browser: Browser, who: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await login(page, who);
  return { context, page };
}

/** The logged-in page's session: its CSRF token (for API writes) and the user's name. */
async function session(page: Page): Promise<{ csrf: string; name: string }> {
  const body = await (await page.request.get('/api/v1/auth/session')).json();
  return { csrf: body.csrfToken as string, name: body.user.displayName as string };
}

const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const PLATE_LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const VIN_CHARS = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';
const pick = (chars: string) => chars[Math.floor(Math.random() * chars.length)]!;
const digits = (n: number) => Array.from({ length: n }, () => pick('0123456789')).join('');

type Car = { roId: string; number: string; plate: string };
type Stage = 'authorised' | 'in_progress' | 'quality_check';

/** A new customer's car, checked in as a walk-in, with a signed repair order moved on to `stage`. */
async function carInWorkshop(
  request: APIRequestContext,
  csrf: string,
  stage: Stage,
  options: { promisedInMinutes?: number; hours?: number } = {},
): Promise<Car> {
  const headers = { 'x-csrf-token': csrf };
  const post = async (url: string, data: unknown, expected = [200, 201]) => {
    const response = await request.post(url, { headers, data });
    const body = await response.json();
    expect(expected, `${url}: ${JSON.stringify(body)}`).toContain(response.status());
    return body;
  };

  let customerId = '';
  for (let attempt = 0; attempt < 5 && !customerId; attempt++) {
    const response = await request.post('/api/v1/customers', {
      headers,
      data: { name: `车间测试${digits(3)}`, mobile: `199${digits(8)}` },
    });
    if (response.status() === 201) customerId = (await response.json()).id;
  }
  expect(customerId).not.toBe('');
  let vehicle: { id: string; plate: string } | null = null;
  for (let attempt = 0; attempt < 5 && !vehicle; attempt++) {
    const vin = withVinCheckDigit(`LSV${Array.from({ length: 14 }, () => pick(VIN_CHARS)).join('')}`);
    const plate = `京${pick(PLATE_LETTERS)}${digits(5)}`;
    const response = await request.post('/api/v1/vehicles', { headers, data: { vin, plate, ownerId: customerId } });
    if (response.status() === 201) vehicle = await response.json();
  }
  expect(vehicle).not.toBeNull();

  const visit = await post('/api/v1/visits', { vehicleId: vehicle!.id });
  let order = await post('/api/v1/repair-orders', {
    visitId: visit.id,
    concerns: '仪表盘有异响',
    promisedAt: new Date(Date.now() + (options.promisedInMinutes ?? 240) * 60_000).toISOString(),
    lines: [{ kind: 'labour', description: '检查仪表台异响', hours: options.hours ?? 1, payType: 'customer' }],
    packageIds: [],
  });
  order = await post(`/api/v1/repair-orders/${order.id}/authorise`, { version: order.version, signaturePng: PNG });
  for (const to of ['in_progress', 'quality_check'] as const) {
    if (stage === 'authorised' || (stage === 'in_progress' && to === 'quality_check')) break;
    order = await post(`/api/v1/repair-orders/${order.id}/transitions`, { version: order.version, to });
  }
  expect(order.status).toBe(stage);
  return { roId: order.id, number: order.number, plate: vehicle!.plate };
}

const boardCard = (page: Page, car: Car) => page.locator(`[data-testid="board-card"][data-number="${car.number}"]`);

test('a car in the workshop is on the live board, flagged when its promised time is at risk, and moves as it progresses', async ({
  page,
}) => {
  await login(page, 'sa.bj');
  const me = await session(page);
  // Three hours of work promised within the hour: at risk from the start.
  const car = await carInWorkshop(page.request, me.csrf, 'in_progress', { promisedInMinutes: 60, hours: 3 });

  await page.goto('/workshop/board');
  await expect(page.getByTestId('board-connection')).toHaveAttribute('data-state', 'live');
  const card = boardCard(page, car);
  await expect(card).toHaveAttribute('data-stage', 'in_progress');
  await expect(card).toHaveAttribute('data-at-risk', 'true');
  await expect(card.getByTestId('board-at-risk')).toBeVisible();
  await expect(card.getByTestId('board-sa')).toContainText(me.name);
  await expect(
    page.locator('[data-testid="board-column"][data-stage="in_progress"]').locator(`[data-number="${car.number}"]`),
  ).toBeVisible();

  // Sent to the quality check elsewhere: the stream moves the card without a reload.
  const order = await (await page.request.get(`/api/v1/repair-orders/${car.roId}`)).json();
  const moved = await page.request.post(`/api/v1/repair-orders/${car.roId}/transitions`, {
    headers: { 'x-csrf-token': me.csrf },
    data: { version: order.version, to: 'quality_check' },
  });
  expect(moved.status()).toBe(200);
  await expect(card).toHaveAttribute('data-stage', 'quality_check');
  await expect(
    page.locator('[data-testid="board-column"][data-stage="quality_check"]').locator(`[data-number="${car.number}"]`),
  ).toBeVisible();

  // Each card opens its repair order.
  await card.click();
  await expect(page).toHaveURL(new RegExp(`/repair-orders/${car.roId}$`));
  await expect(page.getByTestId('ro-status')).toHaveAttribute('data-status', 'quality_check');
});

test("the advisor gives the customer a progress link; the customer's page shows the stage, and a new link retires the old one", async ({
  page,
  browser,
}) => {
  await login(page, 'sa.bj');
  const me = await session(page);
  const car = await carInWorkshop(page.request, me.csrf, 'authorised');

  await page.goto(`/repair-orders/${car.roId}`);
  await page.getByTestId('progress-link').click();
  const modal = page.getByTestId('progress-link-modal');
  await expect(modal).toBeVisible();
  await expect(modal.getByTestId('progress-link-qr').locator('canvas, svg')).toBeVisible();
  const url = (await modal.getByTestId('progress-link-url').textContent())!.trim();
  // The printed RO carries this link as its QR code.
  const printed = await page.request.get((await modal.getByTestId('progress-link-print').getAttribute('href'))!);
  expect(printed.status()).toBe(200);
  expect(printed.headers()['content-type']).toBe('application/pdf');
  expect(url).toMatch(/\/progress\/[A-Za-z0-9_-]+\/[A-Za-z0-9_-]{20,}$/);
  const path = new URL(url).pathname;

  // The customer, on their phone, without logging in.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const customer = await phone.newPage();
  await customer.goto(path);
  await expect(customer.getByTestId('progress-page')).toHaveAttribute('data-stage', 'authorised');
  await expect(customer.getByTestId('progress-current')).toHaveAttribute('data-step', 'received');
  await expect(customer.getByTestId('public-dealer')).not.toHaveText('');
  // The plate is masked (京A·***45): no personal data on a page reached by a link.
  await expect(customer.getByTestId('progress-page')).toContainText('***');

  // The work starts: the customer's page follows.
  await page.keyboard.press('Escape');
  await page.getByTestId('transition-in_progress').click();
  await expect(page.getByTestId('ro-status')).toHaveAttribute('data-status', 'in_progress');
  await customer.reload();
  await expect(customer.getByTestId('progress-current')).toHaveAttribute('data-step', 'in_progress');

  // A new link: the one the customer has stops working.
  await page.getByTestId('progress-link').click();
  await page.getByTestId('progress-link-renew').click();
  await expect(page.getByTestId('progress-link-url')).not.toHaveText(url);
  await customer.reload();
  await expect(customer.getByTestId('progress-expired')).toBeVisible();
  await phone.close();
});

test('the inspector fails the quality check with a reason: the car goes back to the workshop as a rework', async ({ page, browser }) => {
  await login(page, 'sa.bj');
  const me = await session(page);
  const car = await carInWorkshop(page.request, me.csrf, 'quality_check');

  const qc = await staffPage(browser, 'qc.bj');
  await qc.page.goto(`/repair-orders/${car.roId}`);
  await expect(qc.page.getByTestId('qc-form')).toBeVisible();
  await qc.page.getByTestId('qc-fail').click();
  await qc.page.getByTestId('qc-reason').fill('仪表台异响仍在，需重新紧固');
  await qc.page.getByTestId('qc-fail-submit').click();
  await expect(qc.page.getByTestId('ro-status')).toHaveAttribute('data-status', 'in_progress');
  await expect(qc.page.getByTestId('ro-rework')).toHaveAttribute('data-count', '1');
  await expect(qc.page.getByTestId('ro-rework-alert')).toBeVisible();

  // The advisor's board shows the car back in progress, marked as a rework.
  await page.goto('/workshop/board');
  const card = boardCard(page, car);
  await expect(card).toHaveAttribute('data-stage', 'in_progress');
  await expect(card).toHaveAttribute('data-rework', '1');
  await expect(card.getByTestId('board-rework')).toContainText('1');
  await qc.context.close();
});
