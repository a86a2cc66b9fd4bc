import { resolveOptions } from './resolve-options';
import { WebmentionConfigError } from './webmention-config.exception';

const BASE = { baseUrl: 'https://blog.example' };

describe('resolveOptions: render and advertise', () => {
  it('applies the defaults', () => {
    const resolved = resolveOptions(BASE);
    expect(resolved.render).toEqual({
      templatesDir: null,
      facepileLimit: 12,
      maxComments: 50,
      maxContentChars: 2000,
      stylesheetPath: '/webmention/webmention.css',
      widgetPath: '/webmention/widget.js',
      perPostEndpoints: false,
    });
    expect(resolved.advertise).toBe(false);
  });

  it('keeps what is given', () => {
    const resolved = resolveOptions({
      ...BASE,
      advertise: 'html',
      render: { templatesDir: '/srv/wm', facepileLimit: 5, stylesheetPath: false, perPostEndpoints: true },
    });
    expect(resolved.render).toMatchObject({
      templatesDir: '/srv/wm',
      facepileLimit: 5,
      maxComments: 50,
      stylesheetPath: false,
      perPostEndpoints: true,
    });
    expect(resolved.advertise).toBe('html');
  });

  it.each([
    [{ render: { facepileLimit: 0 } }, 'render.facepileLimit must be a whole number of at least 1 (got 0).'],
    [{ render: { maxComments: 2.5 } }, 'render.maxComments must be a whole number of at least 1 (got 2.5).'],
    [{ render: { maxContentChars: -1 } }, 'render.maxContentChars must be a whole number of at least 1 (got -1).'],
    [{ render: { templatesDir: ' ' } }, 'render.templatesDir must be the path of a directory of .hbs files'],
    [{ render: { stylesheetPath: 'wm.css' } }, "render.stylesheetPath must be a path starting with '/'"],
    [{ render: { stylesheetPath: true as never } }, "render.stylesheetPath must be a path starting with '/'"],
    [{ render: { perPostEndpoints: 'yes' as never } }, 'render.perPostEndpoints must be true or false'],
    [{ advertise: 'always' as never }, `advertise must be 'targets', 'html' or false (got "always").`],
    [{ advertise: true as never }, `advertise must be 'targets', 'html' or false (got true).`],
  ])('refuses %j', (given, message) => {
    expect(() => resolveOptions({ ...BASE, ...given })).toThrow(WebmentionConfigError);
    expect(() => resolveOptions({ ...BASE, ...given })).toThrow(message);
  });
});
