import { expect, type Page, test } from '@playwright/test';
import { csrfOf, login, newCustomerWithCar } from './support';

// Loaner cars (issue 17) on the service drive's tablet: the advisor reserves a free loaner for a
// customer whose warranty repair takes days, hands it over with the odometer, fuel, a damage mark and
// the customer's signature, and takes it back the same way; the loaner is available again and the
// reservation carries its cost.

test.use({ viewport: { width: 1024, height: 768 }, hasTouch: true });

const pickOption = async (page: Page, testId: string, label: string) => {
  const select = page.getByTestId(testId);
  await expect(async () => {
    await select.click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: label }).first().click({ timeout: 2_000 });
    await expect(select).toContainText(label, { timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
};

async function sign(page: Page) {
  const pad = page.getByTestId('sign-pad').last();
  await pad.scrollIntoViewIfNeeded();
  const box = (await pad.boundingBox())!;
  await page.mouse.move(box.x + 30, box.y + box.height / 2);
  await page.mouse.down();
  for (let i = 1; i <= 12; i++) await page.mouse.move(box.x + 30 + i * 18, box.y + box.height / 2 + (i % 2 ? -25 : 25), { steps: 3 });
  await page.mouse.up();
}

test('an advisor reserves a loaner, hands it over and takes it back, signed on the tablet', async ({ page }) => {
  await login(page, 'sa.bj');
  const car = await newCustomerWithCar(page.request, await csrfOf(page), { namePrefix: '代步车测试', daysAgo: 200 });
  await page.getByRole('menuitem', { name: '代步车' }).click();
  await expect(page).toHaveURL(/\/loaners/);
  // The demo's fleet: one loaner out now, one overdue.
  await expect(page.getByTestId('reservation-overdue').first()).toBeVisible();

  // Reserve a loaner free today for a warranty repair expected to take two days (the default form); a
  // loaner free today may be reserved tomorrow (the demo's third): the form names the clash, take the next.
  const serials: string[] = [];
  for (const plate of await page.getByTestId('availability-row').filter({ hasText: '空闲' }).getByTestId('availability-plate').all())
    serials.unshift((await plate.textContent())!.trim().slice(-5));
  expect(serials.length).toBeGreaterThan(0);
  await page.getByTestId('loaner-reserve').click();
  const customer = page.getByTestId('reserve-customer');
  await expect(async () => {
    await customer.click();
    await page.keyboard.type(car.customerName);
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: car.customerName })
      .first()
      .click({ timeout: 3_000 });
    await expect(customer).toContainText(car.customerName, { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  let serial = '';
  for (const candidate of serials) {
    await pickOption(page, 'reserve-loaner', candidate);
    await page.getByTestId('reserve-submit').click();
    const done = page.getByText('代步车已预约');
    const clash = page.getByText('该代步车在这段时间已被预约');
    await expect(done.or(clash).first()).toBeVisible();
    if (await done.isVisible()) {
      serial = candidate;
      break;
    }
  }
  expect(serial).not.toBe('');
  const row = page.getByTestId('reservation-row').filter({ hasText: car.customerName });
  await expect(row.getByTestId('reservation-status')).toHaveAttribute('data-status', 'reserved');

  // Hand over: the odometer, fuel, a scratch on the diagram and the customer's signature.
  await row.getByTestId('reservation-handover').click();
  const form = page.getByTestId('loaner-handover-form');
  await expect(form).toBeVisible();
  await form.getByTestId('walkaround-diagram').click({ position: { x: 60, y: 40 } });
  await expect(form.getByTestId('damage-mark')).toHaveCount(1);
  await sign(page);
  await form.getByTestId('loaner-handover-submit').click();
  await expect(page.getByText('代步车已交车')).toBeVisible();
  await expect(row.getByTestId('reservation-status')).toHaveAttribute('data-status', 'out');

  // Take back: a higher odometer, the mark carried over from the hand-over, signed again.
  await row.getByTestId('reservation-return').click();
  const back = page.getByTestId('loaner-handover-form');
  await expect(back.getByTestId('damage-mark')).toHaveCount(1);
  const km = back.locator('input[data-testid="loaner-km"], [data-testid="loaner-km"] input');
  await km.fill('99999');
  await sign(page);
  await back.getByTestId('loaner-handover-submit').click();
  await expect(page.getByText('代步车已归还')).toBeVisible();
  await expect(row.getByTestId('reservation-status')).toHaveAttribute('data-status', 'returned');
  await expect(row).toContainText('成本');

  // The fleet shows the loaner at the dealer again, with the odometer it came back with.
  await page.getByRole('tab', { name: '车队' }).click();
  const loaner = page.getByTestId('fleet-row').filter({ hasText: serial });
  await expect(loaner).toContainText('在店可用');
  await expect(loaner).toContainText('99,999');
});
