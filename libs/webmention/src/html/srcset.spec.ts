import { srcsetUrls } from './srcset';

describe('srcsetUrls', () => {
  it.each([
    ['/a.png', ['/a.png']],
    ['/a.png 1x, /b.png 2x', ['/a.png', '/b.png']],
    ['/a.webp 480w,/b.webp 800w', ['/a.webp', '/b.webp']],
    ['  /a.png  ,  /b.png 2x ', ['/a.png', '/b.png']],
    [',,, /a.png, /b.png 2x', ['/a.png', '/b.png']],
    ['/a.png,/b.png 2x', ['/a.png,/b.png']],
    ['/a.png, /b.png', ['/a.png', '/b.png']],
    ['/a.png 1x (x, y), /b.png 2x', ['/a.png', '/b.png']],
    ['data:image/png;base64,AAAA 1x', ['data:image/png;base64,AAAA']],
    ['', []],
    [' , , ', []],
  ])('%j -> %j', (srcset, urls) => {
    expect(srcsetUrls(srcset)).toEqual(urls);
  });

  it('stays linear on hostile values', () => {
    const started = Date.now();
    srcsetUrls('x' + ','.repeat(200_000) + 'y,');
    srcsetUrls('/a.png 1x ' + '('.repeat(200_000) + ', /b.png');
    expect(Date.now() - started).toBeLessThan(500);
  });
});
