/** Kinds of response in the order the home page lists their counts, with their singular and plural labels. */
const LABELS: [kind: string, one: string, many: string][] = [
  ['like', 'like', 'likes'],
  ['repost', 'repost', 'reposts'],
  ['reply', 'reply', 'replies'],
  ['mention', 'mention', 'mentions'],
  ['bookmark', 'bookmark', 'bookmarks'],
  ['rsvp', 'RSVP', 'RSVPs'],
];

/** A post's response counts by kind as `{ count, label }` entries ("2 likes"), kinds without responses left out. */
export function responseCounts(byType: Partial<Record<string, number>>): { count: number; label: string }[] {
  return LABELS.filter(([kind]) => (byType[kind] ?? 0) > 0).map(([kind, one, many]) => {
    const count = byType[kind]!;
    return { count, label: count === 1 ? one : many };
  });
}
