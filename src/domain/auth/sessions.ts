import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Role, Tx } from '../context.js';
import { defaultBusiness } from '../business/bootstrap.js';
import { fail } from '../errors.js';
import { openSession } from '../users/users.js';
import { verifyUserPassword } from './credentials.js';

/**
 * The console's login (daftar-api.md "Auth"): a session is a random secret stored hashed (a
 * `session` credential, 12 hours, revocable). Its CSRF token is derived from the secret —
 * HMAC-free because the secret itself is 256 random bits nobody else sees: whoever can compute
 * the CSRF token already holds the session. A cross-site page can make the browser send the
 * cookie but can neither read it nor the token, so a forged write lacks the header.
 */
export interface SessionView {
  user: { id: number; username: string; name: string; role: Role };
  business: { id: number; name: string };
}

export function csrfTokenOf(sessionSecret: string): string {
  return crypto.createHash('sha256').update(`daftar-csrf\0${sessionSecret}`, 'utf8').digest('base64url');
}

/** Does the header carry this session's CSRF token? (constant time) */
export function csrfMatches(sessionSecret: string, sent: string | undefined): boolean {
  if (!sent) return false;
  const want = Buffer.from(csrfTokenOf(sessionSecret));
  const got = Buffer.from(sent);
  return want.length === got.length && crypto.timingSafeEqual(want, got);
}

export async function sessionView(db: Kysely<DB>, businessId: number, userId: number): Promise<SessionView> {
  const r = await db
    .selectFrom('users as u')
    .innerJoin('businesses as b', 'b.id', 'u.business_id')
    .select(['u.id', 'u.user_name', 'u.full_name', 'u.role', 'b.id as business_id', 'b.name as business_name'])
    .where('u.business_id', '=', businessId)
    .where('u.id', '=', userId)
    .executeTakeFirstOrThrow();
  return {
    user: { id: Number(r.id), username: r.user_name, name: r.full_name, role: r.role as Role },
    business: { id: Number(r.business_id), name: r.business_name },
  };
}

/**
 * Checks the password and opens a session. `businessId` absent: the server's first business
 * (a one-shop installation needs no business picker). A wrong user name and a wrong password
 * are the same refusal, in the same time.
 */
export async function logIn(
  tx: Tx,
  input: { username: string; password: string; businessId?: number },
): Promise<SessionView & { secret: string; csrfToken: string; expiresAt: Date }> {
  const businessId = input.businessId ?? (await defaultBusiness(tx));
  const user = businessId ? await verifyUserPassword(tx, businessId, input.username, input.password) : null;
  if (!user || !businessId) throw fail.with('AUTH_LOGIN_WRONG');
  const s = await openSession(tx, { businessId, userId: user.userId, role: user.role, surface: 'daftar' });
  return { ...(await sessionView(tx, businessId, user.userId)), secret: s.token, csrfToken: csrfTokenOf(s.token), expiresAt: s.expiresAt };
}
