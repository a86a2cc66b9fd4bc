import { CanActivate, ExecutionContext, HttpException, NotFoundException, UnauthorizedException } from '@nestjs/common';
import type { HttpAdapterHost, ModuleRef } from '@nestjs/core';
import { timingSafeEqual } from 'node:crypto';
import type { ResolvedWebmentionOptions } from '../resolve-options';
import { BearerTokenGuard, checkBearer } from './bearer-token.guard';
import { ModerationGuard } from './moderation.guard';

// NOTE: the real comparison, recorded, so the test can see what it compares.
jest.mock('node:crypto', () => {
  const actual = jest.requireActual<typeof import('node:crypto')>('node:crypto');
  return { ...actual, timingSafeEqual: jest.fn(actual.timingSafeEqual) };
});

const TOKEN = 'moderation-token-0123456789';

/** A request/response pair as the guard sees them, and the headers it set. */
function http(headers: Record<string, string>, method = 'GET', url = '/webmentions/moderation') {
  const set: Record<string, string> = {};
  const req = { headers, method, url };
  const res = {};
  const context = {
    switchToHttp: () => ({ getRequest: () => req, getResponse: () => res }),
  } as unknown as ExecutionContext;
  const adapterHost = {
    httpAdapter: {
      setHeader: (_res: unknown, name: string, value: string) => (set[name] = value),
      getRequestMethod: (r: typeof req) => r.method,
      getRequestUrl: (r: typeof req) => r.url,
    },
  } as unknown as HttpAdapterHost;
  return { context, adapterHost, set };
}

const options = (moderation: Partial<ResolvedWebmentionOptions['moderation']>) =>
  ({ moderation: { token: null, guard: null, ...moderation } }) as ResolvedWebmentionOptions;

/** The exception `fn` throws; fails when it throws nothing. */
function thrown(fn: () => unknown): HttpException {
  try {
    fn();
  } catch (error) {
    return error as HttpException;
  }
  throw new Error('expected an exception');
}

describe('checkBearer', () => {
  it.each([
    [`Bearer ${TOKEN}`, 'ok'],
    [`bearer ${TOKEN}`, 'ok'],
    [`  Bearer   ${TOKEN}  `, 'ok'],
    [undefined, 'missing'],
    ['', 'missing'],
    [`Bearer ${TOKEN}x`, 'invalid'],
    [`Bearer ${TOKEN.slice(0, -1)}`, 'invalid'],
    ['Bearer ', 'invalid'],
    [`Basic ${Buffer.from(`u:${TOKEN}`).toString('base64')}`, 'invalid'],
    [TOKEN, 'invalid'],
    [`Bearer ${TOKEN} extra`, 'invalid'],
  ])('%j → %s', (header, expected) => {
    expect(checkBearer(header, TOKEN)).toBe(expected);
  });

  it('compares in constant time: digests of equal length, whatever the lengths of the tokens', () => {
    const spy = jest.mocked(timingSafeEqual);
    spy.mockClear();
    for (const given of ['x', TOKEN, `${TOKEN}${'y'.repeat(500)}`]) checkBearer(`Bearer ${given}`, TOKEN);
    expect(spy).toHaveBeenCalledTimes(3);
    expect(spy.mock.results.map((r) => r.value)).toEqual([false, true, false]);
    for (const [a, b] of spy.mock.calls as [Buffer, Buffer][]) {
      expect(a.length).toBe(32);
      expect(b.length).toBe(32);
    }
  });
});

describe('BearerTokenGuard', () => {
  it('lets the right token through', () => {
    const { context, adapterHost, set } = http({ authorization: `Bearer ${TOKEN}` });
    expect(new BearerTokenGuard(options({ token: TOKEN }), adapterHost).canActivate(context)).toBe(true);
    expect(set).toEqual({});
  });

  it('answers 401 with a Bearer challenge without a token', () => {
    const { context, adapterHost, set } = http({});
    const error = thrown(() => new BearerTokenGuard(options({ token: TOKEN }), adapterHost).canActivate(context));
    expect(error).toBeInstanceOf(UnauthorizedException);
    expect(error.getResponse()).toEqual({ error: 'unauthorized', error_description: expect.any(String) });
    expect(set['WWW-Authenticate']).toBe('Bearer realm="webmention-moderation"');
  });

  it('answers 401 with invalid_token for a wrong token', () => {
    const { context, adapterHost, set } = http({ authorization: 'Bearer wrong-token-wrong-token' });
    const error = thrown(() => new BearerTokenGuard(options({ token: TOKEN }), adapterHost).canActivate(context));
    expect(error.getStatus()).toBe(401);
    expect(error.getResponse()).toMatchObject({ error: 'invalid_token' });
    expect(set['WWW-Authenticate']).toMatch(/^Bearer .*error="invalid_token"/);
  });

  it('answers 404 like an absent route when no token is configured, whatever the request says', () => {
    const { context, adapterHost, set } = http(
      { authorization: 'Bearer anything-at-all-really' },
      'POST',
      '/m/1/approve',
    );
    const error = thrown(() => new BearerTokenGuard(options({}), adapterHost).canActivate(context));
    expect(error).toBeInstanceOf(NotFoundException);
    expect((error.getResponse() as { message: string }).message).toBe('Cannot POST /m/1/approve');
    expect(set).toEqual({});
  });
});

describe('ModerationGuard', () => {
  class AllowHeader implements CanActivate {
    canActivate(context: ExecutionContext): boolean {
      return context.switchToHttp().getRequest<{ headers: Record<string, string> }>().headers['x-admin'] === 'yes';
    }
  }

  it('uses the host guard, created by Nest, instead of the token', async () => {
    const created: unknown[] = [];
    const moduleRef = {
      get: () => {
        throw new Error('not a provider');
      },
      create: async (cls: new () => CanActivate) => {
        created.push(cls);
        return new cls();
      },
    } as unknown as ModuleRef;
    const allowed = http({ 'x-admin': 'yes' });
    const guard = new ModerationGuard(options({ guard: AllowHeader, token: TOKEN }), allowed.adapterHost, moduleRef);
    await guard.onModuleInit();
    expect(await guard.canActivate(allowed.context)).toBe(true);
    expect(await guard.canActivate(http({ authorization: `Bearer ${TOKEN}` }).context)).toBe(false);
    expect(created).toEqual([AllowHeader]);
  });

  it('prefers the app’s own instance of the guard class', async () => {
    const own = { canActivate: jest.fn(() => true) };
    const moduleRef = { get: () => own, create: jest.fn() } as unknown as ModuleRef;
    const { context, adapterHost } = http({});
    const guard = new ModerationGuard(options({ guard: AllowHeader }), adapterHost, moduleRef);
    expect(await guard.canActivate(context)).toBe(true);
    expect(own.canActivate).toHaveBeenCalledWith(context);
    expect(moduleRef.create).not.toHaveBeenCalled();
  });

  it('falls back to the bearer token, and to 404 without one', async () => {
    const moduleRef = {} as ModuleRef;
    const right = http({ authorization: `Bearer ${TOKEN}` });
    expect(
      await new ModerationGuard(options({ token: TOKEN }), right.adapterHost, moduleRef).canActivate(right.context),
    ).toBe(true);
    const none = http({});
    await expect(
      new ModerationGuard(options({}), none.adapterHost, moduleRef).canActivate(none.context),
    ).rejects.toBeInstanceOf(NotFoundException);
  });
});
