import { etagMatches, etagOf } from './etag';

describe('etagOf', () => {
  it('is a quoted hash that changes with the body', () => {
    const a = etagOf(Buffer.from('a'));
    expect(a).toMatch(/^"[0-9a-f]{32}"$/);
    expect(etagOf(Buffer.from('a'))).toBe(a);
    expect(etagOf(Buffer.from('b'))).not.toBe(a);
  });
});

describe('etagMatches', () => {
  const tag = '"abc"';
  it.each([
    ['"abc"', true],
    ['W/"abc"', true],
    ['"x", "abc"', true],
    ['*', true],
    ['"abcd"', false],
    ['abc', false],
    ['"x,abc"', false],
    ['', false],
    [undefined, false],
  ])('%j -> %j', (header, expected) => {
    expect(etagMatches(header, tag)).toBe(expected);
  });
});
