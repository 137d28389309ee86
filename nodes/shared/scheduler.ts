import type { Context } from './runState';
import { runState } from './runState';

// When work starts: as many at once as the run's pace allows (see Pace), and writes to one target in
// turn. Used by the router's item loop, by Huawei's shared member requests and by the paginator.

/**
 * Starts run(0), run(1)... in order, keeping as many under way as the run's pace allows at each
 * moment; ends when all have ended (or, once `stop` says so or n8n cancels the execution, when those
 * under way have: they end at once too, as their requests and waits hear the same cancel signal).
 */
export async function runUnderPace(
	context: Context,
	count: number,
	run: (index: number) => Promise<void>,
	stop: () => boolean = () => false,
): Promise<void> {
	const { pace, cancelSignal } = runState(context);
	const halted = () => stop() || cancelSignal?.aborted === true;
	await new Promise<void>((resolve) => {
		let next = 0;
		let active = 0;
		const pump = () => {
			while (!halted() && next < count && active < pace.width) {
				active++;
				void run(next++).finally(() => {
					active--;
					pump();
				});
			}
			if (active === 0 && (halted() || next >= count)) resolve();
		};
		pump();
	});
}

/**
 * Runs `work` when every earlier caller with the same target has finished: two writes to one group
 * are never under way together, and they reach the server in the order they asked (items ask in
 * input order, as they start in input order and ask before their first request).
 */
export async function inTurn<T>(
	context: Context,
	target: string,
	work: () => Promise<T>,
): Promise<T> {
	const { turns } = runState(context);
	const before = turns.get(target) ?? Promise.resolve();
	let done!: () => void;
	const mine = new Promise<void>((resolve) => (done = resolve));
	const tail = before.then(() => mine);
	turns.set(target, tail);
	await before;
	try {
		return await work();
	} finally {
		done();
		if (turns.get(target) === tail) turns.delete(target);
	}
}
