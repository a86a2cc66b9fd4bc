import { estimateHtmlParseCost, HTML_PARSE_BUDGET } from './parse-budget';

describe('estimateHtmlParseCost', () => {
  it.each([
    ['empty', '', 0],
    ['flat siblings', '<p>a</p><p>b</p>', 0],
    ['two nested', '<div><div></div></div>', 1],
    ['void elements do not nest', '<br><img><hr><div></div>', 0],
    ['end tag closes', '<div></div><div></div><div></div>', 0],
    ['unmatched end tag ignored', '<div></span><div>', 1],
    ['implied p close keeps depth at one', '<p>a<p>b<p>c<p>d', 3],
    ['comment skipped', '<!-- <div><div><div> --><div>', 0],
    ['script text skipped', '<script><div><div></script><div>', 0],
    ['attributes squared', '<a b=1 c="2" d>', 9],
    ['svg self-closing', '<svg><path/><path/></svg>', 2],
  ])('%s', (_name, markup, cost) => {
    expect(estimateHtmlParseCost(markup)).toBe(cost);
  });

  it('grows quadratically with nesting', () => {
    expect(estimateHtmlParseCost('<div>'.repeat(100))).toBe((100 * 99) / 2);
  });
});

describe('HTML_PARSE_BUDGET', () => {
  it('stops counting soon after the limit is passed', () => {
    const full = estimateHtmlParseCost('<div>'.repeat(1000));
    const capped = estimateHtmlParseCost('<div>'.repeat(1000), 100);
    expect(capped).toBeGreaterThan(100);
    expect(capped).toBeLessThan(full);
  });

  it('is far above an ordinary page', () => {
    const page =
      '<html><head><title>t</title></head><body>' + '<p><a href="/x">x</a></p>'.repeat(1000) + '</body></html>';
    expect(estimateHtmlParseCost(page)).toBeLessThan(HTML_PARSE_BUDGET / 1000);
  });
});
