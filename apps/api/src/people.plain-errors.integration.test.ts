import { beforeAll, describe, expect, it } from 'vitest';
import { peopleApiFixture, type TestClient } from '@lianxu/testing';

// What a person reads when the people routes refuse input: plain words in the asked language, no
// type names, regex descriptions, comparison signs or column names; and wages as people type them.
const people = peopleApiFixture();
const { slugA, hireBody, json } = people;
let hrA: TestClient;
beforeAll(() => {
  ({ hrA } = people.clients);
});

/** Developer text: type names, zod's wording, regex pieces, comparison signs, snake_case names. */
const DEVELOPER = /\b(string|number|boolean|integer|regex|pattern|enum|undefined|null|NaN|zod|schema|uuid|expected|invalid input)\b|期望|>=|<=|\^|\\d|\/\^|[a-z]+_[a-z]+_?[a-z]*|\[0, 1\)/i;

async function messagesOf(res: Response): Promise<string[]> {
  expect(res.status).toBeGreaterThanOrEqual(400);
  expect(res.status).toBeLessThan(500);
  const body = (await res.json()) as { error: { message: string; fields?: Record<string, string> } };
  return [body.error.message, ...Object.values<string>(body.error.fields ?? {})];
}

describe('plain error messages of the people routes', () => {
  it('never show developer text, in Chinese or in English', async () => {
    const e = await json(await hrA.post(`/api/t/${slugA}/employees`, hireBody({ hireDate: '2026-01-05' })));
    const bad: [string, string, unknown][] = [
      ['POST', `/api/t/${slugA}/employees`, {}],
      ['POST', `/api/t/${slugA}/employees`, { name: '', idNumber: 'abc', mobile: '1', hukou: 'x', workCity: 'x', hireDate: '2026-02-30', monthlyWage: 'abc' }],
      ['POST', `/api/t/${slugA}/employees`, { ...hireBody(), monthlyWage: 8500, hireDate: 20260301 }],
      ['POST', `/api/t/${slugA}/employees/${e.id}/termination`, {}],
      ['POST', `/api/t/${slugA}/employees/${e.id}/termination/preview`, { lastWorkingDay: '', reason: '' }],
      ['POST', `/api/t/${slugA}/employees/${e.id}/transfer`, { workCity: '', effectiveDate: 'soon' }],
      ['POST', `/api/t/${slugA}/employees/${e.id}/wage`, { monthlyWage: '-5', effectiveFrom: '2026-13-01' }],
      ['GET', `/api/t/${slugA}/employees?city=abc&page=0&pageSize=1000&status=gone`, undefined],
      ['GET', `/api/t/${slugA}/employees/not-a-uuid`, undefined],
    ];
    for (const lang of ['zh-CN', 'en']) {
      for (const [method, path, body] of bad) {
        const messages = await messagesOf(await hrA.request(method, path, body, { 'accept-language': lang }));
        for (const m of messages) {
          expect(m, `${method} ${path} (${lang})`).not.toMatch(DEVELOPER);
          // A Chinese reader gets Chinese (a code or date may appear inside it).
          if (lang === 'zh-CN') expect(m, `${method} ${path}`).toMatch(/[\u4e00-\u9fff]/);
          // An English reader is told what to do, not a bare "is required".
          else expect(m, `${method} ${path}`).not.toMatch(/^is required$/);
        }
      }
    }
  });

  it('takes wages as people type them: 8,500, 8500.00, ８５００', async () => {
    for (const monthlyWage of ['8,500', '8500.00', '８５００', '¥8,500.5']) {
      const r = await hrA.post(`/api/t/${slugA}/employees`, hireBody({ monthlyWage }));
      expect(r.status, monthlyWage).toBe(201);
      expect((await json(r)).monthlyWage).toBe(monthlyWage === '¥8,500.5' ? '8500.50' : '8500.00');
    }
  });
});
