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
      carriedForward: false,
    });
    // Beijing's latest known year (2026) is the one later months carry forward: its figures are
    // grade C and its work-injury rates are not found.
    expect(beijing.years.at(-1)).toEqual({
      year: 2026,
      policyId: '110100-2026-r1',
      effectiveFrom: '2026-07',
      effectiveTo: '2027-06',
      lowestGrade: 'C',
      hasNotFound: true,
      carriedForward: true,
    });
    expect(beijing.years.filter((y: any) => y.carriedForward)).toHaveLength(1);

    // Hangzhou runs by calendar year; its 2024 bases are grade C and its employer rates not found.
    const hangzhou = body.items.find((i: any) => i.city.code === '330100');
    expect(hangzhou.years[0]).toEqual({
      year: 2024,
      policyId: '330100-2024-r2',
      effectiveFrom: '2024-01',
      effectiveTo: '2024-12',
      lowestGrade: 'C',
      hasNotFound: true,
      carriedForward: false,
    });
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

  it('marks not-found and grade-C figures unverified (Hangzhou 2024)', async () => {
    const body = await json(await app.request('/api/policies/330100/2024'));
    const byName = Object.fromEntries(body.insurances.map((i: any) => [i.insurance, i]));
    expect(byName.workInjury).toMatchObject({ status: 'notFound', floor: null, employer: null });
    expect(byName.maternity).toMatchObject({ status: 'notFound', floor: null });
    // A given insurance whose employer rate is not found: that figure has no value and is unverified.
    expect(byName.pension.status).toBe('given');
    expect(byName.pension.employer.rate).toMatchObject({ kind: 'single', rate: { status: 'notFound', value: null, unverified: true } });
    // A grade-C figure is given and used, but shown as unverified.
    expect(byName.pension.floor).toMatchObject({ status: 'given', value: '4812.00', grade: 'C', unverified: true });
    expect(byName.pension.employee.rate.rate).toMatchObject({ status: 'given', value: '0.08', grade: 'C', unverified: true });
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
    expect(body.lines[0]).toEqual({
      insurance: 'pension',
      base: '35283.00',
      employerRate: '0.16',
      employeeRate: '0.08',
      employer: '5645.28',
      employee: '2822.64',
      policyId: '110100-2024-r1',
      provisional: false,
      provisionalFrom: [],
      unverified: false,
    });
    expect(body).toMatchObject({ policyId: '110100-2024-r1', provisional: false, complete: true, missing: [] });
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
    // Shanghai's latest known year is 2026 (2026-07..2027-06); 2027-09 carries its figures forward.
    const body = await json(await quote({ city: '310100', month: '2027-09', wage: '10000' }));
    expect(body).toMatchObject({ policyId: '310100-2026-r1', provisional: true, complete: true });
    expect(body.lines.map((l: any) => [l.insurance, l.provisional, l.provisionalFrom])).toEqual([
      ['pension', true, [2026]],
      ['medical', true, [2026]],
      ['unemployment', true, [2026]],
      ['workInjury', true, [2026]],
    ]);
    const pension = body.warnings.find((w: any) => w.code === 'provisional' && w.insurance === 'pension');
    expect(pension.message).toMatch(/暂按 2026 年度/);
    // Within the year the same figures are not provisional.
    const within = await json(await quote({ city: '310100', month: '2026-09', wage: '10000' }));
    expect(within.provisional).toBe(false);
    expect(within.lines.every((l: any) => !l.provisional)).toBe(true);
    expect(within.warnings.some((w: any) => w.code === 'provisional')).toBe(false);
  });

  it('marks lines using grade-C figures unverified (Beijing 2025)', async () => {
    const body = await json(await quote({ city: '110100', month: '2025-09', wage: '10000' }, EN));
    expect(body.lines[0]).toMatchObject({ insurance: 'pension', policyId: '110100-2025-r1', unverified: true, employer: '1600.00' });
    expect(body.warnings).toContainEqual(expect.objectContaining({ code: 'unverified', insurance: 'pension' }));
  });

  it('answers an incomplete quote (Chengdu: no rates found) with complete false and the missing insurances, never a silent total', async () => {
    const res = await quote({ city: '成都', month: '2025-09', wage: '10000' }, EN);
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body).toEqual(cliJson(['--city', '成都', '--month', '2025-09', '--wage', '10000']));
    expect(body.complete).toBe(false);
    expect(body.missing.map((m: any) => m.insurance)).toEqual(['pension', 'medical', 'maternity', 'unemployment', 'workInjury']);
    expect(body.missing[0]).toMatchObject({ insurance: 'pension', city: '510100', policyYear: 2025 });
    expect(body.missing[0].fields).toEqual(['insurances.pension.employer.rate', 'insurances.pension.employee.rate']);
    // The first warning says the quote is incomplete and names every missing insurance.
    expect(body.warnings[0].code).toBe('incomplete');
    expect(body.warnings[0].insurance).toBeNull();
    for (const m of body.missing) expect(body.warnings[0].message).toContain(m.insurance);
    expect(body.warnings[0].message).toMatch(/not the month's contribution/);
    // The zero totals are only the sum of the (no) lines listed.
    expect(body.lines).toEqual([]);
    expect(body.totals).toEqual({ employer: '0.00', employee: '0.00' });

    // Chinese by default.
    const zh = await json(await quote({ city: '510100', month: '2025-09', wage: '10000' }));
    expect(zh.warnings[0].message).toMatch(/报价不完整/);
  });

  it('answers a quote partly covered (Hangzhou 2024 with a housing fund) incomplete, its totals only the lines listed', async () => {
    const body = await json(await quote({ city: '330100', month: '2024-09', wage: '10000', housingFundRate: '0.12' }, EN));
    expect(body.complete).toBe(false);
    expect(body.lines.map((l: any) => l.insurance)).toEqual(['housingFund']);
    expect(body.missing.map((m: any) => m.insurance)).toEqual(['pension', 'medical', 'maternity', 'unemployment', 'workInjury']);
    expect(body.totals).toEqual({ employer: body.lines[0].employer, employee: body.lines[0].employee });
  });

  it('answers Shanghai from 2025-07 with social-insurance lines, complete (no more housing fund only)', async () => {
    const body = await json(await quote({ city: '310100', month: '2025-09', wage: '10000', housingFundRate: '0.07' }, EN));
    expect(body).toMatchObject({ policyId: '310100-2025-r2', complete: true, missing: [] });
    expect(body.lines.map((l: any) => l.insurance)).toEqual(['pension', 'medical', 'unemployment', 'workInjury', 'housingFund']);
    expect(body.lines[0]).toMatchObject({ base: '10000.00', employer: '1600.00', employee: '800.00' });
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
    ['wage NaN', { ...base, wage: 'NaN' }, 'wage'],
    ['negative wage', { ...base, wage: '-100' }, 'wage'],
    ['zero wage', { ...base, wage: '0' }, 'wage'],
    ['wage with three decimals', { ...base, wage: '100.001' }, 'wage'],
    ['wage too large', { ...base, wage: '99999999999' }, 'wage'],
    ['wage as a JSON number', { ...base, wage: 40000 }, 'wage'],
    ['missing wage', { city: '北京', month: '2024-09' }, 'wage'],
    ['missing city', { month: '2024-09', wage: '1' }, 'city'],
    ['unknown hukou', { ...base, hukou: 'mars' }, 'hukou'],
    ['no hukou where a rate depends on it (Shenzhen)', { city: '440300', month: '2024-09', wage: '10000' }, 'hukou'],
    ['injury rate out of the city range', { ...base, injuryRate: '0.5' }, 'injuryRate'],
    ['injury rate 1e309', { ...base, injuryRate: '1e309' }, 'injuryRate'],
    ['injury rate -0', { ...base, injuryRate: '-0' }, 'injuryRate'],
    ['injury rate NaN', { ...base, injuryRate: 'NaN' }, 'injuryRate'],
    ['injury rate in the wrong shape', { ...base, injuryRate: '0.4.' }, 'injuryRate'],
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
    expect(zh.fields.month).toBe('月份 "2024-13" 不是真实的月份，请填写例如 2024-09');
    const en = (await json(await quote(bad, EN))).error;
    expect(en.fields.month).toBe('month "2024-13" is not a real month; enter one such as 2024-09');
    expect(en.fields.hukou).toBe('hukou must be local or non-local');
  });

  it('accepts a wage and rates as people type them (8,500, full-width digits, 12%)', async () => {
    const plain = await json(await quote({ ...base, wage: '8500', housingFundRate: '0.12', injuryRate: '0.004' }, EN));
    for (const typed of [
      { ...base, wage: '8,500', housingFundRate: '12%', injuryRate: '0.4%' },
      { ...base, wage: '８５００', housingFundRate: '１２％', injuryRate: '０.００４' },
    ]) {
      const res = await quote(typed, EN);
      expect(res.status).toBe(200);
      expect((await json(res)).totals).toEqual(plain.totals);
    }
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

  // Every key a real quote carries is declared (and required) in the documented schema, so clients
  // typed from it see `complete` and `missing` and cannot present a partial total as the month's.
  it('declares every field of a quote, complete or not, in the ContributionQuote schema', async () => {
    const spec = await json(await app.request('/api/openapi.json'));
    const resolve = (s: any): any => (s?.$ref ? resolve(spec.components.schemas[s.$ref.split('/').at(-1)]) : s);
    function declared(value: unknown, schema: any, at: string): void {
      const s = resolve(schema);
      if (Array.isArray(value)) {
        expect(s.type, at).toBe('array');
        value.forEach((v, i) => declared(v, s.items, `${at}[${i}]`));
      } else if (value !== null && typeof value === 'object') {
        expect(s.type, at).toBe('object');
        for (const [k, v] of Object.entries(value)) {
          expect(s.properties, `${at}.${k}`).toHaveProperty(k);
          expect(s.required, `${at}.${k}`).toContain(k);
          declared(v, s.properties[k], `${at}.${k}`);
        }
      }
    }
    const schema = spec.paths['/api/contributions/quote'].post.responses['200'].content['application/json'].schema;
    const quoteSchema = resolve(schema);
    for (const k of ['complete', 'missing', 'provisional', 'policyId']) expect(quoteSchema.required).toContain(k);
    const line = resolve(resolve(quoteSchema.properties.lines).items);
    for (const k of ['policyId', 'provisional', 'provisionalFrom', 'unverified']) expect(line.required).toContain(k);
    for (const body of [
      { city: '成都', month: '2025-09', wage: '10000' },
      { city: '310100', month: '2027-09', wage: '10000', housingFundRate: '0.07' },
      { city: '440300', month: '2024-09', wage: '10000', hukou: 'non-local' },
    ]) {
      declared(await json(await quote(body, EN)), schema, body.city);
    }
  });
});
