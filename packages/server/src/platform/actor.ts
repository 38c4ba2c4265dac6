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
  /** The user's name, when the actor was built from their row (what a record they create names them by). */
  displayName?: string;
};

export function authorize(actor: Actor, permission: Permission): void {
  if (!rolesGrant(actor.roles, permission)) {
    throw new AppError('forbidden', { detail: `missing permission ${permission}` });
  }
}

export const NETWORK_TIME_ZONE = 'Asia/Shanghai';

/** The actor a user stands for, by a session, an API token (`tokenId`) or the CLI's `--as`. */
export function actorOfUser(
  user: {
    userId: string;
    networkId: string;
    dealerId: string | null;
    roles: readonly string[];
    timeZone: string | null;
    displayName?: string;
  },
  tokenId: string | null,
  requestId: string | null,
): Actor {
  return {
    userId: user.userId,
    tokenId,
    networkId: user.networkId,
    dealerId: user.dealerId,
    roles: user.roles as Role[],
    timeZone: user.timeZone ?? NETWORK_TIME_ZONE,
    requestId,
    ...(user.displayName !== undefined ? { displayName: user.displayName } : {}),
  };
}

export const isCarMaker = (actor: Actor) => actor.dealerId === null;
