import pino from 'pino';
import { buildApp } from '@lianxu/api';
import { createAuthService, listenForAuthChanges, SessionCache } from '@lianxu/auth';
import { createTenancyService } from '@lianxu/core';
import { createBusinessClock, createDb } from '@lianxu/db';
import { startBenchStack } from '../../packages/testing/src/bench-stack';
import { provisionDemoTenants } from '../../packages/testing/src/tenant-fixtures';
const stack = await startBenchStack({ temporal: false });
const db = createDb({ connectionString: stack.appUrl, max: 10 });
const tenantId = (await provisionDemoTenants(db))['demo-manufacturing']!;
const sessionCache = new SessionCache();
const l = await listenForAuthChanges(stack.appUrl, sessionCache);
const tenancy = createTenancyService(db);
const auth = createAuthService(db, { demoMode: true }, undefined, { sessionCache });
const base = { db, auth, allowedOrigins: ['http://localhost:3000'], logger: pino({ level: 'warn' }), clock: createBusinessClock(), temporal: { ping: async () => undefined } };
const app = buildApp({ ...base, tenancy } as any);
const stubApp = buildApp({ ...base, tenancy: { ...tenancy, listCities: async () => [{ code: '310100', name: '上海' }, { code: '440300', name: '深圳' }] } } as any);
const r = await app.request('http://localhost/api/auth/sign-in', { method: 'POST', headers: { 'content-type': 'application/json', origin: 'http://localhost:3000' }, body: JSON.stringify({ email: 'hr@demo-manufacturing.demo', password: 'lianxu-demo' }) });
const cookie = r.headers.get('set-cookie')!.split(';')[0]!;
const home = (a: typeof app) => async () => { const res = await a.request('http://localhost/api/t/demo-manufacturing/home', { headers: { cookie } }); await res.text(); };
const variants: [string, () => Promise<unknown>][] = [
  ['real app', home(app)],
  ['stub app', home(stubApp)],
  ['listCities', () => tenancy.listCities(tenantId)],
  ['stub app + listCities', async () => { await home(stubApp)(); await tenancy.listCities(tenantId); }],
];
const N = Number(process.env.N ?? 20000);
for (let round = 0; round < 3; round++) for (const [name, fn] of variants) {
  for (let i = 0; i < 500; i++) await fn();
  const c0 = process.cpuUsage(); let left = N;
  await Promise.all(Array.from({ length: 10 }, async () => { while (left-- > 0) await fn(); }));
  const c = process.cpuUsage(c0); console.log(name.padEnd(24), ((c.user + c.system) / N).toFixed(1), 'µs');
}
await l.close(); await db.destroy(); await stack.stop();
