import { expect, test } from '@playwright/test';
import { login } from './support';

// Service cost management (issue 16): the service manager reads this month's costs against the
// budgets the demo set, raises one category's budget and sees the figures follow; the car maker reads
// every dealer's costs and may set none.

test('a service manager sets a month’s budget and the category reads against it', async ({ page }) => {
  await login(page, 'manager.fs');
  await page.getByRole('menuitem', { name: '服务成本' }).click();
  await expect(page).toHaveURL(/\/costs/);
  const activities = page.getByRole('row', { name: /客户活动/ });
  // This month's activity and its recorded cost are in the demo; the grade-D dealer runs over.
  await expect(activities).toContainText('¥');
  await expect(activities.getByTestId('cost-standing')).toHaveAttribute('data-standing', 'over');
  await expect(page.getByTestId('cost-over-warning')).toContainText('客户活动');

  await page.getByTestId('cost-edit-activities').click();
  await page.getByTestId('cost-budget-input').fill('50000');
  await page.getByRole('button', { name: /保\s*存/ }).click();
  await expect(page.getByText('预算已保存')).toBeVisible();
  await expect(activities).toContainText('¥50,000.00');
  await expect(activities.getByTestId('cost-standing')).toHaveAttribute('data-standing', 'within');
});

test('the car maker reads each dealer’s costs and sets no budget', async ({ page }) => {
  await login(page, 'oem.analyst');
  await page.goto('/costs');
  await expect(page.getByTestId('cost-dealer')).toHaveCount(3);
  await expect(page.getByTestId('cost-edit-activities')).toHaveCount(0);
});
