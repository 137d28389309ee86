import type { IDataObject } from 'n8n-workflow';

// Every call of the CMS open API the node makes, in one table: where it goes, whether it changes
// anything (Preview Only stops those), and how an error says what was tried, in the editor's words.

export interface CmsCall {
	method: 'GET' | 'POST';
	/** Under the open API root; a GET's {placeholders} are filled from its values (a POST sends them as its body). */
	path: string;
	/** A change. The member query is a POST that only reads. */
	write: boolean;
	/** What the call tried, from its values: "update group 1598… in VDN 113". */
	attempt: (values: IDataObject) => string;
}

const shortList = (values: unknown): string => {
	const list = Array.isArray(values) ? values.map(String) : [];
	return list.length > 5
		? `${list.slice(0, 5).join(', ')} and ${list.length - 5} more`
		: list.join(', ');
};

const vdn = (values: IDataObject) => `VDN ${String(values.vdn)}`;

export const CMS_CALLS = {
	listGroups: {
		method: 'GET',
		path: 'qcrelationconf/queryallccgroup/{ccId}/{vdn}',
		write: false,
		attempt: (values) => `list the groups of ${vdn(values)} (call center ${String(values.ccId)})`,
	},
	createGroup: {
		method: 'POST',
		path: 'qcrelationconf/createusergroup',
		write: true,
		attempt: (values) => `create the group "${String(values.groupName)}" in ${vdn(values)}`,
	},
	updateGroup: {
		method: 'POST',
		path: 'qcrelationconf/updategroup',
		write: true,
		attempt: (values) => `update group ${String(values.id)} in ${vdn(values)}`,
	},
	deleteGroup: {
		method: 'POST',
		path: 'qcrelationconf/deleteusergroup',
		write: true,
		attempt: (values) => `delete group ${String(values.id)} in ${vdn(values)}`,
	},
	listMembers: {
		method: 'POST',
		path: 'qcrelationconf/querygroupmemberbycondition',
		write: false,
		attempt: (values) => `list the members of group ${String(values.groupId)} in ${vdn(values)}`,
	},
	addMembers: {
		method: 'POST',
		path: 'qcrelationconf/batchaddgroupmember',
		write: true,
		attempt: (values) =>
			`add work numbers ${shortList(values.workNos)} to group ${String(values.groupId)} in ${vdn(values)}`,
	},
	removeMembers: {
		method: 'POST',
		path: 'qcrelationconf/batchdeletegroupmember',
		write: true,
		attempt: (values) =>
			`remove work numbers ${shortList(values.workNos)} from their groups in ${vdn(values)}`,
	},
	setInspection: {
		method: 'POST',
		path: 'qcrelationconf/configqcrelation',
		write: true,
		attempt: (values) =>
			`make inspection group ${String(values.qcGroupId)} inspect groups ${shortList(values.inspectedGroupIds)} in ${vdn(values)}`,
	},
	deleteInspection: {
		method: 'POST',
		path: 'qcrelationconf/deleteqcrelationconf',
		write: true,
		attempt: (values) =>
			`stop inspection group ${String(values.qcGroupId)} inspecting groups ${shortList(values.inspectedGroupIds)} in ${vdn(values)}`,
	},
} as const satisfies Record<string, CmsCall>;

/** API field names and the labels the node shows for them (longest first, so a name is never matched by its prefix). */
const FIELD_LABELS: Array<[string, string]> = [
	['inspectedGroupIds', 'Inspected Groups'],
	['inspectedGroupId', 'Inspected Groups'],
	['qcGroupId', 'Inspection Group'],
	['groupName', 'Group Name'],
	['groupType', 'Group Type'],
	['groupId', 'Group'],
	['workNos', 'Work Numbers'],
	['workNo', 'Work Number'],
	['remark', 'Remark'],
	['ccId', 'Call Center ID'],
	['vdn', 'VDN'],
];
const LABEL_OF = new Map(FIELD_LABELS);
const FIELD_NAME = new RegExp(`\\b(${FIELD_LABELS.map(([field]) => field).join('|')})\\b`, 'g');

/** The server's text with each API field name followed by its label: `qcGroupId ("Inspection Group")`. */
export function withFieldLabels(text: string): string {
	return text.replace(FIELD_NAME, (field) => `${field} ("${LABEL_OF.get(field)}")`);
}
