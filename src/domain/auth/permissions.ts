import type { Actor, Role } from '../context.js';
import { fail } from '../errors.js';

/**
 * The one role matrix (daftar-api.md "Roles", table in docs/security.md). Every domain function
 * that reads or writes business data calls `authorize(actor, permission)` first, so every
 * surface (Siba, Hesabfa, Chortke, the CLI) obeys the same rules. admin: everything;
 * accountant: everything but users, settings, credentials and backups; clerk: the till —
 * products and stock read, parties read/create, sale invoices and receipts create/read.
 */
const A: Role[] = ['admin'];
const AA: Role[] = ['admin', 'accountant'];
const ALL: Role[] = ['admin', 'accountant', 'clerk'];

export const PERMISSIONS = {
  'product.read': { roles: ALL, fa: 'دیدن کالاها، گروه‌ها، واحدها، بارکدها و انبارها' },
  'product.write': { roles: AA, fa: 'تعریف، ویرایش یا حذف کالا، گروه کالا، واحد، بارکد یا تصویر کالا' },
  'stock.read': { roles: ALL, fa: 'دیدن موجودی کالا و گزارش نقطه سفارش' },
  'warehouse.write': { roles: AA, fa: 'تعریف، ویرایش یا حذف انبار' },
  'party.read': { roles: ALL, fa: 'دیدن اشخاص، گروه‌ها و تلفن‌هایشان' },
  'party.create': { roles: ALL, fa: 'تعریف شخص' },
  'party.update': { roles: AA, fa: 'ویرایش یا حذف شخص، تلفن یا گروه اشخاص' },
  'opening.write': { roles: AA, fa: 'ثبت یا تغییر مانده یا موجودی اول دوره' },
  'moneyAccount.read': { roles: ALL, fa: 'دیدن صندوق‌ها و حساب‌های بانکی' },
  'moneyAccount.write': { roles: AA, fa: 'تعریف یا ویرایش صندوق یا حساب بانکی' },
  'invoice.sale.create': { roles: ALL, fa: 'ثبت فاکتور فروش' },
  'invoice.sale.read': { roles: ALL, fa: 'دیدن فاکتورهای فروش' },
  'invoice.create': { roles: AA, fa: 'ثبت فاکتور خرید، برگشتی یا پیش‌فاکتور' },
  'invoice.read': { roles: AA, fa: 'دیدن فاکتورهای خرید، برگشتی و پیش‌فاکتورها' },
  'invoice.void': { roles: AA, fa: 'ابطال فاکتور' },
  'payment.receipt.create': { roles: ALL, fa: 'ثبت دریافت' },
  'payment.receipt.read': { roles: ALL, fa: 'دیدن دریافت‌ها' },
  'payment.create': { roles: AA, fa: 'ثبت پرداخت' },
  'payment.read': { roles: AA, fa: 'دیدن پرداخت‌ها' },
  'payment.void': { roles: AA, fa: 'ابطال دریافت یا پرداخت' },
  'cheque.read': { roles: AA, fa: 'دیدن چک‌ها و گردش آن‌ها' },
  'cheque.write': { roles: AA, fa: 'گردش چک (واگذاری به بانک، وصول، برگشت، عودت، خرج، ابطال) و برگرداندن آن' },
  'report.financial.read': { roles: AA, fa: 'دیدن گزارش‌های مالی (تراز، سود و زیان، ترازنامه، فروش و بهای تمام‌شده، صورت‌حساب شخص، کاردکس و ارزش موجودی، وارسی دفاتر)' },
  'ledger.read': { roles: AA, fa: 'دیدن سرفصل حساب‌ها و اسناد حسابداری' },
  'ledger.write': { roles: AA, fa: 'ثبت یا برگشت سند حسابداری دستی' },
  'fiscalYear.close': { roles: AA, fa: 'بستن سال مالی (سند اختتامیه و افتتاحیه)' },
  'fiscalYear.reopen': { roles: A, fa: 'بازگشایی سال مالی بسته‌شده' },
  'history.read': { roles: AA, fa: 'دیدن تاریخچه تغییرات' },
  'user.read': { roles: AA, fa: 'دیدن فهرست کاربران' },
  'user.manage': { roles: A, fa: 'تعریف یا ویرایش کاربران' },
  'settings.write': { roles: A, fa: 'تغییر تنظیمات کسب‌وکار' },
  'credential.rotate': { roles: A, fa: 'صدور یا باطل کردن کلیدهای دسترسی' },
  'backup.manage': { roles: A, fa: 'پشتیبان‌گیری و بازگردانی' },
  // issue 21: the change hook (Hesabfa's setting/SetChangeHook) and its deliveries
  'webhook.manage': { roles: A, fa: 'تنظیم نشانی اعلان تغییرات (وب‌هوک) و دیدن ارسال‌های آن' },
  // i8: Moadian (issue 23); its settings are 'settings.write'
  'moadian.send': { roles: AA, fa: 'ارسال صورتحساب به سامانه مودیان' },
  'moadian.read': { roles: AA, fa: 'دیدن صورتحساب مودیان و وضعیت ارسال‌ها' },
  // issue 24: a whole file at once is the books' keeper's job (each row also needs its kind's own permission)
  'import.run': { roles: AA, fa: 'ورود گروهی کالا، اشخاص یا مانده‌ها و موجودی اول دوره از فایل اکسل یا CSV' },
} as const satisfies Record<string, { roles: Role[]; fa: string }>;

export type Permission = keyof typeof PERMISSIONS;

/** Role names as the owner reads them in a refusal. */
export const ROLE_FA: Record<Role, string> = { admin: 'مدیر', accountant: 'حسابدار', clerk: 'فروشنده' };

export function allows(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission].roles as readonly Role[]).includes(role);
}

/** Throws FORBIDDEN (nothing written: the request's transaction rolls back) naming the action. */
export function authorize(actor: Pick<Actor, 'role'>, permission: Permission): void {
  if (allows(actor.role, permission)) return;
  const p = PERMISSIONS[permission];
  const who = (p.roles as readonly Role[]).map((r) => ROLE_FA[r]).join('، ');
  throw fail.with('ROLE_FORBIDDEN', {
    roleFa: ROLE_FA[actor.role],
    roleEn: actor.role,
    actionFa: p.fa,
    actionEn: permission,
    allowedFa: who,
    allowedEn: p.roles.join(', '),
  });
}

/** The invoice permission for an invoice type: only sales (type 2) are the clerk's. */
export function invoicePermission(invoiceType: number, action: 'create' | 'read'): Permission {
  if (invoiceType === 2) return action === 'create' ? 'invoice.sale.create' : 'invoice.sale.read';
  return action === 'create' ? 'invoice.create' : 'invoice.read';
}

/** Payment permission for a kind: receipts (دریافت) are the clerk's, payments out are not. */
export function paymentPermission(kind: string, action: 'create' | 'read'): Permission {
  if (kind === 'receipt') return action === 'create' ? 'payment.receipt.create' : 'payment.receipt.read';
  return action === 'create' ? 'payment.create' : 'payment.read';
}
