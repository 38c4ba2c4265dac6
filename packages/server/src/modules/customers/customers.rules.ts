import { isValidMobile, normalizeMobile, normalizeVin, PROVINCES, plateKey } from '@servicebay/contracts';

// How a single search box is read: the same text may be a name, a phone, a plate or a VIN.

export type SearchPlan = {
  name: string | null;
  mobile: string | null;
  mobileLast4: string | null;
  /** A province and a letter ("京A"): too short for the trigram index, so matched from the start. */
  platePrefix: string | null;
  /** Three or more characters of a plate, matched anywhere. */
  plateFragment: string | null;
  vin: string | null;
  vinLast6: string | null;
};

const VIN_CHARS = /^[A-HJ-NPR-Z0-9]+$/;
const HAS_CJK = /[\u3400-\u9fff]/;

export function planSearch(raw: string): SearchPlan {
  const text = raw.normalize('NFKC').trim();
  const plan: SearchPlan = {
    name: null,
    mobile: null,
    mobileLast4: null,
    platePrefix: null,
    plateFragment: null,
    vin: null,
    vinLast6: null,
  };
  if (!text) return plan;

  const digits = normalizeMobile(text);
  if (isValidMobile(digits)) plan.mobile = digits;
  if (/^\d{4}$/.test(text)) plan.mobileLast4 = text;

  const vin = normalizeVin(text);
  if (vin.length === 17 && VIN_CHARS.test(vin)) plan.vin = vin;
  if (vin.length === 6 && VIN_CHARS.test(vin) && /\d/.test(vin)) plan.vinLast6 = vin;

  const plate = plateKey(text);
  if (!plan.mobile && !plan.vin && plate.length <= 8 && /^[\u3400-\u9fffA-Z0-9]+$/.test(plate)) {
    const cjk = plate.match(/[\u3400-\u9fff]/g) ?? [];
    if (cjk.length === 1 && PROVINCES.includes(plate[0]!)) {
      // A plate written from its start: a prefix, however short.
      if (plate.length >= 2) plan.platePrefix = plate;
    } else if (cjk.length === 0 && plate.length >= 3) {
      plan.plateFragment = plate;
    }
  }

  if (HAS_CJK.test(text) || /^[A-Za-z][A-Za-z .'-]*$/.test(text)) plan.name = text;
  return plan;
}

export function isEmptyPlan(plan: SearchPlan): boolean {
  return Object.values(plan).every((v) => v === null);
}

/**
 * The range of texts that start with `prefix` under byte-wise ("C") comparison: from the prefix itself
 * up to, not including, the prefix with its last character moved one code point on. UTF-8 keeps code
 * point order byte-wise, so `key >= from and key < to` is exactly `key like 'prefix%'`, and unlike
 * LIKE with a parameter it is an index range in a prepared statement's generic plan.
 */
export function prefixRange(prefix: string): { from: string; to: string } {
  const points = [...prefix].map((c) => c.codePointAt(0)!);
  while (points.length > 0) {
    let last = points.pop()! + 1;
    if (last >= 0xd800 && last <= 0xdfff) last = 0xe000;
    if (last <= 0x10ffff) return { from: prefix, to: String.fromCodePoint(...points, last) };
  }
  throw new Error('prefixRange needs a prefix that is not only U+10FFFF');
}
