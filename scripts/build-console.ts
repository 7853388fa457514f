// `npm run build:console` (also run by `postinstall`): bundles the owner's console (web/) with
// esbuild into dist/console: index.html, one hashed script, one hashed stylesheet and the
// Vazirmatn font files from npm (no CDN: the console works offline). React libraries
// (react-multi-date-picker) run on preact/compat.
import { build } from 'esbuild';
import fs from 'node:fs';
import zlib from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'dist', 'console');
fs.rmSync(out, { recursive: true, force: true });

const result = await build({
  absWorkingDir: root,
  entryPoints: ['web/src/main.tsx'],
  bundle: true,
  minify: true,
  sourcemap: false,
  format: 'esm',
  target: ['chrome100', 'firefox100', 'safari15'],
  outdir: path.join(out, 'assets'),
  entryNames: '[name]-[hash]',
  assetNames: '[name]-[hash]',
  publicPath: '/app/assets',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  alias: { react: 'preact/compat', 'react-dom': 'preact/compat', 'react/jsx-runtime': 'preact/jsx-runtime' },
  loader: { '.woff2': 'file', '.woff': 'file' },
  metafile: true,
  legalComments: 'none',
  logLevel: 'warning',
});

const outputs = Object.keys(result.metafile.outputs).map((f) => path.basename(f));
const script = outputs.find((f) => /^main-.*\.js$/.test(f));
const style = outputs.find((f) => /^main-.*\.css$/.test(f));
if (!script || !style) throw new Error('build-console: esbuild wrote no main script or stylesheet');

const html = `<!doctype html>
<html lang="fa" dir="rtl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>دفتر</title>
<link rel="icon" href="/app/assets/icon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/app/assets/${style}">
</head>
<body>
<div id="app"></div>
<script type="module" src="/app/assets/${script}"></script>
</body>
</html>
`;
fs.writeFileSync(path.join(out, 'index.html'), html);
// The icon: a ledger's green page with the letter «د».
fs.writeFileSync(
  path.join(out, 'assets', 'icon.svg'),
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#0b6e4f"/><text x="16" y="23" font-size="20" text-anchor="middle" fill="#fff" font-family="sans-serif">د</text></svg>\n',
);
const code = [script, style].map((f) => fs.readFileSync(path.join(out, 'assets', f)));
const kb = (n: number) => Math.round(n / 1024);
const raw = code.reduce((s, b) => s + b.length, 0);
const gz = code.reduce((s, b) => s + zlib.gzipSync(b, { level: 9 }).length, 0);
process.stdout.write(`build-console: dist/console (${script}, ${style}; script+style ${kb(raw)} KB, ${kb(gz)} KB gzipped)\n`);
