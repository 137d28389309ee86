import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { executeForEachItem } from '../../../shared/items';
import { invalidParameter, optionalText } from '../../../shared/validation';
import { buildXml, groupOutput, groupToJson } from '../../helpers/xml';
import { expertApiRequest } from '../../transport';
import { groupLocator, groupReference, roleField, simplifyField } from '../common.descriptions';

const properties: INodeProperties[] = [
	groupLocator,
	{
		displayName: 'New Name',
		name: 'newName',
		type: 'string',
		default: '',
		description: 'The name the group gets. Leave empty to keep the current name.',
	},
	roleField('getRolesForUpdate', 'The role the group gets; "Keep Current Role" sends the role the group has now.'),
	simplifyField,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['group'], operation: ['update'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await executeForEachItem.call(this, items, async (i) => {
		const group = groupReference(this, i);
		const newName = optionalText(this, this.getNodeParameter('newName', i, ''), 'New Name', i);
		const newRole = optionalText(this, this.getNodeParameter('role', i, ''), 'Role', i);
		if (newName === undefined && newRole === undefined) {
			throw invalidParameter(this, 'New Name', i, 'or "Role" must be set: there is nothing to update');
		}

		// Expert resets the role of a group whose PUT carries none (and needs a name), so whatever
		// the user leaves empty is read from the group as it is now and sent back unchanged.
		let path = `groups/${group.segment}`;
		let name = newName;
		let role = newRole;
		if (name === undefined || role === undefined) {
			const current = await expertApiRequest.call(this, 'GET', path, { itemIndex: i, subject: group.subject });
			const currentGroup = groupToJson(current.group as never);
			name ??= currentGroup.name as string;
			role ??= (currentGroup.role as { name: string }).name;
			path = `groups/${currentGroup.id}`;
		}

		const body = buildXml({ group: { name, 'permissions.group': { role } } });
		const updated = await expertApiRequest.call(this, 'PUT', path, { body, itemIndex: i, subject: group.subject });
		return groupOutput(updated, this.getNodeParameter('simplify', i, true) as boolean);
	});
}
