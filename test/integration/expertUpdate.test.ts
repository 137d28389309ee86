import { NiceExpertEmulator } from '../emulators/niceExpert';
import { loadOptionsContext, runWorkflow } from '../harness/engine';
import { getRolesForUpdate } from '../../nodes/NiceExpertGroup/methods/loadOptions';
import { searchGroups } from '../../nodes/NiceExpertGroup/methods/listSearch';
import {
	WRONG_SECRET,
	byId,
	byName,
	expertBasicCredentials,
	expertNode,
	expertTokenCredentials,
} from './fixtures';
import { useEmulator } from './lifecycle';

describe('NICE Expert Group: Update, in the n8n engine against the Expert emulator', () => {
	const expert = useEmulator(new NiceExpertEmulator({ defaultRole: 'Viewer' }));

	describe.each([
		['Basic', expertBasicCredentials],
		['Server API Token', expertTokenCredentials],
	])('with %s authentication', (_auth, credentials) => {
		it('renames a group found by name and keeps its role (read first, then sent back)', async () => {
			const group = expert.addGroup('Sales Team', 'Contributor');
			const result = await runWorkflow(
				expertNode({
					operation: 'update',
					group: byName('Sales Team'),
					newName: 'Sales & Support',
					role: '',
				}),
				credentials(expert),
			);
			expect(result.error).toBeUndefined();
			expect(result.output('NICE Expert Group')).toEqual([
				{
					id: group.id,
					name: 'Sales & Support',
					role: { id: 4, name: 'Contributor' },
					userCount: 0,
				},
			]);
			expect(expert.groups[0]).toMatchObject({ name: 'Sales & Support', roleId: 4 });

			expect(expert.requests.map((request) => `${request.method} ${request.url}`)).toEqual([
				'GET /@api/deki/groups/=Sales%2520Team?authenticate=true',
				`PUT /@api/deki/groups/${group.id}?authenticate=true`,
			]);
			const put = expert.requests[1];
			expect(put.headers['content-type']).toBe('application/xml');
			expect(put.body).toBe(
				'<group><name>Sales &amp; Support</name><permissions.group><role>Contributor</role></permissions.group></group>',
			);
		});

		it('sends the chosen role and keeps the current name when only the role changes', async () => {
			const group = expert.addGroup('Agents', 'Contributor');
			const result = await runWorkflow(
				expertNode({ operation: 'update', group: byId(group.id), newName: '', role: 'Viewer' }),
				credentials(expert),
			);
			expect(result.error).toBeUndefined();
			expect(result.output('NICE Expert Group')![0]).toMatchObject({
				id: group.id,
				name: 'Agents',
				role: { id: 3, name: 'Viewer' },
			});
			expect(expert.requests[1].body).toBe(
				'<group><name>Agents</name><permissions.group><role>Viewer</role></permissions.group></group>',
			);
		});
	});

	it('sends a single PUT when both the new name and the role are given', async () => {
		const group = expert.addGroup('Night Shift', 'Viewer');
		const result = await runWorkflow(
			expertNode({
				operation: 'update',
				group: byId(String(group.id)),
				newName: 'Late Shift',
				role: 'Contributor',
			}),
			expertBasicCredentials(expert),
		);
		expect(result.error).toBeUndefined();
		expect(expert.requests.map((request) => request.method)).toEqual(['PUT']);
		expect(expert.groups[0]).toMatchObject({ name: 'Late Shift', roleId: 4 });
	});

	it.each([
		['My Contributors Group', '=My%2520Contributors%2520Group'],
		['A/B+C', '=A%252FB%252BC'],
		['100% & more', '=100%2525%2520%2526%2520more'],
		[
			'Équipe Zürich 東京',
			'=%25C3%2589quipe%2520Z%25C3%25BCrich%2520%25E6%259D%25B1%25E4%25BA%25AC',
		],
		['a?b#c', '=a%253Fb%2523c'],
	])('finds the group named %j through the double-encoded path %s', async (name, segment) => {
		expert.addGroup(name, 'Contributor');
		const result = await runWorkflow(
			expertNode({
				operation: 'update',
				group: byName(name),
				newName: `${name} (renamed)`,
				role: '',
			}),
			expertBasicCredentials(expert),
		);
		expect(result.error).toBeUndefined();
		expect(expert.requests[0].url).toBe(`/@api/deki/groups/${segment}?authenticate=true`);
		expect(expert.groups[0]).toMatchObject({ name: `${name} (renamed)`, roleId: 4 });
	});

	it('says the user needs admin rights on 403', async () => {
		expert.addGroup('Ops');
		const result = await runWorkflow(
			expertNode({
				operation: 'update',
				group: byName('Ops'),
				newName: 'Operations',
				role: 'Viewer',
			}),
			expertBasicCredentials(expert, { username: 'agent', password: 'agent-password' }),
		);
		expect(result.error?.message).toBe(
			"Expert refused: the credential's user needs administrator (ADMIN) rights (HTTP 403)",
		);
		expect(result.error?.description).toBe('The server said: Administrator access is required');
		expect(expert.groups[0].name).toBe('Ops');
	});

	it('names the group that was not found on 404', async () => {
		const result = await runWorkflow(
			expertNode({ operation: 'update', group: byName('Ghosts'), newName: 'Spirits', role: '' }),
			expertBasicCredentials(expert),
		);
		expect(result.error?.message).toBe('Expert found no group named "Ghosts" (HTTP 404)');
		expect(result.error?.description).toBe('The server said: Requested group could not be found');
	});

	it('explains 501 when an external group is renamed', async () => {
		const group = expert.addGroup('LDAP Agents', 'Viewer', 2);
		const result = await runWorkflow(
			expertNode({ operation: 'update', group: byId(group.id), newName: 'Agents', role: 'Viewer' }),
			expertBasicCredentials(expert),
		);
		expect(result.error?.message).toBe(
			'Expert refused: this cannot be done to a group of an external authentication service (it cannot be renamed) (HTTP 501)',
		);
		expect(expert.groups[0].name).toBe('LDAP Agents');
	});

	it('passes on 400 for a role the site does not have', async () => {
		expert.addGroup('Ops');
		const result = await runWorkflow(
			expertNode({
				operation: 'update',
				group: byName('Ops'),
				newName: '',
				role: '={{ "Overlord" }}',
			}),
			expertBasicCredentials(expert),
		);
		expect(result.error?.message).toBe('Expert rejected the request as invalid (HTTP 400)');
		expect(result.error?.description).toBe('The server said: Unknown role: Overlord');
	});

	it.each([
		['a wrong password', expertBasicCredentials, { password: WRONG_SECRET }],
		['a wrong token secret', expertTokenCredentials, { tokenSecret: WRONG_SECRET }],
	])('reports %s as an authentication error', async (_case, credentials, overrides) => {
		expert.addGroup('Ops');
		const result = await runWorkflow(
			expertNode({ operation: 'update', group: byName('Ops'), newName: 'x', role: 'Viewer' }),
			credentials(expert, overrides),
		);
		expect(result.error?.message).toMatch(
			/^Expert did not accept the credentials: .* \(HTTP 401\)$/,
		);
		expect(JSON.stringify(result.run)).not.toContain(WRONG_SECRET);
	});

	it.each([
		[
			{ newName: '', role: '' },
			'Parameter "New Name" or "Role" must be set: there is nothing to update (input item 1)',
		],
		[
			{ group: byId('={{ $json.id ?? "twelve" }}') },
			'Parameter "Group" must be a group ID (a whole number from 1) (got "twelve") (input item 1)',
		],
		[
			{ group: byName('={{ "  " }}') },
			'Parameter "Group (By Name)" must not be empty (got "  ") (input item 1)',
		],
		[
			{ newName: '={{ "tab\\there" }}' },
			'Parameter "New Name" must not contain control characters (line breaks, tabs, direction marks…) (got "tab\\there") (input item 1)',
		],
	])('refuses bad input %j before any request', async (override, message) => {
		const result = await runWorkflow(
			expertNode({
				operation: 'update',
				group: byName('Ops'),
				newName: 'New',
				role: '',
				...override,
			}),
			expertBasicCredentials(expert),
		);
		expect(result.error?.message).toBe(message);
		expect(expert.requests).toHaveLength(0);
	});

	it('with Continue On Fail, gives every item exactly one output', async () => {
		expert.addGroup('One', 'Contributor');
		expert.addGroup('Two', 'Viewer');
		const result = await runWorkflow(
			expertNode(
				{
					operation: 'update',
					group: byName('={{ $json.group }}'),
					newName: '={{ $json.name }}',
					role: '',
				},
				true,
			),
			expertBasicCredentials(expert),
			[
				{ group: 'One', name: 'Uno' },
				{ group: 'Missing', name: 'Nada' },
				{ group: 'Two', name: 'Dos' },
			],
		);
		expect(result.error).toBeUndefined();
		const items = result.items('NICE Expert Group')!;
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items.map((item) => item.json.name ?? item.json.error)).toEqual([
			'Uno',
			'Expert found no group named "Missing" (HTTP 404)',
			'Dos',
		]);
		expect(expert.groups.map((group) => [group.name, group.roleId])).toEqual([
			['Uno', 4],
			['Dos', 3],
		]);
	});

	describe('editor helpers', () => {
		const workflow = expertNode({ operation: 'update' });

		it('loads the Role dropdown from the site', async () => {
			const context = await loadOptionsContext(
				workflow,
				'NICE Expert Group',
				expertBasicCredentials(expert),
			);
			const roles = await getRolesForUpdate.call(context);
			expect(roles).toEqual([
				{ name: 'Keep Current Role', value: '' },
				...['None', 'Guest', 'Viewer', 'Contributor', 'Admin'].map((name) => ({
					name,
					value: name,
				})),
			]);
			expect(expert.requests[0].url).toBe('/@api/deki/site/roles?authenticate=true');
		});

		it('the Role dropdown, answered with a 404: Expert found no such resource', async () => {
			expert.glitch = (request, reply) =>
				request.url.startsWith('/@api/deki/site/roles')
					? { status: 404, headers: { 'Content-Type': 'text/plain' }, body: 'Not Found' }
					: reply;
			const context = await loadOptionsContext(
				workflow,
				'NICE Expert Group',
				expertBasicCredentials(expert),
			);
			await expect(getRolesForUpdate.call(context)).rejects.toThrow(
				'Expert found no such resource (HTTP 404)',
			);
		});

		it('searches groups by name and pages through them, each shown with its role (and "external" for groups of another authentication service)', async () => {
			for (let n = 0; n < 130; n++) expert.addGroup(`Team ${String(n).padStart(3, '0')}`);
			expert.addGroup('Billing');
			const context = await loadOptionsContext(
				workflow,
				'NICE Expert Group',
				expertTokenCredentials(expert),
			);

			const first = await searchGroups.call(context, 'team');
			expect(first.results).toHaveLength(100);
			expect(first.results[0]).toEqual({
				name: 'Team 000 (Contributor)',
				value: String(expert.groupNamed('Team 000')!.id),
			});
			expect(first.paginationToken).toBe('100');
			const second = await searchGroups.call(context, 'team', first.paginationToken);
			expect(second.results.map((result) => result.name)).toEqual(
				Array.from(
					{ length: 30 },
					(_, n) => `Team ${String(n + 100).padStart(3, '0')} (Contributor)`,
				),
			);
			expect(second.paginationToken).toBeUndefined();
			expect((await searchGroups.call(context, 'bill')).results).toEqual([
				{ name: 'Billing (Contributor)', value: String(expert.groupNamed('Billing')!.id) },
			]);
			expert.addGroup('Partners LDAP', 'Viewer', 2);
			expect(
				(await searchGroups.call(context, 'partners')).results.map((result) => result.name),
			).toEqual(['Partners LDAP (Viewer, external)']);
		});
	});
});
