import { Dec } from '../shared/money.js';
import { amountWithFractionInWords, faAmount, faDigits, faNumber, inDisplayUnit, currencyWord } from './format.js';
import type { InvoicePaper, Paper, PaperFormat, PaymentPaper, PrintParty } from './model.js';
import { qrSvg, qrText } from './qr.js';

/**
 * A printed document as one right-to-left HTML page with print CSS (A4, or an 80 mm roll): what
 * the browser prints, and what pdf.ts draws the same way. Self-contained but for the fonts, which
 * the server serves beside the console (`/app/fonts/…`, Vazirmatn from npm).
 */
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const isZero = (v: string) => new Dec(v).isZero();

const FONTS = `
@font-face{font-family:Vazirmatn;font-weight:400;src:url(/app/fonts/vazirmatn-arabic-400-normal.woff2) format('woff2');unicode-range:U+0600-06FF,U+0750-077F,U+200C-200E,U+2010-2011,U+204F,U+2E41,U+FB50-FDFF,U+FE70-FEFC}
@font-face{font-family:Vazirmatn;font-weight:700;src:url(/app/fonts/vazirmatn-arabic-700-normal.woff2) format('woff2');unicode-range:U+0600-06FF,U+0750-077F,U+200C-200E,U+2010-2011,U+204F,U+2E41,U+FB50-FDFF,U+FE70-FEFC}
@font-face{font-family:Vazirmatn;font-weight:400;src:url(/app/fonts/vazirmatn-latin-400-normal.woff2) format('woff2');unicode-range:U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD}
@font-face{font-family:Vazirmatn;font-weight:700;src:url(/app/fonts/vazirmatn-latin-700-normal.woff2) format('woff2');unicode-range:U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD}`;

const CSS_COMMON = `
*{box-sizing:border-box}
body{font-family:Vazirmatn,Tahoma,sans-serif;color:#111;margin:0;background:#fff;font-size:10pt;line-height:1.6}
.paper{margin:0 auto;position:relative}
h1,h2,p{margin:0}
.num{direction:ltr;unicode-bidi:isolate;white-space:nowrap}
.muted{color:#555}
.void{position:absolute;inset:0;display:flex;align-items:center;justify-content:center;pointer-events:none}
.void span{transform:rotate(-30deg);font-size:54pt;font-weight:700;color:#c0392b;opacity:.35}
.toolbar{padding:8px;text-align:center;background:#f3f4f6}
.toolbar button{font:inherit;padding:4px 16px}
@media print{.toolbar{display:none}}`;

const CSS_A4 = `
@page{size:A4;margin:12mm}
.paper{width:186mm;padding:0}
header.top{display:grid;grid-template-columns:1fr auto 1fr;gap:8px;align-items:start;border-bottom:1px solid #999;padding-bottom:6px;margin-bottom:6px}
header.top .biz h1{font-size:14pt}
header.top .biz p{font-size:8.5pt;color:#555}
header.top .title{text-align:center}
header.top .title h2{font-size:16pt}
header.top .logo{justify-self:end}
header.top .logo img{max-width:56px;max-height:56px}
section.party{border-bottom:1px solid #999;padding-bottom:4px;margin-bottom:6px}
section.party dl{display:flex;flex-wrap:wrap;gap:2px 18px;margin:2px 0;font-size:9pt}
section.party dt{display:inline;color:#555}
section.party dd{display:inline;margin:0}
table.lines{width:100%;border-collapse:collapse;font-size:9pt}
table.lines th{background:#eee;font-weight:700;font-size:8.5pt;padding:3px}
table.lines td{border-bottom:1px solid #ddd;padding:3px;vertical-align:top}
table.lines td.fig{text-align:left}
table.lines td.c{text-align:center}
.bottom{display:grid;grid-template-columns:1fr 210px;gap:16px;margin-top:8px;align-items:start}
table.totals{border:1px solid #999;border-collapse:collapse;width:100%;font-size:9pt}
table.totals th{text-align:right;font-weight:400;padding:2px 6px}
table.totals td{text-align:left;padding:2px 6px}
table.totals tr.strong th,table.totals tr.strong td{font-weight:700}
.words{font-weight:700}
.qr{margin-top:6px}
.signatures{display:flex;justify-content:space-around;margin-top:28px}`;

const CSS_ROLL = `
@page{size:80mm auto;margin:3mm}
body{font-size:8.5pt}
.paper{width:74mm}
.center{text-align:center}
.paper h1{font-size:11pt}
.paper h2{font-size:10pt}
hr{border:0;border-top:1px dashed #555;margin:4px 0}
.item .name{font-weight:700}
.row{display:flex;justify-content:space-between;gap:6px}
.row.strong{font-weight:700}
.qr{display:block;margin:4px auto}`;

function page(p: Paper, format: PaperFormat, body: string): string {
  const css = FONTS + CSS_COMMON + (format === 'receipt80' ? CSS_ROLL : CSS_A4);
  return `<!doctype html>
<html lang="fa" dir="rtl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(`${p.title} ${faDigits(p.number)} — ${p.business.name}`)}</title>
<style>${css}</style>
</head>
<body>
<div class="toolbar"><button type="button" onclick="print()">چاپ</button></div>
<main class="paper ${format}" aria-label="${esc(p.title)}">
${p.voided ? '<div class="void" aria-label="وضعیت"><span>باطل شده</span></div>' : ''}
${body}
</main>
</body>
</html>
`;
}

const money = (p: Paper, rial: string) => `<span class="num">${faAmount(inDisplayUnit(rial, p.business.currency))}</span>`;
const words = (p: Paper, rial: string) => `${amountWithFractionInWords(inDisplayUnit(rial, p.business.currency))} ${currencyWord(p.business.currency)}`;

function bizHeader(p: Paper): string {
  const b = p.business;
  const ids = [b.economicCode && `کد اقتصادی: <span class="num">${faDigits(esc(b.economicCode))}</span>`, b.nationalId && `شناسه ملی: <span class="num">${faDigits(esc(b.nationalId))}</span>`].filter(Boolean).join(' — ');
  const contact = [b.phone && `تلفن: <span class="num">${faDigits(esc(b.phone))}</span>`, b.postalCode && `کد پستی: <span class="num">${faDigits(esc(b.postalCode))}</span>`].filter(Boolean).join(' — ');
  return `<header class="top">
<div class="biz"><h1>${esc(b.name)}</h1>${ids ? `<p>${ids}</p>` : ''}${contact ? `<p>${contact}</p>` : ''}${b.address ? `<p>${esc(b.address)}</p>` : ''}</div>
<div class="title"><h2>${esc(p.title)}</h2><p>شماره: <span class="num">${faDigits(p.number)}</span></p><p>تاریخ: <span class="num">${faDigits(p.dateJalali)}</span></p></div>
<div class="logo">${b.logo ? `<img src="${esc(b.logo)}" alt="نشان ${esc(b.name)}">` : ''}</div>
</header>`;
}

function partySection(label: string, party: PrintParty): string {
  const facts: [string, string][] = [
    ['کد اقتصادی', party.economicCode],
    ['شناسه/کد ملی', party.nationalId],
    ['کد پستی', party.postalCode],
    ['تلفن', party.phone],
  ];
  const dl = facts
    .filter(([, v]) => v)
    .map(([k, v]) => `<div><dt>${k}:</dt> <dd class="num">${faDigits(esc(v))}</dd></div>`)
    .join('');
  return `<section class="party" aria-label="${label}">
<p><strong>${label}: ${esc(party.name)}</strong>${party.code ? ` <span class="muted">(کد <span class="num">${faDigits(esc(party.code))}</span>)</span>` : ''}</p>
${dl ? `<dl>${dl}</dl>` : ''}${party.address ? `<p>نشانی: ${faDigits(esc(party.address))}</p>` : ''}
</section>`;
}

const partyLabel = (p: InvoicePaper) => (p.title.includes('خرید') ? 'فروشنده' : 'خریدار');

function invoiceA4(p: InvoicePaper): string {
  const rows = p.lines
    .map(
      (l) => `<tr>
<td class="c">${faDigits(l.row)}</td>
<td>${esc(l.name)}${l.description ? ` — <span class="muted">${esc(l.description)}</span>` : ''}</td>
<td class="c"><span class="num">${faNumber(l.quantity)}</span></td>
<td class="c">${esc(l.unit)}</td>
<td class="fig">${money(p, l.unitPrice)}</td>
<td class="fig">${money(p, l.discount)}</td>
<td class="fig">${money(p, l.vat)}</td>
<td class="fig">${money(p, l.total)}</td>
</tr>`,
    )
    .join('\n');
  const totals: [string, string, boolean][] = [
    ['جمع سطرها', p.subtotal, false],
    ['تخفیف', p.discounts, false],
    ['مالیات بر ارزش افزوده', p.vat, false],
  ];
  if (!isZero(p.levy)) totals.push(['عوارض', p.levy, false]);
  if (!isZero(p.serviceCharge)) totals.push(['خدمات', p.serviceCharge, false]);
  if (!isZero(p.rounding)) totals.push(['گرد کردن', p.rounding, false]);
  totals.push([`مبلغ قابل پرداخت (${currencyWord(p.business.currency)})`, p.payable, true]);
  if (p.paid !== null) totals.push(['پرداخت‌شده', p.paid, false], ['مانده', p.remaining!, true]);
  const body = `${bizHeader(p)}
${partySection(partyLabel(p), p.party)}
<table class="lines">
<thead><tr><th>ردیف</th><th>شرح کالا یا خدمات</th><th>تعداد</th><th>واحد</th><th>فی</th><th>تخفیف</th><th>مالیات و عوارض</th><th>جمع</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
<div class="bottom">
<div>
<p class="words">مبلغ قابل پرداخت به حروف: ${words(p, p.payable)}</p>
${p.description ? `<p>توضیحات: ${esc(p.description)}</p>` : ''}
${p.taxid ? `<p>شماره منحصربه‌فرد مالیاتی: <span class="num">${esc(p.taxid)}</span></p>` : ''}
${qrSvg(qrText(p), 96, p.taxid ? 'کد QR شماره مالیاتی' : 'کد QR فاکتور')}
</div>
<table class="totals" aria-label="جمع‌ها"><tbody>
${totals.map(([k, v, strong]) => `<tr${strong ? ' class="strong"' : ''}><th>${k}</th><td>${money(p, v)}</td></tr>`).join('\n')}
</tbody></table>
</div>
<div class="signatures"><span>مهر و امضای فروشنده</span><span>مهر و امضای خریدار</span></div>`;
  return page(p, 'a4', body);
}

function invoiceRoll(p: InvoicePaper): string {
  const b = p.business;
  const items = p.lines
    .map(
      (l) => `<div class="item"><div class="name">${esc(l.name)}</div>
<div class="row"><span><span class="num">${faNumber(l.quantity)}</span> ${esc(l.unit)} × ${money(p, l.unitPrice)}</span><span>${money(p, l.total)}</span></div>${isZero(l.discount) ? '' : `<div class="row muted"><span>تخفیف</span><span>${money(p, l.discount)}</span></div>`}</div>`,
    )
    .join('\n');
  const row = (k: string, v: string, strong = false) => `<div class="row${strong ? ' strong' : ''}"><span>${k}</span><span>${money(p, v)}</span></div>`;
  const body = `<div class="center">
${b.logo ? `<img src="${esc(b.logo)}" alt="نشان ${esc(b.name)}" style="max-width:40px;max-height:40px">` : ''}
<h1>${esc(b.name)}</h1>
${b.economicCode ? `<p>کد اقتصادی: <span class="num">${faDigits(esc(b.economicCode))}</span></p>` : ''}
${b.phone ? `<p>تلفن: <span class="num">${faDigits(esc(b.phone))}</span></p>` : ''}
${b.address ? `<p>${esc(b.address)}</p>` : ''}
<h2>${esc(p.title)} <span class="num">${faDigits(p.number)}</span></h2>
<p><span class="num">${faDigits(p.dateJalali)}</span> <span class="num">${faDigits(p.time.slice(0, 5))}</span></p>
${p.party.name ? `<p>${partyLabel(p) === 'خریدار' ? 'مشتری' : 'فروشنده'}: ${esc(p.party.name)}</p>` : ''}
</div>
<hr>
${items}
<hr>
${row('جمع سطرها', p.subtotal)}
${isZero(p.discounts) ? '' : row('تخفیف', p.discounts)}
${row('مالیات و عوارض', new Dec(p.vat).plus(p.levy).toFixed())}
${row(`قابل پرداخت (${currencyWord(b.currency)})`, p.payable, true)}
${p.paid !== null ? row('پرداخت‌شده', p.paid) + row('مانده', p.remaining!, true) : ''}
<p class="center">${words(p, p.payable)}</p>
${qrSvg(qrText(p), 96, p.taxid ? 'کد QR شماره مالیاتی' : 'کد QR فاکتور')}
${p.taxid ? `<p class="center">شماره مالیاتی: <span class="num">${esc(p.taxid)}</span></p>` : ''}
<p class="center">از خرید شما سپاسگزاریم</p>`;
  return page(p, 'receipt80', body);
}

function payment(p: PaymentPaper, format: PaperFormat): string {
  const lines = [
    `${p.title.includes('دریافت') ? 'دریافت از' : 'پرداخت به'}: <strong>${esc(p.party.name)}</strong>`,
    `مبلغ: <strong>${money(p, p.amount)}</strong> ${currencyWord(p.business.currency)}`,
    `به حروف: ${words(p, p.amount)}`,
    `روش: ${p.methodFa}${p.account ? ` — ${esc(p.account)}` : ''}`,
  ];
  if (p.cheque) {
    lines.push(
      `چک شماره <span class="num">${faDigits(esc(p.cheque.number))}</span>${p.cheque.bank ? ` ${esc(p.cheque.bank)}` : ''}، سررسید <span class="num">${faDigits(p.cheque.dueDateJalali)}</span>${p.cheque.sayadId ? `، شناسه صیاد <span class="num">${faDigits(p.cheque.sayadId)}</span>` : ''}`,
    );
  }
  if (p.invoice) lines.push(`بابت: فاکتور ${faDigits(esc(p.invoice))}`);
  if (p.description) lines.push(`توضیحات: ${esc(p.description)}`);
  const head =
    format === 'a4'
      ? bizHeader(p)
      : `<div class="center"><h1>${esc(p.business.name)}</h1><h2>${esc(p.title)} <span class="num">${faDigits(p.number)}</span></h2><p class="num">${faDigits(p.dateJalali)}</p></div><hr>`;
  const body = `${head}
${lines.map((l) => `<p>${l}</p>`).join('\n')}
<div class="signatures" style="display:flex;justify-content:space-around;margin-top:28px"><span>${p.title.includes('دریافت') ? 'امضای دریافت‌کننده' : 'امضای گیرنده وجه'}</span><span>امضای پرداخت‌کننده</span></div>`;
  return page(p, format, body);
}

export function paperHtml(p: Paper, format: PaperFormat): string {
  if (p.kind === 'payment') return payment(p, format);
  return format === 'receipt80' ? invoiceRoll(p) : invoiceA4(p);
}
