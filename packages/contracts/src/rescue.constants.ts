// Roadside rescue (救援, issue 17): a call recorded at the dealer's rescue desk, dispatched to one of
// its rescue vehicles or partners, with the time of each step; the response time (call → arrival on
// site) is the service's KPI.

/** received → dispatched → arrived → completed; cancelled before arrival (with a reason). */
export const RESCUE_STATUSES = ['received', 'dispatched', 'arrived', 'completed', 'cancelled'] as const;
export type RescueStatus = (typeof RESCUE_STATUSES)[number];
/** A call still being worked. */
export const RESCUE_OPEN_STATUSES = ['received', 'dispatched', 'arrived'] as const satisfies readonly RescueStatus[];

export const RESCUE_PROBLEMS = ['breakdown', 'flat_tyre', 'battery', 'accident', 'out_of_fuel', 'locked_out', 'other'] as const;
export type RescueProblem = (typeof RESCUE_PROBLEMS)[number];

export const RESCUE_OUTCOMES = ['fixed_on_site', 'towed_to_dealer', 'towed_elsewhere'] as const;
export type RescueOutcome = (typeof RESCUE_OUTCOMES)[number];

/** The dealer's own rescue vehicle, or a partner (a towing company) it calls. */
export const RESCUE_UNIT_KINDS = ['own', 'partner'] as const;
export type RescueUnitKind = (typeof RESCUE_UNIT_KINDS)[number];

/** The response the dealer aims for when it has set none: on site within an hour of the call. */
export const DEFAULT_RESCUE_TARGET_MINUTES = 60;
export const MIN_RESCUE_TARGET_MINUTES = 10;
export const MAX_RESCUE_TARGET_MINUTES = 480;
/** How far back a step's time may be entered (a call written up after the event). */
export const RESCUE_BACKDATE_HOURS = 24;
