import { DEALER_ROLES, OEM_ROLES, type Role } from '@servicebay/contracts';

/** The admin role that lets a user manage staff where they work. */
export function adminRoleFor(dealerId: string | null): Role {
  return dealerId ? 'dealer_admin' : 'oem_admin';
}

/** Dealer staff hold dealer roles only; the car maker's users hold car-maker roles only. The first role that does not fit, if any. */
export function roleNotAllowed(roles: readonly Role[], dealerId: string | null): Role | null {
  const allowed: readonly Role[] = dealerId ? DEALER_ROLES : OEM_ROLES;
  return roles.find((r) => !allowed.includes(r)) ?? null;
}

/** An admin may not take their own admin role away (nobody would be left to give it back). */
export function removesOwnAdminRole(
  actor: { userId: string; dealerId: string | null },
  targetId: string,
  newRoles: readonly Role[],
): boolean {
  return actor.userId === targetId && !newRoles.includes(adminRoleFor(actor.dealerId));
}

/** `HH:MM` opening hours must open before they close. */
export function openingHoursProblem(hours: { opensAt: string; closesAt: string }): string | null {
  return hours.opensAt < hours.closesAt ? null : 'closes_before_opening';
}

// Only zones that exist are remembered, so the set is bounded by the zone database whatever is asked.
const knownZones = new Set<string>();

export function isTimeZone(zone: string): boolean {
  if (knownZones.has(zone)) return true;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    knownZones.add(zone);
    return true;
  } catch {
    return false;
  }
}
