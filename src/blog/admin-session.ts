import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** Name of the cookie that keeps an admin signed in to the blog's admin pages. */
export const ADMIN_COOKIE = 'blog_admin';
/** How long a sign-in lasts, in seconds. */
export const ADMIN_SESSION_SECONDS = 8 * 3600;

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Compares two secrets in constant time, whatever their lengths (digests, as in `AdminTokenGuard`). */
export function secretsMatch(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * The cookie value of a sign-in lasting until `expiresAt` (epoch seconds): the expiry and an HMAC of it keyed by the
 * token, never the token itself, so the cookie cannot be replayed as a bearer token, stops working when it expires,
 * and changing ADMIN_TOKEN signs everyone out.
 */
export function sessionValue(adminToken: string, expiresAt: number): string {
  const mac = createHmac('sha256', adminToken).update(`blog-admin-session:${expiresAt}`).digest('base64url');
  return `${expiresAt}.${mac}`;
}

/** True when `value` is a session cookie made with this token that has not expired at `now` (epoch seconds). */
export function validSession(value: string, adminToken: string, now: number): boolean {
  const expiresAt = Number(/^(\d{1,12})\./.exec(value)?.[1] ?? NaN);
  if (!Number.isInteger(expiresAt) || expiresAt <= now) return false;
  return secretsMatch(value, sessionValue(adminToken, expiresAt));
}

/**
 * The CSRF value the admin forms carry. NOTE: the cookie is SameSite=Strict already; the form field also stops a
 * same-site page that is not ours (another app on the same host) from posting with the admin's cookie.
 */
export function csrfValue(adminToken: string): string {
  return createHmac('sha256', adminToken).update('blog-admin-csrf').digest('base64url');
}

/** The value of cookie `name` in a `Cookie` header, or null. */
export function readCookie(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/** `Set-Cookie` value that signs in (`value` set) or out (`value` null). */
export function sessionCookie(value: string | null, secure: boolean): string {
  const attributes = ['Path=/admin', 'HttpOnly', 'SameSite=Strict', ...(secure ? ['Secure'] : [])];
  const lifetime = value === null ? 'Max-Age=0' : `Max-Age=${ADMIN_SESSION_SECONDS}`;
  return [`${ADMIN_COOKIE}=${value ?? ''}`, lifetime, ...attributes].join('; ');
}

/** What a request to an admin page may do. */
export type AdminAccess = 'allowed' | 'off' | 'denied';

/** The request's standing: `off` without ADMIN_TOKEN; `allowed` with the session cookie or `Bearer <ADMIN_TOKEN>`. */
export function adminAccess(
  adminToken: string | null,
  headers: { cookie?: string; authorization?: string },
  now = Math.floor(Date.now() / 1000),
): AdminAccess {
  if (!adminToken) return 'off';
  const bearer = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '')?.[1];
  if (bearer !== undefined) return secretsMatch(bearer, adminToken) ? 'allowed' : 'denied';
  const cookie = readCookie(headers.cookie, ADMIN_COOKIE);
  return cookie !== null && validSession(cookie, adminToken, now) ? 'allowed' : 'denied';
}
