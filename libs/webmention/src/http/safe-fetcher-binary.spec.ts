import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SafeFetcher } from './safe-fetcher';

// NOTE: bytes that are not valid UTF-8, so a decoded body could not give them back.
const BYTES = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0xff, 0xfe, 0x00, 0x80, 0xc3, 0x28]);

describe('SafeFetcher binary bodies', () => {
  let server: http.Server;
  let base = '';
  const fetcher = new SafeFetcher({ allowPrivateAddresses: true, timeoutMs: 3000 });

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.url === '/big') return void res.writeHead(200, { 'Content-Type': 'image/png' }).end(Buffer.alloc(64));
      res.writeHead(200, { 'Content-Type': 'image/png' }).end(BYTES);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await fetcher.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('keeps the bytes as they came with binary: true, and leaves body empty', async () => {
    const res = await fetcher.request(`${base}/img`, { binary: true });
    if (!res.ok) throw new Error(res.message);
    expect(res.raw?.equals(BYTES)).toBe(true);
    expect(res.body).toBe('');
    expect(res.bytes).toBe(BYTES.length);
  });

  it('decodes as before without it', async () => {
    const res = await fetcher.request(`${base}/img`);
    if (!res.ok) throw new Error(res.message);
    expect(res.raw).toBeUndefined();
    expect(res.body.length).toBeGreaterThan(0);
    expect(Buffer.from(res.body).equals(BYTES)).toBe(false);
  });

  it('applies the per-request body cap to binary bodies', async () => {
    const res = await fetcher.request(`${base}/big`, { binary: true, maxBodyBytes: 32 });
    expect(res).toMatchObject({ ok: false, reason: 'too_large' });
  });
});
