import { expect, test } from '@playwright/test';

// An advisor on the service drive: log in, find a customer from part of a plate, open the 360 page,
// switch the interface to English.
test('service advisor finds a customer by partial plate and opens the 360 page', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/login/);
  await page.locator('#login').fill('sa.bj');
  await page.locator('#password').fill('demo1234');
  await page.getByTestId('login-submit').click();
  // The advisor lands on their day; the customer list is one click away.
  await expect(page).toHaveURL(/\/my-day/);
  await page.goto('/customers');

  const search = page.getByTestId('customer-search');
  await expect(search).toBeVisible();

  // Pick a real plate of this dealer through the API the page itself uses (same session cookie).
  const list = await (await page.request.get('/api/v1/customers?limit=20')).json();
  let plate = '';
  for (const customer of list.items) {
    const vehicles = await (await page.request.get(`/api/v1/customers/${customer.id}/vehicles`)).json();
    if (vehicles.items.length) {
      plate = vehicles.items[0].plate;
      break;
    }
  }
  expect(plate).toMatch(/^.[A-Z]·/);
  // Partial, lower case, without the dot: "京A·12345" → "a1234".
  const partial = plate.replace('·', '').slice(1, 6).toLowerCase();
  await search.fill(partial);

  const results = page.getByTestId('search-result');
  await expect(results.first()).toBeVisible();
  const matching = results.filter({ hasText: plate });
  await expect(matching.first()).toBeVisible();
  await matching.first().click();

  const customer360 = page.getByTestId('customer-360');
  await expect(customer360).toBeVisible();
  await expect(customer360).toContainText(plate);
  await expect(customer360).toContainText('联系授权');

  await page.getByTestId('language-switch').click();
  await page.getByText('English', { exact: true }).click();
  await expect(customer360).toContainText('Contact consent');
  await expect(customer360).not.toContainText('联系授权');
  await page.reload();
  await expect(page.getByTestId('customer-360')).toContainText('Contact consent');
});
