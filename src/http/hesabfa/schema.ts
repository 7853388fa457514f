import { Type } from 'typebox';

/** A loose body schema for the OpenAPI document: clients send anything (any casing, extra fields). */
export function hesabfaSchema(tag: string, summary: string, description: string) {
  return {
    tags: [tag],
    summary,
    description: `${description}\n\nAuth fields in every body: apiKey, and loginToken or userId+password. Optional requestUniqueId on writes (a replay is the same id with the same method and body). Field names are case-insensitive; HTTP status is always 200 with {Success, ErrorCode, ErrorMessage, Result}.`,
    body: Type.Any({ description: 'JSON (or JavaScript object literal) body with the auth fields and the method parameters' }),
  };
}

/** Hesabfa's date-time text: `Y-m-dTH:i:s` (an ISO day at midnight). */
export const wireDateTime = (isoDay: string | null, time = '00:00:00'): string | null => (isoDay === null ? null : `${isoDay.slice(0, 10)}T${time || '00:00:00'}`);
