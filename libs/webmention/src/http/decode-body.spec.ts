import { mediaType } from '../html/media-type';
import { decodeBody } from './decode-body';

const bytes = (...values: number[]): Buffer => Buffer.from(values);
const utf8 = (text: string): Buffer => Buffer.from(text, 'utf8');
const latin1 = (text: string): Buffer => Buffer.from(text, 'latin1');

describe('mediaType', () => {
  it.each<[string | undefined, string]>([
    [undefined, ''],
    ['', ''],
    ['text/html', 'text/html'],
    ['text/html; charset=utf-8', 'text/html'],
    ['Text/HTML;Charset=UTF-8', 'text/html'],
    ['  application/json  ; charset=utf-8', 'application/json'],
    ['application/xhtml+xml;', 'application/xhtml+xml'],
    ['; charset=utf-8', ''],
  ])('%j → %j', (header, expected) => {
    expect(mediaType(header)).toBe(expected);
  });
});

describe('decodeBody', () => {
  describe('default', () => {
    it('decodes UTF-8 when nothing declares an encoding', () => {
      expect(decodeBody(utf8('Zoë ✓ テスト'), undefined)).toBe('Zoë ✓ テスト');
      expect(decodeBody(utf8('{"name":"Zoë ✓"}'), 'application/json')).toBe('{"name":"Zoë ✓"}');
    });
    it('replaces invalid UTF-8 instead of throwing', () => {
      expect(decodeBody(bytes(0x66, 0xff, 0x6f), 'text/plain')).toBe('f\ufffdo');
    });
    it('returns an empty string for an empty body, whatever the charset', () => {
      expect(decodeBody(Buffer.alloc(0), undefined)).toBe('');
      expect(decodeBody(Buffer.alloc(0), 'text/html; charset=utf-16le')).toBe('');
      expect(decodeBody(Buffer.alloc(0), 'text/plain; charset=windows-1252')).toBe('');
    });
    it('falls back to UTF-8 for an unknown charset label', () => {
      expect(decodeBody(utf8('plain ✓'), 'text/plain; charset=bogus')).toBe('plain ✓');
      expect(decodeBody(utf8('<meta charset="no-such-thing"><p>✓'), 'text/html')).toBe(
        '<meta charset="no-such-thing"><p>✓',
      );
    });
  });

  describe('byte order marks', () => {
    it('detects a UTF-8 BOM and strips it', () => {
      expect(decodeBody(Buffer.concat([bytes(0xef, 0xbb, 0xbf), utf8('hé ✓')]), undefined)).toBe('hé ✓');
    });
    it('detects a UTF-16LE BOM and strips it', () => {
      expect(decodeBody(bytes(0xff, 0xfe, 0x68, 0x00, 0xe9, 0x00), undefined)).toBe('hé');
    });
    it('detects a UTF-16BE BOM and strips it', () => {
      expect(decodeBody(bytes(0xfe, 0xff, 0x00, 0x68, 0x00, 0xe9), undefined)).toBe('hé');
    });
    it('lets the BOM win over the Content-Type charset and a <meta> charset', () => {
      const body = Buffer.concat([bytes(0xef, 0xbb, 0xbf), utf8('<meta charset="iso-8859-1">é')]);
      expect(decodeBody(body, 'text/html; charset=iso-8859-1')).toBe('<meta charset="iso-8859-1">é');
    });
  });

  describe('Content-Type charset', () => {
    it.each([
      'text/plain; charset=iso-8859-1',
      'text/plain; charset="iso-8859-1"',
      'text/plain;charset=ISO-8859-1',
      'TEXT/PLAIN; CHARSET=Iso-8859-1',
      'text/plain; format=flowed; charset = "iso-8859-1"; delsp=yes',
    ])('reads %j', (header) => {
      expect(decodeBody(latin1('café naïve'), header)).toBe('café naïve');
    });
    it('decodes a multi-byte charset', () => {
      expect(decodeBody(bytes(0x83, 0x65, 0x83, 0x58, 0x83, 0x67), 'text/plain; charset=Shift_JIS')).toBe('テスト');
    });
    it('decodes UTF-16LE declared without a BOM', () => {
      expect(decodeBody(bytes(0x68, 0x00, 0xe9, 0x00), 'text/plain; charset=utf-16le')).toBe('hé');
    });
    it('wins over a <meta> charset', () => {
      expect(decodeBody(utf8('<meta charset="iso-8859-1"><p>é'), 'text/html; charset=utf-8')).toBe(
        '<meta charset="iso-8859-1"><p>é',
      );
    });
    it('ignores an empty charset parameter', () => {
      expect(decodeBody(utf8('é ✓'), 'text/plain; charset=""')).toBe('é ✓');
    });
  });

  describe('windows-1252', () => {
    it('decodes the euro sign and smart quotes (0x80, 0x93, 0x94)', () => {
      expect(decodeBody(bytes(0x80, 0x20, 0x93, 0x71, 0x94), 'text/plain; charset=windows-1252')).toBe('€ “q”');
    });
    it('maps every byte 0x80-0x9f to its windows-1252 character, undefined ones to C1 controls', () => {
      const all = bytes(...Array.from({ length: 32 }, (_, i) => 0x80 + i));
      expect(decodeBody(all, 'text/plain; charset=windows-1252')).toBe(
        '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ',
      );
    });
    it('decodes bytes 0xa0-0xff as Latin-1', () => {
      expect(decodeBody(bytes(0xa0, 0xe9, 0xfc, 0xff), 'text/plain; charset=windows-1252')).toBe('\u00a0éüÿ');
    });
    it.each(['latin1', 'iso-8859-1', 'ISO-8859-1', 'us-ascii', 'ascii', 'cp1252'])(
      'treats the %s label as windows-1252',
      (label) => {
        expect(decodeBody(bytes(0x80, 0x93, 0x94, 0xe9), `text/plain; charset=${label}`)).toBe('€“”é');
      },
    );
  });

  describe('<meta> charset', () => {
    it('reads <meta charset> in text/html', () => {
      expect(decodeBody(latin1('<meta charset="iso-8859-1"><p>über'), 'text/html')).toBe(
        '<meta charset="iso-8859-1"><p>über',
      );
    });
    it('reads an unquoted, single-quoted or upper-case <meta charset>', () => {
      expect(decodeBody(latin1('<META CHARSET=ISO-8859-1>ü'), 'text/html')).toBe('<META CHARSET=ISO-8859-1>ü');
      expect(decodeBody(latin1("<meta charset='windows-1252'>\x93"), 'text/html')).toBe(
        "<meta charset='windows-1252'>“",
      );
    });
    it('reads the charset in <meta http-equiv content="...; charset=...">', () => {
      const html = '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252"><p>\x80 \x93q\x94';
      expect(decodeBody(latin1(html), 'text/html')).toBe(
        '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252"><p>€ “q”',
      );
    });
    it('reads it in application/xhtml+xml and when there is no Content-Type', () => {
      expect(decodeBody(latin1('<meta charset="iso-8859-1">é'), 'application/xhtml+xml')).toBe(
        '<meta charset="iso-8859-1">é',
      );
      expect(decodeBody(latin1('<meta charset="iso-8859-1">é'), undefined)).toBe('<meta charset="iso-8859-1">é');
    });
    it('reads a multi-byte charset from <meta>', () => {
      const body = Buffer.concat([utf8('<meta charset="shift_jis">'), bytes(0x83, 0x65, 0x83, 0x58, 0x83, 0x67)]);
      expect(decodeBody(body, 'text/html')).toBe('<meta charset="shift_jis">テスト');
    });
    it('only looks at the first 1024 bytes', () => {
      const html = `${' '.repeat(1024)}<meta charset="iso-8859-1">é`;
      expect(decodeBody(utf8(html), 'text/html')).toBe(html);
    });
    it.each(['application/json', 'text/plain', 'application/xml'])('is ignored for %s', (type) => {
      const text = '<meta charset="iso-8859-1">é';
      expect(decodeBody(utf8(text), type)).toBe(text);
    });
  });
});
