import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

/** Where photos and signatures live. Local disk by default; an object store plugs in behind the same interface. */
export type FileStorage = {
  put(input: { dealerId: string; contentType: string; bytes: Buffer }): Promise<{ key: string }>;
  get(key: string): Promise<{ bytes: Buffer; contentType: string } | null>;
};

const TYPES: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' };

/** The largest photo accepted, in bytes (a phone photo at the drive is 1–3 MB). */
export const MAX_IMAGE_BYTES = 3_500_000;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * The real type of an image from its first bytes (magic numbers), whatever the client declared:
 * JPEG (FF D8 FF), PNG (its 8-byte signature, then the IHDR chunk), WebP (RIFF….WEBP). Anything
 * else — an HTML page, a script, an SVG, garbage — is null. HEIC is not taken: browsers cannot show it.
 */
export function imageTypeOf(bytes: Buffer): 'image/jpeg' | 'image/png' | 'image/webp' | null {
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 16 && bytes.subarray(0, 8).equals(PNG_SIGNATURE) && bytes.toString('latin1', 12, 16) === 'IHDR') return 'image/png';
  if (bytes.length >= 16 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  return null;
}

/** Keys are `<dealerId>/<sha256>.<ext>`: the owner is readable from the key, and the same photo is stored once. */
export function localFileStorage(root: string): FileStorage {
  return {
    async put({ dealerId, contentType, bytes }) {
      const ext = TYPES[contentType];
      if (!ext) throw new Error(`unsupported file type ${contentType}`);
      const key = `${dealerId}/${crypto.createHash('sha256').update(bytes).digest('hex')}.${ext}`;
      const file = path.join(root, key);
      await fs.mkdir(path.dirname(file), { recursive: true });
      await fs.writeFile(file, bytes);
      return { key };
    },
    async get(key) {
      if (!/^[0-9a-f-]{36}\/[0-9a-f]{64}\.(jpg|png|webp)$/.test(key)) return null;
      try {
        const bytes = await fs.readFile(path.join(root, key));
        const ext = key.split('.').pop()!;
        return { bytes, contentType: Object.entries(TYPES).find(([, e]) => e === ext)![0] };
      } catch {
        return null;
      }
    },
  };
}

export const SUPPORTED_IMAGE_TYPES = Object.keys(TYPES);
