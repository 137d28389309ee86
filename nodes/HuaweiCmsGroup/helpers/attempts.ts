import type { IDataObject } from 'n8n-workflow';

// Errors say what was tried in the editor's words, and name API fields by their labels on screen.

const shortList = (values: unknown): string => {
	const list = Array.isArray(values) ? values.map(String) : [];
	return list.length > 5 ? `${list.slice(0, 5).join(', ')} and ${list.length - 5} more` : list.join(', ');
};

/** What a request to `endpoint` with `body` tried: "update group 1598… in VDN 113". */
export function attempted(endpoint: string, body: IDataObject = {}): string {
	const [name, ...path] = endpoint.replace(/^qcrelationconf\//, '').split('/');
	const vdn = `VDN ${String(body.vdn ?? path[1])}`;
	switch (name) {
		case 'queryallccgroup':
			return `list the groups of ${vdn} (call center ${path[0]})`;
		case 'createusergroup':
			return `create the group "${String(body.groupName)}" in ${vdn}`;
		case 'updategroup':
			return `update group ${String(body.id)} in ${vdn}`;
		case 'deleteusergroup':
			return `delete group ${String(body.id)} in ${vdn}`;
		case 'querygroupmemberbycondition':
			return `list the members of group ${String(body.groupId)} in ${vdn}`;
		case 'batchaddgroupmember':
			return `add work numbers ${shortList(body.workNos)} to group ${String(body.groupId)} in ${vdn}`;
		case 'batchdeletegroupmember':
			return `remove work numbers ${shortList(body.workNos)} from their groups in ${vdn}`;
		case 'configqcrelation':
			return `make inspection group ${String(body.qcGroupId)} inspect groups ${shortList(body.inspectedGroupIds)} in ${vdn}`;
		case 'deleteqcrelationconf':
			return `stop inspection group ${String(body.qcGroupId)} inspecting groups ${shortList(body.inspectedGroupIds)} in ${vdn}`;
		default:
			return `call ${endpoint}`;
	}
}

/** API field names and the labels the node shows for them. */
const FIELD_LABELS: Record<string, string> = {
	qcGroupId: 'Inspection Group',
	inspectedGroupIds: 'Inspected Group IDs',
	inspectedGroupId: 'Inspected Group IDs',
	groupId: 'Group',
	groupName: 'Group Name',
	groupType: 'Group Type',
	workNos: 'Work Numbers',
	workNo: 'Work Number',
	ccId: 'Call Center ID',
	vdn: 'VDN',
	remark: 'Remark',
};

/** The server's text with each API field name followed by its label: `qcGroupId ("Inspection Group")`. */
export function withFieldLabels(text: string): string {
	return text.replace(/\b(qcGroupId|inspectedGroupIds?|groupId|groupName|groupType|workNos?|ccId|vdn|remark)\b/g, (field) => `${field} ("${FIELD_LABELS[field]}")`);
}
