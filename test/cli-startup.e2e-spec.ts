/**
 * What the `webmention` bin loads: nest-commander's inquirer (for commands that ask questions) only when used.
 * Real processes over the compiled output, built by `scripts/start.js` when missing or stale.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, runNode } from './support/send-cli';

jest.setTimeout(180_000);

const DIST = join(ROOT, 'dist/libs/webmention/src/cli');

describe('the webmention bin at start-up', () => {
  let dir: string;

  beforeAll(async () => {
    const built = await runNode(join(ROOT, 'scripts/start.js'), ['cli', '--help'], {}, { timeoutMs: 150_000 });
    expect(built.code).toBe(0);
    dir = mkdtempSync(join(tmpdir(), 'webmention-startup-'));
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs `code` in a fresh process and resolves what it printed as JSON. */
  async function probe(code: string): Promise<Record<string, unknown>> {
    const script = join(dir, `probe-${Math.random().toString(36).slice(2)}.js`);
    writeFileSync(script, code);
    const run = await runNode(script, [], {});
    expect(run.stderr).toBe('');
    return JSON.parse(run.stdout) as Record<string, unknown>;
  }

  const inquirerFiles = `Object.keys(require.cache).filter((f) => /node_modules[\\\\/]inquirer[\\\\/]lib[\\\\/]prompts[\\\\/]/.test(f)).length`;

  it('loads nest-commander without inquirer, and inquirer on first use', async () => {
    const seen = await probe(
      [
        `require(${JSON.stringify(join(DIST, 'defer-inquirer.js'))});`,
        `const { CommandFactory } = require(require.resolve('nest-commander', { paths: [${JSON.stringify(ROOT)}] }));`,
        `const before = ${inquirerFiles};`,
        `const inquirer = require(require.resolve('inquirer', { paths: [require.resolve('nest-commander', { paths: [${JSON.stringify(ROOT)}] })] }));`,
        `const prompt = typeof inquirer.prompt;`,
        `process.stdout.write(JSON.stringify({ factory: typeof CommandFactory.run, before, prompt, after: ${inquirerFiles} }));`,
      ].join('\n'),
    );
    expect(seen).toEqual({ factory: 'function', before: 0, prompt: 'function', after: expect.any(Number) });
    expect(seen.after).toBeGreaterThan(0);
  });

  it('runs a command of the bin without loading inquirer', async () => {
    const seen = await probe(
      [
        `process.argv.splice(2, process.argv.length, 'discover', '--help');`,
        `const exit = process.exit;`,
        `process.exit = (code) => { process.stdout.write(JSON.stringify({ code: code ?? 0, inquirer: ${inquirerFiles} })); exit(0); };`,
        `const write = process.stdout.write.bind(process.stdout);`,
        `process.stdout.write = (chunk, ...rest) => (String(chunk).startsWith('{') ? write(chunk, ...rest) : true);`,
        `require(${JSON.stringify(join(DIST, 'main.js'))});`,
      ].join('\n'),
    );
    expect(seen).toEqual({ code: 0, inquirer: 0 });
  });
});
