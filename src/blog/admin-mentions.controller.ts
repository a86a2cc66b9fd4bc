import { Controller, Get, Inject, Param, Post as HttpPost, Query, Req, Res } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ModerationService, WebmentionStore } from 'nestjs-webmention';
import { APP_CONFIG } from '../app.constants';
import type { AppConfig } from '../config';
import { ADMIN_ACTIONS, AdminAction, adminActionOf, toAdminRow } from './admin-mention-row';
import {
  ADMIN_SESSION_SECONDS,
  adminAccess,
  csrfValue,
  secretsMatch,
  sessionCookie,
  sessionValue,
} from './admin-session';
import { adminErrorPage, adminLoginPage, adminMentionsPage } from './admin-templates';

/** What the controller reads of an Express or Fastify request. */
interface AdminRequest {
  headers: Record<string, string | undefined>;
  body?: Record<string, unknown>;
}

/** The moderation action of the library each button runs. */
const LIBRARY_ACTION = {
  approve: 'approve',
  reject: 'reject',
  spam: 'spam',
  'not-spam': 'not_spam',
  delete: 'delete',
} as const;
const DONE: Record<AdminAction, string> = {
  approve: 'Approved',
  reject: 'Rejected',
  spam: 'Marked as spam',
  'not-spam': 'Marked as not spam (it shows once verified again)',
  delete: 'Deleted',
};
const HELD_LIMIT = 100;
const RECENT_LIMIT = 25;

const field = (body: AdminRequest['body'], name: string): string =>
  typeof body?.[name] === 'string' ? (body[name] as string) : '';

/**
 * The admin pages of the blog's Webmentions: `GET /admin/mentions` lists held and recent mentions with moderation
 * buttons, which post forms to `POST /admin/mentions/:id/:action`; those call the library's `ModerationService`.
 * Sign-in (`POST /admin/login`) checks ADMIN_TOKEN once and sets an HttpOnly session cookie, so the token is never
 * put in a page; `Authorization: Bearer <ADMIN_TOKEN>` works too, for scripts. JSON clients get JSON answers.
 */
@Controller('admin')
export class AdminMentionsController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly store: WebmentionStore,
    private readonly moderation: ModerationService,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  @Get('mentions')
  async list(@Req() req: AdminRequest, @Res() res: unknown, @Query('done') done?: string): Promise<void> {
    const access = adminAccess(this.config.adminToken, req.headers);
    if (access !== 'allowed') return this.signIn(res, access === 'off' ? 403 : 401, { off: access === 'off' });
    const [held, recent] = await Promise.all([
      this.store.list({ moderation: ['pending'], status: ['verified'] }, { limit: HELD_LIMIT }),
      this.store.list({}, { limit: RECENT_LIMIT }),
    ]);
    const view = {
      title: 'Webmentions',
      csrf: csrfValue(this.config.adminToken!),
      notice: noticeOf(done),
      held: held.items.map(toAdminRow),
      recent: recent.items.map(toAdminRow),
    };
    if (wantsJson(req)) return this.json(res, 200, { held: view.held, recent: view.recent });
    this.html(res, 200, adminMentionsPage(view));
  }

  @HttpPost('login')
  login(@Req() req: AdminRequest, @Res() res: unknown): void {
    const token = this.config.adminToken;
    if (!token) return this.signIn(res, 403, { off: true });
    if (!secretsMatch(field(req.body, 'token'), token)) {
      return this.signIn(res, 401, { error: 'That is not the admin token (ADMIN_TOKEN).' });
    }
    const expiresAt = Math.floor(Date.now() / 1000) + ADMIN_SESSION_SECONDS;
    this.adapter.setHeader(res, 'Set-Cookie', sessionCookie(sessionValue(token, expiresAt), this.secure));
    this.adapter.redirect(res, 303, '/admin/mentions');
  }

  @HttpPost('logout')
  logout(@Res() res: unknown): void {
    this.adapter.setHeader(res, 'Set-Cookie', sessionCookie(null, this.secure));
    this.adapter.redirect(res, 303, '/admin/mentions');
  }

  @HttpPost('mentions/:id/:action')
  async act(
    @Req() req: AdminRequest,
    @Res() res: unknown,
    @Param('id') idParam: string,
    @Param('action') actionParam: string,
  ): Promise<void> {
    const json = wantsJson(req);
    const access = adminAccess(this.config.adminToken, req.headers);
    if (access === 'off') return this.fail(res, json, 403, 'admin_off', 'The admin pages are off: set ADMIN_TOKEN.');
    if (access === 'denied') {
      if (!json) return this.signIn(res, 401, { error: 'Sign in again to moderate.' });
      return this.fail(res, json, 401, 'unauthorized', 'Send Authorization: Bearer <ADMIN_TOKEN>, or sign in.');
    }
    // NOTE: a cookie rides along on any request the browser makes, so cookie-signed posts must carry the form's value.
    const bearer = /^Bearer\s/i.test(req.headers.authorization ?? '');
    if (!bearer && !secretsMatch(field(req.body, 'csrf'), csrfValue(this.config.adminToken!))) {
      return this.fail(
        res,
        json,
        403,
        'invalid_csrf',
        'The form is out of date: reload /admin/mentions and try again.',
      );
    }
    const id = /^[1-9]\d{0,15}$/.test(idParam) ? Number(idParam) : NaN;
    if (!Number.isSafeInteger(id))
      return this.fail(res, json, 400, 'invalid_id', 'The mention id must be a positive whole number.');
    const action = adminActionOf(actionParam);
    if (action === null) {
      return this.fail(res, json, 400, 'invalid_action', `The action must be one of ${ADMIN_ACTIONS.join(', ')}.`);
    }
    const report = await this.moderation.apply(LIBRARY_ACTION[action], { ids: [id] });
    if (report.matched === 0) return this.fail(res, json, 404, 'not_found', `There is no mention ${id}.`);
    if (json) return this.json(res, 200, { id, action, changed: report.changed > 0 });
    this.adapter.redirect(res, 303, `/admin/mentions?done=${action}:${id}`);
  }

  private get adapter() {
    return this.adapterHost.httpAdapter;
  }

  private get secure(): boolean {
    return this.config.baseUrl.startsWith('https:');
  }

  private html(res: unknown, status: number, html: string): void {
    this.adapter.setHeader(res, 'Content-Type', 'text/html; charset=utf-8');
    this.adapter.setHeader(res, 'Cache-Control', 'no-store');
    this.adapter.reply(res, html, status);
  }

  private json(res: unknown, status: number, body: unknown): void {
    this.adapter.setHeader(res, 'Content-Type', 'application/json; charset=utf-8');
    this.adapter.setHeader(res, 'Cache-Control', 'no-store');
    this.adapter.reply(res, JSON.stringify(body), status);
  }

  private signIn(res: unknown, status: number, view: { error?: string; off?: boolean }): void {
    this.html(res, status, adminLoginPage({ title: 'Sign in', ...view }));
  }

  private fail(res: unknown, json: boolean, status: number, error: string, description: string): void {
    if (json) return this.json(res, status, { error, error_description: description });
    this.html(res, status, adminErrorPage({ title: 'Could not do that', message: description }));
  }
}

function wantsJson(req: AdminRequest): boolean {
  return /\bapplication\/json\b/i.test(req.headers.accept ?? '') && !/\btext\/html\b/i.test(req.headers.accept ?? '');
}

/** The confirmation shown after a button was used (`?done=approve:12`); anything else shows none. */
function noticeOf(done: unknown): string | null {
  const match = typeof done === 'string' ? /^([a-z-]+):(\d{1,16})$/.exec(done) : null;
  const action = match ? adminActionOf(match[1]) : null;
  return match && action ? `${DONE[action]}: mention ${match[2]}.` : null;
}
