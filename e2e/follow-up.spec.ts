import { type APIRequestContext, expect, test } from '@playwright/test';
import { type Car, csrfOf, login, newCustomerWithCar, shanghaiDate } from './support';

// Follow-up and proactive care from the call centre's side (issue 5): the nightly care timers make a
// new-car follow-up call for a car delivered three days ago; the call is worked from the workbench and
// turns into an appointment, which the task and the appointment board both show. Every test brings its
// own customer and car (made through the API) and runs the timers for them, so it depends on no other
// flow's data.

/** A new customer whose new car was delivered `daysAgo` days ago (a new-car follow-up is due 1–7 days after). */
const newCarDelivered = (request: APIRequestContext, csrf: string, daysAgo: number) =>
  newCustomerWithCar(request, csrf, { namePrefix: '回访测试', daysAgo });

/** Tonight's care timers, run now by a supervisor; returns the new-car call of `car`. */
async function runTimersFor(request: APIRequestContext, csrf: string, car: Car): Promise<{ id: string; version: number }> {
  const run = await request.post('/api/v1/follow-up/run', { headers: { 'x-csrf-token': csrf }, data: {} });
  expect(run.status(), await run.text()).toBe(200);
  const queue = await (
    await request.get('/api/v1/follow-up/tasks', { params: { view: 'today', scope: 'team', rule: 'new_car', limit: 200 } })
  ).json();
  const task = (queue.items as { id: string; version: number; vehicle: { id: string } | null }[]).find(
    (t) => t.vehicle?.id === car.vehicleId,
  );
  expect(task, 'the timers made a new-car call for the car').toBeTruthy();
  return task!;
}

test('an agent works a new-car call from the workbench and books an appointment; the task and the board show it', async ({ page }) => {
  // Managers may work any call: the new call's owner is whichever agent the timers chose.
  await login(page, 'manager.bj');
  const csrf = await csrfOf(page);
  const car = await newCarDelivered(page.request, csrf, 3);
  const task = await runTimersFor(page.request, csrf, car);

  // The team's queue of today, new-car calls only: the call is there, and Enter opens it.
  await page.goto('/follow-up?scope=team&rule=new_car');
  await expect(page.getByTestId('follow-up-tab-today')).toBeVisible();
  const row = page.locator(`[data-testid="follow-up-row"][data-id="${task.id}"]`);
  await expect(row).toBeVisible();
  await expect(row.getByTestId('rule-tag')).toHaveAttribute('data-rule', 'new_car');
  await expect(row.getByTestId('follow-up-customer')).toHaveText(car.customerName);
  await expect(row.getByTestId('follow-up-owner')).not.toHaveText('');
  await row.focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/follow-up/${task.id}\\?`));

  // The call screen: the customer to call, the script with their name, the outcome form.
  const screen = page.getByTestId('call-screen');
  await expect(screen).toHaveAttribute('data-status', 'open');
  await expect(page.getByTestId('call-dial')).toHaveAttribute('href', /^tel:199\d{8}$/);
  await expect(page.getByTestId('script-step').first()).toContainText(car.customerName);
  await expect(page.getByTestId('outcome-form')).toBeVisible();

  // The customer would like to come in: book from the call, in the first suggested slot.
  await page.getByTestId('book-from-call').click();
  const drawer = page.getByTestId('book-from-call-drawer');
  await expect(drawer).toBeVisible();
  const slot = drawer.getByTestId('suggested-slot').first();
  await expect(slot).toBeEnabled();
  const startsAt = await slot.getAttribute('data-starts-at');
  await slot.click();
  await expect(drawer.getByTestId('chosen-slot')).not.toHaveText('');
  await drawer.getByTestId('book-from-call-submit').click();

  // The task is done, with the appointment on it and the booking in its history.
  await expect(screen).toHaveAttribute('data-status', 'done');
  await expect(page.getByTestId('task-status')).toHaveAttribute('data-status', 'done');
  await expect(page.getByTestId('call-saved')).toBeVisible();
  const link = page.getByTestId('call-appointment').getByTestId('appointment-link');
  await expect(link).toBeVisible();
  const appointmentId = (await link.getAttribute('data-appointment-id'))!;
  await expect(page.getByTestId('attempt')).toHaveCount(1);
  await expect(page.getByTestId('attempt').getByTestId('appointment-link')).toHaveAttribute('data-appointment-id', appointmentId);
  await expect(page.getByTestId('outcome-form')).toHaveCount(0);

  // The appointment: the car, the slot, booked on a proactive call.
  const appointment = await (await page.request.get(`/api/v1/appointments/${appointmentId}`)).json();
  expect(appointment.vehicle.id).toBe(car.vehicleId);
  expect(appointment.channel).toBe('proactive_call');
  expect(new Date(appointment.startsAt).getTime()).toBe(new Date(startsAt!).getTime());

  // The link opens it on the board: the card is on its day, the drawer says how it was booked.
  await link.click();
  await expect(page).toHaveURL(/\/appointments\?/);
  await expect(page.locator(`[data-testid="appointment-card"][data-id="${appointmentId}"]`)).toBeVisible();
  const details = page.getByTestId('appointment-drawer');
  await expect(details).toContainText('主动邀约');
  await expect(details).toContainText(car.customerName);

  // Back in the workbench the call has left today's queue for the closed ones.
  await page.goto('/follow-up?scope=team&rule=new_car');
  await expect(page.getByTestId('follow-up-list').or(page.getByText('今天没有待拨的回访电话'))).toBeVisible();
  await expect(page.locator(`[data-testid="follow-up-row"][data-id="${task.id}"]`)).toHaveCount(0);
  await page.getByTestId('follow-up-tab-closed').click();
  await expect(page.locator(`[data-testid="follow-up-row"][data-id="${task.id}"]`).getByTestId('task-status')).toHaveAttribute(
    'data-status',
    'done',
  );
});

test('the outcome form asks for what each result needs and shows the server’s refusal on its field', async ({ page }) => {
  await login(page, 'manager.bj');
  const csrf = await csrfOf(page);
  const car = await newCarDelivered(page.request, csrf, 2);
  // The car was read at 800 km yesterday: a lower reading on the call is refused.
  const reading = await page.request.post(`/api/v1/vehicles/${car.vehicleId}/mileage`, {
    headers: { 'x-csrf-token': csrf },
    data: { readOn: shanghaiDate(-1), km: 800, source: 'customer' },
  });
  expect(reading.status()).toBe(201);
  const task = await runTimersFor(page.request, csrf, car);

  await page.goto(`/follow-up/${task.id}?scope=team`);
  const form = page.getByTestId('outcome-form');
  await expect(form).toBeVisible();

  // Call back: its time is required (the contract's rule, checked before sending).
  await page.keyboard.press('3');
  await expect(form).toHaveAttribute('data-result', 'call_back');
  await page.getByTestId('outcome-submit').click();
  await expect(form.locator('.ant-form-item-has-error')).toHaveCount(1);
  await expect(form.locator('.ant-form-item-has-error')).toContainText('回电时间');

  // Reached, with a mileage lower than the earlier reading: the server's mileage_decreasing on reportedKm.
  await page.getByTestId('result-reached').click();
  await expect(form).toHaveAttribute('data-result', 'reached');
  await form.locator('input[data-testid="reported-km"], [data-testid="reported-km"] input').fill('500');
  await page.getByTestId('outcome-submit').click();
  const kmError = form.locator('.ant-form-item-has-error');
  await expect(kmError).toContainText('800 km');
  await expect(page.getByTestId('call-screen')).toHaveAttribute('data-status', 'open');

  // No answer: recorded, the call stays open for the next attempt, and the history shows it.
  await page.getByTestId('result-no_answer').click();
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('call-saved')).toBeVisible();
  await expect(page.getByTestId('attempt')).toHaveCount(1);
  await expect(page.getByTestId('attempt')).toHaveAttribute('data-result', 'no_answer');
  await expect(page.getByTestId('call-screen')).toHaveAttribute('data-status', 'open');
});
