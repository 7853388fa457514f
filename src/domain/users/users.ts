import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor, Role, Tx } from '../context.js';
import { recordAudit } from '../audit/audit.js';
import { hashPassword } from '../auth/secrets.js';
import { issueCredential, revokeUserCredentials } from '../auth/credentials.js';
import { fail } from '../errors.js';
import { normalizeText } from '../shared/text.js';
import { authorize } from '../auth/permissions.js';

export interface User {
  userId: number;
  userName: string;
  fullName: string;
  active: boolean;
  role: Role;
}

const ROLES: Role[] = ['admin', 'accountant', 'clerk'];
const MIN_PASSWORD = 8;

function toUser(r: { id: number; user_name: string; full_name: string; active: boolean; role: string }): User {
  return { userId: Number(r.id), userName: r.user_name, fullName: r.full_name, active: r.active, role: r.role as Role };
}


export async function listUsers(db: Kysely<DB>, actor: Actor): Promise<User[]> {
  authorize(actor, 'user.read');
  const businessId = actor.businessId;
  const rows = await db
    .selectFrom('users')
    .select(['id', 'user_name', 'full_name', 'active', 'role'])
    .where('business_id', '=', businessId)
    .orderBy('id')
    .execute();
  return rows.map(toUser);
}

export interface CreateUserInput {
  userName: string;
  password: string;
  fullName?: string;
  role?: Role;
}

export async function createUser(tx: Tx, actor: Actor, input: CreateUserInput): Promise<User> {
  authorize(actor, 'user.manage');
  const userName = input.userName.trim();
  if (!userName) throw fail.missing('userName');
  if (userName.length > 100) throw fail.outOfRange('userName');
  if (input.password.length < MIN_PASSWORD) throw fail.with('USER_PASSWORD_SHORT', { field: 'password', min: MIN_PASSWORD });
  const role = input.role ?? 'clerk';
  if (!ROLES.includes(role)) throw fail.with('USER_ROLE_UNKNOWN', { field: 'role' });
  const norm = normalizeText(userName);
  const exists = await tx.selectFrom('users').select('id').where('business_id', '=', actor.businessId).where('user_name_norm', '=', norm).executeTakeFirst();
  if (exists) throw fail.with('DUPLICATE_ENTITY', { entity: 'user', field: 'userName', value: userName });
  const row = await tx
    .insertInto('users')
    .values({
      business_id: actor.businessId,
      user_name: userName,
      user_name_norm: norm,
      full_name: input.fullName ?? '',
      password_hash: await hashPassword(input.password),
      role,
    })
    .returning(['id', 'user_name', 'full_name', 'active', 'role'])
    .executeTakeFirstOrThrow();
  const user = toUser(row);
  await recordAudit(tx, actor, { action: 'create', entity: 'user', entityId: user.userId, after: user });
  return user;
}

export interface UpdateUserInput {
  userId: number;
  fullName?: string;
  role?: Role;
  active?: boolean;
  password?: string;
}

export async function updateUser(tx: Tx, actor: Actor, input: UpdateUserInput): Promise<User> {
  authorize(actor, 'user.manage');
  const before = await tx
    .selectFrom('users')
    .select(['id', 'user_name', 'full_name', 'active', 'role', 'is_owner'])
    .where('business_id', '=', actor.businessId)
    .where('id', '=', input.userId)
    .forUpdate()
    .executeTakeFirst();
  if (!before) throw fail.notFound('user', 'userId', input.userId);
  if (input.role !== undefined && !ROLES.includes(input.role)) throw fail.with('USER_ROLE_UNKNOWN', { field: 'role' });
  const demoted = input.active === false ? 'active' : input.role && input.role !== 'admin' ? 'role' : null;
  if (before.is_owner && demoted) throw fail.with('USER_OWNER_LOCKED', { field: demoted });
  if (demoted && before.role === 'admin' && before.active) await assertAnotherAdmin(tx, actor.businessId, input.userId, demoted);
  if (input.password !== undefined && input.password.length < MIN_PASSWORD) {
    throw fail.with('USER_PASSWORD_SHORT', { field: 'password', min: MIN_PASSWORD });
  }
  const changes = {
    ...(input.fullName !== undefined ? { full_name: input.fullName } : {}),
    ...(input.role !== undefined ? { role: input.role } : {}),
    ...(input.active !== undefined ? { active: input.active } : {}),
    ...(input.password !== undefined ? { password_hash: await hashPassword(input.password) } : {}),
  };
  // Nothing to change: the unchanged user, nothing written (docs/platform.md).
  if (Object.keys(changes).length === 0) return toUser(before);
  const row = await tx
    .updateTable('users')
    .set(changes)
    .where('business_id', '=', actor.businessId)
    .where('id', '=', input.userId)
    .returning(['id', 'user_name', 'full_name', 'active', 'role'])
    .executeTakeFirstOrThrow();
  const user = toUser(row);
  // A disabled user keeps no open session or token (enabling them again does not revive those).
  if (input.active === false) await revokeUserCredentials(tx, actor.businessId, user.userId, 'all');
  await recordAudit(tx, actor, { action: 'update', entity: 'user', entityId: user.userId, before: toUser(before), after: user });
  return user;
}

/** One user of the actor's business. */
export async function getUser(db: Kysely<DB>, actor: Actor, userId: number): Promise<User> {
  authorize(actor, 'user.read');
  const r = await db
    .selectFrom('users')
    .select(['id', 'user_name', 'full_name', 'active', 'role'])
    .where('business_id', '=', actor.businessId)
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!r) throw fail.notFound('user', 'userId', userId);
  return toUser(r);
}

/** The last active admin cannot be demoted or disabled: the business would have nobody to manage it. */
async function assertAnotherAdmin(tx: Tx, businessId: number, userId: number, field: string): Promise<void> {
  const other = await tx
    .selectFrom('users')
    .select('id')
    .where('business_id', '=', businessId)
    .where('role', '=', 'admin')
    .where('active', '=', true)
    .where('id', '<>', userId)
    .limit(1)
    .executeTakeFirst();
  if (!other) throw fail.with('USER_LAST_ADMIN', { field });
}

/** A session token for a user who logged in (12 hours). */
export async function openSession(tx: Tx, actor: Actor): Promise<{ token: string; expiresAt: Date }> {
  const expiresAt = new Date(Date.now() + 12 * 3600 * 1000);
  const token = await issueCredential(tx, actor.businessId, 'session', { userId: actor.userId, expiresAt, label: 'login' });
  await recordAudit(tx, actor, { action: 'login', entity: 'user', entityId: actor.userId });
  return { token, expiresAt };
}
