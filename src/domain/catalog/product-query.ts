import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../../db/schema.js';
import { fail } from '../errors.js';
import { Dec } from '../shared/money.js';
import { codeKey, containsPattern, normalizeText, toAsciiDigits } from '../shared/text.js';
import { barcodeKey } from './products.js';
import { authorize } from '../auth/permissions.js';
import type { Actor } from '../context.js';

/**
 * The catalogue's product query and stock list, run in SQL, in the domain's words: every
 * filterable/sortable product field maps through a whitelist (PROPERTIES) to a column or
 * expression; values are always bound parameters. Each surface maps its own property names to
 * these in its own table (Hesabfa getitems: src/http/hesabfa/item-properties.ts; Chortke's list
 * filters: src/http/chortke/item-properties.ts). Errors name `query.filters[i].property`,
 * `.operator`, `.value` and `query.sortBy`, which each surface renames in its fields table. The
 * caller loads the page's products with getProductsByIds.
 */

type PropType = 'int' | 'dec' | 'text' | 'norm' | 'bool' | 'code' | 'barcode';

interface PropDef {
  /** SQL expression over `p` (products) and, for the group path, `gp` (group paths). */
  expr: string;
  type: PropType;
}

// Persian normalisation in SQL (the parts of normalizeText a column comparison needs): Arabic
// ي ى ك ة to Persian, Persian/Arabic-Indic/full-width digits to ASCII, no-break spaces to a
// space, invisibles dropped, lower case.
const NORM_FROM = 'يىكة۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩０１２３４５６７８９\u00a0\u2007\u202f\u2009\u200a\u3000\u200b\u200c\u200d\u200e\u200f\u0640\ufeff';
const NORM_TO = 'ییکه012345678901234567890123456789      ';
const norm = (expr: string) => `lower(translate(${expr}, '${NORM_FROM}', '${NORM_TO}'))`;

const sub = (col: string, table: string, key: string) =>
  `(select x.${col} from ${table} x where x.business_id = p.business_id and x.id = p.${key})`;
const FIRST_BARCODE = `(select b.barcode from barcodes b where b.business_id = p.business_id and b.product_id = p.id order by b.id limit 1)`;
/** Numeric codes sort and compare by value ("2" < "10"); others as text after them. */
const CODE_ORDER = `(case when p.code_key ~ '^[0-9]+$' then lpad(p.code_key, 50, '0') else p.code_key end)`;

/** The product fields a query may filter or sort by (the Product's own names). */
const PROPERTIES = {
  id: { expr: 'p.id', type: 'int' },
  code: { expr: 'p.code_key', type: 'code' },
  name: { expr: 'p.name_norm', type: 'norm' },
  barcode: { expr: FIRST_BARCODE, type: 'barcode' },
  /** 'goods' | 'service' (in that order when sorted). */
  kind: { expr: 'p.kind', type: 'text' },
  unit: { expr: sub('name', 'units', 'unit_id'), type: 'text' },
  subUnit: { expr: sub('name', 'units', 'sub_unit_id'), type: 'text' },
  conversionRatio: { expr: 'coalesce(p.conversion_ratio, 0)', type: 'dec' },
  stockQty: { expr: 'p.stock_qty', type: 'dec' },
  buyPrice: { expr: 'p.buy_price', type: 'dec' },
  sellPrice: { expr: 'p.sell_price', type: 'dec' },
  purchasesTitle: { expr: 'p.purchases_title', type: 'text' },
  salesTitle: { expr: 'p.sales_title', type: 'text' },
  /** 0 = no group. */
  groupId: { expr: 'coalesce(p.group_id, 0)', type: 'int' },
  /** The group's own name. */
  group: { expr: sub('name', 'product_groups', 'group_id'), type: 'text' },
  /** The group's path from the root, names joined by ':' ('' = no group). */
  groupPath: { expr: `coalesce(gp.path, '')`, type: 'text' },
  tag: { expr: 'p.tag', type: 'text' },
  comment: { expr: 'p.comment', type: 'text' },
  productCode: { expr: 'p.product_code', type: 'text' },
  active: { expr: 'p.active', type: 'bool' },
  taxId: { expr: 'p.tax_id', type: 'text' },
  taxUnit: { expr: 'p.tax_unit', type: 'text' },
} as const satisfies Record<string, PropDef>;

export type ProductProperty = keyof typeof PROPERTIES;
export const PRODUCT_PROPERTIES = Object.keys(PROPERTIES) as ProductProperty[];

const OPERATORS = ['=', '!=', '<', '<=', '>', '>=', '*', 'in'] as const;
export type Operator = (typeof OPERATORS)[number];

export interface ProductQueryFilter {
  property: string;
  operator: string;
  value: unknown;
}

export interface ProductQuery {
  sortBy?: string;
  sortDesc?: boolean;
  /** Rows to return (the caller has clamped it). */
  take: number;
  skip: number;
  search?: string;
  filters: ProductQueryFilter[];
}

function propOf(name: string, field: string): PropDef {
  const def = Object.hasOwn(PROPERTIES, name) ? PROPERTIES[name as ProductProperty] : undefined;
  if (!def) throw fail.with('PRODUCT_QUERY_UNKNOWN_PROPERTY', { field, name });
  return def;
}

function scalarText(v: unknown, field: string): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw fail.with('PRODUCT_QUERY_NOT_SCALAR', { field });
}

function numberValue(v: unknown, field: string): string {
  const s = toAsciiDigits(scalarText(v, field).trim()).replace(/,/g, '');
  if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(s)) throw fail.with('PRODUCT_QUERY_NOT_NUMBER', { field });
  return new Dec(s).toFixed();
}

function intValue(v: unknown, field: string): string {
  const n = numberValue(v, field);
  if (!/^-?\d+$/.test(n)) throw fail.with('PRODUCT_QUERY_NOT_INTEGER', { field });
  return n;
}

function boolValue(v: unknown, field: string): boolean {
  if (typeof v === 'boolean') return v;
  const s = toAsciiDigits(scalarText(v, field).trim()).toLowerCase();
  if (s === 'true' || s === '1') return true;
  if (s === 'false' || s === '0') return false;
  throw fail.with('PRODUCT_QUERY_NOT_BOOLEAN', { field });
}

function codeOrderValue(v: string): string {
  const k = codeKey(v);
  return /^\d+$/.test(k) ? k.padStart(50, '0') : k;
}

function operatorOf(f: ProductQueryFilter, field: string): Operator {
  const op = String(f.operator ?? '').trim().toLowerCase() as Operator;
  if (!OPERATORS.includes(op)) throw fail.with('PRODUCT_QUERY_OPERATOR', { field: `${field}.operator`, operator: String(f.operator ?? '') });
  return op;
}

const barcodeExists = (match: RawBuilder<unknown>) =>
  sql`exists (select 1 from barcodes b where b.business_id = p.business_id and b.product_id = p.id and b.barcode_norm ${match})`;

/** `*`: contains, Persian-normalised (a barcode: any of the product's barcodes). */
function contains(def: PropDef, value: unknown, vf: string): RawBuilder<unknown> {
  if (def.type === 'barcode') return barcodeExists(sql`like ${containsPattern(barcodeKey(scalarText(value ?? '', vf)))}`);
  const needle = containsPattern(normalizeText(scalarText(value ?? '', vf)));
  if (def.type === 'norm') return sql`${sql.raw(def.expr)} like ${needle}`;
  if (def.type === 'code') return sql`p.code like ${needle}`;
  return sql`${sql.raw(norm(`cast(${def.expr} as text)`))} like ${needle}`;
}

/** `=`, `!=`, `in` on barcodes: a product may have several, any of them matches. */
function barcodeMatch(op: Operator, value: unknown, vf: string): RawBuilder<unknown> {
  const values = op === 'in' ? listOf(value, vf).map((v, i) => barcodeKey(scalarText(v, `${vf}[${i}]`))) : [barcodeKey(scalarText(value ?? '', vf))];
  if (values.length === 0) return sql`false`;
  const any = barcodeExists(sql`= any(cast(${values} as text[]))`);
  return op === '!=' ? sql`not ${any}` : any;
}

type ValueOf = (v: unknown, at: string) => unknown;

/** The comparable form of the column and of one value, by type and operator. */
function comparable(def: PropDef, op: Operator): { left: RawBuilder<unknown>; val: ValueOf } {
  const equality = op === '=' || op === '!=' || op === 'in';
  const e = sql.raw(def.expr);
  switch (def.type) {
    case 'int':
      return { left: e, val: intValue };
    case 'dec':
      return { left: e, val: numberValue };
    case 'bool':
      return { left: e, val: boolValue };
    case 'code':
      return equality
        ? { left: e, val: (v, at) => codeKey(scalarText(v, at)) }
        : { left: sql.raw(CODE_ORDER), val: (v, at) => codeOrderValue(scalarText(v, at)) };
    case 'norm':
      return { left: e, val: (v, at) => normalizeText(scalarText(v, at)) };
    default:
      return equality
        ? { left: sql.raw(norm(`coalesce(${def.expr}, '')`)), val: (v, at) => normalizeText(scalarText(v, at)) }
        : { left: sql.raw(`coalesce(${def.expr}, '')`), val: scalarText };
  }
}

// Integer properties compare as bigint so that id and groupId filters use their indexes.
const CAST: Partial<Record<PropType, string>> = { int: 'bigint', dec: 'numeric', bool: 'boolean' };
const ARRAY_TYPE: Record<PropType, string> = { int: 'bigint[]', dec: 'numeric[]', bool: 'boolean[]', code: 'text[]', norm: 'text[]', barcode: 'text[]', text: 'text[]' };
const SQL_OPERATOR: Record<Exclude<Operator, '*' | 'in'>, string> = { '=': '=', '!=': '<>', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };

/** `left op value`; null compares with `is (not) null`; `in` binds one array parameter however long the list. */
function comparison(def: PropDef, op: Exclude<Operator, '*'>, value: unknown, vf: string): RawBuilder<unknown> {
  const { left, val } = comparable(def, op);
  if (op === 'in') {
    // One array parameter (a parameter per value stops at 65,535).
    const values = listOf(value, vf).map((v, i) => String(val(v, `${vf}[${i}]`)));
    if (values.length === 0) return sql`false`;
    return sql`${left} = any(cast(${values} as ${sql.raw(ARRAY_TYPE[def.type])}))`;
  }
  if (value === undefined || value === null) {
    if (op === '=') return sql`${left} is null`;
    if (op === '!=') return sql`${left} is not null`;
    throw fail.missing(vf);
  }
  const v = val(value, vf);
  const cast = CAST[def.type];
  const bound = cast ? sql`cast(${v} as ${sql.raw(cast)})` : sql`${v}`;
  return sql`${left} ${sql.raw(SQL_OPERATOR[op])} ${bound}`;
}

/** One filter → a SQL condition (all values bound). `field`: the filter's path, `query.filters[i]`. */
function condition(f: ProductQueryFilter, field: string): RawBuilder<unknown> {
  const def = propOf(f.property === undefined || f.property === null ? '' : String(f.property), `${field}.property`);
  const op = operatorOf(f, field);
  const vf = `${field}.value`;
  if (op === '*') return contains(def, f.value, vf);
  if (def.type === 'barcode' && (op === '=' || op === 'in' || op === '!=')) return barcodeMatch(op, f.value, vf);
  return comparison(def, op, f.value, vf);
}

function listOf(v: unknown, field: string): unknown[] {
  if (Array.isArray(v)) return v.filter((x) => x !== null && x !== undefined && x !== '');
  if (typeof v === 'string') return v.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (typeof v === 'number') return [v];
  throw fail.with('PRODUCT_QUERY_NOT_ARRAY', { field });
}

const GROUP_PATHS = (businessId: number) => sql`
  with recursive gp (id, path) as (
    select g.id, g.name from product_groups g where g.business_id = ${businessId} and g.parent_id is null
    union all
    select g.id, gp.path || ':' || g.name
      from product_groups g join gp on g.parent_id = gp.id
     where g.business_id = ${businessId}
  )`;

export interface ProductQueryResult {
  total: number;
  filtered: number;
  /** Product ids of the page, in order. */
  ids: number[];
}

/** The search box: name, code, product code or a barcode contains the text. */
function searchCondition(search: string): RawBuilder<unknown> {
  const pat = containsPattern(search);
  return sql`(p.name_norm like ${pat} or p.code like ${pat} or ${sql.raw(norm('p.product_code'))} like ${pat}
      or exists (select 1 from barcodes b where b.business_id = p.business_id and b.product_id = p.id and b.barcode_norm like ${pat}))`;
}

/** Runs a product query: counts, and the page's product ids in the requested order (default: by code). */
export async function queryProducts(db: Kysely<DB>, actor: Actor, q: ProductQuery): Promise<ProductQueryResult> {
  authorize(actor, 'product.read');
  const businessId = actor.businessId;
  const conds = q.filters.map((f, i) => condition(f, `query.filters[${i}]`));
  const search = q.search === undefined ? '' : normalizeText(q.search);
  if (search !== '') conds.push(searchCondition(search));
  const sortDef = propOf(q.sortBy === undefined || q.sortBy.trim() === '' ? 'code' : q.sortBy, 'query.sortBy');
  const sortExpr = sortDef.type === 'code' ? CODE_ORDER : sortDef.type === 'text' || sortDef.type === 'barcode' ? `coalesce(${sortDef.expr}, '')` : sortDef.expr;
  const needsPaths = sortDef.expr.includes('gp.') || q.filters.some((f) => String(f.property ?? '') === 'groupPath');
  const where = conds.length ? sql.join(conds, sql` and `) : sql`true`;
  const withClause = needsPaths ? GROUP_PATHS(businessId) : sql``;
  const from = needsPaths ? sql`products p left join gp on gp.id = p.group_id` : sql`products p`;

  // Two counts, not one `count(*) filter (…)`: the filtered one can then use the filters'
  // indexes (trigram for `*`) instead of evaluating them on every product. The three reads are
  // independent: on PostgreSQL they run at once on three pooled connections.
  const dir = sql.raw(q.sortDesc ? 'desc' : 'asc');
  const [total, filteredRows, page] = await Promise.all([
    // Kept exact by the products_count triggers (migration 0081); a business that never had a
    // product has no row.
    sql<{ n: string }>`select coalesce((select value from counters where business_id = ${businessId} and name = 'products:count'), 0) as n`.execute(db),
    conds.length
      ? sql<{ n: string }>`
          ${withClause}
          select count(*) as n from ${from}
           where p.business_id = ${businessId} and ${where}`.execute(db)
      : null,
    sql<{ id: string }>`
      ${withClause}
      select p.id from ${from}
       where p.business_id = ${businessId} and ${where}
       order by ${sql.raw(sortExpr)} ${dir}, p.id ${dir}
       limit ${q.take} offset ${q.skip}`.execute(db),
  ]);
  const filtered = filteredRows ?? total;
  return { total: Number(total.rows[0]?.n ?? 0), filtered: Number(filtered.rows[0]?.n ?? 0), ids: page.rows.map((r) => Number(r.id)) };
}

/**
 * The stock list's wire form, chosen by the surface: the JSON key of each field (written as
 * given, a JSON string literal with its colon, e.g. `"Code":`), and the width numeric codes are
 * zero-padded to (Hesabfa's 6: "2" is "000002").
 */
export interface StockListFormat {
  keys: { code: string; tag: string; quantity: string; barcode: string; sellPrice: string; productCode: string };
  codeWidth: number;
}

/**
 * The stock list as the text of a JSON array, made whole in SQL (Hesabfa's GetQuantity of up to
 * every product: 100,000 objects as rows, or as one text split and sorted here, cost more in the
 * driver and in garbage than the database takes to write them): every product (goods and
 * services; a service has no stock, so 0), or only the given codes; on hand in one warehouse, or
 * over all of them; each with its first barcode (or ""). Ordered by code: numeric codes by value
 * (any length), then the others as text (code points). Numbers are their exact decimal text without trailing
 * zeros (what JSON.stringify writes for the amounts a double holds, and the exact digits beyond);
 * text fields by to_json (JSON.stringify's escapes).
 */
export async function stockListJson(
  db: Kysely<DB>,
  actor: Actor,
  opts: { codes?: string[]; warehouseId?: number },
  format: StockListFormat,
): Promise<string> {
  authorize(actor, 'stock.read');
  const businessId = actor.businessId;
  if (opts.codes && opts.codes.length === 0) return '[]';
  const keys = opts.codes ? [...new Set(opts.codes.map(codeKey))] : null;
  const k = format.keys;
  const qty = opts.warehouseId === undefined ? sql`p.stock_qty` : sql`coalesce(sb.quantity, 0)`;
  const balances =
    opts.warehouseId === undefined
      ? sql``
      : sql`left join stock_balances sb on sb.business_id = p.business_id and sb.product_id = p.id and sb.warehouse_id = ${opts.warehouseId}`;
  // The code as stored (cleanCode: trimmed, ASCII digits), a numeric one padded to the width.
  const code = sql`(case when p.code ~ '^[0-9]+$' then lpad(p.code, greatest(${format.codeWidth}, length(p.code)), '0') else p.code end)`;
  // First barcodes: for all products one pass over the barcodes, hashed; for a few codes, probes.
  const firsts = keys
    ? sql`left join lateral (select b.barcode from barcodes b where b.business_id = p.business_id and b.product_id = p.id order by b.id limit 1) fb on true`
    : sql`left join (select distinct on (b.product_id) b.product_id, b.barcode from barcodes b
                      where b.business_id = ${businessId} order by b.product_id, b.id) fb on fb.product_id = p.id`;
  return db.transaction().execute(async (tx) => {
    // The sort of up to every product in memory (the default 4 MB spills it to disk).
    await sql`select set_config('work_mem', '64MB', true)`.execute(tx);
    const r = await sql<{ t: string }>`
      select '[' || coalesce(string_agg(
               concat('{', ${k.code}::text, to_json(${code}), ',', ${k.tag}::text, to_json(p.tag), ',', ${k.quantity}::text, trim_scale(${qty}),
                      ',', ${k.barcode}::text, to_json(coalesce(fb.barcode, '')), ',', ${k.sellPrice}::text, trim_scale(p.sell_price),
                      ',', ${k.productCode}::text, to_json(p.product_code), '}'),
               -- Numeric keys have no leading zeros (codeKey): by value is by length, then by digits.
               ',' order by p.code_key !~ '^[0-9]+$', (case when p.code_key ~ '^[0-9]+$' then length(p.code_key) end), p.code_key collate "C"), '') || ']' as t
        from products p
        ${balances}
        ${firsts}
       where p.business_id = ${businessId}
         ${keys ? sql`and p.code_key = any(cast(${keys} as text[]))` : sql``}`.execute(tx);
    return r.rows[0].t;
  });
}
