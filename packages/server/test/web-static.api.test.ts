import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './harness.js';

// A tiny built web app laid out as `vite build` writes it: hashed assets with their compressed copies.
const INDEX = '<!doctype html><html><head><script type="module" src="/assets/index-Ab12_-yZ.js"></script></head><body></body></html>';
const SERVICE_WORKER = "const SHELL = ['/index.html', '/assets/index-Ab12_-yZ.js'];";
const SCRIPT = `console.log(${JSON.stringify('x'.repeat(4000))});`;

function writeWithCopies(file: string, content: string) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(content));
  fs.writeFileSync(`${file}.gz`, zlib.gzipSync(content));
}

describe('the built web app', () => {
  let ctx: TestContext;
  const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'servicebay-web-dist-'));

  beforeAll(async () => {
    writeWithCopies(path.join(dist, 'index.html'), INDEX);
    writeWithCopies(path.join(dist, 'assets/index-Ab12_-yZ.js'), SCRIPT);
    fs.writeFileSync(path.join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    fs.writeFileSync(path.join(dist, 'sw.js'), SERVICE_WORKER);
    fs.writeFileSync(path.join(dist, 'manifest.webmanifest'), '{"name":"ServiceBay"}');
    ctx = await createTestContext({ config: { webDist: dist } });
  });
  afterAll(async () => {
    await ctx.close();
    fs.rmSync(dist, { recursive: true, force: true });
  });

  it('sends a hashed asset brotli-compressed, cached for a year as immutable', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: '/assets/index-Ab12_-yZ.js', headers: { 'accept-encoding': 'br' } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-encoding']).toBe('br');
    expect(response.headers['content-type']).toMatch(/javascript/);
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(response.headers.vary).toMatch(/accept-encoding/i);
    expect(zlib.brotliDecompressSync(response.rawPayload).toString()).toBe(SCRIPT);
  });

  it('sends gzip to a client without brotli, and the file itself to one that compresses nothing', async () => {
    const gzip = await ctx.app.inject({ method: 'GET', url: '/assets/index-Ab12_-yZ.js', headers: { 'accept-encoding': 'gzip' } });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gzip.rawPayload).toString()).toBe(SCRIPT);

    const plain = await ctx.app.inject({ method: 'GET', url: '/assets/index-Ab12_-yZ.js', headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(SCRIPT);
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('has index.html revalidated on every load, at / and at a page path of the app', async () => {
    for (const url of ['/', '/my-day']) {
      const response = await ctx.app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'br, gzip' } });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-encoding'], url).toBe('br');
      expect(response.headers['content-type'], url).toMatch(/text\/html/);
      expect(response.headers['cache-control'], url).toBe('no-cache');
      expect(zlib.brotliDecompressSync(response.rawPayload).toString(), url).toBe(INDEX);
    }
  });

  it('revalidates a file whose name has no hash, and answers 404 for a missing asset', async () => {
    const icon = await ctx.app.inject({ method: 'GET', url: '/favicon.svg', headers: { 'accept-encoding': 'br' } });
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['content-encoding']).toBeUndefined();
    expect(icon.headers['cache-control']).toBe('no-cache');

    const missing = await ctx.app.inject({ method: 'GET', url: '/assets/gone-Zz99Zz99.js', headers: { 'accept-encoding': 'br' } });
    expect(missing.statusCode).toBe(404);
  });

  it('revalidates the service worker on every check, so a new build reaches the installed app', async () => {
    const worker = await ctx.app.inject({ method: 'GET', url: '/sw.js', headers: { 'accept-encoding': 'br, gzip' } });
    expect(worker.statusCode).toBe(200);
    expect(worker.headers['content-type']).toMatch(/javascript/);
    expect(worker.headers['cache-control']).toBe('no-cache');
    expect(worker.body).toBe(SERVICE_WORKER);

    const manifest = await ctx.app.inject({ method: 'GET', url: '/manifest.webmanifest' });
    expect(manifest.statusCode).toBe(200);
    expect(manifest.headers['content-type']).toMatch(/manifest\+json/);
    expect(manifest.headers['cache-control']).toBe('no-cache');
  });
});
