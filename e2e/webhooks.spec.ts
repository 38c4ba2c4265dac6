import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { login } from './support';

// Issue 18 §3: the dealer admin subscribes a receiver (this test's own HTTP server), sees the secret
// once, pings it, finds the delivery in the log and replays it.

test('the dealer admin subscribes a receiver, pings it, and replays the delivery from the log', async ({ page }) => {
  test.setTimeout(120_000);
  const received: { event: string; id: string }[] = [];
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received.push({ event: String(req.headers['servicebay-event']), id: String(req.headers['servicebay-event-id']) });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  try {
    await login(page, 'admin.bj');
    await page.goto('/admin/webhooks');
    await expect(page.getByTestId('admin-webhooks')).toBeVisible();

    await page.getByRole('button', { name: '新增推送' }).first().click();
    const dialog = page.locator('.ant-modal:visible');
    await dialog.getByPlaceholder('https://').fill(url);
    await dialog.getByRole('checkbox', { name: 'appointment.booked' }).check();
    await dialog.locator('.ant-modal-footer .ant-btn-primary').click();
    await expect(page.getByTestId('webhook-secret')).toContainText('whsec_');
    // antd spaces a two-character label: 关 闭.
    await page.getByRole('button', { name: '关 闭', exact: true }).click();

    const row = page.locator('tr', { hasText: url });
    await row.getByRole('button', { name: /^测\s*试$/ }).click();
    await expect(page.getByText('接收方已返回 2xx')).toBeVisible();
    expect(received.map((r) => r.event)).toEqual(['webhook.ping']);

    await row.getByRole('button', { name: '推送记录' }).click();
    const log = page.locator('.ant-drawer:visible');
    const delivery = log.locator('tr', { hasText: 'webhook.ping' });
    await expect(delivery).toContainText('已送达');
    await delivery.getByRole('button', { name: '重新推送' }).click();
    await expect(page.getByText('已重新推送')).toBeVisible();
    // The worker sends it again, with the same event id.
    await expect.poll(() => received.length, { timeout: 60_000 }).toBe(2);
    expect(received[1]!.id).toBe(received[0]!.id);
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});
