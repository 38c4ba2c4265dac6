import { expect, test } from '@playwright/test';
import { digits, login } from './support';

// Roadside rescue (issue 17): customer relations records a call, sends a free rescue vehicle, records
// its arrival and the completion; the response time (call → on site) shows on the closed call.

test('customer relations takes a rescue call from the call to completion and the response time shows', async ({ page }) => {
  await login(page, 'cr.bj');
  await page.getByRole('menuitem', { name: '救援台' }).click();
  await expect(page).toHaveURL(/\/rescue/);
  // The demo's two months of calls: the response KPI is there on first start.
  await expect(page.getByTestId('rescue-kpi-median')).toContainText('分钟');

  const location = `朝阳区测试路 ${digits(4)} 号`;
  await page.getByTestId('rescue-new').click();
  await page.getByTestId('rescue-location').fill(location);
  await page.getByTestId('rescue-mobile').fill(`139${digits(8)}`);
  await page.getByTestId('rescue-problem').getByText('爆胎').click();
  await page.getByTestId('rescue-save').click();
  await expect(page.getByText(/已登记，请尽快派车/)).toBeVisible();

  const card = page.getByTestId('rescue-open-call').filter({ hasText: location });
  await expect(card.getByTestId('rescue-status')).toHaveText('待派车');
  await expect(card.getByTestId('rescue-elapsed')).toContainText('已过');
  await card.getByTestId('rescue-dispatch').click();
  // The demo's first vehicle is on another call: it cannot be chosen; the second one is free.
  await expect(page.getByRole('radio', { name: /救援车 1 号/ })).toBeDisabled();
  await page.getByRole('radio', { name: /救援车 2 号/ }).check();
  await page.getByTestId('rescue-step-ok').click();
  await expect(page.getByText(/已派车/).first()).toBeVisible();
  await expect(card.getByTestId('rescue-status')).toHaveText('已派车');
  await expect(card.getByTestId('rescue-sms')).toBeVisible();

  await card.getByTestId('rescue-arrived').click();
  await page.getByTestId('rescue-arrived-ok').click();
  await expect(page.getByText(/已到场，响应时间 \d+ 分钟/)).toBeVisible();
  await expect(card.getByTestId('rescue-status')).toHaveText('已到场');

  await card.getByTestId('rescue-complete').click();
  await page.getByTestId('rescue-outcome').getByText('现场修复').click();
  await page.getByTestId('rescue-step-ok').click();
  await expect(page.getByText('救援已完成')).toBeVisible();
  await expect(card).toHaveCount(0);

  await page.getByTestId('rescue-tab-closed').click();
  const row = page.getByTestId('rescue-closed').getByRole('row', { name: new RegExp(location) });
  await expect(row.getByTestId('rescue-response')).toHaveText(/^\d+ 分钟$/);
  await expect(row).toContainText('现场修复');
});
