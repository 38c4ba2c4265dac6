// API replies in JSON are sent compressed when they are big enough to gain from it: a list page's
// reply shrinks several times over, which counts on a shop's slow line. Streams (files, the web
// app's assets, which are compressed at build time) and hijacked replies (server-sent events) are
// never touched, so nothing is buffered that should flow.
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { FastifyInstance } from 'fastify';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** Below this a compressed reply saves less than a network packet. */
export const COMPRESS_MIN_BYTES = 1024;

/** The encoding to send for an `Accept-Encoding` header: brotli if accepted, else gzip, else none. */
export function pickEncoding(acceptEncoding: string | undefined): 'br' | 'gzip' | null {
  const accepted = new Set<string>();
  for (const part of (acceptEncoding ?? '').toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (name && !(q && Number(q.slice(2)) === 0)) accepted.add(name.trim());
  }
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip') || accepted.has('*')) return 'gzip';
  return null;
}

const isJson = (type: unknown) => typeof type === 'string' && /^application\/([\w.+-]+\+)?json\b/.test(type);

export function compressJsonReplies(app: FastifyInstance) {
  app.addHook('onSend', async (request, reply, payload) => {
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    if (!isJson(reply.getHeader('content-type')) || reply.hasHeader('content-encoding')) return payload;
    const size = Buffer.byteLength(payload);
    if (size < COMPRESS_MIN_BYTES) return payload;
    reply.header('vary', [reply.getHeader('vary'), 'accept-encoding'].filter(Boolean).join(', '));
    const encoding = pickEncoding(request.headers['accept-encoding']);
    if (!encoding) return payload;
    // Quality 4: most of brotli's gain at a cost per reply close to gzip's.
    const body =
      encoding === 'br'
        ? await brotli(payload, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: size } })
        : await gzip(payload);
    reply.header('content-encoding', encoding);
    reply.removeHeader('content-length');
    return body;
  });
}
