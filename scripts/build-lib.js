#!/usr/bin/env node
// Builds the library package in libs/webmention: compiled JS and .d.ts in libs/webmention/dist, the templates, the
// stylesheet and the widget script beside them, and the README, LICENSE and CHANGELOG of the repository copied in for `npm pack`.
//   node scripts/build-lib.js        (also run by `npm pack` / `npm publish` in libs/webmention as `prepack`)
'use strict';
const { spawnSync } = require('node:child_process');
const { cpSync, mkdirSync, readdirSync, rmSync } = require('node:fs');
const { join, relative } = require('node:path');

const root = join(__dirname, '..');
const lib = join(root, 'libs/webmention');
const dist = join(lib, 'dist');

rmSync(dist, { recursive: true, force: true });
const tsc = spawnSync(
  process.execPath,
  [require.resolve('typescript/bin/tsc'), '-p', join(lib, 'tsconfig.build.json')],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
if (tsc.status !== 0) process.exit(tsc.status ?? 1);

// NOTE: the renderer reads its templates and stylesheet next to its compiled files (`__dirname`).
const templates = join(lib, 'src/render/templates');
mkdirSync(join(dist, 'render/templates'), { recursive: true });
for (const name of readdirSync(templates).filter((n) => n.endsWith('.hbs')))
  cpSync(join(templates, name), join(dist, 'render/templates', name));
cpSync(join(lib, 'src/render/webmention.css'), join(dist, 'render/webmention.css'));
// NOTE: the widget is served as written (browser JavaScript, not compiled).
mkdirSync(join(dist, 'render/widget'), { recursive: true });
cpSync(join(lib, 'src/render/widget/widget.js'), join(dist, 'render/widget/widget.js'));
for (const file of ['README.md', 'LICENSE', 'CHANGELOG.md']) cpSync(join(root, file), join(lib, file));
process.stderr.write(`built ${relative(root, dist)}\n`);
