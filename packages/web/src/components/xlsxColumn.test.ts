import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { firstColumn, readXlsxFirstColumn, sharedStrings, XlsxError, xmlText } from './xlsxColumn';

async function workbookBytes(fill: (wb: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  fill(wb);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe('readXlsxFirstColumn', () => {
  it('reads the first column of the first sheet of a workbook written by a spreadsheet program, top to bottom', async () => {
    const bytes = await workbookBytes((wb) => {
      const sheet = wb.addWorksheet('召回清单');
      sheet.addRow(['车架号', '车型']);
      sheet.addRow(['LSVAB2BJ0PN000101', 'H6']);
      sheet.addRow([]);
      sheet.addRow([' lsvab2bj0pn000102 ', 'H6']);
      sheet.getCell('A5').value = { richText: [{ text: 'LFV3A23C0' }, { text: 'N3000103', font: { bold: true } }] };
      sheet.getCell('B6').value = 'only the second column';
      sheet.getCell('A7').value = 12345;
      sheet.getCell('A8').value = 'R&D <test>';
      wb.addWorksheet('other').addRow(['NOT-READ']);
    });
    expect(await readXlsxFirstColumn(bytes)).toEqual([
      '车架号',
      'LSVAB2BJ0PN000101',
      'lsvab2bj0pn000102',
      'LFV3A23C0N3000103',
      '12345',
      'R&D <test>',
    ]);
  });

  it('reads a long list to its last row', async () => {
    const bytes = await workbookBytes((wb) => {
      const sheet = wb.addWorksheet('VIN');
      for (let i = 0; i < 300; i++) sheet.addRow([`VIN${String(i).padStart(14, '0')}`]);
    });
    const cells = await readXlsxFirstColumn(bytes);
    expect(cells).toHaveLength(300);
    expect(cells[299]).toBe('VIN00000000000299');
  });

  it('refuses what is not an .xlsx workbook', async () => {
    const text = new TextEncoder().encode('LSVAB2BJ0PN000101\n');
    await expect(readXlsxFirstColumn(text)).rejects.toThrow(XlsxError);
    await expect(readXlsxFirstColumn(text)).rejects.toMatchObject({ code: 'not_xlsx' });
  });
});

describe('the sheet XML', () => {
  it('takes column A by reference, or the first cell of a row without references; inline strings, prefixes, entities', () => {
    const xml = `<x:worksheet><x:sheetData>
      <x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>VIN &amp; 车架号</x:t></x:is></x:c></x:row>
      <x:row r="2"><x:c r="B2" t="s"><x:v>0</x:v></x:c></x:row>
      <x:row r="3"/>
      <x:row r="4"><x:c t="s"><x:v>1</x:v></x:c><x:c t="s"><x:v>0</x:v></x:c></x:row>
      <x:row r="5"><x:c r="A5" t="str"><x:v>&#x4E2D;&#20013;</x:v></x:c></x:row>
      <x:row r="6"><x:c r="A6" s="1"/><x:c r="B6"><x:v>9</x:v></x:c></x:row>
    </x:sheetData></x:worksheet>`;
    expect(firstColumn(xml, ['second', 'LSVAB2BJ0PN000101'])).toEqual(['VIN & 车架号', 'LSVAB2BJ0PN000101', '中中']);
  });

  it('joins the runs of a rich shared string and leaves its phonetic hints out', () => {
    const xml =
      '<sst><si><t>plain</t></si><si><r><t>LSV</t></r><r><rPr><b/></rPr><t xml:space="preserve">AB2</t></r><rPh><t>ふり</t></rPh></si></sst>';
    expect(sharedStrings(xml)).toEqual(['plain', 'LSVAB2']);
  });

  it('resolves the XML entities and leaves unknown ones as they are', () => {
    expect(xmlText('a &lt;b&gt; &quot;c&quot; &apos;d&apos; &#65;&#x42; &nbsp;')).toBe(`a <b> "c" 'd' AB &nbsp;`);
  });
});
