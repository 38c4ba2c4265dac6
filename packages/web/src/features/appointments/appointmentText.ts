import dayjs from 'dayjs';
import type { Appointment } from '../../api/appointments';
import { dealerDate, dealerDateOf, dealerNowMinutes, minutesOf } from '../../components/dealerTime';
import i18n from '../../i18n';

type Translate = (key: string, options?: Record<string, unknown>) => string;
const tr: Translate = (key, options) => (i18n.t as unknown as Translate)(key, options);

/** "保养：5万公里保养；维修：空调异响" in one line. */
export function workSummary(work: Appointment['requestedWork']): string {
  const separator = i18n.language === 'en' ? '; ' : '；';
  return work.map((w) => `${tr(`appointment.workKinds.${w.kind}`)}: ${w.description}`).join(separator);
}

/** Still ahead: can be moved, confirmed, cancelled, checked in. */
export function isOpen(a: Appointment): boolean {
  return a.status === 'booked' || a.status === 'confirmed';
}

/**
 * By the deadline (17:00) of the day before, the front-desk supervisor assigns every appointment
 * to an SA: one still unassigned after it gets a red flag.
 */
export function isUnassignedLate(a: Appointment, assignmentDeadline: string): boolean {
  if (!isOpen(a) || a.assignedSa) return false;
  const day = dealerDateOf(a.startsAt);
  const today = dealerDate(0);
  const tomorrow = dealerDate(1);
  if (day <= today) return true;
  if (day === tomorrow) return dealerNowMinutes() >= minutesOf(assignmentDeadline);
  return false;
}

/** "6月12日 周四" / "Thu, Jun 12". */
export function dayLabel(date: string): string {
  return dayjs(date).format(i18n.language === 'en' ? 'ddd, MMM D' : 'M月D日 ddd');
}
