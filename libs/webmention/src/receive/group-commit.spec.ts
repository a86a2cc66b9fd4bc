import { GroupCommit } from './group-commit';

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('GroupCommit', () => {
  it('flushes a lone item at once, alone', async () => {
    const flushes: number[][] = [];
    const group = new GroupCommit<number, number>(async (items) => (flushes.push(items), items.map((i) => i * 10)), {
      maxBatch: 10,
      maxInFlight: 1,
    });
    await expect(group.submit(1)).resolves.toBe(10);
    expect(flushes).toEqual([[1]]);
  });

  it('gathers the items that arrive during a flush into the next one, each answered with its own result', async () => {
    const gates: ReturnType<typeof deferred<void>>[] = [];
    const flushes: number[][] = [];
    const group = new GroupCommit<number, string>(
      async (items) => {
        flushes.push(items);
        const gate = deferred<void>();
        gates.push(gate);
        await gate.promise;
        return items.map((i) => `r${i}`);
      },
      { maxBatch: 3, maxInFlight: 1 },
    );
    const answers = [1, 2, 3, 4, 5, 6].map((i) => group.submit(i));
    expect(flushes).toEqual([[1]]);
    gates[0].resolve();
    await new Promise((r) => setImmediate(r));
    expect(flushes).toEqual([[1], [2, 3, 4]]);
    gates[1].resolve();
    await new Promise((r) => setImmediate(r));
    gates[2].resolve();
    await expect(Promise.all(answers)).resolves.toEqual(['r1', 'r2', 'r3', 'r4', 'r5', 'r6']);
    expect(flushes).toEqual([[1], [2, 3, 4], [5, 6]]);
  });

  it('runs up to maxInFlight flushes at once', async () => {
    let running = 0;
    let most = 0;
    const group = new GroupCommit<number, number>(
      async (items) => {
        most = Math.max(most, ++running);
        await new Promise((r) => setTimeout(r, 5));
        running--;
        return items;
      },
      { maxBatch: 1, maxInFlight: 3 },
    );
    await Promise.all(Array.from({ length: 10 }, (_, i) => group.submit(i)));
    expect(most).toBe(3);
  });

  it('rejects every item of a flush that throws, and goes on with the next', async () => {
    let calls = 0;
    const group = new GroupCommit<number, number>(
      async (items) => {
        if (calls++ === 0) throw new Error('database gone');
        return items;
      },
      { maxBatch: 10, maxInFlight: 1 },
    );
    const first = group.submit(1);
    const second = group.submit(2);
    await expect(first).rejects.toThrow('database gone');
    await expect(second).resolves.toBe(2);
  });

  it('rejects the batch when the flush answers a different number of results', async () => {
    const group = new GroupCommit<number, number>(async () => [], { maxBatch: 10, maxInFlight: 1 });
    await expect(group.submit(1)).rejects.toThrow('a flush of 1 answered 0');
  });
});
