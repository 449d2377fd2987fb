// docs/integrations.md shows receivers how to verify a webhook signature in Node and in Python. Both
// snippets are taken from the markdown as written and run, in their own interpreter, against
// deliveries signed by core's webhook signing, so the guide cannot drift from what Lianxu sends.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateWebhookSecret, webhookHeaders } from '@lianxu/core';

const GUIDE = path.resolve(import.meta.dirname, '../../docs/integrations.md');

/** The one fenced block of this language under the heading that starts with `heading`. */
function snippet(language: string, heading: string): string {
  const text = readFileSync(GUIDE, 'utf8');
  const section = text.split(/^### /m).find((s) => s.startsWith(heading));
  const blocks = [...(section ?? '').matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!);
  expect(blocks, `${language} block under "${heading}"`).toHaveLength(1);
  return blocks[0]!;
}

const now = () => Math.floor(Date.now() / 1000);
const oldSecret = generateWebhookSecret();
const newSecret = generateWebhookSecret();
const body = JSON.stringify({ id: 'evt-1', type: 'employee.hired', version: 1, subject: 'e-1', timestamp: new Date().toISOString(), data: { name: '张三', workCity: '310100' } });
const signed = (secrets: string[], at = now(), text = body) => ({ headers: webhookHeaders(secrets, 'msg_1', at, text), body: text });

/** Each case: the secret the receiver holds, the delivery, and whether it must verify. */
const CASES = [
  { name: 'signed with the secret', secret: oldSecret, ...signed([oldSecret]), ok: true },
  { name: 'during a rotation, with the old secret', secret: oldSecret, ...signed([newSecret, oldSecret]), ok: true },
  { name: 'during a rotation, with the new secret', secret: newSecret, ...signed([newSecret, oldSecret]), ok: true },
  { name: 'another secret', secret: newSecret, ...signed([oldSecret]), ok: false },
  { name: 'a changed body', secret: oldSecret, headers: signed([oldSecret]).headers, body: body.replace('张三', '李四'), ok: false },
  { name: 'a stale timestamp', secret: oldSecret, ...signed([oldSecret], now() - 600), ok: false },
];

function tempFile(name: string, content: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'lianxu-guide-')), name);
  writeFileSync(file, content);
  return file;
}

const input = JSON.stringify(CASES.map(({ secret, headers, body: raw }) => ({ secret, headers, body: raw })));
const expected = CASES.map((c) => c.ok);

describe('docs/integrations.md signature snippets', () => {
  it('the Node snippet verifies what Lianxu signs, and only that', () => {
    const file = tempFile('verify.cjs', `${snippet('js', 'Verify in Node')}
const cases = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
console.log(JSON.stringify(cases.map((c) => verifyLianxuWebhook(c.secret, c.headers, c.body))));
`);
    const out = execFileSync(process.execPath, [file], { input, encoding: 'utf8' });
    expect(JSON.parse(out), CASES.map((c) => c.name).join(' | ')).toEqual(expected);
  });

  const python = spawnSync('python3', ['--version']).status === 0;
  it.skipIf(!python)('the Python snippet verifies what Lianxu signs, and only that', () => {
    const file = tempFile('verify.py', `${snippet('python', 'Verify in Python')}
import json, sys
cases = json.loads(sys.stdin.read())
print(json.dumps([verify_lianxu_webhook(c["secret"], c["headers"], c["body"].encode("utf-8")) for c in cases]))
`);
    const out = execFileSync('python3', [file], { input, encoding: 'utf8' });
    expect(JSON.parse(out), CASES.map((c) => c.name).join(' | ')).toEqual(expected);
  });
});
