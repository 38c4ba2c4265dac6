import type { Actor } from './actor.js';
import type { Database } from './db.js';
import { newId } from './ids.js';

export type AuditEntry = {
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
};

/** Call inside the use-case's transaction: the audit row commits or rolls back with the change. */
/** Who acts: a user (or their API token), or the system itself (jobs, the customer's own pages) with no user. */
export type AuditActor = Pick<Actor, 'networkId' | 'dealerId' | 'tokenId' | 'requestId'> & { userId: string | null };

/** The car maker's own entries (an actor without a dealer) go to the network-level `network_audit_log` (docs/SCALING.md). */
export async function recordAudit(tx: Database, actor: AuditActor, entry: AuditEntry, at: Date): Promise<void> {
  const { dealerId } = actor;
  if (dealerId === null)
    await tx
      .insertInto('network_audit_log')
      .values(networkAuditRow(actor, entry, at))
      .execute();
  else
    await tx
      .insertInto('audit_log')
      .values(auditRow({ ...actor, dealerId }, entry, at))
      .execute();
}

/** The audit row of a dealer's entry, for a use-case that writes it together with its change in one statement. */
export function auditRow(actor: AuditActor & { dealerId: string }, entry: AuditEntry, at: Date) {
  return { dealer_id: actor.dealerId, ...networkAuditRow(actor, entry, at) };
}

function networkAuditRow(actor: AuditActor, entry: AuditEntry, at: Date) {
  return {
    id: newId(),
    network_id: actor.networkId,
    actor_user_id: actor.userId,
    actor_token_id: actor.tokenId,
    action: entry.action,
    entity_type: entry.entityType,
    entity_id: entry.entityId,
    before: entry.before === undefined ? null : JSON.stringify(entry.before),
    after: entry.after === undefined ? null : JSON.stringify(entry.after),
    request_id: actor.requestId,
    at,
  };
}
