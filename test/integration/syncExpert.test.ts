import type { IDataObject } from 'n8n-workflow';

import { NiceExpertEmulator } from '../emulators/niceExpert';
import { runWorkflow, startWorkflow } from '../harness/engine';
import { expertBasicCredentials, expertNode } from './fixtures';
import { until, useEmulator } from './lifecycle';

const SYNC = {
	operation: 'sync',
	name: '={{ $json.name }}',
	existingGroupId: '={{ $json.id ?? "" }}',
	role: '={{ $json.role ?? "" }}',
	members: '={{ $json.members ?? [] }}',
};

describe('NICE Expert Group: Sync, in the n8n engine against the Expert emulator', () => {
	const expert = useEmulator(new NiceExpertEmulator());
	const credentials = () => expertBasicCredentials(expert);
	const writes = () =>
		expert.requests
			.filter((request) => request.method !== 'GET')
			.map((request) => `${request.method} ${request.url.replace(/^\/@api\/deki\/|\?.*$/g, '')}`);
	const sync = async (
		input: IDataObject[],
		parameters: IDataObject = {},
		continueOnFail: boolean | 'errorOutput' = false,
	) =>
		await runWorkflow(expertNode({ ...SYNC, ...parameters }, continueOnFail), credentials(), input);
	const state = () =>
		expert.groups
			.map((group) => ({
				name: group.name,
				role: expert.roles.find((role) => role.id === group.roleId)!.name,
				members: [...group.userIds].sort((a, b) => a - b),
			}))
			.sort((a, b) => a.name.localeCompare(b.name));

	it('creates, renames (keeping the role) and sets members by ID or username, deletes an unlisted group, then plans nothing', async () => {
		const jane = expert.addUser('jane.doe');
		const john = expert.addUser('John Smith');
		const sales = expert.addGroup('Team Sales', 'Viewer');
		const old = expert.addGroup('Team Old', 'Contributor');
		const gone = expert.addGroup('Team Gone', 'Viewer');
		expert.addGroup('Elsewhere', 'Viewer');
		sales.userIds.push(jane.id, 3);
		gone.userIds.push(john.id);
		const input = [
			{ name: 'Team Sales', members: ['JANE.DOE', john.id] },
			{ name: 'Team Support', id: old.id, members: 'John Smith' },
			{ name: 'Team New', role: 'Viewer', members: [3] },
		];
		const parameters = {
			syncScope: 'prefix',
			syncPrefix: 'Team ',
			syncMembers: 'exact',
			deleteUnlisted: true,
		};
		const result = await sync(input, parameters);
		expect(result.error).toBeUndefined();
		const output = result.output('NICE Expert Group')!;
		expect(
			output.map((item) => [item.action, item.status, (item.group as IDataObject)?.name]),
		).toEqual(
			[
				['create', 'done', 'Team New'],
				['update', 'done', 'Team Support'],
				['removeMembers', 'done', 'Team Sales'],
				['addMembers', 'done', 'Team Sales'],
				['addMembers', 'done', 'Team Support'],
				['delete', 'done', 'Team Gone'],
				expect.anything(),
			].map((row) => row),
		);
		expect(state()).toEqual([
			{ name: 'Elsewhere', role: 'Viewer', members: [] },
			{ name: 'Team New', role: 'Viewer', members: [3] },
			{ name: 'Team Sales', role: 'Viewer', members: [jane.id, john.id] },
			{ name: 'Team Support', role: 'Contributor', members: [john.id] },
		]);
		expect(writes()).toEqual([
			'POST groups',
			`PUT groups/${old.id}`,
			`DELETE groups/${sales.id}/users/3`,
			`POST groups/${sales.id}/users`,
			`POST groups/${old.id}/users`,
			`DELETE groups/${gone.id}`,
		]);
		expect(expert.requests.find((request) => request.method === 'PUT')!.body).toContain(
			'<role>Contributor</role>',
		);

		expert.requests.length = 0;
		const again = await sync(input, parameters);
		expect(again.output('NICE Expert Group')).toEqual([
			expect.objectContaining({ summary: true, changes: 0, requests: 0, unchanged: 3 }),
		]);
		expect(writes()).toEqual([]);
	});

	it('Preview Only: outputs the plan and sends nothing; the requests then sent are the plan, request for request', async () => {
		const jane = expert.addUser('jane.doe');
		const a = expert.addGroup('Team A', 'Viewer');
		expert.addGroup('Team B', 'Viewer');
		a.userIds.push(3);
		const input = [
			{ name: 'Team A & Co', id: a.id, role: 'Contributor', members: ['jane.doe'] },
			{ name: 'Team <New>', members: [jane.id, 3] },
		];
		const parameters = {
			syncScope: 'prefix',
			syncPrefix: 'Team ',
			syncMembers: 'exact',
			deleteUnlisted: true,
		};
		const preview = await sync(input, { ...parameters, previewOnly: true });
		expect(preview.error).toBeUndefined();
		expect(writes()).toEqual([]);
		const plan = preview.output('NICE Expert Group')!;
		// What each change finds and makes, as the editor shows it.
		expect(
			plan.slice(0, -1).map(({ action, status, now, will }) => ({ action, status, now, will })),
		).toEqual([
			{ action: 'create', status: 'planned', will: { name: 'Team <New>', userIds: [jane.id, 3] } },
			{
				action: 'update',
				status: 'planned',
				now: { name: 'Team A', role: 'Viewer' },
				will: { name: 'Team A & Co', role: 'Contributor' },
			},
			{ action: 'removeMembers', status: 'planned', will: { removed: [3] } },
			{ action: 'addMembers', status: 'planned', will: { added: [jane.id] } },
			{
				action: 'delete',
				status: 'planned',
				now: { name: 'Team B', role: 'Viewer', userCount: 0 },
			},
		]);
		expect(plan.at(-1)).toMatchObject({
			summary: true,
			preview: true,
			changes: 5,
			requests: 5,
			create: 1,
			update: 1,
			removeMembers: 1,
			addMembers: 1,
			delete: 1,
			conflicts: 0,
		});
		const planned = plan
			.slice(0, -1)
			.flatMap((item) => item.requests as IDataObject[])
			.map(
				(request) =>
					`${String(request.method)} ${String(request.path)} ${String(request.body ?? '')}`,
			);

		expert.requests.length = 0;
		const applied = await sync(input, parameters);
		expect(applied.error).toBeUndefined();
		const sent = expert.requests
			.filter((request) => request.method !== 'GET')
			.map(
				(request) =>
					`${request.method} ${request.url.replace(/^\/@api\/deki\/|\?.*$/g, '')} ${request.body}`,
			);
		expect(sent).toEqual(planned);
		expect(sent).toHaveLength(5);
		expect(sent[0]).toBe(
			`POST groups <group><name>Team &lt;New&gt;</name><users><user id="${jane.id}"></user><user id="3"></user></users></group>`,
		);
	});

	it('reports an external group it would rename or change the members of, and a name taken by another group, as conflicts', async () => {
		const external = expert.addGroup('Team LDAP', 'Viewer', 2);
		const roleOnly = expert.addGroup('Team LDAP Role', 'Viewer', 2);
		const local = expert.addGroup('Team Local', 'Viewer');
		expert.addGroup('Team Taken', 'Viewer');
		const result = await sync(
			[
				{ name: 'Team LDAP 2', id: external.id },
				{ name: 'Team LDAP Role', role: 'Contributor' },
				{ name: 'Team Taken', id: local.id },
			],
			{ syncScope: 'listed' },
		);
		expect(result.error).toBeUndefined();
		const output = result.output('NICE Expert Group')!;
		// Conflicts come first: they need a person.
		expect(output.map((item) => [item.action, item.status, item.reason])).toEqual([
			[
				'conflict',
				'notDone',
				'The group belongs to an external authentication service: Expert cannot rename it. Nothing is done to this group.',
			],
			[
				'conflict',
				'notDone',
				expect.stringMatching(
					/^The name "Team Taken" is taken by group \d+: run the sync again once it is free/,
				),
			],
			['update', 'done', undefined],
			[undefined, undefined, undefined],
		]);
		// A conflict is no change: one change, two conflicts, nothing failed.
		expect(output.at(-1)).toMatchObject({
			summary: true,
			preview: false,
			changes: 1,
			requests: 1,
			update: 1,
			conflicts: 2,
			failed: 0,
		});
		expect(writes()).toEqual([`PUT groups/${roleOnly.id}`]);
		expect(expert.groups.map((group) => group.name)).toEqual([
			'Team LDAP',
			'Team LDAP Role',
			'Team Local',
			'Team Taken',
		]);
	});

	it('Stop while the members are read, in Preview Only: no plan from part of a read, the sync ends canceled', async () => {
		const user = expert.addUser('jdoe');
		const groups = Array.from({ length: 30 }, (_, n) => {
			const group = expert.addGroup(`Team ${n}`, 'Viewer');
			group.userIds.push(user.id);
			return group;
		});
		const isRead = (url: string) => /\/groups\/\d+\/users/.test(url);
		expert.latencyOf = (request) => (isRead(request.url) ? 300 : undefined);
		const { cancel, finished } = await startWorkflow(
			expertNode({ ...SYNC, syncMembers: 'exact', previewOnly: true }),
			credentials(),
			groups.map((group) => ({ name: group.name, role: 'Viewer', members: [] })),
		);
		await until(() => expert.requests.some((request) => isRead(request.url)));
		cancel();
		const result = await finished;
		expect(result.run.status).toBe('canceled');
		expect(result.error?.message).toBe(
			'The execution was canceled (Stop, or its timeout): nothing more was sent',
		);
		expect(result.output('NICE Expert Group')).toBeUndefined();
	});

	it('refuses a name listed twice regardless of case, naming both spellings', async () => {
		const result = await sync([{ name: 'Team A' }, { name: 'team a' }]);
		expect(result.error?.message).toBe(
			'The group "team a" is listed twice, by input item 1 ("Team A") and this one (input item 2)',
		);
		expect(writes()).toEqual([]);
	});

	it('refuses an unknown username before any change', async () => {
		expert.addGroup('Team A', 'Viewer');
		const result = await sync(
			[
				{ name: 'Team A', members: ['agent'] },
				{ name: 'Team B', members: ['nobody.here'] },
			],
			{ syncMembers: 'exact' },
		);
		expect(result.error?.message).toBe(
			'Parameter "Member Users" names a user Expert does not have: "nobody.here" (nothing was changed) (input item 2)',
		);
		expect(writes()).toEqual([]);
	});

	it('fails without a change when a member list is shorter than the group list says', async () => {
		const group = expert.addGroup('Team A', 'Viewer');
		group.userIds.push(3);
		expert.glitch = (request, reply) =>
			request.url.includes('/users?') && reply.body?.includes('<user ')
				? { ...reply, body: String(reply.body).replace(/<user [\s\S]*<\/user>/, '') }
				: reply;
		const result = await sync([{ name: 'Team A', members: [] }], { syncMembers: 'exact' });
		// The group list's member count is the total the member list is read to.
		expect(result.error?.message).toBe(
			'The server said 1 members but stopped at 0: the list is incomplete',
		);
		expect(writes()).toEqual([]);
		expect(group.userIds).toEqual([3]);
	});

	it('Only Add Missing Ones adds the listed users and removes nobody', async () => {
		const jane = expert.addUser('jane.doe');
		const team = expert.addGroup('Team A', 'Viewer');
		team.userIds.push(3);
		const result = await sync([{ name: 'Team A', members: ['jane.doe'] }], {
			syncMembers: 'addMissing',
		});
		expect(result.error).toBeUndefined();
		expect(writes()).toEqual([`POST groups/${team.id}/users`]);
		expect(team.userIds).toEqual([3, jane.id]);
	});

	it('matches names and roles regardless of case, as Expert does: a case change is a rename, never a create and a delete', async () => {
		const sales = expert.addGroup('Team Sales', 'Viewer');
		sales.userIds.push(3);
		const input = [{ name: 'team sales', role: 'viewer', members: [3] }];
		const parameters = { syncScope: 'all', deleteUnlisted: true, syncMembers: 'exact' };
		const result = await sync(input, parameters);
		expect(result.error).toBeUndefined();
		expect(writes()).toEqual([`PUT groups/${sales.id}`]);
		expect(expert.requests.find((request) => request.method === 'PUT')!.body).toBe(
			'<group><name>team sales</name><permissions.group><role>Viewer</role></permissions.group></group>',
		);
		expert.requests.length = 0;
		const again = await sync(input, parameters);
		expect(again.output('NICE Expert Group')).toEqual([
			expect.objectContaining({ summary: true, changes: 0 }),
		]);
		expect(writes()).toEqual([]);
		const unknown = await sync([{ name: 'team sales', role: 'Boss' }], parameters);
		expect(unknown.error?.message).toMatch(
			/^Parameter "Role" is not one of the site's roles \(.*Viewer.*\): nothing was changed \(got "Boss"\) \(input item 1\)$/,
		);
		expect(writes()).toEqual([]);
	});

	it('reports an external group whose members differ as a conflict, and changes nothing there', async () => {
		const external = expert.addGroup('Team LDAP', 'Viewer', 2);
		external.userIds.push(3);
		const result = await sync([{ name: 'Team LDAP', members: [1] }], { syncMembers: 'exact' });
		expect(result.error).toBeUndefined();
		expect(result.output('NICE Expert Group')!.map((item) => item.reason ?? item.action)).toEqual([
			'The group belongs to an external authentication service: Expert cannot change its members. Nothing is done to this group.',
			undefined,
		]);
		expect(writes()).toEqual([]);
		expect(external.userIds).toEqual([3]);
	});

	it('never takes a group outside the prefix for one of the input, even when its name matches regardless of case', async () => {
		const outside = expert.addGroup('team sales', 'Viewer');
		const result = await sync([{ name: 'Team Sales' }], {
			syncScope: 'prefix',
			syncPrefix: 'Team ',
		});
		expect(result.error?.message).toBe(
			`Group ${outside.id} ("team sales") is outside the groups this sync manages (input item 1)`,
		);
		expect(writes()).toEqual([]);
		expect(outside.name).toBe('team sales');
	});
});
