import type { ApiToken, Role, StaffUser } from '@servicebay/contracts';
import type { ApiTokenRow, StaffUserRow } from './admin.repository.js';

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** `lockedUntil` only while the lock lasts at `now`. */
export function presentStaffUser(row: StaffUserRow, now: Date): StaffUser {
  return {
    id: row.id,
    login: row.login,
    displayName: row.display_name,
    roles: row.roles as Role[],
    dealer: row.dealer_id ? { id: row.dealer_id, code: row.dealer_code ?? '', name: row.dealer_name ?? '' } : null,
    disabledAt: iso(row.disabled_at),
    lockedUntil: row.locked_until && new Date(row.locked_until) > now ? iso(row.locked_until) : null,
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
  };
}

export function presentApiToken(row: ApiTokenRow): ApiToken {
  return {
    id: row.id,
    name: row.name,
    user: { id: row.user_id, login: row.login, displayName: row.display_name },
    createdAt: iso(row.created_at)!,
    lastUsedAt: iso(row.last_used_at),
    revokedAt: iso(row.revoked_at),
  };
}
