import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { filesUnder, importClosure, rel } from './source.js';

/**
 * `npm run test:unit` is the fast tier: files named `*.unit.test.ts` test pure functions. None
 * may load the database layer (src/db/**), the test app (test/helpers/**), a database driver or
 * the HTTP server, directly or through what it imports; type-only imports do not count.
 */
const FORBIDDEN_PACKAGES = ['pg', '@electric-sql/pglite', 'fastify', 'node:child_process'];

function forbidden(target: string): boolean {
  if (target.endsWith('.ts')) return /\/src\/db\/|\/test\/helpers\//.test(target);
  return FORBIDDEN_PACKAGES.some((p) => target === p || target.startsWith(`${p}/`));
}

describe('the unit tier stays fast', () => {
  const units = filesUnder('test', /\.unit\.test\.ts$/);

  it('has tests', () => assert.ok(units.length >= 6, `only ${units.length} *.unit.test.ts files`));

  it('no *.unit.test.ts loads src/db, test/helpers, a database driver, fastify or a child process', () => {
    const offenders: string[] = [];
    for (const file of units) {
      for (const [target, chain] of importClosure(file)) {
        if (forbidden(target)) offenders.push(chain.map((f) => (f.startsWith('/') ? rel(f) : f)).join(' → '));
      }
    }
    assert.deepEqual(offenders, [], `the unit tier must stay pure (move the test out of *.unit.test.ts, or cut the import):\n${offenders.join('\n')}`);
  });
});
