import type { MessageTable } from './types.js';

/**
 * Messages of the imports module (see src/domain/errors.ts). A row's message names the data row
 * (1-based; the header is row 0) and the column as the file heads it: «سطر ۱۷، ستون بارکد: تکراری».
 */
export const IMPORTS_MESSAGES = {
  IMPORT_KIND_INVALID: { code: 'VALIDATION', fa: '«{field}» باید یکی از products، parties، openingStock یا openingBalances باشد', en: '{field} must be products|parties|openingStock|openingBalances' },
  IMPORT_MULTIPART_INVALID: { code: 'MALFORMED_BODY', fa: 'بدنه multipart/form-data خوانده نشد', en: 'the multipart/form-data body could not be read' },
  IMPORT_FILE_MISSING: { code: 'MISSING_FIELD', fa: 'فایل اکسل یا CSV («{field}») فرستاده نشده است', en: 'the XLSX or CSV file ({field}) is missing' },
  IMPORT_FILE_UNREADABLE: { code: 'VALIDATION', fa: 'فایل «{file}» خوانده نشد: باید XLSX یا CSV باشد ({why})', en: 'file "{file}" could not be read as XLSX or CSV ({why})' },
  IMPORT_NO_HEADER: {
    code: 'VALIDATION',
    fa: 'سطر عنوان ستون‌ها در فایل پیدا نشد؛ دست‌کم ستون‌های {required} لازم است',
    en: 'no header row found in the file; at least the columns {required} are needed',
  },
  IMPORT_COLUMN_MISSING: { code: 'VALIDATION', fa: 'ستون «{column}» در فایل نیست', en: 'the file has no "{column}" column' },
  IMPORT_TOO_MANY_ROWS: { code: 'OUT_OF_RANGE', fa: 'فایل {rows} سطر دارد؛ در هر بار حداکثر {max} سطر', en: 'the file has {rows} rows; at most {max} per import' },
  IMPORT_EMPTY: { code: 'VALIDATION', fa: 'فایل هیچ سطر داده‌ای ندارد', en: 'the file has no data rows' },
  IMPORT_NOT_FOUND: { code: 'NOT_FOUND', fa: 'پیش‌نمایش ورود با شناسه {value} پیدا نشد (یا بیش از یک روز از آن گذشته است)', en: 'import preview {value} not found (or older than a day)' },
  IMPORT_ALREADY_COMMITTED: { code: 'CONFLICT', fa: 'این فایل پیش‌تر ثبت شده است', en: 'this import was already committed' },
  IMPORT_HAS_ERRORS: {
    code: 'CONFLICT',
    fa: '{count} خطا در سطرهای فایل؛ هیچ سطری ثبت نشد. اول: {first}',
    en: '{count} errors in the file\'s rows; nothing was written. First: {firstEn}',
  },
  // Row errors: the detail of each entry of `errors`.
  IMPORT_CELL_REQUIRED: { code: 'MISSING_FIELD', fa: 'سطر {row}، ستون {column}: خالی است', en: 'row {row}, column {column}: empty' },
  IMPORT_CELL_NOT_A_NUMBER: { code: 'VALIDATION', fa: 'سطر {row}، ستون {column}: عدد نیست («{value}»)', en: 'row {row}, column {column}: not a number ("{value}")' },
  IMPORT_CELL_NOT_POSITIVE: { code: 'VALIDATION', fa: 'سطر {row}، ستون {column}: باید بیشتر از صفر باشد', en: 'row {row}, column {column}: must be more than zero' },
  IMPORT_CELL_NEGATIVE: { code: 'VALIDATION', fa: 'سطر {row}، ستون {column}: نباید منفی باشد', en: 'row {row}, column {column}: must not be negative' },
  IMPORT_CELL_CHOICE: { code: 'VALIDATION', fa: 'سطر {row}، ستون {column}: «{value}» یکی از {choices} نیست', en: 'row {row}, column {column}: "{value}" is not one of {choicesEn}' },
  IMPORT_CELL_TOO_LONG: { code: 'VALIDATION', fa: 'سطر {row}، ستون {column}: بیش از {max} نویسه', en: 'row {row}, column {column}: longer than {max} characters' },
  IMPORT_CELL_DUPLICATE: { code: 'DUPLICATE', fa: 'سطر {row}، ستون {column}: تکراری (همان «{value}» در سطر {other})', en: 'row {row}, column {column}: duplicate ("{value}" also in row {other})' },
  IMPORT_CELL_TAKEN: { code: 'DUPLICATE', fa: 'سطر {row}، ستون {column}: تکراری («{value}» پیش‌تر در دفتر ثبت شده است)', en: 'row {row}, column {column}: duplicate ("{value}" is already in the books)' },
  IMPORT_CELL_UNKNOWN: { code: 'NOT_FOUND', fa: 'سطر {row}، ستون {column}: «{value}» در دفتر پیدا نشد', en: 'row {row}, column {column}: "{value}" not found in the books' },
  IMPORT_CELL_SERVICE: { code: 'VALIDATION', fa: 'سطر {row}، ستون {column}: «{value}» خدمت است و موجودی انبار ندارد', en: 'row {row}, column {column}: "{value}" is a service and holds no stock' },
  IMPORT_ROW_REFUSED: { code: 'VALIDATION', fa: 'سطر {row}: {reason}', en: 'row {row}: {reasonEn}' },
} as const satisfies MessageTable;
