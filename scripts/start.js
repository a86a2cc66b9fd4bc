#!/usr/bin/env node
// Builds when the compiled output is missing or older than a source file, then runs the example app.
//   node scripts/start.js            the web app (npm start)
//   node scripts/start.js worker     a queue worker (npm run worker)
//   node scripts/start.js cli ...    the CLI (npm run cli -- ...)
//   node scripts/start.js bench ...  the benchmarks (npm run bench)
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const targets = {
  web: 'dist/src/main.js',
  worker: 'dist/src/worker.js',
  cli: 'dist/src/cli.js',
  bench: 'dist/bench/run.js',
};

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

const [role = 'web', ...args] = process.argv.slice(2);
if (!targets[role]) {
  process.stderr.write(`Unknown role "${role}": use web, worker, cli or bench\n`);
  process.exit(2);
}
const entry = join(root, targets[role]);
const sources = ['src', 'libs', 'bench'].map((d) => join(root, d)).filter(existsSync);
const stale = !existsSync(entry) || Math.max(...sources.map(newestSource)) > statSync(entry).mtimeMs;
if (stale) {
  process.stderr.write('Building…\n');
  // NOTE: the Nest CLI rewrites the `nestjs-webmention` path alias to relative imports in the output.
  const project = role === 'bench' ? ['bench'] : [];
  const build = spawnSync(process.execPath, [require.resolve('@nestjs/cli/bin/nest.js'), 'build', ...project], {
    cwd: root,
    stdio: 'inherit',
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const run = spawnSync(process.execPath, [entry, ...args], { cwd: root, stdio: 'inherit' });
process.exit(run.status ?? 1);
