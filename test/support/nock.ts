/** For test files that script a service with nock instead of running a simulator. */
import nock from 'nock';

import { Engine, loadPackage, shutdownEngine } from '../engine/engine';
import { useLive } from './live';

/**
 * The engine with the built package, no real network while the file runs; afterwards nock's
 * interceptor comes off node's http globals (a later test file in this worker loads its own nock).
 */
export function useNockedEngine(): Engine {
	return useLive(
		'the engine',
		async () => {
			nock.disableNetConnect();
			return new Engine(await loadPackage());
		},
		{
			close: async () => {
				nock.cleanAll();
				nock.enableNetConnect();
				nock.restore();
				await shutdownEngine();
			},
		},
	);
}
