/**
 * Fake only `Date` (jest modern timers): code that reads the wall clock (the Yunke trigger's
 * cursor, SimClock's wall mode) sees `now`, while n8n-core, HTTP and the simulators keep real timers.
 */
const ALL_BUT_DATE = [
	'hrtime',
	'nextTick',
	'performance',
	'queueMicrotask',
	'requestAnimationFrame',
	'cancelAnimationFrame',
	'requestIdleCallback',
	'cancelIdleCallback',
	'setImmediate',
	'clearImmediate',
	'setInterval',
	'clearInterval',
	'setTimeout',
	'clearTimeout',
] as const;

export function fakeDateOnly(now: number): void {
	jest.useFakeTimers({ doNotFake: [...ALL_BUT_DATE], now });
}
