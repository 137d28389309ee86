/**
 * How many items a run keeps under way when the user set no Batching: found from the server's
 * answers, as TCP finds a path's capacity. It starts at 2 and doubles each round of healthy answers
 * (a round: as many answers as the width), then grows by one a round; it stops growing once a round's
 * answers come back twice as slow as the fastest seen. An overload (429, 503, a timeout) narrows it at once
 * to what the server was still serving, which becomes the ceiling for the rest of the run: the node
 * does not probe a server's limit twice. With Batching, the width is the user's and never changes.
 */
export class Pace {
	/** Items that may be under way now. */
	width: number;

	private ceiling: number;

	private growing = true;

	private fastest = Infinity;

	private inFlight = 0;

	private roundAnswers = 0;

	private roundMs = 0;

	/** Requests waiting for a place (see acquire). */
	private readonly waiting: Array<() => void> = [];

	constructor(
		private readonly fixed?: number,
		start = 2,
		readonly max = 32,
	) {
		this.width = fixed ?? start;
		this.ceiling = fixed ?? max;
	}

	/** A request left. */
	started(): void {
		this.inFlight++;
	}

	/**
	 * Waits for a place among the requests under way, then takes it. Retries take places too, so
	 * refused requests do not all come back at once after a narrowing.
	 */
	async acquire(): Promise<void> {
		if (this.inFlight < this.width) return this.started();
		await new Promise<void>((resolve) => this.waiting.push(resolve));
	}

	/** A request ended after `ms`; `overloaded` when the server said it had too much (429, 503) or did not answer in time. */
	finished(ms: number, overloaded: boolean): void {
		this.inFlight = Math.max(0, this.inFlight - 1);
		this.adjust(ms, overloaded);
		// Hand freed places to waiting requests, in the order they asked.
		while (this.waiting.length > 0 && this.inFlight < this.width) {
			this.started();
			this.waiting.shift()!();
		}
	}

	private adjust(ms: number, overloaded: boolean): void {
		if (this.fixed !== undefined) return;
		if (overloaded) {
			// The requests still under way are what the server was serving besides this one.
			this.ceiling = Math.max(1, Math.min(this.ceiling, this.inFlight));
			this.width = Math.min(this.width, this.ceiling);
			this.growing = false;
			this.roundAnswers = 0;
			this.roundMs = 0;
			return;
		}
		this.fastest = Math.min(this.fastest, ms);
		this.roundAnswers++;
		this.roundMs += ms;
		if (this.roundAnswers < this.width) return;
		// Healthy: the round's answers about as fast as the fastest (a few ms of slack for a local server).
		// Twice as slow means a queue at the server: more width would not help. (A tighter bound was
		// measured to stop growth early on this process's own CPU queue and cost throughput.)
		const healthy = this.roundMs / this.roundAnswers <= 2 * this.fastest + 5;
		if (healthy) this.width = Math.min(this.ceiling, this.growing ? this.width * 2 : this.width + 1);
		else this.growing = false;
		this.roundAnswers = 0;
		this.roundMs = 0;
	}
}
