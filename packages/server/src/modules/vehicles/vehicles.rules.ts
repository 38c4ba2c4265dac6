import { AppError } from '../../platform/errors.js';
// Pure rules for vehicles: the odometer sanity check.

export type Reading = { readOn: string; km: number; odometerReplaced: boolean };

export type MileageProblem =
  | { code: 'in_future' }
  | { code: 'lower_than_earlier'; earlierKm: number; earlierOn: string }
  | { code: 'higher_than_later'; laterKm: number; laterOn: string };

/**
 * A reading must not go below an earlier one or above a later one within the same odometer's life.
 * A reading flagged as an odometer replacement starts a new life and is always accepted.
 */
export function mileageProblem(history: Reading[], input: Reading, today: string): MileageProblem | null {
  if (input.readOn > today) return { code: 'in_future' };
  if (input.odometerReplaced) return null;
  const sorted = [...history].sort((a, b) => (a.readOn < b.readOn ? -1 : a.readOn > b.readOn ? 1 : 0));

  let earliestOfThisOdometer = 0;
  sorted.forEach((r, i) => {
    if (r.odometerReplaced && r.readOn <= input.readOn) earliestOfThisOdometer = i;
  });
  let highestEarlier: Reading | null = null;
  for (const r of sorted.slice(earliestOfThisOdometer)) {
    if (r.readOn > input.readOn) break;
    if (!highestEarlier || r.km > highestEarlier.km) highestEarlier = r;
  }
  if (highestEarlier && input.km < highestEarlier.km) {
    return { code: 'lower_than_earlier', earlierKm: highestEarlier.km, earlierOn: highestEarlier.readOn };
  }

  let lowestLater: Reading | null = null;
  for (const r of sorted) {
    if (r.readOn <= input.readOn) continue;
    if (r.odometerReplaced) break;
    if (!lowestLater || r.km < lowestLater.km) lowestLater = r;
  }
  if (lowestLater && input.km > lowestLater.km) {
    return { code: 'higher_than_later', laterKm: lowestLater.km, laterOn: lowestLater.readOn };
  }
  return null;
}

/** A decreasing mileage error re-pointed at the field of the form that carried the reading. */
export function mileageErrorAs(error: unknown, field: string): unknown {
  if (!(error instanceof AppError) || error.code !== 'mileage_decreasing') return error;
  return new AppError('mileage_decreasing', { ...error.details, errors: (error.details.errors ?? []).map((e) => ({ ...e, field })) });
}
