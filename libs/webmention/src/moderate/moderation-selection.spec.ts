import { MAX_SELECTION_IDS, ModerationSelection, ModerationService } from './moderation.service';
import { selectionFilter } from './moderation-selection';

const validate = (selection: unknown, ...action: unknown[]) =>
  ModerationService.validate(action.length ? action[0] : 'approve', selection as ModerationSelection);

describe('ModerationService.validate', () => {
  it.each([
    ['ids', { ids: [1, 2, 3] }],
    ['a status', { filter: { status: ['spam'] } }],
    ['a moderation state', { filter: { moderation: ['pending'] } }],
    ['types', { filter: { types: ['like', 'reply'] } }],
    ['a target', { filter: { targets: ['https://blog.example/posts/a'] } }],
    ['a source host', { filter: { sourceHost: 'Spam.Example' } }],
    ['a date', { filter: { since: new Date('2024-01-01') } }],
    ['words', { filter: { search: 'cheap pills' } }],
    ['filter ids', { filter: { ids: [4] } }],
    ['ids and a filter', { ids: [1], filter: { status: ['verified'] } }],
    ['a filter with undefined criteria beside a real one', { filter: { status: undefined, sourceHost: 'a.example' } }],
  ])('accepts a selection by %s', (_name, selection) => {
    expect(validate(selection)).toBeNull();
  });

  it.each(['approve', 'reject', 'spam', 'not_spam', 'delete', 'reverify'])('accepts the action %s', (action) => {
    expect(validate({ ids: [1] }, action)).toBeNull();
  });

  it.each([
    [
      'an unknown action',
      'publish',
      /action must be one of approve, reject, spam, not_spam, delete, reverify \(got "publish"\)/,
    ],
    ['a missing action', undefined, /action must be one of/],
    ['the CLI spelling', 'not-spam', /got "not-spam"/],
  ])('refuses %s', (_name, action, message) => {
    expect(validate({ ids: [1] }, action)).toMatch(message);
  });

  it.each([
    ['nothing', undefined, /choose the mentions/],
    ['an empty selection', {}, /give ids, or a filter with at least one criterion/],
    ['an empty filter', { filter: {} }, /at least one criterion/],
    ['a filter of undefined values', { filter: { status: undefined, search: undefined } }, /at least one criterion/],
    ['empty ids', { ids: [] }, /ids must not be empty/],
    ['ids that are not a list', { ids: 5 }, /ids must be a list/],
    ['a zero id', { ids: [1, 0] }, /positive whole numbers \(got 0\)/],
    ['a fractional id', { ids: [1.5] }, /got 1.5/],
    ['a string id', { ids: ['7'] }, /got "7"/],
    ['an undefined id', { ids: [1, undefined] }, /positive whole numbers/],
    ['NaN', { ids: [NaN] }, /got NaN/],
    ['too many ids', { ids: Array.from({ length: MAX_SELECTION_IDS + 1 }, (_, i) => i + 1) }, /at most 1000/],
    ['a filter that is a list', { filter: [] }, /filter must be an object/],
    ['a misspelt criterion', { filter: { stauts: ['spam'], sourceHost: 'a.example' } }, /unknown criterion "stauts"/],
    ['an empty status list', { filter: { status: [] } }, /filter.status must be a list of one or more of pending/],
    [
      'an unknown status',
      { filter: { status: ['deleted'] } },
      /filter.status must be one or more of .* \(got "deleted"\)/,
    ],
    [
      'an unknown moderation state',
      { filter: { moderation: ['held'] } },
      /filter.moderation .*approved, pending, rejected/,
    ],
    ['an unknown type', { filter: { types: ['comment'] } }, /filter.types .*got "comment"/],
    ['a relative target', { filter: { targets: ['/posts/a'] } }, /filter.targets must be absolute http\(s\) URLs/],
    ['an empty target list', { filter: { targets: [] } }, /filter.targets must be a list/],
    ['a host with a port', { filter: { sourceHost: 'a.example:80' } }, /filter.sourceHost must be a host name/],
    ['a blank host', { filter: { sourceHost: ' ' } }, /sourceHost/],
    ['an invalid date', { filter: { since: new Date('nope') } }, /filter.since must be a valid date/],
    ['a date as a string', { filter: { since: '2024-01-01' } }, /filter.since/],
    ['blank search words', { filter: { search: '   ' } }, /filter.search must be some words/],
    ['a very long search', { filter: { search: 'x'.repeat(201) } }, /at most 200 characters/],
    ['bad ids next to a good filter', { ids: [-1], filter: { status: ['spam'] } }, /ids must be positive/],
  ])('refuses %s, saying what to fix', (_name, selection, message) => {
    expect(validate(selection)).toMatch(message);
  });
});

describe('selectionFilter', () => {
  it('keeps the given criteria and drops undefined ones', () => {
    expect(selectionFilter({ filter: { status: ['spam'], search: undefined, sourceHost: 'a.example' } })).toEqual({
      status: ['spam'],
      sourceHost: 'a.example',
    });
  });

  it('selects the ids, once each', () => {
    expect(selectionFilter({ ids: [3, 1, 3] })).toEqual({ ids: [3, 1] });
  });

  it('narrows a filter by ids, and filter ids by the selection ids', () => {
    expect(selectionFilter({ ids: [1, 2], filter: { moderation: ['pending'] } })).toEqual({
      moderation: ['pending'],
      ids: [1, 2],
    });
    expect(selectionFilter({ ids: [1, 2, 5], filter: { ids: [2, 5, 9] } })).toEqual({ ids: [2, 5] });
  });
});
