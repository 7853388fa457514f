import type { Tx } from '../context.js';

/**
 * System roles: what postings need an account for. Bound to accounts by role, never by code,
 * so a business may renumber its chart.
 */
export const ACCOUNT_ROLES = [
  'cash',
  'bank',
  'receivable',
  'payable',
  'notes_receivable',
  'cheques_in_collection',
  'notes_payable',
  'inventory',
  'vat_receivable',
  'vat_payable',
  'sales',
  'sales_returns',
  'service_revenue',
  'service_charge',
  'discounts_given',
  'discounts_received',
  'purchases_expense',
  'cogs',
  'stock_adjustment',
  'rounding',
  'opening_equity',
  'capital',
  'retained_earnings',
] as const;
export type AccountRole = (typeof ACCOUNT_ROLES)[number];

interface ChartNode {
  code: string;
  name: string;
  nature?: 'debit' | 'credit';
  role?: AccountRole;
  children?: ChartNode[];
}

/** The classic Iranian layout: group (گروه) › general (کل) › subsidiary (معین). */
export const STANDARD_CHART: ChartNode[] = [
  { code: '1', name: 'دارایی‌های جاری', nature: 'debit', children: [
    { code: '11', name: 'موجودی نقد و بانک', children: [
      { code: '1101', name: 'صندوق', role: 'cash' },
      { code: '1102', name: 'بانک', role: 'bank' },
    ] },
    { code: '12', name: 'حساب‌ها و اسناد دریافتنی تجاری', children: [
      { code: '1201', name: 'حساب‌های دریافتنی', role: 'receivable' },
      { code: '1202', name: 'اسناد دریافتنی', role: 'notes_receivable' },
      { code: '1203', name: 'اسناد در جریان وصول', role: 'cheques_in_collection' },
    ] },
    { code: '13', name: 'موجودی مواد و کالا', children: [
      { code: '1301', name: 'موجودی کالا', role: 'inventory' },
    ] },
    { code: '14', name: 'پیش‌پرداخت‌ها و سایر دریافتنی‌ها', children: [
      { code: '1401', name: 'مالیات بر ارزش افزوده خرید', role: 'vat_receivable' },
      { code: '1402', name: 'پیش‌پرداخت‌ها' },
    ] },
  ] },
  { code: '2', name: 'دارایی‌های غیرجاری', nature: 'debit', children: [
    { code: '21', name: 'دارایی‌های ثابت مشهود', children: [
      { code: '2101', name: 'اثاثه و منصوبات' },
      { code: '2102', name: 'استهلاک انباشته' },
    ] },
  ] },
  { code: '3', name: 'بدهی‌های جاری', nature: 'credit', children: [
    { code: '31', name: 'حساب‌ها و اسناد پرداختنی تجاری', children: [
      { code: '3101', name: 'حساب‌های پرداختنی', role: 'payable' },
      { code: '3102', name: 'اسناد پرداختنی', role: 'notes_payable' },
    ] },
    { code: '32', name: 'مالیات پرداختنی', children: [
      { code: '3201', name: 'مالیات و عوارض ارزش افزوده فروش', role: 'vat_payable' },
    ] },
  ] },
  { code: '4', name: 'بدهی‌های غیرجاری', nature: 'credit', children: [
    { code: '41', name: 'تسهیلات مالی بلندمدت', children: [{ code: '4101', name: 'وام‌های بلندمدت' }] },
  ] },
  { code: '5', name: 'حقوق مالکانه', nature: 'credit', children: [
    { code: '51', name: 'سرمایه', children: [{ code: '5101', name: 'سرمایه', role: 'capital' }] },
    { code: '52', name: 'سود و زیان', children: [
      { code: '5201', name: 'سود (زیان) انباشته', role: 'retained_earnings' },
      { code: '5202', name: 'تراز افتتاحیه', role: 'opening_equity' },
    ] },
  ] },
  { code: '6', name: 'درآمدها', nature: 'credit', children: [
    { code: '61', name: 'درآمد فروش', children: [
      { code: '6101', name: 'فروش کالا', role: 'sales' },
      { code: '6102', name: 'برگشت از فروش', role: 'sales_returns', nature: 'debit' },
      { code: '6103', name: 'تخفیفات فروش', role: 'discounts_given', nature: 'debit' },
    ] },
    { code: '62', name: 'درآمد ارائه خدمات', children: [
      { code: '6201', name: 'درآمد خدمات', role: 'service_revenue' },
      { code: '6202', name: 'درآمد حق سرویس', role: 'service_charge' },
    ] },
    { code: '63', name: 'سایر درآمدها', children: [
      { code: '6301', name: 'تخفیفات خرید', role: 'discounts_received' },
    ] },
  ] },
  { code: '7', name: 'بهای تمام‌شده', nature: 'debit', children: [
    { code: '71', name: 'بهای تمام‌شده کالای فروش‌رفته', children: [
      { code: '7101', name: 'بهای تمام‌شده کالای فروش‌رفته', role: 'cogs' },
    ] },
  ] },
  { code: '8', name: 'هزینه‌ها', nature: 'debit', children: [
    { code: '81', name: 'هزینه‌های عمومی و اداری', children: [
      { code: '8101', name: 'هزینه خدمات خریداری‌شده', role: 'purchases_expense' },
      { code: '8102', name: 'هزینه حقوق و دستمزد' },
    ] },
    { code: '82', name: 'سایر هزینه‌ها', children: [
      { code: '8201', name: 'کسری و اضافات انبار', role: 'stock_adjustment' },
      { code: '8202', name: 'گرد کردن و اختلافات', role: 'rounding' },
    ] },
  ] },
  { code: '9', name: 'حساب‌های انتظامی', children: [
    { code: '91', name: 'حساب‌های انتظامی', children: [{ code: '9101', name: 'طرف حساب‌های انتظامی' }] },
  ] },
];

export async function seedChart(tx: Tx, businessId: number): Promise<void> {
  const insert = async (node: ChartNode, level: number, parentId: number | null, nature: 'debit' | 'credit' | null) => {
    const n = node.nature ?? nature;
    const row = await tx
      .insertInto('accounts')
      .values({ business_id: businessId, code: node.code, name: node.name, level, parent_id: parentId, nature: n, role: node.role ?? null })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const c of node.children ?? []) await insert(c, level + 1, Number(row.id), n);
  };
  for (const g of STANDARD_CHART) await insert(g, 1, null, g.nature ?? null);
}

export type RoleMap = Record<AccountRole, number>;

/** The accounts bound to each system role. */
export async function accountsByRole(tx: Tx, businessId: number): Promise<RoleMap> {
  const rows = await tx
    .selectFrom('accounts')
    .select(['role', 'id'])
    .where('business_id', '=', businessId)
    .where('role', 'is not', null)
    .execute();
  return toRoleMap(businessId, Object.fromEntries(rows.map((r) => [r.role, Number(r.id)])));
}

/** Role → account id, refusing a chart that lacks one of the roles postings need. */
export function toRoleMap(businessId: number, byRole: Record<string, number | string>): RoleMap {
  const map = {} as RoleMap;
  for (const role of ACCOUNT_ROLES) {
    if (byRole[role] === undefined) throw new Error(`business ${businessId} has no account bound to role ${role}`);
    map[role] = Number(byRole[role]);
  }
  return map;
}
