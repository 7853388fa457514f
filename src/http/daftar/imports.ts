import type { FastifyInstance, FastifyRequest } from 'fastify';
import { commitImport, previewImport } from '../../domain/imports/imports.js';
import { IMPORT_KINDS } from '../../domain/imports/kinds.js';
import { fail } from '../../domain/errors.js';
import { VENDOR_IMPORT_HEADERS } from '../common/import-headers.js';
import { IdParams, problems, security, write } from './common.js';

/**
 * POST /daftar/v1/imports (docs/api.md "Import from Excel or CSV"): an XLSX or CSV file of
 * products, parties, opening stock or opening balances, as multipart/form-data (`kind`, `file`)
 * or JSON (`kind`, `file` in base64, `fileName`). The reply is the preview: every row checked,
 * every error naming its row and column; `POST /imports/{id}/commit` then writes all rows in one
 * transaction, or none (409 with every row's error in `errors`). The domain decides everything
 * (src/domain/imports); this file only reads the request.
 */

const tags = ['daftar: imports'];
/** A 10,000-product file is about 1 MB as CSV, 0.6 MB as XLSX; base64 in JSON adds a third. */
export const IMPORT_BODY_LIMIT = 32 * 1024 * 1024;

const RowErrorSchema = {
  type: 'object',
  required: ['row', 'sheetRow', 'column', 'field', 'code', 'detail'],
  properties: {
    row: { type: 'integer', description: '1-based data row (the header is row 0)' },
    sheetRow: { type: 'integer', description: 'the row number a spreadsheet shows' },
    column: { type: 'string', description: 'the column as the file heads it' },
    field: { type: 'string' },
    code: { type: 'string' },
    detail: { type: 'string', description: 'Persian: «سطر ۱۷، ستون بارکد: تکراری …»' },
    detailEn: { type: 'string' },
  },
} as const;

const PreviewSchema = {
  type: 'object',
  required: ['id', 'kind', 'fileName', 'rows', 'valid', 'columns', 'errors'],
  properties: {
    id: { type: 'integer', description: 'POST /imports/{id}/commit writes the rows (within a day)' },
    kind: { type: 'string', enum: IMPORT_KINDS },
    fileName: { type: 'string' },
    rows: { type: 'integer', description: 'data rows read (empty rows skipped)' },
    valid: { type: 'integer', description: 'rows without an error' },
    columns: {
      type: 'array',
      description: 'each column of the header row and the field it was read as (null: ignored)',
      items: { type: 'object', required: ['header', 'field'], properties: { header: { type: 'string' }, field: { type: ['string', 'null'] } } },
    },
    errors: { type: 'array', items: RowErrorSchema },
  },
} as const;

const previewExample = {
  id: 7, kind: 'products', fileName: 'کالاها.xlsx', rows: 500, valid: 499,
  columns: [{ header: 'کد کالا', field: 'code' }, { header: 'نام کالا', field: 'name' }, { header: 'بارکد', field: 'barcodes' }, { header: 'قیمت فروش', field: 'sellPrice' }, { header: 'موجودی', field: null }],
  errors: [{ row: 17, sheetRow: 18, column: 'بارکد', field: 'barcodes', code: 'DUPLICATE', detail: 'سطر ۱۷، ستون بارکد: تکراری (همان «6260100012345» در سطر ۳)', detailEn: 'row 17, column بارکد: duplicate ("6260100012345" also in row 3)' }],
};

const ResultSchema = {
  type: 'object',
  required: ['id', 'kind', 'rows', 'written'],
  properties: { id: { type: 'integer' }, kind: { type: 'string', enum: IMPORT_KINDS }, rows: { type: 'integer' }, written: { type: 'integer' } },
} as const;

const Body = {
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'file'],
  properties: {
    kind: { type: 'string', enum: IMPORT_KINDS, description: 'products | parties | openingStock | openingBalances' },
    file: { description: 'the XLSX or CSV file: a file part (multipart/form-data) or its bytes in base64 (JSON)' },
    fileName: { type: 'string', maxLength: 200 },
  },
  examples: [{ kind: 'products', fileName: 'products.csv', file: Buffer.from('\uFEFFکد کالا,نام کالا,بارکد,قیمت فروش\r\n1001,چای سبز,6260100012345,"1,250,000"\r\n').toString('base64') }],
} as const;

interface ImportBody {
  kind?: unknown;
  file?: unknown;
  fileName?: unknown;
}

/** multipart/form-data → { kind, file: Buffer, fileName } (the platform's own form-data reader). */
async function readMultipart(contentType: string, raw: Buffer): Promise<ImportBody> {
  let form: FormData;
  try {
    form = await new Response(new Blob([new Uint8Array(raw)]), { headers: { 'content-type': contentType } }).formData();
  } catch {
    throw fail.with('IMPORT_MULTIPART_INVALID', { field: 'file' });
  }
  const file = form.get('file');
  const kind = form.get('kind');
  const named = form.get('fileName');
  if (file === null || typeof file === 'string') return { kind, file: typeof file === 'string' ? Buffer.from(file, 'utf8') : undefined, fileName: typeof named === 'string' ? named : '' };
  return { kind, file: Buffer.from(await file.arrayBuffer()), fileName: typeof named === 'string' ? named : file.name };
}

function fileOf(b: ImportBody): Buffer | undefined {
  if (Buffer.isBuffer(b.file)) return b.file;
  if (typeof b.file === 'string') return Buffer.from(b.file, 'base64');
  if (b.file !== undefined && b.file !== null) throw fail.validation('file');
  return undefined;
}

export async function importRoutes(app: FastifyInstance): Promise<void> {
  app.addContentTypeParser('multipart/form-data', { parseAs: 'buffer', bodyLimit: IMPORT_BODY_LIMIT }, async (req: FastifyRequest, body: Buffer) =>
    readMultipart(String(req.headers['content-type']), body),
  );

  app.post(
    '/imports',
    {
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        tags,
        security,
        summary: 'ورود از اکسل یا CSV — پیش‌نمایش: همه سطرها بررسی می‌شوند و خطای هر سطر با نام ستون برمی‌گردد؛ چیزی ثبت نمی‌شود',
        description:
          'kind: products | parties | openingStock | openingBalances. Send the file as multipart/form-data (fields `kind`, `file`) or as JSON with `file` in base64. Headers are matched by Persian names and synonyms (Daftar\'s own export, Hesabfa and Siba exports); title rows and merged group headers above the header row are skipped; Persian/Arabic digits, ٬ separators and Arabic ي/ك are accepted. Needs import.run and the kind\'s own permission. Up to 50,000 rows, 32 MB.',
        consumes: ['application/json', 'multipart/form-data'],
        body: Body,
        response: { 201: { ...PreviewSchema, examples: [previewExample] }, ...problems },
      },
    },
    async (req, reply) => {
      const b = (req.body ?? {}) as ImportBody;
      const file = fileOf(b);
      return write(req, reply, 201, (tx, actor) => previewImport(tx, actor, { kind: b.kind, file, fileName: typeof b.fileName === 'string' ? b.fileName : '', extraHeaders: VENDOR_IMPORT_HEADERS }));
    },
  );

  app.post(
    '/imports/:id/commit',
    {
      schema: {
        tags,
        security,
        summary: 'ثبت فایل پیش‌نمایش‌شده: همه سطرها در یک تراکنش، یا هیچ‌کدام (۴۰۹ با خطای هر سطر)',
        params: IdParams,
        response: { 200: { ...ResultSchema, examples: [{ id: 7, kind: 'products', rows: 500, written: 500 }] }, ...problems },
      },
    },
    async (req, reply) => write(req, reply, 200, (tx, actor) => commitImport(tx, actor, (req.params as { id: number }).id)),
  );
}
