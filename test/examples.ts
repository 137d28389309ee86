import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import type { IDataObject } from 'n8n-workflow';

import type { HuaweiCmsEmulator } from './emulators/huaweiCms';
import type { NiceExpertEmulator } from './emulators/niceExpert';
import type { WorkflowDefinition } from './harness/engine';
import { PACKAGE_ROOT } from './packageRoot';

// What each example workflow must produce, checked after running it in n8n-core's engine
// (test/integration) and in a real n8n (test/e2e), both against the demo emulators.

export type NodeOutput = (nodeName: string) => IDataObject[] | undefined;

export const EXAMPLES_FOLDER = join(PACKAGE_ROOT, 'examples');

export function readExample(file: string): WorkflowDefinition & { id: string } {
	return JSON.parse(readFileSync(join(EXAMPLES_FOLDER, file), 'utf8'));
}

export const exampleFiles = () =>
	readdirSync(EXAMPLES_FOLDER)
		.filter((file) => file.endsWith('.json'))
		.sort();

export const exampleExpectations: Record<
	string,
	(output: NodeOutput, cms: HuaweiCmsEmulator, expert: NiceExpertEmulator) => void
> = {
	'rename-groups.json': (output, cms, expert) => {
		expect(output('Rename CMS group')).toEqual([
			expect.objectContaining({
				success: true,
				id: '159832671551117675139418726647',
				groupName: 'Quality Inspectors - Tier 2',
			}),
		]);
		expect(output('Rename Expert group')).toEqual([
			expect.objectContaining({
				name: 'Sales & Support Team',
				role: { id: 4, name: 'Contributor' },
			}),
		]);
		expect(cms.groups.get('159832671551117675139418726647')).toMatchObject({
			groupName: 'Quality Inspectors - Tier 2',
			remark: 'Renamed by n8n',
		});
		expect(expert.groupNamed('Sales & Support Team')).toMatchObject({
			roleId: expert.role('Contributor')!.id,
		});
	},
	'create-and-staff-groups.json': (output, cms, expert) => {
		const [created] = output('Create CMS group')!;
		expect(created).toMatchObject({
			success: true,
			groupName: 'Weekend QA',
			groupType: 3,
			workNos: [57005, 57006],
		});
		expect(created.id).toMatch(/^\d+$/);
		expect(cms.membersOf(created.id as string)).toEqual([57005, 57006]);
		expect(output('List CMS members')!.map((member) => member.workNo)).toEqual([57005, 57006]);
		expect(output('Create Expert group')).toEqual([
			{ id: expect.any(Number), name: 'Weekend QA', role: { id: 3, name: 'Viewer' }, userCount: 1 },
		]);
		expect(expert.groupNamed('Weekend QA')).toMatchObject({ userIds: [3] });
	},
};

/** The Sync example: a Code node's team list synced into both systems (run twice by the e2e suite). */
export const SYNC_EXAMPLE = 'sync/sync-teams.json';

/** What both systems hold after the Sync example ran (once or more). */
export function expectTeamsSynced(cms: HuaweiCmsEmulator, expert: NiceExpertEmulator): void {
	const team = (name: string) =>
		[...cms.groups.values()].filter((group) => group.groupName === name);
	for (const [name, workNos] of [
		['Team Inbound', [57008, 57009]],
		['Team Outbound', [57010]],
	] as const) {
		expect(team(name)).toEqual([
			expect.objectContaining({ vdn: 113, groupType: 3, remark: 'Synced by n8n' }),
		]);
		expect(cms.membersOf(team(name)[0].id)).toEqual(workNos);
	}
	expect(expert.groupNamed('Team Inbound')).toMatchObject({
		roleId: expert.role('Viewer')!.id,
		userIds: [3],
	});
	expect(expert.groupNamed('Team Outbound')).toMatchObject({
		roleId: expert.role('Viewer')!.id,
	});
	expect([...expert.groupNamed('Team Outbound')!.userIds].sort()).toEqual([1, 3]);
}
