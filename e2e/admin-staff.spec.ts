import { type Browser, expect, type Page, test } from '@playwright/test';
import { digits, login } from './support';

// The dealer admin's staff page (issue 12): add a person with a role, change their roles, reset a
// password, unlock a locked login and disable a leaver — no command line.

async function tryLogin(browser: Browser, who: string, password: string) {
  const context = await browser.newContext();
  const response = await context.request.post('/api/v1/auth/login', { data: { login: who, password } });
  const status = response.status();
  await context.close();
  return status;
}

const row = (page: Page, login: string) => page.locator('tr', { hasText: login });

async function pickRole(page: Page, label: string) {
  const select = page.getByTestId('staff-drawer').locator('.ant-select');
  // The option list is virtual: search for the role and take the first match with Enter, as a user of
  // the keyboard does. Picked again until the select shows it (only ever an unselected role: Enter on
  // a selected one would take it away).
  await expect(async () => {
    await select.click();
    const search = select.locator('input');
    await search.fill(label);
    await expect(page.locator('.ant-select-dropdown:visible .ant-select-item-option-active', { hasText: label })).toBeVisible({
      timeout: 2_000,
    });
    await search.press('Enter');
    await page.keyboard.press('Escape');
    await expect(select).toContainText(label, { timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
}

test('the dealer admin adds, edits, unlocks, resets and disables staff from the staff page', async ({ page, browser }) => {
  test.setTimeout(120_000);
  await login(page, 'admin.bj');
  await expect(page).toHaveURL(/\/admin\/staff$/);
  await expect(page.getByTestId('admin-staff')).toBeVisible();

  // --- A new service advisor.
  const newLogin = `e2e.sa.${digits(6)}`;
  await page.getByTestId('staff-add').click();
  const drawer = page.getByTestId('staff-drawer');
  await drawer.locator('#login').fill(newLogin);
  await drawer.locator('#displayName').fill('测试顾问');
  await pickRole(page, '服务顾问');
  await drawer.locator('#password').fill('first-pass-1');
  await page.getByTestId('form-save').click();
  await expect(row(page, newLogin)).toContainText('服务顾问');
  expect(await tryLogin(browser, newLogin, 'first-pass-1')).toBe(200);

  // --- Their roles change: cashier as well.
  await row(page, newLogin).getByTestId('staff-edit').click();
  await pickRole(page, '收银员');
  await page.getByTestId('form-save').click();
  await expect(row(page, newLogin)).toContainText('收银员');

  // --- Five wrong passwords lock the login; the admin unlocks it.
  for (let i = 0; i < 5; i++) expect(await tryLogin(browser, newLogin, 'wrong-password')).toBe(401);
  expect(await tryLogin(browser, newLogin, 'first-pass-1')).toBe(423);
  await page.reload();
  await expect(row(page, newLogin)).toContainText('锁定至');
  await row(page, newLogin).getByTestId('staff-unlock').click();
  await expect(row(page, newLogin)).toContainText('正常');
  expect(await tryLogin(browser, newLogin, 'first-pass-1')).toBe(200);

  // --- A new password, set by the admin.
  await row(page, newLogin).getByTestId('staff-reset-password').click();
  await page.locator('.ant-modal:visible input[type="password"]').fill('second-pass-2');
  await page.locator('.ant-modal:visible .ant-btn-primary').click();
  await expect(page.locator('.ant-modal:visible')).toHaveCount(0);
  expect(await tryLogin(browser, newLogin, 'first-pass-1')).toBe(401);
  expect(await tryLogin(browser, newLogin, 'second-pass-2')).toBe(200);

  // --- They leave: disabled after a confirmation, they can no longer log in.
  await row(page, newLogin).getByTestId('staff-disable').click();
  await page.locator('.ant-modal-confirm-btns .ant-btn-dangerous').click();
  await expect(row(page, newLogin)).toHaveCount(0);
  expect(await tryLogin(browser, newLogin, 'second-pass-2')).not.toBe(200);
});
