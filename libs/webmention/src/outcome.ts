/** The one shape of "it worked / it did not" results in http, verify and send. */

/** Why something did not work, and whether trying again later may help. */
export interface Failure<R extends string = string> {
  /** Discriminant: it did not work. */
  ok: false;
  /** Machine-readable reason. */
  reason: R;
  /** Human-readable detail. */
  message: string;
  /** True when trying again later may succeed. */
  transient: boolean;
  /** Delay the other side asked for before trying again (`Retry-After`), in milliseconds. */
  retryAfterMs?: number;
}

/** The success side of an {@link Outcome}: `ok: true`, and none of a failure's fields (so they read as undefined). */
export interface Success {
  ok: true;
  reason?: undefined;
  message?: undefined;
  retryAfterMs?: undefined;
}

/** What worked (`ok: true` with its fields) or a {@link Failure} with its own extra fields; narrow on `ok`. */
export type Outcome<T extends object, R extends string = string, F extends object = object> =
  (Success & T) | (Failure<R> & F);
