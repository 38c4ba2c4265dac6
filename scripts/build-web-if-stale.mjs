// Builds the web app when packages/web/dist is missing or older than its sources, so that
// `npm start` right after `npm install` serves the app, and later starts skip the build.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const web = path.resolve(import.meta.dirname, '../packages/web');
const built = path.join(web, 'dist/index.html');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

const sources = [
  path.join(web, 'src'),
  path.join(web, 'index.html'),
  path.join(web, 'vite.config.ts'),
  path.join(web, 'precompress.ts'),
  path.join(web, 'service-worker.ts'),
  path.join(web, 'public'),
  path.resolve(web, '../contracts/src'),
];
const newestSource = Math.max(
  ...sources.filter((s) => fs.existsSync(s)).map((s) => (fs.statSync(s).isDirectory() ? newestMtime(s) : fs.statSync(s).mtimeMs)),
);

if (fs.existsSync(built) && fs.statSync(built).mtimeMs >= newestSource) process.exit(0);
console.log('Building the web app…');
const result = spawnSync('npm', ['run', 'build', '-w', '@servicebay/web'], { stdio: 'inherit', cwd: path.resolve(web, '../..') });
process.exit(result.status ?? 1);
