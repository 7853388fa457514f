import type PDFKit from 'pdfkit';
import { Dec } from '../shared/money.js';
import { amountWithFractionInWords, faAmount, faDigits, faNumber, inDisplayUnit, currencyWord } from './format.js';
import type { InvoicePaper, Paper, PaperFormat, PaymentPaper, PrintParty } from './model.js';
import { loadFontkit, ltr, PdfText, registerFonts, type TextStyle } from './pdf-text.js';
import { qrMatrix, qrText } from './qr.js';

/**
 * A printed document as PDF, made in the process (PDFKit + fontkit, no browser): A4 for an
 * invoice or a receipt voucher, or an 80 mm roll for the till. The layout mirrors html.ts; the
 * figures come from the model as they are (exact strings), only formatted here.
 */
const MM = 72 / 25.4;
const A4 = { width: 595.28, height: 841.89, margin: 36 };
const ROLL = { width: 80 * MM, margin: 4 * MM };

const S = (size: number, bold = false, color?: string): TextStyle => ({ size, bold, color });
const GREY = '#555';
const RULE = '#999';

export async function paperPdf(paper: Paper, format: PaperFormat): Promise<Buffer> {
  if (format === 'receipt80') {
    // The roll is as long as its content: lay it out once on a long page to measure it.
    const probe = await render(paper, format, 5000, false);
    return (await render(paper, format, Math.ceil(probe.height + ROLL.margin), true)).pdf;
  }
  return (await render(paper, format, A4.height, true)).pdf;
}

async function render(paper: Paper, format: PaperFormat, height: number, keep: boolean): Promise<{ pdf: Buffer; height: number }> {
  const { default: PDFDocument } = await import('pdfkit');
  await loadFontkit();
  const roll = format === 'receipt80';
  const margin = roll ? ROLL.margin : A4.margin;
  const doc = new PDFDocument({
    size: [roll ? ROLL.width : A4.width, height],
    margins: { top: margin, bottom: margin, left: margin, right: margin },
    lang: 'fa-IR',
    displayTitle: true,
    info: { Title: `${paper.title} ${paper.number}`, Author: paper.business.name, Creator: 'Daftar', Producer: 'Daftar' },
    autoFirstPage: true,
    bufferPages: !roll,
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => keep && chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  registerFonts(doc);
  const t = new PdfText(doc);
  const page = { doc, t, x: margin, width: doc.page.width - 2 * margin, bottom: height - margin, y: margin };
  if (paper.kind === 'invoice') {
    if (roll) invoiceRoll(page, paper);
    else invoiceA4(page, paper);
  } else paymentDoc(page, paper, roll);
  const used = page.y;
  if (!roll) stampPages(page, paper);
  doc.end();
  await done;
  return { pdf: Buffer.concat(chunks), height: used };
}

interface Page {
  doc: PDFKit.PDFDocument;
  t: PdfText;
  x: number;
  width: number;
  bottom: number;
  y: number;
}

function money(p: Paper, rial: string): string {
  return faAmount(inDisplayUnit(rial, p.business.currency));
}

function words(p: Paper, rial: string): string {
  const v = inDisplayUnit(rial, p.business.currency);
  return `${amountWithFractionInWords(v)} ${currencyWord(p.business.currency)}`;
}

function rule(pg: Page, y = pg.y, color = RULE): void {
  pg.doc.save().moveTo(pg.x, y).lineTo(pg.x + pg.width, y).lineWidth(0.6).strokeColor(color).stroke().restore();
}

/** Lines of «label: value» pairs, right to left, as many per row as fit. */
function facts(pg: Page, pairs: [string, string][], style: TextStyle, perRow: number): void {
  const shown = pairs.filter(([, v]) => v);
  const lh = pg.t.lineHeight(style);
  const col = pg.width / perRow;
  for (let i = 0; i < shown.length; i += perRow) {
    shown.slice(i, i + perRow).forEach(([k, v], j) => pg.t.line(`${k}: ${v}`, pg.x + pg.width - (j + 1) * col, pg.y, col - 6, style));
    pg.y += lh;
  }
}

function partyFacts(party: PrintParty): [string, string][] {
  return [
    ['کد اقتصادی', ltr(faDigits(party.economicCode))],
    ['شناسه/کد ملی', ltr(faDigits(party.nationalId))],
    ['کد پستی', ltr(faDigits(party.postalCode))],
    ['تلفن', ltr(faDigits(party.phone))],
  ];
}

function logo(pg: Page, paper: Paper, x: number, y: number, size: number): boolean {
  const m = /^data:image\/(png|jpeg);base64,(.+)$/.exec(paper.business.logo ?? '');
  if (!m) return false;
  try {
    pg.doc.image(Buffer.from(m[2]!, 'base64'), x, y, { fit: [size, size], align: 'center', valign: 'center' });
    return true;
  } catch {
    return false; // an unreadable image is left off the paper, not a failed print
  }
}

function qr(pg: Page, text: string, x: number, y: number, size: number): void {
  const m = qrMatrix(text);
  const cell = size / m.size;
  pg.doc.save().fillColor('#000');
  for (let r = 0; r < m.size; r++) for (let c = 0; c < m.size; c++) if (m.get(r, c)) pg.doc.rect(x + c * cell, y + r * cell, cell + 0.05, cell + 0.05);
  pg.doc.fill().restore();
}

function voidMark(pg: Page, paper: Paper): void {
  if (!paper.voided) return;
  const { doc } = pg;
  doc.save().fillOpacity(0.3).rotate(-30, { origin: [doc.page.width / 2, doc.page.height / 2] });
  pg.t.line('باطل شده', 0, doc.page.height / 2 - 30, doc.page.width, S(54, true, '#c0392b'), 'center');
  doc.restore();
}

/** Every A4 page: «صفحه n از m» at the foot when there are several, and the void stamp. */
function stampPages(pg: Page, paper: Paper): void {
  const { doc } = pg;
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    voidMark(pg, paper);
    if (range.count > 1) {
      // Drawn inside the bottom margin: PDFKit would otherwise start a new page for it.
      const bottom = doc.page.margins.bottom;
      doc.page.margins.bottom = 0;
      pg.t.line(`صفحه ${faDigits(i + 1)} از ${faDigits(range.count)}`, pg.x, doc.page.height - bottom + 8, pg.width, S(8, false, GREY), 'center');
      doc.page.margins.bottom = bottom;
    }
  }
}

function heading(pg: Page, paper: Paper): void {
  const b = paper.business;
  const top = pg.y;
  const hasLogo = logo(pg, paper, pg.x, top, 56);
  const right = pg.width * 0.42;
  pg.t.line(b.name, pg.x + pg.width - right, pg.y, right, S(14, true));
  pg.y += 20;
  // One fact a line: «کد اقتصادی: …» then «شناسه ملی: …» on one line would read back mixed up.
  const lines = [
    b.economicCode && `کد اقتصادی: ${ltr(faDigits(b.economicCode))}`,
    b.nationalId && `شناسه ملی: ${ltr(faDigits(b.nationalId))}`,
    b.phone && `تلفن: ${ltr(faDigits(b.phone))}`,
    b.postalCode && `کد پستی: ${ltr(faDigits(b.postalCode))}`,
  ].filter(Boolean) as string[];
  for (const l of lines) (pg.t.line(l, pg.x + pg.width - right, pg.y, right, S(8.5, false, GREY)), (pg.y += 12));
  for (const l of pg.t.wrap(b.address, right, S(8.5))) if (l) (pg.t.line(l, pg.x + pg.width - right, pg.y, right, S(8.5, false, GREY)), (pg.y += 12));
  // The title and the document's number and date in the middle.
  const mid = pg.width * 0.34;
  const mx = pg.x + (pg.width - mid) / 2 - (hasLogo ? 0 : pg.width * 0.1);
  pg.t.line(paper.title, mx, top, mid, S(16, true), 'center');
  pg.t.line(`شماره: ${faDigits(paper.number)}`, mx, top + 24, mid, S(10), 'center');
  pg.t.line(`تاریخ: ${faDigits(paper.dateJalali)}`, mx, top + 38, mid, S(10), 'center');
  pg.y = Math.max(pg.y, top + 60) + 6;
  rule(pg);
  pg.y += 6;
}

/**
 * A label and a Persian value side by side, as two runs of text: «label: value» in one run would
 * come out of an extractor as «label :value» (see pdf-text.ts), so the colon is left out.
 */
function labelled(pg: Page, label: string, value: string, x: number, width: number, style: TextStyle): void {
  const lw = pg.t.width(label, { ...style, bold: true }) + 6;
  pg.t.line(label, x + width - lw, pg.y, lw, { ...style, bold: true });
  pg.t.line(value, x, pg.y, width - lw - 2, style);
}

function partyBlock(pg: Page, label: string, party: PrintParty): void {
  labelled(pg, label, party.name, pg.x, pg.width, S(10.5));
  pg.y += 16;
  facts(pg, [['کد طرف حساب', ltr(faDigits(party.code))], ...partyFacts(party)], S(9), 5);
  if (party.address) {
    const lines = pg.t.wrap(faDigits(party.address), pg.width - 40, S(9));
    lines.forEach((l, i) => (i === 0 ? labelled(pg, 'نشانی', l, pg.x, pg.width, S(9)) : pg.t.line(l, pg.x, pg.y, pg.width - 40, S(9)), (pg.y += 13)));
  }
  pg.y += 4;
  rule(pg);
  pg.y += 4;
}

interface Col {
  title: string;
  width: number;
  cell: (l: InvoicePaper['lines'][number]) => string;
  align?: 'right' | 'left' | 'center';
  wrap?: boolean;
}

function invoiceA4(pg: Page, p: InvoicePaper): void {
  heading(pg, p);
  partyBlock(pg, p.title.includes('خرید') ? 'فروشنده' : 'خریدار', p.party);
  const cols: Col[] = [
    { title: 'ردیف', width: 26, cell: (l) => faDigits(l.row), align: 'center' },
    { title: 'شرح کالا یا خدمات', width: 0, cell: (l) => (l.description ? `${l.name} — ${l.description}` : l.name), wrap: true },
    { title: 'تعداد', width: 44, cell: (l) => faNumber(l.quantity), align: 'center' },
    { title: 'واحد', width: 40, cell: (l) => l.unit, align: 'center' },
    { title: 'فی', width: 66, cell: (l) => money(p, l.unitPrice), align: 'left' },
    { title: 'تخفیف', width: 56, cell: (l) => money(p, l.discount), align: 'left' },
    { title: 'مالیات و عوارض', width: 62, cell: (l) => money(p, l.vat), align: 'left' },
    { title: 'جمع', width: 76, cell: (l) => money(p, l.total), align: 'left' },
  ];
  cols[1]!.width = pg.width - cols.reduce((a, c) => a + c.width, 0);
  const head = S(8.5, true);
  const body = S(9);
  const lh = pg.t.lineHeight(body);
  const header = () => {
    pg.doc.save().rect(pg.x, pg.y, pg.width, 18).fill('#eee').restore();
    let right = pg.x + pg.width;
    for (const c of cols) {
      right -= c.width;
      pg.t.line(c.title, right + 3, pg.y + 3, c.width - 6, head, 'center');
    }
    pg.y += 18;
  };
  header();
  for (const l of p.lines) {
    const nameLines = pg.t.wrap(cols[1]!.cell(l), cols[1]!.width - 6, body);
    const h = Math.max(1, nameLines.length) * lh + 6;
    if (pg.y + h > pg.bottom - 40) {
      pg.doc.addPage();
      pg.y = pg.doc.page.margins.top;
      header();
    }
    let right = pg.x + pg.width;
    for (const c of cols) {
      right -= c.width;
      if (c.wrap) nameLines.forEach((s, i) => pg.t.line(s, right + 3, pg.y + 3 + i * lh, c.width - 6, body));
      else pg.t.line(c.cell(l), right + 3, pg.y + 3, c.width - 6, body, c.align);
    }
    pg.y += h;
    rule(pg, pg.y, '#ddd');
  }
  pg.y += 8;
  invoiceFoot(pg, p);
}

/** Under the lines: the totals on the left; the payable in words, notes, taxid and QR on the right. */
function invoiceFoot(pg: Page, p: InvoicePaper): void {
  if (pg.y > pg.bottom - 200) {
    pg.doc.addPage();
    pg.y = pg.doc.page.margins.top;
  }
  const tw = 210;
  const tx = pg.x;
  const top = pg.y;
  const rows: [string, string, boolean][] = [
    ['جمع سطرها', money(p, p.subtotal), false],
    ['تخفیف', money(p, p.discounts), false],
    ['مالیات بر ارزش افزوده', money(p, p.vat), false],
  ];
  if (!/^0(\.0*)?$/.test(p.levy)) rows.push(['عوارض', money(p, p.levy), false]);
  if (!/^0(\.0*)?$/.test(p.serviceCharge)) rows.push(['خدمات', money(p, p.serviceCharge), false]);
  if (!/^-?0(\.0*)?$/.test(p.rounding)) rows.push(['گرد کردن', money(p, p.rounding), false]);
  rows.push([`مبلغ قابل پرداخت (${currencyWord(p.business.currency)})`, money(p, p.payable), true]);
  if (p.paid !== null) rows.push(['پرداخت‌شده', money(p, p.paid), false], ['مانده', money(p, p.remaining!), true]);
  let y = top;
  for (const [k, v, strong] of rows) {
    pg.t.line(k, tx + tw / 2, y, tw / 2 - 4, S(9, strong));
    pg.t.line(v, tx, y, tw / 2 - 4, S(9, strong), 'left');
    y += 15;
  }
  pg.doc.save().rect(tx - 2, top - 4, tw + 4, y - top + 4).lineWidth(0.6).strokeColor(RULE).stroke().restore();
  const ww = pg.width - tw - 16;
  const wx = pg.x + pg.width - ww;
  let wy = top;
  pg.t.line('مبلغ قابل پرداخت به حروف', wx, wy, ww, S(9, false, GREY));
  wy += 13;
  for (const l of pg.t.wrap(words(p, p.payable), ww, S(10, true))) (pg.t.line(l, wx, wy, ww, S(10, true)), (wy += 15));
  if (p.description) {
    pg.t.line('توضیحات', wx, wy, ww, S(9, false, GREY));
    wy += 13;
    for (const l of pg.t.wrap(p.description, ww, S(9))) (pg.t.line(l, wx, wy, ww, S(9)), (wy += 13));
  }
  const qrSize = 74;
  qr(pg, qrText(p), wx + ww - qrSize, wy + 6, qrSize);
  if (p.taxid) pg.t.line(`شماره منحصربه‌فرد مالیاتی: ${p.taxid}`, wx, wy + 10, ww - qrSize - 8, S(9));
  pg.y = Math.max(y, wy + qrSize + 12) + 24;
  const half = pg.width / 2;
  pg.t.line('مهر و امضای فروشنده', pg.x + half, pg.y, half, S(10), 'center');
  pg.t.line('مهر و امضای خریدار', pg.x, pg.y, half, S(10), 'center');
  pg.y += 40;
}

function invoiceRoll(pg: Page, p: InvoicePaper): void {
  const b = p.business;
  const w = pg.width;
  const center = (s: string, st: TextStyle) => {
    for (const l of pg.t.wrap(s, w, st)) (pg.t.line(l, pg.x, pg.y, w, st, 'center'), (pg.y += pg.t.lineHeight(st)));
  };
  if (logo(pg, p, pg.x + (w - 40) / 2, pg.y, 40)) pg.y += 44;
  center(b.name, S(11, true));
  if (b.economicCode) center(`کد اقتصادی: ${ltr(faDigits(b.economicCode))}`, S(7.5));
  if (b.phone) center(`تلفن: ${ltr(faDigits(b.phone))}`, S(7.5));
  if (b.address) center(b.address, S(7.5));
  pg.y += 2;
  center(`${p.title} ${faDigits(p.number)}`, S(10, true));
  center(`${faDigits(p.dateJalali)}  ${faDigits(p.time.slice(0, 5))}`, S(8));
  if (p.voided) center('باطل شده', S(12, true, '#c0392b'));
  if (p.party.name) center(`${p.title.includes('خرید') ? 'فروشنده' : 'مشتری'} ${p.party.name}`, S(8.5));
  rule(pg);
  pg.y += 3;
  const st = S(8);
  const lh = pg.t.lineHeight(st);
  for (const l of p.lines) {
    for (const s of pg.t.wrap(l.name, w, S(8.5, true))) (pg.t.line(s, pg.x, pg.y, w, S(8.5, true)), (pg.y += lh));
    pg.t.line(`${faNumber(l.quantity)} ${l.unit} × ${money(p, l.unitPrice)}`, pg.x + w / 2, pg.y, w / 2, st);
    pg.t.line(money(p, l.total), pg.x, pg.y, w / 2, st, 'left');
    pg.y += lh;
    if (!/^0(\.0*)?$/.test(l.discount)) (pg.t.line(`تخفیف: ${money(p, l.discount)}`, pg.x, pg.y, w, S(7.5, false, GREY)), (pg.y += lh));
  }
  rule(pg);
  pg.y += 3;
  const row = (k: string, v: string, strong = false) => {
    pg.t.line(k, pg.x + w / 2, pg.y, w / 2, S(8.5, strong));
    pg.t.line(v, pg.x, pg.y, w / 2, S(8.5, strong), 'left');
    pg.y += lh + 1;
  };
  row('جمع سطرها', money(p, p.subtotal));
  if (!/^0(\.0*)?$/.test(p.discounts)) row('تخفیف', money(p, p.discounts));
  row('مالیات و عوارض', money(p, new Dec(p.vat).plus(p.levy).toFixed()));
  row(`قابل پرداخت (${currencyWord(b.currency)})`, money(p, p.payable), true);
  if (p.paid !== null) (row('پرداخت‌شده', money(p, p.paid)), row('مانده', money(p, p.remaining!), true));
  for (const s of pg.t.wrap(words(p, p.payable), w, S(8))) (pg.t.line(s, pg.x, pg.y, w, S(8), 'center'), (pg.y += lh));
  pg.y += 4;
  const qrSize = 64;
  qr(pg, qrText(p), pg.x + (w - qrSize) / 2, pg.y, qrSize);
  pg.y += qrSize + 4;
  if (p.taxid) center(`شماره مالیاتی: ${p.taxid}`, S(7));
  center('از خرید شما سپاسگزاریم', S(8));
}

function paymentDoc(pg: Page, p: PaymentPaper, roll: boolean): void {
  if (roll) {
    const w = pg.width;
    const center = (s: string, st: TextStyle) => {
      for (const l of pg.t.wrap(s, w, st)) (pg.t.line(l, pg.x, pg.y, w, st, 'center'), (pg.y += pg.t.lineHeight(st)));
    };
    center(p.business.name, S(11, true));
    center(`${p.title} ${faDigits(p.number)}`, S(10, true));
    center(faDigits(p.dateJalali), S(8));
    if (p.voided) center('باطل شده', S(12, true, '#c0392b'));
  } else heading(pg, p);
  const st = S(roll ? 8.5 : 10.5);
  const lh = pg.t.lineHeight(st) + 2;
  const rows: [string, string][] = [
    [p.title.includes('دریافت') ? 'دریافت از' : 'پرداخت به', p.party.name],
    [`مبلغ (${currencyWord(p.business.currency)})`, money(p, p.amount)],
    ['به حروف', words(p, p.amount)],
    ['روش', `${p.methodFa}${p.account ? ` — ${p.account}` : ''}`],
  ];
  if (p.cheque) {
    rows.push(['چک شماره', ltr(faDigits(p.cheque.number))], ['سررسید', faDigits(p.cheque.dueDateJalali)]);
    if (p.cheque.bank) rows.push(['بانک', p.cheque.bank]);
    if (p.cheque.sayadId) rows.push(['شناسه صیاد', ltr(faDigits(p.cheque.sayadId))]);
  }
  if (p.invoice) rows.push(['بابت فاکتور', faDigits(p.invoice)]);
  if (p.description) rows.push(['توضیحات', p.description]);
  const labelW = roll ? 62 : 110;
  for (const [k, v] of rows) {
    const lines = pg.t.wrap(v, pg.width - labelW, st);
    lines.forEach((l, i) => {
      if (i === 0) pg.t.line(k, pg.x + pg.width - labelW, pg.y, labelW - 6, { ...st, bold: true });
      pg.t.line(l, pg.x, pg.y, pg.width - labelW, st);
      pg.y += lh;
    });
  }
  pg.y += roll ? 8 : 30;
  const half = pg.width / 2;
  pg.t.line(p.title.includes('دریافت') ? 'امضای دریافت‌کننده' : 'امضای گیرنده وجه', pg.x + half, pg.y, half, S(roll ? 8 : 10), 'center');
  pg.t.line('امضای پرداخت‌کننده', pg.x, pg.y, half, S(roll ? 8 : 10), 'center');
  pg.y += roll ? 30 : 40;
}
