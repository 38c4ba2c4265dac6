import { type Selectable, sql } from 'kysely';
import type { Database } from '../../platform/db.js';
import type { OutboxMessagesTable } from '../../platform/db.schema.js';
import { inScope, type Scope } from '../../platform/scope.js';

export function createMessagesRepository(db: Database) {
  return {
    /** The message log, newest first, one page past `afterId`, within the scope. */
    messagePage(
      scope: Scope,
      filter: {
        channel?: OutboxMessagesTable['channel'];
        status?: Selectable<OutboxMessagesTable>['status'];
        from?: Date;
        to?: Date;
        recipient?: string;
      },
      afterId: string | null,
      limit: number,
    ) {
      let query = db.selectFrom('outbox_messages').selectAll().where('network_id', '=', scope.networkId);
      if (scope.kind === 'dealer' || scope.dealerIds) query = query.where(inScope(scope, 'dealer_id'));
      if (filter.channel) query = query.where('channel', '=', filter.channel);
      if (filter.status) query = query.where('status', '=', filter.status);
      if (filter.from) query = query.where('created_at', '>=', filter.from);
      if (filter.to) query = query.where('created_at', '<', filter.to);
      if (filter.recipient)
        query =
          filter.recipient.length === 4
            ? query.where(sql<string>`right(recipient, 4)`, '=', filter.recipient)
            : query.where('recipient', '=', filter.recipient);
      if (afterId) query = query.where('id', '<', afterId);
      return query
        .orderBy('id', 'desc')
        .limit(limit + 1)
        .execute();
    },
  };
}
