// Proves the dependency check (`npm run depcheck`, part of `npm test`) rejects wrong-way imports and
// names them. A miniature repository (test/fixtures/depcheck) that obeys every rule is copied to a
// scratch folder; each case plants one import and expects exactly that import to be reported.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cruise, format, type ICruiseResult } from 'dependency-cruiser';

const require = createRequire(import.meta.url);
const { makeConfig } = require('../../scripts/depcheck/rules.cjs') as {
  makeConfig: (root: string) => { forbidden: unknown[]; options: Record<string, unknown> };
};

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/depcheck');
const scratch: string[] = [];

afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh copy of the fixture tree with the given files added (path → source). */
function treeWith(planted: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'lianxu-depcheck-'));
  scratch.push(root);
  cpSync(FIXTURE, root, { recursive: true });
  for (const [file, source] of Object.entries(planted)) writeFileSync(path.join(root, file), source);
  return root;
}

/** Runs the project's rules over a tree, as `npm run depcheck` does over the repository. */
async function check(root: string) {
  const config = makeConfig(root);
  const options = { ...config.options, exclude: { path: '(^|/)node_modules/' } };
  const result = await cruise(['apps', 'packages', 'plugins', 'test'], {
    ...options,
    baseDir: root,
    validate: true,
    ruleSet: { forbidden: config.forbidden },
  } as Parameters<typeof cruise>[1]);
  const cruised = result.output as ICruiseResult;
  const report = (await format(cruised, { outputType: 'err' })).output as string;
  const violations = cruised.summary.violations.map((v) => ({ rule: v.rule.name, from: v.from, to: v.to }));
  return { violations, report, cruised: cruised.summary.totalCruised };
}

describe('dependency rules', () => {
  it('accept the fixture tree, which follows every rule (test files may use the harness)', async () => {
    const { violations, cruised } = await check(treeWith({}));
    expect(cruised).toBe(12); // every .ts file of the fixture
    expect(violations).toEqual([]);
  });

  it('reject a package importing an app, naming the import', async () => {
    const root = treeWith({
      'packages/lib/src/wrong-way.ts': "import { app } from '../../../apps/app/src/index';\nexport const x = app;\n",
    });
    const { violations, report } = await check(root);
    expect(violations).toEqual([{ rule: 'packages-not-to-apps', from: 'packages/lib/src/wrong-way.ts', to: 'apps/app/src/index.ts' }]);
    expect(report).toContain('packages-not-to-apps: packages/lib/src/wrong-way.ts → apps/app/src/index.ts');
  });

  it('reject a package importing a plugin', async () => {
    const root = treeWith({
      'packages/lib/src/knows-plugin.ts': "import plugin from '../../../plugins/p/plugin';\nexport const id = plugin.id;\n",
    });
    const { violations } = await check(root);
    expect(violations).toEqual([{ rule: 'packages-not-to-plugins', from: 'packages/lib/src/knows-plugin.ts', to: 'plugins/p/plugin.ts' }]);
  });

  it('reject production code importing the test harness, but not a test file doing so', async () => {
    const harness = "import { harness } from '../../../test/support/src/index';\nexport const y = harness('x');\n";
    const root = treeWith({ 'packages/lib/src/uses-harness.ts': harness, 'packages/lib/src/uses-harness.test.ts': harness });
    const { violations } = await check(root);
    expect(violations).toEqual(
      expect.arrayContaining([
        { rule: 'packages-not-to-test', from: 'packages/lib/src/uses-harness.ts', to: 'test/support/src/index.ts' },
        { rule: 'harness-only-in-tests', from: 'packages/lib/src/uses-harness.ts', to: 'test/support/src/index.ts' },
      ]),
    );
    expect(violations.filter((v) => v.from.endsWith('.test.ts'))).toEqual([]);
  });

  it("reject a plugin importing an app, or a deep path into another workspace's src", async () => {
    const root = treeWith({
      'plugins/p/src/deep.ts': "import { greet } from '../../../packages/lib/src/internal';\nexport const z = greet('z');\n",
      'plugins/p/src/app-user.ts': "import { app } from '../../../apps/app/src/index';\nexport const w = app;\n",
    });
    const { violations } = await check(root);
    expect(violations).toEqual(
      expect.arrayContaining([
        { rule: 'no-deep-import-across-workspaces', from: 'plugins/p/src/deep.ts', to: 'packages/lib/src/internal.ts' },
        { rule: 'plugins-not-to-apps', from: 'plugins/p/src/app-user.ts', to: 'apps/app/src/index.ts' },
      ]),
    );
    expect(violations).toHaveLength(2);
  });

  it("reject a core module reaching past another module's index", async () => {
    const root = treeWith({
      'packages/core/src/a/shortcut.ts': "import { b } from '../b/b.service';\nexport const s = b();\n",
    });
    const { violations } = await check(root);
    expect(violations).toEqual([{ rule: 'core-modules-through-index', from: 'packages/core/src/a/shortcut.ts', to: 'packages/core/src/b/b.service.ts' }]);
  });

  it('reject a cycle made only of type imports', async () => {
    const root = treeWith({
      'packages/lib/src/one.ts': "import type { Two } from './two';\nexport interface One { two?: Two }\n",
      'packages/lib/src/two.ts': "import type { One } from './one';\nexport interface Two { one?: One }\n",
    });
    const { violations, report } = await check(root);
    expect(violations).toHaveLength(1);
    expect(violations[0]?.rule).toBe('no-circular');
    expect([violations[0]?.from, violations[0]?.to].sort()).toEqual(['packages/lib/src/one.ts', 'packages/lib/src/two.ts']);
    expect(report).toMatch(/no-circular: packages\/lib\/src\/(one|two)\.ts/);
  });
});
