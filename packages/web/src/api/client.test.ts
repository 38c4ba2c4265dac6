import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, apiRequest, NetworkError, setCsrfToken, setUnauthorizedHandler } from './client';

type Call = { url: string; init: RequestInit };

function mockFetch(responses: (() => Response | Promise<Response>)[]) {
  const calls: Call[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      const next = responses.shift();
      if (!next) throw new Error('no more responses');
      return next();
    }),
  );
  return calls;
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json', ...headers },
  });

const header = (call: Call, name: string) => (call.init.headers as Record<string, string>)[name];

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
  setUnauthorizedHandler(null);
});

describe('apiRequest', () => {
  it('sends the CSRF token on writes and an Idempotency-Key on POSTs', async () => {
    setCsrfToken('csrf-1');
    const calls = mockFetch([() => json(201, { id: 'c1' }), () => json(200, { id: 'c1' }), () => json(200, { items: [] })]);
    await apiRequest('/customers', { method: 'POST', body: { name: 'x' }, idempotencyKey: 'key-1' });
    await apiRequest('/customers/c1', { method: 'PATCH', body: { version: 1 } });
    await apiRequest('/customers', { query: { cursor: undefined, limit: 30 } });
    expect(calls[0]!.url).toBe('/api/v1/customers');
    expect(header(calls[0]!, 'X-CSRF-Token')).toBe('csrf-1');
    expect(header(calls[0]!, 'Idempotency-Key')).toBe('key-1');
    expect(calls[0]!.init.credentials).toBe('same-origin');
    expect(header(calls[1]!, 'X-CSRF-Token')).toBe('csrf-1');
    expect(header(calls[1]!, 'Idempotency-Key')).toBeUndefined();
    expect(header(calls[2]!, 'X-CSRF-Token')).toBeUndefined();
    expect(calls[2]!.url).toBe('/api/v1/customers?limit=30');
  });

  it('retries a POST after a network failure with the same Idempotency-Key', async () => {
    const calls = mockFetch([() => Promise.reject(new TypeError('Failed to fetch')), () => json(201, { id: 'c1' })]);
    await expect(apiRequest('/customers', { method: 'POST', body: {} })).resolves.toEqual({ id: 'c1' });
    expect(calls).toHaveLength(2);
    expect(header(calls[0]!, 'Idempotency-Key')).toBeTruthy();
    expect(header(calls[1]!, 'Idempotency-Key')).toBe(header(calls[0]!, 'Idempotency-Key'));
  });

  it('gives up with a NetworkError when the server stays unreachable', async () => {
    mockFetch([0, 1, 2].map(() => () => Promise.reject(new TypeError('Failed to fetch'))));
    await expect(apiRequest('/customers/c1', { method: 'PATCH', body: {} })).rejects.toBeInstanceOf(NetworkError);
  });

  it('turns problem+json into ApiError with the field errors', async () => {
    mockFetch([
      () =>
        json(400, {
          status: 400,
          code: 'validation_failed',
          detail: 'invalid body: mobile',
          errors: [{ field: 'mobile', code: 'invalid_mobile', message: 'invalid_mobile' }],
        }),
    ]);
    const error = await apiRequest('/customers', { method: 'POST', body: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('validation_failed');
    expect((error as ApiError).errors[0]!.field).toBe('mobile');
  });

  it('reports a 401 to the app, except for the login call itself', async () => {
    const onUnauthorized = vi.fn();
    setUnauthorizedHandler(onUnauthorized);
    mockFetch([() => json(401, { status: 401, code: 'unauthenticated' }), () => json(401, { status: 401, code: 'invalid_credentials' })]);
    await expect(apiRequest('/customers')).rejects.toBeInstanceOf(ApiError);
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
    await expect(apiRequest('/auth/login', { method: 'POST', body: {}, skipAuthRedirect: true })).rejects.toBeInstanceOf(ApiError);
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it('reads Retry-After for rate limiting', async () => {
    mockFetch([() => json(429, { status: 429, code: 'rate_limited' }, { 'retry-after': '42' })]);
    const error = (await apiRequest('/auth/login', { method: 'POST', body: {}, skipAuthRedirect: true }).catch(
      (e: unknown) => e,
    )) as ApiError;
    expect(error.retryAfterSeconds).toBe(42);
  });
});
