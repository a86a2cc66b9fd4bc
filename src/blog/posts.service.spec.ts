import type { AppConfig } from '../config';
import { PostsService } from './posts.service';

describe('PostsService URLs', () => {
  // NOTE: URL helpers only; they never touch the repository.
  const posts = new PostsService(null as never, { baseUrl: 'https://blog.example' } as AppConfig);

  it.each([
    ['https://blog.example/posts/hello-world', 'hello-world'],
    ['https://blog.example/posts/hello-world/', 'hello-world'],
    ['https://BLOG.example/posts/hello-world?utm=x#c', 'hello-world'],
    ['https://blog.example/posts/caf%C3%A9', 'café'],
  ])('reads the slug of %s', (url, slug) => {
    expect(posts.slugOf(url)).toBe(slug);
  });

  it.each([
    ['another host', 'https://elsewhere.example/posts/hello-world'],
    ['another scheme', 'http://blog.example/posts/hello-world'],
    ['another port', 'https://blog.example:8443/posts/hello-world'],
    ['another path', 'https://blog.example/about'],
    ['a nested path', 'https://blog.example/posts/a/b'],
    ['a malformed escape', 'https://blog.example/posts/%E0%A4%A'],
    ['no URL', 'not a url'],
  ])('finds no slug in %s', (_name, url) => {
    expect(posts.slugOf(url)).toBeNull();
  });

  it('builds the absolute URL of a post, escaping its slug', () => {
    expect(posts.urlOf({ slug: 'café au lait' })).toBe('https://blog.example/posts/caf%C3%A9%20au%20lait');
  });
});
