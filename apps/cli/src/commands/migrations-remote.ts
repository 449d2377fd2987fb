import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';

/**
 * `lianxu migrations upload|run|status|promote|report|retire`: the consultant's command line over
 * the API (the same routes the migrations pages use), authenticated by a tenant API key with the
 * scope `migrations:manage` (LIANXU_API_KEY: from the environment, never an argument, so it does
 * not show in the process list). Sign-offs and the shadow/live switch stay with people, on the page.
 */
export const REMOTE_USAGE = `lianxu migrations <upload|run|status|promote|report|retire> [options]

  upload  <package.lxpkg>                 upload a package made by \`pack\` (streamed); prints the run id
  run     <run id> --key <package.key>    check the package and load it into the sandbox; waits for validation
  status  <run id>                        the run's state and row accounting per file (read = accepted + quarantined)
  report  <run id>                        the validation report: findings per level and per reason
  promote <run id> [--batch-size <n>]     promote a signed-off run into the live tenant; waits and shows progress
  retire  <run id>                        retire the old system after the dual run (archive, disconnect, close)

Options: --api <url> (or LIANXU_API_URL; default http://localhost:3000), --tenant <slug> (or
LIANXU_TENANT), --json (print the API's answer as JSON), --no-wait (run, promote: do not follow).
Environment: LIANXU_API_KEY (a tenant API key with the scope migrations:manage), LIANXU_TRANSFER_KEY
(optional for run: the server uses the tenant's registered key and refuses another), LIANXU_LANG (en
or zh-CN, for the API's messages).
`;

/** The tenant's transfer key from the API (POST /migrations/transfer-key: made on first use), for `pack`. */
export async function fetchTransferKey(api: string, tenant: string, apiKey: string): Promise<{ tenantId: string; keyId: string; transferKey: string }> {
  const o = { api, tenant, key: apiKey, lang: process.env.LIANXU_LANG === 'zh-CN' ? 'zh-CN' : 'en' } as Options;
  return call(o, 'POST', '/migrations/transfer-key', { json: {} });
}

export const REMOTE_COMMANDS = ['upload', 'run', 'status', 'promote', 'report', 'retire'] as const;
type Remote = (typeof REMOTE_COMMANDS)[number];

interface Options {
  api: string;
  tenant: string;
  key: string;
  lang: string;
  json: boolean;
  wait: boolean;
  pollMs: number;
  out: (line: string) => void;
}

/** An answer of the API that is not a success: its code, message and the fields it names. */
class ApiRefusal extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly fields: Record<string, string>) {
    super(message);
  }
}

interface Counts { read: number; accepted: number; quarantined: number }
interface Run { id: string; status: string; files: string[]; counts: Record<string, Counts>; totals: Counts & { promoted: number } }
interface Progress { status: string; total: number | null; promoted: number; conflicts: number; percent: number }
interface Report { levels: { level: string; outcome: string; count: number }[]; reasons: { code: string; level: string; outcome: string; count: number; 'zh-CN': string; en: string }[] }

async function call<T>(o: Options, method: string, path: string, body?: { json?: unknown; file?: string }): Promise<T> {
  const headers: Record<string, string> = { authorization: `Bearer ${o.key}`, 'accept-language': o.lang };
  let payload: RequestInit["body"];
  const init: RequestInit & { duplex?: 'half' } = { method, headers };
  if (body?.json !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body.json);
  } else if (body?.file) {
    // Streamed as read: a package may be far larger than memory should hold.
    headers['content-type'] = 'application/octet-stream';
    headers['content-length'] = String((await stat(body.file)).size);
    payload = Readable.toWeb(createReadStream(body.file)) as unknown as RequestInit["body"];
    init.duplex = 'half';
  }
  const url = `${o.api.replace(/\/$/, '')}/api/t/${encodeURIComponent(o.tenant)}${path}`;
  const res = await fetch(url, { ...init, body: payload });
  const text = await res.text();
  const parsed = text ? (JSON.parse(text) as unknown) : undefined;
  if (!res.ok) {
    const error = (parsed as { error?: { code?: string; message?: string; fields?: Record<string, string> } } | undefined)?.error;
    throw new ApiRefusal(res.status, error?.code ?? 'http_error', error?.message ?? `${method} ${path} answered ${res.status}`, error?.fields ?? {});
  }
  return parsed as T;
}

const accounting = (c: Counts) => `read ${c.read}, accepted ${c.accepted}, quarantined ${c.quarantined}`;

function printRun(o: Options, run: Run): void {
  o.out(`run ${run.id}: ${run.status}`);
  for (const file of Object.keys(run.counts)) o.out(`  ${file}: ${accounting(run.counts[file]!)}`);
  o.out(`  total: ${accounting(run.totals)}, promoted ${run.totals.promoted}`);
}

/** Polls until the run leaves `while`; prints a line whenever the row accounting moves. */
async function follow(o: Options, runId: string, whileStatus: string): Promise<Run> {
  let last = '';
  for (;;) {
    const run = await call<Run>(o, 'GET', `/migrations/${runId}`);
    const line = `${run.status}: ${accounting(run.totals)}`;
    if (line !== last && !o.json) o.out(`  ${line}`);
    last = line;
    if (run.status !== whileStatus) return run;
    await sleep(o.pollMs);
  }
}

async function followPromotion(o: Options, runId: string): Promise<Progress> {
  let last = -1;
  for (;;) {
    const p = await call<Progress>(o, 'GET', `/migrations/${runId}/progress`);
    if (p.percent !== last && !o.json) o.out(`  ${p.status === 'validated' ? 'starting' : p.status}: ${p.promoted}${p.total === null ? '' : ` of ${p.total}`} (${p.percent.toFixed(1)}%)${p.conflicts ? `, ${p.conflicts} conflicts` : ''}`);
    last = p.percent;
    // Just after the start the run may still read as validated until the workflow's first batch.
    if (p.status !== 'promoting' && p.status !== 'validated') return p;
    await sleep(o.pollMs);
  }
}

async function runRemote(sub: Remote, runId: string | undefined, o: Options, extra: { key?: string; batchSize?: string }): Promise<number> {
  const print = (value: unknown) => o.json && o.out(JSON.stringify(value, null, 2));
  if (sub === 'upload') {
    const run = await call<Run>(o, 'POST', '/migrations', { file: runId! });
    print(run);
    if (!o.json) o.out(`uploaded ${runId}: run ${run.id} (${run.status}); next: lianxu migrations run ${run.id} --key <package.key>`);
    return 0;
  }
  const id = runId!;
  switch (sub) {
    case 'run': {
      const transferKey = process.env.LIANXU_TRANSFER_KEY;
      if (!extra.key) throw new UsageError('run needs --key <package.key> (written by pack beside the package)');
      const wrappedKey = JSON.parse(await readFile(extra.key, 'utf8')) as unknown;
      // The server holds the tenant's transfer key; one given here must be that key (checked by its id).
      const started = await call<Run>(o, 'POST', `/migrations/${id}/load`, { json: transferKey ? { wrappedKey, transferKey } : { wrappedKey } });
      if (!o.wait) return print(started), o.json || printRun(o, started), 0;
      const run = await follow(o, id, 'loading');
      print(run);
      if (!o.json) printRun(o, run);
      return run.status === 'validated' ? 0 : 1;
    }
    case 'status': {
      const run = await call<Run>(o, 'GET', `/migrations/${id}`);
      const progress = run.status === 'promoting' || run.status === 'promoted' ? await call<Progress>(o, 'GET', `/migrations/${id}/progress`) : undefined;
      print(progress ? { ...run, progress } : run);
      if (!o.json) {
        printRun(o, run);
        if (progress) o.out(`  promotion: ${progress.promoted}${progress.total === null ? '' : ` of ${progress.total}`} (${progress.percent.toFixed(1)}%)`);
      }
      return 0;
    }
    case 'report': {
      const report = await call<Report>(o, 'GET', `/migrations/${id}/report`);
      print(report);
      if (!o.json) {
        o.out('level           outcome       rows');
        for (const l of report.levels) o.out(`${l.level.padEnd(16)}${l.outcome.padEnd(14)}${String(l.count).padStart(6)}`);
        if (report.reasons.length) o.out('\nreasons:');
        for (const r of report.reasons) o.out(`  ${String(r.count).padStart(6)}  ${r.code} (${r.level}, ${r.outcome}): ${o.lang === 'zh-CN' ? r['zh-CN'] : r.en}`);
      }
      return 0;
    }
    case 'promote': {
      const batchSize = extra.batchSize === undefined ? undefined : Number(extra.batchSize);
      if (batchSize !== undefined && !Number.isInteger(batchSize)) throw new UsageError('--batch-size must be a whole number (10 to 5000)');
      const started = await call<Progress>(o, 'POST', `/migrations/${id}/promote`, { json: batchSize === undefined ? {} : { batchSize } });
      if (!o.wait) return print(started), o.json || o.out(`promotion ${started.status} (${started.percent.toFixed(1)}%)`), 0;
      const done = await followPromotion(o, id);
      print(done);
      if (!o.json) o.out(`promotion ${done.status}: ${done.promoted} rows${done.conflicts ? `, ${done.conflicts} conflicts` : ''}`);
      return done.status === 'promoted' ? 0 : 1;
    }
    case 'retire': {
      const view = await call<{ status: string; sourceConnected: boolean; retiredAt: string | null }>(o, 'POST', `/migrations/${id}/dual-run/retire`);
      print(view);
      if (!o.json) o.out(`dual run ${view.status}; old system ${view.sourceConnected ? 'still connected (retirement under way)' : 'disconnected'}`);
      return 0;
    }
  }
  return 2;
}

class UsageError extends Error {}

/** Runs one remote subcommand; answers the exit code (0 done, 1 refused or failed, 2 usage). */
export async function migrationsRemote(sub: Remote, args: string[], out: (line: string) => void = (l) => process.stdout.write(`${l}\n`), err: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args, allowPositionals: true,
      options: { api: { type: 'string' }, tenant: { type: 'string' }, key: { type: 'string' }, 'batch-size': { type: 'string' }, json: { type: 'boolean' }, 'no-wait': { type: 'boolean' }, 'poll-ms': { type: 'string' } },
    });
  } catch (error) {
    err(`${(error as Error).message}\n\n${REMOTE_USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const tenant = values.tenant ?? process.env.LIANXU_TENANT;
  const key = process.env.LIANXU_API_KEY;
  const target = positionals[0];
  const missing = [!target && (sub === 'upload' ? '<package.lxpkg>' : '<run id>'), !tenant && '--tenant (or LIANXU_TENANT)', !key && 'LIANXU_API_KEY'].filter(Boolean);
  if (missing.length) {
    err(`missing: ${missing.join(', ')}\n\n${REMOTE_USAGE}`);
    return 2;
  }
  const o: Options = {
    api: values.api ?? process.env.LIANXU_API_URL ?? 'http://localhost:3000',
    tenant: tenant!, key: key!, lang: process.env.LIANXU_LANG === 'zh-CN' ? 'zh-CN' : 'en',
    json: values.json === true, wait: values['no-wait'] !== true, pollMs: Number(values['poll-ms'] ?? 1000), out,
  };
  try {
    return await runRemote(sub, target, o, { key: values.key, batchSize: values['batch-size'] });
  } catch (error) {
    if (error instanceof UsageError) {
      err(`${error.message}\n\n${REMOTE_USAGE}`);
      return 2;
    }
    if (error instanceof ApiRefusal) {
      const fields = Object.entries(error.fields).map(([k, v]) => `\n  ${k}: ${v}`).join('');
      err(`refused (${error.status} ${error.code}): ${error.message}${fields}`);
      return 1;
    }
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    err(cause === 'ECONNREFUSED' ? `cannot reach ${o.api} (is Lianxu running? set --api or LIANXU_API_URL)` : `failed: ${(error as Error).message}`);
    return 1;
  }
}
