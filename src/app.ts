import crypto from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Config } from './config.js';
import { configureGroupCommit } from './db/group-commit.js';
import type { Database } from './db/connection.js';
import { isLoopbackHost } from './config.js';
import { configureFiscalWindow } from './domain/ledger/fiscal.js';
import { installExactReplies, installJsonParser } from './http/common/json.js';
import { AuthFailureThrottle } from './http/common/auth-throttle.js';
import { sibaSurface } from './http/siba/index.js';
import { hesabfaSurface } from './http/hesabfa/index.js';
import { chortkeSurface } from './http/chortke/index.js';
import { daftarSurface } from './http/daftar/index.js';
import { consoleRoutes } from './http/console/index.js';
import { startChangeDeliverer } from './domain/changes/webhooks.js';
import { LazyCompilers } from './http/common/lazy-compilers.js';

export interface BuildOptions {
  database: Database;
  config: Config;
  /** pino logger options, or false to log nothing (tests). */
  logger?: boolean | Record<string, unknown>;
}

export async function buildApp(opts: BuildOptions): Promise<FastifyInstance> {
  const { config, database } = opts;
  const schemaCompilers = new LazyCompilers();
  const app = Fastify({
    logger: opts.logger ?? { level: config.logLevel },
    bodyLimit: config.bodyLimitBytes,
    genReqId: () => crypto.randomUUID(),
    // req.ip is the client's address only when the peer is a listed proxy (docs/security.md).
    trustProxy: config.trustedProxies.length ? config.trustedProxies : false,
    requestIdHeader: false,
    routerOptions: { ignoreTrailingSlash: true, caseSensitive: false, maxParamLength: 200 },
    ajv: { customOptions: { coerceTypes: 'array', useDefaults: true, removeAdditional: false, allErrors: false } },
    // Fastify's own compilers, each route's schemas compiled on first use (start time).
    schemaController: { compilersFactory: schemaCompilers.factory() },
  });
  app.addHook('onClose', async () => schemaCompilers.stop());
  configureFiscalWindow({ firstYear: config.firstFiscalYear, yearsAhead: config.fiscalYearsAhead });
  configureGroupCommit(database.db, { enabled: config.groupCommit, maxBatch: config.groupCommitMax, windowMicros: config.groupCommitWindowMicros });
  // Issue 21: POSTs queued changes to the business's change hook after their commits.
  const changeDeliverer = startChangeDeliverer(database.db, {
    retryMs: config.webhookRetryMs,
    retryMaxMs: config.webhookRetryMaxMs,
    timeoutMs: config.webhookTimeoutMs,
    onError: (e) => app.log.warn({ err: e.message }, 'change hook delivery pass failed'),
  });
  app.addHook('onClose', () => changeDeliverer.stop());
  app.decorate('deps', {
    database,
    config,
    loopbackBind: isLoopbackHost(config.host),
    authFailures: new AuthFailureThrottle(config.authFailuresPerMinute),
    changeDeliverer,
    schemaCompilers,
  });
  installExactReplies(app);
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
    // Stored images and CSV are served with their declared type only: browsers must not sniff.
    reply.header('x-content-type-options', 'nosniff');
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Daftar (دفتر) API',
        version: '0.1.0',
        description:
          'Accounting and inventory server with Siba-compatible (/api), Hesabfa-compatible (/v1/item) and Chortke-compatible (/v2) surfaces over one ledger.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'daftar_session', description: 'the console: POST /daftar/v1/session; writes also send X-CSRF-Token' },
        },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/healthz', { schema: { hide: true } }, async () => {
    await database.db.selectFrom('businesses').select('id').limit(1).execute();
    return { ok: true };
  });

  await app.register(
    async (siba) => {
      installJsonParser(siba);
      await sibaSurface(siba);
    },
    { prefix: '/api' },
  );
  await app.register(hesabfaSurface, { prefix: '/v1' });
  await app.register(
    async (chortke) => {
      installJsonParser(chortke);
      await chortkeSurface(chortke);
    },
    { prefix: '/v2' },
  );
  await app.register(daftarSurface, { prefix: '/daftar/v1' });
  await app.register(consoleRoutes);

  app.setNotFoundHandler((req, reply) => {
    reply.code(404).send({ success: false, message: `مسیر ${req.method} ${req.url.split('?')[0]} وجود ندارد`, code: 'NOT_FOUND' });
  });
  return app;
}
