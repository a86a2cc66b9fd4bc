import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchOptions, BenchModule, machineLine, versionOf } from './support';

// `npm run bench [-- name ...]`: runs the named benchmarks (all by default) and rewrites their sections of
// docs/benchmarks.md, leaving the others as they were. Every load talks to 127.0.0.1 only and stops by itself.
const BENCHMARKS: Record<string, () => Promise<BenchModule>> = {
  receive: () => import('./receive'),
  send: () => import('./send'),
  memory: () => import('./memory'),
  micro: () => import('./micro'),
  verify: () => import('./verify'),
};

const DOC = join(__dirname, '..', '..', 'docs', 'benchmarks.md');

function marker(name: string, end = false): string {
  return `<!-- bench:${end ? '/' : ''}${name} -->`;
}

/** The document with `name`'s section replaced (or appended in the runner's order). */
function withSection(doc: string, name: string, section: string): string {
  const start = doc.indexOf(marker(name));
  const end = doc.indexOf(marker(name, true));
  const block = `${marker(name)}\n${section}\n${marker(name, true)}`;
  if (start >= 0 && end > start) return doc.slice(0, start) + block + doc.slice(end + marker(name, true).length);
  const names = Object.keys(BENCHMARKS);
  const later = names.slice(names.indexOf(name) + 1).find((n) => doc.includes(marker(n)));
  if (later) {
    const at = doc.indexOf(marker(later));
    return `${doc.slice(0, at)}${block}\n\n${doc.slice(at)}`;
  }
  return `${doc.trimEnd()}\n\n${block}\n`;
}

function header(): string {
  return [
    '# Benchmarks',
    '',
    '`npm run bench` (source in `bench/`) runs every benchmark below and rewrites its section of this file;',
    '`npm run bench -- receive send` runs some of them. Every figure is the median of several runs (`BENCH_RUNS`,',
    'default 3) and, where there is one, a ratio against a reference measured in the same run: absolute figures move a',
    'lot between machines and runs, ratios much less. Every load talks to 127.0.0.1 only, is bounded in time and in',
    'requests, and stops by itself. Figures are never asserted in tests.',
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const asked = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const unknown = asked.filter((n) => !(n in BENCHMARKS));
  if (unknown.length) {
    process.stderr.write(
      `Unknown benchmark ${unknown.join(', ')}: choose from ${Object.keys(BENCHMARKS).join(', ')}\n`,
    );
    process.exit(2);
  }
  const names = asked.length ? asked : Object.keys(BENCHMARKS);
  const options = benchOptions();
  let doc = existsSync(DOC) && readFileSync(DOC, 'utf8').includes('<!-- bench:') ? readFileSync(DOC, 'utf8') : header();
  for (const name of names) {
    process.stderr.write(`== bench ${name}\n`);
    const started = Date.now();
    const section = await (await BENCHMARKS[name]()).run(options);
    const measured = [
      `Measured ${new Date().toISOString().slice(0, 10)} on ${machineLine()}; Nest ${versionOf('@nestjs/core')},`,
      `TypeORM ${versionOf('typeorm')}, Bull ${versionOf('bull')}, microformats-parser ${versionOf('microformats-parser')};`,
      `${options.runs} run(s) each; ${((Date.now() - started) / 1000).toFixed(0)} s.`,
    ].join(' ');
    const text = `## ${section.title}\n\n${measured}\n\n${section.body.trim()}\n`;
    process.stdout.write(`${text}\n`);
    doc = withSection(doc, name, text);
    writeFileSync(DOC, doc);
  }
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
