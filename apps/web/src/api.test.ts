import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { api, ApiError, onUnauthorized } from './api';
import { loadMessages, setLang } from './i18n';

type Call = { url: string; init: RequestInit };

function stubFetch(respond: () => Response | Promise<Response>): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return respond();
  });
  return calls;
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('api()', () => {
  beforeAll(() => loadMessages(['app']));
  afterEach(async () => {
    vi.unstubAllGlobals();
    await setLang('zh-CN');
  });

  it('sends the chosen language, same-origin credentials and a JSON body', async () => {
    const calls = stubFetch(() => json(200, { ok: true }));
    await setLang('en');
    await expect(api('/api/auth/sign-in', { body: { email: 'a@b.cn', password: 'pw' } })).resolves.toEqual({ ok: true });

    const [call] = calls;
    const headers = call!.init.headers as Record<string, string>;
    expect(call!.url).toBe('/api/auth/sign-in');
    expect(call!.init.method).toBe('POST');
    expect(call!.init.credentials).toBe('same-origin');
    expect(headers['Accept-Language']).toBe('en');
    expect(headers['Content-Type']).toBe('application/json');
    expect(JSON.parse(call!.init.body as string)).toEqual({ email: 'a@b.cn', password: 'pw' });
  });

  it('uses GET without a body and sends zh-CN by default', async () => {
    const calls = stubFetch(() => json(200, { items: [], nextCursor: null }));
    await api('/api/tenants');
    expect(calls[0]!.init.method).toBe('GET');
    expect(calls[0]!.init.body).toBeUndefined();
    expect((calls[0]!.init.headers as Record<string, string>)['Accept-Language']).toBe('zh-CN');
  });

  it('turns the API error shape into an ApiError with code, message and fields', async () => {
    stubFetch(() =>
      json(400, { error: { code: 'validation_failed', message: '输入有误', fields: { email: '邮箱格式不正确' } } }),
    );
    const error = await api('/api/auth/sign-in', { body: {} }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, code: 'validation_failed', message: '输入有误', fields: { email: '邮箱格式不正确' } });
  });

  it('reports a non-JSON answer and an unreachable server in the chosen language', async () => {
    stubFetch(() => new Response('<html>Bad gateway</html>', { status: 502 }));
    await expect(api('/api/tenants')).rejects.toMatchObject({ status: 502, code: 'unexpected_response' });

    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    await setLang('en');
    await expect(api('/api/tenants')).rejects.toMatchObject({
      status: 0,
      code: 'network_error',
      message: 'Cannot reach the server. Check your connection and try again.',
    });
  });

  it('resolves an empty answer (204) with undefined', async () => {
    stubFetch(() => new Response(null, { status: 204 }));
    await expect(api('/api/auth/sign-out', { method: 'POST' })).resolves.toBeUndefined();
  });

  it('sends extra headers such as Idempotency-Key, never overriding the language', async () => {
    const calls = stubFetch(() => json(201, { id: 'e1' }));
    await api('/api/t/acme/employees', { body: { name: '张伟' }, headers: { 'Idempotency-Key': 'k-1', 'Accept-Language': 'fr' } });
    const headers = calls[0]!.init.headers as Record<string, string>;
    expect(headers['Idempotency-Key']).toBe('k-1');
    expect(headers['Accept-Language']).toBe('zh-CN');
  });

  it('calls the one 401 handler for any call answered 401, and only for 401', async () => {
    let calls = 0;
    const remove = onUnauthorized(() => calls++);
    stubFetch(() => json(401, { error: { code: 'unauthenticated', message: '请先登录' } }));
    await expect(api('/api/t/a/employees')).rejects.toMatchObject({ status: 401 });
    await expect(api('/api/t/a/tasks')).rejects.toMatchObject({ status: 401 });
    expect(calls).toBe(2);
    stubFetch(() => json(403, { error: { code: 'forbidden', message: '无权访问' } }));
    await expect(api('/api/t/a/employees')).rejects.toMatchObject({ status: 403 });
    expect(calls).toBe(2);
    remove();
    stubFetch(() => json(401, { error: { code: 'unauthenticated', message: '请先登录' } }));
    await expect(api('/api/me')).rejects.toMatchObject({ status: 401 });
    expect(calls).toBe(2);
  });
});
