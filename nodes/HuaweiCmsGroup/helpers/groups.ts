import type { JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { credentialsOnce, type Context } from '../../shared/runState';
import { integerValue } from '../../shared/validation';
import { attempted } from './attempts';
import { resultList } from './envelope';
import { CMS, cmsApiRequest } from '../transport';

export interface CmsGroupRecord {
	id: string;
	groupName: string;
	groupType: number;
	remark?: string;
}

/** The credential's Default Call Center ID, for the calls whose path needs one (from the run's one decryption). */
export async function defaultCallCenterId(this: Context, itemIndex = 0): Promise<number> {
	const credentials = await credentialsOnce(this, CMS.credentialType);
	return integerValue(this, credentials.defaultCcId ?? 1, 'Default Call Center ID (credential)', itemIndex, 1, 65535);
}

/** Every group of a VDN (GET queryallccgroup/{ccId}/{vdn}). */
export async function listGroups(this: Context, ccId: number, vdn: number, itemIndex?: number): Promise<CmsGroupRecord[]> {
	const endpoint = `qcrelationconf/queryallccgroup/${ccId}/${vdn}`;
	const groups = resultList(await cmsApiRequest.call(this, 'GET', endpoint, undefined, itemIndex));
	if (!groups) {
		throw new NodeApiError(this.getNode(), {} as JsonObject, {
			itemIndex,
			message: `The CMS answered success but no list of groups when asked to ${attempted(endpoint)}`,
			description: 'The answer is not what this API documents: check the Base URL of the credential.',
		});
	}
	return groups.map((group) => ({
		id: String(group.id),
		groupName: String(group.groupName ?? ''),
		groupType: Number(group.groupType),
		remark: group.remark === undefined ? undefined : String(group.remark),
	}));
}
