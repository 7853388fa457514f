// Bundles the server entry point so `npm start` runs plain node without on-the-fly TypeScript
// compilation. Runs as `prestart` (~0.5 s), and is skipped when nothing it reads changed since the
// last build (a hash of the sources, the lock file and this script in dist/main.stamp; ~20 ms):
// `npm start` on existing data then starts the server at once. `--force` rebuilds anyway.
// Packages are bundled too (one file to load instead of hundreds of small modules: ~0.8 s less
// to the first answer, docs/performance.md), except those that read files next to their own
// module (PGlite's wasm, swagger-ui's assets).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stampFile = path.join(root, 'dist', 'main.stamp');

/** Every input of the bundle: the sources (src/), the packages' versions, the build settings. */
function inputsHash() {
  const h = crypto.createHash('sha256').update(process.version);
  const files = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) files.push(p);
    }
  };
  walk(path.join(root, 'src'));
  for (const f of ['package.json', 'package-lock.json', 'tsconfig.json', 'scripts/build.mjs']) files.push(path.join(root, f));
  for (const f of files.sort()) h.update(path.relative(root, f)).update('\0').update(fs.existsSync(f) ? fs.readFileSync(f) : '').update('\0');
  return h.digest('hex');
}

const hash = inputsHash();
const built = (f) => fs.existsSync(path.join(root, 'dist', f));
if (!process.argv.includes('--force') && built('main.mjs') && built('main.mjs.map') && fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === hash) {
  process.exit(0);
}

const { build } = await import('esbuild');
fs.rmSync(stampFile, { force: true });
await build({
  absWorkingDir: root,
  entryPoints: { main: 'src/main.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  // exceljs only when a spreadsheet is asked for: 2.4 MB the server would otherwise parse at every start.
  // PDFKit reads its font metrics from files beside its module, and loads (with fontkit) on the first PDF.
  external: ['@electric-sql/pglite', '@electric-sql/pglite/*', '@fastify/swagger-ui', 'pg-native', 'esbuild', 'exceljs', 'pdfkit', 'fontkit'],
  // Bundled CommonJS packages call require(): give the ES module one.
  banner: { js: "import { createRequire as __daftarRequire } from 'node:module'; const require = __daftarRequire(import.meta.url);" },
  sourcemap: 'linked',
  logLevel: 'warning',
});
fs.writeFileSync(stampFile, hash);
