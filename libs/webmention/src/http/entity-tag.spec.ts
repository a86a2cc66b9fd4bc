import { entityTag, etagMatches } from './entity-tag';

describe('entityTag', () => {
  it('is a quoted hash, equal for equal bodies and different for different ones, strong or weak', () => {
    const tag = entityTag('{"items":[]}');
    expect(tag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(entityTag(Buffer.from('{"items":[]}'))).toBe(tag);
    expect(entityTag('{"items":[1]}')).not.toBe(tag);
    expect(entityTag('{"items":[]}', true)).toBe(`W/${tag}`);
  });
});

describe('etagMatches', () => {
  const tag = entityTag('body', true);
  const strong = tag.slice(2);

  it.each([
    [tag, true],
    [strong, true],
    [`"other", ${tag}`, true],
    [`W/"other",${strong}`, true],
    ['*', true],
    [' * ', true],
    ['W/"other"', false],
    [`"x,${strong.slice(1)}`, false],
    ['', false],
    [undefined, false],
    ['garbage', false],
    [strong.slice(1, -1), false],
    [tag.slice(0, -1), false],
    [`${'W/"x", '.repeat(2000)}${tag}`, false],
  ])('If-None-Match %j → %s', (header, expected) => {
    expect(etagMatches(header, tag)).toBe(expected);
  });
});
