import { type APIRequestContext, expect, type Page } from '@playwright/test';
import { withVinCheckDigit } from '../packages/contracts/src/chinese-data';

// What the browser flows share: logging in, the CSRF token for API set-up, and a fresh customer with
// a car made through the API, so that each flow depends on no other flow's data.

export async function login(page: Page, who: string) {
  await page.goto('/login');
  await page.locator('#login').fill(who);
  await page.locator('#password').fill('demo1234');
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('user-menu')).toBeVisible();
}

export async function csrfOf(page: Page): Promise<string> {
  return (await (await page.request.get('/api/v1/auth/session')).json()).csrfToken as string;
}

export const shanghaiDate = (daysAhead = 0) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() + daysAhead * 86_400_000));
const PLATE_LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const VIN_CHARS = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';
const pick = (chars: string) => chars[Math.floor(Math.random() * chars.length)]!;
export const digits = (n: number) => Array.from({ length: n }, () => pick('0123456789')).join('');

export type Car = { customerId: string; customerName: string; mobile: string; vehicleId: string; plate: string };

/** A new customer (name starting with `namePrefix`) and their car, delivered `daysAgo` days ago. */
export async function newCustomerWithCar(
  request: APIRequestContext,
  csrf: string,
  options: { namePrefix: string; daysAgo: number },
): Promise<Car> {
  const headers = { 'x-csrf-token': csrf };
  let customer: { id: string; name: string; mobile: string } | null = null;
  for (let attempt = 0; attempt < 5 && !customer; attempt++) {
    const response = await request.post('/api/v1/customers', {
      headers,
      data: { name: `${options.namePrefix}${digits(3)}`, mobile: `199${digits(8)}` },
    });
    if (response.status() === 201) customer = await response.json();
  }
  expect(customer).not.toBeNull();
  let vehicle: { id: string; plate: string } | null = null;
  for (let attempt = 0; attempt < 5 && !vehicle; attempt++) {
    const vin = withVinCheckDigit(`LSV${Array.from({ length: 14 }, () => pick(VIN_CHARS)).join('')}`);
    const plate = `京${pick(PLATE_LETTERS)}${digits(5)}`;
    const response = await request.post('/api/v1/vehicles', {
      headers,
      data: { vin, plate, ownerId: customer!.id, deliveredOn: shanghaiDate(-options.daysAgo) },
    });
    if (response.status() === 201) vehicle = await response.json();
  }
  expect(vehicle).not.toBeNull();
  return {
    customerId: customer!.id,
    customerName: customer!.name,
    mobile: customer!.mobile,
    vehicleId: vehicle!.id,
    plate: vehicle!.plate,
  };
}

/** On the desk's day plan, with the assign dialog open: picks the driver (retried until the dialog takes it). */
export async function pickDriver(page: Page, driverName: string) {
  await expect(async () => {
    await page.getByTestId('pickup-driver-select').click();
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option')
      .filter({ hasText: driverName })
      .first()
      .click({ timeout: 3_000 });
    await expect(page.getByTestId('pickup-assign-ok')).toBeEnabled({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
}

/** A customer's signature: a zigzag with the mouse on the pad. */
export async function sign(page: Page) {
  const pad = page.getByTestId('sign-pad').last();
  await pad.scrollIntoViewIfNeeded();
  const box = (await pad.boundingBox())!;
  await page.mouse.move(box.x + 30, box.y + box.height / 2);
  await page.mouse.down();
  for (let i = 1; i <= 12; i++) await page.mouse.move(box.x + 30 + i * 18, box.y + box.height / 2 + (i % 2 ? -25 : 25), { steps: 3 });
  await page.mouse.up();
}

/** A driver of this run, added by the dealer's admin (the demo's drivers have jobs of their own); logs the admin out. */
export async function addDriver(page: Page): Promise<string> {
  await login(page, 'admin.bj');
  const driverName = `司机${digits(4)}`;
  const added = await page.request.post('/api/v1/admin/users', {
    headers: { 'x-csrf-token': await csrfOf(page) },
    data: { login: `driver.e2e${digits(6)}`, displayName: driverName, roles: ['driver'], password: 'demo1234' },
  });
  expect(added.status(), await added.text()).toBe(201);
  await page.context().clearCookies();
  return driverName;
}

/** Picks an option of an antd select; an option clicked while the dropdown is still opening can be lost, so it picks until the select shows it. */
export async function pickOption(page: Page, testId: string, label: string) {
  const select = page.getByTestId(testId);
  await expect(async () => {
    await select.click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: label }).first().click({ timeout: 2_000 });
    await expect(select).toContainText(label, { timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
}
