/**
 * Pick-up and delivery (上门取送车) and designated driving (代驾), domain.md §5: a driver fetches the
 * car to the dealer, brings it back to the customer, or drives the customer's car with them.
 */
export const PICKUP_KINDS = ['pickup', 'delivery', 'designated_driving'] as const;
export type PickupKind = (typeof PICKUP_KINDS)[number];

/** requested → assigned (a driver) → en_route (set out) → picked_up (the car, walked around) → completed; or cancelled. */
export const PICKUP_STATUSES = ['requested', 'assigned', 'en_route', 'picked_up', 'completed', 'cancelled'] as const;
export type PickupStatus = (typeof PICKUP_STATUSES)[number];

/** The longest time window a customer is given (hours). */
export const MAX_PICKUP_WINDOW_HOURS = 4;
/** How far ahead a pick-up may be booked (days). */
export const PICKUP_BOOK_AHEAD_DAYS = 60;
/** The most service areas a dealer lists. */
export const MAX_PICKUP_AREAS = 50;

/** The fee of a distance: free up to `freeKm`, then each started km beyond it (12.5 km with 10 free: 3 km charged). */
export function pickupFeeOf(distanceKm: number, settings: { freeKm: number; feePerKmFen: number }): number {
  const beyond = distanceKm - settings.freeKm;
  return beyond <= 0 ? 0 : Math.ceil(beyond - 1e-9) * settings.feePerKmFen;
}
