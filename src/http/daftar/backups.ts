import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { businessBackupFile, createBusinessBackup, listBusinessBackups, type BackupEntry } from '../../domain/backup/store.js';
import { actorOf } from '../common/context.js';
import { ProblemSchema } from './problem.js';
import { tehranInstant } from './instants.js';

const BackupSchema = {
  type: 'object',
  required: ['id', 'createdAt', 'createdAtJalali', 'sizeBytes', 'daftarVersion', 'schemaVersion', 'rows'],
  properties: {
    id: { type: 'string', description: 'b<businessId>-<UTC time>' },
    createdAt: { type: 'string', format: 'date-time' },
    createdAtJalali: { type: 'string' },
    sizeBytes: { type: 'integer' },
    daftarVersion: { type: 'string' },
    schemaVersion: { type: 'string', description: 'the last migration of the database it was made from' },
    rows: { type: 'integer', description: 'rows in the backup, all tables' },
  },
} as const;

const example = {
  id: 'b1-20261204T223000Z',
  createdAt: '2026-12-05T02:00:00+03:30',
  createdAtJalali: '1405/09/14 02:00',
  sizeBytes: 48213,
  daftarVersion: '0.1.0',
  schemaVersion: '0081_product_count.sql',
  rows: 1520,
};

const problems = { 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema };
const security: { [scheme: string]: string[] }[] = [{ bearer: [] }, { session: [] }];
const tags = ['daftar: backups'];

function wire(e: BackupEntry) {
  const t = tehranInstant(e.createdAt);
  return { id: e.id, createdAt: t.at, createdAtJalali: t.jalali, sizeBytes: e.sizeBytes, daftarVersion: e.daftarVersion, schemaVersion: e.schemaVersion, rows: e.rows };
}

/** Backups of the caller's business (admin only): make one now, list them, download one. */
export async function backupRoutes(app: FastifyInstance): Promise<void> {
  const { config, database } = app.deps;

  app.post(
    '/backups',
    {
      schema: {
        tags,
        security,
        summary: 'پشتیبان‌گیری از داده‌های همین کسب‌وکار (فقط مدیر)',
        description: 'Makes a backup of the caller’s business only, from a consistent snapshot, while the server keeps serving. Restore it with `npm run daftar -- restore FILE`.',
        response: { 201: { ...BackupSchema, examples: [example] }, ...problems },
      },
    },
    async (req, reply) => {
      const made = await createBusinessBackup(database, actorOf(req), config.backupDir, config.backupKeep);
      return reply.code(201).send(wire(made));
    },
  );

  app.get(
    '/backups',
    {
      schema: {
        tags,
        security,
        summary: 'فهرست پشتیبان‌های همین کسب‌وکار، جدیدترین اول',
        response: {
          200: {
            type: 'object',
            required: ['items', 'nextCursor'],
            properties: { items: { type: 'array', items: BackupSchema }, nextCursor: { type: ['string', 'null'] } },
            examples: [{ items: [example], nextCursor: null }],
          },
          ...problems,
        },
      },
    },
    async (req) => ({ items: (await listBusinessBackups(actorOf(req), config.backupDir)).map(wire), nextCursor: null }),
  );

  app.get<{ Params: { id: string } }>(
    '/backups/:id',
    {
      schema: {
        tags,
        security,
        summary: 'دریافت فایل پشتیبان (gzip)',
        params: { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 100, examples: [example.id] } } },
        response: {
          200: { description: 'the backup file', content: { 'application/gzip': { schema: { type: 'string', format: 'binary' } } } },
          ...problems,
        },
      },
    },
    async (req, reply) => {
      const f = await businessBackupFile(actorOf(req), config.backupDir, req.params.id);
      return reply
        .type('application/gzip')
        .header('content-disposition', `attachment; filename="${f.fileName}"`)
        .header('content-length', f.sizeBytes)
        .send(fs.createReadStream(f.file));
    },
  );
}
