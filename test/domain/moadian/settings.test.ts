import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { freshDatabase } from '../../helpers/db.js';
import { saveMoadianSettings, loadMoadianSigner, nextMoadianSerial } from '../../../src/domain/moadian/settings.js';
import { signJws, verifyJws } from '../../../src/domain/moadian/jose.js';
import { DomainError } from '../../../src/domain/errors.js';
import { MOADIAN_VECTORS, SAMPLE_CERT } from '../../helpers/moadian-keys.js';

let database: Awaited<ReturnType<typeof freshDatabase>>;
let businessId: number;
const secret = randomBytes(32);
const keyPem: string = MOADIAN_VECTORS.jose.officialAuthToken.samplePrivateKeyPkcs8Pem;
const input = { fiscalId: 'a111h1', economicCode: '14003778990', certificatePem: SAMPLE_CERT.toString(), privateKeyPem: keyPem, baseUrl: 'http://127.0.0.1:1/x', startsOn: '2026-01-01' };

before(async () => {
  database = await freshDatabase();
  const b = await database.db.insertInto('businesses').values({ name: 'moadian test' }).returning('id').executeTakeFirstOrThrow();
  businessId = Number(b.id);
});
after(() => database.drop().then(() => database.close()));

test('moadian settings: the private key is stored sealed (never in clear) and opens back to a working signer', async () => {
  await saveMoadianSettings(database.db, businessId, input, secret);
  const row = await database.db.selectFrom('moadian_settings').selectAll().where('business_id', '=', businessId).executeTakeFirstOrThrow();
  assert.equal(row.fiscal_id, 'A111H1');
  const stored = JSON.stringify(row);
  assert.equal(stored.includes('PRIVATE KEY'), false);
  assert.equal(Buffer.from(row.private_key_ciphertext).includes(Buffer.from(keyPem.split('\n')[1]!)), false);
  const signer = (await loadMoadianSigner(database.db, businessId, secret))!;
  assert.equal((await verifyJws(await signJws('{"a":1}', signer))).certificate.fingerprint256, SAMPLE_CERT.fingerprint256);
  await assert.rejects(loadMoadianSigner(database.db, businessId, randomBytes(32)), 'a wrong secret key cannot open it');
});

test('moadian settings: serials are taken in order and never twice', async () => {
  const serials = [];
  for (let i = 0; i < 5; i++) serials.push(await nextMoadianSerial(database.db, businessId));
  assert.equal(new Set(serials.map(String)).size, 5);
  assert.deepEqual(serials, [...serials].sort((a, b) => (a < b ? -1 : 1)));
  await saveMoadianSettings(database.db, businessId, input, secret); // re-saving settings keeps the counter
  assert.ok((await nextMoadianSerial(database.db, businessId)) > serials[4]!);
});

test('moadian settings: bad input is refused naming the field; nothing written', async () => {
  await assert.rejects(saveMoadianSettings(database.db, businessId, { ...input, fiscalId: 'A1' }, secret), (e) => e instanceof DomainError && JSON.stringify(e).includes('fiscalId'));
  await assert.rejects(saveMoadianSettings(database.db, businessId, { ...input, certificatePem: 'x' }, secret), DomainError);
  await assert.rejects(nextMoadianSerial(database.db, businessId + 1000), DomainError);
});
