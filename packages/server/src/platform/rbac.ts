import type { Permission, Role } from '@servicebay/contracts';

/** A module's policy: which roles hold each of its permissions. */
export type Policy = Partial<Record<Permission, readonly Role[]>>;

const registry = new Map<Permission, Set<Role>>();

export function registerPolicy(policy: Policy): Policy {
  for (const [permission, roles] of Object.entries(policy) as [Permission, readonly Role[]][]) {
    const set = registry.get(permission) ?? new Set<Role>();
    roles.forEach((r) => set.add(r));
    registry.set(permission, set);
  }
  return policy;
}

export function rolesGrant(roles: readonly Role[], permission: Permission): boolean {
  const allowed = registry.get(permission);
  return !!allowed && roles.some((r) => allowed.has(r));
}

export function permissionsOf(roles: readonly Role[]): Permission[] {
  return [...registry.keys()].filter((p) => rolesGrant(roles, p)).sort();
}
