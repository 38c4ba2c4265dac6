// `servicebay export --dealer CODE --out FILE.zip`, `servicebay export --network CODE --out FILE.zip`
// and `servicebay import FILE.zip`.
import fs from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { ConfigError } from '../../config.js';
import { type Clock, systemClock } from '../../platform/clock.js';
import type { Database } from '../../platform/db.js';
import { ArchiveError, exportArchive, importArchive } from './archive.service.js';

const USAGE =
  'usage: servicebay export --dealer CODE [--network CODE] --out FILE.zip | servicebay export --network CODE --out FILE.zip | servicebay import FILE.zip';
const CODE = /^[A-Za-z0-9_-]{1,32}$/;

/** Whether the arguments ask for an archive rather than a customer CSV/xlsx transfer. */
export function isArchiveCommand(command: string, args: string[]): boolean {
  if (command === 'export')
    return args.some((a) => a === '--dealer' || a === '--network' || a.startsWith('--dealer=') || a.startsWith('--network='));
  return (
    command === 'import' && !args.some((a) => a === '--as' || a.startsWith('--as=')) && args.some((a) => a.toLowerCase().endsWith('.zip'))
  );
}

export async function runArchiveCommand(
  db: Database,
  command: string,
  args: string[],
  options: { filesDir: string; clock?: Clock /** Where an export reads (a caught-up replica); `db` by default. */; readDb?: Database },
): Promise<void> {
  const clock = options.clock ?? systemClock;
  try {
    if (command === 'export') {
      const { values, positionals } = parse(args, { dealer: { type: 'string' }, network: { type: 'string' }, out: { type: 'string' } });
      if (positionals.length) throw new ConfigError(`unexpected ${positionals.join(' ')}\n${USAGE}`);
      const { dealer, network, out } = values as { dealer?: string; network?: string; out?: string };
      if (!dealer && !network) throw new ConfigError(`export needs --dealer CODE or --network CODE\n${USAGE}`);
      for (const [name, value] of [
        ['--dealer', dealer],
        ['--network', network],
      ] as const) {
        if (value !== undefined && !CODE.test(value))
          throw new ConfigError(`${name} ${JSON.stringify(value)} is not a code (letters, digits, - and _)`);
      }
      if (!out) throw new ConfigError(`export needs --out FILE.zip\n${USAGE}`);
      if (!out.toLowerCase().endsWith('.zip')) throw new ConfigError(`--out must name a .zip file, not ${out}`);
      const { zip, manifest } = await exportArchive({
        db: options.readDb ?? db,
        filesDir: options.filesDir,
        now: clock.now(),
        dealer,
        network,
      });
      await fs.writeFile(out, zip);
      const rows = manifest.tables.reduce((n, t) => n + t.rows, 0);
      const what = manifest.scope.kind === 'dealer' ? `dealer ${manifest.scope.dealer}` : `network ${manifest.scope.network}`;
      console.log(`Exported ${what} to ${out}: ${manifest.tables.length} tables, ${rows} rows, ${manifest.files.length} files.`);
      return;
    }
    if (command === 'import') {
      const { positionals } = parse(args, {});
      const [file, ...extra] = positionals;
      if (!file || extra.length) throw new ConfigError(USAGE);
      let bytes: Buffer;
      try {
        bytes = await fs.readFile(file);
      } catch {
        throw new ConfigError(`cannot read ${file}`);
      }
      const manifest = await importArchive({ db, filesDir: options.filesDir, zip: bytes });
      const rows = manifest.tables.reduce((n, t) => n + t.rows, 0);
      const what = manifest.scope.kind === 'dealer' ? `dealer ${manifest.scope.dealer}` : `network ${manifest.scope.network}`;
      console.log(
        `Imported ${what} from ${file}: ${rows} rows, ${manifest.files.length} files. Imported users must reset their passwords.`,
      );
      return;
    }
    throw new ConfigError(USAGE);
  } catch (error) {
    if (error instanceof ArchiveError) throw new ConfigError(error.message);
    throw error;
  }
}

function parse(args: string[], options: Record<string, { type: 'string' }>) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new ConfigError(`${(error as Error).message}\n${USAGE}`);
  }
}
