import { connect } from 'net';

import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import { HuaweiCmsEmulator } from '../emulators/huaweiCms';
import { NiceExpertEmulator } from '../emulators/niceExpert';
import { credentialTypesByName } from '../harness/engine';
import { EXPERT_PASSWORD, HUAWEI_AK, HUAWEI_SK, huaweiCredentials } from './fixtures';
import { useEmulator } from './lifecycle';

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

	it('a request the test before left half sent does not land in the next test: the reset ends its connection', async () => {
		const url = new URL(cms.url);
		const socket = connect(Number(url.port), url.hostname);
		const ended = new Promise((resolve) => socket.once('close', resolve).once('data', resolve));
		socket.on('error', () => undefined);
		socket.write('POST /rest/cmsapp/v1/openapi/qcrelationconf/queryallccgroup HTTP/1.1\r\n');
		socket.write(`Host: ${url.host}\r\nContent-Length: 10\r\n\r\n{"a":`);
		await new Promise((resolve) => setTimeout(resolve, 100)); // the server has it by now
		cms.reset();
		socket.write('"b"} ');
		await ended;
		await new Promise((resolve) => setTimeout(resolve, 100));
		expect(cms.requests).toEqual([]);
		socket.destroy();
	});
});
