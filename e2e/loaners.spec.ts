import { expect, test } from '@playwright/test';
import { handOverLoaner, reserveLoaner, returnLoaner } from './loaner-steps';
import { csrfOf, login, newCustomerWithCar } from './support';

// Loaner cars (issue 17) on the service drive's tablet: the advisor reserves a free loaner for a
// customer whose warranty repair takes days, hands it over with the odometer, fuel, a damage mark and
// the customer's signature, and takes it back the same way; the loaner is available again and the
// reservation carries its cost.

test.use({ viewport: { width: 1024, height: 768 }, hasTouch: true });

test('an advisor reserves a loaner, hands it over and takes it back, signed on the tablet', async ({ page }) => {
  await login(page, 'sa.bj');
  const car = await newCustomerWithCar(page.request, await csrfOf(page), { namePrefix: '代步车测试', daysAgo: 200 });
  await page.getByRole('menuitem', { name: '代步车' }).click();
  await expect(page).toHaveURL(/\/loaners/);
  // The demo's fleet: one loaner out now, one overdue.
  await expect(page.getByTestId('reservation-overdue').first()).toBeVisible();

  const { serial, row } = await reserveLoaner(page, car.customerName);
  await handOverLoaner(page, row);
  await returnLoaner(page, row, 99_999);
  await expect(row).toContainText('成本');

  // The fleet shows the loaner at the dealer again, with the odometer it came back with.
  await page.getByRole('tab', { name: '车队' }).click();
  const loaner = page.getByTestId('fleet-row').filter({ hasText: serial });
  await expect(loaner).toContainText('在店可用');
  await expect(loaner).toContainText('99,999');
});
