/** Mentions for the API suites: h-entry pages of each type on a remote site, and verified rows written directly. */
import request from 'supertest';
import { DataSource, Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { Webmention, WebmentionStore } from 'nestjs-webmention';
import { eventually, TestApp } from './test-app';

/** What an h-entry page of the remote site says. */
export interface EntryPage {
  /** The relation to the target: `u-in-reply-to`, `u-like-of`, …; `mention` links from the content only. */
  kind: 'reply' | 'like' | 'repost' | 'bookmark' | 'rsvp' | 'mention';
  author: { name: string; url: string; photo: string };
  /** Text of `e-content` (a link to the target is added for mentions). */
  content?: string;
  /** `dt-published`, ISO 8601. */
  published?: string;
  rsvp?: 'yes' | 'no' | 'maybe' | 'interested';
}

const RELATION: Record<EntryPage['kind'], string | null> = {
  reply: 'u-in-reply-to',
  like: 'u-like-of',
  repost: 'u-repost-of',
  bookmark: 'u-bookmark-of',
  rsvp: 'u-in-reply-to',
  mention: null,
};

/** The HTML of an h-entry page mentioning `target` as `page` says. */
export function entryHtml(target: string, page: EntryPage): string {
  const relation = RELATION[page.kind];
  const link = relation ? `<a class="${relation}" href="${target}">the post</a>` : '';
  const content =
    page.kind === 'mention'
      ? `<div class="e-content"><p>${page.content ?? 'See'} <a href="${target}">this post</a></p></div>`
      : page.content
        ? `<div class="e-content"><p>${page.content}</p></div>`
        : '';
  return `<!doctype html><html><head><title>${page.kind} page</title></head><body>
<article class="h-entry">
  <span class="p-author h-card"><img class="u-photo" src="${page.author.photo}" alt="">
    <a class="p-name u-url" href="${page.author.url}">${page.author.name}</a></span>
  ${link}
  ${page.rsvp ? `<data class="p-rsvp" value="${page.rsvp}">${page.rsvp}</data>` : ''}
  ${content}
  ${page.published ? `<time class="dt-published" datetime="${page.published}">${page.published}</time>` : ''}
</article></body></html>`;
}

/** The mention rows of an app. */
export function mentionRows(t: TestApp): Repository<Webmention> {
  return t.app.get(DataSource).getRepository(Webmention);
}

/** Submits `source` → `target` at the endpoint and resolves the row once it is verified. */
export async function submitVerified(t: TestApp, source: string, target: string): Promise<Webmention> {
  const res = await request(t.url).post('/webmention').type('form').send({ source, target });
  if (res.status !== 201) throw new Error(`expected 201 for ${source}, got ${res.status}: ${res.text}`);
  const token = new URL(res.headers.location).pathname.split('/').pop()!;
  return eventually(async () => {
    const row = await t.app.get(WebmentionStore).findByToken(token);
    return row?.status === 'verified' ? row : null;
  });
}

/** Writes a verified, approved mention without fetching anything (for bulk data), with `fields` set on it. */
export async function seedVerified(
  t: TestApp,
  source: string,
  target: string,
  fields: Partial<Webmention> = {},
): Promise<Webmention> {
  const { webmention } = await t.app.get(WebmentionStore).upsertPair(source, target, 'approved');
  await mentionRows(t).update(
    { id: webmention.id },
    {
      status: 'verified',
      verifiedAt: new Date(),
      ...(fields as QueryDeepPartialEntity<Webmention>),
    },
  );
  return mentionRows(t).findOneByOrFail({ id: webmention.id });
}
