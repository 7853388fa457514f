import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

/** A database handle inside one transaction. Every domain function that writes takes one. */
export type Tx = Kysely<DB>;

export type Surface = 'siba' | 'hesabfa' | 'chortke' | 'daftar' | 'cli' | 'system';
export type Role = 'admin' | 'accountant' | 'clerk';

/** Who is acting, for which business: every domain call is scoped by it. */
export interface Actor {
  businessId: number;
  userId: number | null;
  role: Role;
  surface: Surface;
}

export function systemActor(businessId: number, userId: number | null = null): Actor {
  return { businessId, userId, role: 'admin', surface: 'system' };
}
