// Pure rules of customer + vehicle import and export: the columns and their header names, reading a
// row into validated fields (with the zod schemas of @servicebay/contracts), consistency between rows
// of one file, what an import would change on an existing record, and how a record is exported.
import {
  type Consent,
  type ContactChannel,
  customerInputSchema,
  FUEL_TYPES,
  formatPlate,
  mileageInputSchema,
  mobileSchema,
  vehicleInputSchema,
} from '@servicebay/contracts';
import type { z } from 'zod';
import { unguardFormula } from './transfer.csv.js';

export const COLUMNS = [
  { key: 'name', header: '客户姓名', aliases: ['姓名', '客户名称'], width: 12 },
  { key: 'mobile', header: '手机号', aliases: ['手机', '手机号码'], width: 14 },
  { key: 'kind', header: '客户类型', aliases: [], width: 9 },
  { key: 'gender', header: '性别', aliases: [], width: 6 },
  { key: 'birthday', header: '生日', aliases: [], width: 12 },
  { key: 'email', header: '邮箱', aliases: ['电子邮箱'], width: 22 },
  { key: 'city', header: '城市', aliases: [], width: 10 },
  { key: 'address', header: '地址', aliases: [], width: 30 },
  { key: 'consent_sms', header: '短信授权', aliases: [], width: 9 },
  { key: 'consent_phone', header: '电话授权', aliases: [], width: 9 },
  { key: 'consent_email', header: '邮件授权', aliases: [], width: 9 },
  { key: 'consent_wechat', header: '微信授权', aliases: [], width: 9 },
  { key: 'vin', header: '车架号', aliases: ['车辆识别代号', 'vin码'], width: 20 },
  { key: 'plate', header: '车牌号', aliases: ['车牌', '车牌号码'], width: 11 },
  { key: 'model_code', header: '车型代码', aliases: [], width: 9 },
  { key: 'model_year', header: '年款', aliases: [], width: 7 },
  { key: 'color', header: '颜色', aliases: [], width: 8 },
  { key: 'fuel_type', header: '燃料', aliases: ['燃料类型'], width: 8 },
  { key: 'delivered_on', header: '交车日期', aliases: [], width: 12 },
  { key: 'insurance_expires_on', header: '保险到期', aliases: ['保险到期日'], width: 12 },
  { key: 'inspection_due_on', header: '年检到期', aliases: ['年检到期日'], width: 12 },
  { key: 'user_mobile', header: '使用人手机号', aliases: [], width: 14 },
  { key: 'last_km', header: '最近里程', aliases: [], width: 10 },
  { key: 'last_km_on', header: '里程日期', aliases: [], width: 12 },
] as const;

export type ColumnKey = (typeof COLUMNS)[number]['key'];
const COLUMN_BY_KEY = new Map<ColumnKey, (typeof COLUMNS)[number]>(COLUMNS.map((c) => [c.key, c]));
const VEHICLE_COLUMNS: readonly ColumnKey[] = COLUMNS.slice(COLUMNS.findIndex((c) => c.key === 'vin')).map((c) => c.key);
const REQUIRED_COLUMNS: readonly ColumnKey[] = ['name', 'mobile'];

/** "手机号 (mobile)": how the report names a column. */
export const columnLabel = (key: ColumnKey) => `${COLUMN_BY_KEY.get(key)!.header} (${key})`;

/** A cell as a file gives it: CSV only has text; a spreadsheet also has numbers, dates, booleans. */
export type Cell = string | number | boolean | Date | null;

export type RowError = { field: string; code: string; message: string };

// ---------------------------------------------------------------------------------------------
// Header

function headerKey(text: string): string {
  return text
    .normalize('NFKC')
    .trim()
    .replace(/\s*[*＊]$/, '')
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

const HEADER_LOOKUP = new Map<string, ColumnKey>();
for (const column of COLUMNS) {
  for (const name of [column.header, column.key, ...column.aliases]) HEADER_LOOKUP.set(headerKey(name), column.key);
}

export type HeaderMap = {
  /** The column each cell position holds, null for columns we don't know (ignored). */
  positions: (ColumnKey | null)[];
  present: Set<ColumnKey>;
  ignored: string[];
};

/** Chinese headers, their English names (name, mobile, …) and a few common synonyms, in any order. */
export function mapHeader(cells: readonly Cell[]): { ok: true; header: HeaderMap } | { ok: false; errors: RowError[] } {
  const positions: (ColumnKey | null)[] = [];
  const present = new Set<ColumnKey>();
  const ignored: string[] = [];
  const errors: RowError[] = [];
  cells.forEach((cell) => {
    const text = cell === null ? '' : String(cell);
    const key = HEADER_LOOKUP.get(headerKey(text)) ?? null;
    if (key && present.has(key)) {
      errors.push({ field: key, code: 'duplicate_column', message: `the column ${columnLabel(key)} appears twice` });
    }
    if (key) present.add(key);
    else if (text.trim() !== '') ignored.push(text.trim());
    positions.push(key);
  });
  for (const key of REQUIRED_COLUMNS) {
    if (!present.has(key)) errors.push({ field: key, code: 'missing_column', message: `the file has no column ${columnLabel(key)}` });
  }
  return errors.length ? { ok: false, errors } : { ok: true, header: { positions, present, ignored } };
}

export function isBlankRow(cells: readonly Cell[]): boolean {
  return cells.every((c) => c === null || (typeof c === 'string' && c.trim() === ''));
}

// ---------------------------------------------------------------------------------------------
// Cells → values

/** A calendar date of a spreadsheet date cell (stored as UTC midnight) or of an Excel serial number. */
function dateOfCell(cell: Date | number): string | null {
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? null : cell.toISOString().slice(0, 10);
  // Excel serial day numbers (1900 date system); 20000–80000 covers 1954–2119.
  if (!Number.isInteger(cell) || cell < 20000 || cell > 80000) return null;
  return new Date(Date.UTC(1899, 11, 30) + cell * 86_400_000).toISOString().slice(0, 10);
}

/** 2024-3-5, 2024/03/05, 2024.3.5, 2024年3月5日, 20240305 → 2024-03-05; anything else unchanged (the schema refuses it). */
export function normalizeDate(text: string): string {
  const t = text.normalize('NFKC').trim();
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]0{1,2}:00(?::00(?:\.0+)?)?)?$/.exec(t) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (!m) return t;
  return `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
}

function cellText(cell: Cell | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return dateOfCell(cell) ?? '';
  if (typeof cell === 'boolean') return cell ? '是' : '否';
  return unguardFormula(String(cell).trim());
}

function cellDate(cell: Cell | undefined): string {
  if (cell instanceof Date || typeof cell === 'number') return dateOfCell(cell) ?? String(cell);
  return normalizeDate(cellText(cell));
}

const KINDS: Record<string, 'individual' | 'company'> = {
  个人: 'individual',
  individual: 'individual',
  公司: 'company',
  企业: 'company',
  company: 'company',
};
const GENDERS: Record<string, 'male' | 'female' | 'unknown'> = {
  男: 'male',
  male: 'male',
  m: 'male',
  女: 'female',
  female: 'female',
  f: 'female',
  未知: 'unknown',
  unknown: 'unknown',
};
const YES_NO: Record<string, boolean> = {
  是: true,
  否: false,
  yes: true,
  no: false,
  y: true,
  n: false,
  '1': true,
  '0': false,
  true: true,
  false: false,
};
const FUELS: Record<string, (typeof FUEL_TYPES)[number]> = {
  汽油: 'petrol',
  柴油: 'diesel',
  混动: 'hybrid',
  油电混动: 'hybrid',
  混合动力: 'hybrid',
  插电混动: 'plug_in_hybrid',
  插电式混合动力: 'plug_in_hybrid',
  纯电: 'electric',
  纯电动: 'electric',
  电动: 'electric',
  hev: 'hybrid',
  phev: 'plug_in_hybrid',
  ev: 'electric',
  bev: 'electric',
  ...Object.fromEntries(FUEL_TYPES.map((f) => [f, f])),
};

export const KIND_LABELS = { individual: '个人', company: '公司' } as const;
export const GENDER_LABELS = { male: '男', female: '女', unknown: '未知' } as const;
export const FUEL_LABELS: Record<(typeof FUEL_TYPES)[number], string> = {
  petrol: '汽油',
  diesel: '柴油',
  hybrid: '混动',
  plug_in_hybrid: '插电混动',
  electric: '纯电',
};

/** table[key] for the table's own keys only (so "constructor" is not a fuel type). */
function lookup<T>(table: Record<string, T>, key: string): T | undefined {
  const k = key.normalize('NFKC').trim().toLowerCase();
  return Object.hasOwn(table, k) ? table[k] : undefined;
}

/** 是/否, yes/no, 1/0 (also y/n, true/false); null when the text is none of them. */
export function parseYesNo(text: string): boolean | null {
  return lookup(YES_NO, text) ?? null;
}

// ---------------------------------------------------------------------------------------------
// Rows

/** What a row says about its customer. A field left empty (undefined) keeps the stored value. */
export type CustomerFields = {
  name: string;
  mobile: string;
  kind?: 'individual' | 'company';
  gender?: 'male' | 'female' | 'unknown';
  birthday?: string;
  email?: string;
  city?: string;
  address?: string;
  consent: Partial<Consent>;
};

export type VehicleFields = {
  vin: string;
  plate?: string;
  modelCode?: string;
  modelYear?: number;
  color?: string;
  fuelType?: (typeof FUEL_TYPES)[number];
  deliveredOn?: string;
  insuranceExpiresOn?: string;
  inspectionDueOn?: string;
  userMobile?: string;
  mileage?: { readOn: string; km: number };
};

export type ParsedRow = { rowNumber: number; customer: CustomerFields; vehicle: VehicleFields | null };

export type RowResult =
  | { ok: true; row: ParsedRow }
  /** mobile and vin when they could be read, so the report can count failed customers and vehicles. */
  | { ok: false; rowNumber: number; errors: RowError[]; mobile: string | null; vin: string | null; hasVehicle: boolean };

const CUSTOMER_FIELD_COLUMNS = {
  name: 'name',
  mobile: 'mobile',
  kind: 'kind',
  gender: 'gender',
  birthday: 'birthday',
  email: 'email',
  city: 'city',
  address: 'address',
} as const;
const VEHICLE_FIELD_COLUMNS = {
  vin: 'vin',
  plate: 'plate',
  modelYear: 'model_year',
  color: 'color',
  fuelType: 'fuel_type',
  deliveredOn: 'delivered_on',
  insuranceExpiresOn: 'insurance_expires_on',
  inspectionDueOn: 'inspection_due_on',
} as const satisfies Record<string, ColumnKey>;
const MILEAGE_FIELD_COLUMNS = { km: 'last_km', readOn: 'last_km_on' } as const satisfies Record<string, ColumnKey>;

const customerRowSchema = customerInputSchema
  .pick({ name: true, mobile: true, kind: true, gender: true, birthday: true, email: true, city: true, address: true })
  .partial();
const vehicleRowSchema = vehicleInputSchema
  .pick({
    vin: true,
    plate: true,
    modelYear: true,
    color: true,
    fuelType: true,
    deliveredOn: true,
    insuranceExpiresOn: true,
    inspectionDueOn: true,
  })
  .partial();
const mileageRowSchema = mileageInputSchema.pick({ readOn: true, km: true });

/** A zod issue as a short, stable code: the contracts' own codes (invalid_mobile …) or a generic one. */
function issueCode(issue: z.core.$ZodIssue): string {
  if (/^[a-z_]+$/.test(issue.message)) return issue.message;
  switch (issue.code) {
    case 'too_big':
      return issue.origin === 'string' ? 'too_long' : 'too_large';
    case 'too_small':
      return issue.origin === 'string' ? 'too_short' : 'too_small';
    case 'invalid_format':
      return `invalid_${issue.format}`;
    case 'invalid_value':
      return 'invalid_value';
    case 'invalid_type':
      return issue.expected === 'number' ? 'invalid_number' : 'invalid_type';
    default:
      return issue.code;
  }
}

function issuesToErrors(issues: readonly z.core.$ZodIssue[], columns: Record<string, ColumnKey>): RowError[] {
  return issues.map((issue) => {
    const path = String(issue.path[0] ?? '');
    return { field: columns[path] ?? path, code: issueCode(issue), message: issue.message };
  });
}

/** Keeps only the keys the row gave (the partial schemas would otherwise add their defaults). */
function given<T extends Record<string, unknown>>(data: T, keys: Iterable<string>): Partial<T> {
  const out: Partial<T> = {};
  for (const key of keys) if ((data as Record<string, unknown>)[key] !== undefined) (out as Record<string, unknown>)[key] = data[key];
  return out;
}

function parseInteger(text: string): number | null {
  const t = text
    .normalize('NFKC')
    .trim()
    .replace(/[,，\s]/g, '')
    .replace(/(km|公里|千米)$/i, '');
  return /^\d+$/.test(t) ? Number(t) : null;
}

/** Reads one data row: every problem of the row at once, each naming its column. */
export function parseRow(header: HeaderMap, cells: readonly Cell[], rowNumber: number): RowResult {
  const raw = new Map<ColumnKey, Cell>();
  header.positions.forEach((key, i) => {
    if (key) raw.set(key, cells[i] ?? null);
  });
  const text = (key: ColumnKey) => cellText(raw.get(key));
  const errors: RowError[] = [];
  const fail = (field: ColumnKey, code: string, message = code) => errors.push({ field, code, message });

  // Customer
  const customerInput: Record<string, unknown> = {};
  for (const key of ['name', 'mobile', 'email', 'city', 'address'] as const) {
    const value = text(key);
    if (value !== '') customerInput[key] = value;
    else if (REQUIRED_COLUMNS.includes(key)) fail(key, 'required');
  }
  if (text('birthday') !== '') customerInput.birthday = cellDate(raw.get('birthday'));
  const kindText = text('kind');
  if (kindText !== '') {
    const kind = lookup(KINDS, kindText);
    if (kind) customerInput.kind = kind;
    else fail('kind', 'invalid_value', `${kindText}: use 个人 or 公司`);
  }
  const genderText = text('gender');
  if (genderText !== '') {
    const gender = lookup(GENDERS, genderText);
    if (gender) customerInput.gender = gender;
    else fail('gender', 'invalid_value', `${genderText}: use 男, 女 or 未知`);
  }
  const consent: Partial<Consent> = {};
  for (const channel of ['sms', 'phone', 'email', 'wechat'] as const satisfies readonly ContactChannel[]) {
    const key = `consent_${channel}` as const;
    const value = text(key);
    if (value === '') continue;
    const yes = parseYesNo(value);
    if (yes === null) fail(key, 'invalid_yes_no', `${value}: use 是 or 否`);
    else consent[channel] = yes;
  }
  const customerParsed = customerRowSchema.safeParse(customerInput);
  if (!customerParsed.success) errors.push(...issuesToErrors(customerParsed.error.issues, CUSTOMER_FIELD_COLUMNS));
  const mobile = customerParsed.success ? (customerParsed.data.mobile ?? null) : readMobile(text('mobile'));

  // Vehicle: any vehicle column filled in makes the row describe a vehicle, identified by its VIN.
  const hasVehicle = VEHICLE_COLUMNS.some((key) => text(key) !== '');
  let vehicle: VehicleFields | null = null;
  let vin: string | null = null;
  if (hasVehicle) {
    const vehicleInput: Record<string, unknown> = {};
    for (const key of ['vin', 'plate', 'color'] as const) {
      const value = text(key);
      if (value !== '') vehicleInput[key] = value;
    }
    if (text('vin') === '') fail('vin', 'required', 'a row with vehicle columns needs the VIN');
    for (const [field, key] of [
      ['deliveredOn', 'delivered_on'],
      ['insuranceExpiresOn', 'insurance_expires_on'],
      ['inspectionDueOn', 'inspection_due_on'],
    ] as const) {
      if (text(key) !== '') vehicleInput[field] = cellDate(raw.get(key));
    }
    const yearText = text('model_year').replace(/款$/, '');
    if (yearText !== '') {
      const year = parseInteger(yearText);
      if (year === null) fail('model_year', 'invalid_number', `${yearText}: a year such as 2024`);
      else vehicleInput.modelYear = year;
    }
    const fuelText = text('fuel_type');
    if (fuelText !== '') {
      const fuel = lookup(FUELS, fuelText);
      if (fuel) vehicleInput.fuelType = fuel;
      else fail('fuel_type', 'invalid_value', `${fuelText}: use ${Object.values(FUEL_LABELS).join(', ')}`);
    }
    const vehicleParsed = vehicleRowSchema.safeParse(vehicleInput);
    if (!vehicleParsed.success) errors.push(...issuesToErrors(vehicleParsed.error.issues, VEHICLE_FIELD_COLUMNS));
    else vin = vehicleParsed.data.vin ?? null;

    let userMobile: string | undefined;
    if (text('user_mobile') !== '') {
      const parsed = mobileSchema.safeParse(text('user_mobile'));
      if (parsed.success) userMobile = parsed.data;
      else fail('user_mobile', 'invalid_mobile');
    }

    let mileage: VehicleFields['mileage'];
    const kmText = text('last_km');
    const readOnText = text('last_km_on');
    if (kmText !== '' || readOnText !== '') {
      if (kmText === '') fail('last_km', 'required', 'a mileage date needs the mileage');
      if (readOnText === '') fail('last_km_on', 'required', 'a mileage needs the date it was read');
      const km = kmText === '' ? null : parseInteger(kmText);
      if (kmText !== '' && km === null) fail('last_km', 'invalid_number', `${kmText}: whole kilometres`);
      if (km !== null && readOnText !== '') {
        const parsed = mileageRowSchema.safeParse({ km, readOn: cellDate(raw.get('last_km_on')) });
        if (parsed.success) mileage = parsed.data;
        else errors.push(...issuesToErrors(parsed.error.issues, MILEAGE_FIELD_COLUMNS));
      }
    }

    const modelCode = text('model_code');
    if (vehicleParsed.success) {
      vehicle = {
        ...(given(vehicleParsed.data, Object.keys(vehicleInput)) as VehicleFields),
        ...(modelCode !== '' ? { modelCode } : {}),
        ...(userMobile ? { userMobile } : {}),
        ...(mileage ? { mileage } : {}),
      };
    }
  }

  if (errors.length > 0 || !customerParsed.success) return { ok: false, rowNumber, errors, mobile, vin, hasVehicle };
  const customer = { ...given(customerParsed.data, Object.keys(customerInput)), consent } as CustomerFields;
  return { ok: true, row: { rowNumber, customer, vehicle } };
}

function readMobile(text: string): string | null {
  const parsed = mobileSchema.safeParse(text);
  return parsed.success ? parsed.data : null;
}

// ---------------------------------------------------------------------------------------------
// Consistency between the rows of one file

type Facts = Record<string, string | number | boolean>;

function customerFacts(c: CustomerFields): Facts {
  const facts: Facts = {};
  for (const key of ['name', 'kind', 'gender', 'birthday', 'email', 'city', 'address'] as const)
    if (c[key] !== undefined) facts[key] = c[key];
  for (const [channel, yes] of Object.entries(c.consent)) facts[`consent_${channel}`] = yes;
  return facts;
}

function vehicleFacts(v: VehicleFields, ownerMobile: string): Facts {
  const facts: Facts = { mobile: ownerMobile };
  const columns: [keyof VehicleFields, ColumnKey][] = [
    ['plate', 'plate'],
    ['modelCode', 'model_code'],
    ['modelYear', 'model_year'],
    ['color', 'color'],
    ['fuelType', 'fuel_type'],
    ['deliveredOn', 'delivered_on'],
    ['insuranceExpiresOn', 'insurance_expires_on'],
    ['inspectionDueOn', 'inspection_due_on'],
    ['userMobile', 'user_mobile'],
  ];
  for (const [field, column] of columns) {
    const value = v[field];
    if (value !== undefined && typeof value !== 'object') facts[column] = field === 'modelCode' ? String(value).toUpperCase() : value;
  }
  if (v.mileage) Object.assign(facts, { last_km: v.mileage.km, last_km_on: v.mileage.readOn });
  return facts;
}

/** The fields both give, with different values. */
const differing = (known: Facts, facts: Facts) => Object.keys(facts).filter((k) => known[k] !== undefined && known[k] !== facts[k]);

function addFacts(known: Facts, facts: Facts) {
  for (const [k, v] of Object.entries(facts)) if (known[k] === undefined) known[k] = v;
}

/**
 * Rows of one file must agree: the same mobile (or VIN) given twice with different values would make
 * the outcome depend on row order, and a second import would flip the record back and forth. The
 * first row (in file order) wins; a later row that contradicts it is refused. Values one row leaves
 * empty and another gives are no contradiction. Fed every row that parsed, in file order, before
 * anything is written, so the answer depends only on the file. (A plate on two VINs needs no check
 * here: the database refuses the second vehicle whichever comes first.)
 */
export function createConsistencyCheck() {
  const customers = new Map<string, { row: number; facts: Facts }>();
  const vehicles = new Map<string, { row: number; facts: Facts }>();

  function check(row: ParsedRow): RowError[] {
    const errors: RowError[] = [];
    const customerFactsOfRow = customerFacts(row.customer);
    const knownCustomer = customers.get(row.customer.mobile);
    const customerDiff = knownCustomer ? differing(knownCustomer.facts, customerFactsOfRow) : [];
    if (knownCustomer && customerDiff.length) {
      errors.push({
        field: 'mobile',
        code: 'conflicts_with_earlier_row',
        message: `row ${knownCustomer.row} has this mobile with a different ${customerDiff.join(', ')}`,
      });
    }
    const v = row.vehicle;
    const vehicleFactsOfRow = v ? vehicleFacts(v, row.customer.mobile) : null;
    const knownVehicle = v ? vehicles.get(v.vin) : undefined;
    const vehicleDiff = knownVehicle && vehicleFactsOfRow ? differing(knownVehicle.facts, vehicleFactsOfRow) : [];
    if (knownVehicle && vehicleDiff.length) {
      errors.push({
        field: 'vin',
        code: 'conflicts_with_earlier_row',
        message: `row ${knownVehicle.row} has this VIN with a different ${vehicleDiff.join(', ')}`,
      });
    }
    if (errors.length) return errors;

    if (knownCustomer) addFacts(knownCustomer.facts, customerFactsOfRow);
    else customers.set(row.customer.mobile, { row: row.rowNumber, facts: customerFactsOfRow });
    if (v && vehicleFactsOfRow) {
      if (knownVehicle) addFacts(knownVehicle.facts, vehicleFactsOfRow);
      else vehicles.set(v.vin, { row: row.rowNumber, facts: vehicleFactsOfRow });
    }
    return [];
  }

  /** What the file's rows (checked so far) say about the customer with this mobile, if any. */
  function customerOf(mobile: string): CustomerFields | undefined {
    const known = customers.get(mobile);
    if (!known) return undefined;
    const { name, kind, gender, birthday, email, city, address } = known.facts as Record<string, string | undefined>;
    const consent: Partial<Consent> = {};
    for (const channel of CONSENT_KEYS) {
      const yes = known.facts[`consent_${channel}`];
      if (typeof yes === 'boolean') consent[channel] = yes;
    }
    const fields = { name: name!, mobile, kind, gender, birthday, email, city, address, consent } as CustomerFields;
    for (const key of Object.keys(fields) as (keyof CustomerFields)[]) if (fields[key] === undefined) delete fields[key];
    return fields;
  }

  return { check, customerOf };
}

// ---------------------------------------------------------------------------------------------
// What an import changes on a stored record

export type StoredCustomer = {
  name: string;
  kind: string;
  gender: string;
  birthday: string | null;
  email: string | null;
  city: string | null;
  address: string | null;
  consent: Consent;
};

export type CustomerChanges = Partial<Omit<StoredCustomer, 'consent' | 'kind' | 'gender'>> &
  Pick<CustomerFields, 'kind' | 'gender'> & { consent?: Consent };

/** Only what the row gives and differs; an empty cell never erases a stored value. */
export function customerChanges(stored: StoredCustomer, fields: CustomerFields): CustomerChanges {
  const changes: CustomerChanges = {};
  for (const key of ['name', 'kind', 'gender', 'birthday', 'email', 'city', 'address'] as const) {
    const value = fields[key];
    if (value !== undefined && value !== stored[key]) (changes as Record<string, unknown>)[key] = value;
  }
  const consent = mergeConsent(stored.consent, fields.consent);
  if (CONSENT_KEYS.some((k) => consent[k] !== stored.consent[k])) changes.consent = consent;
  return changes;
}

const CONSENT_KEYS = ['sms', 'phone', 'email', 'wechat'] as const;
/** The consent a new customer gets for channels the file leaves empty (as the API's default). */
export const DEFAULT_CONSENT: Consent = customerInputSchema.shape.consent.parse(undefined);

export function mergeConsent(base: Consent, given: Partial<Consent>): Consent {
  return {
    sms: given.sms ?? base.sms,
    phone: given.phone ?? base.phone,
    email: given.email ?? base.email,
    wechat: given.wechat ?? base.wechat,
  };
}

/** The stored columns of a vehicle that an import may set. */
export type VehicleColumns = {
  plate_key: string;
  model_id: string | null;
  model_year: number | null;
  color: string | null;
  fuel_type: string;
  delivered_on: string | null;
  insurance_expires_on: string | null;
  inspection_due_on: string | null;
  owner_id: string;
  user_id: string | null;
};

/** The columns in `wanted` (undefined = not given) whose value differs from the stored one. */
export function vehicleChanges(stored: VehicleColumns, wanted: Partial<VehicleColumns>): Partial<VehicleColumns> {
  const changes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(wanted) as [keyof VehicleColumns, unknown][]) {
    if (value !== undefined && (stored[key] ?? null) !== (value ?? null)) changes[key] = value;
  }
  return changes as Partial<VehicleColumns>;
}

/** Whether a reading of the same day and kilometres is already on record (then it is not added again). */
export function isRecorded(history: readonly { readOn: string; km: number }[], reading: { readOn: string; km: number }): boolean {
  return history.some((r) => r.readOn === reading.readOn && r.km === reading.km);
}

// ---------------------------------------------------------------------------------------------
// Export

export const EXPORT_HEADER: readonly string[] = COLUMNS.map((c) => c.header);

export type ExportCustomer = StoredCustomer & { mobile: string };
export type ExportVehicle = {
  vin: string;
  plate_key: string;
  model_code: string | null;
  model_year: number | null;
  color: string | null;
  fuel_type: string;
  delivered_on: string | null;
  insurance_expires_on: string | null;
  inspection_due_on: string | null;
  user_mobile: string | null;
  last_km: number | null;
  last_km_on: string | null;
};

const yesNo = (v: boolean) => (v ? '是' : '否');

/** One exported row, in COLUMNS order: the values an import reads back as the same record. */
export function exportRow(c: ExportCustomer, v: ExportVehicle | null): (string | number | null)[] {
  const values: Record<ColumnKey, string | number | null> = {
    name: c.name,
    mobile: c.mobile,
    kind: KIND_LABELS[c.kind as keyof typeof KIND_LABELS] ?? c.kind,
    gender: GENDER_LABELS[c.gender as keyof typeof GENDER_LABELS] ?? c.gender,
    birthday: c.birthday,
    email: c.email,
    city: c.city,
    address: c.address,
    consent_sms: yesNo(c.consent.sms),
    consent_phone: yesNo(c.consent.phone),
    consent_email: yesNo(c.consent.email),
    consent_wechat: yesNo(c.consent.wechat),
    vin: v?.vin ?? null,
    plate: v ? formatPlate(v.plate_key) : null,
    model_code: v?.model_code ?? null,
    model_year: v?.model_year ?? null,
    color: v?.color ?? null,
    fuel_type: v ? (FUEL_LABELS[v.fuel_type as keyof typeof FUEL_LABELS] ?? v.fuel_type) : null,
    delivered_on: v?.delivered_on ?? null,
    insurance_expires_on: v?.insurance_expires_on ?? null,
    inspection_due_on: v?.inspection_due_on ?? null,
    user_mobile: v?.user_mobile ?? null,
    last_km: v?.last_km ?? null,
    last_km_on: v?.last_km !== null && v?.last_km !== undefined ? v.last_km_on : null,
  };
  return COLUMNS.map((column) => values[column.key]);
}
