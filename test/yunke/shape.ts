/** Shared set-up of the Yunke request-shape tests: the engine and a scripted console behind nock (no simulator). */
import { cookiePairs } from '../support/cookies';
import { useNockedEngine } from '../support/nock';
import { FAST_ADVANCED } from '../support/sims';
import { FakeYunke, type Captured } from './fakeYunke';

export const DISCOVERY_HOST = 'https://crm.yunkecn.com';
export const DOMAIN = 'https://crm2.yunkecn.com';
export const OSS = 'https://yunke-record.oss-cn-hangzhou.aliyuncs.com';
export const COMPANY = 'ab12cd';

/** The engine and the scripted console (its recorded requests cleared before each test). */
export function useFakeYunke() {
	const engine = useNockedEngine();
	const fake = new FakeYunke([DISCOVERY_HOST, DOMAIN, OSS]);
	beforeEach(() => fake.reset());
	let credentialCounter = 0;

	/** A fresh credential (its own account, so no login is shared between tests). */
	function credential(overrides: Record<string, unknown> = {}) {
		credentialCounter++;
		return engine.store.add('yunkeApi', {
			phone: `1381111${String(2000 + credentialCounter)}`,
			password: `Pw#${credentialCounter}-秘密`,
			companyCode: COMPANY,
			domain: DOMAIN,
			...FAST_ADVANCED,
			...overrides,
		} as never);
	}

	/** The headers of an authenticated console call made from the page at `refererPath`. */
	function businessHeaders(request: Captured, refererPath: string) {
		expect(request.headers).toMatchObject({
			company: COMPANY,
			userid: fake.userId,
			channel: '4',
			source: 'yunkepc',
			referer: `${DOMAIN}${refererPath}`,
			origin: DOMAIN,
		});
		// The session is the cookies of the pcLogin response only (docs/protocol/yunke.md §2.2): no key cookie, no pre-seeded ones.
		expect(cookiePairs(request.headers.cookie).sort()).toEqual(
			[`user=${fake.cookies.user}`, `userToken=${fake.cookies.userToken}`, `JESONG_USER_ID=${fake.cookies.jesong}`].sort(),
		);
	}

	return { engine, fake, credential, businessHeaders };
}
