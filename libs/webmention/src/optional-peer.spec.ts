import { requireOptionalPeer, setPeerResolver, tryOptionalPeer } from './optional-peer';
import { WebmentionConfigError } from './webmention-config.exception';
import { WebmentionModule } from './webmention.module';
import { WEBMENTION_EVENT_EMITTER } from './webmention.constants';
import { EventEmitter2 } from '@nestjs/event-emitter';

/** A resolver that behaves as Node's does when `missing` is not installed, and loads everything else for real. */
function without(missing: string) {
  return (name: string): unknown => {
    if (name === missing) {
      const error = new Error(`Cannot find module '${name}'`) as Error & { code: string };
      error.code = 'MODULE_NOT_FOUND';
      throw error;
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(name);
  };
}

describe('optional peers', () => {
  let previous: ReturnType<typeof setPeerResolver>;
  afterEach(() => setPeerResolver(previous));

  it('loads an installed peer', () => {
    previous = setPeerResolver(without('nothing'));
    expect(requireOptionalPeer<{ BullModule: unknown }>('@nestjs/bull', "queue: 'bull'").BullModule).toBeDefined();
    expect(tryOptionalPeer('@nestjs/event-emitter')).toBeDefined();
  });

  it('names the package to install and the option that needs it', () => {
    previous = setPeerResolver(without('@nestjs/bull'));
    const load = () => requireOptionalPeer('@nestjs/bull', "queue: 'bull'", '@nestjs/bull bull');
    expect(load).toThrow(WebmentionConfigError);
    expect(load).toThrow(
      `WebmentionModule: queue: 'bull' needs the package "@nestjs/bull", which is not installed. Run: npm install @nestjs/bull bull`,
    );
  });

  it("stops forRoot with queue: 'bull' when @nestjs/bull or bull is missing, and not the inline queue", () => {
    for (const missing of ['@nestjs/bull', 'bull']) {
      previous = setPeerResolver(without(missing));
      expect(() => WebmentionModule.forRoot({ baseUrl: 'https://blog.example', queue: 'bull' })).toThrow(
        `queue: 'bull' needs the package "${missing}", which is not installed. Run: npm install @nestjs/bull bull`,
      );
      expect(WebmentionModule.forRoot({ baseUrl: 'https://blog.example', queue: 'inline' }).module).toBe(
        WebmentionModule,
      );
      setPeerResolver(previous);
    }
  });

  it("provides no event emitter when @nestjs/event-emitter is missing, and the host's when it is there", () => {
    const emitterOf = () =>
      (WebmentionModule.forRoot({ baseUrl: 'https://blog.example' }).providers ?? []).find(
        (p) => typeof p === 'object' && p.provide === WEBMENTION_EVENT_EMITTER,
      );
    previous = setPeerResolver(without('@nestjs/event-emitter'));
    expect(emitterOf()).toEqual({ provide: WEBMENTION_EVENT_EMITTER, useValue: null });
    setPeerResolver(previous);
    expect(emitterOf()).toMatchObject({ inject: [{ token: EventEmitter2, optional: true }] });
  });

  it('gives undefined for a missing peer that is only a nicety', () => {
    previous = setPeerResolver(without('@nestjs/event-emitter'));
    expect(tryOptionalPeer('@nestjs/event-emitter')).toBeUndefined();
  });

  it('rethrows an error from inside an installed peer', () => {
    previous = setPeerResolver(() => {
      const error = new Error("Cannot find module 'ioredis'") as Error & { code: string };
      error.code = 'MODULE_NOT_FOUND';
      throw error;
    });
    expect(() => requireOptionalPeer('bull', "queue: 'bull'")).toThrow("Cannot find module 'ioredis'");
    expect(() => tryOptionalPeer('bull')).toThrow("Cannot find module 'ioredis'");
  });
});
