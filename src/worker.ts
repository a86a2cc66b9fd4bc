import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';

/** A queue worker: no HTTP server, only the Webmention processor (needs REDIS_URL). */
async function bootstrap(): Promise<void> {
  const app = await NestFactory.createApplicationContext(AppModule.forRoot({ role: 'worker' }));
  app.enableShutdownHooks();
  new Logger('ExampleWorker').log('Processing Webmention jobs from Redis');
}

bootstrap().catch((error: Error) => {
  console.error(`Could not start the worker: ${error.message}`);
  process.exit(1);
});
