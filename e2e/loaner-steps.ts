import { expect, type Locator, type Page } from '@playwright/test';
import { pickOption, sign } from './support';

// The loaner steps on the service drive's tablet, shared by the loaner flow and the pick-up booking
// flow: reserve a free loaner for a customer, hand it over and take it back, each signed.

/**
 * On the loaners page: reserves a loaner free today for the customer, for a warranty repair expected
 * to take two days (the form's default). A loaner free today may be reserved later (the form names
 * the clash): the next is taken. Returns the loaner's plate serial and the reservation's row.
 */
export async function reserveLoaner(page: Page, customerName: string): Promise<{ serial: string; row: Locator }> {
  await expect(page.getByTestId('availability-row').first()).toBeVisible();
  const serials: string[] = [];
  for (const plate of await page.getByTestId('availability-row').filter({ hasText: '空闲' }).getByTestId('availability-plate').all())
    serials.unshift((await plate.textContent())!.trim().slice(-5));
  expect(serials.length).toBeGreaterThan(0);
  await page.getByTestId('loaner-reserve').click();
  const customer = page.getByTestId('reserve-customer');
  await expect(async () => {
    await customer.click();
    await page.keyboard.type(customerName);
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: customerName }).first().click({ timeout: 3_000 });
    await expect(customer).toContainText(customerName, { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  let serial = '';
  for (const candidate of serials) {
    await pickOption(page, 'reserve-loaner', candidate);
    await page.getByTestId('reserve-submit').click();
    const done = page.getByText('代步车已预约');
    const clash = page.getByText('该代步车在这段时间已被预约');
    await expect(done.or(clash).first()).toBeVisible();
    if (await done.isVisible()) {
      serial = candidate;
      break;
    }
  }
  expect(serial).not.toBe('');
  const row = page.getByTestId('reservation-row').filter({ hasText: customerName });
  await expect(row.getByTestId('reservation-status')).toHaveAttribute('data-status', 'reserved');
  return { serial, row };
}

const kmInput = (form: Locator) => form.locator('input[data-testid="loaner-km"], [data-testid="loaner-km"] input');

/** Hand-over at the loaner's own odometer (the form's): a scratch on the diagram and the customer's signature. Returns the km. */
export async function handOverLoaner(page: Page, row: Locator): Promise<number> {
  await row.getByTestId('reservation-handover').click();
  const form = page.getByTestId('loaner-handover-form');
  await expect(form).toBeVisible();
  await expect(kmInput(form)).not.toHaveValue('');
  const km = Number((await kmInput(form).inputValue()).replace(/\D/g, ''));
  await form.getByTestId('walkaround-diagram').click({ position: { x: 60, y: 40 } });
  await expect(form.getByTestId('damage-mark')).toHaveCount(1);
  await sign(page);
  await form.getByTestId('loaner-handover-submit').click();
  await expect(page.getByText('代步车已交车')).toBeVisible();
  await expect(row.getByTestId('reservation-status')).toHaveAttribute('data-status', 'out');
  return km;
}

/** Take-back: a higher odometer, the hand-over's mark carried over, signed again. */
export async function returnLoaner(page: Page, row: Locator, km: number) {
  await row.getByTestId('reservation-return').click();
  const back = page.getByTestId('loaner-handover-form');
  await expect(back.getByTestId('damage-mark')).toHaveCount(1);
  await kmInput(back).fill(String(km));
  await sign(page);
  await back.getByTestId('loaner-handover-submit').click();
  await expect(page.getByText('代步车已归还')).toBeVisible();
  await expect(row.getByTestId('reservation-status')).toHaveAttribute('data-status', 'returned');
}
