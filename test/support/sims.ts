/** Simulators and matching credentials for tests. */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { startYunkeSimulator, type YunkeKnobs, type YunkeSimulator } from '../../simulators/yunke';

/** Test timings: fast retries so fault scenarios stay quick. */
export const FAST_ADVANCED: ICredentialDataDecryptedObject = {
	advanced: true,
	timeoutSeconds: 5,
	readRetries: 2,
	retryDelayMs: 10,
	throttleBudgetSeconds: 3,
};

export async function yunkeSim(knobs: Partial<YunkeKnobs> = {}): Promise<YunkeSimulator> {
	return await startYunkeSimulator({ knobs: { rsaBits: 1024, ...knobs } });
}

export function yunkeCredentialData(sim: YunkeSimulator, overrides: ICredentialDataDecryptedObject = {}): ICredentialDataDecryptedObject {
	return {
		phone: sim.demo.phone,
		password: sim.demo.password,
		companyCode: sim.demo.companyCode,
		domain: sim.baseUrl,
		...FAST_ADVANCED,
		...overrides,
	};
}
