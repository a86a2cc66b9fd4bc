/** Options of {@link GroupCommit}. */
export interface GroupCommitOptions {
  /** Most items written by one flush. */
  maxBatch: number;
  /** Most flushes running at once; further items wait and go out together in the next one. */
  maxInFlight: number;
}

interface Waiting<I, O> {
  item: I;
  resolve(value: O): void;
  reject(error: unknown): void;
}

/**
 * Group commit: items submitted while earlier flushes run are written together by one flush. A lone item is flushed
 * at once (no timer, no added delay); under load, items arriving during a flush share the next one, so the number of
 * statements grows with the number of flushes, not of items. A flush that throws rejects every item it carried.
 */
export class GroupCommit<I, O> {
  private waiting: Waiting<I, O>[] = [];
  private inFlight = 0;

  constructor(
    private readonly flush: (items: I[]) => Promise<O[]>,
    private readonly options: GroupCommitOptions,
  ) {}

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.drain();
    });
  }

  private drain(): void {
    while (this.inFlight < this.options.maxInFlight && this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.options.maxBatch);
      this.inFlight++;
      void this.run(batch);
    }
  }

  private async run(batch: Waiting<I, O>[]): Promise<void> {
    try {
      const results = await this.flush(batch.map((w) => w.item));
      if (results.length !== batch.length) throw new Error(`a flush of ${batch.length} answered ${results.length}`);
      batch.forEach((w, i) => w.resolve(results[i]));
    } catch (error) {
      for (const w of batch) w.reject(error);
    } finally {
      this.inFlight--;
      this.drain();
    }
  }
}
