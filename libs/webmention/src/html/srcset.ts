/** Reading `srcset` attributes. */

/**
 * URLs of the candidates in a `srcset` attribute, in order, descriptors dropped.
 * NOTE: one linear scan, so hostile values (long runs of commas or parentheses) stay cheap.
 */
export function srcsetUrls(srcset: string): string[] {
  const urls: string[] = [];
  let i = 0;
  const n = srcset.length;
  while (i < n) {
    while (i < n && (/\s/.test(srcset[i]) || srcset[i] === ',')) i++;
    if (i >= n) break;
    const start = i;
    while (i < n && !/\s/.test(srcset[i])) i++;
    let url = srcset.slice(start, i);
    if (url.endsWith(',')) {
      // NOTE: not `replace(/,+$/, '')`: that regex is quadratic on a long run of inner commas (seconds per 100 KB).
      let end = url.length;
      while (end > 0 && url[end - 1] === ',') end--;
      url = url.slice(0, end);
    } else {
      // NOTE: skip the descriptors up to the next comma that is not inside parentheses.
      let depth = 0;
      while (i < n) {
        const c = srcset[i];
        if (c === '(') depth++;
        else if (c === ')' && depth > 0) depth--;
        else if (c === ',' && depth === 0) break;
        i++;
      }
    }
    if (url !== '') urls.push(url);
  }
  return urls;
}
