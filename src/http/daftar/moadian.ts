import type { FastifyInstance } from 'fastify';
import { readSecretKey } from '../../domain/moadian/secret-box.js';
import { getMoadianSettings, putMoadianSettings, type MoadianSettingsPut, type MoadianSettingsView } from '../../domain/moadian/settings-api.js';
import { enqueueMoadian } from '../../domain/moadian/submission.js';
import { listMoadianSubmissions, moadianInvoiceOf, type SubmissionView } from '../../domain/moadian/read.js';
import { actorOf } from '../common/context.js';
import { DateIn, Id, IdParams, ListQuery, instantOut, listOf, page, problems, write } from './common.js';

/**
 * /daftar/v1 Moadian (issue 23, docs/moadian.md): settings (admin), an invoice's Moadian JSON,
 * enqueue a send, the submissions. Routes are thin: every rule is in src/domain/moadian/.
 */
const security = [{ bearer: [] as string[] }];
const tags = ['daftar: moadian'];
const S = { type: 'string' } as const;
const NS = { type: ['string', 'null'] } as const;

const SettingsSchema = {
  type: 'object',
  required: ['configured', 'fiscalId', 'economicCode', 'baseUrl', 'startsOn', 'defaultInvoiceType', 'sendOnPosting', 'privateKeyConfigured', 'certificateSubject', 'certificateValidTo', 'nextSerial'],
  properties: {
    configured: { type: 'boolean' }, fiscalId: NS, economicCode: NS, baseUrl: NS, startsOn: NS, defaultInvoiceType: { type: ['integer', 'null'], enum: [1, 2, null] },
    sendOnPosting: { type: 'boolean', description: 'posting a sale, sale return or void queues it for Moadian (docs/moadian.md)' },
    privateKeyConfigured: { type: 'boolean', description: 'the key is stored sealed and never returned' }, certificateSubject: NS, certificateValidTo: NS, nextSerial: { type: ['integer', 'null'] },
  },
} as const;
const settingsExample = {
  configured: true, fiscalId: 'A11216', economicCode: '14003778990', baseUrl: 'https://tp.tax.gov.ir/requestsmanager/api/v2', startsOn: '2026-03-21',
  defaultInvoiceType: 1, sendOnPosting: true, privateKeyConfigured: true, certificateSubject: 'CN=...\nserialNumber=14003778990', certificateValidTo: '2027-03-21T00:00:00.000Z', nextSerial: 1,
};
const SettingsBody = {
  type: 'object',
  additionalProperties: false,
  required: ['fiscalId', 'economicCode', 'baseUrl', 'startsOn'],
  properties: {
    fiscalId: { type: 'string', maxLength: 6, description: 'شناسه یکتای حافظه مالیاتی (6 characters); also the protocol clientId' },
    economicCode: { type: 'string', maxLength: 14, description: 'the seller’s economic code (tins), 11 or 14 digits' },
    baseUrl: { type: 'string', maxLength: 500, description: 'e.g. https://tp.tax.gov.ir/requestsmanager/api/v2' },
    startsOn: DateIn,
    defaultInvoiceType: { type: 'integer', enum: [1, 2], description: '1 with buyer, 2 without' },
    sendOnPosting: { type: 'boolean', description: 'queue every sale, sale return and void for Moadian when it is posted; absent = keep the stored choice (off at first)' },
    privateKeyPem: { type: 'string', maxLength: 20_000, description: 'PKCS#8 PEM; sealed at rest; absent = keep the stored one' },
    certificatePem: { type: 'string', maxLength: 20_000, description: 'X.509 PEM of the key' },
  },
  examples: [{ fiscalId: 'A11216', economicCode: '14003778990', baseUrl: 'https://tp.tax.gov.ir/requestsmanager/api/v2', startsOn: '1405/01/01', defaultInvoiceType: 1, sendOnPosting: true, privateKeyPem: '-----BEGIN PRIVATE KEY-----\n...', certificatePem: '-----BEGIN CERTIFICATE-----\n...' }],
} as const;

const notConfigured = { configured: false, fiscalId: null, economicCode: null, baseUrl: null, startsOn: null, defaultInvoiceType: null, sendOnPosting: false, privateKeyConfigured: false, certificateSubject: null, certificateValidTo: null, nextSerial: null };
const settingsWire = (v: MoadianSettingsView | null) => (v ? { configured: true, ...v } : notConfigured);

const STATUS_ENUM = ['queued', 'sent', 'inProgress', 'success', 'failed'];
const SubmissionSchema = {
  type: 'object',
  required: ['id', 'invoiceId', 'invoiceNumber', 'subject', 'taxid', 'serial', 'status', 'attempts', 'errors', 'referenceNumber', 'receipt', 'createdAt', 'createdAtJalali'],
  properties: {
    id: Id, invoiceId: Id, invoiceNumber: { type: 'integer' }, subject: { type: 'integer', enum: [1, 2, 3, 4], description: '1 original, 2 correction, 3 void, 4 return' },
    taxid: S, serial: { type: 'integer' }, status: { type: 'string', enum: STATUS_ENUM }, attempts: { type: 'integer' },
    errors: { type: 'array', items: { type: 'object', required: ['code', 'detail'], properties: { code: S, detail: S } } },
    referenceNumber: NS, receipt: { ...NS, description: 'the server’s signed receipt (JWS) on success' }, createdAt: S, createdAtJalali: S,
  },
} as const;
const submissionExample = {
  id: 1, invoiceId: 12, invoiceNumber: 1004, subject: 1, taxid: 'A11216052F3000000001E4', serial: 1, status: 'failed', attempts: 1,
  errors: [{ code: '012802', detail: 'مقدار «روش تسویه» جزو مقادیر مجاز نیست' }], referenceNumber: '5a6e…', receipt: null, createdAt: '2026-12-05T10:00:00+03:30', createdAtJalali: '1405/09/14 10:00',
};
function submissionWire(v: SubmissionView) {
  const t = instantOut(v.createdAt);
  const { createdAt: _c, updatedAt: _u, ...rest } = v;
  return { ...rest, createdAt: t.at, createdAtJalali: t.jalali };
}

const MoadianInvoiceSchema = {
  type: 'object',
  required: ['taxid', 'serial', 'status', 'invoice'],
  properties: {
    taxid: S, serial: { type: 'integer' }, status: { type: 'string', enum: ['notSent', ...STATUS_ENUM] }, submissionId: { type: ['integer', 'null'] },
    invoice: {
      type: 'object', additionalProperties: true, required: ['header', 'body', 'payments'],
      description: 'the Moadian JSON (spec §1); amounts, quantities and rates as exact decimal strings',
      properties: { header: { type: 'object', additionalProperties: true }, body: { type: 'array', items: { type: 'object', additionalProperties: true } }, payments: { type: 'array', items: { type: 'object', additionalProperties: true } } },
    },
  },
} as const;
const invoiceExample = {
  taxid: 'A11216052F3000000001E4', serial: 1, status: 'notSent', submissionId: null,
  invoice: { header: { taxid: 'A11216052F3000000001E4', inno: '0000000001', indatim: 1764900000000, inty: 1, inp: 1, ins: 1, tins: '14003778990', tob: 2, tinb: '10101234567', tprdis: '2875000', tdis: '100000', tadis: '2775000', tvam: '277500', todam: '0', tbill: '3052500', setm: 2 }, body: [], payments: [] },
};
const SendBody = {
  type: ['object', 'null'],
  additionalProperties: false,
  properties: { invoiceType: { type: 'integer', enum: [1, 2], description: 'absent = the settings’ default (1 with buyer, 2 without)' } },
  examples: [{ invoiceType: 2 }],
} as const;
const SubmissionsQuery = { ...ListQuery, properties: { ...ListQuery.properties, invoiceId: { type: 'integer', minimum: 1, maximum: 9007199254740991 } } } as const;

export async function moadianRoutes(app: FastifyInstance): Promise<void> {
  const { database, config } = app.deps;
  const secretKey = () => (config.secretKeyFile ? readSecretKey(config.secretKeyFile) : null);
  app.get('/moadian/settings', {
    schema: { tags, security, summary: 'تنظیمات سامانه مودیان (فقط مدیر؛ کلید خصوصی هرگز برگردانده نمی‌شود)', response: { 200: { ...SettingsSchema, examples: [settingsExample] }, ...problems } },
  }, async (req) => settingsWire(await getMoadianSettings(database.db, actorOf(req))));
  app.put('/moadian/settings', {
    schema: { tags, security, summary: 'ثبت تنظیمات مودیان؛ کلید و گواهی PEM با کلید سرور رمز و نگهداری می‌شوند', body: SettingsBody, response: { 200: { ...SettingsSchema, examples: [settingsExample] }, ...problems } },
  }, async (req, reply) => write(req, reply, 200, async (tx, actor) => settingsWire(await putMoadianSettings(tx, actor, req.body as MoadianSettingsPut, secretKey()))));
  app.get('/invoices/:id/moadian', {
    schema: { tags, security, summary: 'صورتحساب مودیان فاکتور (header، body، payments) با شماره مالیاتی و وضعیت', params: IdParams, response: { 200: { ...MoadianInvoiceSchema, examples: [invoiceExample] }, ...problems } },
  }, async (req) => moadianInvoiceOf(database.db, actorOf(req), (req.params as { id: number }).id));
  app.post('/invoices/:id/moadian/send', {
    schema: { tags, security, summary: 'گذاشتن فاکتور در صف ارسال به مودیان (فروش: اصلی؛ باطل‌شده: ابطالی؛ برگشت: برگشت از فروش)', params: IdParams, body: SendBody, response: { 202: { ...SubmissionSchema, examples: [submissionExample] }, ...problems } },
  }, async (req, reply) => write(req, reply, 202, async (tx, actor) => {
    const id = (req.params as { id: number }).id;
    const submissionId = await enqueueMoadian(tx, actor, id, { type: (req.body as { invoiceType?: 1 | 2 } | null)?.invoiceType });
    const { items } = await listMoadianSubmissions(tx, actor, { invoiceId: id, offset: 0, limit: 1 });
    return submissionWire(items.find((s) => s.id === submissionId)!);
  }));
  app.get('/moadian/submissions', {
    schema: { tags, security, summary: 'ارسال‌های مودیان، تازه‌ترین نخست؛ invoiceId فاکتور را محدود می‌کند', querystring: SubmissionsQuery, response: { 200: listOf(SubmissionSchema, submissionExample), ...problems } },
  }, async (req) => {
    const q = req.query as { limit?: number; cursor?: string; invoiceId?: number };
    return page(q, (offset, limit) => listMoadianSubmissions(database.db, actorOf(req), { invoiceId: q.invoiceId, offset, limit }), submissionWire);
  });
}
