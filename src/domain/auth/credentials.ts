import { sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Kysely } from 'kysely';
import type { Actor, Role, Tx } from '../context.js';
import { recordAudit } from '../audit/audit.js';
import { hashSecret, newSecret, verifyPassword } from './secrets.js';
import { normalizeText } from '../shared/text.js';
import { authorize } from './permissions.js';

export type CredentialKind = 'api' | 'session' | 'hesabfa_api_key' | 'hesabfa_login_token' | 'chortke';

const PREFIX: Record<CredentialKind, string> = {
  api: 'dft',
  session: 'dfs',
  hesabfa_api_key: 'hfk',
  hesabfa_login_token: 'hft',
  chortke: 'chk',
};

export interface Principal {
  businessId: number;
  userId: number | null;
  role: Role;
  kind: CredentialKind;
}

/** Stores a credential (only its hash) and returns the plain secret, shown once. */
export async function issueCredential(
  tx: Tx,
  businessId: number,
  kind: CredentialKind,
  opts: { userId?: number | null; secret?: string; label?: string; expiresAt?: Date } = {},
): Promise<string> {
  const secret = opts.secret ?? newSecret(PREFIX[kind]);
  await tx
    .insertInto('credentials')
    .values({
      token_hash: hashSecret(secret),
      business_id: businessId,
      kind,
      user_id: opts.userId ?? null,
      label: opts.label ?? '',
      expires_at: opts.expiresAt ?? null,
    })
    .execute();
  return secret;
}

/** Revokes every live credential of a kind for a business and issues a fresh one. */
export async function rotateCredential(
  tx: Tx,
  actor: Actor,
  kind: CredentialKind,
  opts: { userId?: number | null; secret?: string } = {},
): Promise<string> {
  authorize(actor, 'credential.rotate');
  await tx
    .updateTable('credentials')
    .set({ revoked_at: sql`now()` })
    .where('business_id', '=', actor.businessId)
    .where('kind', '=', kind)
    .where('revoked_at', 'is', null)
    .execute();
  const secret = await issueCredential(tx, actor.businessId, kind, { userId: opts.userId ?? actor.userId, secret: opts.secret });
  await recordAudit(tx, actor, { action: 'rotate', entity: 'credential', entityId: kind });
  return secret;
}

export async function revokeCredential(db: Kysely<DB>, secret: string): Promise<boolean> {
  const r = await db
    .updateTable('credentials')
    .set({ revoked_at: sql`now()` })
    .where('token_hash', '=', hashSecret(secret))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Ends a user's sessions (and, with 'all', their API tokens too). */
export async function revokeUserCredentials(tx: Tx, businessId: number, userId: number, which: 'sessions' | 'all'): Promise<void> {
  await tx
    .updateTable('credentials')
    .set({ revoked_at: sql`now()` })
    .where('business_id', '=', businessId)
    .where('user_id', '=', userId)
    .where('kind', 'in', which === 'all' ? ['session', 'api'] : ['session'])
    .where('revoked_at', 'is', null)
    .execute();
}

/**
 * Resolves a secret to its business and user. Revoked or expired credentials and credentials
 * of disabled users resolve to null. The business's API switch (`api_enabled`) is not checked
 * here: the Hesabfa surface answers it with its own code (105).
 */
export async function authenticateSecret(db: Kysely<DB>, secret: string, kinds: CredentialKind[]): Promise<Principal | null> {
  if (!secret || secret.length > 512) return null;
  const row = await db
    .selectFrom('credentials as c')
    .leftJoin('users as u', (j) => j.onRef('u.business_id', '=', 'c.business_id').onRef('u.id', '=', 'c.user_id'))
    .select(['c.business_id', 'c.user_id', 'c.kind', 'c.expires_at', 'c.revoked_at', 'u.role', 'u.active'])
    .where('c.token_hash', '=', hashSecret(secret))
    .executeTakeFirst();
  if (!row || row.revoked_at !== null) return null;
  if (!kinds.includes(row.kind as CredentialKind)) return null;
  if (row.expires_at && new Date(row.expires_at).getTime() <= Date.now()) return null;
  // A Hesabfa apiKey names the business, not a user: with its owner disabled it must still
  // resolve, so the owner login that follows answers 106, not "no such business" (107).
  if (row.user_id !== null && row.active === false && row.kind !== 'hesabfa_api_key') return null;
  return {
    businessId: Number(row.business_id),
    userId: row.user_id === null ? null : Number(row.user_id),
    role: (row.role as Role) ?? 'admin',
    kind: row.kind as CredentialKind,
  };
}

/** Checks a user's password within a business; null when wrong or disabled. */
export async function verifyUserPassword(
  db: Kysely<DB>,
  businessId: number,
  userName: string,
  password: string,
): Promise<{ userId: number; role: Role; isOwner: boolean } | null> {
  const u = await db
    .selectFrom('users')
    .select(['id', 'role', 'password_hash', 'active', 'is_owner'])
    .where('business_id', '=', businessId)
    .where('user_name_norm', '=', normalizeText(userName))
    .executeTakeFirst();
  // Always spend the hashing time, so a wrong user name is not faster than a wrong password.
  const ok = await verifyPassword(password, u?.password_hash ?? 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
  if (!u || !ok || !u.active) return null;
  return { userId: Number(u.id), role: u.role as Role, isOwner: u.is_owner };
}

/** The business's owner (the administrator created with it). */
export async function ownerOf(db: Kysely<DB>, businessId: number): Promise<{ userId: number; role: Role } | null> {
  const u = await db
    .selectFrom('users')
    .select(['id', 'role'])
    .where('business_id', '=', businessId)
    .where('is_owner', '=', true)
    .orderBy('id')
    .executeTakeFirst();
  return u ? { userId: Number(u.id), role: u.role as Role } : null;
}

/** The compatible surfaces whose credentials are the business's, not a user's API token. */
export type SurfaceWithCredentials = 'hesabfa' | 'chortke';

/**
 * New credentials for a compatible surface (the old ones stop working at once), returned this
 * one time: Hesabfa's `apiKey` and `loginToken`, Chortke's bearer token. Siba takes a user's API
 * token (`api` kind), made and revoked one by one.
 */
export async function rotateSurfaceCredentials(
  tx: Tx,
  actor: Actor,
  surface: SurfaceWithCredentials,
): Promise<{ apiKey: string; loginToken: string } | { token: string }> {
  if (surface === 'chortke') return { token: await rotateCredential(tx, actor, 'chortke') };
  return { apiKey: await rotateCredential(tx, actor, 'hesabfa_api_key'), loginToken: await rotateCredential(tx, actor, 'hesabfa_login_token') };
}
