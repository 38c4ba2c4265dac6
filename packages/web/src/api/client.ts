// The one way the web app talks to the API: same-origin cookies, the CSRF header on writes,
// Idempotency-Key on POSTs, and RFC 9457 problem+json turned into ApiError.

export const API_PREFIX = '/api/v1';

export type FieldProblem = { field: string; code: string; message: string };

export type ProblemBody = {
  status: number;
  code: string;
  title?: string;
  detail?: string;
  errors?: FieldProblem[];
  [extra: string]: unknown;
};

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string | undefined;
  readonly errors: FieldProblem[];
  readonly body: ProblemBody;
  readonly retryAfterSeconds: number | null;

  constructor(body: ProblemBody, retryAfterSeconds: number | null = null) {
    super(body.detail ?? body.code);
    this.name = 'ApiError';
    this.status = body.status;
    this.code = body.code;
    this.detail = body.detail;
    this.errors = body.errors ?? [];
    this.body = body;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** The network itself failed (offline, server down): safe to retry a POST with the same Idempotency-Key. */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super('network_error', { cause });
    this.name = 'NetworkError';
  }
}

let csrfToken: string | null = null;
let onUnauthorized: (() => void) | null = null;

export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

/** Called on any 401 outside the login call itself; the app sends the user to the login page. */
export function setUnauthorizedHandler(handler: (() => void) | null) {
  onUnauthorized = handler;
}

export function newIdempotencyKey(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // crypto.randomUUID needs a secure context; plain-HTTP LAN installs fall back to getRandomValues.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export type RequestOptions = {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  query?: Record<string, string | number | undefined | null>;
  /** For POSTs: reuse the same key when retrying the same submission. Generated when absent. */
  idempotencyKey?: string;
  signal?: AbortSignal;
  /** Don't treat 401 as "session expired" (the login call). */
  skipAuthRedirect?: boolean;
};

const UNSAFE = new Set(['POST', 'PATCH', 'DELETE', 'PUT']);
const NETWORK_RETRIES = 2;

function buildUrl(path: string, query?: RequestOptions['query']): string {
  const url = API_PREFIX + path;
  if (!query) return url;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${url}?${qs}` : url;
}

async function readProblem(response: Response): Promise<ProblemBody> {
  const text = await response.text().catch(() => '');
  try {
    const parsed = JSON.parse(text) as Partial<ProblemBody>;
    if (parsed && typeof parsed === 'object' && typeof parsed.code === 'string') {
      return { ...parsed, status: parsed.status ?? response.status, code: parsed.code } as ProblemBody;
    }
  } catch {
    // not JSON: fall through
  }
  return { status: response.status, code: response.status >= 500 ? 'internal' : 'http_error', detail: text.slice(0, 200) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (UNSAFE.has(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  if (method === 'POST') headers['Idempotency-Key'] = options.idempotencyKey ?? newIdempotencyKey();

  // GETs and keyed POSTs are safe to repeat when the network drops; PATCH carries a version instead.
  const retries = method === 'GET' || method === 'POST' ? NETWORK_RETRIES : 0;
  let response: Response | null = null;
  for (let attempt = 0; ; attempt++) {
    try {
      response = await fetch(buildUrl(path, options.query), {
        method,
        headers,
        credentials: 'same-origin',
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: options.signal,
      });
      // A concurrent first attempt with the same key is still running: wait and ask again.
      if (response.status === 409 && method === 'POST' && attempt < retries) {
        const problem = await readProblem(response.clone());
        if (problem.code === 'idempotency_in_progress') {
          await sleep(400 * (attempt + 1));
          continue;
        }
      }
      break;
    } catch (error) {
      if (options.signal?.aborted) throw error;
      if (attempt >= retries) throw new NetworkError(error);
      await sleep(500 * (attempt + 1));
    }
  }

  if (response.status === 204) return undefined as T;
  if (response.ok) return (await response.json()) as T;

  const problem = await readProblem(response);
  if (response.status === 401 && !options.skipAuthRedirect) onUnauthorized?.();
  const retryAfter = Number(response.headers.get('retry-after'));
  throw new ApiError(problem, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null);
}

export const api = {
  get: <T>(path: string, query?: RequestOptions['query'], signal?: AbortSignal) => apiRequest<T>(path, { query, signal }),
  post: <T>(path: string, body: unknown, idempotencyKey?: string) => apiRequest<T>(path, { method: 'POST', body, idempotencyKey }),
  patch: <T>(path: string, body: unknown) => apiRequest<T>(path, { method: 'PATCH', body }),
  put: <T>(path: string, body: unknown) => apiRequest<T>(path, { method: 'PUT', body }),
  delete: <T>(path: string) => apiRequest<T>(path, { method: 'DELETE' }),
};
