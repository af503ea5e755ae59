/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	// test/compat runs on Node 20 with its own n8n 2.8 install (npm run test:compat).
	modulePathIgnorePatterns: ['<rootDir>/test/compat/'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.dev.json' }],
	},
	setupFiles: ['<rootDir>/test/setup/env.ts'],
	// Tests load the package from dist/: refuse a dist/ older than nodes/ and credentials/.
	globalSetup: '<rootDir>/test/setup/fresh-dist.js',
	testTimeout: 60000,
	maxWorkers: 2,
	reporters: ['default', '<rootDir>/test/setup/summary-reporter.js'],
};
