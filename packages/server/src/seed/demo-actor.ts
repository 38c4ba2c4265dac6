import type { Role } from '@servicebay/contracts';
import type { Actor } from '../platform/actor.js';

/** A demo staff member acting at their dealer, as a session of theirs would: the demo's use-cases run as real staff. */
export function staffActor(user: { id: string; roles: unknown }, dealer: { id: string; network_id: string; time_zone: string }): Actor {
  return {
    userId: user.id,
    tokenId: null,
    networkId: dealer.network_id,
    dealerId: dealer.id,
    roles: user.roles as Role[],
    timeZone: dealer.time_zone,
    requestId: null,
  };
}
