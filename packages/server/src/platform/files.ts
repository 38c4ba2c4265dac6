import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

/** Where photos and signatures live. Local disk by default; an object store plugs in behind the same interface. */
export type FileStorage = {
  put(input: { dealerId: string; contentType: string; bytes: Buffer }): Promise<{ key: string }>;
  get(key: string): Promise<{ bytes: Buffer; contentType: string } | null>;
};

const TYPES: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' };

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
