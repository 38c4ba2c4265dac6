// The customer's progress page: which of the customer's steps a repair-order status reads as.
import type { PublicProgress } from '../../api/public';

/** The customer's steps; several repair-order statuses read as one step to the customer. */
export const PROGRESS_STEPS = ['received', 'in_progress', 'quality_check', 'ready', 'delivered'] as const;
export type ProgressStep = (typeof PROGRESS_STEPS)[number];

export function progressStep(stage: PublicProgress['stage']): ProgressStep | null {
  switch (stage) {
    case 'open':
    case 'authorised':
      return 'received';
    case 'in_progress':
      return 'in_progress';
    case 'quality_check':
      return 'quality_check';
    case 'ready':
    case 'invoiced':
      return 'ready';
    case 'delivered':
    case 'closed':
      return 'delivered';
    default:
      return null;
  }
}
