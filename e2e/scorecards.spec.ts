import { expect, test } from '@playwright/test';
import { login, shanghaiDate } from './support';

// Staff scorecards (issue 16, 人员考核): an advisor opens their own scorecard from the menu and reads
// last month's figures from the demo's year of history, each part with its target, weight and points;
// the service manager reads the team and opens an advisor's card.

const lastMonth = () => {
  const [y, m] = shanghaiDate().split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
};

test('an advisor opens their own scorecard and sees last month explained', async ({ page }) => {
  await login(page, 'sa.bj');
  await page.getByRole('menuitem', { name: '我的考核' }).click();
  await expect(page).toHaveURL(/\/scorecards\/me/);
  await expect(page.getByRole('heading', { name: '我的考核' })).toBeVisible();
  await page.goto(`/scorecards/me?period=${lastMonth()}`);
  const card = page.getByTestId('scorecard-service_advisor');
  await expect(card).toBeVisible();
  // A score from the month's orders, and how it is made.
  await expect(card.getByTestId('scorecard-score')).not.toContainText('—');
  await expect(card.getByTestId('scorecard-explain')).toContainText('÷');
  // The advisor opened orders last month and earned revenue; each part shows its figure.
  const ros = card.locator('[data-testid="scorecard-part"][data-metric="rosOpened"]');
  await expect(ros.getByTestId('scorecard-value')).toHaveText(/^[1-9]\d*$/);
  await expect(card.locator('[data-testid="scorecard-part"][data-metric="revenueFen"]').getByTestId('scorecard-value')).toContainText('¥');
  await expect(card.locator('[data-testid="scorecard-part"][data-metric="timelyReceptionRate"]')).toContainText('%');
});

test('a service manager reads the team and opens an advisor’s card', async ({ page }) => {
  await login(page, 'manager.bj');
  await page.goto(`/scorecards/team?period=${lastMonth()}`);
  const advisors = page.locator('[data-testid="scorecard-team-row"][data-role="service_advisor"]');
  await expect(advisors.first()).toBeVisible();
  const name = (await advisors.first().locator('a').textContent()) ?? '';
  await advisors.first().locator('a').click();
  await expect(page).toHaveURL(/\/scorecards\/team\/[0-9a-f-]+/);
  await expect(page.getByRole('heading', { name })).toBeVisible();
  await expect(page.getByTestId('scorecard-service_advisor').getByTestId('scorecard-score')).toBeVisible();
});
