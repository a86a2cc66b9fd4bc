import { BullModule } from '@nestjs/bull';
import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { TypeOrmModule } from '@nestjs/typeorm';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { WEBMENTION_ENTITIES, WEBMENTION_MIGRATIONS, WebmentionModule } from 'nestjs-webmention';
import { APP_CONFIG } from './app.constants';
import { BlogCommentAdapter } from './blog/blog-comment.adapter';
import { BlogModule } from './blog/blog.module';
import { Comment } from './blog/comment.entity';
import { Post } from './blog/post.entity';
import { PostUrlResolver } from './blog/post-url.resolver';
import { PostsController } from './blog/posts.controller';
import { AdminController } from './blog/admin.controller';
import { AdminMentionsController } from './blog/admin-mentions.controller';
import { AdminTokenGuard } from './blog/admin-token.guard';
import { PostAdminService } from './blog/post-admin.service';
import { AppConfig, loadConfig } from './config';
import { HealthModule } from './health/health.module';
import { APP_MIGRATIONS } from './migrations';
import { securityHeaders } from './security-headers';

/** Which process this is: the web server, a queue worker, or a one-shot CLI command. */
export type AppRole = 'web' | 'worker' | 'cli';

/** Options of {@link AppModule.forRoot}. */
export interface AppModuleOptions {
  role: AppRole;
  /** Configuration; read from the environment when omitted. */
  config?: AppConfig;
  /** Run the queue processor in the web process too. @default true unless WEBMENTION_WORKERS=external */
  processInWeb?: boolean;
}

/** The example blog, wired as a user of nestjs-webmention would wire it. */
@Module({})
export class AppModule implements NestModule {
  /** Security headers (CSP and the rest, see `security-headers.ts`) on every response of the blog. */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(securityHeaders).forRoutes('*');
  }

  static forRoot(options: AppModuleOptions): DynamicModule {
    const config = options.config ?? loadConfig();
    const queue = config.redisUrl ? 'bull' : 'inline';
    if (options.role === 'worker' && queue !== 'bull') {
      throw new Error(
        'npm run worker needs REDIS_URL: separate workers share jobs through Redis. Without it, the web process runs the jobs itself.',
      );
    }
    if (!config.databaseUrl) mkdirSync(dirname(config.sqlitePath), { recursive: true });
    const processor =
      options.role === 'worker' ||
      (options.role === 'web' && (options.processInWeb ?? process.env.WEBMENTION_WORKERS !== 'external'));

    return {
      module: AppModule,
      imports: [
        TypeOrmModule.forRoot({
          ...(config.databaseUrl
            ? { type: 'postgres' as const, url: config.databaseUrl }
            : {
                type: 'better-sqlite3' as const,
                database: config.sqlitePath,
                // NOTE: WAL with synchronous=NORMAL: no fsync per insert, still crash-safe; measured 2x on the endpoint.
                enableWAL: true,
                prepareDatabase: (db: { pragma(sql: string): unknown }) => {
                  db.pragma('synchronous = NORMAL');
                },
              }),
          entities: [...WEBMENTION_ENTITIES, Post, Comment],
          migrations: [...WEBMENTION_MIGRATIONS, ...APP_MIGRATIONS],
          migrationsRun: true,
          synchronize: false,
        }),
        ...(queue === 'bull'
          ? [
              BullModule.forRoot({
                redis: config.redisUrl!,
                ...(config.jobLockMs
                  ? { settings: { lockDuration: config.jobLockMs, stalledInterval: config.jobLockMs } }
                  : {}),
              }),
            ]
          : []),
        EventEmitterModule.forRoot({ wildcard: true }),
        BlogModule,
        WebmentionModule.forRootAsync({
          isGlobal: true,
          queue,
          processor,
          controllers: options.role === 'web',
          // NOTE: author photos and content images are served from our origin, so readers never load them from
          // the sources (no tracking, no mixed content, no hotlinking); cached beside the SQLite file.
          mediaProxy: { enabled: true, cacheDir: join(dirname(config.sqlitePath), 'webmention-media') },
          imports: [BlogModule],
          useFactory: () => ({
            baseUrl: config.baseUrl,
            urlResolver: PostUrlResolver,
            commentAdapter: BlogCommentAdapter,
            http: {
              allowPrivateAddresses: config.allowPrivateAddresses,
              ...(config.userAgent ? { userAgent: config.userAgent } : {}),
            },
            initialModeration: config.initialModeration,
            autoApproveHosts: config.autoApproveHosts,
            rateLimit: config.rateLimit ?? false,
            // NOTE: a burst of mentions of one post looks the post up once; a post just published or deleted is
            // seen within five seconds.
            urlResolverCacheMs: 5000,
            // NOTE: the Link header on post pages; the <link> element comes from the webmentionEndpointLink helper.
            advertise: 'targets',
            // NOTE: the library's moderation API (/webmentions/moderation) takes the same bearer token as /admin/posts.
            moderation: { guard: AdminTokenGuard },
          }),
        }),
        ...(options.role === 'web' ? [HealthModule] : []),
      ],
      controllers: options.role === 'web' ? [PostsController, AdminController, AdminMentionsController] : [],
      providers: [{ provide: APP_CONFIG, useValue: config }, PostAdminService, AdminTokenGuard],
      exports: [APP_CONFIG],
      global: true,
    };
  }
}
