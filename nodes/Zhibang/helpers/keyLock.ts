/**
 * Serialises work on the same key inside one execution, so that with Concurrency > 1 two input
 * items with the same customer number never both find the customer absent and both create it.
 * The scope is the execution context object; the map goes away with it.
 */
const scopes = new WeakMap<object, Map<string, Promise<void>>>();

export async function withKeyLock<T>(scope: object, key: string, run: () => Promise<T>): Promise<T> {
	let locks = scopes.get(scope);
	if (!locks) {
		locks = new Map();
		scopes.set(scope, locks);
	}
	const previous = locks.get(key) ?? Promise.resolve();
	let release: () => void = () => undefined;
	const done = new Promise<void>((resolve) => {
		release = resolve;
	});
	const tail = previous.then(() => done);
	locks.set(key, tail);
	await previous;
	try {
		return await run();
	} finally {
		release();
		if (locks.get(key) === tail) locks.delete(key);
	}
}
