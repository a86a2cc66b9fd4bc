import request from 'supertest';
import type { TestApp } from './test-app';

/** Submits `source` → `target` at the endpoint for each source in turn, each one answered 201. */
export async function submitEach(t: TestApp, sources: string[], target: string): Promise<void> {
  for (const source of sources) {
    await request(t.url).post('/webmention').type('form').send({ source, target }).expect(201);
  }
}
