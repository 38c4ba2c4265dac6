// Rules for the Chinese identifiers ServiceBay handles: mobile numbers, licence plates, VINs.
// Shared by the API (validation), the web app (the same messages before submit) and the CLI import.

/** Full-width → half-width, trimmed. Customers and staff type both; the database only ever sees half-width. */
export function toHalfWidth(input: string): string {
  return input.normalize('NFKC').trim();
}

export function normalizeMobile(input: string): string {
  return toHalfWidth(input)
    .replace(/[\s\-()]/g, '')
    .replace(/^(\+?86)(?=1\d{10}$)/, '');
}

/** Mainland mobile numbers: 11 digits starting 13–19. */
export function isValidMobile(mobile: string): boolean {
  return /^1[3-9]\d{9}$/.test(mobile);
}

export const PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';
const LETTER = 'A-HJ-NP-Z'; // plates never use I or O
const REGULAR = new RegExp(`^[${PROVINCES}][${LETTER}][${LETTER}0-9]{4}[${LETTER}0-9挂学警港澳]$`);
const NEV_SMALL = new RegExp(`^[${PROVINCES}][${LETTER}][DF][${LETTER}0-9]\\d{4}$`);
const NEV_LARGE = new RegExp(`^[${PROVINCES}][${LETTER}]\\d{5}[DF]$`);

/**
 * The search key of a plate: half-width, upper case, without the separator dot or spaces.
 * "京a·12345", "京A 12345" and "京Ａ１２３４５" all become "京A12345". Also used on partial input.
 */
export function plateKey(input: string): string {
  return toHalfWidth(input)
    .toUpperCase()
    .replace(/[\s·•・.-]/g, '');
}

export type PlateKind = 'regular' | 'new_energy';

export function plateKind(key: string): PlateKind | null {
  if (NEV_SMALL.test(key) || NEV_LARGE.test(key)) return 'new_energy';
  if (REGULAR.test(key)) return 'regular';
  return null;
}

export function isValidPlate(input: string): boolean {
  return plateKind(plateKey(input)) !== null;
}

/** How a plate is written on the car: 京A·12345, 粤B·D12345. */
export function formatPlate(input: string): string {
  const key = plateKey(input);
  return key.length >= 3 ? `${key.slice(0, 2)}·${key.slice(2)}` : key;
}

/** For the lobby welcome board: 京A·***45. */
export function maskPlate(input: string): string {
  const key = plateKey(input);
  if (key.length < 5) return formatPlate(key);
  return `${key.slice(0, 2)}·${'*'.repeat(key.length - 4)}${key.slice(-2)}`;
}

export function maskMobile(mobile: string): string {
  return mobile.length === 11 ? `${mobile.slice(0, 3)}****${mobile.slice(7)}` : mobile;
}

const VIN_VALUES: Record<string, number> = {
  A: 1,
  B: 2,
  C: 3,
  D: 4,
  E: 5,
  F: 6,
  G: 7,
  H: 8,
  J: 1,
  K: 2,
  L: 3,
  M: 4,
  N: 5,
  P: 7,
  R: 9,
  S: 2,
  T: 3,
  U: 4,
  V: 5,
  W: 6,
  X: 7,
  Y: 8,
  Z: 9,
};
const VIN_WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];

export function normalizeVin(input: string): string {
  return toHalfWidth(input).toUpperCase().replace(/\s/g, '');
}

/** The check digit (position 9) of a VIN per ISO 3779 / GB 16735; null when a character is not allowed. */
export function vinCheckDigit(vin: string): string | null {
  if (vin.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const c = vin[i]!;
    const value = /\d/.test(c) ? Number(c) : VIN_VALUES[c];
    if (value === undefined) return null;
    sum += value * VIN_WEIGHTS[i]!;
  }
  const rest = sum % 11;
  return rest === 10 ? 'X' : String(rest);
}

export type VinProblem = 'length' | 'characters' | 'check_digit';

export function vinProblem(input: string): VinProblem | null {
  const vin = normalizeVin(input);
  if (vin.length !== 17) return 'length';
  if (!/^[A-HJ-NPR-Z0-9]{17}$/.test(vin)) return 'characters';
  return vinCheckDigit(vin) === vin[8] ? null : 'check_digit';
}

/** Replace position 9 with the correct check digit (for generators and tests). */
export function withVinCheckDigit(vin17: string): string {
  const digit = vinCheckDigit(`${vin17.slice(0, 8)}0${vin17.slice(9)}`);
  if (digit === null) throw new Error(`not a VIN body: ${vin17}`);
  return vin17.slice(0, 8) + digit + vin17.slice(9);
}
