import crypto from 'node:crypto';
import { uuidv7 } from 'uuidv7';

export const newId = (): string => uuidv7();

/** A UUIDv7 for an instant in the past (seed and import data), so id order stays time order. */
export function newIdAt(at: Date): string {
  const bytes = crypto.randomBytes(16);
  const ms = BigInt(at.getTime());
  for (let i = 0; i < 6; i++) bytes[i] = Number((ms >> BigInt(8 * (5 - i))) & 0xffn);
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
