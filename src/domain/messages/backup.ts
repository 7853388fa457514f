import type { MessageTable } from './types.js';

/**
 * Messages of the backup module (see src/domain/errors.ts). A restore that refuses says that
 * nothing was changed; `{why}`, `{failed}` and `{unknown}` are machine words (check names,
 * migration file names), shown as they are in both languages.
 */
export const BACKUP_MESSAGES = {
  BACKUP_FILE_DAMAGED: {
    code: 'VALIDATION',
    fa: 'فایل پشتیبان خراب یا ناقص است ({why})؛ هیچ داده‌ای بازیابی نشد',
    en: 'The backup file is damaged or truncated ({why}); nothing was restored',
  },
  BACKUP_FILE_MISSING: { code: 'VALIDATION', fa: 'فایل پشتیبان «{file}» وجود ندارد', en: 'Backup file {file} does not exist' },
  BACKUP_FORMAT_NEWER: {
    code: 'CONFLICT',
    fa: 'این پشتیبان با نسخه جدیدتری از دفتر ساخته شده است (قالب {formatVersion})؛ دفتر را به‌روز کنید',
    en: 'This backup was made by a newer Daftar (format {formatVersion}); upgrade Daftar first',
  },
  BACKUP_SCHEMA_NEWER: {
    code: 'CONFLICT',
    fa: 'این پشتیبان از نسخه جدیدتری از دفتر است (طرح {schemaVersion}، ناشناخته: {unknown})؛ ابتدا دفتر را به‌روز کنید',
    en: 'This backup comes from a newer Daftar (schema {schemaVersion}; unknown migrations: {unknown}); upgrade Daftar first',
  },
  BACKUP_MIGRATIONS_REORDERED: {
    code: 'CONFLICT',
    fa: 'مهاجرت‌های این پشتیبان با مهاجرت‌های این نسخه از دفتر هم‌ترتیب نیست',
    en: 'The backup was made with migrations in another order than this Daftar has; refusing to guess',
  },
  BACKUP_TARGET_NOT_EMPTY: {
    code: 'CONFLICT',
    fa: 'مقصد بازیابی خالی نیست ({target})؛ بازیابی فقط در پوشه یا پایگاه داده خالی انجام می‌شود و چیزی تغییر نکرد',
    en: 'The restore target is not empty ({target}); restore only into an empty directory or database. Nothing was changed',
  },
  BACKUP_TABLE_UNKNOWN: {
    code: 'CONFLICT',
    fa: 'ساختار پشتیبان با طرح پایگاه داده نمی‌خواند (جدول {table})',
    en: 'The backup does not match the schema (table {table})',
  },
  BACKUP_COLUMNS_UNKNOWN: {
    code: 'CONFLICT',
    fa: 'ساختار پشتیبان با طرح پایگاه داده نمی‌خواند (جدول {table}، ستون {columns})',
    en: 'The backup does not match the schema (table {table}, columns {columns})',
  },
  BACKUP_DANGLING_ROWS: {
    code: 'CONFLICT',
    fa: 'پشتیبان ناسازگار است: {count} ردیف {table} به {parentTable} ناموجود اشاره می‌کند ({constraint})؛ چیزی بازیابی نشد',
    en: 'The backup is inconsistent: {count} rows of {table} point at missing {parentTable} ({constraint}); nothing was restored',
  },
  BACKUP_BOOKS_UNVERIFIED: {
    code: 'CONFLICT',
    fa: 'دفاتر بازیابی‌شده از بررسی صحت رد شد ({failed})؛ هیچ داده‌ای بازیابی نشد',
    en: 'The restored books failed verification ({failed}); nothing was restored',
  },
} as const satisfies MessageTable;
