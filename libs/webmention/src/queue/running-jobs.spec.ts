import { RunningJobs } from './running-jobs';

describe('RunningJobs', () => {
  it('marks a job running while its work runs, also when it throws, and counts two runs of one id', async () => {
    const running = new RunningJobs();
    let release!: () => void;
    const first = running.track('verify:1', () => new Promise<void>((r) => (release = r)));
    const second = running.track('verify:1', async () => {
      throw new Error('failed');
    });
    await expect(second).rejects.toThrow('failed');
    expect(running.has('verify:1')).toBe(true);
    release();
    await first;
    expect(running.has('verify:1')).toBe(false);
    expect(running.has('verify:2')).toBe(false);
  });
});
