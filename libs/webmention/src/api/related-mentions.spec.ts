import { authorHosts, AuthoredMention, relatedIds } from './related-mentions';

const m = (id: number, target: string, authorUrl: string | null): AuthoredMention => ({
  id,
  targetMatchHash: target,
  authorUrl,
});

describe('relatedIds', () => {
  it('relates mentions of the same target by the same author, spelled in any matching way', () => {
    const items = [m(5, 'A', 'https://ada.example/'), m(4, 'A', 'https://bo.example/')];
    const candidates = [
      m(5, 'A', 'https://ada.example/'),
      m(3, 'A', 'https://www.ada.example'),
      m(2, 'B', 'https://ada.example/'),
      m(1, 'A', 'https://ada.example/other'),
      m(6, 'A', 'https://ADA.example/'),
    ];
    const related = relatedIds(items, candidates);
    expect(related.get(5)).toEqual([3, 6]);
    expect(related.get(4)).toEqual([]);
  });

  it('relates items of one page to each other without candidates', () => {
    const related = relatedIds([m(2, 'A', 'https://ada.example/'), m(1, 'A', 'https://ada.example')], []);
    expect(related.get(2)).toEqual([1]);
    expect(related.get(1)).toEqual([2]);
  });

  it('relates nothing to a mention without a usable author URL', () => {
    const related = relatedIds([m(2, 'A', null), m(1, 'A', 'not a url')], [m(3, 'A', null), m(4, 'A', 'not a url')]);
    expect(related.get(2)).toEqual([]);
    expect(related.get(1)).toEqual([]);
  });
});

describe('authorHosts', () => {
  it('gives each author host once, without www., in both spellings of international names', () => {
    expect(
      authorHosts([
        m(1, 'A', 'https://www.ada.example/'),
        m(2, 'A', 'https://ada.example/x'),
        m(3, 'A', null),
        m(4, 'A', 'https://bücher.example/'),
      ]),
    ).toEqual(['ada.example', 'xn--bcher-kva.example', 'bücher.example']);
  });
});
