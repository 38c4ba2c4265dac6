// The V8 CPU profiles the benchmarks take of their server (node --cpu-prof), summarised as text.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = `${path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')}/`;

/** The self time of a V8 CPU profile by function and by package, top entries, as text. */
export function summariseProfile(file: string): string {
  type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number };
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as { nodes: Node[]; samples: number[]; timeDeltas: number[] };
  const byNode = new Map<number, Node>(profile.nodes.map((n) => [n.id, n]));
  const selfByFunction = new Map<string, number>();
  const selfByPackage = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const node = byNode.get(id);
    const dt = profile.timeDeltas[i] ?? 0;
    if (!node) return;
    total += dt;
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url
      .replace(/^file:\/\//, '')
      .replace(/^.*\/node_modules\//, '')
      .replace(root, '');
    const key = `${functionName || '(anonymous)'} ${where ? `${where}:${lineNumber + 1}` : ''}`.trim();
    selfByFunction.set(key, (selfByFunction.get(key) ?? 0) + dt);
    const pkg = !url
      ? functionName.startsWith('(')
        ? functionName
        : 'node internals'
      : url.includes('/node_modules/')
        ? url.replace(/^.*\/node_modules\/((@[^/]+\/)?[^/]+).*$/, '$1')
        : url.startsWith('node:')
          ? 'node internals'
          : url.includes('/packages/')
            ? url.replace(/^.*\/packages\/([^/]+)\/.*$/, 'servicebay $1')
            : url;
    selfByPackage.set(pkg, (selfByPackage.get(pkg) ?? 0) + dt);
  });
  const top = (m: Map<string, number>, n: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => `  ${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`)
      .join('\n');
  return `self time by package:\n${top(selfByPackage, 12)}\nself time by function:\n${top(selfByFunction, 25)}`;
}
