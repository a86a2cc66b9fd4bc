import { acceptImage, sniffImageType } from './image-type';

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
const JPEG = Buffer.from('ffd8ffe000104a464946', 'hex');
const GIF = Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1');
const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBPVP8 ')]);
const AVIF = Buffer.concat([Buffer.from([0, 0, 0, 0x1c]), Buffer.from('ftypavif'), Buffer.alloc(8)]);
const ICO = Buffer.from([0, 0, 1, 0, 1, 0, 16, 16]);
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>');
const HTML = Buffer.from('<!doctype html><title>x</title>');

describe('sniffImageType', () => {
  it.each([
    [PNG, 'image/png'],
    [JPEG, 'image/jpeg'],
    [GIF, 'image/gif'],
    [WEBP, 'image/webp'],
    [AVIF, 'image/avif'],
    [ICO, 'image/x-icon'],
    [SVG, null],
    [HTML, null],
    [Buffer.alloc(0), null],
    [PNG.subarray(0, 4), null],
  ])('%#: %s', (bytes, type) => {
    expect(sniffImageType(bytes)).toBe(type);
  });
});

describe('acceptImage', () => {
  it('accepts raster images and serves the type their bytes are', () => {
    expect(acceptImage('image/png', PNG)).toEqual({ ok: true, type: 'image/png' });
    expect(acceptImage('IMAGE/JPEG; charset=binary', JPEG)).toEqual({ ok: true, type: 'image/jpeg' });
    expect(acceptImage('image/jpeg', PNG)).toEqual({ ok: true, type: 'image/png' });
    expect(acceptImage('image/vnd.microsoft.icon', ICO)).toEqual({ ok: true, type: 'image/x-icon' });
  });

  it('refuses SVG by its declared type, whatever the bytes', () => {
    expect(acceptImage('image/svg+xml', SVG)).toMatchObject({ ok: false, reason: 'svg', transient: false });
    expect(acceptImage('image/svg+xml; charset=utf-8', PNG)).toMatchObject({ ok: false, reason: 'svg' });
  });

  it('refuses bodies that are not declared as images', () => {
    expect(acceptImage('text/html; charset=utf-8', HTML)).toMatchObject({ ok: false, reason: 'not_image' });
    expect(acceptImage('application/octet-stream', PNG)).toMatchObject({ ok: false, reason: 'not_image' });
    expect(acceptImage('', PNG)).toMatchObject({ ok: false, reason: 'not_image' });
    expect(acceptImage(undefined, PNG)).toMatchObject({ ok: false, reason: 'not_image' });
  });

  it('refuses an SVG or HTML body that claims to be a raster image', () => {
    expect(acceptImage('image/png', SVG)).toMatchObject({ ok: false, reason: 'not_image' });
    expect(acceptImage('image/gif', HTML)).toMatchObject({ ok: false, reason: 'not_image' });
    expect(acceptImage('image/png', Buffer.alloc(0))).toMatchObject({ ok: false, reason: 'not_image' });
  });
});
