import type { HistoryEntry } from '../../api/appointments';
import { hasTranslation } from '../../api/problems';
import { formatDateTime } from '../../components/DateText';
import i18n from '../../i18n';

type Translate = (key: string, options?: Record<string, unknown>) => string;
const tr: Translate = (key, options) => (i18n.t as unknown as Translate)(key, options);

const str = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v : null);

/** The kind's name: appointment.booked → 预约创建; unknown kinds as they are. */
export function historyTitle(kind: string): string {
  const short = kind.replace(/^appointment\./, '');
  const key = `history.kinds.${short}`;
  return hasTranslation(key) ? tr(key) : tr('history.kinds.other', { kind });
}

function translated(prefix: string, value: unknown): string | null {
  const s = str(value);
  if (!s) return null;
  return hasTranslation(`${prefix}.${s}`) ? tr(`${prefix}.${s}`) : s;
}

/** One line of what the entry says, from whatever its data holds. */
export function historyDetail(entry: HistoryEntry, staffName: (id: string) => string | null = () => null): string | null {
  const d = entry.data ?? {};
  const parts: string[] = [];
  const from = str(d.from) ?? str(d.fromStartsAt) ?? str(d.previousStartsAt);
  const to = str(d.to) ?? str(d.toStartsAt) ?? str(d.startsAt);
  if (from && to) parts.push(tr('history.moved', { from: formatDateTime(from), to: formatDateTime(to) }));
  else if (to) parts.push(tr('history.slot', { time: formatDateTime(to) }));
  const step = translated('confirmation.steps', d.step);
  const channel = translated('confirmation.channels', d.channel);
  const result = translated('confirmation.results', d.result);
  if (step || result) parts.push([step, channel, result].filter(Boolean).join(' · '));
  else if (channel) parts.push(translated('appointment.channels', d.channel) ?? channel);
  const saId = str(d.saId);
  const sa = str(d.saName) ?? (saId ? (staffName(saId) ?? null) : null);
  if (sa) parts.push(tr('history.sa', { name: sa }));
  const arrival = translated('appointment.arrival', d.arrivalStatus);
  if (arrival) parts.push(arrival);
  const reason = str(d.reason);
  if (reason) parts.push(tr('history.reason', { reason }));
  const note = str(d.note);
  if (note) parts.push(note);
  return parts.length ? parts.join(i18n.language === 'en' ? '; ' : '；') : null;
}
