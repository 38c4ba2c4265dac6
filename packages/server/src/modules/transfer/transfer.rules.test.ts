import { withVinCheckDigit } from '@servicebay/contracts';
import { describe, expect, it } from 'vitest';
import { CsvReader, CsvSyntaxError, formatCsvRecord, parseCsv, UTF8_BOM, unguardFormula } from './transfer.csv.js';
import {
  type Cell,
  COLUMNS,
  createConsistencyCheck,
  customerChanges,
  EXPORT_HEADER,
  exportRow,
  type HeaderMap,
  mapHeader,
  normalizeDate,
  type ParsedRow,
  parseRow,
  parseYesNo,
  type VehicleColumns,
  vehicleChanges,
} from './transfer.rules.js';

const VIN = withVinCheckDigit('LYHS5A1C0TB000001');
const VIN2 = withVinCheckDigit('LYHS5A1C0TB000002');
const badCheckDigit = (vin: string) => vin.slice(0, 8) + (vin[8] === '0' ? '1' : '0') + vin.slice(9);

function headerOf(cells: Cell[]): HeaderMap {
  const mapped = mapHeader(cells);
  if (!mapped.ok) throw new Error(JSON.stringify(mapped.errors));
  return mapped.header;
}

/** Parses one row given as { column: value } against a header of exactly those columns. */
function parse(values: Record<string, Cell>, rowNumber = 2) {
  const keys = Object.keys(values);
  return parseRow(
    headerOf(keys),
    keys.map((k) => values[k]!),
    rowNumber,
  );
}

function ok(values: Record<string, Cell>, rowNumber = 2): ParsedRow {
  const result = parse(values, rowNumber);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.row;
}

const errorsOf = (values: Record<string, Cell>) => {
  const result = parse(values);
  if (result.ok) throw new Error('expected the row to fail');
  return result.errors.map((e) => `${e.field}: ${e.code}`);
};

describe('header', () => {
  it('maps Chinese headers, English names and synonyms, in any order and spelling', () => {
    const header = headerOf(['手机号', 'Name', ' VIN ', 'model code', '车牌号码', 'consent-sms', '客户类型*', 'Last_KM', '备注']);
    expect(header.positions).toEqual(['mobile', 'name', 'vin', 'model_code', 'plate', 'consent_sms', 'kind', 'last_km', null]);
    expect(header.ignored).toEqual(['备注']);
  });

  it('maps every column by its Chinese header and by its English name', () => {
    expect(headerOf(COLUMNS.map((c) => c.header)).positions).toEqual(COLUMNS.map((c) => c.key));
    expect(headerOf(COLUMNS.map((c) => c.key)).positions).toEqual(COLUMNS.map((c) => c.key));
    expect(headerOf([...EXPORT_HEADER]).positions).toEqual(COLUMNS.map((c) => c.key));
  });

  it('needs the name and mobile columns and refuses a column given twice', () => {
    const result = mapHeader(['车架号', 'vin', '城市']);
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.errors.map((e) => `${e.field}: ${e.code}`)).toEqual([
        'vin: duplicate_column',
        'name: missing_column',
        'mobile: missing_column',
      ]);
  });
});

describe('rows', () => {
  it('reads a customer with a vehicle, normalising what people type', () => {
    const row = ok({
      客户姓名: ' 李娜 ',
      手机号: '+86 138-0013-8000',
      客户类型: '公司',
      性别: '女',
      生日: '1990/5/6',
      邮箱: 'li.na@example.com',
      车架号: VIN.toLowerCase(),
      车牌号: '京a·12345',
      车型代码: 's5',
      年款: '2024款',
      燃料: '纯电',
      交车日期: '2024年3月5日',
      使用人手机号: '139 0000 0001',
      最近里程: '12,345 km',
      里程日期: '2025.1.2',
    });
    expect(row.customer).toEqual({
      name: '李娜',
      mobile: '13800138000',
      kind: 'company',
      gender: 'female',
      birthday: '1990-05-06',
      email: 'li.na@example.com',
      consent: {},
    });
    expect(row.vehicle).toEqual({
      vin: VIN,
      plate: '京A12345',
      modelCode: 's5',
      modelYear: 2024,
      fuelType: 'electric',
      deliveredOn: '2024-03-05',
      userMobile: '13900000001',
      mileage: { km: 12345, readOn: '2025-01-02' },
    });
  });

  it('leaves out what the row leaves empty (so the stored value is kept) and has no vehicle without vehicle columns', () => {
    const row = ok({ name: '王伟', mobile: '13800138000', city: '', email: '  ', vin: '', plate: '' });
    expect(row.customer).toEqual({ name: '王伟', mobile: '13800138000', consent: {} });
    expect(row.vehicle).toBeNull();
  });

  it.each([
    ['是', true],
    ['否', false],
    ['yes', true],
    ['No', false],
    ['1', true],
    ['0', false],
    ['ＹＥＳ', true],
    ['TRUE', true],
  ])('reads consent %s as %s', (text, expected) => {
    expect(parseYesNo(text)).toBe(expected);
    expect(ok({ name: '王伟', mobile: '13800138000', consent_wechat: text }).customer.consent).toEqual({ wechat: expected });
  });

  it('reads consent per channel and refuses anything but yes or no', () => {
    expect(
      ok({ name: '王伟', mobile: '13800138000', 短信授权: '是', 电话授权: '否', 邮件授权: 'yes', 微信授权: '0' }).customer.consent,
    ).toEqual({
      sms: true,
      phone: false,
      email: true,
      wechat: false,
    });
    expect(errorsOf({ name: '王伟', mobile: '13800138000', 短信授权: '也许', consent_phone: 'constructor' })).toEqual([
      'consent_sms: invalid_yes_no',
      'consent_phone: invalid_yes_no',
    ]);
  });

  it('names the field and the reason of every problem of a row at once', () => {
    expect(
      errorsOf({
        name: '',
        mobile: '12345',
        kind: '团体',
        birthday: '1990-02-30',
        email: 'not-an-email',
        vin: badCheckDigit(VIN),
        plate: '京I12345',
        model_year: 'new',
        fuel_type: 'coal',
        user_mobile: '010-1234567',
        last_km: '12.5',
        last_km_on: '2025-01-02',
      }).sort(),
    ).toEqual(
      [
        'name: required',
        'mobile: invalid_mobile',
        'kind: invalid_value',
        'birthday: invalid_date',
        'email: invalid_email',
        'vin: invalid_vin_check_digit',
        'plate: invalid_plate',
        'model_year: invalid_number',
        'fuel_type: invalid_value',
        'user_mobile: invalid_mobile',
        'last_km: invalid_number',
      ].sort(),
    );
  });

  it('refuses a VIN of the wrong length or with I, O or Q', () => {
    expect(errorsOf({ name: '王伟', mobile: '13800138000', vin: VIN.slice(0, 16), plate: '京A12345' })).toEqual([
      'vin: invalid_vin_length',
    ]);
    expect(errorsOf({ name: '王伟', mobile: '13800138000', vin: `O${VIN.slice(1)}`, plate: '京A12345' })).toEqual([
      'vin: invalid_vin_characters',
    ]);
  });

  it('accepts 8-character new-energy plates and refuses other shapes', () => {
    expect(ok({ name: '王伟', mobile: '13800138000', vin: VIN, plate: '粤B·D12345' }).vehicle?.plate).toBe('粤BD12345');
    expect(errorsOf({ name: '王伟', mobile: '13800138000', vin: VIN, plate: 'AB12345' })).toEqual(['plate: invalid_plate']);
  });

  it('needs a VIN when any vehicle column is filled in, and a mileage with its date', () => {
    expect(errorsOf({ name: '王伟', mobile: '13800138000', plate: '京A12345' })).toEqual(['vin: required']);
    expect(errorsOf({ name: '王伟', mobile: '13800138000', vin: VIN, last_km: '1000' })).toEqual(['last_km_on: required']);
    expect(errorsOf({ name: '王伟', mobile: '13800138000', vin: VIN, last_km_on: '2025-01-01' })).toEqual(['last_km: required']);
  });

  it('reads spreadsheet cells: dates, serial day numbers, numbers and booleans', () => {
    const row = ok({
      name: '王伟',
      mobile: 13800138000,
      birthday: new Date(Date.UTC(1990, 4, 6)),
      vin: VIN,
      delivered_on: 45356, // Excel's serial number of 2024-03-05
      model_year: 2024,
      last_km: 12345,
      last_km_on: new Date(Date.UTC(2025, 0, 2)),
      consent_sms: false,
    });
    expect(row.customer).toMatchObject({ mobile: '13800138000', birthday: '1990-05-06', consent: { sms: false } });
    expect(row.vehicle).toMatchObject({ deliveredOn: '2024-03-05', modelYear: 2024, mileage: { km: 12345, readOn: '2025-01-02' } });
  });

  it('normalises the ways people write dates', () => {
    expect(['2024-3-5', '2024/03/05', '2024.3.5', '2024年3月5日', '20240305', '2024/3/5 0:00:00'].map(normalizeDate)).toEqual(
      Array(6).fill('2024-03-05'),
    );
    expect(normalizeDate('5/3/2024')).toBe('5/3/2024');
  });

  it('reads back exactly what it exports', () => {
    const customer = {
      name: '欧阳锋',
      mobile: '13698765432',
      kind: 'company',
      gender: 'male',
      birthday: '1980-01-31',
      email: 'oy@example.com',
      city: '广州',
      address: '天河路 1 号, "东"座',
      consent: { sms: true, phone: false, email: true, wechat: false },
    };
    const vehicle = {
      vin: VIN,
      plate_key: '粤BD12345',
      model_code: 'S5',
      model_year: 2024,
      color: '白',
      fuel_type: 'plug_in_hybrid',
      delivered_on: '2024-03-05',
      insurance_expires_on: '2026-03-04',
      inspection_due_on: null,
      user_mobile: '13900000001',
      last_km: 23000,
      last_km_on: '2025-06-01',
    };
    const header = headerOf([...EXPORT_HEADER]);
    const cells = exportRow(customer, vehicle);
    const back = parseRow(header, cells, 2);
    expect(back.ok && back.row).toEqual({
      rowNumber: 2,
      customer: { ...customer, consent: customer.consent },
      vehicle: {
        vin: VIN,
        plate: '粤BD12345',
        modelCode: 'S5',
        modelYear: 2024,
        color: '白',
        fuelType: 'plug_in_hybrid',
        deliveredOn: '2024-03-05',
        insuranceExpiresOn: '2026-03-04',
        userMobile: '13900000001',
        mileage: { km: 23000, readOn: '2025-06-01' },
      },
    });
    const alone = parseRow(header, exportRow(customer, null), 3);
    expect(alone.ok && alone.row.vehicle).toBeNull();
    // And through CSV text.
    const [parsedCells] = parseCsv(formatCsvRecord(cells, { guardFormulas: true }));
    expect(parseRow(header, parsedCells!, 2)).toEqual(back);
  });
});

describe('consistency between rows of one file', () => {
  const row = (n: number, values: Record<string, Cell>) => ok({ name: '王伟', mobile: '13800138000', ...values }, n);

  it('accepts the same customer on several rows (one per vehicle) and rows that only add what others leave empty', () => {
    const check = createConsistencyCheck();
    expect(check.check(row(2, { city: '北京', vin: VIN, plate: '京A12345' }))).toEqual([]);
    expect(check.check(row(3, { email: 'w@example.com', vin: VIN2, plate: '京A12346' }))).toEqual([]);
    expect(check.check(row(4, { city: '北京', vin: VIN, plate: '京A·12345' }))).toEqual([]);
    // What the file says about a customer, all rows together (to create a vehicle's user before their own row).
    expect(check.customerOf('13800138000')).toEqual({
      name: '王伟',
      mobile: '13800138000',
      city: '北京',
      email: 'w@example.com',
      consent: {},
    });
    expect(check.customerOf('13900000000')).toBeUndefined();
  });

  it('refuses a later row that contradicts an earlier one about the same mobile or VIN', () => {
    const check = createConsistencyCheck();
    check.check(row(2, { city: '北京', vin: VIN, plate: '京A12345' }));
    check.check(row(3, { email: 'w@example.com' }));
    expect(check.check(row(5, { city: '上海', email: 'x@example.com' }))).toEqual([
      { field: 'mobile', code: 'conflicts_with_earlier_row', message: 'row 2 has this mobile with a different email, city' },
    ]);
    expect(check.check(row(6, { vin: VIN, plate: '京A99999' })).map((e) => `${e.field}: ${e.code}`)).toEqual([
      'vin: conflicts_with_earlier_row',
    ]);
    expect(check.check(ok({ name: '张三', mobile: '13900000000', vin: VIN, plate: '京A12345' }, 8))).toEqual([
      { field: 'vin', code: 'conflicts_with_earlier_row', message: 'row 2 has this VIN with a different mobile' },
    ]);
  });
});

describe('changes to a stored record', () => {
  const stored = {
    name: '王伟',
    kind: 'individual',
    gender: 'unknown',
    birthday: null,
    email: 'w@example.com',
    city: '北京',
    address: null,
    consent: { sms: true, phone: true, email: false, wechat: false },
  };

  it('changes only what the row gives and differs; empty cells erase nothing', () => {
    expect(customerChanges(stored, { name: '王伟', mobile: '13800138000', city: '北京', consent: { sms: true } })).toEqual({});
    expect(customerChanges(stored, { name: '王伟', mobile: '13800138000', city: '上海', consent: { wechat: true } })).toEqual({
      city: '上海',
      consent: { sms: true, phone: true, email: false, wechat: true },
    });
  });

  it('compares vehicle columns the same way', () => {
    const vehicle: VehicleColumns = {
      plate_key: '京A12345',
      model_id: null,
      model_year: 2024,
      color: null,
      fuel_type: 'petrol',
      delivered_on: '2024-03-05',
      insurance_expires_on: null,
      inspection_due_on: null,
      owner_id: 'o1',
      user_id: null,
    };
    expect(vehicleChanges(vehicle, { plate_key: '京A12345', model_year: 2024, owner_id: 'o1', color: undefined })).toEqual({});
    expect(vehicleChanges(vehicle, { owner_id: 'o2', color: '白', delivered_on: '2024-03-05' })).toEqual({ owner_id: 'o2', color: '白' });
  });
});

describe('CSV', () => {
  it('quotes fields with commas, quotes, line breaks and edge spaces, and ends records with CRLF', () => {
    expect(formatCsvRecord(['a', 'b,c', 'say "hi"', 'two\nlines', ' x', 12, null, ''])).toBe(
      'a,"b,c","say ""hi""","two\nlines"," x",12,,\r\n',
    );
  });

  it('reads back what it writes, including Chinese text', () => {
    const records = [
      ['客户姓名', '地址'],
      ['王伟', '北京市朝阳区建国路 88 号, "SOHO" 现代城\n2 号楼'],
      ['', ''],
      ['李娜', '\r\n'],
    ];
    expect(parseCsv(UTF8_BOM + records.map((r) => formatCsvRecord(r)).join(''))).toEqual(records);
  });

  it('drops a leading BOM and accepts LF, CRLF and CR line ends and a missing final line end', () => {
    expect(parseCsv('\uFEFFa,b\nc,d\r\ne,f\rg,"h"')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
      ['e', 'f'],
      ['g', 'h'],
    ]);
    expect(parseCsv('a,\n\n,b\n')).toEqual([['a', ''], [''], ['', 'b']]);
  });

  it('gives the same records however the text is split into chunks', () => {
    const text = '\uFEFF名,备注\r\n"王,伟","a ""q"" b"\r\n李,"x\r\ny"\r\n';
    const expected = parseCsv(text);
    for (let cut = 0; cut <= text.length; cut++) {
      for (let cut2 = cut; cut2 <= text.length; cut2 += 3) {
        const reader = new CsvReader();
        const got = [
          ...reader.push(text.slice(0, cut)),
          ...reader.push(text.slice(cut, cut2)),
          ...reader.push(text.slice(cut2)),
          ...reader.end(),
        ];
        expect(got).toEqual(expected);
      }
    }
  });

  it('is lenient with stray quotes but refuses a quoted field that never ends', () => {
    expect(parseCsv('a"b,"c"d\n')).toEqual([['a"b', 'cd']]);
    expect(() => parseCsv('a,"b\nc,d\n')).toThrow(CsvSyntaxError);
  });

  it('guards text that a spreadsheet would run as a formula, and the import removes the guard', () => {
    const line = formatCsvRecord(['=HYPERLINK("x")', '+86', '-1', '@a', '王伟', 5], { guardFormulas: true });
    expect(line).toBe(`"'=HYPERLINK(""x"")",'+86,'-1,'@a,王伟,5\r\n`);
    expect(parseCsv(line)[0]!.map(unguardFormula)).toEqual(['=HYPERLINK("x")', '+86', '-1', '@a', '王伟', '5']);
    expect(unguardFormula("'tis")).toBe("'tis");
  });
});
