import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { rolesOf } from '../helpers/xml';
import { expertApiRequest } from '../transport';

/** The site's roles (GET site/roles): role names are what Expert's group documents carry. */
export async function getRoles(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const roles = rolesOf(await expertApiRequest.call(this, 'GET', 'site/roles'));
	return roles.map((role) => ({ name: role.name, value: role.name }));
}
