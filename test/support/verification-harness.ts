import { EventEmitter2 } from '@nestjs/event-emitter';
import type { IncomingMessage, ServerResponse } from 'node:http';
import request from 'supertest';
import { DataSource, Repository } from 'typeorm';
import {
  CommentAdapter,
  ReverifyService,
  SpamChecker,
  SpamCheckResult,
  UrlResolver,
  Webmention,
  WebmentionStore,
} from 'nestjs-webmention';
import { VerificationService, WebmentionHttpOptions } from 'nestjs-webmention/testing';
import { RemoteSite } from './remote-site';
import { eventually, Stack, startTestApp, TEST_OPTIONS, TestApp, TestAppOptions } from './test-app';

/** An event seen by the fixture app, with the id of the mention it is about. */
export interface RecordedEvent {
  name: string;
  id: number;
  payload: { webmention: Webmention; created?: boolean; reason?: string };
}

/** Names of the events that end one verification. */
export const OUTCOME_EVENTS = ['webmention.verified', 'webmention.failed', 'webmention.spam'];

/** The fixture's HTTP options with some replaced (the module replaces `http` as a whole). */
export function httpOptions(overrides: WebmentionHttpOptions): WebmentionHttpOptions {
  return { ...TEST_OPTIONS.http, ...overrides };
}

/** A running fixture app, a remote site and the events seen, shared by the tests of one describe block. */
export class VerificationHarness {
  t!: TestApp;
  site!: RemoteSite;
  readonly events: RecordedEvent[] = [];

  rows(): Repository<Webmention> {
    return this.t.app.get(DataSource).getRepository(Webmention);
  }

  get store(): WebmentionStore {
    return this.t.app.get(WebmentionStore);
  }

  get verification(): VerificationService {
    return this.t.app.get(VerificationService);
  }

  get reverifier(): ReverifyService {
    return this.t.app.get(ReverifyService);
  }

  /** POSTs a Webmention to the endpoint. */
  post(source: string, target: string): request.Test {
    return request(this.t.url)
      .post('/webmention')
      .set('Accept', 'application/json')
      .type('form')
      .send({ source, target });
  }

  /** POSTs a Webmention that must be accepted and returns its row id. */
  async submit(source: string, target: string): Promise<number> {
    const res = await this.post(source, target);
    if (res.status !== 201) throw new Error(`expected 201 for ${source}, got ${res.status}: ${res.text}`);
    const row = await this.store.findByToken(new URL(res.headers.location).pathname.split('/').pop()!);
    return row!.id;
  }

  /** Events about mention `id`, from index `since` of the log on. */
  eventsOf(id: number, since = 0): RecordedEvent[] {
    return this.events.slice(since).filter((e) => e.id === id);
  }

  /** Waits for the first event named `name` about mention `id` recorded at or after index `since`. */
  waitForEvent(name: string, id: number, since = 0, timeoutMs = 8000): Promise<RecordedEvent> {
    return eventually(async () => this.eventsOf(id, since).find((e) => e.name === name), timeoutMs);
  }

  /** Waits until a verification of mention `id` ends (verified, failed or spam) after index `since`; resolves the row. */
  async settle(id: number, since = 0, timeoutMs = 8000): Promise<Webmention> {
    await eventually(async () => this.eventsOf(id, since).find((e) => OUTCOME_EVENTS.includes(e.name)), timeoutMs);
    return this.rows().findOneByOrFail({ id });
  }

  /** Submits a pair and waits for its first verification to end. */
  async submitAndSettle(source: string, target: string, timeoutMs = 8000): Promise<Webmention> {
    const since = this.events.length;
    const id = await this.submit(source, target);
    return this.settle(id, since, timeoutMs);
  }

  /** Requests made to `path` on the remote site. */
  hitsOf(path: string): number {
    return this.site.hits.filter((h) => h.path === path).length;
  }
}

/** Boots a fixture app and a remote site before the tests of the enclosing describe block and stops them after. */
export function useVerificationApp(stack: Stack, opts: Omit<TestAppOptions, 'stack'> = {}): VerificationHarness {
  const h = new VerificationHarness();
  beforeAll(async () => {
    h.site = await new RemoteSite().start();
    h.t = await startTestApp({ stack, ...opts });
    h.t.app.get(EventEmitter2).onAny((name: string | string[], payload: RecordedEvent['payload']) => {
      h.events.push({ name: String(name), id: payload?.webmention?.id, payload });
    });
  }, 30_000);
  afterAll(async () => {
    await h.t?.close();
    await h.site?.stop();
  }, 30_000);
  return h;
}

/** Resolves after `ms`. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A route that answers with the next of `responses` on each request, repeating the last one. */
export function sequence(...responses: Array<{ status: number; body?: string; headers?: Record<string, string> }>) {
  let n = 0;
  const times: number[] = [];
  const handler = (_req: IncomingMessage, res: ServerResponse): void => {
    times.push(Date.now());
    const r = responses[Math.min(n++, responses.length - 1)];
    res.writeHead(r.status, { 'Content-Type': 'text/html; charset=utf-8', ...r.headers }).end(r.body ?? '');
  };
  return Object.assign(handler, { times });
}

/** A route that sends headers and the start of a body, then stalls until the client goes away. */
export function stallingBody(_req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
  res.write('<!doctype html><html><body><p>Loading');
  const timer = setTimeout(() => res.end('</p></body></html>'), 10_000);
  res.on('close', () => clearTimeout(timer));
}

/** A route that streams `bytes` of HTML in chunks, with or without declaring its length. */
export function largeBody(bytes: number, declareLength: boolean) {
  return (_req: IncomingMessage, res: ServerResponse): void => {
    res.on('error', () => undefined);
    res.writeHead(200, {
      'Content-Type': 'text/html; charset=utf-8',
      ...(declareLength ? { 'Content-Length': String(bytes) } : {}),
    });
    const chunk = Buffer.alloc(64 * 1024, 'a');
    let sent = 0;
    const pump = (): void => {
      while (sent < bytes && !res.destroyed) {
        const piece = chunk.subarray(0, Math.min(chunk.length, bytes - sent));
        sent += piece.length;
        if (!res.write(piece)) return void res.once('drain', pump);
      }
      if (!res.destroyed) res.end();
    };
    pump();
  };
}

/** A redirect route. */
export function redirect(status: number, location: string) {
  return { status, headers: { Location: location }, body: '' };
}

/** A call recorded by {@link RecordingCommentAdapter}. */
export type CommentCall =
  | { op: 'upsert'; id: number; status: string; moderation: string; contentObject: unknown }
  | { op: 'remove'; id: number; status: string };

/** A comment adapter that keeps the host's comments in memory and records every call. */
export class RecordingCommentAdapter implements CommentAdapter {
  readonly calls: CommentCall[] = [];
  readonly comments = new Map<number, { contentObject: unknown; content: string | null }>();

  upsertComment(webmention: Webmention, contentObject: unknown): void {
    this.calls.push({
      op: 'upsert',
      id: webmention.id,
      status: webmention.status,
      moderation: webmention.moderation,
      contentObject,
    });
    this.comments.set(webmention.id, { contentObject, content: webmention.content });
  }

  removeComment(webmention: Webmention): void {
    this.calls.push({ op: 'remove', id: webmention.id, status: webmention.status });
    this.comments.delete(webmention.id);
  }

  callsOf(id: number): CommentCall[] {
    return this.calls.filter((c) => c.id === id);
  }
}

/** Content object of {@link KnownPostResolver}. */
export interface FixturePost {
  slug: string;
}

/** A URL resolver that knows one post, `/posts/known`. */
export class KnownPostResolver implements UrlResolver<FixturePost> {
  resolve(targetUrl: string): FixturePost | null {
    return new URL(targetUrl).pathname === '/posts/known' ? { slug: 'known' } : null;
  }

  getAbsoluteUrl(post: FixturePost): string {
    return `https://blog.example/posts/${post.slug}`;
  }
}

/** A spam checker that flags mentions whose parsed content shouts "BUY NOW". */
export class ShoutingSpamChecker implements SpamChecker {
  check(webmention: Webmention): SpamCheckResult {
    const isSpam = /BUY NOW/.test(webmention.content ?? '');
    return { isSpam, confidence: isSpam ? 0.99 : 0.1, details: { rule: 'shouting' } };
  }
}

/** A spam checker that always throws, as one whose backing service is down. */
export class BrokenSpamChecker implements SpamChecker {
  check(): SpamCheckResult {
    throw new Error('spam service unreachable');
  }
}
