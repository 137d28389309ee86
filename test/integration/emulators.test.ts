import { connect } from 'net';

import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import { HuaweiCmsEmulator } from '../emulators/huaweiCms';
import { NiceExpertEmulator } from '../emulators/niceExpert';
import { credentialTypesByName } from '../harness/engine';
import { EXPERT_PASSWORD, HUAWEI_AK, HUAWEI_SK, huaweiCredentials } from './fixtures';
import { until, useEmulator } from './lifecycle';

// The emulators are as strict as the servers where the docs say so: a request the real server
// would refuse must not pass here, or the integration tests could not see the node send it.

describe('the emulators refuse what the servers refuse', () => {
	const cms = useEmulator(new HuaweiCmsEmulator({ keys: { [HUAWEI_AK]: HUAWEI_SK } }));
	const site = useEmulator(new NiceExpertEmulator());

	it.each([
		['no Content-Type', undefined],
		['text/plain', 'text/plain'],
		['JSON without the charset', 'application/json'],
	])(
		'CMS: %s (mandatory: application/json;charset=UTF-8) is refused; the signed request with it passes',
		async (_case, contentType) => {
			const authenticate = credentialTypesByName.huaweiCmsApi.authenticate as (
				c: IDataObject,
				o: IHttpRequestOptions,
			) => Promise<IHttpRequestOptions>;
			const signed = await authenticate(huaweiCredentials(cms).huaweiCmsApi, {
				method: 'GET',
				url: 'qcrelationconf/queryallccgroup/1/113',
			});
			const headers = { ...(signed.headers as Record<string, string>) };
			expect(headers['Content-Type']).toBe('application/json;charset=UTF-8');
			expect((await fetch(signed.url, { headers })).status).toBe(200);
			delete headers['Content-Type'];
			if (contentType) headers['Content-Type'] = contentType;
			expect((await fetch(signed.url, { headers })).status).toBe(415);
		},
	);

	it('Expert: a body not sent as application/xml is refused', async () => {
		const group = site.addGroup('Sales');
		const send = async (contentType: string) =>
			await fetch(`${site.url}/@api/deki/groups/${group.id}/users?authenticate=true`, {
				method: 'POST',
				headers: {
					Authorization: `Basic ${Buffer.from(`admin:${EXPERT_PASSWORD}`).toString('base64')}`,
					'Content-Type': contentType,
				},
				body: '<users><user id="3"/></users>',
			});
		expect((await send('text/plain')).status).toBe(415);
		expect(group.userIds).toEqual([]);
		expect((await send('application/xml')).status).toBe(200);
		expect(group.userIds).toEqual([3]);
	});

	it('a connection the test before left open carries nothing into the next test: the reset ends it', async () => {
		const url = new URL(cms.url);
		const socket = connect(Number(url.port), url.hostname);
		socket.on('error', () => undefined);
		const next = () =>
			new Promise((resolve) => socket.once('data', resolve).once('close', resolve));
		try {
			const request = `GET /rest/cmsapp/v1/openapi/qcrelationconf/queryallccgroup/1/113 HTTP/1.1\r\nHost: ${url.host}\r\n\r\n`;
			socket.write(request);
			await next(); // answered: the server holds the connection, kept alive
			cms.reset();
			socket.write(request);
			await next();
			await new Promise((resolve) => setTimeout(resolve, 100));
			expect(cms.requests).toEqual([]);
		} finally {
			socket.destroy();
		}
	});

	it('a request of the test before still waiting out its latency is not carried out after the reset', async () => {
		site.latencyMs = 300;
		const group = site.addGroup('Sales');
		const sent = fetch(`${site.url}/@api/deki/groups/${group.id}/users?authenticate=true`, {
			method: 'POST',
			headers: {
				Authorization: `Basic ${Buffer.from(`admin:${EXPERT_PASSWORD}`).toString('base64')}`,
				'Content-Type': 'application/xml',
			},
			body: '<users><user id="3"/></users>',
		}).catch((error: Error) => error);
		await until(() => site.requests.length === 1);
		site.reset();
		const next = site.addGroup('Support');
		expect(next.id).toBe(group.id); // the next test's group has the same ID
		expect(await sent).toHaveProperty('message', 'fetch failed'); // its connection ended unanswered
		await new Promise((resolve) => setTimeout(resolve, 400));
		expect(next.userIds).toEqual([]);
	});
});
