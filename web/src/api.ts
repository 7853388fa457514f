/**
 * The console's one door to the server: /daftar/v1 with the session cookie, the CSRF token on
 * every write, and RFC 9457 problem details turned into an ApiError the forms show next to the
 * field the server names.
 */
export interface Problem {
  status: number;
  code?: string;
  title?: string;
  detail?: string;
  field?: string;
  /** Several errors at once (an import's rows). */
  errors?: { row: number; column: string; code: string; detail: string }[];
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
  }
}

let csrf = '';
export const setCsrf = (token: string) => {
  csrf = token;
};

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrf) headers['x-csrf-token'] = csrf;
  const res = await fetch(`/daftar/v1${path}`, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  const data = text ? JSON.parse(text) : undefined;
  if (!res.ok) throw new ApiError({ status: res.status, ...(data ?? {}) });
  return data as T;
}

export interface Session {
  user: { id: number; username: string; name: string; role: 'admin' | 'accountant' | 'clerk' };
  business: { id: number; name: string };
  csrfToken?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
