import type { Actor } from '../../platform/actor.js';
import type { Database } from '../../platform/db.js';
import { notFound } from '../../platform/errors.js';
import { type DealerScope, type Scope, scopeOf } from '../../platform/scope.js';
import { settingsOf } from './appointments.capacity.js';
import { type AppointmentDetailsRow, createAppointmentsRepository } from './appointments.repository.js';

/** The scope of a read: the car maker's network, narrowed to one dealer when it names one; a dealer's own. */
export const readScope = (actor: Actor, dealerId?: string): Scope => scopeOf(actor, dealerId ? { dealerIds: [dealerId] } : {});

/** A booking's own dealer, as a scope. */
export const dealerScope = (ctx: { networkId: string; dealerId: string }): DealerScope => ({
  kind: 'dealer',
  networkId: ctx.networkId,
  dealerId: ctx.dealerId,
});

/** The zone whose days a read counts in: the dealer's own, or the network's for the car maker. */
export async function zoneOf(db: Database, scope: Scope, actor: Actor) {
  return scope.kind === 'dealer' ? (await settingsOf(db, scope.dealerId)).settings.timeZone : actor.timeZone;
}

export async function loadVisible(tx: Database, scope: Scope, id: string): Promise<AppointmentDetailsRow> {
  const row = await createAppointmentsRepository(tx).find(scope, id);
  if (!row) throw notFound('appointment');
  return row;
}
