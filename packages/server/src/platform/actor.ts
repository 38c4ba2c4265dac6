import type { Permission, Role } from '@servicebay/contracts';
import { AppError } from './errors.js';
import { rolesGrant } from './rbac.js';

/** Who is acting: a logged-in user or an API token, always within one network. */
export type Actor = {
  userId: string;
  tokenId: string | null;
  networkId: string;
  /** null for car-maker staff, who see every dealer of the network. */
  dealerId: string | null;
  roles: Role[];
  /** The dealer's time zone, which defines its days; the car maker's staff use the network's. */
  timeZone: string;
  requestId: string | null;
};

export function authorize(actor: Actor, permission: Permission): void {
  if (!rolesGrant(actor.roles, permission)) {
    throw new AppError('forbidden', { detail: `missing permission ${permission}` });
  }
}

export const NETWORK_TIME_ZONE = 'Asia/Shanghai';

export const isCarMaker = (actor: Actor) => actor.dealerId === null;
