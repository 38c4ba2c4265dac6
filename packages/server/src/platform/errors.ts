// One error type for the whole server (Documenso's AppError). Services throw it; the error handler
// turns it into RFC 9457 problem+json using the status table below.

export const ERROR_STATUS = {
  validation_failed: 400,
  unsupported_media_type: 415,
  mileage_decreasing: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  forbidden: 403,
  csrf_failed: 403,
  not_found: 404,
  version_conflict: 409,
  mobile_taken: 409,
  vin_taken: 409,
  plate_taken: 409,
  login_taken: 409,
  /** An admin may not disable their own account or take their own admin role away. */
  self_lockout: 409,
  dealer_code_taken: 409,
  idempotency_in_progress: 409,
  slot_full: 409,
  /** The driver holds another job whose window overlaps. */
  driver_busy: 409,
  pickup_under_way: 409,
  pickup_booked: 409,
  appointment_same_day: 409,
  invalid_transition: 409,
  /** The car already has an open visit at this dealer (`openVisitId` names it). */
  open_visit_exists: 409,
  already_answered: 409,
  /** A warranty line or claim without the warranty clerk's eligible check. */
  warranty_unconfirmed: 409,
  /** The order already has a claim of this kind (`claimId` names it). */
  claim_exists: 409,
  /** The car's campaign work was already recorded (anywhere in the network). */
  campaign_done: 409,
  /** The campaign is not (or no longer) open. */
  campaign_closed: 409,
  /** The care rule this would make calls for is turned off in the dealer's follow-up settings. */
  rule_disabled: 409,
  /** The loaner is reserved for part of that time (`conflictingReservationId` names the reservation). */
  loaner_unavailable: 409,
  /** The rules give this customer no loaner (the field errors say which rule), and no manager overrode them. */
  loaner_not_eligible: 409,
  /** The rescue unit is on another open call (`callId`, `callNumber` name it). */
  unit_busy: 409,
  /** The customer is already a member of the network's club. */
  already_member: 409,
  /** The member's balance does not cover the points asked for (a concurrent redemption may have spent them). */
  points_insufficient: 409,
  /** A payment cannot be taken back: the member has spent points its bill earned. */
  points_already_spent: 409,
  /** The payment was taken back before. */
  payment_reversed: 409,
  /** Every seat of the activity is taken. */
  activity_full: 409,
  /** The activity takes no sign-ups (or cancellations) now: not open, or already begun. */
  signup_closed: 409,
  link_expired: 410,
  idempotency_key_reused: 422,
  account_locked: 423,
  rate_limited: 429,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export type FieldError = { field: string; code: string; message: string };

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly details: { detail?: string; errors?: FieldError[]; extra?: Record<string, unknown> } = {},
  ) {
    super(details.detail ?? code);
    this.status = ERROR_STATUS[code];
  }

  static field(code: ErrorCode, field: string, fieldCode: string, message = fieldCode): AppError {
    return new AppError(code, { detail: message, errors: [{ field, code: fieldCode, message }] });
  }
}

export const notFound = (what: string) => new AppError('not_found', { detail: `${what} not found` });
export const forbidden = (detail = 'not allowed') => new AppError('forbidden', { detail });

/** A stale `version` on an edit of a long-lived record: reload and try again. */
export function versionConflict(current: number) {
  return new AppError('version_conflict', {
    detail: 'someone else changed this record; reload and apply your change again',
    extra: { currentVersion: current },
  });
}
