import { RO_STATUSES } from '@servicebay/contracts/constants';
import { describe, expect, it } from 'vitest';
import { PROGRESS_STEPS, progressStep } from './progress';

describe("the customer's progress steps", () => {
  it('read every status but a cancelled one as one of the steps, in order', () => {
    const steps = RO_STATUSES.map(progressStep);
    expect(steps).toEqual(['received', 'received', 'in_progress', 'quality_check', 'ready', 'ready', 'delivered', 'delivered', null]);
    const indexes = steps.filter((s) => s !== null).map((s) => PROGRESS_STEPS.indexOf(s!));
    expect(indexes).toEqual([...indexes].sort((a, b) => a - b));
  });
});
