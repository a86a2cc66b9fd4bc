import { SetMetadata } from '@nestjs/common';
import type { JobHandlerOptions } from './job-handler.interface';

/** Metadata key under which `@WebmentionJobHandler` stores the job name and options. */
export const JOB_HANDLER_METADATA = 'WEBMENTION:JOB_HANDLER';

/** What `@WebmentionJobHandler` records on a class. */
export interface JobHandlerMetadata extends JobHandlerOptions {
  name: string;
}

/** Marks a provider as the handler of the jobs named `name`; the queue finds it at boot. */
export const WebmentionJobHandler = (name: string, options: JobHandlerOptions = {}): ClassDecorator =>
  SetMetadata<string, JobHandlerMetadata>(JOB_HANDLER_METADATA, { name, ...options });
