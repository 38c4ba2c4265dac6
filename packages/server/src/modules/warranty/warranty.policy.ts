import type { ClaimAction } from '@servicebay/contracts';
import { type Actor, isCarMaker } from '../../platform/actor.js';
import { definePolicy } from '../../platform/policy.js';
import { rolesGrant } from '../../platform/rbac.js';
import type { ClaimRow } from './warranty.repository.js';
import { claimStepAllowed } from './warranty.rules.js';

export type ClaimRecord = Pick<ClaimRow, 'dealer_id' | 'status' | 'return_status'>;

/** The dealer's warranty clerk (or service manager), on a claim of their own dealer. */
const clerk = (actor: Actor, c: ClaimRecord) =>
  !isCarMaker(actor) && actor.dealerId === c.dealer_id && rolesGrant(actor.roles, 'warranty.claim');

/** The car maker's warranty reviewer, on any claim of the network. */
const reviewer = (actor: Actor) => isCarMaker(actor) && rolesGrant(actor.roles, 'warranty.review');

/** Who may do what to one claim: the dealer prepares and submits, the car maker decides. */
export const claimPolicy = definePolicy<ClaimRecord, ClaimAction>('warranty_claim', {
  update: clerk,
  submit: clerk,
  approve: reviewer,
  reject: reviewer,
  return: reviewer,
  shipParts: clerk,
  receiveParts: reviewer,
});

/** What this person can do to the claim now: allowed to, and the claim's status takes it. */
export function claimAbilities(actor: Actor, c: ClaimRecord): Record<ClaimAction, boolean> {
  const allowed = claimPolicy.abilities(actor, c);
  return Object.fromEntries(Object.entries(allowed).map(([a, yes]) => [a, yes && claimStepAllowed(a as ClaimAction, c)])) as Record<
    ClaimAction,
    boolean
  >;
}
