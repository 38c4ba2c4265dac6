import { expect, test } from '@playwright/test';
import { csrfOf, login, newCustomerWithCar } from './support';

// The technician's tablet (issue 12 §6), at 1024×768: the job's lines started, paused and finished,
// a finding with a measurement, additional work raised with a photo from the camera, and the car sent
// to the quality check once every line is done.

const PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

test('a technician works a job line by line on the tablet and hands it to the quality check', async ({ browser }) => {
  test.setTimeout(150_000);

  // --- The advisor's side, through the API: a signed order with two labour lines, dispatched to tech.bj.
  const advisor = await browser.newContext();
  const sa = await advisor.newPage();
  await login(sa, 'sa.bj');
  const csrf = await csrfOf(sa);
  const headers = { 'x-csrf-token': csrf };
  const car = await newCustomerWithCar(sa.request, csrf, { namePrefix: '技师', daysAgo: 300 });
  const visit = await (await sa.request.post('/api/v1/visits', { headers, data: { vehicleId: car.vehicleId } })).json();
  const created = await sa.request.post('/api/v1/repair-orders', {
    headers,
    data: {
      visitId: visit.id,
      concerns: '刹车有异响，顺便做保养',
      promisedAt: new Date(Date.now() + 4 * 3_600_000).toISOString(),
      lines: [
        { kind: 'labour', description: '刹车系统检查', hours: 1, payType: 'customer' },
        { kind: 'labour', description: '更换机油机滤', hours: 0.5, payType: 'customer' },
      ],
    },
  });
  expect(created.status()).toBe(201);
  let order = await created.json();
  order = await (
    await sa.request.post(`/api/v1/repair-orders/${order.id}/authorise`, {
      headers,
      data: { version: order.version, signaturePng: `data:image/png;base64,${PNG_BASE64}` },
    })
  ).json();
  expect(order.status).toBe('authorised');

  const tablet = await browser.newContext({ viewport: { width: 1024, height: 768 }, hasTouch: true });
  const page = await tablet.newPage();
  await login(page, 'tech.bj');
  await expect(page).toHaveURL(/\/my-jobs$/);
  const me = (await (await page.request.get('/api/v1/auth/session')).json()).user.id as string;
  const dispatcher = await browser.newContext();
  const dispatch = await dispatcher.newPage();
  await login(dispatch, 'dispatch.bj');
  expect(
    (
      await dispatch.request.post(`/api/v1/repair-orders/${order.id}/dispatch`, {
        headers: { 'x-csrf-token': await csrfOf(dispatch) },
        data: { technicianIds: [me] },
      })
    ).status(),
  ).toBe(200);

  // --- The job on the tablet, nothing cut off at 1024 px.
  await page.reload();
  const job = page.locator(`[data-testid="job-card"][data-number="${order.number}"]`);
  await expect(job).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1024);
  const lines = job.getByTestId('job-line');
  await expect(lines).toHaveCount(2);
  await expect(job.getByTestId('send-to-qc')).toBeDisabled();

  // --- Start the first line, pause it.
  await lines.nth(0).getByTestId('line-start').click();
  await expect(lines.nth(0).getByTestId('line-pause')).toBeVisible();
  await expect(job).toContainText('维修中');
  await lines.nth(0).getByTestId('line-pause').click();
  await expect(lines.nth(0).getByTestId('line-start')).toBeVisible();

  // --- A finding with a measurement, on the brake line.
  await job.getByTestId('finding-open').click();
  await page.getByTestId('finding-line').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '刹车系统检查' }).click();
  await page.getByTestId('finding-text').fill('左前刹车片磨损严重');
  await page.getByTestId('measurement-add').click();
  await page.getByTestId('measurement-name').fill('左前刹车片厚度');
  await page.locator('input[data-testid="measurement-value"], [data-testid="measurement-value"] input').fill('2.5');
  await page.getByTestId('measurement-unit').fill('mm');
  await page.getByTestId('finding-submit').click();
  await expect(job.getByTestId('job-finding')).toContainText('左前刹车片厚度 2.5mm');

  // --- Additional work with a photo taken on the tablet.
  await job.getByTestId('raise-open').click();
  await page.getByTestId('add-labour').click();
  await page.getByTestId('line-description').last().fill('更换前刹车片');
  await page.locator('input[data-testid="line-hours"], [data-testid="line-hours"] input').last().fill('1.2');
  await page.getByTestId('additional-reason').fill('前刹车片剩余 2.5mm，低于安全标准');
  await page
    .getByTestId('additional-photo-input')
    .setInputFiles({ name: 'pads.png', mimeType: 'image/png', buffer: Buffer.from(PNG_BASE64, 'base64') });
  await expect(page.getByTestId('additional-photo')).toHaveCount(1);
  await page.getByTestId('additional-submit').click();
  await expect(page.locator('.ant-modal:visible')).toHaveCount(0);
  const items = (await (await sa.request.get(`/api/v1/repair-orders/${order.id}/additional-items`)).json()).items as {
    description: string;
    photos: string[];
    status: string;
  }[];
  expect(items).toHaveLength(1);
  expect(items[0]).toMatchObject({ description: '更换前刹车片', status: 'pending' });
  expect(items[0]!.photos).toHaveLength(1);

  // --- Finish both lines; then the car goes to the quality check.
  for (const n of [0, 1]) {
    await lines.nth(n).getByTestId('line-finish').click();
    await expect(lines.nth(n)).toHaveAttribute('data-finished', 'true');
  }
  await expect(job.getByTestId('send-to-qc')).toBeEnabled();
  await job.getByTestId('send-to-qc').click();
  await expect(job).toContainText('质检');
  expect((await (await sa.request.get(`/api/v1/repair-orders/${order.id}`)).json()).status).toBe('quality_check');

  await Promise.all([advisor.close(), tablet.close(), dispatcher.close()]);
});
