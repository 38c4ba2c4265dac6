import { describe, expect, it } from 'vitest';
import type { BoardEntry } from '../../api/repairOrders';
import { boardColumns, hoursProgress } from './board';

let n = 0;
function entry(patch: Partial<BoardEntry>): BoardEntry {
  n++;
  return {
    repairOrderId: `0190a0b0-0000-7000-8000-${String(n).padStart(12, '0')}`,
    number: `RO${String(n).padStart(4, '0')}`,
    stage: 'in_progress',
    plate: '京A·12345',
    customerSurname: '王',
    customerSalutation: 'mr',
    modelName: null,
    serviceAdvisor: null,
    technicians: [],
    bay: null,
    promisedAt: '2026-06-01T08:00:00.000Z',
    atRisk: false,
    atRiskReason: null,
    soldHours: 2,
    clockedHours: 1,
    remainingHours: 1,
    reworkCount: 0,
    dealer: { id: '0190a0b0-0000-7000-8000-000000000001', name: '甲店' },
    ...patch,
  };
}

describe('the live board', () => {
  it('has a column for every stage, in workshop order, empty ones included', () => {
    const columns = boardColumns([entry({ stage: 'ready' })]);
    expect(columns.map((c) => c.stage)).toEqual(['authorised', 'in_progress', 'quality_check', 'ready']);
    expect(columns.map((c) => c.entries.length)).toEqual([0, 0, 0, 1]);
  });

  it('puts overdue cars on top, then those at risk, then by promised time', () => {
    const later = entry({ promisedAt: '2026-06-01T10:00:00.000Z' });
    const sooner = entry({ promisedAt: '2026-06-01T09:00:00.000Z' });
    const atRisk = entry({ promisedAt: '2026-06-01T11:00:00.000Z', atRisk: true, atRiskReason: 'not_enough_time' });
    const overdue = entry({ promisedAt: '2026-06-01T12:00:00.000Z', atRisk: true, atRiskReason: 'overdue' });
    const [column] = boardColumns([later, sooner, atRisk, overdue]).filter((c) => c.stage === 'in_progress');
    expect(column!.entries.map((e) => e.number)).toEqual([overdue.number, atRisk.number, sooner.number, later.number]);
    expect(column!.atRisk).toBe(2);
  });

  it('shows clocked against sold hours, capped at 100%', () => {
    expect(hoursProgress({ soldHours: 2, clockedHours: 0.5 })).toBe(25);
    expect(hoursProgress({ soldHours: 1, clockedHours: 3 })).toBe(100);
    expect(hoursProgress({ soldHours: 0, clockedHours: 1 })).toBeNull();
  });
});
