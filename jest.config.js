/**
 * Two projects: unit specs beside the code, end-to-end specs in test/. Everything is compiled by @swc/jest to
 * CommonJS, including `node_modules/@nestjs`: Nest 12 ships ES modules only (with `import.meta.url`), which Jest's
 * CommonJS runtime cannot load as they are. Types are checked by `tsc --noEmit` (`npm run typecheck`, part of lint).
 */
const swc = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

const shared = {
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  transform: { '^.+\\.(ts|m?js)$': ['@swc/jest', swc] },
  transformIgnorePatterns: ['/node_modules/(?!@nestjs/)'],
  moduleNameMapper: {
    '^nestjs-webmention$': '<rootDir>/libs/webmention/src',
    '^nestjs-webmention/(.*)$': '<rootDir>/libs/webmention/src/$1',
  },
};

module.exports = {
  projects: [
    {
      ...shared,
      displayName: 'unit',
      rootDir: __dirname,
      testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/src/**/*.spec.ts'],
    },
    { ...shared, displayName: 'e2e', rootDir: __dirname, testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
  ],
};
