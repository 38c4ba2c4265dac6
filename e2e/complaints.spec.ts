import { expect, test } from '@playwright/test';
import { csrfOf, login, newCustomerWithCar, pickOption } from './support';

// Complaints (issue 6) in the browser: a service advisor registers a parts complaint at the desk, it is
// routed to the parts manager, the customer gets feedback well within 24 hours, a recovery within the
// SA's own limit is approved on the spot, the customer accepts and the case closes with a prevention
// measure and the 7-day follow-up call. A second case that came in 30 hours ago without feedback is
// escalated by its timer, and the service manager finds it in their inbox and task list.

test('register → route → feedback in time → recovery → acceptance → close with prevention', async ({ page }) => {
  await login(page, 'sa.bj');
  const csrf = await csrfOf(page);
  const car = await newCustomerWithCar(page.request, csrf, { namePrefix: '投诉测试', daysAgo: 400 });

  // The intake form, opened for the customer from their page.
  await page.goto(`/complaints/new?customerId=${car.customerId}`);
  await expect(page.getByTestId('complaint-feelings-first')).toBeVisible();
  await expect(page.getByTestId('complaint-customer')).toContainText(car.customerName);
  await page.getByTestId('complaint-submit').click();
  // The customer's words are required: the form says so and nothing is sent.
  await expect(page.locator('#customerWords_help, .ant-form-item-explain-error').first()).toBeVisible();
  await expect(page).toHaveURL(/\/complaints\/new/);
  await page.locator('#customerWords').fill('刹车片说好今天到货，来了又说还要等一周，白跑一趟');
  await pickOption(page, 'complaint-category', '配件');
  await page.getByTestId('complaint-submit').click();

  // The case page: numbered, acknowledged at the desk, routed to the parts manager, 24 hours to feed back.
  await expect(page).toHaveURL(/\/complaints\/[0-9a-f-]{36}$/);
  const number = (await page.getByTestId('complaint-number').textContent())!.trim();
  expect(number).toMatch(/^CP-\d{8}-\d{4}$/);
  await expect(page.getByTestId('complaint-status')).toHaveText('已受理');
  await expect(page.getByTestId('complaint-level')).toHaveText('处理人处理中');
  await expect(page.getByTestId('complaint-overdue')).toHaveCount(0);
  const id = page.url().split('/').at(-1)!;
  const routed = await (await page.request.get(`/api/v1/complaints/${id}`)).json();
  expect(routed.handler.role).toBe('parts_manager');
  await expect(page.getByTestId('complaint-handler')).toContainText(routed.handler.name);

  // Feedback to the customer by phone, well within 24 hours.
  await page.getByTestId('complaint-communicate').click();
  await page.getByTestId('communication-summary').fill('致歉；配件已加急调拨，周四上午到店，届时电话通知');
  // The first contact is the feedback the 24-hour timer waits for: ticked already.
  await expect(page.getByTestId('communication-modal').getByRole('checkbox')).toBeChecked();
  await page.getByTestId('communication-submit').click();
  await expect(page.getByTestId('complaint-status')).toHaveText('已反馈客户');
  await expect(page.getByTestId('complaint-timeline')).toContainText('配件已加急调拨');

  // A free wash from the catalogue: within the SA's own limit, approved at once.
  await page.getByTestId('complaint-recovery-add').click();
  await pickOption(page, 'recovery-kind', '免费洗车');
  await page.getByTestId('recovery-submit').click();
  await expect(page.locator('[data-testid="recovery-row"][data-status="approved"]')).toHaveCount(1);

  // The customer accepts the solution; the case closes with the cause and a prevention measure.
  await page.getByTestId('complaint-accept').click();
  await page.getByTestId('acceptance-plan').fill('周四到货后优先安装，免费洗车一次');
  await page.getByTestId('acceptance-submit').click();
  await expect(page.getByTestId('complaint-status')).toHaveText('方案已达成');
  await page.getByTestId('complaint-close').click();
  await page.getByTestId('close-satisfaction').getByText('满意', { exact: true }).click();
  await page.getByTestId('close-cause-class').getByText('不良（缺陷）').click();
  await page.getByTestId('close-preventable').click();
  await page.getByTestId('close-prevention').fill('常用刹车片安全库存由2套提高到6套，到货前不承诺日期');
  await page.getByTestId('close-submit').click();
  await expect(page.getByTestId('complaint-status')).toHaveText('已结案');
  await expect(page.getByTestId('complaint-archive')).toContainText('常用刹车片安全库存');
  await expect(page.getByTestId('archive-satisfaction')).toHaveText('满意');
  await expect(page.getByTestId('archive-recovery-cost')).toContainText('30');
  await expect(page.getByTestId('complaint-follow-up')).toBeVisible();
  const closed = await (await page.request.get(`/api/v1/complaints/${id}`)).json();
  expect(closed).toMatchObject({ status: 'closed', wasOverdue: false, preventable: true, finalSatisfaction: 'satisfied' });
  expect(closed.followUpTaskId).toBeTruthy();

  // The SA's inbox lists it among the closed cases.
  await page.goto('/complaints');
  await page.getByTestId('complaint-view-closed').click();
  await expect(page.locator('[data-testid="complaint-row"]', { hasText: number })).toBeVisible();
});

test('a case without feedback for 24 hours escalates to the service manager, who finds it in the inbox and the task list', async ({
  page,
}) => {
  await login(page, 'sa.bj');
  const csrf = await csrfOf(page);
  const car = await newCustomerWithCar(page.request, csrf, { namePrefix: '超时投诉', daysAgo: 400 });
  // Taken on the phone 30 hours ago and never answered: its feedback deadline passed 6 hours ago.
  const created = await page.request.post('/api/v1/complaints', {
    headers: { 'x-csrf-token': csrf },
    data: {
      customerId: car.customerId,
      vehicleId: car.vehicleId,
      channel: 'phone',
      category: 'timeliness',
      customerWords: '说好下午五点交车，到七点还没修好',
      receivedAt: new Date(Date.now() - 30 * 3_600_000).toISOString(),
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const overdue = await created.json();
  expect(overdue.overdue).toBe(true);

  // The timer fires within a poll of the job queue.
  await expect
    .poll(async () => (await (await page.request.get(`/api/v1/complaints/${overdue.id}`)).json()).level, { timeout: 30_000 })
    .toBe('service_manager');

  await page.context().clearCookies();
  await login(page, 'manager.bj');
  await page.goto('/complaints');
  await page.getByTestId('complaint-view-mine').click();
  const row = page.locator('[data-testid="complaint-row"]', { hasText: overdue.number });
  await expect(row).toBeVisible();
  await row.getByText(overdue.number).click();
  await expect(page).toHaveURL(new RegExp(`/complaints/${overdue.id}$`));
  await expect(page.getByTestId('complaint-level')).toHaveText('已升级至服务经理');
  await expect(page.getByTestId('complaint-timeline')).toContainText('服务经理');

  await page.goto('/tasks');
  await expect(page.getByText(overdue.number).first()).toBeVisible();
});
