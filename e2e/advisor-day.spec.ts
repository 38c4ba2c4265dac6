import { expect, type Page, test } from '@playwright/test';
import { csrfOf, login, newCustomerWithCar, shanghaiDate, sign } from './support';

// The service advisor's day (issue 12): my day → check a walk-in in → the repair order quotes as it is
// built → signed, worked, settled and delivered → the customer's 360 page shows the visit with the
// next maintenance the delivery set.

/** "YYYY-MM-DD HH:mm" in the dealer's zone, as the date picker takes it. */
function shanghaiDateTime(msAhead: number) {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(Date.now() + msAhead));
  const p = (type: string) => parts.find((x) => x.type === type)!.value;
  return `${p('year')}-${p('month')}-${p('day')} ${p('hour')}:${p('minute')}`;
}

const fen = async (page: Page, testId: string) =>
  Math.round(Number((await page.getByTestId(testId).innerText()).replace(/[^\d.]/g, '')) * 100);

test('the advisor’s day: check in, a live quote, delivery, and the 360 page shows the next due date', async ({ page }) => {
  test.setTimeout(180_000);
  await login(page, 'sa.bj');
  // The advisor lands on my day.
  await expect(page).toHaveURL(/\/my-day$/);
  await expect(page.getByTestId('my-day-approvals')).toBeVisible();

  const csrf = await csrfOf(page);
  const car = await newCustomerWithCar(page.request, csrf, { namePrefix: '日程', daysAgo: 400 });
  const reading = await page.request.post(`/api/v1/vehicles/${car.vehicleId}/mileage`, {
    headers: { 'x-csrf-token': csrf },
    data: { readOn: shanghaiDate(-120), km: 8_000, source: 'service_visit' },
  });
  expect(reading.status()).toBe(201);

  // --- Check in the walk-in from my day.
  await page.getByTestId('my-day-check-in').click();
  await expect(page.getByTestId('reception-new-page')).toBeVisible();
  await page.getByTestId('booking-vehicle-search').fill(car.plate);
  await page.locator(`[data-testid="pick-vehicle"][data-plate="${car.plate}"]`).first().click();
  await page.getByTestId('reception-submit').click();
  await expect(page).toHaveURL(/\/visits\/[0-9a-f-]{36}$/);

  // --- The repair order: the quote follows every line as it is added.
  await page.getByTestId('open-ro-form').click();
  await expect(page.getByTestId('ro-form-page')).toBeVisible();
  await page.getByTestId('ro-concerns').fill('做个保养，顺便看看刹车');
  const promised = page.getByTestId('ro-promised-at');
  await promised.click();
  await promised.fill(shanghaiDateTime(3 * 3_600_000));
  await promised.press('Enter');
  await page.locator('input[data-testid="ro-odometer"], [data-testid="ro-odometer"] input').fill('12000');
  expect(await fen(page, 'quote-total')).toBe(0);
  await page.getByTestId('ro-packages').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().click();
  await page.keyboard.press('Escape');
  await expect.poll(() => fen(page, 'quote-total')).toBeGreaterThan(0);
  const withPackage = await fen(page, 'quote-total');
  await page.getByTestId('add-labour').click();
  await page.getByTestId('line-description').last().fill('刹车系统检查');
  await page.locator('input[data-testid="line-hours"], [data-testid="line-hours"] input').last().fill('1');
  await expect.poll(() => fen(page, 'quote-total')).toBeGreaterThan(withPackage);
  const quoted = await fen(page, 'quote-customer-pays');
  await page.getByTestId('ro-submit').click();
  await expect(page).toHaveURL(/\/repair-orders\/[0-9a-f-]{36}$/);
  const roId = page.url().split('/repair-orders/')[1]!;
  const order = await (await page.request.get(`/api/v1/repair-orders/${roId}`)).json();
  // The server prices the order exactly as the form quoted it.
  expect(order.totals.customerPayableFen).toBe(quoted);

  // --- Signed, then the workshop's steps (the workshop's own flows are tested on their own).
  await sign(page);
  await page.getByTestId('authorise-submit').click();
  await expect(page.getByTestId('ro-status')).toHaveAttribute('data-status', 'authorised');
  let version = (await (await page.request.get(`/api/v1/repair-orders/${roId}`)).json()).version as number;
  for (const to of ['in_progress', 'quality_check', 'ready']) {
    const moved = await page.request.post(`/api/v1/repair-orders/${roId}/transitions`, {
      headers: { 'x-csrf-token': csrf },
      data: { version, to },
    });
    expect(moved.status()).toBe(200);
    version = (await moved.json()).version;
  }

  // --- Ready: my day lists it for delivery; settle and hand the car back.
  await page.goto('/my-day');
  await expect(page.getByTestId('my-day-deliveries')).toContainText(car.customerName);
  await page.getByTestId('my-day-deliveries').getByText(car.customerName).click();
  await expect(page.getByTestId('ro-status')).toHaveAttribute('data-status', 'ready');
  await page.getByTestId('invoice-submit').click();
  await expect(page.getByTestId('invoice-panel')).toBeVisible();
  await page.getByTestId('pay-submit').click();
  for (const k of ['workExplained', 'oldPartsShown', 'carClean']) await page.getByTestId(`deliver-${k}`).check();
  await page.getByTestId('deliver-submit').click();
  await expect(page.getByTestId('ro-status')).toHaveAttribute('data-status', 'delivered');
  // The advisor is told what the survey the delivery sets off will do (here: its SMS, at the dealer's delay).
  await expect(page.getByTestId('survey-notice')).toContainText('满意度调查短信');
  const nextDue = /\d{4}-\d{2}-\d{2}/.exec(await page.getByTestId('next-maintenance').innerText())?.[0];
  expect(nextDue).toBeDefined();
  expect(nextDue! > shanghaiDate()).toBe(true);

  // --- The 360 page: the visit on top of the history, with its mileage-in and the next due date.
  await page.goto(`/customers/${car.customerId}`);
  const visit = page.locator('[data-testid="history-entry"][data-kind="visit"]').first();
  await expect(visit).toContainText(order.number);
  await expect(visit).toContainText('12,000');
  await expect(visit).toContainText(nextDue!);
});
