import type { MessageLogQuery } from '@servicebay/contracts';
import { type Actor, authorize } from '../../platform/actor.js';
import type { Database } from '../../platform/db.js';
import { decodeCursor, toPage } from '../../platform/pagination.js';
import { reportPeriod } from '../../platform/period.js';
import { scopeOf } from '../../platform/scope.js';
import { createMessagesRepository } from './messages.repository.js';

export function createMessagesService(deps: { db: Database }) {
  const { db } = deps;

  return {
    /** The message log: a dealer's own messages (the car maker: the network's), filtered, newest first. */
    async messages(actor: Actor, query: MessageLogQuery) {
      authorize(actor, 'message.read');
      const period = query.from && query.to ? reportPeriod({ from: query.from, to: query.to }, actor.timeZone) : null;
      const rows = await createMessagesRepository(db).messagePage(
        scopeOf(actor),
        { channel: query.channel, status: query.status, from: period?.from, to: period?.to, recipient: query.recipient },
        decodeCursor(query.cursor),
        query.limit,
      );
      const page = toPage(rows, query.limit);
      return {
        nextCursor: page.nextCursor,
        items: page.items.map((m) => ({
          id: m.id,
          channel: m.channel,
          recipient: m.recipient,
          template: m.template,
          body: m.body,
          status: m.status,
          skipReason: m.skip_reason,
          notBefore: m.not_before.toISOString(),
          createdAt: m.created_at.toISOString(),
          sentAt: m.sent_at?.toISOString() ?? null,
        })),
      };
    },
  };
}

export type MessagesService = ReturnType<typeof createMessagesService>;
