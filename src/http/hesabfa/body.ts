import { DomainError, fail } from '../../domain/errors.js';
import { parseJson5Exact, parseJsonExact } from '../common/json.js';

/**
 * Hesabfa clients are loose (hesabfa.md): field names in any casing at every level, and
 * some send JavaScript object literals (unquoted keys, single quotes) as in the seed's own
 * examples. JSON first, JSON5 as the fallback; anything else is 103 MissingData. Numbers are
 * read from their source text (common/json.ts).
 */
export function parseHesabfaBody(raw: string): unknown {
  const text = raw.replace(/^\uFEFF/, '').trim();
  if (text === '') throw fail.with('BODY_EMPTY');
  try {
    return parseJsonExact(text);
  } catch {
    try {
      return parseJson5Exact(text);
    } catch {
      try {
        return parseJson5Exact(repairLiteral(text));
      } catch {
        throw new DomainError('MALFORMED_BODY');
      }
    }
  }
}

/**
 * The seed's own UpdateOpeningQuantity example is typed by hand: typographic quotes around
 * strings (‘000001’) and a missing comma at a line end before the next key. Repairs exactly
 * those two slips; anything still unreadable stays 103.
 */
export function repairLiteral(text: string): string {
  return text
    .replace(/[\u2018\u2019\u201A\u2032]/g, "'")
    .replace(/[\u201C\u201D\u201E\u2033]/g, '"')
    .replace(/(['"\d\]}]|\btrue|\bfalse|\bnull)([ \t]*\r?\n\s*)(?=[A-Za-z_$][\w$]*\s*:|["'][^"'\n]*["']\s*:|[{\[])/g, '$1,$2');
}

export type Loose = Record<string, unknown>;

export function isObject(v: unknown): v is Loose {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Case-insensitive field read: field(body, 'queryInfo') finds QueryInfo, queryinfo, … */
export function field(obj: unknown, name: string): unknown {
  if (!isObject(obj)) return undefined;
  if (name in obj) return obj[name];
  const lower = name.toLowerCase();
  for (const k of Object.keys(obj)) if (k.toLowerCase() === lower) return obj[k];
  return undefined;
}

/** Does the object carry this field at all (any casing)? Needed for "only the fields sent change". */
export function has(obj: unknown, name: string): boolean {
  if (!isObject(obj)) return false;
  const lower = name.toLowerCase();
  return Object.keys(obj).some((k) => k.toLowerCase() === lower);
}
