import { Provider, Type } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { CommentAdapter } from './interfaces/comment-adapter.interface';
import { SpamChecker } from './interfaces/spam-checker.interface';
import { UrlResolver } from './interfaces/url-resolver.interface';
import type { ProviderOption, WebmentionModuleOptions } from './interfaces/webmention-options.interface';
import { HostUrlResolver } from './receive/host-url-resolver';
import { NoopSpamChecker } from './spam/noop-spam-checker';
import { HostLimiter } from './http/host-limiter';
import { SafeFetcher } from './http/safe-fetcher';
import { MODULE_OPTIONS_TOKEN } from './webmention.module-definition';
import { ResolvedWebmentionOptions, resolveOptions } from './resolve-options';
import { WEBMENTION_FETCHER, WEBMENTION_HOST_LIMITER, WEBMENTION_RESOLVED_OPTIONS } from './webmention.constants';

function isClass<T>(value: ProviderOption<T>): value is Type<T> {
  return typeof value === 'function' && /^class[\s{]/.test(Function.prototype.toString.call(value));
}

/** A class option is instantiated by Nest (so it may inject the host's providers); an instance is used as given. */
async function instantiate<T>(moduleRef: ModuleRef, option: ProviderOption<T>): Promise<T> {
  return isClass(option) ? moduleRef.create(option) : option;
}

/** Providers that turn the raw options into the services' configuration and the pluggable providers. */
export function createWebmentionProviders(): Provider[] {
  return [
    {
      provide: WEBMENTION_RESOLVED_OPTIONS,
      useFactory: (options: WebmentionModuleOptions) => resolveOptions(options),
      inject: [MODULE_OPTIONS_TOKEN],
    },
    {
      provide: UrlResolver,
      useFactory: (options: ResolvedWebmentionOptions, moduleRef: ModuleRef) =>
        instantiate(moduleRef, options.urlResolver ?? new HostUrlResolver()),
      inject: [WEBMENTION_RESOLVED_OPTIONS, ModuleRef],
    },
    {
      provide: SpamChecker,
      useFactory: (options: ResolvedWebmentionOptions, moduleRef: ModuleRef) =>
        instantiate(moduleRef, options.spamChecker ?? new NoopSpamChecker()),
      inject: [WEBMENTION_RESOLVED_OPTIONS, ModuleRef],
    },
    {
      provide: CommentAdapter,
      useFactory: (options: ResolvedWebmentionOptions, moduleRef: ModuleRef) =>
        options.commentAdapter ? instantiate(moduleRef, options.commentAdapter) : null,
      inject: [WEBMENTION_RESOLVED_OPTIONS, ModuleRef],
    },
    {
      provide: WEBMENTION_HOST_LIMITER,
      useFactory: (options: ResolvedWebmentionOptions) => new HostLimiter(options.send.perHostConcurrency),
      inject: [WEBMENTION_RESOLVED_OPTIONS],
    },
    {
      provide: WEBMENTION_FETCHER,
      useFactory: (options: ResolvedWebmentionOptions) => new SafeFetcher(options.http),
      inject: [WEBMENTION_RESOLVED_OPTIONS],
    },
  ];
}
