import type { IExecuteFunctions, INode } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { planMemberRequests } from '../../nodes/HuaweiCmsGroup/helpers/memberRequests';
import { nameSegment } from '../../nodes/NiceExpertGroup/helpers/parameters';
import {
	groupForRewrite,
	groupToJson,
	readDocument,
	rolesOf,
	EXPERT,
} from '../../nodes/NiceExpertGroup/transport';
import { MAX_RECORDS, paginate } from '../../nodes/shared/paginate';
import type { Context } from '../../nodes/shared/runState';
import { apiUrl, requestedUrl, serverText } from '../../nodes/shared/transport';
import { asApiError } from '../../nodes/shared/errors';
import { CMS } from '../../nodes/HuaweiCmsGroup/transport';
import {
	booleanValue,
	idText,
	integerValue,
	invalidParameter,
	listItems,
	optionalText,
	requiredText,
	wantedResults,
} from '../../nodes/shared/validation';
import { groupIdValue } from '../../nodes/HuaweiCmsGroup/helpers/parameters';
import { expertId, usersValue } from '../../nodes/NiceExpertGroup/helpers/parameters';

// The pure pieces of the road from parameter to wire, each alone. (The integration tests run them
// inside n8n's engine against the emulators.) The only stand-in is the node the errors name.
const context = { getNode: () => ({ name: 'Test node' }) as INode } as unknown as Context;

describe('planMemberRequests: member changes combined into as few requests as possible', () => {
	const change = (itemIndex: number, groupId: string, workNos: number[]) => ({
		itemIndex,
		body: { vdn: 1, groupId },
		workNos,
	});

	it('combines items of the same group, keeps groups apart, and drops repeated work numbers', () => {
		const plan = planMemberRequests(
			[change(0, 'a', [1, 2]), change(1, 'b', [3]), change(2, 'a', [2, 4])],
			100,
		);
		expect(
			plan.map((request) => [request.body.groupId, [...request.workNos], [...request.itemIndexes]]),
		).toEqual([
			['a', [1, 2, 4], [0, 2]],
			['b', [3], [1]],
		]);
	});

	it('starts a new request when the next item would pass the size, and splits an item larger than it', () => {
		const plan = planMemberRequests(
			[change(0, 'a', [1, 2]), change(1, 'a', [3, 4]), change(2, 'a', [5, 6, 7, 8, 9])],
			3,
		);
		expect(plan.map((request) => [[...request.workNos], [...request.itemIndexes]])).toEqual([
			[[1, 2], [0]],
			[[3, 4], [1]],
			[[5, 6, 7], [2]],
			[[8, 9], [2]],
		]);
	});

	const shape = (plan: ReturnType<typeof planMemberRequests>) =>
		plan.map((request) => [[...request.workNos], [...request.itemIndexes]]);

	it('counts only the new work numbers against the size: an item that repeats some still fits', () => {
		expect(shape(planMemberRequests([change(0, 'a', [1, 2]), change(1, 'a', [2, 3])], 3))).toEqual([
			[
				[1, 2, 3],
				[0, 1],
			],
		]);
		// An item of exactly the size is one request that the next item's repeats still join.
		expect(shape(planMemberRequests([change(0, 'a', [1, 2]), change(1, 'a', [2])], 2))).toEqual([
			[
				[1, 2],
				[0, 1],
			],
		]);
	});

	it('splits an item of a multiple of the size into full requests only: never an empty list (which the CMS takes as every member)', () => {
		expect(shape(planMemberRequests([change(0, 'a', [1, 2, 3, 4])], 2))).toEqual([
			[[1, 2], [0]],
			[[3, 4], [0]],
		]);
	});

	it('after a split item, the next item of the group starts a request of its own (requests go in input order)', () => {
		expect(
			shape(
				planMemberRequests(
					[change(0, 'a', [1]), change(1, 'a', [2, 3, 4]), change(2, 'a', [5])],
					2,
				),
			),
		).toEqual([
			[[1], [0]],
			[[2, 3], [1]],
			[[4], [1]],
			[[5], [2]],
		]);
	});
});

describe('Expert XML', () => {
	const group =
		'<?xml version="1.0"?><group id="2" href="h"><groupname> Spaced </groupname><users count="3"/><permissions.group><operations mask="15">LOGIN,READ</operations><role id="4">Contributor</role></permissions.group></group>';

	it('reads a <group> document into clean JSON, text kept exactly', () => {
		const document = readDocument(group, 'group')!;
		expect(groupToJson(document.group as never)).toMatchObject({
			id: 2,
			name: ' Spaced ',
			role: { id: 4, name: 'Contributor' },
			permissions: { mask: 15, operations: ['LOGIN', 'READ'] },
			users: { count: 3 },
		});
	});

	it.each([
		['an HTML page', '<!DOCTYPE html><html><body>Sign in</body></html>', 'group'],
		['another root', '<users/>', 'group'],
		['malformed XML', '<group id="1"><groupname>x</group>', 'group'],
		['nothing', '   ', 'group'],
	])('refuses %s as the document asked for', (_case, text, root) => {
		expect(readDocument(text, root)).toBeUndefined();
	});

	it('reads what an Update sends back without trusting it', () => {
		expect(groupForRewrite(readDocument(group, 'group')!.group)).toEqual({
			id: '2',
			name: ' Spaced ',
			roles: ['Contributor'],
		});
		expect(
			groupForRewrite({ '@id': '1; DROP', 'permissions.group': { role: ['A', 'B'] } }),
		).toEqual({ id: undefined, name: '', roles: ['A', 'B'] });
		expect(groupForRewrite('text')).toEqual({ name: '', roles: [] });
		// An ID with more than digits, two names, a role with no text: nothing to trust.
		const odd = readDocument(
			'<group id="x5"><groupname>A</groupname><groupname>B</groupname><permissions.group><role id="3"/></permissions.group></group>',
			'group',
		)!;
		expect(groupForRewrite(odd.group)).toEqual({ id: undefined, name: '', roles: [''] });
	});

	it('reads every field of a <group> exactly; what is missing or empty is undefined, never NaN, 0 or "undefined"', () => {
		const full = readDocument(
			'<group id="5" href="https://x/@api/deki/groups/5"><groupname>A</groupname><permissions.group><role id="3" href="https://x/r/3">Viewer</role><operations mask="7">LOGIN,,READ</operations></permissions.group><users count="2" href="https://x/u"/><service.authentication id="1" href="https://x/s/1"/></group>',
			'group',
		)!;
		expect(groupToJson(full.group as never)).toEqual({
			id: 5,
			name: 'A',
			href: 'https://x/@api/deki/groups/5',
			role: { id: 3, name: 'Viewer', href: 'https://x/r/3' },
			permissions: { mask: 7, operations: ['LOGIN', 'READ'] },
			users: { count: 2, href: 'https://x/u' },
			authService: { id: 1, href: 'https://x/s/1' },
		});
		const bare = readDocument(
			'<group><groupname>A</groupname><permissions.group><role id="">  </role></permissions.group><users count=""/></group>',
			'group',
		)!;
		expect(groupToJson(bare.group as never)).toEqual({
			id: undefined,
			name: 'A',
			href: undefined,
			role: { id: undefined, name: '  ', href: undefined },
			permissions: { mask: undefined, operations: [] },
			users: { count: undefined, href: undefined },
			authService: { id: undefined, href: undefined },
		});
	});

	it("reads the site's roles with their IDs", () => {
		const document = readDocument(
			'<roles><permissions><operations mask="1">LOGIN</operations><role id="3" href="h">Viewer</role></permissions><permissions><role id="4">Contributor</role></permissions></roles>',
			'roles',
		)!;
		expect(rolesOf(document)).toEqual([
			{ id: 3, name: 'Viewer' },
			{ id: 4, name: 'Contributor' },
		]);
	});
});

describe('names in paths and URLs', () => {
	it.each([
		['My Contributors Group', '=My%2520Contributors%2520Group'],
		['A/B+C', '=A%252FB%252BC'],
		['100%', '=100%2525'],
	])('encodes the Expert name %j twice, as Expert decodes it twice', (name, segment) => {
		expect(nameSegment(name)).toBe(segment);
	});

	it.each([
		[
			'https://cms:28443',
			'/rest/cmsapp/v1/openapi/',
			'qcrelationconf/updategroup',
			'https://cms:28443/rest/cmsapp/v1/openapi/qcrelationconf/updategroup',
		],
		[
			'https://site.example.com/',
			'/@api/deki/',
			'groups/=a%2520b',
			'https://site.example.com/@api/deki/groups/=a%2520b',
		],
		[
			' https://proxy/prefix// ',
			'/@api/deki/',
			'/users/current',
			'https://proxy/prefix/@api/deki/users/current',
		],
		['https://site', '/@api/deki/', 'https://other/x', 'https://other/x'],
		['https://site', '/@api/deki/', 'HTTP://other/x', 'http://other/x'],
		['https://site', '/@api/deki/', 'groups/http://x', 'https://site/@api/deki/groups/http://x'],
		['https://site', '/@api/deki/', '//groups', 'https://site/@api/deki/groups'],
	])('one URL rule for both credentials: %s + %s + %s', (address, root, url, expected) => {
		expect(apiUrl(address, root, url).href).toBe(expected);
	});

	it.each([
		['https://admin:secret@cms.example:28443', 'groups'],
		['https://admin@cms.example', 'groups'],
		['https://cms.example', 'https://:secret@elsewhere.example/x'],
	])('refuses a user name or password in the address: %s + %s', (address, url) => {
		expect(() => apiUrl(address, '/api/', url)).toThrow(
			'The address must not carry a user name or password ("user:secret@host"): a secret belongs in its own field of the credential',
		);
	});
});

describe('parameter values read strictly', () => {
	it.each([
		[113, 113],
		['113', 113],
		[' 7 ', 7],
	])('integerValue(%j) is %j', (value, expected) => {
		expect(integerValue(context, value, 'VDN', 0, 1, 99999)).toBe(expected);
	});

	// %p names each value apart (%j gives NaN, Infinity and null all as null); the error shows it as given.
	it.each([
		[0, '0'],
		[100000, '100000'],
		[1.5, '1.5'],
		[NaN, 'NaN'],
		[Infinity, 'Infinity'],
		['1e3', '"1e3"'],
		['0x10', '"0x10"'],
		[true, 'true'],
		[null, 'null'],
		['', '""'],
		['ten', '"ten"'],
		[2 ** 53 + 2, '9007199254740994'],
	])('integerValue refuses %p', (value, shown) => {
		expect(() => integerValue(context, value, 'VDN', 3, 1, 99999)).toThrow(
			`Parameter "VDN" must be a whole number from 1 to 99999 (got ${shown}) (input item 4)`,
		);
	});

	it.each([
		[true, true],
		[false, false],
		['false', false],
		['TRUE', true],
		[' False ', false],
	])('booleanValue(%j) is %j', (value, expected) => {
		expect(booleanValue(context, value, 'Simplify', 0)).toBe(expected);
	});

	it.each(['no', 'yes', '0', 1, 0, '', null, undefined, {}])(
		'booleanValue refuses %j (never truthiness)',
		(value) => {
			expect(() => booleanValue(context, value, 'Allow Removing All Members', 0)).toThrow(
				'Parameter "Allow Removing All Members" must be true or false',
			);
		},
	);

	it('listItems splits text on commas, semicolons and line feeds only, and takes lists and single values as they are', () => {
		expect(listItems('1, 2 3;4,,\n5')).toEqual(['1', '2 3', '4', '5']);
		expect(listItems('Jane Doe, a\r\nb')).toEqual(['Jane Doe', 'a\r', 'b']);
		expect(listItems([1, '2'])).toEqual([1, '2']);
		expect(listItems(5)).toEqual([5]);
		expect(listItems(undefined)).toEqual([]);
	});

	it('idText keeps IDs as text and refuses numbers that were rounded', () => {
		expect(idText(context, ' 159832671551117675139418726647 ', 'Group', 0)).toBe(
			'159832671551117675139418726647',
		);
		expect(idText(context, 42, 'Group', 0)).toBe('42');
		expect(() => idText(context, 159832671551117675139418726647, 'Group', 0)).toThrow(
			/must be given as text/,
		);
		expect(() => idText(context, 2 ** 53 + 2, 'Group', 0)).toThrow(/must be given as text/);
		expect(idText(context, 0, 'Group', 0)).toBe('0');
		expect(() => idText(context, -1, 'Group', 0)).toThrow(/must be given as text/);
		expect(() => idText(context, true, 'Group', 1)).toThrow(
			'Parameter "Group" must be an ID (text) (got true) (input item 2)',
		);
	});

	it('listItems and idText drop every space and tab around a value; idText keeps any other character', () => {
		expect(listItems(' \t a b \t\t, \t\tc  ')).toEqual(['a b', 'c']);
		expect(listItems(null)).toEqual([]);
		expect(idText(context, ' \t 42 \t\t ', 'Group', 0)).toBe('42');
		expect(idText(context, '\n42\r', 'Group', 0)).toBe('\n42\r');
	});

	it('an error names the item for n8n too (its index, counted from 0)', () => {
		expect(invalidParameter(context, 'VDN', 3, 'is wrong').context.itemIndex).toBe(3);
	});

	it('a refused text is shown up to 40 characters', () => {
		const forty = 'x'.repeat(40);
		expect(() => requiredText(context, forty, 'Name', 0, 10)).toThrow(
			`Parameter "Name" must be at most 10 characters (got "${forty}") (input item 1)`,
		);
		expect(() => requiredText(context, `${forty}yz`, 'Name', 0, 10)).toThrow(`(got "${forty}…")`);
	});

	it('requiredText: what it refuses, each in so many words', () => {
		expect(requiredText(context, Number.MAX_SAFE_INTEGER, 'Name', 0)).toBe('9007199254740991');
		const refusals: Array<[unknown, string]> = [
			[null, 'must not be empty (got null)'],
			[undefined, 'must not be empty (input item 1)'],
			['  ', 'must not be empty (got "  ")'],
			[{}, 'must be text (got an object)'],
			[['a'], 'must be text (got a list)'],
			['a\ud800', 'contains a broken character (half of a UTF-16 pair) (got "a\\ud800")'],
		];
		for (const [value, message] of refusals) {
			expect(() => requiredText(context, value, 'Name', 0)).toThrow(`Parameter "Name" ${message}`);
		}
	});

	it('optionalText: empty, null and undefined are not given', () => {
		for (const value of ['', null, undefined]) {
			expect(optionalText(context, value, 'Name', 0)).toBeUndefined();
		}
		expect(() => optionalText(context, ' ', 'Name', 0)).toThrow('must not be empty');
	});

	it('wantedResults: Limit (50 when not set), or everything with Return All', () => {
		const withParameters = (parameters: Record<string, unknown>) =>
			({
				...context,
				getNodeParameter: (name: string, _item: number, fallback: unknown) =>
					name in parameters ? parameters[name] : fallback,
			}) as unknown as IExecuteFunctions;
		expect(wantedResults(withParameters({}), 0)).toBe(50);
		expect(wantedResults(withParameters({ returnAll: 'TRUE' }), 0)).toBe(Infinity);
		expect(wantedResults(withParameters({ returnAll: false, limit: '7' }), 0)).toBe(7);
		expect(() => wantedResults(withParameters({ returnAll: 1 }), 0)).toThrow(
			'Parameter "Return All" must be true or false',
		);
	});
});

describe('serverText', () => {
	const service = {
		credentialType: 'x',
		name: 'X',
		urlField: 'URL',
		urlProperty: 'url',
		secretFields: ['secretKey', 'password'],
		secretPatterns: [],
		unsigned: () => ({ url: '' }),
	};
	const credentials = { secretKey: 's3cr3t-key', username: 'admin', password: 'pa55word' };

	it('hides the secrets, their Basic encoding and header values, and cuts to 1,000 characters', () => {
		const basic = Buffer.from('admin:pa55word').toString('base64');
		expect(serverText(`sk=s3cr3t-key pw=pa55word auth=${basic}`, credentials, service)).toBe(
			'sk=[hidden] pw=[hidden] auth=[hidden]',
		);
		expect(
			serverText(
				'Authorization: auth-v2/AK/2024-01-01T00:00:00Z/host/abcdef',
				credentials,
				service,
			),
		).toBe('Authorization: [hidden]');
		expect(serverText('"x-deki-token":"tkn_k_1700000000_=admin_ab12"', credentials, EXPERT)).toBe(
			'"x-deki-token":"[hidden]"',
		);
		expect(serverText('y'.repeat(5000), credentials, service)).toBe('y'.repeat(1000) + '…');
	});

	it("hides each service's own token forms wherever they stand", () => {
		expect(serverText('echo: auth-v2/AK/2024-01-01T00:00:00Z/host/abcdef', {}, CMS)).toBe(
			'echo: [hidden]',
		);
		expect(serverText('echo: tkn_k_1700000000_=admin_ab12 end', {}, EXPERT)).toBe(
			'echo: [hidden] end',
		);
		expect(serverText('X-Deki-Token=abc123', {}, EXPERT)).toBe('X-Deki-Token=[hidden]');
		// Any service: an Authorization value as a query parameter or a JSON field.
		// (the rest of the query goes with it: hiding too much is safe)
		expect(serverText('GET /x?authorization=abc123&y=1 end', {}, service)).toBe(
			'GET /x?authorization=[hidden] end',
		);
		expect(serverText('{"Authorization": "k-9/abc"}', {}, service)).toBe(
			'{"Authorization": "[hidden]"}',
		);
		expect(serverText('sent Bearer abc.def-123 and Basic QWxhZGRpbjpvcGVu', {}, service)).toBe(
			'sent [hidden] and [hidden]',
		);
	});

	it('hides a secret in every form an echo may give it: as is, URL-encoded (once, twice), HTML-escaped (both ways of the quote)', () => {
		const password = `p'a&s<s>"w`;
		const forms = [
			password,
			encodeURIComponent(password),
			encodeURIComponent(encodeURIComponent(password)),
			'p&#39;a&amp;s&lt;s&gt;&quot;w',
			'p&#x27;a&amp;s&lt;s&gt;&quot;w',
		];
		for (const form of forms)
			expect(serverText(`<p>echo ${form} end</p>`, { password }, service)).toBe(
				'<p>echo [hidden] end</p>',
			);
	});

	it('hides a Basic pair as base64 with and without padding, as base64url, and each URL-encoded', () => {
		// "user:~~~?>" in base64 has a "+", a "/" and padding: "dXNlcjp+fn4/Pg==".
		const pair = { username: 'user', password: '~~~?>' };
		for (const form of [
			'dXNlcjp+fn4/Pg==',
			'dXNlcjp+fn4/Pg',
			'dXNlcjp-fn4_Pg',
			'dXNlcjp%2Bfn4%2FPg%3D%3D',
			'dXNlcjp%2Bfn4%2FPg',
		])
			expect(serverText(`echo ${form} end`, pair, service)).toBe('echo [hidden] end');
	});

	it('hides secrets of three characters or more, not shorter ones (they would hide every word)', () => {
		expect(serverText('the key abc is here', { secretKey: 'abc' }, service)).toBe(
			'the key [hidden] is here',
		);
		expect(serverText('about', { secretKey: 'ab' }, service)).toBe('about');
	});

	it('hides the longer of two secrets whole when the shorter is inside it', () => {
		expect(
			serverText('echo abcd1234 end', { secretKey: 'abcd', password: 'abcd1234' }, service),
		).toBe('echo [hidden] end');
	});

	it('cuts only text longer than 1,000 characters, and marks a cut with "…"', () => {
		expect(serverText('y'.repeat(600), {}, service)).toBe('y'.repeat(600));
		expect(serverText('y'.repeat(1000), {}, service)).toBe('y'.repeat(1000));
		expect(serverText('y'.repeat(2000), {}, service)).toBe('y'.repeat(1000) + '…');
		// Over 4,000 characters the text is cut before it is scrubbed: shorter once scrubbed, still cut.
		const secretKey = 'k'.repeat(40);
		expect(serverText(secretKey.repeat(120), { secretKey }, service)).toBe(
			'[hidden]'.repeat(100) + '…',
		);
	});

	it('hides the start of a secret that the cut leaves at the end, from four characters on', () => {
		// A secret the server itself cut short (so no whole secret to hide), standing where the cut falls.
		const credentials = { secretKey: 's3cr3t-key' };
		const cutAt = (kept: number) => 'x'.repeat(1000 - kept) + 's3cr3t-ke' + 'z'.repeat(50);
		expect(serverText(cutAt(9), credentials, service)).toBe('x'.repeat(991) + '[hidden]…');
		expect(serverText(cutAt(4), credentials, service)).toBe('x'.repeat(996) + '[hidden]…');
		expect(serverText(cutAt(3), credentials, service)).toBe('x'.repeat(997) + 's3c…');
	});
});

describe("the request road's small rules", () => {
	it('a request with neither url nor uri asks for the empty URL', () => {
		expect(requestedUrl({} as never)).toBe('');
		expect(requestedUrl({ uri: 'https://legacy/x' } as never)).toBe('https://legacy/x');
	});

	it("keeps n8n's own errors as they are, and makes anything else a NodeApiError", () => {
		const operationError = new NodeOperationError(context.getNode(), 'bad parameter');
		const apiError = new NodeApiError(context.getNode(), { message: 'refused' });
		expect(asApiError(context, operationError)).toBe(operationError);
		expect(asApiError(context, apiError)).toBe(apiError);
		const wrapped = asApiError(context, new Error('socket hang up'));
		expect(wrapped).toBeInstanceOf(NodeApiError);
		expect(wrapped.message).toBe('socket hang up');
	});
});

describe('paginate: every list walk ends', () => {
	const records = (from: number, count: number) =>
		Array.from({ length: count }, (_, n) => ({ id: from + n }));
	const walk = async (
		fetchPage: (
			offset: number,
			limit: number,
		) => Promise<{ records: Array<{ id: number }>; total?: number }>,
		wanted = Infinity,
	) =>
		await paginate(context, {
			wanted,
			pageSize: 100,
			fetchPage,
			key: (record) => String(record.id),
			what: 'groups',
		});

	it('pages until an empty page when there is no total (a short page is no end), and until the total when there is one', async () => {
		const asked: number[] = [];
		const capped = await walk(async (offset, limit) => {
			asked.push(offset);
			return { records: records(offset, Math.max(0, Math.min(limit, 50, 205 - offset))) };
		});
		expect(capped.records.map((record) => record.id)).toEqual(
			records(0, 205).map((record) => record.id),
		);
		expect(asked).toEqual([0, 50, 100, 150, 200, 205]);
		// The total says more is there although a page came back short (a server with a smaller page size).
		expect(
			(
				await walk(async (offset) => ({
					records: records(offset, Math.min(50, 120 - offset)),
					total: 120,
				}))
			).records,
		).toHaveLength(120);
	});

	it('stops at the limit, cuts an oversized page, and tells a list search where to go on', async () => {
		const result = await walk(
			async (offset) => ({ records: records(offset, 300), total: 1000 }),
			150,
		);
		expect(result.records.map((record) => record.id)).toEqual(
			records(0, 150).map((record) => record.id),
		);
		expect(result.nextOffset).toBe(150);
	});

	it('fails on a record already read (a shifting list, a server that ignores offset) and on a record without an ID', async () => {
		await expect(
			walk(async (offset) => ({ records: offset === 0 ? records(0, 100) : records(99, 10) })),
		).rejects.toThrow('The server listed groups it had already listed (ID 99, at offset 100)');
		await expect(walk(async () => ({ records: records(0, 100) }))).rejects.toThrow(
			'The server listed groups it had already listed (ID 0, at offset 100)',
		);
		await expect(
			paginate(context, {
				wanted: Infinity,
				pageSize: 100,
				fetchPage: async () => ({ records: [{ id: 1 }, { id: undefined }] }),
				key: (record) => (record.id === undefined ? undefined : String(record.id)),
				what: 'groups',
			}),
		).rejects.toThrow('The server listed groups without a valid ID (at offset 0)');
	});

	it('with a total, fails on fewer records than it says, on an empty page before it, and on a total that changes', async () => {
		await expect(
			walk(async (offset) => ({ records: offset === 0 ? records(0, 100) : [], total: 250 })),
		).rejects.toThrow('The server said 250 groups but stopped at 100: the list is incomplete');
		await expect(
			walk(async (offset) => ({ records: records(offset, offset === 0 ? 100 : 300), total: 250 })),
		).rejects.toThrow('The server listed more groups than its own count (300 read, 250 said)');
		await expect(
			walk(async (offset) => ({ records: records(offset, 100), total: offset === 0 ? 300 : 301 })),
		).rejects.toMatchObject({
			message: "The server's count of groups changed while they were read (300, then 301)",
			description:
				'The list changed, or the server is not consistent: nothing was output. Try again.',
		});
		// A list search's next page counts what it read from its own start.
		await expect(
			paginate(context, {
				wanted: Infinity,
				pageSize: 100,
				startOffset: 100,
				fetchPage: async (offset) => ({ records: records(offset, 300), total: 250 }),
				key: (record) => String(record.id),
				what: 'groups',
			}),
		).rejects.toThrow('The server listed more groups than its own count (200 read, 250 said)');
	});

	it('with a total, after two pages in a row, asks for the rest at once and reads it in order', async () => {
		const asked: number[] = [];
		let underWay = 0;
		let mostUnderWay = 0;
		const result = await walk(async (offset) => {
			asked.push(offset);
			mostUnderWay = Math.max(mostUnderWay, ++underWay);
			await new Promise((resolve) => setTimeout(resolve, 10));
			underWay--;
			return { records: records(offset, Math.min(100, 550 - offset)), total: 550 };
		});
		expect(result.records.map((record) => record.id)).toEqual(
			records(0, 550).map((record) => record.id),
		);
		expect(asked).toEqual([0, 100, 200, 300, 400, 500]);
		expect(mostUnderWay).toBe(4);
	});

	it.each([
		// After two pages in a row, up to four at once, never past the total or the Limit.
		[
			400,
			Infinity,
			[
				[0, 100],
				[100, 100],
				[200, 100],
				[300, 100],
			],
			2,
			400,
		],
		[
			1000,
			Infinity,
			[0, 100, 200, 300, 400, 500, 600, 700, 800, 900].map((at) => [at, 100]),
			4,
			1000,
		],
		[
			550,
			250,
			[
				[0, 100],
				[100, 100],
				[200, 50],
			],
			1,
			250,
		],
		[
			550,
			420,
			[
				[0, 100],
				[100, 100],
				[200, 100],
				[300, 100],
				[400, 20],
			],
			3,
			420,
		],
		// The Limit met exactly by a read-ahead: no page of size 0 is asked for after it.
		[
			550,
			400,
			[
				[0, 100],
				[100, 100],
				[200, 100],
				[300, 100],
			],
			2,
			400,
		],
	])(
		'a total of %s with Limit %s: asks for %j, at most %s at once, and gives %s records',
		async (total, wanted, expectedAsks, expectedUnderWay, expectedRecords) => {
			const asked: number[][] = [];
			let underWay = 0;
			let mostUnderWay = 0;
			const result = await walk(async (offset, limit) => {
				asked.push([offset, limit]);
				mostUnderWay = Math.max(mostUnderWay, ++underWay);
				await new Promise((resolve) => setTimeout(resolve, 5));
				underWay--;
				return { records: records(offset, Math.min(limit, total - offset)), total };
			}, wanted);
			expect(asked).toEqual(expectedAsks);
			expect(mostUnderWay).toBe(expectedUnderWay);
			expect(result.records.map((record) => record.id)).toEqual(
				records(0, expectedRecords).map((record) => record.id),
			);
		},
	);

	it.each([
		[
			'a short page in a read-ahead (at 200, 99 records): two single pages as asked before pages are asked for ahead again; a full read-ahead: one',
			200,
			99,
			[
				[0],
				[100],
				[200, 300, 400, 500],
				[299],
				[399],
				[499, 599, 699, 799],
				[899],
				[999, 1099, 1199, 1299],
				[1399],
			],
		],
		[
			'a short second page (at 100, 50 records): no read-ahead after it',
			100,
			50,
			[[0], [100], [150], [250, 350, 450, 550], [650], [750, 850, 950, 1050], [1150], [1250, 1350]],
		],
	])('%s', async (_case, shortAt, shortCount, expectedRounds) => {
		// Rounds of pages asked for together, of a list of 1400 with a total.
		const rounds: number[][] = [];
		let underWay = 0;
		const result = await walk(async (offset, limit) => {
			if (underWay++ === 0) rounds.push([]);
			rounds.at(-1)!.push(offset);
			await new Promise((resolve) => setTimeout(resolve, 5));
			underWay--;
			return {
				records: records(offset, Math.min(offset === shortAt ? shortCount : limit, 1400 - offset)),
				total: 1400,
			};
		});
		expect(rounds).toEqual(expectedRounds);
		expect(result.records.map((record) => record.id)).toEqual(
			records(0, 1400).map((record) => record.id),
		);
	});

	it('a server that ignores the offset, with a total: found by the second page, before any page is asked for ahead', async () => {
		const asked: number[] = [];
		await expect(
			walk(async (offset) => {
				asked.push(offset);
				return { records: records(0, 100), total: 550 };
			}),
		).rejects.toThrow('The server listed groups it had already listed (ID 0, at offset 100)');
		expect(asked).toEqual([0, 100]);
	});

	it('a page shorter than asked before the end: the rest is read one page at a time from where the list really is', async () => {
		// The page at 200 comes back with 99 records (a server whose pages shrink): the one asked for at 300 is not used.
		const asked: number[] = [];
		const result = await walk(async (offset, limit) => {
			asked.push(offset);
			return {
				records: records(offset, Math.min(offset === 200 ? 99 : limit, 500 - offset)),
				total: 500,
			};
		});
		expect(asked.slice(0, 5)).toEqual([0, 100, 200, 300, 400]);
		expect(asked).toContain(299);
		expect(result.records.map((record) => record.id)).toEqual(
			records(0, 500).map((record) => record.id),
		);
	});

	it('refuses impossible totals and stops past the ceiling', async () => {
		await expect(walk(async () => ({ records: [], total: 1e9 }))).rejects.toMatchObject({
			message: `The server claims 1000000000 groups: that is no real list (the node reads at most ${MAX_RECORDS})`,
			description: 'Check the address in the credential, or narrow the request with a filter.',
		});
		await expect(walk(async () => ({ records: [], total: -1 }))).rejects.toThrow(
			'The server claims -1 groups',
		);
		for (const total of [MAX_RECORDS + 1, 1.5, Number.NaN])
			await expect(walk(async () => ({ records: [], total }))).rejects.toThrow(
				`The server claims ${total} groups`,
			);
		// The ceiling itself is a real list: a Limit of 10 reads its first 10.
		const atCeiling = await walk(
			async (offset, limit) => ({ records: records(offset, limit), total: MAX_RECORDS }),
			10,
		);
		expect(atCeiling.records).toHaveLength(10);
		let pages = 0;
		await expect(
			walk(async (offset) => {
				pages++;
				return { records: records(offset, 100) };
			}),
		).rejects.toMatchObject({
			message: `More than ${MAX_RECORDS} groups: the node stops here`,
			description: 'Narrow the request with a filter, or use Limit.',
		});
		expect(pages).toBe(MAX_RECORDS / 100 + 1);
	});
});

describe('names and IDs from expressions or an AI model', () => {
	const name = (value: unknown) => requiredText(context, value, 'Name', 0);

	it('refuse numbers that have lost digits, and say "got an object" for what is no text', () => {
		expect(name(42)).toBe('42');
		expect(() => name(12345678901234567891)).toThrow(
			'Parameter "Name" must be given as text: as a number it has lost digits (got 12345678901234567000) (input item 1)',
		);
		expect(() => name(1e21)).toThrow(
			'must be given as text: as a number it has lost digits (got 1e+21)',
		);
		expect(() => name({ a: 1 })).toThrow(
			'Parameter "Name" must be text (got an object) (input item 1)',
		);
		expect(() => name(['a'])).toThrow('Parameter "Name" must be text (got a list) (input item 1)');
	});

	it.each(['a\u2028b', 'a\u2029b', 'a\u0085b', 'a\ufffeb', 'a\u202eb', 'a\u2066b', 'a\u200fb'])(
		'refuse separators, NEL, noncharacters and direction controls: %j',
		(value) => {
			expect(() => name(value)).toThrow('must not contain control characters');
		},
	);

	it('an ID with a line break is refused, not split; signs and hex are no Expert ID', () => {
		expect(() => groupIdValue(context, 'a\r', 'Group', 0)).toThrow('must be a group ID');
		expect(() => groupIdValue(context, '-5', 'Group', 0)).toThrow('must be a group ID');
		expect(() => expertId(context, '0x71', 'Group', 0, 'group')).toThrow('must be a group ID');
		expect(() => expertId(context, '-5', 'Group', 0, 'group')).toThrow('must be a group ID');
	});

	it('an Expert ID as a number or as digits with spaces around them; not a fraction', () => {
		expect(expertId(context, 5, 'Group', 0, 'group')).toBe(5);
		expect(expertId(context, ' 5\t', 'Group', 0, 'group')).toBe(5);
		expect(() => expertId(context, 1.5, 'Group', 0, 'group')).toThrow(
			'Parameter "Group" must be a group ID (a whole number from 1) (got 1.5) (input item 1)',
		);
	});

	it('Expert users: spaces and tabs around an entry are not part of it, an ID stays an ID', () => {
		const users = (value: unknown) =>
			usersValue(context as unknown as IExecuteFunctions, value, 'Users', 0);
		expect(users(['  7  ', ' \t jane doe \t ', '\t\t8'])).toEqual([
			{ id: 7 },
			{ username: 'jane doe' },
			{ id: 8 },
		]);
		// A JSON number is an ID, not a username of digits.
		expect(users([9])).toEqual([{ id: 9 }]);
	});
});
