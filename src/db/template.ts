import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Project root: the nearest folder above this module with a package.json. */
export function projectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

export function pgliteTemplatePath(fingerprint: string): string {
  return path.join(projectRoot(), 'node_modules', '.cache', 'daftar', `pglite-${fingerprint}.tar`);
}

/** Moved to data-dir.ts (which also ignores the lock's own files); kept here for existing imports. */
export { isEmptyDataDir } from './data-dir.js';
