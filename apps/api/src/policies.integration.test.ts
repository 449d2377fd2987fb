import { afterAll, describe, expect, it } from 'vitest';
import { runContributionsCli } from '@lianxu/policy';
import { apiDeps, appDb } from '@lianxu/testing';
import { buildApp } from './app';

// Response bodies are checked field by field; their static type does not matter here.
const json = (res: Response): Promise<any> => res.json();

const db = appDb();
const { deps, close } = apiDeps(db);
const app = buildApp(deps);
afterAll(async () => {
  await close();
  await db.destroy();
});

const EN = { 'accept-language': 'en' };

async function quote(body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return app.request('/api/contributions/quote', {
    method: 'POST',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { 'content-type': 'application/json', ...headers },
  });
}

/** What `lianxu contributions ... --json` prints, parsed. */
function cliJson(args: string[]): unknown {
  let stdout = '';
  const code = runContributionsCli([...args, '--json'], { stdout: (s) => (stdout += s), stderr: () => undefined });
  expect(code).toBe(0);
  return JSON.parse(stdout);
}

describe('GET /api/policies', () => {
  it('lists every city with its policy years, weakest grade and not-found flag', async () => {
    const res = await app.request('/api/policies');
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.nextCursor).toBeNull();
    const codes = body.items.map((i: any) => i.city.code);
    expect(codes).toEqual(expect.arrayContaining(['110100', '310100', '440100', '440300', '330100', '510100']));

    const beijing = body.items.find((i: any) => i.city.code === '110100');
    expect(beijing.city).toEqual({ code: '110100', name: '北京', nameEn: 'Beijing' });
    const y2024 = beijing.years.find((y: any) => y.year === 2024);
    expect(y2024).toEqual({
      year: 2024,
      policyId: '110100-2024-r1',
      effectiveFrom: '2024-07',
      effectiveTo: '2025-06',
      lowestGrade: 'B',
      hasNotFound: false,
      carriedForward: true,
    });

    // Hangzhou: nothing found, so nothing graded.
    const hangzhou = body.items.find((i: any) => i.city.code === '330100');
    expect(hangzhou.years[0]).toMatchObject({ year: 2024, hasNotFound: true, lowestGrade: null });
  });
});

describe('GET /api/policies/{city}/{year}', () => {
  it('returns every insurance with figures, sources, grades and statuses, plus the sources register', async () => {
    const res = await app.request(`/api/policies/${encodeURIComponent('北京')}/2024`);
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.id).toBe('110100-2024-r1');
    expect(body).not.toHaveProperty('origin');
    expect(body.insurances.map((i: any) => i.insurance)).toEqual(['pension', 'medical', 'maternity', 'unemployment', 'workInjury', 'housingFund']);

    const pension = body.insurances[0];
    expect(pension.status).toBe('given');
    expect(pension.floor).toMatchObject({ status: 'given', value: '6821.00', grade: 'B', unverified: false });
    expect(pension.cap.value).toBe('35283.00');
    expect(pension.floor.sources).toContain('S2');
    expect(pension.employer.rate).toMatchObject({ kind: 'single', rate: { value: '0.16' } });
    expect(pension.employer.rounding).toMatchObject({ rule: 'half-up-fen', isDefault: false });

    const medical = body.insurances[1];
    expect(medical.employee.fixed).toMatchObject({ status: 'given', value: '3.00' });
    expect(body.insurances[2]).toMatchObject({ insurance: 'maternity', status: 'notApplicable', floor: null });
    expect(body.insurances[4].employer.rate).toMatchObject({ kind: 'range', min: { value: '0.002' }, max: { value: '0.019' } });

    const s2 = body.sources.find((s: any) => s.id === 'S2');
    expect(s2.title).toMatch(/Forvis Mazars/);
    expect(s2.url).toMatch(/^https:\/\//);
    // Every source id any figure cites is in the register the record returns.
    const cited = new Set<string>(JSON.stringify(body.insurances).match(/"sources":\[[^\]]*\]/g)!.flatMap((m) => JSON.parse(`{${m}}`).sources));
    const listed = new Set(body.sources.map((s: any) => s.id));
    for (const id of cited) expect(listed.has(id), id).toBe(true);
  });

  it('finds a city by code or English name and shows the Shenzhen hukou variant', async () => {
    const body = await json(await app.request('/api/policies/Shenzhen/2024'));
    expect(body.city.code).toBe('440300');
    expect(body.insurances[0].employer.rate.kind).toBe('byHukou');
    const byCode = await json(await app.request('/api/policies/440300/2024'));
    expect(byCode.id).toBe(body.id);
  });

  it('marks not-found figures unverified (Hangzhou)', async () => {
    const body = await json(await app.request('/api/policies/330100/2024'));
    expect(body.insurances.every((i: any) => i.status === 'notFound')).toBe(true);
    expect(body.cutOffDay).toMatchObject({ status: 'notFound', value: null, unverified: true });
  });

  it('answers 404 naming an unknown city or year, in the requested language', async () => {
    const city = await app.request('/api/policies/Atlantis/2024', { headers: EN });
    expect(city.status).toBe(404);
    expect(await json(city)).toEqual({ error: { code: 'unknown_city', message: 'Unknown city "Atlantis"', fields: { city: 'Unknown city "Atlantis"' } } });

    const year = await app.request('/api/policies/110100/2019');
    expect(year.status).toBe(404);
    const body = await json(year);
    expect(body.error.code).toBe('policy_year_not_found');
    expect(body.error.message).toContain('2019');
    expect(body.error.message).toContain('北京');
    expect(Object.keys(body.error.fields)).toEqual(['year']);

    expect((await app.request('/api/policies/110100/abc')).status).toBe(404);
  });
});

describe('POST /api/contributions/quote', () => {
  it('answers exactly what the CLI prints with --json (Beijing, 2024-09, 40000)', async () => {
    const res = await quote({ city: '北京', month: '2024-09', wage: '40000' }, EN);
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body).toEqual(cliJson(['--city', '北京', '--month', '2024-09', '--wage', '40000']));
    expect(body.lines[0]).toEqual({ insurance: 'pension', base: '35283.00', employerRate: '0.16', employeeRate: '0.08', employer: '5645.28', employee: '2822.64' });
    expect(body.totals).toEqual({ employer: '9350.00', employee: '3707.72' });
  });

  it('takes every option the CLI takes', async () => {
    const body = await json(
      await quote({ city: '440300', month: '2024-09', wage: '12000.50', hukou: 'non-local', injuryRate: '0.004', housingFundRate: '0.12' }, EN),
    );
    expect(body).toEqual(
      cliJson(['--city', '440300', '--month', '2024-09', '--wage', '12000.50', '--hukou', 'non-local', '--injury-rate', '0.004', '--housing-fund-rate', '0.12']),
    );
  });

  it('marks a month after the latest known year provisional, warning in Chinese by default', async () => {
    const body = await json(await quote({ city: '110100', month: '2026-01', wage: '10000' }));
    expect(body.provisional).toBe(true);
    expect(body.warnings[0]).toMatchObject({ code: 'provisional', insurance: null });
    expect(body.warnings[0].message).toMatch(/暂按 2024 年度/);
  });

  const base = { city: '北京', month: '2024-09', wage: '40000' };
  const badFields: [string, Record<string, unknown>, string][] = [
    ['unknown city', { ...base, city: 'Atlantis' }, 'city'],
    ['empty city', { ...base, city: '' }, 'city'],
    ['not a real month', { ...base, month: '2024-13' }, 'month'],
    ['malformed month', { ...base, month: '2024/09' }, 'month'],
    ['month before the first policy year', { ...base, month: '2020-01' }, 'month'],
    ['wage 1e309', { ...base, wage: '1e309' }, 'wage'],
    ['wage -0', { ...base, wage: '-0' }, 'wage'],
    ['full-width wage', { ...base, wage: '１２' }, 'wage'],
    ['wage NaN', { ...base, wage: 'NaN' }, 'wage'],
    ['negative wage', { ...base, wage: '-100' }, 'wage'],
    ['zero wage', { ...base, wage: '0' }, 'wage'],
    ['wage with three decimals', { ...base, wage: '100.001' }, 'wage'],
    ['wage too large', { ...base, wage: '99999999999' }, 'wage'],
    ['wage as a JSON number', { ...base, wage: 40000 }, 'wage'],
    ['missing wage', { city: '北京', month: '2024-09' }, 'wage'],
    ['missing city', { month: '2024-09', wage: '1' }, 'city'],
    ['unknown hukou', { ...base, hukou: 'mars' }, 'hukou'],
    ['injury rate out of the city range', { ...base, injuryRate: '0.5' }, 'injuryRate'],
    ['injury rate 1e309', { ...base, injuryRate: '1e309' }, 'injuryRate'],
    ['injury rate -0', { ...base, injuryRate: '-0' }, 'injuryRate'],
    ['injury rate NaN', { ...base, injuryRate: 'NaN' }, 'injuryRate'],
    ['full-width injury rate', { ...base, injuryRate: '０.００４' }, 'injuryRate'],
    ['housing-fund rate 1', { ...base, housingFundRate: '1' }, 'housingFundRate'],
    ['housing-fund rate out of range', { ...base, housingFundRate: '0.5' }, 'housingFundRate'],
    ['housing-fund rate NaN', { ...base, housingFundRate: 'NaN' }, 'housingFundRate'],
    ['unknown field', { ...base, tenantId: 'x' }, 'tenantId'],
  ];

  it.each(badFields)('%s is 400 naming the field', async (_name, body, field) => {
    const res = await quote(body, EN);
    expect(res.status).toBe(400);
    const error = (await json(res)).error;
    expect(typeof error.code).toBe('string');
    expect(typeof error.message).toBe('string');
    if (field) expect(Object.keys(error.fields)).toEqual([field]);
    else expect(Object.keys(error.fields)).toHaveLength(1);
  });

  it('names every bad field at once, localized from the engine in both languages', async () => {
    const bad = { city: 'Atlantis', month: '2024-13', wage: 'abc', hukou: 'mars' };
    const zh = (await json(await quote(bad))).error;
    expect(Object.keys(zh.fields).sort()).toEqual(['city', 'hukou', 'month', 'wage']);
    expect(zh.code).toBe('unknown_city');
    expect(zh.fields.month).toBe('月份 "2024-13" 须为真实月份 YYYY-MM');
    const en = (await json(await quote(bad, EN))).error;
    expect(en.fields.month).toBe('month "2024-13" must be a real month YYYY-MM');
    expect(en.fields.hukou).toBe('hukou must be local or non-local');
  });

  it('answers malformed JSON with 400', async () => {
    const res = await quote('{"city": ', EN);
    expect(res.status).toBe(400);
    expect((await json(res)).error.code).toBe('malformed_json');
  });
});

describe('OpenAPI', () => {
  it('documents the policy routes with their schemas', async () => {
    const spec = await json(await app.request('/api/openapi.json'));
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/api/policies', '/api/policies/{city}/{year}', '/api/contributions/quote']));
    expect(spec.components.schemas).toHaveProperty('PolicyRecord');
    expect(spec.components.schemas).toHaveProperty('QuoteRequest');
    expect(spec.components.schemas).toHaveProperty('ContributionQuote');
  });
});
