// Loaner cars (代步车, issue 17): the dealer's fleet and its reservations.

export const LOANER_STATES = ['active', 'retired'] as const;
export type LoanerState = (typeof LOANER_STATES)[number];

/**
 * Why the customer has a loaner: a warranty repair expected to take longer than the dealer's minimum,
 * a 三包 case, a member's benefit, the service recovery of a complaint, or a courtesy (no rule: only a
 * manager's override with a reason gives one).
 */
export const LOANER_REASONS = ['warranty_repair', 'sanbao', 'member', 'recovery', 'courtesy'] as const;
export type LoanerReason = (typeof LOANER_REASONS)[number];

/** reserved → out (handed over) → returned; a reservation not yet handed over may be cancelled. */
export const LOANER_RESERVATION_STATUSES = ['reserved', 'out', 'returned', 'cancelled'] as const;
export type LoanerReservationStatus = (typeof LOANER_RESERVATION_STATUSES)[number];

/** The longest reservation and the longest period one reservation list or utilisation read covers. */
export const MAX_LOANER_RESERVATION_DAYS = 60;
export const MAX_LOANER_PERIOD_DAYS = 366;
