import type { LoadedPackage } from '../test/engine/engine';

export interface UpsertFigures {
	customers: number;
	requestsPerNew: number;
	requestsPerExisting: number;
	ratioToBareLoop: number;
	table: Array<[string, string, string]>;
}

export async function runUpsertBench(_pkg: LoadedPackage, _latencyMs: number): Promise<UpsertFigures> {
	throw new Error('upsert benchmark: the Zhibang node is not built yet');
}
