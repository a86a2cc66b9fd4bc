/** A realistic h-feed page of about `bytes`: entries with authors, dates and content, one replying to `target`. */
export function feedPage(target: string, bytes = 50 * 1024): string {
  const entry = (i: number) => `
<article class="h-entry" id="e${i}">
  <a class="p-author h-card" href="https://author.example/"><img class="u-photo" src="/me.jpg" alt="">Author ${i}</a>
  <a class="u-url" href="/notes/${i}"><time class="dt-published" datetime="2026-01-0${(i % 9) + 1}T10:00:00+01:00">Jan ${i}</time></a>
  <div class="e-content"><p>Note number ${i} with <a href="https://elsewhere.example/${i}">a link</a>, <em>emphasis</em> and a <code>snippet</code>.</p>
  <p>${'Some more words to give the entry a realistic length. '.repeat(6)}</p></div>
</article>`;
  const reply = `<article class="h-entry"><a class="u-in-reply-to" href="${target}">in reply to</a><div class="e-content"><p>A reply to <a href="${target}">your post</a>.</p></div><a class="u-url" href="/reply">permalink</a><a class="p-author h-card" href="https://me.example/">Me</a></article>`;
  const one = entry(0).length;
  const count = Math.max(2, Math.round(bytes / one));
  const entries = Array.from({ length: count }, (_, i) => entry(i));
  entries[count >> 1] = reply;
  return `<!doctype html><html><head><title>Feed</title><link rel="webmention" href="/wm"></head><body><div class="h-feed">${entries.join('')}</div></body></html>`;
}
