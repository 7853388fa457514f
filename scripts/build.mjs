// Bundles the server entry point (our code only; packages stay external) so `npm start`
// runs plain node without on-the-fly TypeScript compilation. Runs as `prestart` (~0.2 s).
import { build } from 'esbuild';

await build({
  entryPoints: { main: 'src/main.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
});
