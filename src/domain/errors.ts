/**
 * The one catalogue of domain errors (as Fastify's lib/errors.js). Each error has a stable code
 * (the first table) and a message: a key of MESSAGES with a Persian and an English template and
 * named slots. Call sites pass values, never sentences: `fail.with('INVOICE_TYPE_INVALID',
 * { field: 'type' })`. Each API surface maps the code to its own envelope in one table and
 * renames domain field paths (`lines[2].productId`) to its wire names in another
 * (`src/http/<surface>/fields.ts`); the message is rendered after that renaming, so it names the
 * field as the client sent it. Persian renderings use Persian digits for numeric values.
 *
 * Module messages live in `src/domain/messages/<module>.ts` and are assembled here: one
 * catalogue, one key type, no two modules editing the same lines.
 */
import { Decimal } from 'decimal.js';
import { ENTITIES, GENERIC_MESSAGES, type Entity } from './messages/generic.js';
import { MODULE_MESSAGES } from './messages/index.js';
import type { ErrorCode, MessageDef } from './messages/types.js';

export { ENTITIES, type Entity } from './messages/generic.js';

/** The codes, each with its default message (used when an error carries no message of its own). */
export const ERROR_CATALOGUE: Record<ErrorCode, MessageDef> = {
  VALIDATION: GENERIC_MESSAGES.VALIDATION,
  MISSING_FIELD: GENERIC_MESSAGES.MISSING_FIELD,
  OUT_OF_RANGE: GENERIC_MESSAGES.OUT_OF_RANGE,
  NOT_FOUND: GENERIC_MESSAGES.NOT_FOUND,
  DUPLICATE: GENERIC_MESSAGES.DUPLICATE,
  IN_USE: GENERIC_MESSAGES.IN_USE,
  INSUFFICIENT_STOCK: GENERIC_MESSAGES.INSUFFICIENT_STOCK,
  INSUFFICIENT_FUNDS: GENERIC_MESSAGES.INSUFFICIENT_FUNDS,
  CONFLICT: GENERIC_MESSAGES.CONFLICT,
  CLOSED_PERIOD: GENERIC_MESSAGES.CLOSED_PERIOD,
  IDEMPOTENCY_CONFLICT: GENERIC_MESSAGES.IDEMPOTENCY_CONFLICT,
  UNAUTHENTICATED: GENERIC_MESSAGES.UNAUTHENTICATED,
  FORBIDDEN: GENERIC_MESSAGES.FORBIDDEN,
  MALFORMED_BODY: GENERIC_MESSAGES.MALFORMED_BODY,
  UNSUPPORTED_MEDIA_TYPE: GENERIC_MESSAGES.UNSUPPORTED_MEDIA_TYPE,
  PAYLOAD_TOO_LARGE: GENERIC_MESSAGES.PAYLOAD_TOO_LARGE,
  RATE_LIMITED: GENERIC_MESSAGES.RATE_LIMITED,
  ROUTE_NOT_FOUND: GENERIC_MESSAGES.ROUTE_NOT_FOUND,
  UNAVAILABLE: GENERIC_MESSAGES.UNAVAILABLE,
  INTERNAL: GENERIC_MESSAGES.INTERNAL,
};

export type { ErrorCode } from './messages/types.js';

export const MESSAGES = { ...GENERIC_MESSAGES, ...MODULE_MESSAGES } as const;
export type MessageKey = keyof typeof MESSAGES;

/** A slot's value. Numbers (and Decimal, bigint, digit strings) render with Persian digits in Persian. */
export type SlotValue = string | number | bigint | Decimal | boolean | null | undefined;
export type Slots = { field?: string } & Record<string, SlotValue>;

const PERSIAN_DIGITS = '۰۱۲۳۴۵۶۷۸۹';
// Numbers, dates and times; a user's own text (a product's name "Coke 330") is shown as they wrote it.
const NUMERIC = /^-?\d+(\.\d+)?$|^\d{4}[/-]\d{1,2}[/-]\d{1,2}( \d{1,2}:\d{2}(:\d{2})?)?$|^\d{1,2}:\d{2}(:\d{2})?$/;

export function persianDigits(s: string): string {
  return s.replace(/[0-9]/g, (d) => PERSIAN_DIGITS[Number(d)]).replace(/(\d|[۰-۹])\.(?=[۰-۹])/g, '$1٫');
}

function isPathSlot(name: string): boolean {
  return name === 'field' || name.endsWith('Field');
}

function isEntitySlot(name: string): boolean {
  return name === 'entity' || name.endsWith('Entity');
}

function renderSlot(name: string, v: SlotValue, lang: 'fa' | 'en'): string {
  if (v === null || v === undefined) return '';
  if (isEntitySlot(name) && typeof v === 'string' && v in ENTITIES) return ENTITIES[v as Entity][lang];
  const s = Decimal.isDecimal(v) ? (v as Decimal).toFixed() : String(v);
  // A field path is a machine name: it keeps its ASCII digits («lines[2].quantity»).
  if (lang === 'fa' && !isPathSlot(name) && (typeof v !== 'string' || NUMERIC.test(s))) return persianDigits(s);
  return s;
}

export function renderMessage(template: string, slots: Slots, lang: 'fa' | 'en'): string {
  return template.replace(/\{(\w+)\}/g, (all, name: string) => (name in slots ? renderSlot(name, slots[name], lang) : all));
}

export class DomainError extends Error {
  readonly code: ErrorCode;
  /** The field path the error is about, in the domain's names (`lines[0].productId`) until a surface renames it. */
  readonly field?: string;
  /** The catalogue message, and the values of its slots. */
  readonly key?: MessageKey;
  readonly slots: Slots;
  readonly details?: Record<string, unknown>;

  constructor(
    code: ErrorCode,
    opts: { key?: MessageKey; slots?: Slots; field?: string; details?: Record<string, unknown> } = {},
  ) {
    const slots: Slots = { ...(opts.slots ?? {}) };
    const field = opts.field ?? slots.field;
    if (field !== undefined) slots.field = field;
    const def: MessageDef = opts.key ? MESSAGES[opts.key] : ERROR_CATALOGUE[code];
    super(renderMessage(def.en, slots, 'en'));
    this.name = 'DomainError';
    this.code = code;
    this.field = field;
    this.key = opts.key;
    this.slots = slots;
    this.details = opts.details;
  }

  private get def(): MessageDef {
    return this.key ? MESSAGES[this.key] : ERROR_CATALOGUE[this.code];
  }

  get messageFa(): string {
    return renderMessage(this.def.fa, this.slots, 'fa');
  }

  get messageEn(): string {
    return renderMessage(this.def.en, this.slots, 'en');
  }

  /**
   * The same error with every field path renamed (a surface's wire names): `field` and the path
   * slots of the message.
   */
  renamed(rename: (path: string) => string): DomainError {
    const slots: Slots = {};
    for (const [k, v] of Object.entries(this.slots)) slots[k] = isPathSlot(k) && typeof v === 'string' ? rename(v) : v;
    const field = this.field === undefined ? undefined : rename(this.field);
    return new DomainError(this.code, { key: this.key, slots, field, details: this.details });
  }
}

export function isDomainError(err: unknown): err is DomainError {
  return err instanceof DomainError;
}

/** Raise a catalogue message: its code comes from the catalogue, `slots.field` is the field. */
function raise(key: MessageKey, slots: Slots = {}, details?: Record<string, unknown>): DomainError {
  return new DomainError(MESSAGES[key].code, { key, slots, details });
}

/** Constructors, so that call sites read as the domain's words and pass values, not sentences. */
export const fail = {
  /** Any catalogue message by key, e.g. `fail.with('INVOICE_NOT_A_SALE', { field: 'originalInvoiceId', number: 12 })`. */
  with: raise,
  validation(field: string, details?: Record<string, unknown>): DomainError {
    return raise('FIELD_INVALID', { field }, details);
  },
  missing(field: string): DomainError {
    return raise('FIELD_REQUIRED', { field });
  },
  outOfRange(field: string): DomainError {
    return raise('FIELD_OUT_OF_RANGE', { field });
  },
  notFound(entity: Entity, field: string, value: unknown): DomainError {
    return raise('NOT_FOUND_ENTITY', { entity, field, value: value as SlotValue }, { value });
  },
  insufficientStock(field: string, details: Record<string, unknown>, productLabel: string): DomainError {
    const slots: Slots = {
      field,
      product: productLabel,
      available: details.available as SlotValue,
      requested: details.requested as SlotValue,
      date: details.date as SlotValue,
      dateJalali: (details.dateJalali ?? details.date) as SlotValue,
    };
    return raise(details.date ? 'STOCK_SHORT_ON' : 'STOCK_SHORT', slots, details);
  },
  insufficientFunds(field: string, details: { available: string; requested: string }, accountLabel: string): DomainError {
    return raise('FUNDS_SHORT', { field, account: accountLabel, available: details.available, requested: details.requested }, details);
  },
  forbidden(): DomainError {
    return new DomainError('FORBIDDEN', {});
  },
  unauthenticated(): DomainError {
    return new DomainError('UNAUTHENTICATED', {});
  },
};
