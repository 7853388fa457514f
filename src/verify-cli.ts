import { cliMain } from './admin/cli-main.js';

const USAGE = `Daftar books verifier: npm run verify -- [--business N] [--json]

Checks every invariant of the books (vouchers balance, trial balance is zero, stock balances =
movements, inventory account = stock value, parties' detail accounts, one voucher per posting
document, every movement, voucher and payment points at a live document, document numbers
account for their sequence, every table reads whole, no history gap) for every business in the
configured database (DATABASE_URL, or the PGlite data directory DAFTAR_DATA_DIR; while a server
holds that directory the check runs inside it). Exit status: 0 all checks pass, 1 a check failed,
2 the verifier could not run.`;

cliMain(process.argv.slice(2), USAGE, 'verify').then((code) => process.exit(code));
