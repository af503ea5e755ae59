/** Shared set-up of the Zhibang request-shape tests: the engine, a scripted ERP behind nock, one credential. */
import type { IDataObject, INodeCredentialsDetails, INodeParameters } from 'n8n-workflow';

import { useNockedEngine } from '../support/nock';
import { FAST_ADVANCED } from '../support/sims';
import { zhibangWorkflow } from '../support/workflows';
import { FakeZhibang, TOKEN, type Call } from './fakeZhibang';

export const BASE = 'http://erp.example.test:46088';
export const M = '/sysa/mobilephone';

/** Every business call carries the session token in the body, as docs/protocol/zhibang.md §2.3 requires. */
export function expectSession(calls: Call[]) {
	expect(calls.length).toBeGreaterThan(0);
	for (const call of calls) {
		expect(call.body.session).toBe(TOKEN);
		expect(call.headers['content-type']).toMatch(/^application\/json/);
	}
}

export const shape = (c: Call) => `${c.path}${c.query.toString() ? `?${c.query}` : ''} [${c.body.cmdkey ?? ''}]`;

/** The scripted ERP (reset before each test), the engine, and `run` for the Zhibang node with the file's credential. */
export function useFakeZhibang() {
	const engine = useNockedEngine();
	const fake = new FakeZhibang(BASE);
	let cred: INodeCredentialsDetails | undefined;
	beforeAll(() => {
		cred = engine.store.add('zhibangApi', {
			baseUrl: BASE,
			username: 'shape_user',
			password: 'Shape#2026',
			serialNumber: 'SHAPE0001',
			loginEndpoint: 'v3',
			...FAST_ADVANCED,
		});
	});
	beforeEach(() => fake.reset());

	async function run(parameters: INodeParameters, items: IDataObject[] = [{}]): Promise<IDataObject[]> {
		const result = await engine.run(zhibangWorkflow(cred!, parameters, items));
		const error = result.nodeError('Zhibang');
		// The engine keeps a serialised copy of the node's error: rethrow it as an Error.
		if (error) throw Object.assign(new Error(error.message), { name: error.name });
		return result.output('Zhibang').map((i) => i.json);
	}

	return { engine, fake, run, cred: () => cred! };
}
