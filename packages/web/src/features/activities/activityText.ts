import type { ActivityState, InvitationState } from '@servicebay/contracts';

/** The colour of an activity's state tag. */
export const STATE_COLOR: Record<ActivityState, string> = { draft: 'default', open: 'processing', closed: 'success', cancelled: 'error' };

/** The colour of an invitation's state tag. */
export const INVITATION_COLOR: Record<InvitationState, string> = {
  invited: 'default',
  signed_up: 'processing',
  cancelled: 'warning',
  attended: 'success',
  no_show: 'error',
};
