// Pure helpers of the live progress board: which column a car is in and in what order.
import type { BoardEntry, RoStatus } from '../../api/repairOrders';

/** The board's columns, in the order a car moves through the workshop. */
export const BOARD_STAGES = ['authorised', 'in_progress', 'quality_check', 'ready'] as const satisfies readonly RoStatus[];
export type BoardStage = (typeof BOARD_STAGES)[number];

export type BoardColumn = { stage: BoardStage; entries: BoardEntry[]; atRisk: number };

/** Overdue first, then at risk, then by promised time (the one due soonest on top). */
export function compareEntries(a: BoardEntry, b: BoardEntry): number {
  const weight = (e: BoardEntry) => (e.atRiskReason === 'overdue' ? 0 : e.atRisk ? 1 : 2);
  return weight(a) - weight(b) || a.promisedAt.localeCompare(b.promisedAt) || a.number.localeCompare(b.number);
}

/** One column per stage (empty ones too, so the board never jumps); a stage the board does not know goes to the nearest column. */
export function boardColumns(entries: readonly BoardEntry[]): BoardColumn[] {
  const columns = BOARD_STAGES.map((stage): BoardColumn => ({ stage, entries: [], atRisk: 0 }));
  for (const entry of entries) {
    const index = BOARD_STAGES.indexOf(entry.stage as BoardStage);
    const column = columns[index === -1 ? (entry.stage === 'open' ? 0 : BOARD_STAGES.length - 1) : index]!;
    column.entries.push(entry);
    if (entry.atRisk) column.atRisk++;
  }
  for (const column of columns) column.entries.sort(compareEntries);
  return columns;
}

/** Clocked of sold hours, percent (0–100, capped), for the card's progress bar; null when nothing was sold. */
export function hoursProgress(entry: Pick<BoardEntry, 'soldHours' | 'clockedHours'>): number | null {
  if (entry.soldHours <= 0) return null;
  return Math.min(100, Math.round((entry.clockedHours / entry.soldHours) * 100));
}
