import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** One row of the matrix: a host app made from scratch as a user would. */
export interface ScratchAppSpec {
  name: string;
  nest: 11 | 12;
  /** `ts`: TypeScript compiled to CommonJS by tsc; `cjs`: plain CommonJS; `esm`: `"type": "module"`. */
  kind: 'ts' | 'cjs' | 'esm';
  db: 'sqlite' | 'postgres';
  queue: 'inline' | 'bull';
}

/** What a finished process left behind. */
export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs `command args` in `cwd` and collects its output; kills it after `timeoutMs`. */
export function run(
  command: string,
  args: string[],
  opts: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<Run> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: opts.cwd, env: { ...process.env, ...opts.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')} did not finish in ${opts.timeoutMs} ms\n${stdout}\n${stderr}`));
    }, opts.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
    child.stdin.end();
  });
}

/** The app's package.json as a user starts it: Nest itself, then `npm install` of the README's lines. */
function packageJson(spec: ScratchAppSpec): object {
  const nest = `^${spec.nest}.0.0`;
  return {
    name: `webmention-scratch-${spec.name.toLowerCase()}`,
    private: true,
    ...(spec.kind === 'esm' ? { type: 'module' } : {}),
    dependencies: {
      '@nestjs/common': nest,
      '@nestjs/core': nest,
      '@nestjs/platform-express': nest,
      'reflect-metadata': '^0.2.2',
      rxjs: '^7.8.2',
    },
    ...(spec.kind === 'ts' ? { devDependencies: { typescript: '~5.9.2', '@types/node': '^20.19.0' } } : {}),
    allowScripts: { 'better-sqlite3': true, 'msgpackr-extract': true },
  };
}

/** The `imports` of the app's root module, as source text (the same in every module system). */
function moduleImports(spec: ScratchAppSpec): string {
  const database =
    spec.db === 'sqlite'
      ? "{ type: 'better-sqlite3', database: process.env.DATABASE"
      : "{ type: 'postgres', url: process.env.DATABASE";
  return [
    `    TypeOrmModule.forRoot(${database}, entities: [...WEBMENTION_ENTITIES], migrations: WEBMENTION_MIGRATIONS, migrationsRun: true }),`,
    '    EventEmitterModule.forRoot({ wildcard: true }),',
    ...(spec.queue === 'bull'
      ? ['    BullModule.forRoot({ redis: process.env.REDIS_URL, prefix: process.env.BULL_PREFIX }),']
      : []),
    '    WebmentionModule.forRoot({',
    '      baseUrl: process.env.BASE_URL,',
    '      http: { allowPrivateAddresses: true },',
    `      queue: '${spec.queue}',`,
    '    }),',
  ].join('\n');
}

const LISTENER_BODY = 'process.stdout.write(`EVENT webmention.verified ${event.webmention.sourceUrl}\\n`);';
const MAIN_BODY = [
  "  const app = await NestFactory.create(AppModule, { logger: ['error', 'warn'] });",
  '  app.enableShutdownHooks();',
  "  await app.listen(Number(process.env.PORT), '127.0.0.1');",
  "  process.stdout.write('LISTENING\\n');",
].join('\n');

/** TypeScript, as `nest new` writes it: decorators, compiled by tsc to CommonJS in dist/. */
function typeScriptSources(spec: ScratchAppSpec): Record<string, string> {
  return {
    'tsconfig.json': JSON.stringify(
      {
        compilerOptions: {
          module: 'nodenext',
          moduleResolution: 'nodenext',
          target: 'ES2023',
          declaration: false,
          emitDecoratorMetadata: true,
          experimentalDecorators: true,
          outDir: './dist',
          rootDir: './src',
          strict: true,
          skipLibCheck: true,
          types: ['node'],
        },
        include: ['src'],
      },
      null,
      2,
    ),
    'src/app.module.ts': [
      "import { Injectable, Module } from '@nestjs/common';",
      "import { EventEmitterModule, OnEvent } from '@nestjs/event-emitter';",
      "import { TypeOrmModule } from '@nestjs/typeorm';",
      ...(spec.queue === 'bull' ? ["import { BullModule } from '@nestjs/bull';"] : []),
      'import {',
      '  WEBMENTION_ENTITIES,',
      '  WEBMENTION_MIGRATIONS,',
      '  WebmentionModule,',
      '  type WebmentionVerifiedEvent,',
      "} from 'nestjs-webmention';",
      '',
      '@Injectable()',
      'export class VerifiedListener {',
      "  @OnEvent('webmention.verified')",
      '  onVerified(event: WebmentionVerifiedEvent): void {',
      `    ${LISTENER_BODY}`,
      '  }',
      '}',
      '',
      '@Module({',
      '  imports: [',
      moduleImports(spec),
      '  ],',
      '  providers: [VerifiedListener],',
      '})',
      'export class AppModule {}',
      '',
    ].join('\n'),
    'src/main.ts': [
      "import 'reflect-metadata';",
      "import { NestFactory } from '@nestjs/core';",
      "import { AppModule } from './app.module';",
      '',
      'async function bootstrap(): Promise<void> {',
      MAIN_BODY,
      '}',
      'void bootstrap();',
      '',
    ].join('\n'),
  };
}

/** Plain JavaScript (CommonJS or ES modules): decorators applied as functions. */
function javaScriptSources(spec: ScratchAppSpec): Record<string, string> {
  const esm = spec.kind === 'esm';
  const load = (names: string, from: string) =>
    esm ? `import { ${names} } from '${from}';` : `const { ${names} } = require('${from}');`;
  const module = [
    ...(esm ? ["import 'reflect-metadata';"] : ["'use strict';", "require('reflect-metadata');"]),
    load('Injectable, Module', '@nestjs/common'),
    load('EventEmitterModule, OnEvent', '@nestjs/event-emitter'),
    load('TypeOrmModule', '@nestjs/typeorm'),
    ...(spec.queue === 'bull' ? [load('BullModule', '@nestjs/bull')] : []),
    load('WEBMENTION_ENTITIES, WEBMENTION_MIGRATIONS, WebmentionModule', 'nestjs-webmention'),
    '',
    'class VerifiedListener {',
    '  onVerified(event) {',
    `    ${LISTENER_BODY}`,
    '  }',
    '}',
    "const onVerified = Object.getOwnPropertyDescriptor(VerifiedListener.prototype, 'onVerified');",
    "OnEvent('webmention.verified')(VerifiedListener.prototype, 'onVerified', onVerified);",
    'Injectable()(VerifiedListener);',
    '',
    'class AppModule {}',
    'Module({',
    '  imports: [',
    moduleImports(spec),
    '  ],',
    '  providers: [VerifiedListener],',
    '})(AppModule);',
    esm ? 'export { AppModule };' : 'module.exports = { AppModule };',
    '',
  ].join('\n');
  const main = [
    ...(esm ? [] : ["'use strict';"]),
    load('NestFactory', '@nestjs/core'),
    load('AppModule', esm ? './app.module.js' : './app.module'),
    '',
    'async function bootstrap() {',
    MAIN_BODY,
    '}',
    'void bootstrap();',
    '',
  ].join('\n');
  return { 'app.module.js': module, 'main.js': main };
}

/** Writes the app's package.json and sources into `dir`. */
export function writeScratchApp(dir: string, spec: ScratchAppSpec): void {
  const files = {
    'package.json': JSON.stringify(packageJson(spec), null, 2) + '\n',
    ...(spec.kind === 'ts' ? typeScriptSources(spec) : javaScriptSources(spec)),
  };
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}

/** The compiled entry and root module of the app, relative to its folder. */
export function entryOf(spec: ScratchAppSpec): { main: string; module: string } {
  return spec.kind === 'ts'
    ? { main: 'dist/main.js', module: './dist/app.module.js' }
    : { main: 'main.js', module: './app.module.js' };
}
