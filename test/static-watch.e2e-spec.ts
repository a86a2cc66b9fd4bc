/**
 * The `watch` option: a static site's folder in a temporary directory, watched by the app, and real receiving sites
 * on 127.0.0.1. Every scenario on both stacks (the queue carries the sends).
 */
import { mkdirSync, mkdtempSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { FileSystemMonitor } from 'nestjs-webmention/testing';
import { ReceiverSite } from './support/send-sites';
import { describeWith } from './support/services';
import { eventually, STACKS, startTestApp, TestApp } from './support/test-app';

const DEBOUNCE_MS = 150;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(STACKS)('watching a static site folder on $name', (stack) => {
  describeWith(stack.services, 'the watch option', () => {
    let dir: string;
    let receiver: ReceiverSite;
    let app: TestApp;
    const targets: string[] = [];
    const put = (file: string, text: string) => {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), text);
    };
    /** Sources of the POSTs the endpoint of target `i` received. */
    const sources = (i: number) =>
      receiver.received(`/wm${i}`).map((p) => Object.fromEntries(p.fields).source as string);
    const allPosts = () => [0, 1, 2, 3].reduce((n, i) => n + receiver.received(`/wm${i}`).length, 0);

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'webmention-watch-'));
      receiver = await new ReceiverSite().start();
      for (let i = 0; i < 4; i++) {
        receiver.endpoint(`/wm${i}`);
        targets.push(receiver.target(`/t${i}`, `/wm${i}`));
      }
      put('posts/existing.md', `[old](${targets[3]})`);
      app = await startTestApp({
        stack,
        options: { watch: { dir, baseUrl: 'https://blog.example', debounceMs: DEBOUNCE_MS } },
      });
      // NOTE: the watcher's start-up is over once it knows the existing files; they are not sent for.
      await app.app.get(FileSystemMonitor).ready();
      await sleep(400);
    }, 30_000);

    afterAll(async () => {
      await app?.close();
      await receiver?.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('sends nothing for the files that were there before', () => {
      expect(sources(3)).toEqual([]);
    });

    it('a new Markdown post notifies each of its targets once after a burst of saves', async () => {
      put('posts/hello.md', `---\ntitle: Hello\n---\nA [link](${targets[0]})`);
      await sleep(20);
      put('posts/hello.md', `---\ntitle: Hello\n---\nA [link](${targets[0]}) and <${targets[1]}>`);
      await sleep(20);
      put('posts/hello.md', `---\ntitle: Hello\n---\nA [link](${targets[0]}) and <${targets[1]}>.`);
      await eventually(async () => sources(0).length === 1 && sources(1).length === 1);
      await sleep(DEBOUNCE_MS * 3);
      expect(sources(0)).toEqual(['https://blog.example/posts/hello/']);
      expect(sources(1)).toEqual(['https://blog.example/posts/hello/']);
    });

    it('an edit dropping a link notifies the dropped target again', async () => {
      put('posts/hello.md', `---\ntitle: Hello\n---\nOnly [one link](${targets[0]}) now.`);
      await eventually(async () => sources(1).length === 2 && sources(0).length === 2);
      expect(sources(1)).toEqual(['https://blog.example/posts/hello/', 'https://blog.example/posts/hello/']);
    });

    it('editor temporary files, dot-folders and other extensions send nothing', async () => {
      const before = allPosts();
      put('posts/.hello.md.swp', `[x](${targets[2]})`);
      put('posts/hello.md~', `[x](${targets[2]})`);
      put('.obsidian/notes.md', `[x](${targets[2]})`);
      put('posts/data.json', `{"u": "${targets[2]}"}`);
      put('posts/4913', `[x](${targets[2]})`);
      await sleep(DEBOUNCE_MS * 4);
      expect(allPosts()).toBe(before);
      expect(sources(2)).toEqual([]);
    });

    it('a plain-text page sends for the URLs in its text', async () => {
      put('notes/n1.txt', `See ${targets[2]}.`);
      await eventually(async () => sources(2).length === 1);
      expect(sources(2)).toEqual(['https://blog.example/notes/n1.txt']);
    });

    it('a move is a delete at the old URL and an add at the new one', async () => {
      renameSync(join(dir, 'notes/n1.txt'), join(dir, 'notes/n2.txt'));
      await eventually(async () => sources(2).length === 3);
      expect(sources(2).slice(1).sort()).toEqual([
        'https://blog.example/notes/n1.txt',
        'https://blog.example/notes/n2.txt',
      ]);
    });

    it('a delete notifies every target the page sent to before', async () => {
      unlinkSync(join(dir, 'posts/hello.md'));
      await eventually(async () => sources(0).length === 3 && sources(1).length === 3);
      expect(sources(0)[2]).toBe('https://blog.example/posts/hello/');
      expect(sources(1)[2]).toBe('https://blog.example/posts/hello/');
    });
  });
});
