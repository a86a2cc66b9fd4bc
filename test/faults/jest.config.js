/**
 * The fault suite (`npm run test:faults`): private redis-server processes killed and restarted, worker processes
 * killed, database connections terminated, under floods of requests. Run once in CI (not again on Nest 11), one file
 * at a time: the floods need the machine to themselves for their time bounds to mean something.
 */
const e2e = require('../../jest.config.js').projects[1];

module.exports = {
  ...e2e,
  displayName: 'faults',
  testMatch: ['<rootDir>/test/faults/**/*.fault-spec.ts'],
  maxWorkers: 1,
};
