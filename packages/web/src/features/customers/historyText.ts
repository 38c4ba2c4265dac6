import type { CustomerHistoryEntry, HistoryKind } from '@servicebay/contracts';
import { formatFen } from '../../components/money';
import i18n from '../../i18n';

type Translate = (key: string, options?: Record<string, unknown>) => string;
/** Labels looked up by codes the API sends (roStatus.delivered, followUp.rules.birthday, …). */
export const tr: Translate = (key, options) => (i18n.t as unknown as Translate)(key, options);
/** A label for a code, or the given fallback's label: never the code itself. */
const labelOr = (key: string, fallback: string) => (i18n.exists(key) ? tr(key) : tr(fallback));

export const HISTORY_KIND_COLORS: Record<HistoryKind, string> = {
  visit: 'blue',
  appointment: 'cyan',
  call: 'purple',
  complaint: 'red',
  survey: 'gold',
  message: 'default',
};

export const historyKindLabel = (kind: HistoryKind) => tr(`customerHistory.kinds.${kind}`);

/** The message template's name ("Booking confirmation"), not its id. */
export const templateLabel = (template: string) => labelOr(`customerHistory.templates.${template}`, 'customerHistory.templates.other');

export const messageStatusLabel = (status: string) =>
  labelOr(`customerHistory.messageStatuses.${status}`, 'customerHistory.messageStatuses.other');

export const skipReasonLabel = (reason: string | null) =>
  labelOr(`customerHistory.skipReasons.${reason ?? 'other'}`, 'customerHistory.skipReasons.other');

/** The work done as one line: the order's lines, or the customer's concerns before there are any. */
export function workSummary(order: NonNullable<Extract<CustomerHistoryEntry, { kind: 'visit' }>['repairOrder']>): string {
  const separator = i18n.language === 'en' ? ', ' : '、';
  return order.work.length > 0 ? order.work.join(separator) : order.concerns;
}

export const money = (fen: number) => tr('customerHistory.total', { amount: formatFen(fen) });
