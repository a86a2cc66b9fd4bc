#!/usr/bin/env node
// Runs the whole suite once more on Nest 11: copies the tree to a temp folder, hard-links node_modules into it
// (`cp -al`, so nothing is downloaded twice), installs the Nest 11 packages over that copy (`npm install --no-save`,
// which replaces files rather than writing into the linked ones), and runs `node scripts/test.js` there.
//   node scripts/test-nest11.js [jest arguments]     (npm run test:nest11)
//   KEEP_SCRATCH=1   keep the temp folder
'use strict';
const { spawnSync } = require('node:child_process');
const { mkdtempSync, readdirSync, readFileSync, rmSync } = require('node:fs');
const { join } = require('node:path');
const { tmpdir } = require('node:os');

const root = join(__dirname, '..');
/** The last Nest 11 releases of every Nest package the repository uses (exact, as the lockfile pins Nest 12). */
const NEST_11 = [
  '@nestjs/common@11.2.10',
  '@nestjs/core@11.2.10',
  '@nestjs/platform-express@11.2.10',
  '@nestjs/platform-fastify@11.2.8',
  '@nestjs/testing@11.2.6',
  '@nestjs/typeorm@11.0.3',
  '@nestjs/bull@11.0.5',
  '@nestjs/event-emitter@3.1.0',
  // NOTE: @nestjs/terminus 12 (the example app's health checks) pulls Nest 12 peers in; 11.1 is its Nest 11 line.
  '@nestjs/terminus@11.1.1',
];
const SKIP = new Set(['node_modules', 'dist', '.git', 'coverage', 'data']);

function sh(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, stdio: 'inherit' });
  if (result.status !== 0) {
    process.stderr.write(`${command} ${args.join(' ')} failed (${result.status ?? result.signal})\n`);
    process.exit(result.status ?? 1);
  }
}

const dir = mkdtempSync(join(tmpdir(), 'webmention-nest11-'));
let status = 1;
try {
  const entries = readdirSync(root).filter((name) => !SKIP.has(name));
  sh('cp', ['-a', ...entries.map((name) => join(root, name)), dir], root);
  rmSync(join(dir, 'libs/webmention/dist'), { recursive: true, force: true });
  sh('cp', ['-al', join(root, 'node_modules'), join(dir, 'node_modules')], root);
  const started = Date.now();
  sh('npm', ['install', '--no-save', '--no-audit', '--no-fund', ...NEST_11], dir);
  const version = JSON.parse(readFileSync(join(dir, 'node_modules/@nestjs/core/package.json'), 'utf8')).version;
  process.stdout.write(
    `\n== Nest ${version} installed in ${Math.round((Date.now() - started) / 1000)} s; running the suite\n`,
  );
  if (!version.startsWith('11.')) throw new Error(`expected Nest 11, found ${version}`);
  status =
    spawnSync(process.execPath, ['scripts/test.js', ...process.argv.slice(2)], { cwd: dir, stdio: 'inherit' }).status ??
    1;
} finally {
  if (process.env.KEEP_SCRATCH) process.stdout.write(`kept ${dir}\n`);
  else rmSync(dir, { recursive: true, force: true });
}
process.exit(status);
