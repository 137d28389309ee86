import type { IDataObject, IExecuteFunctions, INodeProperties, JsonObject } from 'n8n-workflow';
import { NodeApiError, updateDisplayOptions } from 'n8n-workflow';

import { optionsList, previewOnlyField } from '../../../shared/descriptions';
import { inTurn } from '../../../shared/runState';
import { invalidParameter, optionalText } from '../../../shared/validation';
import { groupReference } from '../../helpers/parameters';
import { buildXml, groupForRewrite, groupOutput, expertApiRequest } from '../../transport';
import { groupLocator, roleField } from '../common.descriptions';

const properties: INodeProperties[] = [
	groupLocator(),
	{
		displayName: 'New Name',
		name: 'newName',
		type: 'string',
		default: '',
		description: 'The name the group gets. Leave empty to keep the current name.',
	},
	roleField(
		'getRolesForUpdate',
		'The role the group gets; "Keep Current Role" sends the role the group has now.',
	),
	previewOnlyField,
	optionsList([]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['group'], operation: ['update'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const group = groupReference(this, i);
	const newName = optionalText(this, this.getNodeParameter('newName', i, ''), 'New Name', i);
	const newRole = optionalText(this, this.getNodeParameter('role', i, ''), 'Role', i);
	if (newName === undefined && newRole === undefined) {
		throw invalidParameter(
			this,
			'New Name',
			i,
			'or "Role" must be set: there is nothing to update',
		);
	}
	return await inTurn(this, `group ${group.segment}`, async () => {
		// Expert resets the role of a group whose PUT carries none (and needs a name), so whatever
		// the user leaves empty is read from the group as it is now and sent back unchanged.
		let path = `groups/${group.segment}`;
		let name = newName;
		let role = newRole;
		if (name === undefined || role === undefined) {
			const current = await expertApiRequest.call(this, 'GET', path, {
				expect: 'group',
				itemIndex: i,
				subject: group.subject,
			});
			const found = groupForRewrite(current.group);
			// Never a PUT without a role, to a group that is not the one read, or with a name it does not have.
			const problem =
				found.id === undefined
					? 'has no group ID'
					: found.roles.length !== 1 || found.roles[0].trim() === ''
						? `has ${found.roles.length === 0 ? 'no role' : found.roles.length > 1 ? `${found.roles.length} roles` : 'an empty role'} (a group has exactly one)`
						: name === undefined && found.name === ''
							? 'has no name'
							: (group.name !== undefined && found.name !== group.name) ||
								  (group.id !== undefined && found.id !== String(group.id))
								? `is group ${found.id} named "${found.name}"`
								: undefined;
			if (problem) {
				throw new NodeApiError(this.getNode(), {} as JsonObject, {
					itemIndex: i,
					message: `Expert's answer for the ${group.subject} ${problem}: nothing was changed`,
					description:
						'The update sends back what it keeps (Expert resets the role of a group updated without one), so it stops when it cannot read it. Check the Site URL of the credential.',
				});
			}
			name ??= found.name;
			// Sent back as the role's name, without the spaces an XML answer may put around it.
			role ??= found.roles[0].trim();
			path = `groups/${found.id}`;
		}

		const body = buildXml({ group: { name, 'permissions.group': { role } } });
		const updated = await expertApiRequest.call(this, 'PUT', path, {
			body,
			expect: 'group',
			itemIndex: i,
			subject: group.subject,
		});
		return groupOutput(updated, true);
	});
}
