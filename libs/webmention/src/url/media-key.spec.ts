import { createHash } from 'node:crypto';
import { isMediaKey, mediaKeyOf, mediaUrlForm } from './media-key';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('mediaKeyOf', () => {
  it('is the SHA-256 hex of the serialised URL', () => {
    expect(mediaKeyOf('https://photos.example/me.jpg')).toBe(sha256('https://photos.example/me.jpg'));
  });

  it('gives spellings that serialise alike one key, and different URLs different keys', () => {
    const key = mediaKeyOf('https://photos.example/me.jpg');
    expect(mediaKeyOf(' HTTPS://Photos.EXAMPLE:443/me.jpg ')).toBe(key);
    expect(mediaKeyOf('https://photos.example/me.jpg?v=2')).not.toBe(key);
    expect(mediaKeyOf('https://photos.example/Me.jpg')).not.toBe(key);
    expect(mediaKeyOf('http://photos.example')).toBe(sha256('http://photos.example/'));
  });

  it.each([
    ['javascript:alert(1)'],
    ['data:image/png;base64,AAAA'],
    ['/relative.png'],
    [''],
    ['  '],
    [null],
    [undefined],
  ])('is null for %j', (url) => {
    expect(mediaKeyOf(url)).toBeNull();
    expect(mediaUrlForm(url)).toBeNull();
  });
});

describe('isMediaKey', () => {
  it('accepts 64 lowercase hex digits only', () => {
    expect(isMediaKey(mediaKeyOf('https://a.example/x.png'))).toBe(true);
    expect(isMediaKey('a'.repeat(64))).toBe(true);
    expect(isMediaKey('A'.repeat(64))).toBe(false);
    expect(isMediaKey('a'.repeat(63))).toBe(false);
    expect(isMediaKey('a'.repeat(65))).toBe(false);
    expect(isMediaKey(`${'a'.repeat(63)}g`)).toBe(false);
    expect(isMediaKey('../../etc/passwd')).toBe(false);
    expect(isMediaKey(42)).toBe(false);
  });
});
