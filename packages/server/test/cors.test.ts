import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { testConfig, TestPlatform } from './support/platform.js';

const APP = 'http://app.localhost:8080';
const OTHER = 'http://evil.localhost:8080';

let allowList: TestPlatform;
let withCredentials: TestPlatform;
let closed: TestPlatform;
beforeAll(async () => {
  [allowList, withCredentials, closed] = await Promise.all([
    TestPlatform.start(undefined, testConfig({ cors: { origins: [APP], credentials: false } })),
    TestPlatform.start(undefined, testConfig({ cors: { origins: [APP], credentials: true } })),
    TestPlatform.start(undefined, testConfig()),
  ]);
});
afterAll(() => Promise.all([allowList.stop(), withCredentials.stop(), closed.stop()]));

function preflight(platform: TestPlatform, origin: string) {
  return fetch(platform.url, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization,content-type,x-request-id',
    },
  });
}

function post(platform: TestPlatform, origin: string, headers: Record<string, string> = {}) {
  return fetch(platform.url, {
    method: 'POST',
    headers: { origin, 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: '{ locality(code: "51") { name } }' }),
  });
}

describe('CORS', () => {
  it('answers the preflight of an allowed origin', async () => {
    const response = await preflight(allowList, APP);
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(APP);
    expect(response.headers.get('access-control-allow-headers')).toContain('authorization');
    expect(response.headers.get('access-control-allow-headers')).toContain('x-request-id');
    expect(response.headers.get('access-control-allow-methods')).toBe('GET,POST');
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    expect(response.headers.get('vary')).toContain('Origin');
  });

  it('lets an allowed origin read the answer and its request id', async () => {
    const response = await post(allowList, APP);
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(APP);
    expect(response.headers.get('access-control-expose-headers')).toContain('x-request-id');
    expect(((await response.json()) as { data: unknown }).data).toEqual({
      locality: { name: 'Tỉnh Quảng Ngãi' },
    });
  });

  it('gives other origins no CORS headers at all', async () => {
    for (const response of [await preflight(allowList, OTHER), await post(allowList, OTHER)]) {
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      expect(response.headers.get('access-control-allow-headers')).toBeNull();
      expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    }
    // A look-alike of the allowed origin is another origin.
    const suffix = await preflight(allowList, `${APP}.evil.test`);
    expect(suffix.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('is off unless configured', async () => {
    const config = loadConfig({});
    expect(config.cors).toEqual({ origins: [], credentials: false });
    for (const response of [await preflight(closed, APP), await post(closed, APP)]) {
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    }
  });

  it('allows credentials only when configured', async () => {
    const response = await preflight(withCredentials, APP);
    expect(response.headers.get('access-control-allow-origin')).toBe(APP);
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
    const other = await preflight(withCredentials, OTHER);
    expect(other.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('keeps CSRF prevention on for allowed origins', async () => {
    // A GET without a preflight-forcing header is what a cross-site <img> or form could send.
    const query = encodeURIComponent('{ locality(code: "51") { name } }');
    const response = await fetch(`${allowList.url}?query=${query}`, { headers: { origin: APP } });
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/CSRF/i);
  });

  it('reads its allow-list strictly', () => {
    expect(
      loadConfig({
        CORS_ORIGINS: 'https://a.gov.vn, http://localhost:5173',
        CORS_CREDENTIALS: 'true',
      }).cors,
    ).toEqual({ origins: ['https://a.gov.vn', 'http://localhost:5173'], credentials: true });
    for (const bad of [
      'https://a.gov.vn/',
      'https://a.gov.vn/app',
      '*',
      'a.gov.vn',
      'ftp://a.gov.vn',
    ]) {
      expect(() => loadConfig({ CORS_ORIGINS: bad }), bad).toThrow(
        /CORS_ORIGINS must list origins/,
      );
    }
    expect(() => loadConfig({ CORS_CREDENTIALS: 'maybe' })).toThrow(/CORS_CREDENTIALS/);
  });
});

describe('request ids', () => {
  it('echoes the caller’s X-Request-Id and makes one up otherwise', async () => {
    const given = await post(allowList, APP, { 'x-request-id': 'app-7f3a.42' });
    expect(given.headers.get('x-request-id')).toBe('app-7f3a.42');
    const made = await post(allowList, APP);
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    // Not a header injection or a log-line forgery vector: anything else is replaced.
    const odd = await post(allowList, APP, { 'x-request-id': 'a b<script>' });
    expect(odd.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const refused = await fetch(allowList.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'refused-1' },
      body: '{not json',
    });
    expect(refused.status).toBe(400);
    expect(refused.headers.get('x-request-id')).toBe('refused-1');
  });
});
