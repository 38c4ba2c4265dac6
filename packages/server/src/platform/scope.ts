import { type RawBuilder, sql } from 'kysely';
import type { Actor } from './actor.js';
import { AppError } from './errors.js';

/** One dealer's own data. */
export type DealerScope = { kind: 'dealer'; networkId: string; dealerId: string };

/** The car maker's view of its network, optionally narrowed to some dealers, a region, a city or a grade. */
export type NetworkScope = {
  kind: 'network';
  networkId: string;
  dealerIds?: readonly string[];
  region?: string;
  city?: string;
  grade?: string;
};

/** Whose data a read may touch. Only car-maker staff can hold a network scope. */
export type Scope = DealerScope | NetworkScope;

export type NetworkNarrowing = Omit<NetworkScope, 'kind' | 'networkId'>;

/**
 * The scope an actor reads in. A dealer's staff always get their own dealer: a narrowing naming
 * another dealer is refused rather than ignored, so no path turns a dealer user into a network reader.
 */
export function scopeOf(actor: Actor, narrowing: NetworkNarrowing = {}): Scope {
  if (actor.dealerId !== null) {
    const others = narrowing.dealerIds?.filter((id) => id !== actor.dealerId) ?? [];
    if (others.length > 0) throw new AppError('forbidden', { detail: "a dealer's staff read their own dealer only" });
    return { kind: 'dealer', networkId: actor.networkId, dealerId: actor.dealerId };
  }
  const scope: NetworkScope = { kind: 'network', networkId: actor.networkId };
  if (narrowing.dealerIds?.length) scope.dealerIds = [...new Set(narrowing.dealerIds)];
  if (narrowing.region) scope.region = narrowing.region;
  if (narrowing.city) scope.city = narrowing.city;
  if (narrowing.grade) scope.grade = narrowing.grade;
  return scope;
}

/** The dealer a write happens at; the car maker's staff act only through their own desks. */
export function dealerScopeOf(actor: Actor): DealerScope {
  if (actor.dealerId === null) throw new AppError('forbidden', { detail: 'this is done at a dealer; car-maker staff can only read' });
  return { kind: 'dealer', networkId: actor.networkId, dealerId: actor.dealerId };
}

/** The acting user's dealer id, for writes (see `dealerScopeOf`). */
export const requireDealer = (actor: Actor): string => dealerScopeOf(actor).dealerId;

/**
 * The one SQL filter that keeps a query inside a scope: `column` is the dealer id column of the
 * row being read (`'ro.dealer_id'`). Every repository reads through it instead of writing its own
 * dealer condition.
 */
export function inScope(scope: Scope, column: string): RawBuilder<boolean> {
  const ref = sql.ref(column);
  if (scope.kind === 'dealer') return sql<boolean>`${ref} = ${scope.dealerId}`;
  const conditions = [sql`d.network_id = ${scope.networkId}`];
  if (scope.dealerIds) conditions.push(scope.dealerIds.length ? sql`d.id in (${sql.join(scope.dealerIds)})` : sql`false`);
  if (scope.region) conditions.push(sql`d.region = ${scope.region}`);
  if (scope.city) conditions.push(sql`d.city = ${scope.city}`);
  if (scope.grade) conditions.push(sql`d.grade = ${scope.grade}`);
  return sql<boolean>`${ref} in (select d.id from dealers d where ${sql.join(conditions, sql` and `)})`;
}

/** A network scope with no narrowing: every dealer of the network. */
export const isWholeNetwork = (scope: Scope): boolean =>
  scope.kind === 'network' && !scope.dealerIds && !scope.region && !scope.city && !scope.grade;

/** The dealer of a scope, or null for the network (for presenters and labels, never for filtering). */
export const dealerOf = (scope: Scope): string | null => (scope.kind === 'dealer' ? scope.dealerId : null);
