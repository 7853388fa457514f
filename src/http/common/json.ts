import type { FastifyInstance } from 'fastify';
import { DomainError } from '../../domain/errors.js';

/**
 * JSON body parser for the Siba and Chortke surfaces: an empty body is "no body" (clients send
 * a Content-Type header on bodiless POSTs with query parameters), anything else must be JSON;
 * other content types answer 415 (images have their own parser on their route).
 */
export function installJsonParser(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = (body as string).replace(/^\uFEFF/, '');
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(new DomainError('MALFORMED_BODY'), undefined);
    }
  });
}
