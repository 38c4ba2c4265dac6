// The repair order (维修委托书) and its invoice (结算单) as printed documents (domain.md §4).
//
// The repair order is the bill and a legal contract: the customer's own words, the diagnosis, the
// job lines with their pay types, the estimate, the promised delivery time and the customer's
// signature authorising the work. Every amount comes from the RO pricing in contracts (roTotals, lineAmountFen);
// this file only lays them out. Input is plain data, already loaded and in the dealer's terms.

import {
  lineAmountFen,
  PAY_TYPES,
  type PayType,
  type PricedLine,
  type RoLine,
  type RoTotals,
  roTotals,
  VAT_RATE,
  vatContainedFen,
} from '@servicebay/contracts';
import QRCode from 'qrcode';
import { localDate, localTime } from '../../platform/dealer-time.js';
import { PDF_FONTS, type PdfDocument, renderPdf } from '../../platform/pdf.js';
import { type AdditionalItemStatus, billableAdditionalLines } from './repair-orders.rules.js';

// ---------------------------------------------------------------------------------------------
// The documents' data

export type DocLocale = 'zh-CN' | 'en';

/** A moment on the document: a Date (printed in the dealer's time zone) or text already formatted for print. */
export type DocTime = Date | string;

export type DocDealer = {
  name: string;
  address: string;
  phone: string;
  /** IANA zone that Dates are printed in; default Asia/Shanghai. */
  timeZone?: string;
};

/** A job line: a labour operation (flat-rate hours × hourly rate) or parts (quantity × unit price), in fen. */
export type DocLine = RoLine & {
  code: string | null;
  description: string;
  /** Unit printed after a parts quantity (L, 个, 套). */
  unit?: string | null;
};

/** Additional work (增修项目) found during the job, with the customer's decision. */
export type DocAdditionalItem = {
  line: DocLine;
  /** Affects safety (brake pads, tyres): a declined item carries the hazard wording and the customer's signature. */
  safety: boolean;
  status: AdditionalItemStatus;
  /** Printed for a declined safety item; default 安全隐患 — 强烈建议更换 (its English translation on English documents). */
  hazardWording?: string | null;
  /** When the customer signed the declined item. */
  customerSignedAt?: DocTime | null;
};

export type DocSignature = {
  /** The signature captured on the tablet: a PNG (or JPEG) data URL; absent when signed on paper. */
  png?: string | null;
  signedAt: DocTime;
  /** SHA-256 (hex) of the content the customer signed. */
  signedContentHash: string;
};

export type RepairOrderDocument = {
  dealer: DocDealer;
  /** RO-YYYYMMDD-NNNN */
  roNumber: string;
  openedAt: DocTime;
  /** The promised delivery time (交车时间). */
  promisedAt: DocTime;
  serviceAdvisor?: string | null;
  customer: { name: string; mobile: string };
  /** Who brings and drives the car, when not the customer (送修人/使用人). */
  user?: { name: string; mobile?: string | null } | null;
  vehicle: { plate: string; vin: string; model: string; odometerKm: number | null };
  /** The customer's concerns in their own words (客户原话). */
  concerns: string;
  diagnosis?: string | null;
  lines: readonly DocLine[];
  /** Approved items are billed (after `lines`); declined and pending ones never are. */
  additionalItems?: readonly DocAdditionalItem[];
  /** The customer's signature authorising the work; absent, the document has blank lines to sign on paper. */
  signature?: DocSignature | null;
  /** The contract's clauses; default: the locale's standard terms. */
  terms?: readonly string[];
  vatRate?: number;
  /** The customer's progress page: printed as a QR code with its address. */
  progressUrl?: string | null;
};

export const PAYMENT_METHODS = ['cash', 'card', 'wechat_pay', 'alipay', 'points'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export type DocPayment = { method: PaymentMethod; amountFen: number; paidAt?: DocTime | null; reference?: string | null };

export type InvoiceDocument = Omit<RepairOrderDocument, 'signature'> & {
  invoiceNumber: string;
  invoicedAt: DocTime;
  /** The invoice's own discount on what the customer pays (the settlement discount), in fen. */
  discountFen?: number;
  /** The club member's labour discount, a part of `discountFen` printed on its own line with its reason. */
  memberDiscount?: {
    level: 'silver' | 'gold' | 'platinum';
    labourDiscountPercent: number;
    discountFen: number;
    /** The level's free checks and washes, each on its own line (absent on invoices made before they applied). */
    freeServices?: readonly { kind: 'check' | 'wash'; description: string; fen: number }[];
  } | null;
  /** The kept appointment's labour discount, a part of `discountFen` on its own line, and the gift when the dealer was late. */
  bookingBenefit?: { appointmentNumber: string; labourDiscountPercent: number; discountFen: number; apologyGift: string | null } | null;
  /** What the customer owes: the invoice's amountDueFen (customer-payable less `discountFen`); required with a discount. */
  amountDueFen?: number;
  payments: readonly DocPayment[];
  /** Next maintenance due (nextMaintenanceDue): a date (YYYY-MM-DD) and, when known, the odometer reading. */
  nextMaintenance?: { dueOn: string; dueKm: number | null } | null;
  cashier?: string | null;
  /** The customer's signature confirming the settlement and taking the car back; absent, blank lines. */
  signature?: DocSignature | null;
};

// ---------------------------------------------------------------------------------------------
// Labels: one table per locale

type Labels = {
  lang: string;
  roTitle: string;
  invoiceTitle: string;
  continued: string;
  roNumber: string;
  invoiceNumber: string;
  openedAt: string;
  invoicedAt: string;
  serviceAdvisor: string;
  cashier: string;
  promisedAt: string;
  customerBox: string;
  vehicleBox: string;
  customer: string;
  mobile: string;
  user: string;
  plate: string;
  vin: string;
  model: string;
  odometer: string;
  concerns: string;
  diagnosis: string;
  none: string;
  linesTitle: string;
  col: {
    no: string;
    kind: string;
    code: string;
    description: string;
    qty: string;
    unitPrice: string;
    discount: string;
    amount: string;
    payType: string;
  };
  kind: { labour: string; parts: string };
  additionalTag: string;
  additionalTitle: string;
  decision: string;
  remark: string;
  status: Record<AdditionalItemStatus, string>;
  hazard: string;
  declinedSigned: (at: string) => string;
  declinedNotSigned: string;
  notBilled: string;
  estimateTitle: string;
  settlementTitle: string;
  gross: string;
  net: string;
  total: string;
  customerPayable: string;
  invoiceDiscount: string;
  memberDiscount: (level: string, percent: string) => string;
  memberFreeService: (kind: 'check' | 'wash', description: string) => string;
  bookingDiscount: (number: string, percent: string) => string;
  apologyGift: (gift: string) => string;
  clubLevels: Record<'silver' | 'gold' | 'platinum', string>;
  amountDue: string;
  estimateNote: string;
  vatIncluded: (percent: string) => string;
  freeItems: string;
  payTypes: Record<PayType, string>;
  termsTitle: string;
  terms: readonly string[];
  invoiceNotesTitle: string;
  invoiceNotes: readonly string[];
  signatureTitle: string;
  roStatement: string;
  progressTitle: string;
  progressNote: string;
  invoiceStatement: string;
  signedAt: string;
  signedHash: string;
  signHere: string;
  signature: string;
  date: string;
  dealerBox: string;
  stamp: string;
  paymentsTitle: string;
  method: string;
  paidAt: string;
  reference: string;
  paidTotal: string;
  balanceDue: string;
  change: string;
  methods: Record<PaymentMethod, string>;
  nextMaintenanceTitle: string;
  nextMaintenance: (dueOn: string, dueKm: string | null) => string;
  page: (n: number, of: number) => string;
};

const ZH: Labels = {
  lang: 'zh-CN',
  roTitle: '维修委托书',
  invoiceTitle: '维修结算单',
  continued: '（续）',
  roNumber: '委托书号',
  invoiceNumber: '结算单号',
  openedAt: '开单时间',
  invoicedAt: '结算时间',
  serviceAdvisor: '服务顾问',
  cashier: '收银员',
  promisedAt: '交车时间',
  customerBox: '客户信息',
  vehicleBox: '车辆信息',
  customer: '客户姓名',
  mobile: '手机号码',
  user: '送修人',
  plate: '车牌号码',
  vin: '车架号',
  model: '车型',
  odometer: '进厂里程',
  concerns: '客户原话（客户描述）',
  diagnosis: '检查诊断',
  none: '无',
  linesTitle: '维修项目',
  col: {
    no: '序号',
    kind: '类别',
    code: '编码',
    description: '项目 / 配件名称',
    qty: '工时/数量',
    unitPrice: '单价',
    discount: '折扣',
    amount: '金额',
    payType: '付费方式',
  },
  kind: { labour: '工时', parts: '配件' },
  additionalTag: '（增修）',
  additionalTitle: '增修项目',
  decision: '客户决定',
  remark: '说明',
  status: { approved: '同意维修', declined: '拒绝维修', pending: '待客户确认' },
  hazard: '安全隐患 — 强烈建议更换',
  declinedSigned: (at) => `客户已签字确认拒绝（${at}）`,
  declinedNotSigned: '客户尚未签字确认',
  notBilled: '不计费',
  estimateTitle: '费用预估',
  settlementTitle: '结算金额',
  gross: '原价',
  net: '金额',
  total: '合计',
  customerPayable: '客户应付',
  invoiceDiscount: '结算优惠',
  memberDiscount: (level, percent) => `会员工时优惠（${level} ${percent}）`,
  memberFreeService: (kind, description) => `会员${kind === 'check' ? '免费检查' : '免费洗车'}：${description}`,
  bookingDiscount: (number, percent) => `准时预约工时优惠（${number} ${percent}）`,
  apologyGift: (gift) => `致歉礼品：${gift}`,
  clubLevels: { silver: '银卡', gold: '金卡', platinum: '白金卡' },
  amountDue: '应收金额',
  estimateNote: '预估金额，最终以结算单为准',
  vatIncluded: (p) => `含增值税（${p}）`,
  freeItems: '免费项目（不向客户收费）',
  payTypes: { customer: '客户付费', warranty: '保修', free_first_maintenance: '首保免费', goodwill: '善意维修', internal: '内部' },
  termsTitle: '委托条款',
  terms: [
    '本委托书经客户签字后生效，是客户与本店的维修合同；所列维修项目和费用为预估，最终以结算单为准。',
    '维修中发现的增修项目，本店须事先告知客户项目和价格，经客户同意后方可施工；未经客户同意的项目不收费。',
    '客户拒绝的涉及行车安全的项目，已在本委托书注明并经客户签字确认，由此产生的后果由客户承担。',
    '交车时间为本店向客户承诺的时间；如因配件供应或增修项目需要延后，本店将提前通知客户并重新约定。',
    '更换下的旧件在交车时向客户展示；客户不带走的旧件由本店按规定处理。',
    '请客户取走车内贵重物品；未取走且未登记的物品，本店不承担保管责任。',
    '本店按《机动车维修管理规定》提供维修质量保证，保证期自交车之日起计算。',
  ],
  invoiceNotesTitle: '说明',
  invoiceNotes: [
    '保修、首保免费、善意维修及内部项目不向客户收费，已在上文列明。',
    '本店按《机动车维修管理规定》提供维修质量保证，保证期自交车之日起计算。',
    '本结算单不作为增值税发票，发票另行开具。',
  ],
  signatureTitle: '客户签字',
  roStatement: '本人已阅读并同意上述维修项目、预估费用、交车时间及委托条款，授权贵店施工。',
  progressTitle: '扫码查看维修进度',
  progressNote: '用手机扫描二维码，随时查看车辆的维修进度和预计交车时间。',
  invoiceStatement: '本人已确认上述维修项目及费用，车辆已验收。',
  signedAt: '签字时间',
  signedHash: '签署内容 SHA-256',
  signHere: '客户签字',
  signature: '签字',
  date: '日期',
  dealerBox: '经销商确认',
  stamp: '（经销商盖章）',
  paymentsTitle: '付款记录',
  method: '付款方式',
  paidAt: '付款时间',
  reference: '交易号',
  paidTotal: '实收合计',
  balanceDue: '尚欠金额',
  change: '找零',
  methods: { cash: '现金', card: '银行卡', wechat_pay: '微信支付', alipay: '支付宝', points: '会员积分' },
  nextMaintenanceTitle: '下次保养',
  nextMaintenance: (d, km) => (km ? `${d} 或 ${km}，以先到者为准` : d),
  page: (n, of) => `第 ${n} / ${of} 页`,
};

const EN: Labels = {
  lang: 'en',
  roTitle: 'Repair Order',
  invoiceTitle: 'Invoice',
  continued: ' (continued)',
  roNumber: 'RO number',
  invoiceNumber: 'Invoice number',
  openedAt: 'Opened',
  invoicedAt: 'Invoiced',
  serviceAdvisor: 'Service advisor',
  cashier: 'Cashier',
  promisedAt: 'Promised delivery',
  customerBox: 'Customer',
  vehicleBox: 'Vehicle',
  customer: 'Name',
  mobile: 'Mobile',
  user: 'Brought by',
  plate: 'Plate',
  vin: 'VIN',
  model: 'Model',
  odometer: 'Odometer',
  concerns: "Customer's concerns (own words)",
  diagnosis: 'Diagnosis',
  none: 'None',
  linesTitle: 'Work',
  col: {
    no: '#',
    kind: 'Type',
    code: 'Code',
    description: 'Description',
    qty: 'Hrs/Qty',
    unitPrice: 'Unit price',
    discount: 'Discount',
    amount: 'Amount',
    payType: 'Pay type',
  },
  kind: { labour: 'Labour', parts: 'Parts' },
  additionalTag: ' (additional)',
  additionalTitle: 'Additional work',
  decision: 'Decision',
  remark: 'Remarks',
  status: { approved: 'Approved', declined: 'Declined', pending: 'Awaiting customer' },
  hazard: 'Safety hazard — replacement strongly recommended',
  declinedSigned: (at) => `Declined and signed by the customer (${at})`,
  declinedNotSigned: 'Not yet signed by the customer',
  notBilled: 'not billed',
  estimateTitle: 'Estimate',
  settlementTitle: 'Amount',
  gross: 'Gross',
  net: 'Net',
  total: 'Total',
  customerPayable: 'Customer pays',
  invoiceDiscount: 'Invoice discount',
  memberDiscount: (level, percent) => `Member labour discount (${level} ${percent})`,
  memberFreeService: (kind, description) => `Member's free ${kind === 'check' ? 'check' : 'wash'}: ${description}`,
  bookingDiscount: (number, percent) => `Kept appointment labour discount (${number} ${percent})`,
  apologyGift: (gift) => `Our apology gift: ${gift}`,
  clubLevels: { silver: 'Silver', gold: 'Gold', platinum: 'Platinum' },
  amountDue: 'Amount due',
  estimateNote: 'Estimate; the invoice is final',
  vatIncluded: (p) => `VAT included (${p})`,
  freeItems: 'Free items (not charged to the customer)',
  payTypes: {
    customer: 'Customer pay',
    warranty: 'Warranty',
    free_first_maintenance: 'Free 1st service',
    goodwill: 'Goodwill',
    internal: 'Internal',
  },
  termsTitle: 'Terms',
  terms: [
    'This order takes effect when the customer signs it and is the repair contract between the customer and the dealer; the work and amounts listed are an estimate, the invoice is final.',
    'Additional work found during the job is done only after the customer has been told what it is and its price and has approved it; work not approved is not charged.',
    'Safety-related work the customer declines is recorded on this order and signed by the customer, who bears the consequences.',
    'The promised delivery time is a commitment; if parts or additional work delay it, the dealer tells the customer in advance and agrees a new time.',
    'Replaced parts are shown to the customer at delivery; parts the customer does not take are disposed of as regulations require.',
    'Please remove valuables from the car; the dealer is not liable for items left in it and not recorded.',
    'The dealer guarantees the work as the Motor Vehicle Maintenance Regulations require, from the day of delivery.',
  ],
  invoiceNotesTitle: 'Notes',
  invoiceNotes: [
    'Warranty, free first service, goodwill and internal items are not charged to the customer; they are listed above.',
    'The dealer guarantees the work as the Motor Vehicle Maintenance Regulations require, from the day of delivery.',
    'This statement is not a VAT invoice (fapiao); the fapiao is issued separately.',
  ],
  signatureTitle: 'Customer signature',
  roStatement:
    'I have read and agree to the work, the estimate, the promised delivery time and the terms above, and authorise the dealer to carry out the work.',
  progressTitle: 'Scan to follow the work',
  progressNote: "Scan the code with your phone to see your car's progress and the expected delivery time at any moment.",
  invoiceStatement: 'I confirm the work and the amounts above and have taken the car back in good order.',
  signedAt: 'Signed at',
  signedHash: 'SHA-256 of the signed content',
  signHere: 'Customer signature',
  signature: 'Signature',
  date: 'Date',
  dealerBox: 'Dealer',
  stamp: '(dealer stamp)',
  paymentsTitle: 'Payments',
  method: 'Method',
  paidAt: 'Paid at',
  reference: 'Reference',
  paidTotal: 'Paid',
  balanceDue: 'Balance due',
  change: 'Change',
  methods: { cash: 'Cash', card: 'Card', wechat_pay: 'WeChat Pay', alipay: 'Alipay', points: 'Club points' },
  nextMaintenanceTitle: 'Next maintenance',
  nextMaintenance: (d, km) => (km ? `${d} or at ${km}, whichever comes first` : d),
  page: (n, of) => `Page ${n} of ${of}`,
};

const LABELS: Record<DocLocale, Labels> = { 'zh-CN': ZH, en: EN };
const STANDARD_HAZARD_WORDING = new Set([ZH.hazard, EN.hazard]);

// ---------------------------------------------------------------------------------------------
// Formatting

/** Integer fen as ¥1,234.56 (negative: -¥1,234.56). */
export function formatFen(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`an amount must be a whole number of fen, got ${fen}`);
  const abs = Math.abs(fen);
  const yuan = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${fen < 0 ? '-' : ''}¥${yuan}.${String(abs % 100).padStart(2, '0')}`;
}

/** Hours or a quantity (at most two decimals) without trailing zeros: 1.5, 4.25, 2. */
export const formatQuantity = (value: number): string => value.toFixed(2).replace(/\.?0+$/, '');

const formatKm = (km: number) => `${String(km).replace(/\B(?=(\d{3})+(?!\d))/g, ',')} km`;

function formatTime(at: DocTime, timeZone: string): string {
  return typeof at === 'string' ? at : `${localDate(at, timeZone)} ${localTime(at, timeZone)}`;
}

const formatPercent = (rate: number) => `${formatQuantity(Math.round(rate * 10_000) / 100)}%`;

/** The signature image as bytes; only data URLs (never a path pdfkit would read from disk). */
function signatureImage(dataUrl: string): Buffer {
  const match = /^data:image\/(png|jpeg);base64,([A-Za-z0-9+/=\s]+)$/.exec(dataUrl);
  if (!match) throw new RangeError('the signature must be a PNG or JPEG data URL');
  const bytes = Buffer.from(match[2]!, 'base64');
  const png = bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47;
  const jpeg = bytes[0] === 0xff && bytes[1] === 0xd8;
  const kind = match[1] === 'png' ? 'PNG' : 'JPEG';
  if (!(kind === 'PNG' ? png : jpeg)) throw new RangeError(`the signature data URL does not hold a ${kind} image`);
  return bytes;
}

// ---------------------------------------------------------------------------------------------
// Layout

const INK = '#1a1a1a';
const MUTED = '#5f5f5f';
const RULE = '#8c8c8c';
const SHADE = '#ececec';
const ACCENT = '#1f3a68';
const HAZARD = '#b3261e';

const MARGIN = { top: 36, left: 36, right: 36, bottom: 14 };
/** Content stops here; the footer sits below it. */
const FOOTER_SPACE = 40;
const LINE_GAP = 1.2;
const PAD = 3;
const GAP = 8;
const NO_BREAK = 1e6; // a text box taller than any page: pdfkit never starts a page by itself

type Style = { size?: number; bold?: boolean; color?: string };
type Segment = Style & { text: string };
type Cell = string | Segment | Segment[];
type Align = 'left' | 'right' | 'center';
type Column<R> = { header: string; width: number; align?: Align; cell: (row: R, index: number) => Cell };

const segments = (cell: Cell, base: Style): Segment[] =>
  (typeof cell === 'string' ? [{ text: cell }] : Array.isArray(cell) ? cell : [cell]).map((s) => ({ ...base, ...s }));

/** A page of the document being laid out top to bottom, with its own page breaks. */
class Sheet {
  y = MARGIN.top;
  readonly left = MARGIN.left;
  readonly width: number;
  readonly bottom: number;
  /** Draws the running head of a continuation page. */
  onNewPage: () => void = () => {};

  constructor(
    readonly doc: PdfDocument,
    readonly L: Labels,
  ) {
    this.width = doc.page.width - MARGIN.left - MARGIN.right;
    this.bottom = doc.page.height - FOOTER_SPACE;
  }

  get right() {
    return this.left + this.width;
  }

  style({ size = 8.5, bold = false, color = INK }: Style) {
    this.doc
      .font(bold ? PDF_FONTS.bold : PDF_FONTS.regular)
      .fontSize(size)
      .fillColor(color);
  }

  measure(text: string, width: number, style: Style = {}): number {
    this.style(style);
    return this.doc.heightOfString(text.length > 0 ? text : ' ', { width, lineGap: LINE_GAP });
  }

  write(text: string, x: number, y: number, width: number, style: Style & { align?: Align } = {}): number {
    const height = this.measure(text, width, style);
    this.doc.text(text, x, y, { width, height: NO_BREAK, lineGap: LINE_GAP, align: style.align ?? 'left' });
    return height;
  }

  measureCell(cell: Cell, width: number, base: Style): number {
    return segments(cell, base).reduce((h, s) => h + this.measure(s.text, width, s), 0);
  }

  writeCell(cell: Cell, x: number, y: number, width: number, base: Style & { align?: Align }): void {
    let at = y;
    for (const s of segments(cell, base)) at += this.write(s.text, x, at, width, { ...s, align: base.align ?? 'left' });
  }

  /** One line of text that never wraps, e.g. in the running head and footer. */
  line(text: string, x: number, y: number, style: Style & { align?: Align } = {}) {
    this.style(style);
    const w = this.doc.widthOfString(text);
    const at = style.align === 'right' ? x - w : style.align === 'center' ? x - w / 2 : x;
    this.doc.text(text, at, y, { lineBreak: false });
  }

  rule(y: number, { color = RULE, width = 0.6, from = this.left, to = this.right } = {}) {
    this.doc.save().moveTo(from, y).lineTo(to, y).lineWidth(width).strokeColor(color).stroke().restore();
  }

  rect(
    x: number,
    y: number,
    w: number,
    h: number,
    { stroke = RULE, fill, lineWidth = 0.6 }: { stroke?: string | null; fill?: string; lineWidth?: number } = {},
  ) {
    this.doc.save().rect(x, y, w, h).lineWidth(lineWidth);
    if (fill && stroke) this.doc.fillAndStroke(fill, stroke);
    else if (fill) this.doc.fill(fill);
    else if (stroke) this.doc.strokeColor(stroke).stroke();
    this.doc.restore();
  }

  newPage() {
    this.doc.addPage({ size: 'A4', layout: 'portrait', margins: MARGIN });
    this.y = MARGIN.top;
    this.onNewPage();
  }

  /** Starts a new page unless `height` more fits on this one. */
  ensure(height: number) {
    if (this.y + height > this.bottom) this.newPage();
  }

  /** A titled, bordered box; `body` draws inside it from (x, y) and the box is `bodyHeight` tall. */
  box(x: number, y: number, w: number, title: string, bodyHeight: number, body: (x: number, y: number, w: number) => void): number {
    const titleH = 15;
    this.rect(x, y, w, titleH, { fill: SHADE, stroke: RULE });
    this.write(title, x + PAD + 1, y + 2.5, w - 2 * PAD, { size: 8.5, bold: true });
    this.rect(x, y + titleH, w, bodyHeight, { stroke: RULE });
    body(x + PAD + 2, y + titleH + PAD + 1, w - 2 * (PAD + 2));
    return titleH + bodyHeight;
  }

  /** Label: value rows; returns the height they need (draws when `draw`). */
  fields(rows: readonly (readonly [string, string])[], x: number, y: number, w: number, labelW: number, draw: boolean): number {
    let at = y;
    for (const [label, value] of rows) {
      const h = Math.max(this.measure(label, labelW, { size: 8, color: MUTED }), this.measure(value, w - labelW, { size: 9 }));
      if (draw) {
        this.write(label, x, at + 0.5, labelW, { size: 8, color: MUTED });
        this.write(value, x + labelW, at, w - labelW, { size: 9 });
      }
      at += h + 1.5;
    }
    return at - y;
  }

  /** A section title in the flow. */
  heading(title: string) {
    this.write(title, this.left, this.y, this.width, { size: 9.5, bold: true, color: ACCENT });
    this.y += 15;
  }

  /**
   * A table in the flow: the header row is repeated at the top of each page the table runs onto,
   * and no row is split. `after` reserves room below the last row for what must stay with it;
   * `keepTogether` moves a short table (up to half a page) whole to the next page rather than split it.
   */
  table<R>(
    columns: readonly Column<R>[],
    rows: readonly R[],
    { size = 8, title, after = 0, keepTogether = false }: { size?: number; title?: string; after?: number; keepTogether?: boolean } = {},
  ) {
    const widths = columns.map((c) => c.width);
    const xs = edgesFrom(this.left, widths);
    const headerStyle: Style = { size: size - 0.5, bold: true };
    const headerH = Math.max(...columns.map((c) => this.measure(c.header, c.width - 2 * PAD, headerStyle))) + 2 * PAD;
    const rowHeight = (row: R, i: number) =>
      Math.max(...columns.map((c) => this.measureCell(c.cell(row, i), c.width - 2 * PAD, { size }))) + 2 * PAD;
    const drawHeader = () => {
      this.rect(this.left, this.y, this.width, headerH, { fill: SHADE, stroke: RULE });
      columns.forEach((c, i) => {
        this.write(c.header, xs[i]! + PAD, this.y + PAD, c.width - 2 * PAD, { ...headerStyle, align: c.align ?? 'left' });
      });
      this.y += headerH;
    };
    const titleH = title ? 15 : 0;
    const whole = titleH + headerH + rows.reduce((h, r, i) => h + rowHeight(r, i), 0) + after;
    if (keepTogether && whole <= (this.bottom - MARGIN.top) / 2) this.ensure(whole);
    else this.ensure(titleH + headerH + (rows.length > 0 ? rowHeight(rows[0]!, 0) : 0) + (rows.length <= 1 ? after : 0));
    if (title) this.heading(title);
    drawHeader();
    rows.forEach((row, i) => {
      const h = rowHeight(row, i);
      if (this.y + h + (i === rows.length - 1 ? after : 0) > this.bottom) {
        this.newPage();
        drawHeader();
      }
      if (i % 2 === 1) this.rect(this.left, this.y, this.width, h, { fill: '#f7f7f7', stroke: null });
      columns.forEach((c, ci) => {
        this.writeCell(c.cell(row, i), xs[ci]! + PAD, this.y + PAD, c.width - 2 * PAD, { size, align: c.align ?? 'left' });
      });
      this.rule(this.y + h, { color: '#c8c8c8', width: 0.4 });
      this.y += h;
    });
    // The table's frame on its last page.
    this.doc.save().lineWidth(0.6).strokeColor(RULE).moveTo(this.left, this.y).lineTo(this.right, this.y).stroke().restore();
    this.y += GAP;
  }
}

/** Columns whose widths are fixed, but for one that takes the rest of the page width. */
function fitColumns<R>(total: number, columns: readonly (Omit<Column<R>, 'width'> & { width: number | 'rest' })[]): Column<R>[] {
  const fixed = columns.reduce((s, c) => s + (c.width === 'rest' ? 0 : c.width), 0);
  return columns.map((c) => ({ ...c, width: c.width === 'rest' ? total - fixed : c.width }));
}

// ---------------------------------------------------------------------------------------------
// Sections

type Common = RepairOrderDocument | InvoiceDocument;
type BilledLine = DocLine & { additional?: true };

function zoneOf(data: Common) {
  return data.dealer.timeZone ?? 'Asia/Shanghai';
}

/** The first page's head: the dealer, the title, the numbers and the promised delivery time. */
function drawHead(s: Sheet, data: Common, title: string, facts: readonly (readonly [string, string])[]) {
  const { L } = s;
  const top = s.y;
  const leftW = s.width * 0.6;
  let y = top;
  y += s.write(data.dealer.name, s.left, y, leftW, { size: 13, bold: true });
  y += s.write(data.dealer.address, s.left, y + 1, leftW, { size: 8, color: MUTED }) + 1;
  // A dealer without a phone on file prints no empty "Tel." line.
  if (data.dealer.phone)
    y += s.write(`${L.lang === 'en' ? 'Tel.' : '电话'} ${data.dealer.phone}`, s.left, y, leftW, { size: 8, color: MUTED });
  const titleH = s.measure(title, s.width - leftW, { size: 20, bold: true });
  s.write(title, s.left + leftW, top - 2, s.width - leftW, { size: 20, bold: true, color: ACCENT, align: 'right' });
  s.y = Math.max(y, top + titleH) + 5;
  s.rule(s.y, { color: ACCENT, width: 1.5 });
  s.y += 6;

  // Facts strip, with the promised delivery time boxed at the right.
  const promisedW = 168;
  const factW = (s.width - promisedW - GAP) / facts.length;
  const promised = formatTime(data.promisedAt, zoneOf(data));
  const stripH = 34;
  facts.forEach(([label, value], i) => {
    const x = s.left + i * factW;
    s.write(label, x, s.y + 2, factW - 4, { size: 7.5, color: MUTED });
    s.write(value, x, s.y + 13, factW - 4, { size: 9.5, bold: true });
  });
  const px = s.right - promisedW;
  s.rect(px, s.y - 1, promisedW, stripH, { stroke: ACCENT, lineWidth: 1.6 });
  s.write(L.promisedAt, px + 6, s.y + 1.5, promisedW - 12, { size: 8, bold: true, color: ACCENT });
  s.write(promised, px + 6, s.y + 12, promisedW - 12, { size: 13.5, bold: true });
  s.y += stripH + GAP;
}

/** The running head of continuation pages. */
function drawRunningHead(s: Sheet, data: Common, title: string, number: string) {
  s.line(data.dealer.name, s.left, s.y, { size: 8, color: MUTED });
  s.line(`${title} ${number}${s.L.continued}`, s.right, s.y, { size: 8, bold: true, color: ACCENT, align: 'right' });
  s.y += 13;
  s.rule(s.y, { color: ACCENT, width: 0.8 });
  s.y += 8;
}

function drawParties(s: Sheet, data: Common) {
  const { L } = s;
  const half = (s.width - GAP) / 2;
  const inner = half - 2 * (PAD + 2);
  const labelW = L.lang === 'en' ? 62 : 54;
  const customerRows: [string, string][] = [
    [L.customer, data.customer.name],
    [L.mobile, data.customer.mobile],
  ];
  if (data.user && (data.user.name !== data.customer.name || (data.user.mobile ?? data.customer.mobile) !== data.customer.mobile)) {
    customerRows.push([L.user, [data.user.name, data.user.mobile].filter(Boolean).join('  ')]);
  }
  const vehicleRows: [string, string][] = [
    [L.plate, data.vehicle.plate],
    [L.vin, data.vehicle.vin],
    [L.model, data.vehicle.model],
    [L.odometer, data.vehicle.odometerKm === null ? '—' : formatKm(data.vehicle.odometerKm)],
  ];
  const body = Math.max(s.fields(customerRows, 0, 0, inner, labelW, false), s.fields(vehicleRows, 0, 0, inner, labelW, false)) + 2 * PAD;
  s.ensure(15 + body);
  s.box(s.left, s.y, half, L.customerBox, body, (x, y, w) => s.fields(customerRows, x, y, w, labelW, true));
  s.box(s.left + half + GAP, s.y, half, L.vehicleBox, body, (x, y, w) => s.fields(vehicleRows, x, y, w, labelW, true));
  s.y += 15 + body + GAP;
}

/** A titled box of running text in the flow (kept on one page). */
function drawTextBox(s: Sheet, title: string, segs: Segment[]) {
  const inner = s.width - 2 * (PAD + 2);
  const body = s.measureCell(segs, inner, { size: 9 }) + 2 * PAD;
  s.ensure(15 + body);
  s.box(s.left, s.y, s.width, title, body, (x, y, w) => s.writeCell(segs, x, y, w, { size: 9 }));
  s.y += 15 + body + GAP;
}

function drawConcerns(s: Sheet, data: Common) {
  const { L } = s;
  const concerns = data.concerns.trim();
  drawTextBox(s, L.concerns, [{ text: concerns ? `“${concerns}”` : L.none }]);
  const diagnosis = data.diagnosis?.trim();
  drawTextBox(s, L.diagnosis, [{ text: diagnosis || L.none, ...(diagnosis ? {} : { color: MUTED }) }]);
}

function drawLines(s: Sheet, billed: readonly PricedLine<BilledLine>[]) {
  const { L } = s;
  const en = L.lang === 'en';
  const columns = fitColumns<PricedLine<BilledLine>>(s.width, [
    { header: L.col.no, width: 24, align: 'right', cell: (_, i) => String(i + 1) },
    { header: L.col.kind, width: en ? 36 : 28, cell: (l) => L.kind[l.kind] },
    { header: L.col.code, width: 66, cell: (l) => l.code ?? '' },
    {
      header: L.col.description,
      width: 'rest',
      cell: (l) => (l.additional ? [{ text: l.description }, { text: L.additionalTag.trim(), size: 7, color: ACCENT }] : l.description),
    },
    {
      header: L.col.qty,
      width: 44,
      align: 'right',
      cell: (l) => (l.kind === 'labour' ? formatQuantity(l.hours) : `${formatQuantity(l.quantity)}${l.unit ? ` ${l.unit}` : ''}`),
    },
    { header: L.col.unitPrice, width: 54, align: 'right', cell: (l) => formatFen(l.kind === 'labour' ? l.hourlyRateFen : l.unitPriceFen) },
    { header: L.col.discount, width: 48, align: 'right', cell: (l) => (l.amount.discountFen > 0 ? formatFen(-l.amount.discountFen) : '—') },
    { header: L.col.amount, width: 58, align: 'right', cell: (l) => ({ text: formatFen(l.amount.netFen), bold: true }) },
    {
      header: L.col.payType,
      width: en ? 62 : 52,
      cell: (l) => ({ text: L.payTypes[l.payType], ...(l.payType === 'customer' ? {} : { color: ACCENT }) }),
    },
  ]);
  s.table(columns, billed, { title: L.linesTitle });
}

function drawAdditional(s: Sheet, data: Common) {
  const items = data.additionalItems ?? [];
  if (items.length === 0) return;
  const { L } = s;
  const zone = zoneOf(data);
  const remark = (item: DocAdditionalItem): Segment[] => {
    const out: Segment[] = [];
    const recorded = item.hazardWording?.trim();
    if (item.status === 'declined' && item.safety) {
      // The locale's standard wording; wording the advisor wrote differently is quoted as recorded.
      out.push({ text: L.hazard, bold: true, color: HAZARD });
      if (recorded && !STANDARD_HAZARD_WORDING.has(recorded)) out.push({ text: `“${recorded}”`, size: 7.5, color: HAZARD });
      out.push({
        text: item.customerSignedAt ? L.declinedSigned(formatTime(item.customerSignedAt, zone)) : L.declinedNotSigned,
        size: 7.5,
      });
    } else if (item.status === 'declined' && recorded) {
      out.push({ text: recorded });
    }
    if (item.status !== 'approved') out.push({ text: L.notBilled, size: 7.5, color: MUTED });
    return out;
  };
  const columns = fitColumns<DocAdditionalItem>(s.width, [
    { header: L.col.no, width: 24, align: 'right', cell: (_, i) => String(i + 1) },
    {
      header: L.col.description,
      width: 'rest',
      cell: (it) => [{ text: it.line.description }, ...(it.line.code ? [{ text: it.line.code, size: 7, color: MUTED }] : [])],
    },
    { header: L.col.amount, width: 62, align: 'right', cell: (it) => formatFen(lineAmountFen(it.line).netFen) },
    {
      header: L.decision,
      width: 62,
      cell: (it) => ({ text: L.status[it.status], bold: true, ...(it.status === 'declined' ? { color: HAZARD } : {}) }),
    },
    { header: L.remark, width: 180, cell: remark },
  ]);
  s.table(columns, items, { title: L.additionalTitle, keepTogether: true });
}

/** The settlement's figures when the invoice has its own discount. */
type Settlement = {
  discountFen: number;
  amountDueFen: number;
  memberDiscount: InvoiceDocument['memberDiscount'];
  bookingBenefit: InvoiceDocument['bookingBenefit'];
};

function drawTotals(
  s: Sheet,
  totals: RoTotals<BilledLine>,
  title: string,
  note: string | null,
  vatRate: number,
  settlement: Settlement | null = null,
) {
  const { L } = s;
  const groups = PAY_TYPES.filter((p) => totals.byPayType[p].lines.length > 0);
  type Row = { label: string; gross: number; discount: number; net: number; bold?: boolean };
  const rows: Row[] = groups.map((p) => ({
    label: L.payTypes[p],
    gross: totals.byPayType[p].grossFen,
    discount: totals.byPayType[p].discountFen,
    net: totals.byPayType[p].netFen,
  }));
  rows.push({ label: L.total, gross: totals.grossFen, discount: totals.discountFen, net: totals.totalFen, bold: true });

  const payW = 190;
  const tableW = s.width - payW - GAP;
  const cols = [tableW - 3 * 72, 72, 72, 72];
  const rowH = 13.5;
  const headH = 14;
  const tableH = headH + rows.length * rowH;

  const free = totals.freeItems;
  const freeInner = s.width - 2 * (PAD + 2);
  const [payTypeW, valueW] = [80, 70];
  const descW = freeInner - payTypeW - valueW - 10;
  const freeRowH = (l: PricedLine<BilledLine>) => s.measure(`· ${l.description}`, descW, { size: 8 });
  const freeBody = (free.length === 0 ? s.measure(L.none, freeInner, { size: 8 }) : free.reduce((h, l) => h + freeRowH(l), 0)) + 2 * PAD;
  // What the customer pays, less the member's and the kept appointment's labour discounts (each with its
  // reason) and the invoice's own discount.
  const freeServices = settlement?.memberDiscount?.freeServices ?? [];
  const memberFen = (settlement?.memberDiscount?.discountFen ?? 0) + freeServices.reduce((sum, f) => sum + f.fen, 0);
  const bookingFen = settlement?.bookingBenefit?.discountFen ?? 0;
  const benefitRows = (st: Settlement): (readonly [string, number])[] => [
    ...freeServices.map((f) => [L.memberFreeService(f.kind, f.description), -f.fen] as const),
    ...(st.memberDiscount && st.memberDiscount.discountFen > 0
      ? [
          [
            L.memberDiscount(L.clubLevels[st.memberDiscount.level], formatPercent(st.memberDiscount.labourDiscountPercent / 100)),
            -st.memberDiscount.discountFen,
          ] as const,
        ]
      : []),
    ...(bookingFen > 0 && st.bookingBenefit
      ? [
          [
            L.bookingDiscount(st.bookingBenefit.appointmentNumber, formatPercent(st.bookingBenefit.labourDiscountPercent / 100)),
            -bookingFen,
          ] as const,
        ]
      : []),
  ];
  const settlementRows: (readonly [string, number])[] = settlement
    ? [
        [L.customerPayable, totals.customerPayableFen],
        ...benefitRows(settlement),
        ...(settlement.discountFen - memberFen - bookingFen > 0 || memberFen + bookingFen === 0
          ? [[L.invoiceDiscount, -(settlement.discountFen - memberFen - bookingFen)] as const]
          : []),
      ]
    : [];
  const payBoxH = 5 + 12 + settlementRows.length * 11 + 23 + 11 + (note ? 11 : 0) + 4;
  const payH = Math.max(tableH, payBoxH);
  s.ensure(15 + payH + GAP + 15 + freeBody);
  s.heading(title);
  const top = s.y;

  // Per pay type: gross, discount, net.
  const xs = edgesFrom(s.left, cols);
  s.rect(s.left, top, tableW, headH, { fill: SHADE, stroke: RULE });
  [L.col.payType, L.gross, L.col.discount, L.net].forEach((h, i) => {
    s.write(h, xs[i]! + PAD, top + 2.5, cols[i]! - 2 * PAD, { size: 7.5, bold: true, align: i === 0 ? 'left' : 'right' });
  });
  rows.forEach((r, ri) => {
    const y = top + headH + ri * rowH;
    if (r.bold) s.rule(y, { from: s.left, to: s.left + tableW, color: RULE, width: 0.6 });
    const cells = [r.label, formatFen(r.gross), r.discount > 0 ? formatFen(-r.discount) : '—', formatFen(r.net)];
    cells.forEach((c, i) => {
      s.write(c, xs[i]! + PAD, y + 2.5, cols[i]! - 2 * PAD, { size: 8, bold: r.bold ?? false, align: i === 0 ? 'left' : 'right' });
    });
  });
  s.rect(s.left, top, tableW, tableH, { stroke: RULE });

  // What the customer pays: the customer-pay lines, less the invoice's own discount when it has one.
  const px = s.right - payW;
  const inner = payW - 16;
  s.rect(px, top, payW, payH, { stroke: ACCENT, lineWidth: 1.4 });
  s.write(settlement ? L.amountDue : L.customerPayable, px + 8, top + 5, inner, { size: 9, bold: true, color: ACCENT });
  let y = top + 17;
  if (settlement) {
    for (const [label, fen] of settlementRows) {
      s.write(label, px + 8, y, inner, { size: 8, color: MUTED });
      s.write(formatFen(fen), px + 8, y, inner, { size: 8, align: 'right' });
      y += 11;
    }
  }
  const dueFen = settlement ? settlement.amountDueFen : totals.customerPayableFen;
  const taxFen = settlement ? vatContainedFen(settlement.amountDueFen, vatRate) : totals.taxIncludedFen;
  s.write(formatFen(dueFen), px + 8, y, inner, { size: 17, bold: true, align: 'right' });
  y += 23;
  y += s.write(`${L.vatIncluded(formatPercent(vatRate))} ${formatFen(taxFen)}`, px + 8, y, inner, {
    size: 7.5,
    color: MUTED,
    align: 'right',
  });
  if (note) s.write(note, px + 8, y, inner, { size: 7.5, color: MUTED, align: 'right' });
  s.y = top + payH + GAP;

  // Free items, explained at settlement.
  s.box(s.left, s.y, s.width, L.freeItems, freeBody, (x, y, w) => {
    if (free.length === 0) s.write(L.none, x, y, w, { size: 8, color: MUTED });
    let at = y;
    for (const l of free) {
      s.write(`· ${l.description}`, x, at, descW, { size: 8 });
      s.write(L.payTypes[l.payType], x + descW + 10, at, payTypeW, { size: 8, color: ACCENT });
      s.write(formatFen(l.amount.netFen), x + w - valueW, at, valueW, { size: 8, align: 'right' });
      at += freeRowH(l);
    }
  });
  s.y += 15 + freeBody + GAP;
}

/** The QR code of the customer's progress page, drawn as vector squares beside its address. */
function drawProgressCode(s: Sheet, url: string | null | undefined) {
  if (!url) return;
  const { modules } = QRCode.create(url, { errorCorrectionLevel: 'M' });
  const side = 64;
  const cell = side / modules.size;
  s.ensure(side + GAP);
  const top = s.y;
  s.doc.save().fillColor(INK);
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) {
      if (modules.get(row, col)) s.doc.rect(s.left + col * cell, top + row * cell, cell, cell);
    }
  }
  s.doc.fill().restore();
  const textX = s.left + side + GAP;
  const textW = s.width - side - GAP;
  let y = top + 4;
  y += s.write(s.L.progressTitle, textX, y, textW, { size: 10, bold: true, color: ACCENT });
  y += s.write(s.L.progressNote, textX, y + 2, textW, { size: 8, color: MUTED }) + 2;
  s.write(url, textX, y, textW, { size: 7.5, color: MUTED });
  s.y = top + side + GAP;
}

function drawClauses(s: Sheet, title: string, clauses: readonly string[]) {
  if (clauses.length === 0) return;
  const numW = 14;
  const inner = s.width - numW;
  const heights = clauses.map((c) => s.measure(c, inner, { size: 7.5 }));
  s.ensure(15 + heights.reduce((a, b) => a + b, 0));
  s.heading(title);
  clauses.forEach((c, i) => {
    s.write(`${i + 1}.`, s.left, s.y, numW, { size: 7.5, color: MUTED });
    s.y += s.write(c, s.left + numW, s.y, inner, { size: 7.5, color: '#333333' });
  });
  s.y += GAP;
}

function drawSignature(
  s: Sheet,
  data: Common,
  signature: DocSignature | null | undefined,
  statement: string,
  staff: readonly (readonly [string, string])[],
) {
  const { L } = s;
  const zone = zoneOf(data);
  const rightW = 170;
  const leftW = s.width - rightW - GAP;
  const inner = leftW - 2 * (PAD + 2);
  const image = signature?.png ? signatureImage(signature.png) : null;
  const hash = signature?.signedContentHash.trim().toLowerCase();
  if (hash !== undefined && !/^[0-9a-f]{64}$/.test(hash)) throw new RangeError('signedContentHash must be a SHA-256 in hex');
  const statementH = s.measure(statement, inner, { size: 8 });
  const imageH = 54;
  const hashLine = hash ? `${L.signedHash}: ${hash}` : '';
  const hashH = hash ? s.measure(hashLine, inner, { size: 6 }) : 0;
  const body = statementH + 4 + imageH + 4 + 12 + hashH + 2 * PAD;
  s.ensure(15 + body);
  const top = s.y;
  s.box(s.left, top, leftW, L.signatureTitle, body, (x, y, w) => {
    let at = y + s.write(statement, x, y, w, { size: 8 }) + 4;
    if (image) {
      s.doc.image(image, x, at, { fit: [200, imageH], valign: 'center' });
    } else {
      s.write(`${L.signHere}:`, x, at + imageH - 14, w, { size: 8, color: MUTED });
      s.rule(at + imageH - 3, { from: x + s.doc.widthOfString(`${L.signHere}:`) + 4, to: x + w * 0.7, color: INK, width: 0.5 });
    }
    at += imageH + 4;
    const when = signature ? formatTime(signature.signedAt, zone) : '';
    s.write(`${L.signedAt}: ${when}`, x, at, w, { size: 8 });
    if (!signature) s.rule(at + 10, { from: x + s.doc.widthOfString(`${L.signedAt}: `) + 4, to: x + w * 0.5, color: INK, width: 0.5 });
    at += 12;
    if (hash) s.write(hashLine, x, at, w, { size: 6, color: MUTED });
  });
  s.box(s.right - rightW, top, rightW, L.dealerBox, body, (x, y, w) => {
    const h = s.fields(staff, x, y, w, L.lang === 'en' ? 62 : 42, true);
    const lineY = y + h + 24;
    s.write(`${L.signature}:`, x, lineY - 10, w, { size: 8, color: MUTED });
    s.rule(lineY, { from: x + s.doc.widthOfString(`${L.signature}:`) + 4, to: x + w, color: INK, width: 0.5 });
    s.write(L.stamp, x, y + body - 2 * PAD - 14, w, { size: 7.5, color: MUTED, align: 'right' });
  });
  s.y = top + 15 + body + GAP;
}

function drawPayments(s: Sheet, data: InvoiceDocument, dueFen: number) {
  const { L } = s;
  const zone = zoneOf(data);
  for (const p of data.payments) {
    if (!Number.isSafeInteger(p.amountFen) || p.amountFen < 0)
      throw new RangeError(`a payment must be a whole number of fen ≥ 0, got ${p.amountFen}`);
    if (!PAYMENT_METHODS.includes(p.method)) throw new RangeError(`unknown payment method ${String(p.method)}`);
  }
  const columns = fitColumns<DocPayment>(s.width, [
    { header: L.method, width: 110, cell: (p) => L.methods[p.method] },
    { header: L.paidAt, width: 120, cell: (p) => (p.paidAt ? formatTime(p.paidAt, zone) : '') },
    { header: L.reference, width: 'rest', cell: (p) => p.reference ?? '' },
    { header: L.col.amount, width: 90, align: 'right', cell: (p) => ({ text: formatFen(p.amountFen), bold: true }) },
  ]);
  const paidFen = data.payments.reduce((sum, p) => sum + p.amountFen, 0);
  const rows: [string, string, boolean][] = [[L.paidTotal, formatFen(paidFen), true]];
  if (paidFen < dueFen) rows.push([L.balanceDue, formatFen(dueFen - paidFen), true]);
  if (paidFen > dueFen) rows.push([L.change, formatFen(paidFen - dueFen), false]);
  s.table(columns, data.payments, { title: L.paymentsTitle, after: rows.length * 15, keepTogether: true });
  s.y -= GAP - 2;
  for (const [label, value, strong] of rows) {
    s.write(label, s.right - 260, s.y, 160, {
      size: 9,
      bold: strong,
      align: 'right',
      ...(label === L.balanceDue ? { color: HAZARD } : {}),
    });
    s.write(value, s.right - 96, s.y, 96 - PAD, { size: 9.5, bold: strong, align: 'right' });
    s.y += 15;
  }
  s.y += GAP;
}

function drawNextMaintenance(s: Sheet, data: InvoiceDocument) {
  const next = data.nextMaintenance;
  if (!next) return;
  const { L } = s;
  drawTextBox(s, L.nextMaintenanceTitle, [
    { text: L.nextMaintenance(next.dueOn, next.dueKm === null ? null : formatKm(next.dueKm)), size: 10.5, bold: true },
  ]);
}

function drawFooters(s: Sheet, data: Common, title: string, number: string) {
  const { doc, L } = s;
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const y = doc.page.height - FOOTER_SPACE + 14;
    s.rule(y - 4, { color: '#c8c8c8', width: 0.4 });
    s.line(`${data.dealer.name} · ${title} ${number}`, s.left, y, { size: 7, color: MUTED });
    s.line(L.page(i - range.start + 1, range.count), s.right, y, { size: 7, color: MUTED, align: 'right' });
  }
}

/** The lines on the bill, in the order of the RO: the job lines, then the additional work the customer approved. */
function billedLines(data: Common): BilledLine[] {
  const additional = billableAdditionalLines([...(data.additionalItems ?? [])]).map((l): BilledLine => ({ ...l, additional: true }));
  return [...data.lines, ...additional];
}

/** Each line priced by the RO rules (roTotals groups them by pay type; the table keeps the RO's order). */
const pricedLines = (lines: readonly BilledLine[]): PricedLine<BilledLine>[] => lines.map((l) => ({ ...l, amount: lineAmountFen(l) }));

/** The invoice's own discount and amount due, checked against the lines (null without a discount). */
function settlementOf(data: InvoiceDocument, customerPayableFen: number): Settlement | null {
  const discountFen = data.discountFen ?? 0;
  if (!Number.isSafeInteger(discountFen) || discountFen < 0)
    throw new RangeError(`discountFen must be a whole number of fen ≥ 0, got ${discountFen}`);
  if (discountFen === 0) {
    if (data.amountDueFen !== undefined && data.amountDueFen !== customerPayableFen) {
      throw new RangeError(`amountDueFen ${data.amountDueFen} is not what the lines make the customer pay (${customerPayableFen})`);
    }
    return null;
  }
  if (data.amountDueFen === undefined) throw new RangeError('an invoice with a discount needs its amountDueFen');
  if (data.amountDueFen !== customerPayableFen - discountFen) {
    throw new RangeError(
      `amountDueFen ${data.amountDueFen} does not match the customer-payable ${customerPayableFen} less the discount ${discountFen}`,
    );
  }
  const memberDiscount = data.memberDiscount ?? null;
  const bookingBenefit = data.bookingBenefit ?? null;
  const benefitsFen = (memberDiscount?.discountFen ?? 0) + (bookingBenefit?.discountFen ?? 0);
  if (benefitsFen > discountFen)
    throw new RangeError(`the member's and booking's discounts ${benefitsFen} are more than the invoice's discounts ${discountFen}`);
  return { discountFen, amountDueFen: data.amountDueFen, memberDiscount, bookingBenefit };
}

// ---------------------------------------------------------------------------------------------
// The documents

/** The repair order (维修委托书) as an A4 PDF in Chinese or English. */
export async function renderRepairOrderPdf(data: RepairOrderDocument, locale: DocLocale): Promise<Buffer> {
  const L = LABELS[locale];
  const zone = zoneOf(data);
  const lines = billedLines(data);
  const totals = roTotals(lines, { vatRate: data.vatRate ?? VAT_RATE });
  return renderPdf(
    {
      title: `${L.roTitle} ${data.roNumber}`,
      author: data.dealer.name,
      subject: `${data.vehicle.plate} ${data.customer.name}`,
      lang: L.lang,
      margins: MARGIN,
      bufferPages: true,
      createdAt: new Date(data.signature?.signedAt ?? data.openedAt),
    },
    (doc) => {
      const s = new Sheet(doc, L);
      s.onNewPage = () => drawRunningHead(s, data, L.roTitle, data.roNumber);
      drawHead(s, data, L.roTitle, [
        [L.roNumber, data.roNumber],
        [L.openedAt, formatTime(data.openedAt, zone)],
        [L.serviceAdvisor, data.serviceAdvisor ?? ''],
      ]);
      drawParties(s, data);
      drawConcerns(s, data);
      drawLines(s, pricedLines(lines));
      drawAdditional(s, data);
      drawTotals(s, totals, L.estimateTitle, L.estimateNote, data.vatRate ?? VAT_RATE);
      drawProgressCode(s, data.progressUrl);
      drawClauses(s, L.termsTitle, data.terms ?? L.terms);
      drawSignature(s, data, data.signature, L.roStatement, [[L.serviceAdvisor, data.serviceAdvisor ?? '']]);
      drawFooters(s, data, L.roTitle, data.roNumber);
    },
  );
}

/** The invoice (维修结算单): the work done and its amounts, the payments and the next maintenance due. */
export async function renderInvoicePdf(data: InvoiceDocument, locale: DocLocale): Promise<Buffer> {
  const L = LABELS[locale];
  const zone = zoneOf(data);
  const lines = billedLines(data);
  const totals = roTotals(lines, { vatRate: data.vatRate ?? VAT_RATE });
  const settlement = settlementOf(data, totals.customerPayableFen);
  return renderPdf(
    {
      title: `${L.invoiceTitle} ${data.invoiceNumber}`,
      author: data.dealer.name,
      subject: `${data.roNumber} ${data.vehicle.plate}`,
      lang: L.lang,
      margins: MARGIN,
      bufferPages: true,
      createdAt: new Date(data.invoicedAt),
    },
    (doc) => {
      const s = new Sheet(doc, L);
      s.onNewPage = () => drawRunningHead(s, data, L.invoiceTitle, data.invoiceNumber);
      drawHead(s, data, L.invoiceTitle, [
        [L.invoiceNumber, data.invoiceNumber],
        [L.roNumber, data.roNumber],
        [L.invoicedAt, formatTime(data.invoicedAt, zone)],
      ]);
      drawParties(s, data);
      drawConcerns(s, data);
      drawLines(s, pricedLines(lines));
      drawAdditional(s, data);
      const gift = data.bookingBenefit?.apologyGift;
      drawTotals(s, totals, L.settlementTitle, gift ? L.apologyGift(gift) : null, data.vatRate ?? VAT_RATE, settlement);
      drawPayments(s, data, settlement ? settlement.amountDueFen : totals.customerPayableFen);
      drawNextMaintenance(s, data);
      drawClauses(s, L.invoiceNotesTitle, data.terms ?? L.invoiceNotes);
      const staff: [string, string][] = [[L.serviceAdvisor, data.serviceAdvisor ?? '']];
      if (data.cashier) staff.push([L.cashier, data.cashier]);
      drawSignature(s, data, data.signature, L.invoiceStatement, staff);
      drawFooters(s, data, L.invoiceTitle, data.invoiceNumber);
    },
  );
}

/** The left edge of each column and the right edge of the last, from the table's left and the column widths. */
function edgesFrom(left: number, widths: readonly number[]): number[] {
  const edges = [left];
  for (const w of widths) edges.push(edges[edges.length - 1]! + w);
  return edges;
}
