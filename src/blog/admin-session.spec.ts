import {
  ADMIN_COOKIE,
  adminAccess,
  csrfValue,
  readCookie,
  secretsMatch,
  sessionCookie,
  sessionValue,
  validSession,
} from './admin-session';

describe('admin session', () => {
  const now = 1_800_000_000;
  const cookieOf = (value: string) => `theme=dark; ${ADMIN_COOKIE}=${value}; other=1`;

  it('compares secrets of any length', () => {
    expect(secretsMatch('secret', 'secret')).toBe(true);
    expect(secretsMatch('secret', 'secreT')).toBe(false);
    expect(secretsMatch('', 'secret')).toBe(false);
    expect(secretsMatch('secret-but-longer', 'secret')).toBe(false);
  });

  it('makes session values that hold neither the token nor a bearer secret', () => {
    const value = sessionValue('secret', now + 60);
    expect(value).toMatch(new RegExp(`^${now + 60}\\.[A-Za-z0-9_-]{43}$`));
    expect(value).not.toContain('secret');
    expect(csrfValue('secret')).not.toBe(value.split('.')[1]);
    expect(csrfValue('secret')).not.toBe(csrfValue('other'));
  });

  it('accepts a session until it expires, and only for the token that made it', () => {
    const value = sessionValue('secret', now + 60);
    expect(validSession(value, 'secret', now)).toBe(true);
    expect(validSession(value, 'secret', now + 60)).toBe(false);
    expect(validSession(value, 'other', now)).toBe(false);
    // NOTE: moving the expiry forward breaks the MAC.
    expect(validSession(value.replace(String(now + 60), String(now + 9999)), 'secret', now)).toBe(false);
    expect(validSession('garbage', 'secret', now)).toBe(false);
  });

  it('reads one cookie out of a Cookie header', () => {
    expect(readCookie('a=1; b=two; c=', 'b')).toBe('two');
    expect(readCookie('a=1; b=two; c=', 'c')).toBe('');
    expect(readCookie('ab=1', 'b')).toBeNull();
    expect(readCookie(undefined, 'b')).toBeNull();
  });

  it('writes HttpOnly, SameSite=Strict cookies scoped to /admin, Secure on https', () => {
    expect(sessionCookie('v', false)).toBe(`${ADMIN_COOKIE}=v; Max-Age=28800; Path=/admin; HttpOnly; SameSite=Strict`);
    expect(sessionCookie(null, true)).toBe(
      `${ADMIN_COOKIE}=; Max-Age=0; Path=/admin; HttpOnly; SameSite=Strict; Secure`,
    );
  });

  it('decides access: off without a token, allowed by cookie or bearer token, denied otherwise', () => {
    const value = sessionValue('secret', now + 60);
    expect(adminAccess(null, { cookie: cookieOf(value) }, now)).toBe('off');
    expect(adminAccess('secret', { cookie: cookieOf(value) }, now)).toBe('allowed');
    expect(adminAccess('secret', { cookie: cookieOf(value) }, now + 61)).toBe('denied');
    expect(adminAccess('secret', { authorization: 'Bearer secret' }, now)).toBe('allowed');
    expect(adminAccess('secret', { authorization: 'Bearer wrong', cookie: cookieOf(value) }, now)).toBe('denied');
    expect(adminAccess('secret', { cookie: cookieOf('secret') }, now)).toBe('denied');
    expect(adminAccess('secret', {}, now)).toBe('denied');
  });
});
