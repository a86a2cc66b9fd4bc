/**
 * The package suite (`npm run test:package`): packs the library and installs the tarball into scratch apps, as a
 * user would. Not part of `npm test`: it needs the npm registry and a few minutes.
 */
const base = require('../../jest.config.js').projects[0];

module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  moduleFileExtensions: base.moduleFileExtensions,
  transform: base.transform,
  transformIgnorePatterns: base.transformIgnorePatterns,
  testMatch: ['<rootDir>/**/*.package-spec.ts'],
  testTimeout: 120_000,
};
