import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { loadConfig } from './config';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const app = await NestFactory.create(AppModule.forRoot({ role: 'web', config }));
  app.enableShutdownHooks();
  await app.listen(config.port);
  const logger = new Logger('ExampleBlog');
  logger.log(`Blog at ${config.baseUrl}/ — Webmention endpoint ${config.baseUrl}/webmention`);
  logger.log(
    `Storage: ${config.databaseUrl ? 'PostgreSQL' : `SQLite (${config.sqlitePath})`}; queue: ${config.redisUrl ? 'Bull on Redis' : 'in-process'}`,
  );
}

bootstrap().catch((error: Error) => {
  console.error(`Could not start the blog: ${error.message}`);
  process.exit(1);
});
