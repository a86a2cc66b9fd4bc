import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, posix, relative, sep } from 'path';
import { renderWebmentions } from './render-webmentions';
import {
  DEFAULT_TEMPLATES_DIR,
  WEBMENTION_TEMPLATE_NAMES,
  WebmentionTemplateError,
  compileTemplateFile,
  loadWebmentionTemplates,
  resolveTemplateFiles,
} from './template-loader';

const REPO_ROOT = join(__dirname, '..', '..', '..', '..');
const reply = { sourceUrl: 'https://a.example/r', mentionType: 'reply', authorName: 'Ann', content: 'Hi' };

describe('loadWebmentionTemplates', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'wm-templates-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('ships a default file for every template name', () => {
    expect(WEBMENTION_TEMPLATE_NAMES).toEqual(
      expect.arrayContaining(['webmentions', 'reply', 'mention', 'like', 'repost', 'bookmark', 'rsvp']),
    );
    for (const name of WEBMENTION_TEMPLATE_NAMES)
      expect(existsSync(join(DEFAULT_TEMPLATES_DIR, `${name}.hbs`))).toBe(true);
    expect(Object.keys(loadWebmentionTemplates()).sort()).toEqual([...WEBMENTION_TEMPLATE_NAMES].sort());
  });

  it('default templates triple-stash nothing but the re-sanitised contentHtml', () => {
    for (const name of WEBMENTION_TEMPLATE_NAMES) {
      const source = readFileSync(join(DEFAULT_TEMPLATES_DIR, `${name}.hbs`), 'utf8');
      const raw = source.match(/\{\{\{[^}]*\}\}\}|\{\{&[^}]*\}\}/g) ?? [];
      expect({ name, raw: raw.filter((r) => r !== '{{{contentHtml}}}') }).toEqual({ name, raw: [] });
    }
  });

  it('overrides one template from templatesDir and keeps the defaults for the rest', () => {
    writeFileSync(join(dir, 'reply.hbs'), '<li class="my-reply">{{authorDisplayName}} said {{contentText}}</li>');
    const files = resolveTemplateFiles({ templatesDir: dir });
    expect(files.reply).toBe(join(dir, 'reply.hbs'));
    expect(files.like).toBe(join(DEFAULT_TEMPLATES_DIR, 'like.hbs'));
    const html = renderWebmentions([reply], { templates: loadWebmentionTemplates({ templatesDir: dir }) });
    expect(html).toContain('<li class="my-reply">Ann said Hi</li>');
    expect(html).toContain('class="wm-webmentions"');
  });

  it('escapes fields in override templates too', () => {
    writeFileSync(join(dir, 'reply.hbs'), '<li>{{authorDisplayName}}</li>');
    const templates = loadWebmentionTemplates({ templatesDir: dir });
    expect(renderWebmentions([{ ...reply, authorName: '<b>x</b>' }], { templates })).toContain(
      '<li>&lt;b&gt;x&lt;/b&gt;</li>',
    );
  });

  it('never resolves prototype properties or methods, in defaults or overrides', () => {
    writeFileSync(
      join(dir, 'reply.hbs'),
      '<li>[{{constructor}}|{{__proto__}}|{{toString}}|{{authorDisplayName.constructor}}]</li>',
    );
    const html = renderWebmentions([reply], { templates: loadWebmentionTemplates({ templatesDir: dir }) });
    expect(html).toContain('<li>[|||]</li>');
  });

  it('throws at load time, naming the file, when an override does not compile', () => {
    const broken = join(dir, 'like.hbs');
    writeFileSync(broken, '<ul>{{#each faces}}<li>{{authorName}}</li></ul>');
    let error: unknown;
    try {
      loadWebmentionTemplates({ templatesDir: dir });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(WebmentionTemplateError);
    expect((error as WebmentionTemplateError).filePath).toBe(broken);
    expect((error as Error).message).toContain(broken);
    expect((error as Error).message).toMatch(/each|Parse error|doesn't match/);
  });

  it('every bundled template compiles (they are compiled on first render, not checked at load)', () => {
    for (const name of WEBMENTION_TEMPLATE_NAMES) {
      expect(() => compileTemplateFile(join(DEFAULT_TEMPLATES_DIR, `${name}.hbs`))).not.toThrow();
    }
  });

  it('without the check, a template is compiled on its first render', () => {
    const broken = join(dir, 'broken.hbs');
    writeFileSync(broken, '<ul>{{#each faces}}<li>{{authorName}}</li></ul>');
    const template = compileTemplateFile(broken, { check: false });
    expect(() => template({})).toThrow(/each|Parse error|doesn't match/);
    expect(() => compileTemplateFile(broken)).toThrow(WebmentionTemplateError);
  });

  it('rejects a templatesDir that does not exist', () => {
    expect(() => loadWebmentionTemplates({ templatesDir: join(dir, 'missing') })).toThrow(WebmentionTemplateError);
  });

  it('the nest-cli asset rule covers the default templates folder', () => {
    const cli = JSON.parse(readFileSync(join(REPO_ROOT, 'nest-cli.json'), 'utf8'));
    const includes: string[] = (cli.compilerOptions?.assets ?? []).map((a: string | { include: string }) =>
      typeof a === 'string' ? a : a.include,
    );
    const wanted = posix.join(relative(REPO_ROOT, DEFAULT_TEMPLATES_DIR).split(sep).join('/'), '**/*.hbs');
    expect(includes.map((i) => posix.join(cli.sourceRoot, i))).toContain(wanted);
  });
});
