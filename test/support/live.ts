/**
 * A per-file fixture: created before all tests of the file, reset before each, closed after all.
 * The returned object stands in for it from the start (tests are declared before it exists) and
 * forwards every read to the live object, methods bound to it. Jest's hooks by default; the
 * compatibility run (node:test) passes its own.
 */
import { forgetSessions, shutdownEngine } from '../engine/engine';

export interface LiveHooks<T> {
	/** Before each test (e.g. simulator back to its seed). */
	reset?(live: T): unknown;
	/** After all tests of the file. */
	close(live: T): unknown;
}

/** The test runner's hooks (jest's globals, or node:test's before / after / beforeEach). */
export interface SuiteHooks {
	beforeAll(fn: () => Promise<void>): void;
	afterAll(fn: () => Promise<void>): void;
	beforeEach(fn: () => Promise<void>): void;
}

const jestHooks = (): SuiteHooks => ({ beforeAll, afterAll, beforeEach });

export function useLive<T extends object>(what: string, create: () => Promise<T>, hooks: LiveHooks<T>, suite = jestHooks()): T {
	let live: T | undefined;
	suite.beforeAll(async () => {
		live = await create();
	});
	suite.afterAll(async () => {
		if (live) await hooks.close(live);
	});
	suite.beforeEach(async () => {
		if (live) await hooks.reset?.(live);
	});
	return new Proxy({} as T, {
		get: (_target, key) => {
			if (!live) throw new Error(`${what} is only available inside tests`);
			const value: unknown = Reflect.get(live, key, live);
			return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(live) : value;
		},
	});
}

/** A simulator + engine harness for a test file: its own reset() before each test; after all, closed and the engine shut down. */
export function useHarnessOf<T extends { reset(): Promise<void>; close(): Promise<void> }>(what: string, create: () => Promise<T>): T {
	return useLive(what, create, {
		reset: async (live) => await live.reset(),
		close: async (live) => {
			await live.close();
			await shutdownEngine();
		},
	});
}

/**
 * A simulator for a test file whose tests build their own engines: back to its start and every
 * engine's sessions forgotten before each test; after all, closed and the engine shut down.
 */
export function useSimulator<T extends { reset(): void; close(): Promise<void> }>(what: string, start: () => Promise<T>, suite = jestHooks()): T {
	const hooks: LiveHooks<T> = {
		reset: (sim) => {
			sim.reset();
			forgetSessions();
		},
		close: async (sim) => {
			await sim.close();
			await shutdownEngine();
		},
	};
	return useLive(what, start, hooks, suite);
}
