import type { IDataObject } from 'n8n-workflow';

import { NiceExpertEmulator } from '../emulators/niceExpert';
import { runWorkflow } from '../harness/engine';
import { expertBasicCredentials, expertNode } from './fixtures';
import { useEmulator } from './lifecycle';

const SYNC = {
	operation: 'sync',
	name: '={{ $json.name }}',
	groupId: '={{ $json.id ?? "" }}',
	role: '={{ $json.role ?? "" }}',
	userIds: '={{ $json.members ?? [] }}',
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
});
