import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** The files `start` imports, directly or not, within this package. */
function reachable(start: string, seen = new Set<string>()): Set<string> {
  if (seen.has(start)) return seen;
  seen.add(start);
  const source = readFileSync(new URL(start, import.meta.url), 'utf8');
  for (const [, file] of source.matchAll(/from '\.\/([\w.-]+)\.js'/g)) reachable(`./${file}.ts`, seen);
  return seen;
}

describe('@servicebay/contracts/constants', () => {
  it('loads no zod (a web page reading constants must not pull in every schema)', () => {
    const withZod = [...reachable('./constants.ts')].filter((file) =>
      /from 'zod'/.test(readFileSync(new URL(file, import.meta.url), 'utf8')),
    );
    expect(withZod).toEqual([]);
  });
});
