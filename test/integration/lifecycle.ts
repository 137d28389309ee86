import type { EmulatorServer } from '../emulators/server';
import { stopExpressionEngine } from '../harness/engine';

/** Starts the emulator for the test file, resets it before each test, and stops it (and n8n's expression engine) after. */
export function useEmulator<T extends EmulatorServer & { reset(): void }>(emulator: T): T {
	beforeAll(async () => {
		await emulator.start();
	});
	beforeEach(async () => {
		// A full turn of the event loop (its poll phase included) first: requests a canceled run sent just
		// before its end arrive now, and the reset drops them with their connections. One more after, so a
		// client sees those connections closed before it would reuse one.
		await loopTurn();
		emulator.reset();
		await loopTurn();
	});
	afterAll(async () => {
		await emulator.stop();
		await stopExpressionEngine();
	});
	return emulator;
}

async function loopTurn(): Promise<void> {
	await new Promise((resolve) => setTimeout(resolve, 0));
	await new Promise((resolve) => setImmediate(resolve));
}

/** Waits, up to 20 s, until `condition` holds (a request seen, an item started): a cold engine takes a while to start. */
export async function until(condition: () => boolean): Promise<void> {
	for (let waited = 0; !condition() && waited < 20000; waited += 20)
		await new Promise((resolve) => setTimeout(resolve, 20));
}
