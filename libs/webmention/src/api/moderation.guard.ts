import { CanActivate, ExecutionContext, Inject, Injectable, OnModuleInit, Type } from '@nestjs/common';
import { HttpAdapterHost, ModuleRef } from '@nestjs/core';
import { isObservable, lastValueFrom } from 'rxjs';
import type { ResolvedWebmentionOptions } from '../resolve-options';
import { WEBMENTION_RESOLVED_OPTIONS } from '../webmention.constants';
import { BearerTokenGuard } from './bearer-token.guard';

/**
 * Guards the moderation routes with the host's guard class (`moderation.guard`) when one is configured, else with
 * the shipped {@link BearerTokenGuard} (which answers 404 when no token is configured either).
 */
@Injectable()
export class ModerationGuard implements CanActivate, OnModuleInit {
  private readonly bearer: BearerTokenGuard;
  private custom?: Promise<CanActivate>;

  constructor(
    @Inject(WEBMENTION_RESOLVED_OPTIONS) private readonly options: ResolvedWebmentionOptions,
    adapterHost: HttpAdapterHost,
    private readonly moduleRef: ModuleRef,
  ) {
    this.bearer = new BearerTokenGuard(options, adapterHost);
  }

  /** Creates the host's guard at boot, so a guard Nest cannot build fails the start, not the first request. */
  async onModuleInit(): Promise<void> {
    const guardClass = this.options.moderation.guard;
    if (guardClass) await (this.custom ??= this.instantiate(guardClass));
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const guardClass = this.options.moderation.guard;
    if (!guardClass) return this.bearer.canActivate(context);
    this.custom ??= this.instantiate(guardClass);
    const result = (await this.custom).canActivate(context);
    return isObservable(result) ? lastValueFrom(result) : result;
  }

  /**
   * The host's guard: the app's own instance when it is registered as a provider anywhere, else one Nest creates
   * with this module's injector (it may inject the library's providers and those of global modules).
   */
  private async instantiate(guardClass: Type<CanActivate>): Promise<CanActivate> {
    try {
      return this.moduleRef.get(guardClass, { strict: false });
    } catch {
      return this.moduleRef.create(guardClass);
    }
  }
}
