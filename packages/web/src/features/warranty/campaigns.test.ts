import { withVinCheckDigit } from '@servicebay/contracts/constants';
import { describe, expect, it } from 'vitest';
import type { Campaign } from '../../api/warranty';
import {
  byCompletion,
  campaignInput,
  firstCell,
  isHeaderRow,
  localVinProblems,
  parseVinText,
  sortCampaigns,
  vinFileKind,
  vinRowProblems,
} from './campaigns';

const VIN_A = withVinCheckDigit('LSVAB2BJ0PN000101');
const VIN_B = withVinCheckDigit('LSVAB2BJ0PN000102');
const VIN_C = withVinCheckDigit('LFV3A23C0N3000103');
/** VIN_A with a wrong check digit. */
const BAD_CHECK = `${VIN_A.slice(0, 8)}${VIN_A[8] === '1' ? '2' : '1'}${VIN_A.slice(9)}`;

describe('vinFileKind', () => {
  it('reads CSV, TXT and .xlsx; tells the older .xls and anything else apart by name', () => {
    expect(vinFileKind('召回清单.CSV')).toBe('text');
    expect(vinFileKind('list.txt')).toBe('text');
    expect(vinFileKind('list.xlsx')).toBe('excel');
    expect(vinFileKind('old.xls')).toBe('legacy_excel');
    expect(vinFileKind('photo.png')).toBe('other');
    expect(vinFileKind('noextension')).toBe('other');
  });
});

describe('firstCell', () => {
  it('takes the first column of comma, semicolon or tab separated lines, without quotes', () => {
    expect(firstCell(`${VIN_A},Model A,2024`)).toBe(VIN_A);
    expect(firstCell(`"${VIN_A}";x`)).toBe(VIN_A);
    expect(firstCell(`  ${VIN_A}\tdealer`)).toBe(VIN_A);
    expect(firstCell(`'${VIN_A}'`)).toBe(VIN_A);
    expect(firstCell('')).toBe('');
  });
});

describe('isHeaderRow', () => {
  it('skips a column name, keeps a VIN and a VIN typed wrong', () => {
    expect(isHeaderRow('VIN')).toBe(true);
    expect(isHeaderRow('车架号')).toBe(true);
    expect(isHeaderRow('VIN码')).toBe(true);
    expect(isHeaderRow('vin_number')).toBe(true);
    expect(isHeaderRow(VIN_A)).toBe(false);
    expect(isHeaderRow(BAD_CHECK)).toBe(false);
    expect(isHeaderRow('LSVAB2BJ0PN00')).toBe(false);
  });
});

describe('parseVinText', () => {
  it('reads one VIN per line, skipping blank lines, a BOM and a header row', () => {
    const list = parseVinText(`\uFEFF车架号,车型\r\n${VIN_A},A\r\n\r\n${VIN_B},B\n${VIN_C}\n`);
    expect(list).toEqual({ rows: [VIN_A, VIN_B, VIN_C], headerSkipped: true, duplicates: 0 });
  });

  it('keeps a first row that is a VIN, and counts repeats (case and width ignored)', () => {
    const list = parseVinText(`${VIN_A}\n${VIN_A.toLowerCase()}\n${VIN_B}`);
    expect(list.rows).toEqual([VIN_A, VIN_A.toLowerCase(), VIN_B]);
    expect(list.headerSkipped).toBe(false);
    expect(list.duplicates).toBe(1);
  });

  it('keeps bad rows so that the API (or the browser) can name them by their index', () => {
    const list = parseVinText(`VIN\n${VIN_A}\nshort1\n${BAD_CHECK}`);
    expect(list.rows).toEqual([VIN_A, 'short1', BAD_CHECK]);
    expect(localVinProblems(list.rows)).toEqual({
      problems: [
        { index: 1, vin: 'short1', code: 'length' },
        { index: 2, vin: BAD_CHECK, code: 'check_digit' },
      ],
      total: 2,
    });
  });

  it('reads an empty file as no rows', () => {
    expect(parseVinText('\n\n  \n').rows).toEqual([]);
    expect(parseVinText('VIN\n').rows).toEqual([]);
  });
});

describe('localVinProblems', () => {
  it('lists at most the limit but counts them all', () => {
    const rows = ['a', 'b', 'c', VIN_A];
    const found = localVinProblems(rows, 2);
    expect(found.problems.map((p) => p.index)).toEqual([0, 1]);
    expect(found.total).toBe(3);
  });
});

describe('vinRowProblems', () => {
  it('names each bad row with its text as sent, in row order, and takes badRows for the total', () => {
    const rows = [VIN_A, 'XX', VIN_B, VIN_C];
    const found = vinRowProblems(
      [
        { field: 'vins.3', code: 'unknown_vin' },
        { field: 'vins.1', code: 'length' },
        { field: 'code', code: 'taken' },
      ],
      rows,
      250,
    );
    expect(found.problems).toEqual([
      { index: 1, vin: 'XX', code: 'length' },
      { index: 3, vin: VIN_C, code: 'unknown_vin' },
    ]);
    expect(found.total).toBe(250);
    expect(vinRowProblems([{ field: 'vins.0', code: 'length' }], rows, 'n/a').total).toBe(1);
  });
});

describe('campaignInput', () => {
  const base = {
    code: ' rc-2025-01 ',
    kind: 'recall' as const,
    title: ' Airbag inflator ',
    description: '',
    labourCode: ' L100 ',
    labourHours: 1.5,
    parts: [{ partNumber: ' ab-1 ', name: ' Inflator ', quantity: 1 }],
    validFrom: '2025-03-01',
    validTo: null,
  };

  it('sends the imported rows, not a rule', () => {
    const input = campaignInput({ ...base, target: 'file', modelId: 'm1' }, [VIN_A, VIN_B]);
    expect(input).toEqual({
      code: 'RC-2025-01',
      kind: 'recall',
      title: 'Airbag inflator',
      description: null,
      labourCode: 'L100',
      labourHours: 1.5,
      parts: [{ partNumber: 'AB-1', name: 'Inflator', quantity: 1 }],
      validFrom: '2025-03-01',
      validTo: null,
      vins: [VIN_A, VIN_B],
    });
  });

  it('sends only the parts of the rule given', () => {
    const input = campaignInput(
      { ...base, target: 'rule', modelId: 'm1', modelYearFrom: 2023, serialFrom: ' 000100 ', serialTo: '' },
      null,
    );
    expect(input.vins).toBeUndefined();
    expect(input.rule).toEqual({ modelId: 'm1', modelYearFrom: 2023, serialFrom: '000100' });
  });
});

describe('completion', () => {
  const campaign = (patch: Partial<Campaign>): Campaign => ({
    id: 'c',
    code: 'C',
    kind: 'recall',
    title: 't',
    description: null,
    labourCode: null,
    labourHours: 1,
    parts: [],
    validFrom: '2025-01-01',
    validTo: null,
    rule: null,
    open: true,
    createdAt: '2025-01-01T00:00:00Z',
    vehicles: 10,
    completed: 0,
    completionRate: 0,
    ...patch,
  });

  it('puts the open campaigns first, the newest first within', () => {
    const items = [
      campaign({ id: '1', open: false, validFrom: '2025-05-01' }),
      campaign({ id: '2', open: true, validFrom: '2024-01-01' }),
      campaign({ id: '3', open: true, validFrom: '2025-02-01' }),
    ];
    expect(sortCampaigns(items).map((c) => c.id)).toEqual(['3', '2', '1']);
  });

  it('puts the dealers furthest behind first, those with no car last', () => {
    const rows = [
      { id: 'a', completionRate: 0.9, vehicles: 10 },
      { id: 'b', completionRate: null, vehicles: 0 },
      { id: 'c', completionRate: 0.2, vehicles: 5 },
      { id: 'd', completionRate: 0.2, vehicles: 50 },
    ];
    expect(byCompletion(rows).map((r) => r.id)).toEqual(['d', 'c', 'a', 'b']);
  });
});
