import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

// What an operation module exports for the router to run.

/** What one item gives: one record (a write, a Get) or several (Get Many). */
export type ItemResult = IDataObject | IDataObject[];
export type ItemOutcome = PromiseSettledResult<ItemResult>;

/** Most operations handle one item at a time; the router runs the items. */
export interface ItemOperation {
	/** Its fields; a write's include Preview Only. */
	description: INodeProperties[];
	execute: (this: IExecuteFunctions, itemIndex: number) => Promise<ItemResult>;
}

/** Operations that combine items into shared requests (Huawei Member Add / Remove) take them all. */
export interface BatchOperation {
	description: INodeProperties[];
	executeBatch: (this: IExecuteFunctions, items: INodeExecutionData[]) => Promise<ItemOutcome[]>;
}

/** Sync takes all items as one desired state and outputs its own items (its changes and a summary). */
export interface PlanOperation {
	description: INodeProperties[];
	executeAll: (
		this: IExecuteFunctions,
		items: INodeExecutionData[],
	) => Promise<INodeExecutionData[]>;
}

export type Operation = ItemOperation | BatchOperation | PlanOperation;

/** A node's operations: resource -> operation -> module (typed by the node against its Resource and Operation choices). */
export type OperationMap = Record<string, Record<string, Operation>>;
