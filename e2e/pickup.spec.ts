import { expect, test } from '@playwright/test';
import { addDriver, csrfOf, login, newCustomerWithCar, pickDriver } from './support';

// Pick-up and delivery (issue 17): the desk books a pick-up for a customer's car and gives it to a
// free driver; on the driver's phone the link opens the job, the driver sets out (the customer is
// texted), takes the car at the door with the walk-around and the customer's signature, and hands it
// over at the dealer; the desk's day plan shows the job done.

test('the desk books a pick-up, a driver takes the car on the phone and hands it over', async ({ page, browser }) => {
  const driverName = await addDriver(page);

  await login(page, 'desk.bj');
  const csrf = await csrfOf(page);
  const car = await newCustomerWithCar(page.request, csrf, { namePrefix: '取送', daysAgo: 400 });
  const start = new Date(Date.now() + 60_000);
  const end = new Date(start.getTime() + 2 * 3_600_000);
  const booked = await page.request.post('/api/v1/pickup/jobs', {
    headers: { 'x-csrf-token': csrf },
    data: {
      kind: 'pickup',
      vehicleId: car.vehicleId,
      area: '朝阳区',
      address: '朝阳区建国路88号',
      windowStart: start.toISOString(),
      windowEnd: end.toISOString(),
    },
  });
  expect(booked.status(), await booked.text()).toBe(201);
  const job = await booked.json();

  // The desk's menu is long now; the page is opened by its address (the menu's entries have their own test).
  await page.goto('/pickup');
  const row = page.getByTestId('pickup-row').filter({ hasText: car.customerName });
  await expect(row.getByTestId('pickup-status')).toHaveText('待指派');
  await row.getByTestId('pickup-assign').click();
  await pickDriver(page, driverName);
  await page.getByTestId('pickup-assign-ok').click();
  await expect(page.getByTestId('pickup-link-modal')).toBeVisible();
  const url = await page.getByTestId('pickup-link-url').inputValue();
  expect(url).toMatch(/\/driver\/[A-Za-z0-9_-]+\/[A-Za-z0-9_-]{20,}$/);
  await page.getByTestId('pickup-link-close').click();
  await expect(row.getByTestId('pickup-status')).toHaveText('已指派');

  // The driver's phone.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', hasTouch: true });
  const driverPage = await phone.newPage();
  await driverPage.goto(new URL(url).pathname);
  await expect(driverPage.getByTestId('driver-status')).toHaveText('已指派');
  await expect(driverPage.getByText('朝阳区建国路88号')).toBeVisible();
  await driverPage.getByTestId('driver-set-out').click();
  await driverPage.getByRole('button', { name: '我已出发' }).last().click();
  await expect(driverPage.getByTestId('driver-status')).toHaveText('司机已出发');
  await expect(driverPage.getByTestId('driver-sms')).toBeVisible();

  await driverPage.locator('[data-testid="driver-take-km"] input, input[data-testid="driver-take-km"]').fill('40210');
  await driverPage.getByTestId('walkaround-diagram').click({ position: { x: 60, y: 40 } });
  await expect(driverPage.getByTestId('damage-mark')).toHaveCount(1);
  const pad = driverPage.getByTestId('sign-pad');
  await pad.scrollIntoViewIfNeeded();
  const box = (await pad.boundingBox())!;
  await driverPage.mouse.move(box.x + 30, box.y + box.height / 2);
  await driverPage.mouse.down();
  for (let i = 1; i <= 10; i++) await driverPage.mouse.move(box.x + 30 + i * 20, box.y + box.height / 2 + (i % 2 ? -20 : 20), { steps: 3 });
  await driverPage.mouse.up();
  await driverPage.getByTestId('driver-take').click();
  await expect(driverPage.getByTestId('driver-status')).toHaveText('已接车');

  await driverPage.locator('[data-testid="driver-hand-over-km"] input, input[data-testid="driver-hand-over-km"]').fill('40200');
  await driverPage.getByTestId('driver-hand-over').click();
  // Fewer km than when the car was taken: refused, nothing changes.
  await expect(driverPage.getByText('交车里程不能小于接车里程').first()).toBeVisible();
  await expect(driverPage.getByTestId('driver-status')).toHaveText('已接车');
  await driverPage.locator('[data-testid="driver-hand-over-km"] input, input[data-testid="driver-hand-over-km"]').fill('40218');
  await driverPage.getByTestId('driver-hand-over').click();
  await expect(driverPage.getByTestId('driver-completed')).toContainText('行驶 8 公里');
  await phone.close();

  await page.reload();
  await expect(page.getByTestId('pickup-row').filter({ hasText: car.customerName }).getByTestId('pickup-status')).toHaveText('已完成');
  expect(job.number).toMatch(/^PU-/);
});
