// `servicebay import FILE --as LOGIN` and `servicebay export FILE --as LOGIN`.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError } from '../../config.js';
import { type Actor, actorOfUser } from '../../platform/actor.js';
import { type Clock, systemClock } from '../../platform/clock.js';
import type { Database } from '../../platform/db.js';
import { createAuthRepository } from '../auth/auth.repository.js';
import { type ExportReport, exportFile, type ImportReport, importFile } from './transfer.service.js';

const USAGE = 'usage: servicebay import FILE --as LOGIN | servicebay export FILE --as LOGIN   (FILE: .csv or .xlsx)';

/**
 * Runs an import or export acting as a staff user (their permissions, their dealer) and prints the
 * report. An import with failed rows sets the exit code to 1; the good rows are imported regardless.
 */
/** `readDb`: where an export reads (a caught-up replica); `db` by default. */
export async function runTransferCommand(
  db: Database,
  command: string,
  args: string[],
  clock: Clock = systemClock,
  readDb?: Database,
): Promise<void> {
  if (command !== 'import' && command !== 'export') throw new ConfigError(USAGE);
  let parsed: ReturnType<typeof parseArgs<{ args: string[]; options: { as: { type: 'string' } }; allowPositionals: true; strict: true }>>;
  try {
    parsed = parseArgs({ args, options: { as: { type: 'string' } }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new ConfigError(`${(error as Error).message}\n${USAGE}`);
  }
  const [file, ...extra] = parsed.positionals;
  const login = parsed.values.as;
  if (!file || extra.length > 0 || !login) throw new ConfigError(USAGE);

  const { actor, who } = await actorFor(db, login);
  if (command === 'import') {
    const progress = process.stderr.isTTY ? (rows: number) => process.stderr.write(`\r  ${rows} rows…`) : undefined;
    const report = await importFile({ db, clock, actor, file, onProgress: progress });
    if (progress) process.stderr.write('\r\x1b[K');
    console.log(formatImportReport(report, { file, who }));
    if (report.failedRows > 0) process.exitCode = 1;
  } else {
    const report = await exportFile({ db, clock, actor, file, ...(readDb ? { readDb } : {}) });
    console.log(formatExportReport(report, { file, who }));
  }
}

async function actorFor(db: Database, login: string): Promise<{ actor: Actor; who: string }> {
  const repo = createAuthRepository(db);
  const user = await repo.findUserByLogin(login);
  if (!user) throw new ConfigError(`no user with login ${login}`);
  if (user.disabled_at) throw new ConfigError(`the user ${login} is disabled`);
  const context = await repo.sessionContext(user.id);
  const actor = actorOfUser(
    { userId: user.id, networkId: user.network_id, dealerId: user.dealer_id, roles: user.roles, timeZone: context.time_zone },
    null,
    null,
  );
  return { actor, who: `${login} (${context.dealer_name ?? `主机厂 ${context.network_name}`})` };
}

export function formatImportReport(report: ImportReport, context: { file: string; who: string }): string {
  const lines = [
    `Imported ${path.basename(context.file)} as ${context.who}: ${report.rows} rows, ${report.importedRows} imported, ${report.failedRows} failed.`,
    '',
    table(
      ['', 'created', 'updated', 'unchanged', 'failed'],
      [
        ['customers', ...tallyCells(report.customers)],
        ['vehicles', ...tallyCells(report.vehicles)],
      ],
    ),
    '',
    `Already in the network and now linked to the dealer: ${report.linked.customers} customers, ${report.linked.vehicles} vehicles. Mileage readings added: ${report.mileageAdded}.`,
  ];
  if (report.ignoredColumns.length) lines.push(`Ignored columns (not known): ${report.ignoredColumns.join(', ')}`);
  if (report.errors.length) {
    lines.push('', 'Failed rows (nothing of these rows was written; row 1 is the header):');
    for (const e of report.errors)
      lines.push(`  row ${e.row}: ${e.field}: ${e.code}${e.message && e.message !== e.code ? ` (${e.message})` : ''}`);
  }
  return lines.join('\n');
}

export function formatExportReport(report: ExportReport, context: { file: string; who: string }): string {
  return `Exported ${report.customers} customers and ${report.vehicles} vehicles (${report.rows} rows) as ${context.who} to ${context.file}.`;
}

const tallyCells = (t: ImportReport['customers']) => [t.created, t.updated, t.unchanged, t.failed].map(String);

function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    `  ${cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')}`;
  return [line(head), ...rows.map(line)].join('\n');
}
