import { type APIRequestContext, expect, test } from '@playwright/test';
import { type Car, csrfOf, login, newCustomerWithCar } from './support';

// Surveys and CSI (issue 7) in the browser: a car is delivered; the survey link arrives in the SMS
// outbox; the customer answers on their phone with low scores; a complaint appears in the dealer's
// inbox, and the CSI dashboard counts the response.

const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

/** The service advisor's whole visit through the API: order, authorisation, work, invoice, payment, delivery. */
async function deliver(request: APIRequestContext, csrf: string, car: Car) {
  const post = async (url: string, data: unknown) => {
    const response = await request.post(url, { headers: { 'x-csrf-token': csrf }, data });
    expect([200, 201], `${url}: ${await response.text()}`).toContain(response.status());
    return response.json();
  };
  const visit = await post('/api/v1/visits', { vehicleId: car.vehicleId });
  let order = await post('/api/v1/repair-orders', {
    visitId: visit.id,
    concerns: '保养后异响',
    promisedAt: new Date(Date.now() + 4 * 3_600_000).toISOString(),
    lines: [{ kind: 'labour', description: '检查异响', hours: 1, payType: 'customer' }],
    packageIds: [],
  });
  order = await post(`/api/v1/repair-orders/${order.id}/authorise`, { version: order.version, signaturePng: PNG });
  for (const to of ['in_progress', 'quality_check', 'ready'])
    order = await post(`/api/v1/repair-orders/${order.id}/transitions`, { version: order.version, to });
  const invoice = await post(`/api/v1/repair-orders/${order.id}/invoice`, { version: order.version });
  await post(`/api/v1/invoices/${invoice.id}/payments`, { method: 'wechat_pay', amountFen: invoice.customerPayableFen });
  order = await (await request.get(`/api/v1/repair-orders/${order.id}`)).json();
  await post(`/api/v1/repair-orders/${order.id}/deliver`, {
    version: order.version,
    checklist: { workExplained: true, oldPartsShown: true, carClean: true },
  });
  return order.id as string;
}

test('deliver a car → the survey link is in the SMS outbox → the customer answers low → a complaint is in the inbox', async ({
  page,
  browser,
}) => {
  // The manager sends surveys right at delivery for this flow.
  await login(page, 'manager.bj');
  const settings = await page.request.put('/api/v1/survey-settings', {
    headers: { 'x-csrf-token': await csrfOf(page) },
    data: { enabled: true, delayHours: 0, minDaysBetween: 0 },
  });
  expect(settings.status(), await settings.text()).toBe(200);

  await page.context().clearCookies();
  await login(page, 'sa.bj');
  const csrf = await csrfOf(page);
  const car = await newCustomerWithCar(page.request, csrf, { namePrefix: '调查客户', daysAgo: 500 });
  const roId = await deliver(page.request, csrf, car);

  // The SMS with the survey link, in the outbox the manager reads.
  await page.context().clearCookies();
  await login(page, 'manager.bj');
  let link = '';
  await expect
    .poll(
      async () => {
        const messages = (await (await page.request.get('/api/v1/messages?limit=200')).json()).items as {
          template: string;
          recipient: string;
          body: string;
        }[];
        const sms = messages.find((m) => m.template === 'survey.invitation' && m.recipient === car.mobile);
        link = sms ? /https?:\/\/\S+\/survey\/[A-Za-z0-9_-]+\/[A-Za-z0-9_-]+/.exec(sms.body)![0] : '';
        return link;
      },
      { timeout: 40_000 },
    )
    .not.toBe('');
  await page.goto('/messages');
  await expect(page.getByText(car.mobile.slice(-4)).first()).toBeVisible();

  // The customer answers on their phone: everything "dissatisfied", and says what went wrong.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
  const customer = await phone.newPage();
  await customer.goto(new URL(link).pathname);
  await expect(customer.getByTestId('survey-page')).toBeVisible();
  await expect(customer.getByTestId('survey-title')).toBeVisible();
  // The link names the dealer and the token: /survey/<dealer code>/<token>.
  const dealerAndToken = new URL(link).pathname.split('/').slice(-2).join('/');
  const survey = await (await customer.request.get(`/api/v1/public/surveys/${dealerAndToken}`)).json();
  for (const question of survey.definition.questions as { id: string; kind: string; showIf: { context?: string } | null }[]) {
    // The appointment questions are asked only when the visit was booked.
    if (question.showIf?.context === 'booked' && !survey.booked) continue;
    if (question.kind === 'scale') await customer.getByTestId(`scale-${question.id}-2`).click();
  }
  await customer.getByTestId('yesno-problem_fixed-no').click();
  await customer.getByTestId('text-what_went_wrong').fill('异响没修好，等了三个小时');
  await customer.getByTestId('survey-submit').click();
  await expect(customer.getByTestId('survey-thanks')).toBeVisible();
  await customer.reload();
  await expect(customer.getByTestId('survey-answered')).toBeVisible();
  await phone.close();

  // The complaint in the dealer's inbox, linked to the order, with the customer's words.
  await page.goto('/complaints');
  await page.getByTestId('complaint-view-team').click();
  const row = page.locator('[data-testid="complaint-row"]', { hasText: car.customerName });
  await expect(row).toBeVisible();
  await row.getByText(car.customerName).first().click();
  await expect(page.getByTestId('complaint-words')).toContainText('异响没修好');
  const complaintId = page.url().split('/').at(-1)!;
  const complaint = await (await page.request.get(`/api/v1/complaints/${complaintId}`)).json();
  expect(complaint).toMatchObject({ channel: 'survey', repairOrder: { id: roId } });

  // The CSI dashboard counts the low response.
  await page.goto('/kpis/csi');
  await expect(page.getByTestId('csi-kpi-low')).not.toHaveText('0');
});
