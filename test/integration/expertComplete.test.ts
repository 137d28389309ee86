import { NiceExpertEmulator } from '../emulators/niceExpert';
import { runWorkflow } from '../harness/engine';
import {
	byId,
	byName,
	expertBasicCredentials,
	expertNode,
	expertTokenCredentials,
} from './fixtures';
import { useEmulator } from './lifecycle';

describe('NICE Expert Group: every group and member operation, in the n8n engine against the Expert emulator', () => {
	const expert = useEmulator(new NiceExpertEmulator({ defaultRole: 'Viewer' }));
	const calls = () =>
		expert.requests.map((request) => `${request.method} ${request.url.replace('/@api/deki/', '')}`);

	describe.each([
		['Basic', expertBasicCredentials],
		['Server API Token', expertTokenCredentials],
	])('with %s authentication', (_auth, credentials) => {
		it('Group Create: name, role and initial members, simplified output', async () => {
			const [jane, joe] = [expert.addUser('jane'), expert.addUser('joe')];
			const result = await runWorkflow(
				expertNode({
					operation: 'create',
					name: 'Tier 2 / Escalations',
					role: 'Contributor',
					additionalFields: { userIds: `${jane.id}, ${joe.id}` },
				}),
				credentials(expert),
			);
			expect(result.error).toBeUndefined();
			const created = expert.groupNamed('Tier 2 / Escalations')!;
			expect(result.output('NICE Expert Group')).toEqual([
				{
					id: created.id,
					name: 'Tier 2 / Escalations',
					role: { id: 4, name: 'Contributor' },
					userCount: 2,
				},
			]);
			expect(expert.requests[0].body).toBe(
				`<group><name>Tier 2 / Escalations</name><permissions.group><role>Contributor</role></permissions.group><users><user id="${jane.id}"></user><user id="${joe.id}"></user></users></group>`,
			);
			expect(created.userIds).toEqual([jane.id, joe.id]);
		});

		it('Group Get by name and by ID', async () => {
			const group = expert.addGroup('Billing + Payments', 'Viewer');
			const result = await runWorkflow(
				expertNode({ operation: 'get', group: byName('={{ $json.name }}') }),
				credentials(expert),
				[{ name: 'Billing + Payments' }],
			);
			expect(result.output('NICE Expert Group')).toEqual([
				{ id: group.id, name: 'Billing + Payments', role: { id: 3, name: 'Viewer' }, userCount: 0 },
			]);
			const byIdResult = await runWorkflow(
				expertNode({ operation: 'get', group: byId(group.id), simplify: false }),
				credentials(expert),
			);
			expect(byIdResult.output('NICE Expert Group')![0]).toMatchObject({
				id: group.id,
				href: `${expert.url}/@api/deki/groups/${group.id}`,
			});
			expect(calls()).toEqual([
				'GET groups/=Billing%2520%252B%2520Payments?authenticate=true',
				`GET groups/${group.id}?authenticate=true`,
			]);
		});

		it('Group Delete', async () => {
			const group = expert.addGroup('Old');
			const result = await runWorkflow(
				expertNode({ operation: 'delete', group: byId(group.id) }),
				credentials(expert),
			);
			expect(result.output('NICE Expert Group')).toEqual([
				{ deleted: true, group: `group with ID ${group.id}` },
			]);
			expect(expert.groups).toHaveLength(0);
		});

		it('Group Get Many with Return All', async () => {
			for (const name of ['b', 'a', 'c']) expert.addGroup(name);
			const result = await runWorkflow(
				expertNode({ operation: 'getAll', returnAll: true, options: { sortBy: 'name' } }),
				credentials(expert),
			);
			expect(result.output('NICE Expert Group')!.map((group) => group.name)).toEqual([
				'a',
				'b',
				'c',
			]);
		});

		it('Member Add, Set, Remove and Get Many', async () => {
			const group = expert.addGroup('Agents');
			const users = [1, 2, 3, 4].map((n) => expert.addUser(`user${n}`));
			const ids = users.map((user) => user.id);

			const added = await runWorkflow(
				expertNode({
					resource: 'member',
					operation: 'add',
					group: byId(group.id),
					userIds: `${ids[0]},${ids[1]}`,
				}),
				credentials(expert),
			);
			expect(added.output('NICE Expert Group')).toEqual([
				{ id: group.id, name: 'Agents', role: { id: 4, name: 'Contributor' }, userCount: 2 },
			]);
			await runWorkflow(
				expertNode({
					resource: 'member',
					operation: 'add',
					group: byId(group.id),
					userIds: `${ids[1]},${ids[2]}`,
				}),
				credentials(expert),
			);
			expect(group.userIds).toEqual([ids[0], ids[1], ids[2]]);

			await runWorkflow(
				expertNode({
					resource: 'member',
					operation: 'set',
					group: byName('Agents'),
					userIds: `${ids[3]}, ${ids[0]}`,
				}),
				credentials(expert),
			);
			expect(group.userIds).toEqual([ids[3], ids[0]]);

			await runWorkflow(
				expertNode({
					resource: 'member',
					operation: 'remove',
					group: byName('Agents'),
					user: { __rl: true, mode: 'name', value: 'user4' },
				}),
				credentials(expert),
			);
			expect(group.userIds).toEqual([ids[0]]);

			const listed = await runWorkflow(
				expertNode({
					resource: 'member',
					operation: 'getAll',
					group: byId(group.id),
					returnAll: true,
				}),
				credentials(expert),
			);
			expect(listed.output('NICE Expert Group')).toEqual([
				{
					id: ids[0],
					username: 'user1',
					nick: 'user1',
					email: 'user1@example.com',
					href: `${expert.url}/@api/deki/users/${ids[0]}`,
				},
			]);
			expect(calls()).toEqual([
				`POST groups/${group.id}/users?authenticate=true`,
				`POST groups/${group.id}/users?authenticate=true`,
				'PUT groups/=Agents/users?authenticate=true',
				'DELETE groups/=Agents/users/=user4?authenticate=true',
				`GET groups/${group.id}/users?authenticate=true&limit=100&offset=0`,
				// No count in the answer: the list ends at an empty page.
				`GET groups/${group.id}/users?authenticate=true&limit=100&offset=1`,
			]);
			expect(expert.requests[2].body).toBe(
				`<users><user id="${ids[3]}"></user><user id="${ids[0]}"></user></users>`,
			);
		});
	});

	describe('paging', () => {
		it('Group Get Many walks offset pages until querycount, with a name filter', async () => {
			for (let n = 0; n < 230; n++) expert.addGroup(`Team ${String(n).padStart(3, '0')}`);
			for (let n = 0; n < 20; n++) expert.addGroup(`Other ${n}`);
			const result = await runWorkflow(
				expertNode({
					operation: 'getAll',
					returnAll: true,
					filters: { nameFilter: 'team' },
					options: { sortBy: 'name', descending: true },
				}),
				expertBasicCredentials(expert),
			);
			const names = result.output('NICE Expert Group')!.map((group) => group.name);
			expect(names).toHaveLength(230);
			expect(names[0]).toBe('Team 229');
			expect(names.at(-1)).toBe('Team 000');
			expect(calls()).toEqual(
				[0, 100, 200].map(
					(offset) =>
						`GET groups?authenticate=true&groupnamefilter=team&sortby=-name&limit=100&offset=${offset}`,
				),
			);
		});

		it('Group Get Many asks for no more than Limit', async () => {
			for (let n = 0; n < 150; n++) expert.addGroup(`G${n}`);
			const result = await runWorkflow(
				expertNode({ operation: 'getAll', returnAll: false, limit: 120 }),
				expertBasicCredentials(expert),
			);
			expect(result.output('NICE Expert Group')).toHaveLength(120);
			expect(calls()).toEqual([
				'GET groups?authenticate=true&limit=100&offset=0',
				'GET groups?authenticate=true&limit=20&offset=100',
			]);
		});

		it('Member Get Many walks pages of 100 and filters by username and role', async () => {
			const group = expert.addGroup('Big');
			for (let n = 0; n < 205; n++)
				group.userIds.push(expert.addUser(`agent.${n}`, n % 5 === 0 ? 'Contributor' : 'Viewer').id);
			const all = await runWorkflow(
				expertNode({
					resource: 'member',
					operation: 'getAll',
					group: byId(group.id),
					returnAll: true,
				}),
				expertBasicCredentials(expert),
			);
			expect(all.output('NICE Expert Group')).toHaveLength(205);
			expect(
				expert.requests.map((request) =>
					new URL(request.url, 'http://x').searchParams.get('offset'),
				),
			).toEqual(['0', '100', '200', '205']);

			const filtered = await runWorkflow(
				expertNode({
					resource: 'member',
					operation: 'getAll',
					group: byId(group.id),
					returnAll: true,
					filters: { usernameFilter: 'agent.1', roleFilter: 'Contributor' },
				}),
				expertBasicCredentials(expert),
			);
			const expected = Array.from({ length: 205 }, (_, n) => n)
				.filter((n) => n % 5 === 0 && String(n).startsWith('1'))
				.map((n) => `agent.${n}`);
			expect(filtered.output('NICE Expert Group')!.map((user) => user.username)).toEqual(expected);
			expect(expected).toHaveLength(22);
		});
	});

	describe('errors', () => {
		it('409: a group of that name exists', async () => {
			expert.addGroup('Sales');
			const result = await runWorkflow(
				expertNode({ operation: 'create', name: 'Sales', role: '' }),
				expertBasicCredentials(expert),
			);
			expect(result.error?.message).toBe(
				'Expert refused: there is already a group named "Sales" (HTTP 409)',
			);
			expect(result.error?.description).toBe('The server said: Group "Sales" already exists');
		});

		it('409 with "Use the Existing Group": the group of that name is read and output, unchanged', async () => {
			const sales = expert.addGroup('Sales', 'Contributor');
			const parameters = {
				operation: 'create',
				name: 'Sales',
				role: 'Viewer',
				ifNameTaken: 'useExisting',
				additionalFields: { userIds: '3' },
			};
			const result = await runWorkflow(expertNode(parameters), expertBasicCredentials(expert));
			expect(result.error).toBeUndefined();
			expect(result.output('NICE Expert Group')).toEqual([
				{
					id: sales.id,
					name: 'Sales',
					role: { id: 4, name: 'Contributor' },
					userCount: 0,
					alreadyExisted: true,
				},
			]);
			expect(calls()).toEqual([
				'POST groups?authenticate=true',
				'GET groups/=Sales?authenticate=true',
			]);
			expect(expert.groupNamed('Sales')).toMatchObject({
				userIds: [],
				roleId: expert.role('Contributor')!.id,
			});

			const fresh = await runWorkflow(
				expertNode({ ...parameters, name: 'Support' }),
				expertBasicCredentials(expert),
			);
			expect(fresh.error).toBeUndefined();
			expect(fresh.output('NICE Expert Group')).toEqual([
				expect.objectContaining({ name: 'Support', userCount: 1, alreadyExisted: false }),
			]);
		});

		it('400: unknown user ids', async () => {
			const group = expert.addGroup('Agents');
			const result = await runWorkflow(
				expertNode({ resource: 'member', operation: 'add', group: byId(group.id), userIds: '999' }),
				expertBasicCredentials(expert),
			);
			expect(result.error?.message).toBe('Expert rejected the request as invalid (HTTP 400)');
			expect(result.error?.description).toBe('The server said: Unknown user id: 999');
		});

		it('400: members of an external group', async () => {
			const group = expert.addGroup('LDAP', 'Viewer', 2);
			const result = await runWorkflow(
				expertNode({ resource: 'member', operation: 'add', group: byId(group.id), userIds: '3' }),
				expertBasicCredentials(expert),
			);
			expect(result.error?.description).toBe(
				'The server said: The members of an external group are managed by its authentication service',
			);
		});

		it('404 names what was tried, for a group and for a user', async () => {
			const missingGroup = await runWorkflow(
				expertNode({ operation: 'delete', group: byName('Nope / Never') }),
				expertBasicCredentials(expert),
			);
			expect(missingGroup.error?.message).toBe(
				'Expert found no group named "Nope / Never" (HTTP 404)',
			);
			expert.addGroup('Agents');
			const missingUser = await runWorkflow(
				expertNode({
					resource: 'member',
					operation: 'remove',
					group: byName('Agents'),
					user: { __rl: true, mode: 'name', value: 'ghost' },
				}),
				expertBasicCredentials(expert),
			);
			expect(missingUser.error?.message).toBe(
				'Expert found no group named "Agents" or user named "ghost" (HTTP 404)',
			);
			expect(missingUser.error?.description).toBe(
				'The server said: Requested user could not be found',
			);
		});

		it('403 on every write without admin rights', async () => {
			const group = expert.addGroup('Agents');
			const agent = expertBasicCredentials(expert, {
				username: 'agent',
				password: 'agent-password',
			});
			for (const parameters of [
				{ operation: 'create', name: 'X', role: '' },
				{ operation: 'delete', group: byId(group.id) },
				{ resource: 'member', operation: 'add', group: byId(group.id), userIds: '3' },
			]) {
				const result = await runWorkflow(expertNode(parameters), agent);
				expect(result.error?.message).toBe(
					"Expert refused: the credential's user needs administrator (ADMIN) rights (HTTP 403)",
				);
			}
			expect(expert.groups).toEqual([group]);
		});

		it('Set refuses an empty list unless removing everyone is switched on', async () => {
			const group = expert.addGroup('Agents');
			group.userIds.push(expert.addUser('a').id);
			const refused = await runWorkflow(
				expertNode({
					resource: 'member',
					operation: 'set',
					group: byId(group.id),
					userIds: '={{ [] }}',
				}),
				expertBasicCredentials(expert),
			);
			expect(refused.error?.message).toBe(
				'Parameter "User Names or IDs" is empty: that would remove every member of the group (switch on "Allow Removing All Members" if that is meant) (input item 1)',
			);
			expect(expert.requests).toHaveLength(0);
			const allowed = await runWorkflow(
				expertNode({
					resource: 'member',
					operation: 'set',
					group: byId(group.id),
					userIds: '',
					allowEmpty: true,
				}),
				expertBasicCredentials(expert),
			);
			expect(allowed.error).toBeUndefined();
			expect(group.userIds).toEqual([]);
			expect(expert.requests[0].body).toBe('<users></users>');
		});

		it('refuses a number that is no user ID before any request; text other than plain digits is a username', async () => {
			const result = await runWorkflow(
				expertNode({
					resource: 'member',
					operation: 'add',
					group: byId(2),
					userIds: '={{ [3, -4] }}',
				}),
				expertBasicCredentials(expert),
			);
			expect(result.error?.message).toBe(
				'Parameter "User Names or IDs" must list user IDs (whole numbers from 1) or usernames (got -4) (input item 1)',
			);
			expect(expert.requests).toHaveLength(0);
			const group = expert.addGroup('Named', 'Viewer');
			const jane = expert.addUser('Jane Doe');
			const doubleO = expert.addUser('007');
			const e2e = expert.addUser('e2e');
			const named = await runWorkflow(
				expertNode({
					resource: 'member',
					operation: 'add',
					group: byId(2),
					userIds: 'Jane Doe; 007\ne2e',
				}),
				expertBasicCredentials(expert),
			);
			expect(named.error).toBeUndefined();
			expect(expert.requests.map((request) => request.url.split('?')[0])).toEqual([
				'/@api/deki/users/=Jane%2520Doe',
				'/@api/deki/users/=007',
				'/@api/deki/users/=e2e',
				`/@api/deki/groups/${group.id}/users`,
			]);
			expect(expert.requests.at(-1)!.body).toBe(
				`<users>${[jane, doubleO, e2e].map((user) => `<user id="${user.id}"></user>`).join('')}</users>`,
			);
		});

		it('refuses a username the site does not have, after looking it up, before any change', async () => {
			const result = await runWorkflow(
				expertNode({ resource: 'member', operation: 'add', group: byId(2), userIds: '3, x' }),
				expertBasicCredentials(expert),
			);
			expect(result.error?.message).toBe(
				'Parameter "User Names or IDs" names a user Expert does not have: "x" (nothing was changed) (input item 1)',
			);
			expect(expert.requests.map((request) => request.method)).toEqual(['GET']);
		});
	});
});
