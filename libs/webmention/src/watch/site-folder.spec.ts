import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SiteFolder } from './site-folder';

describe('SiteFolder', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'site-folder-'));
    const put = (file: string, text: string) => {
      mkdirSync(join(dir, file, '..'), { recursive: true });
      writeFileSync(join(dir, file), text);
    };
    put('index.html', '<a href="https://a.example/">a</a>');
    put('posts/hello.md', '---\npermalink: /hello/\n---\n[b](https://b.example/)');
    put('posts/plain.txt', 'https://c.example/');
    put('posts/.hello.md.swp', 'x');
    put('posts/hello.md~', 'x');
    put('posts/#hello.md#', 'x');
    put('.git/HEAD.md', 'x');
    put('drafts/.hidden/secret.md', 'x');
    put('style.css', 'x');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists the pages only: no editor files, dot-folders or other extensions', async () => {
    const folder = new SiteFolder({ dir, baseUrl: 'https://blog.example' });
    expect(await folder.files()).toEqual(['index.html', 'posts/hello.md', 'posts/plain.txt']);
  });

  it('reads a page with its URL (front matter first) and a hash of its content and URL', async () => {
    const folder = new SiteFolder({ dir, baseUrl: 'https://blog.example' });
    const page = await folder.read('posts/hello.md');
    expect(page).toMatchObject({ file: 'posts/hello.md', url: 'https://blog.example/hello/' });
    expect(page?.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect((await folder.read('posts/plain.txt'))?.url).toBe('https://blog.example/posts/plain.txt');
    expect(await folder.read('style.css')).toBeNull();
  });

  it('knows what lies outside the folder, and refuses extensions it cannot read', () => {
    const folder = new SiteFolder({ dir, baseUrl: 'https://blog.example', extensions: ['md'] });
    expect(folder.relativePath(join(dir, '..', 'elsewhere.md'))).toBeNull();
    expect(folder.reads('index.html')).toBe(false);
    expect(() => new SiteFolder({ dir, baseUrl: 'https://blog.example', extensions: ['.pdf'] })).toThrow(
      /cannot read ".pdf" files/,
    );
  });
});
