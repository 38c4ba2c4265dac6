// Pure rules of the campaign pages: the VIN list read from an imported file, the campaign as the API
// takes it, the bad rows the API names, and the completion figures.
import { normalizeVin, vinProblem } from '@servicebay/contracts/constants';
import type { Campaign, CampaignDetail, CampaignInput, CampaignKind, CampaignRule } from '../../api/warranty';

// ---------------------------------------------------------------------------------------------
// The imported VIN list

/** The most rows a campaign takes (the contract's limit). */
export const MAX_VIN_ROWS = 100_000;
/** A file much larger than 100,000 VINs is not a VIN list. */
export const MAX_VIN_FILE_BYTES = 8 * 1024 * 1024;

/** The files read in the browser: CSV, plain text and Excel workbooks (.xlsx; the older .xls saved as .xlsx first). */
export const VIN_FILE_ACCEPT = '.csv,.txt,.xlsx,text/csv,text/plain,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export type VinFileKind = 'text' | 'excel' | 'legacy_excel' | 'other';

/** What kind of file the user picked, by its name. */
export function vinFileKind(name: string): VinFileKind {
  const ext = name.toLowerCase().split('.').pop() ?? '';
  if (ext === 'csv' || ext === 'txt') return 'text';
  if (ext === 'xlsx') return 'excel';
  if (ext === 'xls') return 'legacy_excel';
  return 'other';
}

/** The first column of a CSV line (comma, semicolon or tab separated), without quotes and spaces. */
export function firstCell(line: string): string {
  const cell = line.split(/[,;\t]/)[0] ?? '';
  return cell
    .trim()
    .replace(/^(["'])(.*)\1$/, '$2')
    .trim();
}

/**
 * A first row that names the column rather than a car (VIN, 车架号, "vin_number"): not a valid VIN, and
 * either no digit in it or characters a VIN never has. A VIN typed wrong (a bad check digit, a
 * character short) is kept, so that the API names it.
 */
export function isHeaderRow(cell: string): boolean {
  if (vinProblem(cell) === null) return false;
  const text = normalizeVin(cell);
  return !/\d/.test(text) || /[^A-Z0-9]/.test(text);
}

export type VinList = {
  /** The rows as read (trimmed), in file order: what is sent, and what the API's `vins.<index>` names. */
  rows: string[];
  headerSkipped: boolean;
  /** Rows that repeat an earlier VIN (the API keeps each car once). */
  duplicates: number;
};

/** The cells of the list's column, top to bottom, blank ones left out: an optional header row skipped, repeats counted. */
export function vinListOf(cells: readonly string[]): VinList {
  const headerSkipped = cells.length > 0 && isHeaderRow(cells[0]!);
  const rows = headerSkipped ? cells.slice(1) : [...cells];
  const seen = new Set<string>();
  let duplicates = 0;
  for (const row of rows) {
    const vin = normalizeVin(row);
    if (seen.has(vin)) duplicates++;
    else seen.add(vin);
  }
  return { rows, headerSkipped, duplicates };
}

/** One VIN per line, or the first column of a CSV; blank lines skipped, and an optional header row. */
export function parseVinText(text: string): VinList {
  return vinListOf(
    text
      .replace(/^\uFEFF/, '')
      .split(/\r\n|\n|\r/)
      .map(firstCell)
      .filter((cell) => cell !== ''),
  );
}

export type VinRowProblem = { index: number; vin: string; code: string };

/** The rows the browser already knows are no VIN (length, characters, check digit), as the API would name them. */
export function localVinProblems(rows: readonly string[], limit = 100): { problems: VinRowProblem[]; total: number } {
  const problems: VinRowProblem[] = [];
  let total = 0;
  rows.forEach((vin, index) => {
    const code = vinProblem(vin);
    if (!code) return;
    total++;
    if (problems.length < limit) problems.push({ index, vin, code });
  });
  return { problems, total };
}

/**
 * The API's bad rows (`vins.<index>` with its reason) with the text of each row as sent; `badRows`
 * (all of them, when more were found than listed) from the problem's extra fields.
 */
export function vinRowProblems(
  errors: readonly { field: string; code: string }[],
  rows: readonly string[],
  badRows?: unknown,
): { problems: VinRowProblem[]; total: number } {
  const problems: VinRowProblem[] = [];
  for (const e of errors) {
    const m = /^vins\.(\d+)$/.exec(e.field);
    if (!m) continue;
    const index = Number(m[1]);
    problems.push({ index, vin: rows[index] ?? '', code: e.code });
  }
  problems.sort((a, b) => a.index - b.index);
  const total = typeof badRows === 'number' && badRows >= problems.length ? badRows : problems.length;
  return { problems, total };
}

// ---------------------------------------------------------------------------------------------
// The campaign form

export type CampaignTarget = 'file' | 'rule';

export type CampaignFormValues = {
  code?: string;
  kind?: CampaignKind;
  title?: string;
  description?: string | null;
  labourCode?: string | null;
  labourHours?: number | null;
  parts?: { partNumber?: string; name?: string; quantity?: number | null }[];
  /** YYYY-MM-DD (the drawer converts the date pickers' values). */
  validFrom?: string | null;
  validTo?: string | null;
  target: CampaignTarget;
  modelId?: string;
  modelYearFrom?: number | null;
  modelYearTo?: number | null;
  serialFrom?: string | null;
  serialTo?: string | null;
};

/** A campaign code as the contract takes it: capitals, digits and -, 3 to 20. */
export const CAMPAIGN_CODE = /^[A-Z0-9-]{3,20}$/;
/** A production serial: the VIN's last six digits. */
export const SERIAL = /^\d{6}$/;

const trimmedOrNull = (v: string | null | undefined) => v?.trim() || null;

/** The rule: only the parts given. */
export function campaignRule(v: CampaignFormValues): CampaignRule {
  const rule: CampaignRule = { modelId: v.modelId ?? '' };
  if (v.modelYearFrom) rule.modelYearFrom = v.modelYearFrom;
  if (v.modelYearTo) rule.modelYearTo = v.modelYearTo;
  const serialFrom = trimmedOrNull(v.serialFrom);
  const serialTo = trimmedOrNull(v.serialTo);
  if (serialFrom) rule.serialFrom = serialFrom;
  if (serialTo) rule.serialTo = serialTo;
  return rule;
}

/** The POST body: the imported rows, or the rule. */
export function campaignInput(v: CampaignFormValues, vins: readonly string[] | null): CampaignInput {
  const input: CampaignInput = {
    code: v.code?.trim().toUpperCase() ?? '',
    kind: v.kind ?? 'recall',
    title: v.title?.trim() ?? '',
    description: trimmedOrNull(v.description),
    labourCode: trimmedOrNull(v.labourCode),
    labourHours: v.labourHours ?? 0,
    parts: (v.parts ?? []).map((p) => ({
      partNumber: p.partNumber?.trim().toUpperCase() ?? '',
      name: p.name?.trim() ?? '',
      quantity: p.quantity ?? 0,
    })),
    validFrom: v.validFrom ?? '',
    validTo: v.validTo || null,
  };
  if (v.target === 'file') input.vins = [...(vins ?? [])];
  else input.rule = campaignRule(v);
  return input;
}

/** The API's field names of a campaign → the drawer's (the rule's fields sit on the form itself). */
export function campaignFieldAliases(): Record<string, string> {
  return {
    vins: 'vinFile',
    rule: 'modelId',
    'rule.modelId': 'modelId',
    'rule.modelYearFrom': 'modelYearFrom',
    'rule.modelYearTo': 'modelYearTo',
    'rule.serialFrom': 'serialFrom',
    'rule.serialTo': 'serialTo',
  };
}

// ---------------------------------------------------------------------------------------------
// Completion

/** The dealers with the lowest completion first (none: those with no car, last). */
export function byCompletion<T extends { completionRate: number | null; vehicles: number }>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => (a.completionRate ?? 2) - (b.completionRate ?? 2) || b.vehicles - a.vehicles);
}

/** The campaigns open ones first, then the newest (by their first day). */
export function sortCampaigns(items: readonly Campaign[]): Campaign[] {
  return [...items].sort(
    (a, b) => Number(b.open) - Number(a.open) || b.validFrom.localeCompare(a.validFrom) || a.code.localeCompare(b.code),
  );
}

/** The dealer each still-open car belongs to, by its id (the detail's by-dealer rows name them). */
export function dealerNames(detail: Pick<CampaignDetail, 'byDealer'>): Map<string, string> {
  return new Map(detail.byDealer.map((d) => [d.dealer.id, d.dealer.name]));
}
