import crypto from 'node:crypto';
import { sha256 } from '../../platform/passwords.js';

export const hashToken = (token: string) => sha256(token);
export const otpHash = (id: string, code: string) => crypto.createHash('sha256').update(`${id}:${code}`).digest('hex');
