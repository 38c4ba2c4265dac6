import { expect, test } from '@playwright/test';
import { login, pickOption } from './support';

// The value-added services' KPIs in the browser: a dealer's service manager reads the four services'
// cards of their own dealer; the car maker's analyst finds the card in the cockpit, follows it to the
// page, sorts its dealers by loaner utilisation as the figures say and narrows the page to one dealer.
// The figures are whatever the
// demo history made (it makes each of them non-zero for every dealer).

type Kpi = { dealers: { dealer: { name: string }; loaners: { utilisation: number | null } }[] };
const isRead = (url: string) => new URL(url).pathname === '/api/v1/kpis/value-added';
const PERCENT = /\d+(\.\d)?%/;

test("a dealer's service manager reads their own value-added services' figures", async ({ page }) => {
  await login(page, 'manager.bj');
  const read = page.waitForResponse((r) => isRead(r.url()) && r.request().method() === 'GET');
  await page.goto('/kpis/value-added');
  const kpi = (await (await read).json()) as Kpi;
  expect(kpi.dealers).toHaveLength(1);
  await expect(page.getByTestId('kpi-nav')).toContainText('增值服务');
  for (const card of ['loaners', 'pickup', 'rescue', 'club']) await expect(page.getByTestId(`value-added-${card}`)).toBeVisible();
  await expect(page.getByTestId('value-added-utilisation')).toContainText(PERCENT);
  await expect(page.getByTestId('value-added-on-time')).toContainText(PERCENT);
  await expect(page.getByTestId('value-added-redemption')).toContainText(PERCENT);
  await expect(page.getByTestId('value-added-median')).toContainText(/\d/);
  // A dealer compares with no one: no per-dealer table, no network filter.
  await expect(page.getByTestId('value-added-table')).toHaveCount(0);
  await expect(page.getByTestId('value-added-kpi-dealer')).toHaveCount(0);
});

test('the analyst follows the cockpit card to the page, sorts the dealers by loaner utilisation and narrows to one', async ({ page }) => {
  await login(page, 'oem.analyst');
  await page.goto('/network/cockpit');
  const card = page.getByTestId('value-added-cockpit');
  await expect(card.getByTestId('value-added-cockpit-utilisation')).toContainText(PERCENT);
  await expect(card.getByTestId('value-added-cockpit-on-time')).toContainText(PERCENT);
  await expect(card.getByTestId('value-added-cockpit-redemption')).toContainText(PERCENT);

  const read = page.waitForResponse((r) => isRead(r.url()) && r.request().method() === 'GET');
  await card.getByTestId('value-added-cockpit-open').click();
  await expect(page).toHaveURL(/\/kpis\/value-added$/);
  const kpi = (await (await read).json()) as Kpi;
  expect(kpi.dealers.length).toBeGreaterThanOrEqual(2);
  const table = page.getByTestId('value-added-table');
  for (const { dealer } of kpi.dealers) await expect(table).toContainText(dealer.name);

  await table.getByRole('columnheader', { name: '车队利用率' }).click();
  const ascending = [...kpi.dealers]
    .sort((a, b) => (a.loaners.utilisation ?? -1) - (b.loaners.utilisation ?? -1))
    .map((d) => d.dealer.name);
  await expect
    .poll(async () => {
      const rows = await table.locator('tbody tr.ant-table-row').allInnerTexts();
      return rows.map((text) => kpi.dealers.find((d) => text.includes(d.dealer.name))?.dealer.name);
    })
    .toEqual(ascending);

  // Narrowed to one dealer: the read names it, and the table and the cards are that dealer's.
  const one = kpi.dealers.at(-1)!.dealer.name;
  const narrowed = page.waitForResponse((r) => isRead(r.url()) && new URL(r.url()).searchParams.has('dealerId'));
  await pickOption(page, 'value-added-kpi-dealer', one);
  const only = (await (await narrowed).json()) as Kpi;
  expect(only.dealers.map((d) => d.dealer.name)).toEqual([one]);
  await expect(table.locator('tbody tr.ant-table-row')).toHaveCount(1);
  await expect(table).toContainText(one);
});
