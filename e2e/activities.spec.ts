import { expect, type Page, test } from '@playwright/test';
import { digits, login, shanghaiDate } from './support';

// Customer activities (issue 17): the service manager plans a free check day, opens it and invites a
// customer-value segment; the invitation SMS is in the outbox; the customer signs up on their phone
// from its link; on the demo's past activity the manager marks who came with the keyboard and reads
// the report.

/** Picks a day (and 00:00) in an open date-time picker. */
async function pickDay(page: Page, testId: string, date: string) {
  const field = page.getByTestId(testId);
  // A day clicked while the dropdown is still opening can be lost: pick until the field shows it.
  await expect(async () => {
    await field.click();
    // The picker opened last (an earlier one may still be in the page, hidden).
    const dropdown = page.locator('.ant-picker-dropdown:visible').last();
    await dropdown.locator(`td[title="${date}"]`).first().click({ timeout: 2_000 });
    await dropdown.locator('.ant-picker-ok button').click({ timeout: 2_000 });
    await expect(field).toHaveValue(new RegExp(`^${date}`), { timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
}

test('plan an activity → invite a segment → the customer signs up from the SMS link → attendance and the report', async ({
  page,
  browser,
}) => {
  await login(page, 'manager.bj');
  await page.getByRole('menuitem', { name: '客户活动' }).click();
  await expect(page.getByTestId('activities-page')).toBeVisible();

  // Plan it: a free check day three days from now.
  const title = `冬季免费检测日 ${digits(4)}`;
  await page.getByTestId('activity-new').click();
  await page.getByTestId('activity-title').fill(title);
  await page.getByTestId('activity-place').fill('北京店售后服务大厅');
  await page.getByTestId('activity-content').fill('免费检测 20 项，当天保养工时 8 折');
  // Both days, until both fields hold theirs: each picker closed before the next opens (Escape would
  // close the drawer instead, once the picker is gone).
  await expect(async () => {
    await pickDay(page, 'activity-starts', shanghaiDate(3));
    await expect(page.locator('.ant-picker-dropdown:visible')).toHaveCount(0);
    await pickDay(page, 'activity-ends', shanghaiDate(4));
    await expect(page.locator('.ant-picker-dropdown:visible')).toHaveCount(0);
    await expect(page.getByTestId('activity-starts')).toHaveValue(new RegExp(`^${shanghaiDate(3)}`), { timeout: 3_000 });
    await expect(page.getByTestId('activity-ends')).toHaveValue(new RegExp(`^${shanghaiDate(4)}`), { timeout: 3_000 });
  }).toPass({ timeout: 60_000 });
  await page.getByTestId('activity-capacity').fill('50');
  await page.getByTestId('activity-cost').fill('3000');
  await page.getByTestId('form-save').click();
  await expect(page.getByTestId('activity-heading')).toHaveText(title);
  await expect(page.getByTestId('activity-state')).toHaveText('草稿');

  await page.getByTestId('activity-open').click();
  await page.locator('.ant-modal-confirm .ant-btn-primary').click();
  await expect(page.getByTestId('activity-state')).toHaveText('报名中');

  // Invite a segment: the count first, then the SMS go out.
  await page.getByTestId('activity-invite').click();
  await page.getByTestId('invite-priority').click();
  await page.locator('.ant-select-dropdown:visible').getByText('高', { exact: true }).click();
  await page.getByTestId('invite-preview').click();
  await expect(page.getByTestId('invite-count')).toBeVisible();
  await page.getByTestId('invite-send').click();
  await expect(page.getByTestId('invite-result')).toContainText('已邀约');
  await page.getByTestId('invite-done').click();
  await expect(page.getByTestId('report-invited')).not.toContainText(/^0$/);

  // The SMS with the sign-up link, in the outbox the manager reads.
  let link = '';
  await expect
    .poll(
      async () => {
        const messages = (await (await page.request.get('/api/v1/messages?limit=200')).json()).items as {
          template: string;
          body: string;
        }[];
        const sms = messages.find((m) => m.template === 'activity.invitation' && m.body.includes(title));
        link = sms ? /https?:\/\/\S+\/activity\/[A-Za-z0-9_-]+\/[A-Za-z0-9_-]+/.exec(sms.body)![0] : '';
        return link;
      },
      { timeout: 40_000 },
    )
    .not.toBe('');

  // The customer signs up on their phone.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
  const customer = await phone.newPage();
  await customer.goto(new URL(link).pathname);
  await expect(customer.getByTestId('activity-public-title')).toHaveText(title);
  await expect(customer.getByTestId('activity-public-when')).toContainText(shanghaiDate(3));
  await customer.getByTestId('activity-sign-up').click();
  await expect(customer.getByTestId('activity-public-status')).toContainText('您已报名');
  await customer.reload();
  await expect(customer.getByTestId('activity-cancel-sign-up')).toBeVisible();
  await phone.close();

  await page.reload();
  await expect(page.getByTestId('report-signedUp')).toContainText('1');
  await expect(page.getByTestId('invitation-list').getByText('已报名')).toBeVisible();

  // The demo's free check day six weeks ago: attendance by keyboard, and its report.
  await page.goto('/activities');
  await page.getByTestId('activity-state-filter').click();
  await page.locator('.ant-select-dropdown:visible').getByText('已结束', { exact: true }).click();
  await page.getByTestId('activity-table').getByText('秋季免费检测日').first().click();
  await expect(page.getByTestId('activity-state')).toHaveText('已结束');
  await expect(page.getByTestId('report-revenue')).toContainText('¥');
  const attendedBefore = Number(await page.getByTestId('report-attended').locator('.ant-statistic-content-value').innerText());
  const list = page.getByTestId('invitation-list');
  // The first row that did not come is marked as attended with the keyboard.
  const rows = list.getByTestId('invitation-row');
  const states = await rows.getByTestId('invitation-state').allInnerTexts();
  const target = states.findIndex((s) => s !== '已到场');
  expect(target).toBeGreaterThanOrEqual(0);
  await list.focus();
  for (let i = 0; i < target; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('a');
  await expect(rows.nth(target).getByTestId('invitation-state')).toHaveText('已到场');
  await expect(page.getByTestId('report-attended').locator('.ant-statistic-content-value')).toHaveText(String(attendedBefore + 1));
});
