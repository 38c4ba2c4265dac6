import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Time comes only from the injected clock (platform/clock.ts): server code that reads the system
// clock makes the product and its tests depend on the day they run.
const SRC = path.resolve(import.meta.dirname, '../src');
const ALLOWED = new Set([path.join(SRC, 'platform/clock.ts')]);

const READS_SYSTEM_CLOCK: [string, RegExp][] = [
  ['Date.now()', /\bDate\.now\(\s*\)/],
  ['new Date() without an argument', /\bnew Date\(\s*\)/],
  ['SQL now()', /(?<![.\w])now\(\)(?!\s*:)/],
  ['SQL current_date / current_timestamp / localtimestamp', /\b(current_date|current_timestamp|localtimestamp)\b/i],
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

/** Every place in `text` that reads the system clock, as `line: what`. */
export function systemClockReads(text: string): string[] {
  const found: string[] = [];
  text.split('\n').forEach((line, index) => {
    const code = line.replace(/\/\/.*$/, '');
    for (const [what, pattern] of READS_SYSTEM_CLOCK) if (pattern.test(code)) found.push(`${index + 1}: ${what}`);
  });
  return found;
}

describe('clock discipline', () => {
  it('recognises each way of reading the system clock, and not the injected clock', () => {
    expect(systemClockReads('const a = Date.now();')).toEqual(['1: Date.now()']);
    expect(systemClockReads('const b = new Date();')).toEqual(['1: new Date() without an argument']);
    expect(systemClockReads('sql`update t set at = now()`')).toEqual(['1: SQL now()']);
    expect(systemClockReads('where day = current_date')).toHaveLength(1);
    expect(systemClockReads('const c = clock.now(); const d = new Date(c); const e = deps.clock.now();')).toEqual([]);
  });

  it('no server code outside platform/clock.ts reads the system clock', () => {
    const offenders = sourceFiles(SRC)
      .filter((file) => !ALLOWED.has(file))
      .flatMap((file) => systemClockReads(readFileSync(file, 'utf8')).map((where) => `${path.relative(SRC, file)}:${where}`));
    expect(offenders).toEqual([]);
  });
});
