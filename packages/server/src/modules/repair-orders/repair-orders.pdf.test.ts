import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { roTotals, vatContainedFen } from '@servicebay/contracts';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { cjkFontSetting, loadCjkFonts, PdfFontError } from '../../platform/pdf.js';
import {
  type DocLine,
  type DocLocale,
  formatFen,
  formatQuantity,
  type InvoiceDocument,
  type RepairOrderDocument,
  renderInvoicePdf,
  renderRepairOrderPdf,
} from './repair-orders.pdf.js';
import { billableAdditionalLines } from './repair-orders.rules.js';

// ---------------------------------------------------------------------------------------------
// A realistic repair order: the 10,000 km maintenance package, front brake pads, a warranty
// headlamp, a goodwill check, the package's inspection items (40 lines in all), an approved
// additional item and a declined safety item.

const RATE = 180_00; // ¥180.00 an hour
const labour = (code: string, description: string, hours: number, payType: DocLine['payType'] = 'customer'): DocLine => ({
  kind: 'labour',
  code,
  description,
  hours,
  hourlyRateFen: RATE,
  payType,
});
const parts = (
  code: string,
  description: string,
  quantity: number,
  unitPriceFen: number,
  unit: string,
  extra: Partial<DocLine> = {},
): DocLine => ({ kind: 'parts', code, description, quantity, unitPriceFen, unit, payType: 'customer', ...extra }) as DocLine;

const INSPECTIONS = [
  '检查轮胎气压及花纹深度',
  '检查制动液液位及含水量',
  '检查冷却液液位及冰点',
  '检查蓄电池电压及启动性能',
  '检查全车灯光',
  '检查雨刮及喷水装置',
  '检查转向拉杆球头',
  '检查底盘螺栓紧固',
  '检查排气系统有无泄漏',
  '检查传动轴防尘套',
  '检查减震器有无渗漏',
  '检查空调出风温度',
  '检查喇叭',
  '检查安全带及卡扣',
  '检查仪表故障指示灯',
  '检查玻璃水液位',
  '检查变速箱有无渗漏',
  '检查发动机有无渗漏',
  '检查附件皮带',
  '检查前制动盘磨损',
  '检查后制动片厚度',
  '检查驻车制动',
  '润滑车门铰链及限位器',
  '检查天窗排水管',
  '检查备胎及随车工具',
  '读取故障码并复位保养提示',
  '路试',
];

const lines: DocLine[] = [
  labour('LAB-M10K', '10,000 km 定期保养工时', 1),
  parts('P-0W20-SN', '全合成机油 0W-20 SP', 4.5, 88_00, 'L'),
  parts('06L115562B', '机油滤清器', 1, 65_00, '个'),
  parts('N0138157', '放油螺栓密封垫', 1, 5_00, '个'),
  parts('5Q0129620D', '空气滤清器滤芯', 1, 120_00, '个'),
  parts('5Q0819653', '空调滤清器（活性炭）', 1, 158_00, '个', { discount: { percent: 10 } }),
  labour('LAB-TYRE-ROT', '四轮换位及动平衡', 0.5),
  labour('LAB-BRK-F', '更换前制动片', 1.2),
  parts('3QD698151', '前制动片（一套）', 1, 680_00, '套', { discount: { percent: 10 } }),
  parts('5Q0615121', '制动片磨损报警线', 1, 45_00, '个'),
  labour('LAB-HL-L', '更换左前大灯总成（进水起雾，保修）', 0.8, 'warranty'),
  parts('3GD941005', '左前大灯总成', 1, 2350_00, '个', { payType: 'warranty' }),
  labour('LAB-AC-CHK', '空调系统检测', 0.3, 'goodwill'),
  ...INSPECTIONS.map((d, i) => labour(`CHK-${String(i + 1).padStart(2, '0')}`, d, 0)),
];

const approvedWiper = parts('5G1998002', '前雨刮片（一对）', 1, 168_00, '对');
const declinedPads = parts('5Q0698451', '后制动片（剩余 3 mm）', 1, 520_00, '套');

/** A small PNG (RGBA) with a pen stroke, as the tablet sends it. */
function signaturePng(): string {
  const w = 240;
  const h = 80;
  const raw = Buffer.alloc((w * 4 + 1) * h);
  for (let x = 10; x < w - 10; x++) {
    const cy = Math.round(h / 2 + Math.sin(x / 14) * 18 * Math.cos(x / 53));
    for (let y = cy - 1; y <= cy + 1; y++) raw.set([20, 20, 60, 255], y * (w * 4 + 1) + 1 + x * 4);
  }
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), body.length + 4);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
  return `data:image/png;base64,${png.toString('base64')}`;
}

const SIGNED_HASH = createHash('sha256').update('RO-20261122-0007 v3 lines+estimate+promised 2026-11-22T17:00+08:00').digest('hex');

const ro: RepairOrderDocument = {
  dealer: {
    name: '北京东方之星汽车销售服务有限公司',
    address: '北京市朝阳区东四环中路 88 号',
    phone: '010-6588 8866',
    timeZone: 'Asia/Shanghai',
  },
  roNumber: 'RO-20261122-0007',
  openedAt: new Date('2026-11-22T01:12:00Z'),
  promisedAt: new Date('2026-11-22T09:00:00Z'),
  serviceAdvisor: '李娜',
  customer: { name: '王建国', mobile: '13812345678' },
  user: { name: '王磊', mobile: '13987654321' },
  vehicle: { plate: '京A·12345', vin: 'LSVAU2187N2123456', model: '大众 帕萨特 330TSI 2022款', odometerKm: 10_012 },
  concerns: '机油灯亮了，早上刹车的时候有“吱吱”的响声。',
  diagnosis: '10,000 km 定期保养到期；前制动片剩余 2 mm，需更换；左前大灯进水起雾，属保修范围；后制动片剩余 3 mm，建议更换。',
  lines,
  additionalItems: [
    { line: approvedWiper, safety: false, status: 'approved' },
    {
      line: declinedPads,
      safety: true,
      status: 'declined',
      hazardWording: '安全隐患 — 强烈建议更换',
      customerSignedAt: new Date('2026-11-22T03:05:00Z'),
    },
  ],
  signature: { png: signaturePng(), signedAt: new Date('2026-11-22T01:20:00Z'), signedContentHash: SIGNED_HASH },
};

const totals = roTotals([...lines, ...billableAdditionalLines([...ro.additionalItems!])]);
const payable = totals.customerPayableFen;

const invoice: InvoiceDocument = {
  ...ro,
  invoiceNumber: 'JS-20261122-0031',
  invoicedAt: new Date('2026-11-22T08:40:00Z'),
  cashier: '赵敏',
  payments: [
    { method: 'card', amountFen: 1000_00, paidAt: new Date('2026-11-22T08:41:00Z'), reference: '6222 **** 1234' },
    {
      method: 'wechat_pay',
      amountFen: payable - 1000_00,
      paidAt: new Date('2026-11-22T08:42:00Z'),
      reference: '4200001234202611221234567890',
    },
  ],
  nextMaintenance: { dueOn: '2027-05-22', dueKm: 20_012 },
  signature: {
    png: signaturePng(),
    signedAt: new Date('2026-11-22T08:45:00Z'),
    signedContentHash: createHash('sha256').update('JS-20261122-0031').digest('hex'),
  },
};

/** Text without white space: wrapped lines and spacing between runs do not matter. */
const squash = (text: string) => text.replace(/\s+/g, '');

/** The text layer, page by page, as a viewer's search or copy sees it. */
async function textPages(pdf: Buffer): Promise<string[]> {
  const doc = await getDocument({ data: new Uint8Array(pdf), verbosity: 0, isEvalSupported: false, useSystemFonts: false }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    pages.push(squash(content.items.map((item) => ('str' in item ? item.str : '')).join('')));
  }
  await doc.destroy();
  return pages;
}

/** Writes the samples when SERVICEBAY_PDF_SAMPLES names a directory (to look at them). */
function keepSample(name: string, pdf: Buffer) {
  const dir = process.env.SERVICEBAY_PDF_SAMPLES;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, name), pdf);
}

describe('money and quantities on documents', () => {
  it('prints integer fen as yuan with thousands separators', () => {
    expect(formatFen(123_456)).toBe('¥1,234.56');
    expect(formatFen(5)).toBe('¥0.05');
    expect(formatFen(0)).toBe('¥0.00');
    expect(formatFen(100_000_000)).toBe('¥1,000,000.00');
    expect(formatFen(-150_000)).toBe('-¥1,500.00');
    expect(() => formatFen(1.5)).toThrow(RangeError);
  });

  it('prints hours and quantities without trailing zeros', () => {
    expect(formatQuantity(4.5)).toBe('4.5');
    expect(formatQuantity(1)).toBe('1');
    expect(formatQuantity(0.25)).toBe('0.25');
  });
});

describe('the CJK font', () => {
  it('names the Debian package when the font is missing', () => {
    const setting = cjkFontSetting({ SERVICEBAY_CJK_FONT: '/nonexistent/NotoSansCJK-Regular.ttc#NotoSansCJKsc-Regular' });
    expect(setting.regular).toEqual({ path: '/nonexistent/NotoSansCJK-Regular.ttc', face: 'NotoSansCJKsc-Regular' });
    expect(() => loadCjkFonts(setting)).toThrow(PdfFontError);
    expect(() => loadCjkFonts(setting)).toThrow(/fonts-noto-cjk/);
  });

  it('takes the Simplified Chinese face of a collection named without one', () => {
    const fonts = loadCjkFonts(cjkFontSetting({ SERVICEBAY_CJK_FONT: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc' }));
    expect(fonts.regular.postscriptName).toBe('NotoSansCJKsc-Regular');
    expect(fonts.bold).toBe(fonts.regular);
  });

  it('refuses a face the collection does not have', () => {
    const setting = cjkFontSetting({ SERVICEBAY_CJK_FONT: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc#NoSuchFace' });
    expect(() => loadCjkFonts(setting)).toThrow(/has no face NoSuchFace; it has .*NotoSansCJKsc-Regular/);
  });
});

describe('repair order PDF', () => {
  const cases: [DocLocale, string][] = [
    ['zh-CN', '维修委托书'],
    ['en', 'Repair Order'],
  ];

  it.each(cases)('%s: a searchable A4 contract over several pages', async (locale, title) => {
    const pdf = await renderRepairOrderPdf(ro, locale);
    keepSample(locale === 'zh-CN' ? 'ro-sample.pdf' : 'ro-sample-en.pdf', pdf);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');

    const pages = await textPages(pdf);
    expect(pages.length).toBeGreaterThanOrEqual(2);
    const text = pages.join('\n');
    expect(text).toContain(squash(title));
    // The Chinese data is real text (ToUnicode map), not just glyphs.
    for (const expected of [
      '王建国',
      '机油灯亮了',
      '京A·12345',
      'LSVAU2187N2123456',
      'RO-20261122-0007',
      '全合成机油 0W-20 SP',
      '左前大灯总成',
      '2026-11-22 17:00',
      '2026-11-22 09:12',
    ]) {
      expect(text).toContain(squash(expected));
    }
    // The estimate, from roTotals.
    expect(text).toContain(formatFen(payable));
    expect(text).toContain(formatFen(totals.taxIncludedFen));
    expect(text).toContain(formatFen(totals.byPayType.warranty.netFen));
    // The SHA-256 of what the customer signed.
    expect(text).toContain(SIGNED_HASH);
    // The table's header row is repeated on the next page.
    expect(pages[1]).toContain(locale === 'zh-CN' ? '单价' : squash('Unit price'));

    if (locale === 'zh-CN') {
      for (const expected of [
        '交车时间',
        '客户原话',
        '安全隐患 — 强烈建议更换',
        '客户已签字确认拒绝（2026-11-22 11:05）',
        '免费项目',
        '保修',
        '善意维修',
        '委托条款',
        `第 1 / ${pages.length} 页`,
      ]) {
        expect(text).toContain(squash(expected));
      }
    } else {
      for (const expected of [
        'Promised delivery',
        'Safety hazard — replacement strongly recommended',
        'Declined and signed by the customer (2026-11-22 11:05)',
        'Free items',
        'Warranty',
        `Page 1 of ${pages.length}`,
      ]) {
        expect(text).toContain(squash(expected));
      }
    }
  });

  it('leaves blank lines to sign on paper when there is no signature yet', async () => {
    const pdf = await renderRepairOrderPdf({ ...ro, signature: null, lines: lines.slice(0, 5), additionalItems: [] }, 'zh-CN');
    keepSample('ro-unsigned.pdf', pdf);
    const pages = await textPages(pdf);
    expect(pages).toHaveLength(1);
    expect(pages[0]).toContain('客户签字');
    expect(pages[0]).not.toContain('SHA-256');
  });

  it('accepts only an image data URL as the signature, never a file path', async () => {
    await expect(
      renderRepairOrderPdf(
        { ...ro, signature: { png: '/etc/passwd', signedAt: '2026-11-22 09:20', signedContentHash: SIGNED_HASH } },
        'zh-CN',
      ),
    ).rejects.toThrow(/data URL/);
  });
});

describe('invoice PDF', () => {
  it.each<[DocLocale, string]>([
    ['zh-CN', '维修结算单'],
    ['en', 'Invoice'],
  ])('%s: the settlement with payments and the next maintenance due', async (locale, title) => {
    const pdf = await renderInvoicePdf(invoice, locale);
    keepSample(locale === 'zh-CN' ? 'invoice-sample.pdf' : 'invoice-sample-en.pdf', pdf);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pages = await textPages(pdf);
    expect(pages.length).toBeGreaterThanOrEqual(2);
    const text = pages.join('\n');
    for (const expected of [
      title,
      '王建国',
      '京A·12345',
      'RO-20261122-0007',
      'JS-20261122-0031',
      formatFen(payable),
      formatFen(payable - 1000_00),
      '2027-05-22',
      '20,012 km',
    ]) {
      expect(text).toContain(squash(expected));
    }
    if (locale === 'zh-CN') {
      for (const expected of ['微信支付', '银行卡', '实收合计', '下次保养', '免费项目']) expect(text).toContain(squash(expected));
    } else {
      for (const expected of ['WeChat Pay', 'Card', 'Paid', 'Next maintenance', 'whichever comes first'])
        expect(text).toContain(squash(expected));
    }
  });

  it('prints the invoice discount and the VAT in the amount due', async () => {
    const discountFen = 39_20;
    const amountDueFen = payable - discountFen;
    const discounted: InvoiceDocument = {
      ...invoice,
      discountFen,
      amountDueFen,
      payments: [{ method: 'alipay', amountFen: amountDueFen, paidAt: '2026-11-22 16:41', reference: null }],
    };
    const pdf = await renderInvoicePdf(discounted, 'zh-CN');
    keepSample('invoice-discount.pdf', pdf);
    const text = (await textPages(pdf)).join('\n');
    for (const expected of [
      '应收金额',
      '结算优惠',
      formatFen(-discountFen),
      formatFen(amountDueFen),
      formatFen(vatContainedFen(amountDueFen)),
      '支付宝',
    ]) {
      expect(text).toContain(squash(expected));
    }
    expect(text).not.toContain('尚欠金额');
    await expect(renderInvoicePdf({ ...discounted, amountDueFen: payable }, 'zh-CN')).rejects.toThrow(/does not match/);
  });
});
