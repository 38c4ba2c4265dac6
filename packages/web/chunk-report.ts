// `CHUNK_REPORT=MyDayPage [CHUNK_REPORT_MODULES=<regex>] npx vite build` prints what the first load (the entry and its static
// imports) and the first load plus a page (the named lazily loaded module and its imports) download,
// in brotli bytes, by chunk and by package, so that a change's effect on the budget of issue 14 is
// seen without starting the server (bench/web.ts measures the real thing).
import path from 'node:path';
import zlib from 'node:zlib';
import type { Plugin } from 'vite';

type Chunk = {
  type: 'chunk';
  fileName: string;
  isEntry: boolean;
  facadeModuleId: string | null;
  imports: string[];
  code: string;
  modules: Record<string, { renderedLength: number }>;
  viteMetadata?: { importedCss: Set<string> };
};
type Asset = { type: 'asset'; fileName: string; source: string | Uint8Array };

const brotli = (content: string | Uint8Array) =>
  zlib.brotliCompressSync(content, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY } }).length;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1).padStart(7)} KB`;

/** `node_modules/antd/es/table/…` → `antd/table`, our own code by folder. */
function owner(id: string): string {
  const clean = id.replace(/\?.*$/, '');
  const at = clean.lastIndexOf('node_modules/');
  if (at >= 0) {
    const parts = clean.slice(at + 'node_modules/'.length).split('/');
    const name = parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
    const rest = parts.slice(parts[0]!.startsWith('@') ? 2 : 1);
    if ((name === 'antd' || name === '@rc-component/util') && rest[0] === 'es' && rest.length > 2) return `${name}/${rest[1]}`;
    return name;
  }
  const packages = clean.lastIndexOf('packages/');
  return packages >= 0 ? path.dirname(clean.slice(packages)) : clean;
}

export function chunkReport(): Plugin {
  const page = process.env.CHUNK_REPORT;
  const listed = process.env.CHUNK_REPORT_MODULES ? new RegExp(process.env.CHUNK_REPORT_MODULES) : null;
  return {
    name: 'servicebay-chunk-report',
    apply: 'build',
    generateBundle(_options, bundle) {
      if (!page) return;
      const chunks = new Map<string, Chunk>();
      const assets = new Map<string, Asset>();
      for (const output of Object.values(bundle) as unknown as (Chunk | Asset)[]) {
        if (output.type === 'chunk') chunks.set(output.fileName, output);
        else assets.set(output.fileName, output);
      }
      const closure = (start: string[], into = new Set<string>()) => {
        for (const name of start) {
          if (into.has(name)) continue;
          into.add(name);
          closure(chunks.get(name)?.imports ?? [], into);
        }
        return into;
      };
      const entry = [...chunks.values()].filter((c) => c.isEntry).map((c) => c.fileName);
      const target = [...chunks.values()].find((c) => c.facadeModuleId && path.parse(c.facadeModuleId).name === page);
      const first = closure(entry);
      const loads: [string, Set<string>][] = [['first load (entry)', first]];
      if (target) loads.push([`first load + ${page}`, closure([target.fileName], new Set(first))]);
      else console.log(`\nchunk report: no lazily loaded module named ${page}`);

      for (const [title, names] of loads) {
        const byOwner = new Map<string, number>();
        const byModule: [string, number][] = [];
        const rows: [string, number][] = [];
        let total = 0;
        for (const name of names) {
          const chunk = chunks.get(name)!;
          const size = brotli(chunk.code);
          rows.push([name, size]);
          total += size;
          // A module's share of its chunk's compressed size, by its share of the rendered code.
          const rendered = Object.values(chunk.modules).reduce((sum, m) => sum + m.renderedLength, 0) || 1;
          for (const [id, m] of Object.entries(chunk.modules)) {
            byOwner.set(owner(id), (byOwner.get(owner(id)) ?? 0) + (size * m.renderedLength) / rendered);
            if (listed?.test(id)) byModule.push([`${id} (in ${name})`, (size * m.renderedLength) / rendered]);
          }
          for (const css of chunk.viteMetadata?.importedCss ?? []) {
            const asset = assets.get(css);
            if (!asset) continue;
            const cssSize = brotli(asset.source);
            rows.push([css, cssSize]);
            total += cssSize;
          }
        }
        console.log(`\n${title}: ${kb(total)} JS+CSS (brotli, before headers)`);
        for (const [name, size] of rows.sort((a, b) => b[1] - a[1])) console.log(`  ${kb(size)}  ${name}`);
        console.log('  by package / folder (estimated):');
        for (const [name, size] of [...byOwner].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(`  ${kb(size)}  ${name}`);
        if (listed) console.log(`  modules matching ${listed}:`);
        for (const [name, size] of byModule.sort((a, b) => b[1] - a[1])) console.log(`  ${kb(size)}  ${name}`);
      }
    },
  };
}
