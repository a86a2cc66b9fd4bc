import { Injectable } from '@nestjs/common';

/**
 * Ids of the Bull jobs this process is running now. Bull keeps that state in Redis, which can lose it (a Redis
 * restarted empty): the queue asks here too, so a job still running in this process is not queued a second time.
 */
@Injectable()
export class RunningJobs {
  private readonly ids = new Map<string, number>();

  /** Runs `work` with `id` marked as running. */
  async track<T>(id: string, work: () => Promise<T>): Promise<T> {
    this.ids.set(id, (this.ids.get(id) ?? 0) + 1);
    try {
      return await work();
    } finally {
      const left = (this.ids.get(id) ?? 1) - 1;
      if (left > 0) this.ids.set(id, left);
      else this.ids.delete(id);
    }
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }
}
