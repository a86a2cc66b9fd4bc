#!/usr/bin/env node
// Runs the whole Jest suite. Probes PostgreSQL, Redis and Chromium first: suites that need them run when they answer,
// and are skipped loudly when they do not — unless WEBMENTION_REQUIRE_SERVICES=1 (CI), where a missing one fails.
// Jest arguments pass through: `npm run test:faults` is this script with the fault suite's config.
//   TEST_DATABASE_URL  PostgreSQL server for tests   (default postgres://postgres@127.0.0.1:5432/test)
//   TEST_REDIS_URL     Redis server for tests        (default redis://127.0.0.1:6379)
//   TEST_CHROMIUM      Chromium of the browser suite (default /usr/bin/chromium; apt-get install -y chromium)
'use strict';
const { spawnSync } = require('node:child_process');
const { accessSync, constants, readFileSync, rmSync, mkdtempSync } = require('node:fs');
const { join } = require('node:path');
const { tmpdir } = require('node:os');
const net = require('node:net');

const root = join(__dirname, '..');
const postgresUrl = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const redisUrl = process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379';
const chromiumPath = process.env.TEST_CHROMIUM || '/usr/bin/chromium';
const required = /^(1|true|yes)$/i.test(process.env.WEBMENTION_REQUIRE_SERVICES || '');

function probe(url, hello, expect) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port) });
    const done = (ok, why) => {
      socket.destroy();
      resolve(ok ? null : why);
    };
    socket.setTimeout(2000, () => done(false, `no answer from ${hostname}:${port} within 2 s`));
    socket.on('error', (e) => done(false, `${e.code || e.message} at ${hostname}:${port}`));
    socket.on('connect', () => (hello ? socket.write(hello) : done(true)));
    socket.on('data', (d) => done(expect.test(d.toString()), `unexpected answer from ${hostname}:${port}`));
  });
}

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return null;
  } catch {
    return `no executable ${path} (apt-get install -y chromium)`;
  }
}

(async () => {
  const problems = {
    postgres: await probe(postgresUrl, null),
    redis: await probe(redisUrl, 'PING\r\n', /PONG/),
    chromium: executable(chromiumPath),
  };
  const env = { ...process.env, TEST_DATABASE_URL: postgresUrl, TEST_REDIS_URL: redisUrl, TEST_CHROMIUM: chromiumPath };
  const banner = [];
  for (const [name, why] of Object.entries(problems)) {
    env[`WEBMENTION_TEST_${name.toUpperCase()}`] = why ? `skip: ${why}` : 'on';
    if (why) banner.push(`  ${name}: ${why}`);
  }
  if (banner.length) {
    const lines = [
      '',
      '='.repeat(78),
      required
        ? 'REQUIRED SERVICES ARE UNREACHABLE:'
        : 'SKIPPING THE SUITES THAT NEED THESE SERVICES (start or install them to run everything):',
      ...banner,
      '='.repeat(78),
      '',
    ];
    process.stderr.write(lines.join('\n') + '\n');
    if (required) process.exit(1);
  }
  const dir = mkdtempSync(join(tmpdir(), 'webmention-jest-'));
  const results = join(dir, 'results.json');
  const jest = spawnSync(
    process.execPath,
    [require.resolve('jest/bin/jest'), '--json', `--outputFile=${results}`, ...process.argv.slice(2)],
    {
      cwd: root,
      env,
      stdio: 'inherit',
    },
  );
  let summary = null;
  try {
    const r = JSON.parse(readFileSync(results, 'utf8'));
    summary = {
      passed: r.numPassedTests,
      failed: r.numFailedTests + (r.numRuntimeErrorTestSuites || 0),
      skipped: r.numPendingTests + r.numTodoTests,
    };
  } catch {
    /* Jest did not write results: its own output says why */
  }
  rmSync(dir, { recursive: true, force: true });
  if (banner.length) process.stderr.write(`\nSkipped because unreachable:\n${banner.join('\n')}\n`);
  if (summary)
    process.stdout.write(`\ntests: ${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped\n`);
  process.exit(jest.status ?? 1);
})();
