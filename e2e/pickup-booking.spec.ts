import { expect, test } from '@playwright/test';
import { handOverLoaner, reserveLoaner, returnLoaner } from './loaner-steps';
import { addDriver, csrfOf, login, newCustomerWithCar, pickDriver, sign } from './support';

// The value-added services in one customer's morning (issue 17): the customer books a service on
// their phone and asks for the car to be fetched; the desk gives the job to a driver, whose phone page
// takes the car at the door and hands it over at the dealer; the advisor checks the appointment in
// and lends the customer a loaner, handed over and taken back on the tablet.

const HOUR = 3_600_000;

test('book with pick-up on the phone → the driver’s page → check-in → a loaner handed over and returned', async ({ page, browser }) => {
  test.setTimeout(240_000);
  const driverName = await addDriver(page);

  await login(page, 'desk.bj');
  const car = await newCustomerWithCar(page.request, await csrfOf(page), { namePrefix: '取车预约', daysAgo: 300 });

  // The first free slot at least two hours ahead, so the driver's window (before it) has not begun.
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  const week = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() + 6 * 86_400_000));
  const availability = await (await page.request.get(`/api/v1/public/dealers/BJ01/availability?from=${today}&to=${week}`)).json();
  const slot = (availability.days as { date: string; slots: { startsAt: string; remaining: number }[] }[])
    .flatMap((d) => d.slots.map((s) => ({ ...s, date: d.date })))
    .find((s) => s.remaining > 0 && new Date(s.startsAt).getTime() > Date.now() + 2 * HOUR);
  expect(slot).toBeDefined();

  // --- The customer's phone: plate, mobile, the SMS code, a slot and the pick-up.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', hasTouch: true });
  const customer = await phone.newPage();
  await customer.goto('/book/BJ01');
  await customer.getByTestId('public-plate').fill(car.plate);
  await customer.getByTestId('public-mobile').fill(car.mobile);
  await customer.getByTestId('send-code').click();
  await expect(customer.getByTestId('public-code')).toBeVisible();
  let code = '';
  await expect(async () => {
    const messages = await (await page.request.get('/api/v1/messages?limit=30')).json();
    const otp = messages.items.find((m: { recipient: string; body: string }) => m.recipient === car.mobile && /\d{6}/.test(m.body));
    code = /(\d{6})/.exec(otp?.body ?? '')?.[1] ?? '';
    expect(code).toMatch(/^\d{6}$/);
  }).toPass();
  await customer.getByTestId('public-code').fill(code);
  await customer.locator(`[data-testid="availability-day"][data-date="${slot!.date}"]`).click();
  await customer
    .locator(`[data-testid="slot-grid"][data-date="${slot!.date}"] [data-testid="slot"][data-starts-at="${slot!.startsAt}"]`)
    .click();
  await customer.getByTestId('public-pickup-switch').click();
  await customer.getByTestId('public-pickup-area').click();
  await customer.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '朝阳区' }).first().click();
  await customer.getByTestId('public-pickup-address').fill('朝阳区建国路88号SOHO地库B2-118');
  await expect(customer.getByTestId('public-pickup-window')).toContainText('司机将于');
  await customer.getByTestId('public-book-submit').click();
  await expect(customer.getByTestId('public-success')).toBeVisible();
  await customer.getByTestId('public-manage-link').click();
  await expect(customer.getByTestId('public-booking-pickup')).toContainText('待安排司机');

  // --- The desk: the job booked online is on the day plan; it goes to the new driver.
  await page.goto(`/pickup?date=${slot!.date}`);
  const job = page.getByTestId('pickup-row').filter({ hasText: car.customerName });
  await expect(job.getByTestId('pickup-online')).toBeVisible();
  await expect(job.getByTestId('pickup-status')).toHaveText('待指派');
  await job.getByTestId('pickup-assign').click();
  await pickDriver(page, driverName);
  await page.getByTestId('pickup-assign-ok').click();
  const url = await page.getByTestId('pickup-link-url').inputValue();
  await page.getByTestId('pickup-link-close').click();

  // --- The driver's phone: set out, take the car at the door, hand it over at the dealer.
  const driverPhone = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', hasTouch: true });
  const driver = await driverPhone.newPage();
  await driver.goto(new URL(url).pathname);
  await expect(driver.getByText('朝阳区建国路88号SOHO地库B2-118')).toBeVisible();
  await driver.getByTestId('driver-set-out').click();
  await driver.getByRole('button', { name: '我已出发' }).last().click();
  await expect(driver.getByTestId('driver-status')).toHaveText('司机已出发');
  await customer.reload();
  await expect(customer.getByTestId('public-booking-pickup')).toContainText('司机已出发');
  await driver.locator('[data-testid="driver-take-km"] input, input[data-testid="driver-take-km"]').fill('31020');
  await sign(driver);
  await driver.getByTestId('driver-take').click();
  await expect(driver.getByTestId('driver-status')).toHaveText('已接车');
  await driver.locator('[data-testid="driver-hand-over-km"] input, input[data-testid="driver-hand-over-km"]').fill('31032');
  await driver.getByTestId('driver-hand-over').click();
  await expect(driver.getByTestId('driver-completed')).toContainText('行驶 12 公里');
  await driverPhone.close();
  await customer.reload();
  await expect(customer.getByTestId('public-booking-pickup')).toContainText('已送达门店');
  await phone.close();

  // --- The advisor checks the appointment in from the board and lends the customer a loaner.
  const appointmentId = (await (await page.request.get(`/api/v1/pickup/jobs?date=${slot!.date}`)).json()).jobs.find(
    (j: { customer: { name: string } }) => j.customer.name === car.customerName,
  ).appointmentId as string;
  await page.context().clearCookies();
  await page.setViewportSize({ width: 1024, height: 768 });
  await login(page, 'sa.bj');
  await page.goto(`/appointments?date=${slot!.date}&highlight=${appointmentId}`);
  await page.locator(`[data-testid="appointment-card"][data-id="${appointmentId}"]`).click();
  await page.getByTestId('check-in').click();
  await page.locator('.ant-modal-confirm .ant-btn-primary').click();
  await expect(page).toHaveURL(/\/visits\/[0-9a-f-]{36}$/);

  await page.goto('/loaners');
  const { row } = await reserveLoaner(page, car.customerName);
  const km = await handOverLoaner(page, row);
  await returnLoaner(page, row, km + 35);
});
