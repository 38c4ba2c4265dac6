import { expect, test } from '@playwright/test';
import { login } from './support';

// Customer value (issue 16): the service manager reads the dealer's segments, filters a segment by
// lifetime value, makes it a call list in one step, and finds the calls in the follow-up workbench;
// the customer's 360 page shows their segment and value.

test('a manager filters a segment by value and makes it a call list; the calls are in the workbench', async ({ page }) => {
  await login(page, 'manager.bj');
  await page.goto('/customer-value');
  await expect(page.getByTestId('value-mix-customers')).not.toContainText(/^0$/);
  // The contribution × frequency grid counts the same customers as the segments.
  const inGrid = await page
    .getByTestId('value-grid-cell')
    .evaluateAll((cells) => cells.reduce((n, c) => n + Number((c as HTMLElement).dataset.customers), 0));
  const inSegments = await page
    .getByTestId('value-mix-segment')
    .evaluateAll((rows) => rows.reduce((n, r) => n + Number((r as HTMLElement).dataset.customers), 0));
  expect(inGrid).toBeGreaterThan(0);
  expect(inGrid).toBe(inSegments);
  // So does the key-customer pyramid; its top tier lists the dealer's VIP customers.
  const inPyramid = await page
    .getByTestId('value-pyramid-tier')
    .evaluateAll((tiers) => tiers.reduce((n, t) => n + Number((t as HTMLElement).dataset.customers), 0));
  expect(inPyramid).toBe(inSegments);
  await page.locator('[data-testid="value-pyramid-tier"][data-tier="vip"]').click();
  await expect(page).toHaveURL(/tier=vip/);
  await expect(page.getByTestId('value-row').first().getByTestId('value-tier')).toHaveAttribute('data-tier', 'vip');
  // Keep first: the high retention priority, the highest first.
  await page.getByTestId('value-preset-keepFirst').click();
  await expect(page).toHaveURL(/priority=high/);
  await expect(page).toHaveURL(/sort=priority/);
  const high = page.locator('[data-testid="value-priority-level"][data-level="high"]');
  await expect(page.getByTestId('value-total')).toHaveAttribute('data-total', (await high.getAttribute('data-customers')) ?? '');

  // The customers at risk (regulars of the year before who have not come back): picked from their bar.
  const bar = page.locator('[data-testid="value-mix-segment"][data-segment="at_risk"]');
  await expect(bar).not.toHaveAttribute('data-customers', '0');
  await bar.click();
  await expect(page).toHaveURL(/segment=at_risk/);
  const total = Number(await page.getByTestId('value-total').getAttribute('data-total'));
  expect(total).toBeGreaterThan(0);
  const rows = page.getByTestId('value-row');
  await expect(rows.first()).toBeVisible();
  await expect(rows.first().getByTestId('value-segment')).toHaveAttribute('data-segment', 'at_risk');

  // The first customer's 360 page shows the same segment and a lifetime value.
  const name = (await rows.first().locator('a').first().textContent()) ?? '';
  await rows.first().locator('a').first().click();
  await expect(page.getByTestId('customer-name')).toHaveText(name);
  await expect(page.getByTestId('customer-value-card').getByTestId('value-segment')).toHaveAttribute('data-segment', 'at_risk');
  await expect(page.getByTestId('customer-value-ltv')).toContainText('¥');
  await expect(page.getByTestId('customer-value-priority').getByTestId('value-priority')).toBeVisible();
  await page.goBack();

  // Three of them, the highest value first, become care calls.
  expect(total).toBeGreaterThanOrEqual(3);
  await page.getByTestId('value-call-list').click();
  await page.getByTestId('value-call-list-limit').fill('3');
  await page.getByTestId('value-call-list-plan').click();
  await expect(page.getByTestId('value-call-list-plan-title')).toHaveValue(/重点客户关怀/);
  await page.getByTestId('value-call-list-ok').click();
  const result = page.getByTestId('value-call-list-result');
  await expect(result).toBeVisible();
  const created = Number(await result.getAttribute('data-created'));
  expect(created).toBeGreaterThan(0);
  expect(created).toBeLessThanOrEqual(3);
  await expect(result).not.toHaveAttribute('data-plan', '');

  await result.getByRole('button').click();
  await expect(page).toHaveURL(/\/follow-up\?rule=value_care/);
  await expect(page.locator('[data-testid="follow-up-row"][data-rule="value_care"]')).toHaveCount(created);
  // The workbench narrows to the segment too.
  await page.getByTestId('follow-up-segment').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '流失风险' }).click();
  await expect(page.locator('[data-testid="follow-up-row"][data-rule="value_care"]')).toHaveCount(created);
});
