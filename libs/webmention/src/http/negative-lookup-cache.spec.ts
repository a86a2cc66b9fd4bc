import type { LookupAddress } from 'node:dns';
import { withNegativeLookupCache } from './negative-lookup-cache';

function failing(code: string) {
  const error = Object.assign(new Error(`getaddrinfo ${code} x`), { code });
  return error;
}

describe('withNegativeLookupCache', () => {
  let clock = 0;
  const now = () => clock;
  let answers: Record<string, LookupAddress[] | string>;
  let asked: string[];
  const lookup = async (host: string): Promise<LookupAddress[]> => {
    asked.push(host);
    const answer = answers[host];
    if (typeof answer === 'string') throw failing(answer);
    return answer;
  };
  beforeEach(() => {
    clock = 0;
    asked = [];
    answers = {
      'gone.example': 'ENOTFOUND',
      'ok.example': [{ address: '192.0.2.1', family: 4 }],
      'flaky.example': 'ECONNREFUSED',
    };
  });

  it('fails a name that did not resolve again at once for the window, then asks DNS again', async () => {
    const cached = withNegativeLookupCache(lookup, 30_000, now);
    for (let i = 0; i < 5; i++) await expect(cached('gone.example')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    await expect(cached('GONE.example')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    expect(asked).toEqual(['gone.example']);
    clock = 30_001;
    answers['gone.example'] = [{ address: '192.0.2.9', family: 4 }];
    await expect(cached('gone.example')).resolves.toEqual([{ address: '192.0.2.9', family: 4 }]);
    expect(asked).toEqual(['gone.example', 'gone.example']);
  });

  it('never caches answers or other errors', async () => {
    const cached = withNegativeLookupCache(lookup, 30_000, now);
    await cached('ok.example');
    await cached('ok.example');
    await expect(cached('flaky.example')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await expect(cached('flaky.example')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(asked).toEqual(['ok.example', 'ok.example', 'flaky.example', 'flaky.example']);
  });

  it('is off with a ttl of 0', async () => {
    const cached = withNegativeLookupCache(lookup, 0, now);
    await expect(cached('gone.example')).rejects.toThrow();
    await expect(cached('gone.example')).rejects.toThrow();
    expect(asked).toHaveLength(2);
  });
});
