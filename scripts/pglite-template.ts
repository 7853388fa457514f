// Prepares a migrated, empty PGlite data directory as a tarball (run by `postinstall`), so the
// first `npm start` copies it instead of running initdb and every migration (seconds saved).
// Keyed by the migrations' fingerprint: a stale template is simply not used.
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../src/db/connection.js';
import { migrate, migrationsFingerprint } from '../src/db/migrate.js';
import { pgliteTemplatePath } from '../src/db/template.js';

const file = pgliteTemplatePath(migrationsFingerprint());
if (fs.existsSync(file)) process.exit(0);
try {
  const db = await openDatabase({});
  await migrate(db.db);
  const dump = await db.pglite!.dumpDataDir('none');
  await db.close();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}`;
  fs.writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
  fs.renameSync(tmp, file);
  process.stdout.write(`daftar: prepared PGlite template ${path.relative(process.cwd(), file)}\n`);
} catch (err) {
  // Optional speed-up only: the server falls back to initdb + migrations.
  process.stderr.write(`daftar: could not prepare the PGlite template (${(err as Error).message}); first start will be slower\n`);
}
