import fs from 'node:fs';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import bidiModule, { type Bidi } from 'bidi-js';
import type * as Fontkit from 'fontkit';
import type PDFKit from 'pdfkit';

/**
 * Right-to-left text on a PDFKit page, real text and not an image (docs/printing.md):
 * - Shaping (joined Persian letters, ligatures) is fontkit's, through PDFKit: each piece of a line
 *   is laid out by the font's own OpenType tables.
 * - Order is the Unicode bidirectional algorithm's (bidi-js): a line is cut into runs of one
 *   embedding level, the runs put in visual order, brackets mirrored inside right-to-left runs.
 * - Fonts: Vazirmatn from @fontsource (the console's own files), its Arabic subset first and the
 *   Latin subset for what that lacks (Latin letters, ASCII punctuation).
 * - Extraction: every line is one marked-content span whose /ActualText is the line in visual
 *   order, which is what text extractors (poppler's pdftotext among them) expect from a page and
 *   turn back into reading order; copy and search in a viewer get the words as typed.
 */
// bidi-js is CommonJS whose one export is the factory; its types call it the default export.
const bidiFactory = ((bidiModule as unknown as { default?: () => Bidi }).default ?? bidiModule) as unknown as () => Bidi;
const bidi = bidiFactory();
const require = createRequire(import.meta.url);

type Weight = 'regular' | 'bold';
type Face = 'ar' | 'la';
const FILES: Record<Weight, Record<Face, string>> = {
  regular: { ar: 'vazirmatn-arabic-400-normal.woff', la: 'vazirmatn-latin-400-normal.woff' },
  bold: { ar: 'vazirmatn-arabic-700-normal.woff', la: 'vazirmatn-latin-700-normal.woff' },
};

interface LoadedFont {
  buffer: Buffer;
  font: Fontkit.Font;
}
let loaded: Record<Weight, Record<Face, LoadedFont>> | null = null;

/** fontkit is loaded with the first PDF, not at the server's start (~0.3 s of module loading). */
let fontkit: typeof Fontkit | null = null;
export async function loadFontkit(): Promise<void> {
  if (fontkit) return;
  const m = (await import('fontkit')) as typeof Fontkit & { default?: typeof Fontkit };
  fontkit = typeof m.create === 'function' ? m : m.default!;
}

function fonts(): Record<Weight, Record<Face, LoadedFont>> {
  if (loaded) return loaded;
  const load = (file: string): LoadedFont => {
    const buffer = sfntOfWoff(fs.readFileSync(require.resolve(`@fontsource/vazirmatn/files/${file}`)));
    if (!fontkit) throw new Error('loadFontkit() first');
    return { buffer, font: fontkit.create(buffer) as Fontkit.Font };
  };
  loaded = {
    regular: { ar: load(FILES.regular.ar), la: load(FILES.regular.la) },
    bold: { ar: load(FILES.bold.ar), la: load(FILES.bold.la) },
  };
  return loaded;
}

/**
 * A WOFF font as the plain OpenType (sfnt) file it wraps, inflated once with node's zlib. PDFKit
 * parses its fonts again for every document, and fontkit inflates a WOFF's tables in JavaScript:
 * that was most of a PDF's time (docs/printing.md).
 */
export function sfntOfWoff(woff: Buffer): Buffer {
  if (woff.toString('ascii', 0, 4) !== 'wOFF') return woff;
  const flavor = woff.readUInt32BE(4);
  const numTables = woff.readUInt16BE(12);
  const tables: { tag: string; checksum: number; data: Buffer }[] = [];
  for (let i = 0; i < numTables; i++) {
    const e = 44 + i * 20;
    const offset = woff.readUInt32BE(e + 4);
    const compLength = woff.readUInt32BE(e + 8);
    const origLength = woff.readUInt32BE(e + 12);
    const raw = woff.subarray(offset, offset + compLength);
    tables.push({ tag: woff.toString('latin1', e, e + 4), checksum: woff.readUInt32BE(e + 16), data: compLength < origLength ? zlib.inflateSync(raw) : Buffer.from(raw) });
  }
  let pow = 1;
  while (pow * 2 <= numTables) pow *= 2;
  const head = Buffer.alloc(12 + 16 * numTables);
  head.writeUInt32BE(flavor, 0);
  head.writeUInt16BE(numTables, 4);
  head.writeUInt16BE(pow * 16, 6);
  head.writeUInt16BE(Math.log2(pow), 8);
  head.writeUInt16BE(numTables * 16 - pow * 16, 10);
  const parts: Buffer[] = [head];
  let at = head.length;
  tables.forEach((t, i) => {
    const r = 12 + i * 16;
    head.write(t.tag, r, 'latin1');
    head.writeUInt32BE(t.checksum, r + 4);
    head.writeUInt32BE(at, r + 8);
    head.writeUInt32BE(t.data.length, r + 12);
    const padded = Buffer.alloc((t.data.length + 3) & ~3);
    t.data.copy(padded);
    parts.push(padded);
    at += padded.length;
  });
  return Buffer.concat(parts);
}

/** PDFKit's per-document font: the parsed font it lays out with, and the subset it embeds. */
interface PdfKitFont {
  font: Fontkit.Font;
  subset: unknown;
}

/**
 * Registers the four faces on a new document. PDFKit parses each font anew for every document;
 * the parsed font (its shaping tables read once) is shared instead, each document keeping a subset
 * of its own — what PDFKit's own constructor makes, from the same font.
 */
export function registerFonts(doc: PDFKit.PDFDocument): void {
  const f = fonts();
  for (const w of ['regular', 'bold'] as const) {
    for (const face of ['ar', 'la'] as const) {
      const name = `${w}-${face}`;
      doc.registerFont(name, f[w][face].buffer);
      doc.font(name);
      const own = (doc as unknown as { _font?: PdfKitFont })._font;
      if (own && typeof own.font?.createSubset === 'function') {
        own.font = f[w][face].font;
        own.subset = f[w][face].font.createSubset();
      }
    }
  }
}

export interface TextStyle {
  size: number;
  bold?: boolean;
  color?: string;
}

interface Piece {
  face: Face;
  /** Words left to right, each as PDFKit is given it (see below), and its offset in the piece. */
  words: { str: string; dx: number }[];
  width: number;
}

// fontkit lays a string out right to left when its first strong script is right-to-left.
const RTL_SCRIPT = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/;

type Strength = 'R' | 'L' | 'num' | 'neutral';
const NUMERIC = new Set(['EN', 'AN', 'ES', 'ET', 'CS']);

function strength(ch: string): Strength {
  const t = bidi.getBidiCharTypeName(ch);
  return t === 'R' || t === 'AL' ? 'R' : t === 'L' ? 'L' : NUMERIC.has(t) ? 'num' : 'neutral';
}

/**
 * The line as a text extractor should find it stored: in visual order, left to right. Extractors
 * (poppler's pdftotext, and the viewers built on it) read a right-to-left page's line back by
 * reversing it, keeping runs of Latin letters and numbers (digits and their separators, «:» «/»
 * «،» among them) as they stand, with the spaces before such a run. Cutting the logical line into
 * those same runs and storing them in reverse gives the line back exactly; where a space follows a
 * number and a Persian word follows the space («تهران، خیابان»), a right-to-left mark (U+200F,
 * invisible) keeps the space after the number instead of before it.
 */
const RLM = '\u200F';

export function visualOrder(raw: string): string {
  const text = raw.replace(FORMATTING_ALL, '');
  const kinds = [...text].map(strength);
  const sections: { rtl: boolean; s: string }[] = [];
  let mark = false;
  let i = 0;
  while (i < text.length) {
    let j = i;
    while (j < text.length && (kinds[j] === 'R' || kinds[j] === 'neutral')) j++;
    if (j > i) sections.push({ rtl: true, s: (mark ? RLM : '') + text.slice(i, j) });
    i = j;
    while (j < text.length && kinds[j] !== 'R') j++;
    // Spaces and marks after a number belong to the right-to-left run that follows.
    let k = j;
    while (k > i && kinds[k - 1] === 'neutral') k--;
    mark = k < j && j < text.length;
    if (k > i) sections.push({ rtl: false, s: text.slice(i, k) });
    i = k > i ? k : j;
  }
  return sections
    .reverse()
    .map((x) => (x.rtl ? [...x.s].reverse().join('') : x.s))
    .join('');
}

/** A value that reads left to right whatever surrounds it (a phone «۰۲۱-۸۸۷۷»): an isolate. */
export function ltr(s: string): string {
  return s ? `\u2066${s}\u2069` : s;
}

// Directional formatting: it steers the order, and is neither drawn nor extracted.
const FORMATTING = /[\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
const FORMATTING_ALL = new RegExp(FORMATTING.source, 'g');

/** Replaces characters outside the Basic Multilingual Plane (emoji) so indexes line up. */
function bmp(text: string): string {
  return text.replace(/[\uD800-\uDFFF]/g, '\uFFFD').replace(/[\u0000-\u001F\u007F]/g, ' ');
}

export class PdfText {
  constructor(readonly doc: PDFKit.PDFDocument) {}

  private use(face: Face, style: TextStyle): void {
    this.doc.font(`${style.bold ? 'bold' : 'regular'}-${face}`).fontSize(style.size);
  }

  private faceOf(ch: string, weight: Weight): Face {
    return fonts()[weight].ar.font.hasGlyphForCodePoint(ch.codePointAt(0)!) ? 'ar' : 'la';
  }

  /** The line's pieces in visual order, left to right, each one font and one direction. */
  private pieces(raw: string, style: TextStyle): Piece[] {
    const text = bmp(raw);
    if (!text) return [];
    const weight: Weight = style.bold ? 'bold' : 'regular';
    const levels = bidi.getEmbeddingLevels(text, 'rtl');
    const mirrors = bidi.getMirroredCharactersMap(text, levels.levels);
    const order = bidi.getReorderedIndices(text, levels);
    // Group consecutive visual positions of one level and one face.
    const groups: { level: number; face: Face; idx: number[] }[] = [];
    for (const i of order) {
      if (FORMATTING.test(text[i]!)) continue;
      const ch = mirrors.get(i) ?? text[i]!;
      const level = levels.levels[i]!;
      const face = ch === ' ' && groups.length ? groups.at(-1)!.face : this.faceOf(ch, weight);
      const g = groups.at(-1);
      if (g && g.level === level && g.face === face) g.idx.push(i);
      else groups.push({ level, face, idx: [i] });
    }
    return groups.map((g) => {
      const rtl = g.level % 2 === 1;
      // Logical order of the group's characters (a right-to-left group is visited backwards).
      const logical = (rtl ? [...g.idx].reverse() : g.idx).map((i) => mirrors.get(i) ?? text[i]!).join('');
      this.use(g.face, style);
      const space = this.doc.widthOfString(' ');
      // Word by word, spaces advanced over: PDFKit lays a string out a word at a time in the
      // string's order, which would put a right-to-left line's words left to right.
      const parts = logical.split(' ');
      if (rtl) parts.reverse();
      const words: { str: string; dx: number }[] = [];
      let dx = 0;
      parts.forEach((w, n) => {
        if (n > 0) dx += space;
        if (!w) return;
        // fontkit reverses a right-to-left script's glyphs; make it agree with the bidi level.
        const str = RTL_SCRIPT.test(w) !== rtl ? [...w].reverse().join('') : w;
        words.push({ str, dx });
        dx += this.doc.widthOfString(str);
      });
      return { face: g.face, words, width: dx };
    });
  }

  width(text: string, style: TextStyle): number {
    return this.pieces(text, style).reduce((a, p) => a + p.width, 0);
  }

  /**
   * One line in a box [x, x + width]: right-aligned by default (the page is right to left),
   * shrunk to fit when longer than the box (never running into the next cell).
   */
  line(text: string, x: number, y: number, width: number, style: TextStyle, align: 'right' | 'left' | 'center' = 'right'): void {
    let s = style;
    let ps = this.pieces(text, s);
    let total = ps.reduce((a, p) => a + p.width, 0);
    if (total > width && total > 0) {
      s = { ...style, size: Math.max(5, (style.size * width) / total) };
      ps = this.pieces(text, s);
      total = ps.reduce((a, p) => a + p.width, 0);
    }
    if (!ps.length) return;
    let cx = align === 'right' ? x + width - total : align === 'left' ? x : x + (width - total) / 2;
    this.doc.fillColor(s.color ?? '#000');
    this.doc.addContent(`/Span <</ActualText <FEFF${utf16Hex(visualOrder(bmp(text)))}>>> BDC`);
    for (const p of ps) {
      this.use(p.face, s);
      for (const w of p.words) this.doc.text(w.str, cx + w.dx, y, { lineBreak: false });
      cx += p.width;
    }
    this.doc.addContent('EMC');
  }

  /** Word-wrapped lines of a box `width` wide (a word longer than the box stands alone). */
  wrap(text: string, width: number, style: TextStyle): string[] {
    const out: string[] = [];
    for (const para of text.split(/\r?\n/)) {
      let cur = '';
      for (const word of para.split(/\s+/).filter(Boolean)) {
        const next = cur ? `${cur} ${word}` : word;
        if (cur && this.width(next, style) > width) {
          out.push(cur);
          cur = word;
        } else cur = next;
      }
      out.push(cur);
    }
    return out;
  }

  /** Height of one line at this size (PDFKit's line gap included). */
  lineHeight(style: TextStyle): number {
    this.use('ar', style);
    return this.doc.currentLineHeight(true);
  }
}

function utf16Hex(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += s.charCodeAt(i).toString(16).padStart(4, '0').toUpperCase();
  return out;
}
