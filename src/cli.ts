import { cliMain } from './admin/cli-main.js';

const USAGE = `Daftar admin CLI: npm run daftar -- <command> [options]

  where                                   where the data lives
  create-business --name NAME [--admin-user U] [--admin-password P]
                                          a new business with its admin and credentials
  create-user --user U --password P [--role admin|accountant|clerk] [--full-name F]
  disable-user --user U
  enable-user --user U
  rotate api|hesabfa|hesabfa-key|hesabfa-token|chortke
                                          revoke the surface's credentials and print new ones
  verify                                  check the books (same as npm run verify)
  backup [--out FILE]                     one compressed file with every business's books
  restore FILE                            into an empty DAFTAR_DATA_DIR or empty DATABASE_URL database

  --business N   act on business N (default: the first business)
  --json         print results as JSON

Commands work whether or not the server is running: while it holds the PGlite data directory,
they run inside it (through the directory's admin socket).`;

cliMain(process.argv.slice(2), USAGE).then((code) => process.exit(code));
