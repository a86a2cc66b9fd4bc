import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import { APP_CONFIG } from '../app.constants';
import type { AppConfig } from '../config';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Lets a request through when it carries `Authorization: Bearer <ADMIN_TOKEN>`. */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    if (!this.config.adminToken) throw new ForbiddenException('The admin API is off: set ADMIN_TOKEN to turn it on.');
    const header =
      context.switchToHttp().getRequest<{ headers: Record<string, string | undefined> }>().headers.authorization ?? '';
    const token = /^Bearer\s+(.+)$/i.exec(header)?.[1] ?? '';
    // NOTE: compare digests so the comparison takes the same time whatever the token's length.
    if (!timingSafeEqual(digest(token), digest(this.config.adminToken))) {
      throw new UnauthorizedException('Send Authorization: Bearer <ADMIN_TOKEN>.');
    }
    return true;
  }
}
