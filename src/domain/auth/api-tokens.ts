import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor, Tx } from '../context.js';
import { recordAudit } from '../audit/audit.js';
import { fail } from '../errors.js';
import { issueCredential } from './credentials.js';
import { hashSecret } from './secrets.js';

/**
 * A user's API tokens (daftar-api.md "Auth"): a program acts as the user who made the token.
 * Every role may make and revoke its own tokens (a till's scanner app runs as the clerk); an
 * admin sees and revokes everyone's. The secret is shown once and stored only as its hash.
 */
export interface ApiToken {
  id: number;
  name: string;
  userId: number | null;
  createdAt: Date;
  expiresAt: Date | null;
}

export async function listApiTokens(db: Kysely<DB>, actor: Actor): Promise<ApiToken[]> {
  let q = db
    .selectFrom('credentials')
    .select(['id', 'label', 'user_id', 'created_at', 'expires_at'])
    .where('business_id', '=', actor.businessId)
    .where('kind', '=', 'api')
    .where('revoked_at', 'is', null)
    .orderBy('id');
  if (actor.role !== 'admin') q = q.where('user_id', '=', actor.userId ?? -1);
  const rows = await q.execute();
  return rows.map((r) => ({ id: Number(r.id), name: r.label, userId: r.user_id === null ? null : Number(r.user_id), createdAt: r.created_at, expiresAt: r.expires_at }));
}

export async function createApiToken(tx: Tx, actor: Actor, input: { name: string }): Promise<ApiToken & { token: string }> {
  const name = input.name.trim();
  if (!name) throw fail.missing('name');
  if (name.length > 100) throw fail.outOfRange('name');
  if (actor.userId === null) throw fail.with('SESSION_OR_TOKEN_REQUIRED');
  const token = await issueCredential(tx, actor.businessId, 'api', { userId: actor.userId, label: name });
  const row = await tx
    .selectFrom('credentials')
    .select(['id', 'created_at'])
    .where('token_hash', '=', hashSecret(token))
    .executeTakeFirstOrThrow();
  const created = { id: Number(row.id), name, userId: actor.userId, createdAt: row.created_at, expiresAt: null };
  await recordAudit(tx, actor, { action: 'create', entity: 'apiToken', entityId: created.id, after: { id: created.id, name, userId: actor.userId } });
  return { ...created, token };
}

export async function revokeApiToken(tx: Tx, actor: Actor, id: number): Promise<void> {
  const row = await tx
    .selectFrom('credentials')
    .select(['user_id', 'label'])
    .where('business_id', '=', actor.businessId)
    .where('id', '=', id)
    .where('kind', '=', 'api')
    .where('revoked_at', 'is', null)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw fail.notFound('apiToken', 'id', id);
  if (actor.role !== 'admin' && Number(row.user_id) !== actor.userId) throw fail.with('API_TOKEN_NOT_YOURS', { field: 'id', value: id });
  await tx.updateTable('credentials').set({ revoked_at: sql`now()` }).where('business_id', '=', actor.businessId).where('id', '=', id).execute();
  await recordAudit(tx, actor, { action: 'revoke', entity: 'apiToken', entityId: id, before: { id, name: row.label, userId: row.user_id } });
}
