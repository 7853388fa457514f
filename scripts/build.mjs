// Bundles the server entry point so `npm start` runs plain node without on-the-fly TypeScript
// compilation. Runs as `prestart` (~0.5 s). Packages are bundled too (one file to load instead
// of hundreds of small modules: ~0.8 s less to the first answer, docs/performance.md), except
// those that read files next to their own module (PGlite's wasm, swagger-ui's assets).
import { build } from 'esbuild';

await build({
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
