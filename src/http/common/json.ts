import crypto from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import JSON5 from 'json5';
import { DomainError } from '../../domain/errors.js';
import { Dec, ExactNumber } from '../../domain/shared/money.js';

/**
 * JSON in and out without a binary float in between (platform.md, "Reading numbers").
 *
 * In: every number token of a body is read from its source text. A plain decimal that a double
 * holds exactly stays a JS number (what every handler has always seen); any other number token
 * (beyond 2^53 or 15 significant digits, an exponent `1e3`, JSON5's `0x10`, `+1`, `.5`,
 * `Infinity`, `NaN`) reaches the handlers as its source text, a string: `readDecimal` reads
 * the digits exactly, or refuses the spelling naming the field.
 *
 * Out: `ExactNumber`s (toWire of a value a double cannot hold) are written as their digits,
 * a JSON number token, so 9007199254740993 goes back exactly as it came.
 */

// Per-process, unguessable: a client's own string can never be taken for a marked number.
const MARK = `\u00a7${crypto.randomBytes(8).toString('hex')}\u00a7`;
const PLAIN = /^-?(0|[1-9]\d*)(\.\d+)?$/;

/** A number token's value as handlers see it: a JS number when exact, else its source text. */
export function numberFromSource(src: string): number | string {
  if (!PLAIN.test(src)) return src;
  const n = Number(src);
  if (String(n).includes('e')) return src;
  const significant = src.replace(/^-/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
  if (significant.length <= 15 || new Dec(String(n)).eq(new Dec(src))) return n;
  return src;
}

// Strings, comments and identifiers are matched (and kept) so that only real number tokens are marked.
const SKIP = String.raw`"(?:[^"\\]|\\[\s\S])*"|'(?:[^'\\]|\\[\s\S])*'|\/\/[^\n]*|\/\*[\s\S]*?\*\/`;
const JSON_NUMBER = String.raw`-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?`;
// JSON5 adds hex, a leading or trailing dot, an explicit +, Infinity and NaN.
const JSON5_NUMBER = String.raw`[-+]?(?:0[xX][0-9a-fA-F]+|Infinity|NaN|(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)`;
const IDENT = String.raw`[A-Za-z_$\u0080-\uFFFF][\w$\u0080-\uFFFF]*`;
const TOKENS = {
  json: new RegExp(`${SKIP}|(${JSON_NUMBER})(?![\\w$.])|${IDENT}`, 'g'),
  json5: new RegExp(`${SKIP}|(${JSON5_NUMBER})(?![\\w$.])|${IDENT}`, 'g'),
};

/**
 * Wraps every number token of JSON (or JSON5) text in a marked string, so that JSON.parse and
 * JSON5.parse hand back its source text. Strings, comments and identifiers are copied untouched.
 */
export function markNumbers(text: string, dialect: 'json' | 'json5' = 'json'): string {
  return text.replace(TOKENS[dialect], (m: string, num?: string) => (num === undefined ? m : `"${MARK}${num}"`));
}

/** Turns marked strings back into numbers (or their source text), in place. */
function unmark(v: unknown): unknown {
  if (typeof v === 'string') return v.startsWith(MARK) ? numberFromSource(v.slice(MARK.length)) : v;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = unmark(v[i]);
  } else if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(o)) o[k] = unmark(o[k]);
  }
  return v;
}

// A text without a run of 16 digits (dots included) and without a digit before an exponent has
// only number tokens of at most 15 significant digits and no exponent: JSON.parse reads each
// exactly, so the marking pass (about ten times slower) is skipped for nearly every body.
const NEEDS_MARKING = /\d[\d.]{15}|\d[eE]/;

/** JSON.parse, numbers read from their source text. Throws SyntaxError as JSON.parse does. */
export function parseJsonExact(text: string): unknown {
  if (!NEEDS_MARKING.test(text)) return JSON.parse(text);
  return unmark(JSON.parse(markNumbers(text)));
}

/** JSON5.parse, numbers read from their source text. */
export function parseJson5Exact(text: string): unknown {
  return unmark(JSON5.parse(markNumbers(text, 'json5')));
}

/** JSON.stringify that writes ExactNumbers as number tokens of their exact digits. */
export function stringifyExact(value: unknown): string {
  let found = false;
  const s = JSON.stringify(value, function (this: Record<string, unknown>, key: string, v: unknown) {
    const raw = this[key];
    if (raw instanceof ExactNumber) {
      found = true;
      return MARK + raw.text;
    }
    return v;
  });
  if (!found || s === undefined) return s;
  return s.split(`"${MARK}`).map((part, i) => (i === 0 ? part : part.replace(/^(-?\d+(?:\.\d+)?)"/, '$1'))).join('');
}

/** Every reply of the app is written by stringifyExact (strings pass through untouched). */
export function installExactReplies(app: FastifyInstance): void {
  app.setReplySerializer((payload) => (typeof payload === 'string' ? payload : stringifyExact(payload)));
}

/**
 * JSON body parser for the Siba and Chortke surfaces: an empty body is "no body" (clients send
 * a Content-Type header on bodiless POSTs with query parameters), anything else must be JSON;
 * other content types answer 415 (images have their own parser on their route).
 */
export function installJsonParser(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = (body as string).replace(/^\uFEFF/, '');
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, parseJsonExact(text));
    } catch {
      done(new DomainError('MALFORMED_BODY'), undefined);
    }
  });
}
