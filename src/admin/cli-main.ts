import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { AdminError } from './admin-error.js';
import { runAdmin } from './run.js';
import { describeError, restoreCommand } from '../domain/backup/commands.js';

/** Options that name a file (e.g. backup --out FILE). */
const PATH_OPTIONS = ['out'] as const;

/** Runs one admin command from the command line; shared by npm run daftar and npm run verify. */
export async function cliMain(argv: string[], usage: string, fixed?: string): Promise<number> {
  let parsed;
  try {
    parsed = parse(argv);
  } catch (err) {
    process.stderr.write(`daftar: ${(err as Error).message}\n\n${usage}\n`);
    return 2;
  }
  const { positionals, values } = parsed;
  // A command may run inside the server, whose working directory is not ours: paths go absolute.
  for (const k of PATH_OPTIONS) if (typeof values[k] === 'string') values[k] = path.resolve(values[k] as string);
  const args = { positionals: fixed ? [fixed, ...positionals] : positionals, values };
  const command = args.positionals[0];
  if (!command || values.help) {
    process.stdout.write(usage + '\n');
    return command ? 0 : 2;
  }
  if (command === 'restore') {
    // The target is never opened here: it must stay untouched unless the whole restore succeeds.
    return restoreCommand(args.positionals.slice(1), loadConfig()).then(
      (r) => (process.stdout.write((values.json ? JSON.stringify(r.data, null, 2) : r.text) + '\n'), 0),
      (err) => (process.stderr.write(`daftar: ${describeError(err)}\n`), 1),
    );
  }
  try {
    const r = await runAdmin(loadConfig(), command, args);
    process.stdout.write((values.json ? JSON.stringify(r.data, null, 2) : r.human) + '\n');
    return r.exitCode ?? 0;
  } catch (err) {
    process.stderr.write(`daftar: ${(err as Error).message}\n`);
    if (err instanceof AdminError && /unknown command/.test(err.message)) process.stderr.write(`\n${usage}\n`);
    // The verifier's contract: 2 = could not run.
    return err instanceof AdminError ? err.exitCode : fixed === 'verify' ? 2 : 1;
  }
}

/** The options of every command (one set: parseArgs refuses unknown ones). */
function parse(argv: string[]) {
  return parseArgs({
    args: argv,
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
      out: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
}
