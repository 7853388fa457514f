import type { Database } from '../db/connection.js';
import { AdminError } from './admin-error.js';
import { migratedMarker, userIdByName } from './repository.js';
import { transact } from '../db/transact.js';
import { rotateCredential, ownerOf, type CredentialKind } from '../domain/auth/credentials.js';
import { createBusiness, defaultBusiness } from '../domain/business/bootstrap.js';
import type { Actor, Role } from '../domain/context.js';
import { isDomainError } from '../domain/errors.js';
import { allBusinesses, verifyBooks, type Verification } from '../domain/reports/index.js';
import { normalizeText } from '../domain/shared/text.js';
import { createUser, updateUser } from '../domain/users/users.js';
import { backupCommand } from '../domain/backup/commands.js';
import { systemActor } from '../domain/context.js';
import { enqueueMoadian } from '../domain/moadian/submission.js';
import { listMoadianSubmissions } from '../domain/moadian/read.js';

/**
 * The admin commands, one table for every way they run (docs/reliability.md "Administration
 * while the server runs"): in the CLI's own process when it can open the database, or inside the
 * server that holds the PGlite directory (src/db/dir-lock.ts carries the request). Arguments and
 * results are plain JSON for that reason. Adding a command = one entry here.
 */
export interface AdminArgs {
  positionals: string[];
  values: Record<string, string | boolean | undefined>;
}

export interface AdminResult {
  /** What the CLI prints without --json. */
  human: string;
  /** What it prints with --json. */
  data: unknown;
  /** 0 ok (default), 1 a failed check, 2 could not run. */
  exitCode?: number;
}

export interface AdminCommand {
  name: string;
  /** Reads only: the CLI does not migrate the database before running it. */
  readOnly?: boolean;
  run(database: Database, args: AdminArgs): Promise<AdminResult>;
}

const str = (args: AdminArgs, k: string) => (typeof args.values[k] === 'string' ? (args.values[k] as string) : undefined);

async function actorFor(database: Database, args: AdminArgs): Promise<Actor> {
  const raw = str(args, 'business');
  const businessId = raw ? Number(raw) : await defaultBusiness(database.db);
  if (!businessId || !Number.isInteger(businessId)) throw new AdminError('no business: run npm start once, or pass --business N');
  const owner = await ownerOf(database.db, businessId);
  return { businessId, userId: owner?.userId ?? null, role: 'admin', surface: 'cli' };
}

const ROTATE: Record<string, CredentialKind[]> = {
  api: ['api'],
  hesabfa: ['hesabfa_api_key', 'hesabfa_login_token'],
  'hesabfa-key': ['hesabfa_api_key'],
  'hesabfa-token': ['hesabfa_login_token'],
  chortke: ['chortke'],
};

function setActive(active: boolean): AdminCommand['run'] {
  return async (database, args) => {
    const actor = await actorFor(database, args);
    const user = str(args, 'user');
    if (!user) throw new AdminError(`${active ? 'enable' : 'disable'}-user needs --user`);
    const row = await userIdByName(database.db, actor.businessId, normalizeText(user)).executeTakeFirst();
    if (!row) throw new AdminError(`no user ${user} in business ${actor.businessId}`);
    const u = await transact(database.db, (tx) => updateUser(tx, actor, { userId: Number(row.id), active }));
    return { human: `user ${u.userName} is now ${u.active ? 'active' : 'disabled'}`, data: u };
  };
}

function verification(v: Verification, name: string): string {
  const out: string[] = [`business #${v.businessId} ${name}: ${v.ok ? 'PASS' : 'FAIL'}`];
  for (const c of v.checks) {
    out.push(`  ${c.ok ? 'PASS' : 'FAIL'}  ${c.name}  ${c.description}`);
    for (const row of c.offending) out.push(`          ${JSON.stringify(row)}`);
  }
  return out.join('\n');
}

export const ADMIN_COMMANDS: AdminCommand[] = [
  {
    // Reads only; inside the server when it holds the PGlite directory (a consistent snapshot while it serves).
    name: 'backup',
    readOnly: true,
    run: async (database, args) => {
      const out = str(args, 'out');
      const r = await backupCommand(database, out ? ['--out', out] : []);
      return { human: r.text, data: r.data };
    },
  },
  {
    name: 'where',
    readOnly: true,
    run: async (database) => ({ human: `data: ${database.location}`, data: { location: database.location, kind: database.kind } }),
  },
  {
    name: 'create-business',
    run: async (database, args) => {
      const b = await transact(database.db, (tx) =>
        createBusiness(tx, { name: str(args, 'name') ?? 'کسب‌وکار جدید', adminUser: str(args, 'admin-user'), adminPassword: str(args, 'admin-password') }),
      );
      const human = [
        `business #${b.businessId} created (secrets shown once):`,
        `  admin login        ${b.adminUser} / ${b.adminPassword}`,
        `  API token          ${b.apiToken}`,
        `  Hesabfa apiKey     ${b.hesabfaApiKey}`,
        `  Hesabfa loginToken ${b.hesabfaLoginToken}`,
        `  Chortke token      ${b.chortkeToken}`,
      ].join('\n');
      return { human, data: b };
    },
  },
  {
    name: 'create-user',
    run: async (database, args) => {
      const actor = await actorFor(database, args);
      const [user, password] = [str(args, 'user'), str(args, 'password')];
      if (!user || !password) throw new AdminError('create-user needs --user and --password');
      const u = await transact(database.db, (tx) =>
        createUser(tx, actor, { userName: user, password, role: str(args, 'role') as Role | undefined, fullName: str(args, 'full-name') }),
      );
      return { human: `user #${u.userId} ${u.userName} (${u.role}) created`, data: u };
    },
  },
  { name: 'disable-user', run: setActive(false) },
  { name: 'enable-user', run: setActive(true) },
  {
    name: 'rotate',
    run: async (database, args) => {
      const which = ROTATE[args.positionals[1] ?? ''];
      if (!which) throw new AdminError('rotate needs one of: ' + Object.keys(ROTATE).join(', '));
      const actor = await actorFor(database, args);
      const secrets = await transact(database.db, async (tx) => {
        const r: Record<string, string> = {};
        for (const k of which) r[k] = await rotateCredential(tx, actor, k);
        return r;
      });
      return { human: Object.entries(secrets).map(([k, v]) => `${k}: ${v}`).join('\n') + '\n(old ones no longer work)', data: secrets };
    },
  },
  {
    name: 'verify',
    readOnly: true,
    run: async (database, args) => {
      if ((await migratedMarker().execute(database.db)).rows[0]?.t == null) {
        throw new AdminError(`no Daftar database at ${database.location} (run npm start or npm run migrate first)`, 2);
      }
      let businesses = await allBusinesses(database.db);
      const only = str(args, 'business');
      if (only !== undefined) {
        businesses = businesses.filter((b) => b.id === Number(only));
        if (businesses.length === 0) throw new AdminError(`no business #${only}`, 2);
      }
      const results: Verification[] = [];
      const lines: string[] = [];
      for (const b of businesses) {
        const v = await verifyBooks(database.db, systemActor(b.id));
        results.push(v);
        lines.push(verification(v, b.name));
      }
      const ok = results.every((r) => r.ok);
      lines.push(`${ok ? 'PASS' : 'FAIL'}: ${results.length} business(es) verified at ${database.location}`);
      return { human: lines.join('\n'), data: { ok, businesses: results }, exitCode: ok ? 0 : 1 };
    },
  },
  // i8: Moadian (issue 23): enqueue an invoice, or list the submissions; the server's worker sends
  {
    name: 'moadian',
    run: async (database, args) => {
      const [, sub, id] = args.positionals;
      const actor = await actorFor(database, args);
      if (sub === 'send') {
        const invoiceId = Number(id);
        if (!Number.isSafeInteger(invoiceId) || invoiceId <= 0) throw new AdminError('moadian send needs an invoice id: npm run daftar -- moadian send 12');
        const submissionId = await transact(database.db, (tx) => enqueueMoadian(tx, actor, invoiceId));
        const [s] = (await listMoadianSubmissions(database.db, actor, { invoiceId, offset: 0, limit: 1 })).items;
        return { human: `invoice #${invoiceId}: submission #${submissionId} queued, taxid ${s?.taxid} (sent by the server's Moadian worker)`, data: s };
      }
      if (sub === 'status') {
        const invoiceId = id === undefined ? undefined : Number(id);
        const { items } = await listMoadianSubmissions(database.db, actor, { invoiceId, offset: 0, limit: 100 });
        const lines = items.map((s) => `#${s.id} invoice ${s.invoiceNumber} subject ${s.subject} ${s.taxid} ${s.status} attempts ${s.attempts}${s.errors.map((e) => `\n    ${e.code}: ${e.detail}`).join('')}`);
        return { human: lines.length ? lines.join('\n') : 'no Moadian submissions', data: items };
      }
      throw new AdminError('moadian needs send <invoiceId> or status [invoiceId]');
    },
  },
];

export function findCommand(name: string): AdminCommand | undefined {
  return ADMIN_COMMANDS.find((c) => c.name === name);
}

/** Runs a command against an open database; every failure becomes an AdminError (plain message, exit code). */
export async function runCommand(database: Database, name: string, args: AdminArgs): Promise<AdminResult> {
  const cmd = findCommand(name);
  if (!cmd) throw new AdminError(`unknown command ${name}`, 2);
  try {
    return await cmd.run(database, args);
  } catch (err) {
    if (err instanceof AdminError) throw err;
    throw new AdminError(isDomainError(err) ? err.messageEn : ((err as Error).message ?? String(err)));
  }
}

/** What travels back from the server: the result, or the error with its exit code. */
export type AdminEnvelope = { result: AdminResult } | { error: string; exitCode: number };

/** The server side: runs a command sent through the data directory's socket. */
export function adminHandler(database: Database): (command: string, args: unknown) => Promise<AdminEnvelope> {
  return async (command, args) => {
    try {
      return { result: await runCommand(database, command, args as AdminArgs) };
    } catch (err) {
      return { error: (err as Error).message, exitCode: err instanceof AdminError ? err.exitCode : 1 };
    }
  };
}
