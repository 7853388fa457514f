import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../../src/config.js';
import { startDailyBackup } from '../../../src/domain/backup/daily.js';
import { readManifest } from '../../../src/domain/backup/format.js';
import { backupIds, BACKUP_SUFFIX, prune } from '../../../src/domain/backup/store.js';
import { backend, testApp } from '../../helpers/app.js';
import { tempDir } from './fixtures.js';

describe('backup configuration and folder', () => {
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it('DAFTAR_BACKUP_DIR defaults beside the data directory, is validated, and DAFTAR_BACKUP_KEEP is a whole number', () => {
    assert.equal(loadConfig({ DAFTAR_DATA_DIR: '/srv/daftar/data' }).backupDir, '/srv/daftar/backups');
    assert.equal(loadConfig({ DATABASE_URL: 'postgres://x@h/db' }).backupDir, path.resolve('backups'));
    assert.equal(loadConfig({ DAFTAR_BACKUP_DIR: '/mnt/usb/b' }).backupDir, '/mnt/usb/b');
    assert.equal(loadConfig({}).backupKeep, 0);
    assert.equal(loadConfig({ DAFTAR_BACKUP_KEEP: '7' }).backupKeep, 7);
    assert.throws(() => loadConfig({ DAFTAR_BACKUP_KEEP: 'seven' }), ConfigError);
    assert.throws(() => loadConfig({ DAFTAR_BACKUP_KEEP: '-1' }), ConfigError);
    assert.throws(() => loadConfig({ DAFTAR_DATA_DIR: '/srv/d', DAFTAR_BACKUP_DIR: '/srv/d/backups' }), /inside the data directory/);
  });

  it('ids sort by time, a same-second suffix after its first; prune keeps the newest N of Daftar\'s files only', () => {
    const d = tempDir();
    dirs.push(d);
    for (const id of ['daftar-20261204T100000Z-2', 'daftar-20261204T100000Z', 'daftar-20261203T235959Z', 'daftar-20261204T100000Z-10', 'mine'])
      fs.writeFileSync(path.join(d, id + BACKUP_SUFFIX), id);
    assert.deepEqual(backupIds(d), ['daftar-20261203T235959Z', 'daftar-20261204T100000Z', 'daftar-20261204T100000Z-2', 'daftar-20261204T100000Z-10', 'mine']);
    assert.deepEqual(prune(d, 2), ['daftar-20261203T235959Z', 'daftar-20261204T100000Z']);
    assert.deepEqual(backupIds(d), ['daftar-20261204T100000Z-2', 'daftar-20261204T100000Z-10', 'mine']);
  });

  it(`the daily backup writes a whole-database backup when none is a day old, and keeps the newest N (${backend})`, async () => {
    const t = await testApp();
    const d = tempDir();
    dirs.push(d);
    try {
      fs.writeFileSync(path.join(d, 'daftar-20200101T000000Z' + BACKUP_SUFFIX), 'old');
      fs.writeFileSync(path.join(d, 'daftar-20200102T000000Z' + BACKUP_SUFFIX), 'old');
      fs.utimesSync(path.join(d, 'daftar-20200102T000000Z' + BACKUP_SUFFIX), new Date('2020-01-02'), new Date('2020-01-02'));
      const written = new Promise<string>((resolve, reject) => {
        const stop = startDailyBackup(t.database, {
          dir: d,
          keep: 2,
          firstCheckMs: 1,
          onDone: (file) => void stop().then(() => resolve(file)),
          onError: reject,
        });
      });
      const file = await written;
      assert.deepEqual((await readManifest(file)).scope, { kind: 'all' });
      assert.deepEqual(backupIds(d), ['daftar-20200102T000000Z', path.basename(file, BACKUP_SUFFIX)]);
    } finally {
      await t.close();
    }
  });
});
