import { parseArgs } from 'node:util';
import { loadConfig } from './config.js';
import { migrate } from './db/migrate.js';
import { transact } from './db/transact.js';
import { openConfiguredDatabase } from './server.js';
import { rotateCredential, ownerOf, type CredentialKind } from './domain/auth/credentials.js';
import { createBusiness, defaultBusiness } from './domain/business/bootstrap.js';
import type { Actor, Role } from './domain/context.js';
import { createUser, updateUser } from './domain/users/users.js';
import { isDomainError } from './domain/errors.js';
import { normalizeText } from './domain/shared/text.js';
import { backupCommand, describeError, restoreCommand } from './domain/backup/commands.js';

const USAGE = `Daftar admin CLI: npm run daftar -- <command> [options]

  where                                   where the data lives
  create-business --name NAME [--admin-user U] [--admin-password P]
                                          a new business with its admin and credentials
  create-user --user U --password P [--role admin|accountant|clerk] [--full-name F]
  disable-user --user U
  enable-user --user U
  rotate api|hesabfa|hesabfa-key|hesabfa-token|chortke
                                          revoke the surface's credentials and print new ones
  backup [--out FILE]                     one compressed file with every business's books
  restore FILE                            into an empty DAFTAR_DATA_DIR or empty DATABASE_URL database

  --business N   act on business N (default: the first business)
  --json         print results as JSON`;

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      business: { type: 'string' },
      name: { type: 'string' },
      'admin-user': { type: 'string' },
      'admin-password': { type: 'string' },
      user: { type: 'string' },
      password: { type: 'string' },
      role: { type: 'string' },
      'full-name': { type: 'string' },
      json: { type: 'boolean', default: false },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, arg] = positionals;
  if (!command || values.help) {
    process.stdout.write(USAGE + '\n');
    return command ? 0 : 2;
  }
  const config = loadConfig();
  if (command === 'restore') {
    // The target must stay untouched until the restore succeeds: it is not opened here.
    return restoreCommand(positionals.slice(1), config).then(
      (r) => (process.stdout.write((values.json ? JSON.stringify(r.data, null, 2) : r.text) + '\n'), 0),
      (err) => (process.stderr.write(`daftar: ${describeError(err)}\n`), 1),
    );
  }
  const database = await openConfiguredDatabase(config);
  const out = (human: string, data: unknown) => process.stdout.write((values.json ? JSON.stringify(data, null, 2) : human) + '\n');
  try {
    await migrate(database.db);
    if (command === 'where') {
      out(`data: ${database.location}`, { location: database.location, kind: database.kind });
      return 0;
    }
    if (command === 'backup') {
      const r = await backupCommand(database, values.out ? ['--out', values.out] : [], config);
      out(r.text, r.data);
      return 0;
    }
    if (command === 'create-business') {
      const b = await transact(database.db, (tx) =>
        createBusiness(tx, { name: values.name ?? 'کسب‌وکار جدید', adminUser: values['admin-user'], adminPassword: values['admin-password'] }),
      );
      out(
        [
          `business #${b.businessId} created (secrets shown once):`,
          `  admin login        ${b.adminUser} / ${b.adminPassword}`,
          `  API token          ${b.apiToken}`,
          `  Hesabfa apiKey     ${b.hesabfaApiKey}`,
          `  Hesabfa loginToken ${b.hesabfaLoginToken}`,
          `  Chortke token      ${b.chortkeToken}`,
        ].join('\n'),
        b,
      );
      return 0;
    }
    const businessId = values.business ? Number(values.business) : await defaultBusiness(database.db);
    if (!businessId || !Number.isInteger(businessId)) throw new Error('no business: run npm start once, or pass --business N');
    const owner = await ownerOf(database.db, businessId);
    const actor: Actor = { businessId, userId: owner?.userId ?? null, role: 'admin', surface: 'cli' };

    if (command === 'create-user') {
      if (!values.user || !values.password) throw new Error('create-user needs --user and --password');
      const u = await transact(database.db, (tx) =>
        createUser(tx, actor, { userName: values.user!, password: values.password!, role: values.role as Role | undefined, fullName: values['full-name'] }),
      );
      out(`user #${u.userId} ${u.userName} (${u.role}) created`, u);
      return 0;
    }
    if (command === 'disable-user' || command === 'enable-user') {
      if (!values.user) throw new Error(`${command} needs --user`);
      const row = await database.db
        .selectFrom('users')
        .select('id')
        .where('business_id', '=', businessId)
        .where('user_name_norm', '=', normalizeText(values.user))
        .executeTakeFirst();
      if (!row) throw new Error(`no user ${values.user} in business ${businessId}`);
      const u = await transact(database.db, (tx) => updateUser(tx, actor, { userId: Number(row.id), active: command === 'enable-user' }));
      out(`user ${u.userName} is now ${u.active ? 'active' : 'disabled'}`, u);
      return 0;
    }
    if (command === 'rotate') {
      const kinds: Record<string, CredentialKind[]> = {
        api: ['api'],
        hesabfa: ['hesabfa_api_key', 'hesabfa_login_token'],
        'hesabfa-key': ['hesabfa_api_key'],
        'hesabfa-token': ['hesabfa_login_token'],
        chortke: ['chortke'],
      };
      const which = kinds[arg ?? ''];
      if (!which) throw new Error('rotate needs one of: ' + Object.keys(kinds).join(', '));
      const secrets = await transact(database.db, async (tx) => {
        const r: Record<string, string> = {};
        for (const k of which) r[k] = await rotateCredential(tx, actor, k);
        return r;
      });
      out(Object.entries(secrets).map(([k, v]) => `${k}: ${v}`).join('\n') + '\n(old ones no longer work)', secrets);
      return 0;
    }
    process.stderr.write(`unknown command ${command}\n\n${USAGE}\n`);
    return 2;
  } catch (err) {
    process.stderr.write(`daftar: ${isDomainError(err) ? err.messageEn : (err as Error).message}\n`);
    return 1;
  } finally {
    await database.close();
  }
}

main().then((code) => process.exit(code));
