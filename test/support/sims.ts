/** Simulators and matching credentials for tests. */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { startYunkeSimulator, type YunkeKnobs, type YunkeSimulator } from '../../simulators/yunke';
import { startZhibangSimulator, type ZhibangKnobs, type ZhibangSimulator } from '../../simulators/zhibang';

/** Test timings: fast retries and a short kicked-session wait so fault scenarios stay quick. */
export const FAST_ADVANCED: ICredentialDataDecryptedObject = {
	advanced: true,
	timeoutSeconds: 5,
	readRetries: 2,
	retryDelayMs: 10,
	throttleBudgetSeconds: 3,
	kickedWaitSeconds: 1,
};

export interface SimOptions {
	/** Pin the simulator's clock (epoch ms or ISO time) instead of following the wall clock. */
	now?: number | string;
}

export async function yunkeSim(knobs: Partial<YunkeKnobs> = {}, options: SimOptions = {}): Promise<YunkeSimulator> {
	return await startYunkeSimulator({ knobs: { rsaBits: 1024, ...knobs }, now: options.now });
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

export async function zhibangSim(knobs: Partial<ZhibangKnobs> = {}, options: SimOptions = {}): Promise<ZhibangSimulator> {
	return await startZhibangSimulator({ knobs, now: options.now });
}

export function zhibangCredentialData(sim: ZhibangSimulator, overrides: ICredentialDataDecryptedObject = {}): ICredentialDataDecryptedObject {
	return {
		baseUrl: sim.baseUrl,
		username: sim.demo.username,
		password: sim.demo.password,
		serialNumber: 'N8NTEST0001',
		loginEndpoint: 'v3',
		...FAST_ADVANCED,
		...overrides,
	};
}
