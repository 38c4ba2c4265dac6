import { type CustomerHistoryEntry, formatPlate, type OpenCallTask } from '@servicebay/contracts';
import type { HistoryRow } from './customer-history.repository.js';
import { appointmentOutcome } from './customer-history.rules.js';

type Data = Record<string, unknown>;
const text = (d: Data, key: string): string | null => (typeof d[key] === 'string' ? (d[key] as string) : null);
const int = (d: Data, key: string): number | null => (d[key] === null || d[key] === undefined ? null : Number(d[key]));
/** Timestamps inside json_build_object arrive as PostgreSQL's ISO text; the API speaks toISOString(). */
const instant = (d: Data, key: string): string | null => {
  const value = text(d, key);
  return value ? new Date(value).toISOString() : null;
};
const person = (d: Data, idKey: string, nameKey: string) => {
  const id = text(d, idKey);
  return id ? { id, name: text(d, nameKey) ?? '' } : null;
};

export function presentHistoryEntry(row: HistoryRow): CustomerHistoryEntry {
  const d = row.data;
  const base = {
    id: row.id,
    at: row.at.toISOString(),
    dealer: row.dealer_id ? { id: row.dealer_id, name: row.dealer_name ?? '' } : null,
    vehicle: row.vehicle_id && row.plate_key ? { id: row.vehicle_id, plate: formatPlate(row.plate_key) } : null,
  };
  switch (row.kind) {
    case 'visit': {
      const repairOrderId = text(d, 'repairOrderId');
      return {
        ...base,
        kind: 'visit',
        visitId: row.id,
        repairOrder: repairOrderId
          ? {
              id: repairOrderId,
              number: text(d, 'number') ?? '',
              status: text(d, 'status') as never,
              kmIn: int(d, 'kmIn'),
              concerns: text(d, 'concerns') ?? '',
              work: Array.isArray(d.work) ? d.work.map(String) : [],
              totalFen: int(d, 'totalFen'),
              deliveredAt: instant(d, 'deliveredAt'),
              nextDueOn: text(d, 'nextDueOn'),
              nextDueKm: int(d, 'nextDueKm'),
            }
          : null,
        serviceAdvisor: person(d, 'saId', 'saName'),
      };
    }
    case 'appointment': {
      const status = text(d, 'status') ?? 'booked';
      return {
        ...base,
        kind: 'appointment',
        number: text(d, 'number') ?? '',
        startsAt: base.at,
        status: status as never,
        outcome: appointmentOutcome(status, text(d, 'arrivalStatus')),
        channel: text(d, 'channel') as never,
        arrivedAt: instant(d, 'arrivedAt'),
      };
    }
    case 'call':
      return {
        ...base,
        kind: 'call',
        taskId: text(d, 'taskId') ?? '',
        rule: text(d, 'rule') as never,
        outcome: text(d, 'outcome') as never,
        satisfaction: text(d, 'satisfaction') as never,
        notes: text(d, 'notes'),
        agent: person(d, 'agentId', 'agentName'),
      };
    case 'complaint':
      return {
        ...base,
        kind: 'complaint',
        number: text(d, 'number') ?? '',
        status: text(d, 'status') as never,
        category: text(d, 'category') as never,
        channel: text(d, 'channel') as never,
      };
    case 'survey':
      return {
        ...base,
        kind: 'survey',
        csi: d.csi === null || d.csi === undefined ? null : Number(d.csi),
        low: d.low === true,
        source: (text(d, 'source') ?? 'link') as 'link' | 'call',
        repairOrderId: text(d, 'repairOrderId'),
        complaintId: text(d, 'complaintId'),
      };
    case 'message':
      return {
        ...base,
        kind: 'message',
        template: text(d, 'template') ?? '',
        channel: text(d, 'channel') ?? '',
        status: text(d, 'status') ?? '',
        skipReason: text(d, 'skipReason'),
        sentAt: instant(d, 'sentAt'),
      };
  }
}

export function presentOpenCallTask(row: { id: string; rule: string; due_from: string; due_until: string }): OpenCallTask {
  return { id: row.id, rule: row.rule as OpenCallTask['rule'], dueFrom: row.due_from, dueUntil: row.due_until };
}
