import { randomUUID } from 'node:crypto';
import { TEST_ORIGIN } from './api-deps';

type Fetchable = { request: (input: string, init?: RequestInit) => Response | Promise<Response> };

/**
 * A browser-like client for `app.request()`: keeps the session cookie, sends the app's Origin on
 * writes and its own client address (X-Forwarded-For; test apps trust it) so rate limits don't mix.
 */
export class TestClient {
  cookie: string | undefined;
  readonly address = `test-client-${randomUUID().slice(0, 8)}`;
  constructor(
    private readonly app: Fetchable,
    private readonly options: { origin?: string; base?: string; lang?: string } = {},
  ) {}

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    const h: Record<string, string> = { 'x-forwarded-for': this.address, 'accept-language': this.options.lang ?? 'en', ...headers };
    if (this.cookie) h.cookie = this.cookie;
    if (method !== 'GET') h.origin ??= this.options.origin ?? TEST_ORIGIN;
    if (body !== undefined) h['content-type'] = 'application/json';
    const res = await this.app.request(`${this.options.base ?? TEST_ORIGIN}${path}`, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
    const set = res.headers.get('set-cookie');
    if (set?.startsWith('lianxu_session=')) {
      const value = set.split(';')[0]!;
      this.cookie = value === 'lianxu_session=' ? undefined : value;
    }
    return res;
  }

  get = (path: string) => this.request('GET', path);
  post = (path: string, body?: unknown) => this.request('POST', path, body ?? {});
  delete = (path: string) => this.request('DELETE', path);

  async signIn(email: string, password = 'lianxu-demo'): Promise<Response> {
    return this.post('/api/auth/sign-in', { email, password });
  }
}

export const uniqueSlug = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;
