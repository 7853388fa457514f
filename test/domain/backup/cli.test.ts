import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from './fixtures.js';

describe('npm run daftar -- restore', () => {
  it('a damaged file: exit 1, a Persian and an English message, the data directory never made', () => {
    const work = tempDir();
    try {
      const bad = path.join(work, 'bad.backup.gz');
      fs.writeFileSync(bad, Buffer.from([0x1f, 0x8b, 0x08, 0x00, 1, 2, 3]));
      const data = path.join(work, 'data');
      const env: NodeJS.ProcessEnv = { ...process.env, DAFTAR_DATA_DIR: data };
      delete env.DATABASE_URL;
      const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'restore', bad], { env, encoding: 'utf8', timeout: 120_000 });
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stderr, /فایل پشتیبان خراب یا ناقص است/);
      assert.match(r.stderr, /damaged or truncated; nothing was restored|damaged or truncated \(/);
      assert.equal(fs.existsSync(data), false);
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });
});
