import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { testApp, type TestApp } from './app.js';
import { startFakeMoadian, type FakeMoadian } from './fake-moadian.js';
import { SAMPLE_NATIONAL_ID } from './moadian-keys.js';

/** The fiscal memory and seller the fake Moadian knows (the TICS sample certificate's taxpayer). */
export const FISCAL_ID = 'A11216';
export const SELLER = '14003778990';

export interface MoadianTestApp {
  t: TestApp;
  fake: FakeMoadian;
  /** the server's secret key (DAFTAR_SECRET_KEY_FILE's content), for the worker */
  secretKey: Buffer;
  /** a folder of this app's own (the key file lives there) */
  keyDir: string;
  close(): Promise<void>;
}

/** A test app that can configure Moadian (a secret key file), and a fake Moadian server on loopback. */
export async function moadianTestApp(): Promise<MoadianTestApp> {
  const secretKey = randomBytes(32);
  const keyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'daftar-moadian-'));
  const keyFile = path.join(keyDir, 'secret.key');
  fs.writeFileSync(keyFile, secretKey.toString('hex'));
  const t = await testApp({ secretKeyFile: keyFile });
  const fake = await startFakeMoadian({ [FISCAL_ID]: { nationalId: SAMPLE_NATIONAL_ID, economicCode: SELLER } });
  return {
    t, fake, secretKey, keyDir,
    close: async () => {
      await fake.close();
      await t.close();
      fs.rmSync(keyDir, { recursive: true, force: true });
    },
  };
}
