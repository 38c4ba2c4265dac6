import { PERMISSIONS, type Permission, type Role } from '@servicebay/contracts';
import { GRANTS } from './grants.js';

export function rolesGrant(roles: readonly Role[], permission: Permission): boolean {
  const allowed = GRANTS[permission];
  return roles.some((r) => allowed.includes(r));
}

export function permissionsOf(roles: readonly Role[]): Permission[] {
  return PERMISSIONS.filter((p) => rolesGrant(roles, p)).sort();
}
