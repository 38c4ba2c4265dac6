import { type APIRequestContext, expect, test } from '@playwright/test';
import { withVinCheckDigit } from '../packages/contracts/src/chinese-data';
import { csrfOf, digits, login, newCustomerWithCar } from './support';

// The owners' club (issue 17): a member who earned points on a paid service pays part of the next
// invoice in points at the cashier; the customer's card shows the balance and the ledger's redemption;
// the cashier takes that payment back and the points return.

const SIGNATURE = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

/** A ready order for the car, invoiced: 1.5 h of customer-paid labour. */
async function invoicedOrder(request: APIRequestContext, headers: Record<string, string>, vehicleId: string) {
  const visit = await (await request.post('/api/v1/visits', { headers, data: { vehicleId } })).json();
  let ro = await (
    await request.post('/api/v1/repair-orders', {
      headers,
      data: {
        visitId: visit.id,
        concerns: '常规保养',
        promisedAt: new Date(Date.now() + 4 * 3_600_000).toISOString(),
        lines: [{ kind: 'labour', description: '常规保养', hours: 1.5, payType: 'customer' }],
      },
    })
  ).json();
  ro = await (
    await request.post(`/api/v1/repair-orders/${ro.id}/authorise`, { headers, data: { version: ro.version, signaturePng: SIGNATURE } })
  ).json();
  for (const to of ['in_progress', 'quality_check', 'ready'])
    ro = await (await request.post(`/api/v1/repair-orders/${ro.id}/transitions`, { headers, data: { version: ro.version, to } })).json();
  const invoice = await request.post(`/api/v1/repair-orders/${ro.id}/invoice`, { headers, data: { version: ro.version } });
  expect(invoice.status()).toBe(201);
  return { roId: ro.id as string, invoice: await invoice.json() };
}

test('a cashier takes part of an invoice in points and the member’s card shows the balance and the ledger', async ({ page }) => {
  await login(page, 'sa.bj');
  const headers = { 'x-csrf-token': await csrfOf(page) };
  const car = await newCustomerWithCar(page.request, headers['x-csrf-token'], { namePrefix: '积分会员', daysAgo: 400 });
  expect((await page.request.post(`/api/v1/customers/${car.customerId}/club`, { headers, data: {} })).status()).toBe(201);
  // A first service, paid: it earns points.
  const first = await invoicedOrder(page.request, headers, car.vehicleId);
  const paid = await page.request.post(`/api/v1/invoices/${first.invoice.id}/payments`, {
    headers,
    data: { method: 'wechat_pay', amountFen: first.invoice.amountDueFen },
  });
  expect(paid.status()).toBe(201);
  const earned = (await (await page.request.get(`/api/v1/customers/${car.customerId}/club`)).json()).membership.balance as number;
  expect(earned).toBeGreaterThan(100);

  // The member's second car comes in; the cashier takes what the club allows in points.
  const second = await page.request.post('/api/v1/vehicles', {
    headers,
    data: { vin: withVinCheckDigit(`LSVCLUB${digits(10)}`), plate: `京C${digits(5)}`, ownerId: car.customerId },
  });
  expect(second.status()).toBe(201);
  const { roId } = await invoicedOrder(page.request, headers, (await second.json()).id);
  await page.goto(`/repair-orders/${roId}`);
  await page.getByTestId('pay-method').getByText('会员积分').click();
  await expect(page.getByTestId('points-quote')).toContainText(`积分 ${earned}`);
  await page.getByTestId('pay-submit').click();
  await expect(page.getByText('已收款')).toBeVisible();
  await expect(page.getByTestId('invoice-panel').getByRole('cell', { name: '会员积分' })).toBeVisible();

  await page.goto(`/customers/${car.customerId}`);
  const card = page.getByTestId('club-card');
  await expect(card.getByTestId('club-balance')).toHaveText('0');
  await expect(card.getByTestId('club-ledger')).toContainText('抵扣');
  await expect(card.getByTestId('club-ledger')).toContainText(`-${earned}`);
  await expect(card.getByTestId('club-ledger')).toContainText(`+${earned}`);

  // The cashier takes the points payment back (the member changed their mind): the points return.
  await page.context().clearCookies();
  await login(page, 'cashier.bj');
  await page.goto(`/repair-orders/${roId}`);
  const panel = page.getByTestId('invoice-panel');
  await panel.getByTestId('payment-reverse').click();
  await expect(page.getByTestId('payment-reverse-confirm')).toBeDisabled();
  await page.getByTestId('payment-reverse-reason').fill('会员改用微信支付');
  await page.getByTestId('payment-reverse-confirm').click();
  await expect(page.getByText('收款已撤销')).toBeVisible();
  await expect(panel.getByTestId('payment-reversed')).toBeVisible();
  await expect(panel.getByTestId('amount-paid')).toHaveText('¥0.00');
  await expect(panel.getByTestId('pay-submit')).toBeVisible();
  await page.goto(`/customers/${car.customerId}`);
  await expect(card.getByTestId('club-balance')).toHaveText(String(earned));
  await expect(card.getByTestId('club-ledger')).toContainText('冲回');

  // The member buys gold at the cashier: the card shows the level and the fee paid.
  await card.getByTestId('club-fee-gold').click();
  await page.getByTestId('club-fee-method').getByText('银行卡').click();
  await page.getByTestId('club-fee-confirm').click();
  await expect(page.getByText(/已收年费，金卡有效期至/)).toBeVisible();
  await expect(card.getByTestId('club-level')).toHaveText('金卡');
  await expect(card.getByTestId('club-fees')).toContainText('金卡年费 ¥199.00（银行卡');
});
