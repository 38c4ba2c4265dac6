// Pure rules of the complaint pages: the SLA countdown, which actions a case offers, who may decide
// a recovery, the Pareto order, the timeline's sentences, the classification patch, yuan ↔ fen and
// the approval limits as an editable list.
import type { COMPLAINT_STATUSES, ComplaintCategory, ComplaintPatch, DealerRole, EscalationLevel } from '@servicebay/contracts';
import { COMPLAINT_SUBCATEGORIES } from '@servicebay/contracts/constants';
import type { ComplaintDetail, ComplaintEvent, ComplaintView, Recovery } from '../../api/complaints';

type Status = (typeof COMPLAINT_STATUSES)[number];

/** The views the inbox offers, in order ('all' stays an API view for exports and tests). */
export const INBOX_VIEWS = ['mine', 'team', 'overdue', 'open', 'closed', 'all'] as const satisfies readonly ComplaintView[];
export type InboxView = (typeof INBOX_VIEWS)[number];

export const STATUS_COLORS: Record<Status, string> = {
  open: 'red',
  acknowledged: 'orange',
  feedback_given: 'blue',
  solution_agreed: 'cyan',
  closed: 'default',
};
export const LEVEL_COLORS: Record<EscalationLevel, string> = {
  handler: 'default',
  service_manager: 'gold',
  general_manager: 'volcano',
  car_maker: 'magenta',
};
export const SEVERITY_COLORS = { grumble: 'default', complaint: 'orange', escalated: 'red' } as const;

// ---------------------------------------------------------------------------------------------
// The SLA countdown

export type DurationParts = { days: number; hours: number; minutes: number };

/** Whole minutes from `now` to `dueAt` (negative once it is past). */
export function minutesUntil(dueAt: string, now: Date): number {
  const ms = new Date(dueAt).getTime() - now.getTime();
  // Round towards "less time left": 59.5 minutes left shows as 59, 30 s late shows as late.
  return Math.floor(ms / 60_000);
}

export function durationParts(totalMinutes: number): DurationParts {
  const abs = Math.abs(totalMinutes);
  return { days: Math.floor(abs / 1440), hours: Math.floor((abs % 1440) / 60), minutes: abs % 60 };
}

export type DurationUnits = { day: (n: number) => string; hour: (n: number) => string; minute: (n: number) => string };

/** The two largest units that matter: "2天 3小时", "5小时 20分钟", "12分钟". */
export function durationText(totalMinutes: number, units: DurationUnits): string {
  const { days, hours, minutes } = durationParts(totalMinutes);
  if (days > 0) return hours > 0 ? `${units.day(days)} ${units.hour(hours)}` : units.day(days);
  if (hours > 0) return minutes > 0 ? `${units.hour(hours)} ${units.minute(minutes)}` : units.hour(hours);
  return units.minute(minutes);
}

export type Countdown = { late: boolean; soon: boolean; minutes: number };

/** Where the running step stands: late, due within two hours (soon), or in time. Null without a deadline. */
export function countdown(dueAt: string | null | undefined, now: Date, soonMinutes = 120): Countdown | null {
  if (!dueAt) return null;
  const minutes = minutesUntil(dueAt, now);
  const late = minutes < 0;
  return { late, soon: !late && minutes < soonMinutes, minutes };
}

// ---------------------------------------------------------------------------------------------
// What a case offers

export const COMPLAINT_ACTIONS = [
  'acknowledge',
  'communicate',
  'handover',
  'assignHandler',
  'accept',
  'book',
  'close',
  'reopen',
  'assignDealer',
  'deadline',
  'edit',
  'addRecovery',
] as const;
export type ComplaintAction = (typeof COMPLAINT_ACTIONS)[number];

/**
 * The actions this viewer may take on the case now, as the server's policy answered them on the
 * case (`can`: allowed, and the case's status takes it). Nothing is re-derived here.
 */
export function availableActions(complaint: Pick<ComplaintDetail, 'can'>): Set<ComplaintAction> {
  const { can } = complaint;
  const out = new Set<ComplaintAction>();
  const allow = (action: ComplaintAction, rule: boolean) => rule && out.add(action);
  allow('acknowledge', can.acknowledge);
  allow('communicate', can.communicate);
  allow('handover', can.handover);
  allow('assignHandler', can.assignHandler);
  allow('accept', can.accept);
  allow('book', can.book);
  allow('close', can.close);
  allow('reopen', can.reopen);
  allow('assignDealer', can.assignDealer);
  allow('deadline', can.setDeadline);
  allow('edit', can.update);
  allow('addRecovery', can.addRecovery);
  return out;
}

/**
 * May this viewer approve or reject this recovery? Only pending ones, when the case lets them decide
 * recoveries: approving within their own limit (null: no limit); rejecting too, or above it when
 * the server says they may (a manager).
 */
export function recoveryDecisions(
  recovery: Pick<Recovery, 'status' | 'costFen'>,
  complaint: Pick<ComplaintDetail, 'can'>,
): { approve: boolean; reject: boolean } {
  const { can } = complaint;
  if (recovery.status !== 'pending' || !can.decideRecovery) return { approve: false, reject: false };
  const within = can.approveUpToFen === null || recovery.costFen <= can.approveUpToFen;
  return { approve: within, reject: within || can.rejectAboveLimit };
}

// ---------------------------------------------------------------------------------------------
// Analysis

export type ParetoRow = { category: string; count: number; cumulativePercent: number };

/** Categories by count (largest first), with the cumulative share of all complaints in percent (one decimal). */
export function pareto(rows: readonly { category: string; count: number }[]): ParetoRow[] {
  const sorted = rows.filter((r) => r.count > 0).sort((a, b) => b.count - a.count);
  const total = sorted.reduce((sum, r) => sum + r.count, 0);
  let running = 0;
  return sorted.map((r) => {
    running += r.count;
    return { category: r.category, count: r.count, cumulativePercent: Math.round((running / total) * 1000) / 10 };
  });
}

/** A share (0.125) as a percentage with one decimal (12.5); null stays null. */
export function percent(share: number | null | undefined): number | null {
  return share === null || share === undefined ? null : Math.round(share * 1000) / 10;
}

/** The category group that causes about 80% of complaints (the "vital few"), at least one. */
export function vitalFew(rows: readonly ParetoRow[], threshold = 80): ParetoRow[] {
  const out: ParetoRow[] = [];
  for (const row of rows) {
    out.push(row);
    if (row.cumulativePercent >= threshold) break;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Timeline

/** Newest first; events at the same instant by id (UUIDv7: later id, later event). */
export function newestFirst<E extends Pick<ComplaintEvent, 'id' | 'at'>>(events: readonly E[]): E[] {
  return [...events].sort((a, b) => {
    const byTime = new Date(b.at).getTime() - new Date(a.at).getTime();
    return byTime !== 0 ? byTime : b.id.localeCompare(a.id);
  });
}

export type Translator = { t: (key: string, options?: Record<string, unknown>) => string; has: (key: string) => boolean };

/** The first string (or number) found at one of the paths ("to.name", "toName"). */
function pick(data: Record<string, unknown>, ...paths: string[]): string | null {
  for (const path of paths) {
    let value: unknown = data;
    for (const key of path.split('.'))
      value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
    if (typeof value === 'string' && value.trim()) return value;
    if (typeof value === 'number') return String(value);
  }
  return null;
}

function enumText(tr: Translator, group: string, value: string | null): string | null {
  if (!value) return null;
  const key = `complaints.${group}.${value}`;
  return tr.has(key) ? tr.t(key) : value;
}

export type EventText = { text: string; detail: string | null };

/**
 * One readable sentence for a timeline event (complaints.events.*), and the free text that came
 * with it (a note, a summary, a reason) as its detail. Missing data reads as "—".
 */
export function eventText(
  event: Pick<ComplaintEvent, 'kind' | 'data'>,
  tr: Translator,
  formatters: { money: (fen: number) => string; time: (iso: string) => string; list: (items: string[]) => string },
): EventText {
  const d = event.data ?? {};
  const none = '—';
  const person = (...paths: string[]) => pick(d, ...paths) ?? none;
  const fen = pick(d, 'costFen', 'recovery.costFen');
  const when = (...paths: string[]) => {
    const iso = pick(d, ...paths);
    return iso ? formatters.time(iso) : none;
  };
  const params: Record<string, string> = {};
  let key: string = event.kind;
  let detail: string | null = null;
  switch (event.kind) {
    case 'received':
      params.channel = enumText(tr, 'channels', pick(d, 'channel')) ?? none;
      break;
    case 'routed':
    case 'handler_assigned':
      params.handler = person('handler.name', 'handlerName', 'to.name', 'toName', 'name');
      params.role = enumText(tr, 'roles', pick(d, 'role', 'handler.role', 'handlerRole')) ?? none;
      detail = pick(d, 'category') ? enumText(tr, 'categories', pick(d, 'category')) : null;
      break;
    case 'handed_over':
      params.to = person('to.name', 'toName', 'toUser.name', 'owner.name', 'ownerName');
      detail = pick(d, 'note');
      break;
    case 'updated': {
      // The changed fields with their new values ({ rootCause: '…' }), or a list of names.
      const fields = Array.isArray(d.fields) ? d.fields.filter((f): f is string => typeof f === 'string') : Object.keys(d);
      params.fields = fields.length
        ? formatters.list(fields.map((f) => (tr.has(`complaints.fields.${f}`) ? tr.t(`complaints.fields.${f}`) : f)))
        : none;
      break;
    }
    case 'communication':
      if (d.feedback === true) key = 'communicationFeedback';
      params.channel = enumText(tr, 'communicationChannels', pick(d, 'channel')) ?? none;
      detail = pick(d, 'summary');
      break;
    case 'escalated':
      params.level = enumText(tr, 'levels', pick(d, 'level', 'to')) ?? none;
      detail = enumText(tr, 'steps', pick(d, 'step')) ?? pick(d, 'reason');
      break;
    case 'recovery_requested':
    case 'recovery_approved':
    case 'recovery_rejected':
      params.kind = enumText(tr, 'recoveryKinds', pick(d, 'kind', 'recovery.kind')) ?? none;
      params.cost = fen === null ? none : formatters.money(Number(fen));
      detail = pick(d, 'note', 'description', 'recovery.description');
      // Added within the person's own approval limit: requested and approved in one step.
      if (event.kind === 'recovery_approved' && d.withinOwnLimit === true) key = 'recovery_approved_own';
      break;
    case 'accepted':
      detail = pick(d, 'solutionPlan', 'note');
      break;
    case 'appointment_booked':
      params.number = pick(d, 'number', 'appointmentNumber', 'appointment.number') ?? none;
      params.time = when('startsAt', 'appointment.startsAt');
      break;
    case 'closed':
      params.satisfaction = enumText(tr, 'satisfaction', pick(d, 'finalSatisfaction')) ?? none;
      detail = pick(d, 'preventionMeasure', 'note');
      break;
    case 'reopened':
      detail = pick(d, 'reason');
      break;
    case 'dealer_assigned':
      params.dealer = person('toDealerName', 'dealer.name', 'dealerName', 'to.name', 'name');
      break;
    case 'deadline_set':
      params.time = when('deadlineAt', 'at');
      break;
    default:
      break;
  }
  const textKey = `complaints.events.${key}`;
  return { text: tr.has(textKey) ? tr.t(textKey, params) : event.kind, detail };
}

// ---------------------------------------------------------------------------------------------
// Forms

/** The finer causes of a category (none for most). */
export function subcategoriesOf(category: ComplaintCategory | null | undefined): readonly string[] {
  return category ? COMPLAINT_SUBCATEGORIES[category] : [];
}

/** Yuan typed in a form → integer fen (¥12.345 → 1235); empty stays null. */
export function yuanToFen(yuan: number | null | undefined): number | null {
  return yuan === null || yuan === undefined || Number.isNaN(yuan) ? null : Math.round(yuan * 100);
}

export function fenToYuan(fen: number | null | undefined): number | null {
  return fen === null || fen === undefined ? null : fen / 100;
}

export type AnalysisValues = {
  category?: ComplaintCategory | null;
  subcategory?: string | null;
  causeClass?: ComplaintPatch['causeClass'];
  severity?: ComplaintPatch['severity'];
  escalatedTo?: ComplaintPatch['escalatedTo'];
  verification?: string | null;
  rootCause?: string | null;
  solutionPlan?: string | null;
  demand?: string | null;
  background?: string | null;
};

const PATCH_FIELDS = [
  'category',
  'subcategory',
  'causeClass',
  'severity',
  'escalatedTo',
  'verification',
  'rootCause',
  'solutionPlan',
  'demand',
  'background',
] as const;

const norm = (value: unknown) => (typeof value === 'string' ? value.trim() || null : (value ?? null));

/** Only the fields that changed (emptied text becomes null), with the case's version; null when nothing changed. */
export function analysisPatch(
  current: Pick<ComplaintDetail, (typeof PATCH_FIELDS)[number] | 'version'>,
  values: AnalysisValues,
): ComplaintPatch | null {
  const patch: Record<string, unknown> = {};
  for (const field of PATCH_FIELDS) {
    if (!(field in values)) continue;
    const next = norm(values[field]);
    if (next !== norm(current[field])) patch[field] = next;
  }
  // A category without that subcategory: the subcategory goes too.
  const category = 'category' in patch ? (patch.category as ComplaintCategory | null) : current.category;
  const sub = 'subcategory' in patch ? (patch.subcategory as string | null) : current.subcategory;
  if (sub && !subcategoriesOf(category).includes(sub)) patch.subcategory = null;
  if (Object.keys(patch).length === 0) return null;
  return { version: current.version, ...patch } as ComplaintPatch;
}

export type ApprovalRow = { role?: DealerRole | null; yuan?: number | null };

/** The settings' approval limits as editable rows (null fen: no limit). */
export function approvalRows(limits: Partial<Record<DealerRole, number | null>>): ApprovalRow[] {
  return (Object.entries(limits) as [DealerRole, number | null][]).map(([role, fen]) => ({ role, yuan: fenToYuan(fen) }));
}

/** Rows back to the settings' limits: an empty amount is "no limit"; rows without a role are dropped. */
export function approvalLimits(rows: readonly ApprovalRow[] | undefined): Partial<Record<DealerRole, number | null>> {
  const out: Partial<Record<DealerRole, number | null>> = {};
  for (const row of rows ?? []) if (row.role) out[row.role] = yuanToFen(row.yuan);
  return out;
}
