import QRCode from 'qrcode';
import { faDigits } from './format.js';
import type { Paper } from './model.js';

/**
 * The QR code on a printed invoice: the Moadian taxid once the invoice was sent (what the tax
 * organisation's lookup takes), otherwise a short text a phone shows as it is — the business,
 * the document and its payable.
 */
export function qrText(p: Paper): string {
  if (p.kind === 'invoice' && p.taxid) return p.taxid;
  const amount = p.kind === 'invoice' ? p.payable : p.amount;
  return [p.business.name, `${p.title} ${p.number}`, p.dateJalali, `${amount} ریال`].join('\n');
}

export interface QrMatrix {
  size: number;
  get(row: number, col: number): boolean;
}

export function qrMatrix(text: string): QrMatrix {
  const m = QRCode.create(text, { errorCorrectionLevel: 'M' }).modules;
  return { size: m.size, get: (r, c) => m.get(r, c) === 1 };
}

/** The same matrix as one SVG path (the HTML page's QR code), a quiet zone of two cells around it. */
export function qrSvg(text: string, px: number, label: string): string {
  const m = qrMatrix(text);
  let d = '';
  for (let r = 0; r < m.size; r++) for (let c = 0; c < m.size; c++) if (m.get(r, c)) d += `M${c + 2} ${r + 2}h1v1h-1z`;
  const n = m.size + 4;
  return `<svg class="qr" role="img" aria-label="${label}" width="${px}" height="${px}" viewBox="0 0 ${n} ${n}" shape-rendering="crispEdges"><rect width="${n}" height="${n}" fill="#fff"/><path d="${d}" fill="#000"/></svg>`;
}

