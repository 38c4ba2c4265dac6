import { type Browser, type BrowserContext, expect, type Page, test } from '@playwright/test';
import ExcelJS from 'exceljs';
import { withVinCheckDigit } from '../packages/contracts/src/chinese-data';
import { csrfOf, digits, login, shanghaiDate } from './support';

// The warranty claim between the dealer and the car maker (issue 15): a car under warranty with an open
// recall is checked in; the advisor sees what covers it; the warranty clerk confirms the repair's
// eligibility, records the recall's work and submits the claim; the car maker's reviewer adjusts a line
// with its reason and approves, asking the part back; the dealer ships it and the car maker receives it.
// And a rejected claim is corrected and submitted again.

const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const VIN_CHARS = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';
const randomVin = (wmi: string) =>
  withVinCheckDigit(`${wmi}${Array.from({ length: 14 }, () => VIN_CHARS[Math.floor(Math.random() * VIN_CHARS.length)]).join('')}`);

async function staffPage(browser: Browser, who: string): Promise<{ context: BrowserContext; page: Page; headers: Record<string, string> }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await login(page, who);
  return { context, page, headers: { 'x-csrf-token': await csrfOf(page) } };
}

async function postOk<T>(page: Page, headers: Record<string, string>, url: string, data: unknown, status = 201): Promise<T> {
  const response = await page.request.post(url, { headers, data });
  expect(response.status(), await response.text()).toBe(status);
  return (await response.json()) as T;
}

/** Clicks an action of the claim page and the primary button of the modal it opens. */
async function act(page: Page, action: string, okTestId: string, fill?: () => Promise<void>) {
  await page.getByTestId(`claim-${action}`).click();
  if (fill) await fill();
  await page.getByTestId(okTestId).click();
}

const status = (page: Page) => page.getByTestId('claim-page');

test('a warranty repair and a recall are claimed, adjusted, approved and the part returned; a rejected claim is submitted again', async ({
  browser,
}) => {
  const sa = await staffPage(browser, 'sa.bj');
  const clerk = await staffPage(browser, 'warranty.bj');
  const oem = await staffPage(browser, 'oem.warranty');

  // A new S5 sold two months ago, its owner, and a recall naming it (set up through the API).
  const models = (await (await sa.page.request.get('/api/v1/vehicle-models')).json()).items as { id: string; code: string }[];
  const customer = await postOk<{ id: string }>(sa.page, sa.headers, '/api/v1/customers', {
    name: `保修车主${digits(3)}`,
    mobile: `199${digits(8)}`,
  });
  const vin = randomVin('LYH');
  const vehicle = await postOk<{ id: string }>(sa.page, sa.headers, '/api/v1/vehicles', {
    vin,
    plate: `京N${digits(5)}`,
    ownerId: customer.id,
    modelId: models.find((m) => m.code === 'S5')!.id,
    deliveredOn: shanghaiDate(-60),
  });
  const code = `RC-E2E-${digits(6)}`;
  await postOk(oem.page, oem.headers, '/api/v1/warranty/campaigns', {
    code,
    kind: 'recall',
    title: '转向拉杆球头检查',
    labourHours: 0.5,
    parts: [],
    validFrom: shanghaiDate(-1),
    vins: [vin],
  });

  // The advisor sees what covers the car and the open recall.
  await sa.page.goto(`/vehicles/${vehicle.id}`);
  await expect(sa.page.locator('[data-testid="coverage-term"][data-term="vehicle"]')).toHaveAttribute('data-active', 'true');
  await expect(sa.page.getByTestId('open-campaigns-alert')).toContainText(code);

  // The repair: a misfire put right with a new spark plug, on the car maker; finished.
  const part = ((await (await sa.page.request.get('/api/v1/parts?q=YH-SP-400')).json()).items as { id: string }[])[0]!;
  const visit = await postOk<{ id: string }>(sa.page, sa.headers, '/api/v1/visits', { vehicleId: vehicle.id });
  let ro = await postOk<{ id: string; version: number }>(sa.page, sa.headers, '/api/v1/repair-orders', {
    visitId: visit.id,
    concerns: '发动机抖动，故障灯亮',
    promisedAt: new Date(Date.now() + 4 * 3_600_000).toISOString(),
    odometerKm: 2_600,
    lines: [
      { kind: 'labour', description: '更换火花塞', hours: 0.8, payType: 'warranty' },
      { kind: 'parts', partId: part.id, quantity: 1, payType: 'warranty' },
    ],
  });
  ro = await postOk(sa.page, sa.headers, `/api/v1/repair-orders/${ro.id}/authorise`, { version: ro.version, signaturePng: PNG }, 200);
  for (const to of ['in_progress', 'quality_check', 'ready'])
    ro = await postOk(sa.page, sa.headers, `/api/v1/repair-orders/${ro.id}/transitions`, { version: ro.version, to }, 200);

  // The warranty clerk confirms eligibility, records the recall's work and submits the warranty claim.
  await clerk.page.goto(`/repair-orders/${ro.id}`);
  await clerk.page.getByTestId('warranty-check-open').click();
  await clerk.page.getByTestId('warranty-check-ok').click();
  await expect(clerk.page.getByTestId('warranty-check-modal')).toBeHidden();
  await expect(clerk.page.getByTestId('warranty-prepare-warranty')).toBeVisible();
  await clerk.page.getByTestId('ro-warranty-record-campaign').click();
  await clerk.page.locator('.ant-modal-confirm-btns .ant-btn-primary').click();
  await expect(status(clerk.page)).toHaveAttribute('data-status', 'submitted');
  const recallClaimUrl = clerk.page.url();

  await clerk.page.goto(`/repair-orders/${ro.id}`);
  await clerk.page.getByTestId('warranty-prepare-warranty').click();
  await clerk.page.locator('.ant-modal-confirm-btns .ant-btn-primary').click();
  await expect(status(clerk.page)).toHaveAttribute('data-status', 'draft');
  const claimUrl = clerk.page.url();
  await act(clerk.page, 'submit', 'claim-submit-ok');
  await expect(status(clerk.page)).toHaveAttribute('data-status', 'submitted');

  // The car maker's reviewer finds it in the queue, pays less labour with a reason, asks the plug back.
  await oem.page.goto('/warranty/claims');
  const number = await (await clerk.page.getByTestId('claim-number').textContent())!.trim();
  await expect(oem.page.getByTestId('claim-table')).toContainText(number);
  await oem.page.goto(claimUrl);
  await act(oem.page, 'approve', 'claim-approve-ok', async () => {
    const amount = oem.page.getByTestId('approve-amount').first();
    await amount.fill('50');
    await oem.page.getByTestId('approve-reason').first().fill('工时按厂家标准工时核定');
    await oem.page.getByTestId('approve-return').first().check();
  });
  await expect(status(oem.page)).toHaveAttribute('data-status', 'approved');
  await expect(oem.page.getByTestId('claim-line-adjust-reason')).toContainText('工时按厂家标准工时核定');

  // The dealer sees the amount and ships the part; the car maker confirms receipt.
  await clerk.page.reload();
  await expect(clerk.page.getByTestId('claim-approved-total')).toBeVisible();
  await act(clerk.page, 'shipParts', 'claim-ship-parts-ok', async () => {
    await clerk.page.getByTestId('claim-ship-waybill').fill('SF1234567890');
  });
  await expect(clerk.page.getByTestId('claim-parts-waybill')).toContainText('SF1234567890');
  await oem.page.reload();
  await act(oem.page, 'receiveParts', 'claim-receive-parts-ok', async () => {
    await oem.page.getByTestId('claim-receive-note').fill('旧件已收到，检验确认为火花塞质量故障');
  });
  await expect(oem.page.getByTestId('claim-receiveParts')).toBeHidden();

  // The recall's claim is rejected; the clerk corrects nothing but the report and submits it again.
  await oem.page.goto(recallClaimUrl);
  await act(oem.page, 'reject', 'claim-reject-ok', async () => {
    const code = oem.page.getByTestId('claim-reject-code');
    // The first reason code, by keyboard; then the field must show it before the dialog is sent.
    await expect(async () => {
      await code.click();
      await oem.page.keyboard.press('Enter');
      await expect(code).toContainText('不在保修范围内', { timeout: 2_000 });
    }).toPass({ timeout: 20_000 });
    await oem.page.getByTestId('claim-reject-reason').fill('请补充作业照片');
  });
  // The dialog closes only on the server's answer; an error would keep it open with its message.
  await expect(oem.page.getByTestId('claim-reject-reason')).toBeHidden();
  await expect(status(oem.page)).toHaveAttribute('data-status', 'rejected');
  await clerk.page.goto(recallClaimUrl);
  await act(clerk.page, 'submit', 'claim-submit-ok');
  await expect(status(clerk.page)).toHaveAttribute('data-status', 'submitted');

  for (const who of [sa, clerk, oem]) await who.context.close();
});

/** A workbook as a spreadsheet program saves it: a header, then one VIN per row in the first column, a note beside. */
async function vinWorkbook(vins: readonly string[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('召回车辆清单');
  sheet.addRow(['车架号', '备注']);
  for (const vin of vins) sheet.addRow([vin, '经销商库存']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

test('the car maker launches a recall from an Excel list of VINs: the bad rows are named, nothing is written until the list is right', async ({
  browser,
}) => {
  const sa = await staffPage(browser, 'sa.bj');
  const oem = await staffPage(browser, 'oem.warranty');
  const customer = await postOk<{ id: string }>(sa.page, sa.headers, '/api/v1/customers', {
    name: `召回车主${digits(3)}`,
    mobile: `199${digits(8)}`,
  });
  const vin = randomVin('LYH');
  await postOk(sa.page, sa.headers, '/api/v1/vehicles', {
    vin,
    plate: `京N${digits(5)}`,
    ownerId: customer.id,
    deliveredOn: shanghaiDate(-30),
  });
  const badCheckDigit = `${vin.slice(0, 8)}${vin[8] === '1' ? '2' : '1'}${vin.slice(9)}`;
  const notInNetwork = randomVin('LZZ');
  const code = `RC-X-${digits(6)}`;
  const page = oem.page;

  await page.goto('/warranty/campaigns');
  await page.getByTestId('campaign-new').click();
  await page.getByTestId('campaign-code').fill(code);
  await page.getByTestId('campaign-title').fill('制动软管更换');
  await page.getByTestId('campaign-labour-hours').fill('0.8');
  const fileInput = page.getByTestId('campaign-form').locator('input[type="file"]');
  const xlsx = async (name: string, vins: string[]) =>
    fileInput.setInputFiles({
      name,
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: await vinWorkbook(vins),
    });

  // A row with a wrong check digit is named at once, in the browser: its row and its text.
  await xlsx('召回清单.xlsx', [vin, badCheckDigit]);
  await expect(page.getByTestId('campaign-file-count')).toHaveAttribute('data-count', '2');
  await expect(page.getByTestId('campaign-vin-problems')).toHaveAttribute('data-total', '1');
  await expect(page.getByTestId('campaign-vin-problem')).toHaveText(badCheckDigit);

  // A VIN that is well formed but no car of the network is named by the server on save; nothing is launched.
  await xlsx('召回清单-修正.xlsx', [vin, notInNetwork]);
  await expect(page.getByTestId('campaign-vin-problems')).toHaveCount(0);
  await page.getByTestId('form-save').click();
  await page.locator('.ant-modal-confirm-btns .ant-btn-primary').click();
  await expect(page.getByTestId('campaign-server-problems').getByTestId('campaign-vin-problem')).toHaveText(notInNetwork);
  const listed = await page.request.get('/api/v1/warranty/campaigns');
  expect(JSON.stringify(await listed.json())).not.toContain(code);

  // The list put right: the recall is launched on its one car, and the car shows it.
  await xlsx('召回清单-终稿.xlsx', [vin]);
  await page.getByTestId('form-save').click();
  await page.locator('.ant-modal-confirm-btns .ant-btn-primary').click();
  await expect(page.getByTestId('campaign-page')).toHaveAttribute('data-code', code);
  await expect(page.getByTestId('campaign-vehicles')).toContainText('1');
  await expect(page.getByTestId('campaign-vehicles')).toContainText('涉及车辆');

  // The warranty texts load with its pages: switched to English here, they come in English, and after a reload.
  await page.getByTestId('language-switch').click();
  await page.getByText('English', { exact: true }).click();
  await expect(page.getByTestId('campaign-vehicles')).toContainText('Vehicles');
  await page.reload();
  await expect(page.getByTestId('campaign-vehicles')).toContainText('Vehicles');

  // The advisor looking the car up by the last six of its VIN sees the recall waiting.
  await sa.page.goto('/customers');
  await sa.page.getByTestId('customer-search').fill(vin.slice(-6));
  await expect(sa.page.getByTestId('search-result').getByTestId('open-campaigns-tag')).toHaveAttribute('data-count', '1');

  for (const who of [sa, oem]) await who.context.close();
});
