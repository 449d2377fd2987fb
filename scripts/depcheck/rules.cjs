// Which way imports may run (issue 12 item 2). `npm run depcheck` checks the whole tree with these
// rules; `npm test` runs the same check first (scripts/bootstrap.mjs). Every violation is printed
// as `rule: from-file → to-file`, so the offending import is named.
//
//   apps/*     may import packages/* (and each other's public entry points)
//   packages/* never import apps/*, plugins/* or test/*
//   plugins/*  import only @lianxu/plugin-sdk and public package entry points, never an app;
//              a plugin's web/ folder may import the web app's plugin kit (@lianxu/web/plugin-kit)
//   core       packages/core/src/<a>/** reaches packages/core/src/<b>/ only through <b>/index.ts
//   no cycles, type-only imports included
//   only test files import the harness (@lianxu/testing, test/support)
//
// The public entry points of every workspace are read from its package.json "exports", so a new
// subpath export is the only way to open a second door into a workspace.
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const WORKSPACE_GLOBS = ['apps', 'packages', 'plugins'];
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Every workspace folder (repo-relative, forward slashes) with its package.json exports targets. */
function workspaceEntries(root) {
  const folders = [];
  for (const parent of WORKSPACE_GLOBS) {
    const dir = path.join(root, parent);
    if (!fs.existsSync(dir)) continue;
    for (const name of fs.readdirSync(dir)) {
      if (fs.existsSync(path.join(dir, name, 'package.json'))) folders.push(`${parent}/${name}`);
    }
  }
  if (fs.existsSync(path.join(root, 'test/support/package.json'))) folders.push('test/support');
  const entries = [];
  for (const folder of folders) {
    const manifest = JSON.parse(fs.readFileSync(path.join(root, folder, 'package.json'), 'utf8'));
    const targets = [];
    const collect = (value) => {
      if (typeof value === 'string') targets.push(value);
      else if (value && typeof value === 'object') Object.values(value).forEach(collect);
    };
    collect(manifest.exports ?? manifest.main ?? []);
    for (const target of targets) entries.push(path.posix.join(folder, target));
  }
  return entries;
}

/** Rules and options for the tree rooted at `root` (the repository, or a test fixture copy). */
function makeConfig(root) {
  const entryPattern = `^(${workspaceEntries(root).map(escape).join('|')})$`;
  const testFile = '\\.(test|spec|bench)\\.tsx?$';
  return {
    forbidden: [
      {
        name: 'packages-not-to-apps',
        severity: 'error',
        comment: 'A library never depends on a program: move the shared code down into a package.',
        from: { path: '^packages/' },
        to: { path: '^apps/' },
      },
      {
        name: 'packages-not-to-plugins',
        severity: 'error',
        comment: 'Core knows plugins only through the plugin SDK contract and the loader, never by import.',
        from: { path: '^packages/' },
        to: { path: '^plugins/' },
      },
      {
        name: 'packages-not-to-test',
        severity: 'error',
        comment: 'Package source never imports the test tree; only test files may use the harness.',
        from: { path: '^packages/', pathNot: testFile },
        to: { path: '^test/' },
      },
      {
        name: 'plugins-not-to-apps',
        severity: 'error',
        comment: 'A plugin builds on @lianxu/plugin-sdk and public package entry points, never on an app (tests use @lianxu/testing).',
        from: { path: '^plugins/', pathNot: '^plugins/[^/]+/web/' },
        to: { path: '^apps/' },
      },
      {
        name: 'plugin-web-through-kit',
        severity: 'error',
        comment: "A plugin's web pages are built into the web app and reach it only through its published plugin kit (@lianxu/web/plugin-kit, /api, /chart).",
        from: { path: '^plugins/[^/]+/web/' },
        to: { path: '^apps/', pathNot: '^apps/web/src/plugin-kit/' },
      },
      {
        name: 'plugins-not-to-other-plugins',
        severity: 'error',
        comment: 'Plugins are independent of each other.',
        from: { path: '^plugins/([^/]+)/' },
        to: { path: '^plugins/', pathNot: '^plugins/$1/' },
      },
      {
        name: 'no-deep-import-across-workspaces',
        severity: 'error',
        comment:
          "Another workspace is reached only through an entry point in its package.json exports (e.g. '@lianxu/core'), never a path into its src.",
        // The cross-module tests under test/{integration,e2e,bench} may reach into a workspace.
        from: { path: '^(apps|packages|plugins|test)/([^/]+)/', pathNot: '^test/(?!support/)' },
        to: { path: '^(apps|packages|plugins|test)/[^/]+/', pathNot: ['^$1/$2/', entryPattern] },
      },
      {
        name: 'core-modules-through-index',
        severity: 'error',
        comment: 'Inside packages/core/src a module reaches another module only through its index.ts.',
        from: { path: '^packages/core/src/([^/]+)/' },
        to: { path: '^packages/core/src/', pathNot: ['^packages/core/src/$1/', '^packages/core/src/[^/]+/index\\.ts$'] },
      },
      {
        name: 'core-root-through-index',
        severity: 'error',
        comment: "packages/core/src's own files (the package entry) reach a module only through its index.ts.",
        from: { path: '^packages/core/src/[^/]+\\.ts$' },
        to: { path: '^packages/core/src/[^/]+/', pathNot: '^packages/core/src/[^/]+/index\\.ts$' },
      },
      {
        name: 'harness-only-in-tests',
        severity: 'error',
        comment: 'Production code never imports the test harness (@lianxu/testing lives in test/support).',
        from: { path: '^(apps|packages|plugins)/', pathNot: testFile },
        to: { path: '^test/support/' },
      },
      {
        name: 'no-circular',
        severity: 'error',
        comment: 'No import cycles, type-only imports included: split the shared part out, or invert the dependency.',
        from: {},
        to: { circular: true },
      },
      {
        name: 'not-to-unresolvable',
        severity: 'error',
        comment: 'An import that resolves to nothing is a broken import.',
        from: { path: '^(apps|packages|plugins|test)/' },
        to: { couldNotResolve: true },
      },
    ],
    options: {
      doNotFollow: { path: 'node_modules' },
      exclude: { path: '(^|/)(node_modules|dist|dist-types|\\.data|\\.turbo)/|^test/fixtures/' },
      // Type-only imports count: a cycle through `import type` is still a cycle.
      tsPreCompilationDeps: true,
      preserveSymlinks: false,
      combinedDependencies: false,
      moduleSystems: ['es6', 'cjs'],
      enhancedResolveOptions: {
        exportsFields: ['exports'],
        conditionNames: ['import', 'require', 'node', 'default', 'types'],
        extensions: ['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
        mainFields: ['module', 'main', 'types', 'typings'],
      },
      reporterOptions: { text: { highlightFocused: true } },
    },
  };
}

module.exports = { makeConfig };
