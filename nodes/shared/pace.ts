/** A place among the requests under way, and what the pace needs to know when its answer comes. */
export interface Ticket {
	/** When the request left (the pace's clock, ms). */
	readonly at: number;
	/** Answers delivered before it left, and when the last of them came. */
	readonly delivered: number;
	readonly deliveredAt: number;
	/** The width setting it left under. */
	readonly epoch: number;
}

type Phase = 'startup' | 'search' | 'steady' | 'probeUp' | 'probeDown';

/** A doubling of the width that raises the rate of answers less than this has found the bottleneck. */
const DOUBLING_GAIN = 1.15;
/** A step whose rate of answers grew by this share of the step or more (1.6x for a doubling) is far from the bottleneck: the next step is four times wider. */
const NEARLY_LINEAR = 0.8;
/** A width whose rate of answers is this share of the bottleneck's is wide enough. */
const GOOD_ENOUGH = 0.9;
/** In the steady phase, after this many rounds one is a probe: a quarter wider, or a fifth narrower. */
const ROUNDS_BETWEEN_PROBES = 4;
/**
 * How long a ceiling found by an overload holds: four of the shortest round trips seen, or ten times
 * what the overload cost (the wait the server asked for, or the time a timed-out request took: so
 * that finding a real limit again costs at most a tenth of the run), whichever is longer; twice as
 * long each time it is found again.
 */
const CEILING_ROUND_TRIPS = 4;
const CEILING_WAITS = 10;

/**
 * How many requests a run keeps under way when the user set no Batching: found from the rate of
 * answers, as TCP BBR finds a path's capacity, so that it neither waits on round trips nor holds
 * requests that a bottleneck (the server, or this process's own CPU) only queues.
 *
 * - Startup: from 8, it doubles each round (a round: as many answers as the width) while doubling
 *   raises the rate of answers by 15% or more (DOUBLING_GAIN); a step that raised the rate nearly
 *   as much as the width (NEARLY_LINEAR) is followed by one four times wider.
 * - Search: when a step no longer pays, the bottleneck's rate is the mean of those two rounds',
 *   and the narrowest width that delivers 90% of it lies at or below the wider. It halves the range in
 *   doubt round by round and keeps that width.
 * - Steady: after every four rounds comes a probe: a quarter wider (kept if the rate rose by half as
 *   much; then the next at once), or, once a wider one did not pay, a fifth narrower (kept if the
 *   rate held at 95%); a probe that fails turns the next one the other way. So a misjudged round, or a server that speeds up or
 *   slows down, is corrected, and a width on a plateau drifts down to where the rate starts to fall.
 * - An overload (429, 503, a timeout) narrows it at once to what the server was still serving, which
 *   becomes the ceiling. The ceiling holds for four of the shortest round trips after the last
 *   overload, or ten times what the overload cost (Retry-After, or a timeout), whichever is longer;
 *   then it is forgotten (one bad moment does not cap the rest of the run): the width goes back to the
 *   one last known good (held, or a startup step that paid) and doubles again from there, as at
 *   startup. A ceiling found again holds twice as long the next time, so a real limit is probed more
 *   and more rarely.
 *
 * A request's rate sample is the answers delivered while it was under way over that time (BBR's
 * delivery rate); a round's rate is the mean of its samples, taken from requests that left once those
 * of the width before had come back, and after startup rounds are twice as long. With Batching, the
 * width is the user's and never changes.
 */
export class Pace {
	/** Requests (and items) that may be under way now. */
	width: number;

	private ceiling: number;

	private phase: Phase = 'startup';

	private inFlight = 0;

	/** Answers delivered so far (refusals not counted), and when the last came. */
	private delivered = 0;

	private deliveredAt: number;

	/** The width setting: a new one each time the width is set, with the answers delivered and requests under way then. */
	private epoch = 0;

	private epochDelivered = 0;

	private epochUnderWay = 0;

	/** Rate samples of this round. */
	private samples: number[] = [];

	/** Startup: the last round's rate, answers a ms. Steady: the rate at the width held. */
	private lastRate = 0;

	/** Startup: the width of the last round. */
	private startupWidth = 0;

	/** The rate the bottleneck allows, as found at the end of startup. */
	private plateau = 0;

	/** Search: the widest width known too narrow, and the narrowest known wide enough. */
	private tooNarrow = 0;

	private wideEnough = 0;

	/** Steady: rounds since the last probe, the width a probe left from, and which way the next probe goes. */
	private steadyRounds = 0;

	private heldWidth = 0;

	private probeWider = true;

	/** The width last known good: the one held, or the last startup step that paid. */
	private goodWidth = 0;

	/** The shortest round trip seen (ms), and when the ceiling is forgotten. */
	private shortestRoundTrip = Infinity;

	private ceilingUntil = 0;

	/** Ceilings found again after one was forgotten (each doubles how long the next holds). */
	private ceilingsRefound = 0;

	private ceilingForgotten = false;

	/** Requests waiting for a place (see acquire). */
	private readonly waiting: Array<(ticket: Ticket) => void> = [];

	constructor(
		private readonly fixed?: number,
		start = 8,
		readonly max = 64,
		private readonly now: () => number = () => performance.now(),
	) {
		this.width = fixed ?? start;
		this.ceiling = fixed ?? max;
		this.deliveredAt = now();
	}

	/** Takes a place now, whatever the width (acquire waits for one). */
	start(): Ticket {
		this.inFlight++;
		return {
			at: this.now(),
			delivered: this.delivered,
			deliveredAt: this.deliveredAt,
			epoch: this.epoch,
		};
	}

	/**
	 * Waits for a place among the requests under way, then takes it. Retries take places too, so
	 * refused requests do not all come back at once after a narrowing.
	 */
	async acquire(): Promise<Ticket> {
		if (this.inFlight < this.width && this.waiting.length === 0) return this.start();
		return await new Promise<Ticket>((resolve) => this.waiting.push(resolve));
	}

	/**
	 * A request ended; `overloaded` when the server said it had too much (429, 503) or did not answer
	 * in time, and `askedWaitMs` what it asked to wait (Retry-After).
	 */
	finished(ticket: Ticket, overloaded: boolean, askedWaitMs = 0): void {
		this.inFlight = Math.max(0, this.inFlight - 1);
		if (overloaded) this.overloaded(ticket, askedWaitMs);
		else this.answered(ticket);
		// Hand freed places to waiting requests, in the order they asked.
		while (this.waiting.length > 0 && this.inFlight < this.width)
			this.waiting.shift()!(this.start());
	}

	private overloaded(ticket: Ticket, askedWaitMs: number): void {
		if (this.fixed !== undefined) return;
		if (this.ceilingForgotten) this.ceilingsRefound++;
		this.ceilingForgotten = false;
		const now = this.now();
		const roundTrips = Number.isFinite(this.shortestRoundTrip) ? this.shortestRoundTrip : 0;
		// What the overload cost: the wait the server asked for, or the time the request took (a timeout's).
		const cost = Math.max(askedWaitMs, now - ticket.at);
		this.ceilingUntil =
			now +
			Math.max(CEILING_ROUND_TRIPS * roundTrips, CEILING_WAITS * cost) * 2 ** this.ceilingsRefound;
		// The requests still under way are what the server was serving besides this one.
		this.ceiling = Math.max(1, Math.min(this.ceiling, this.inFlight));
		if (this.phase === 'probeUp' || this.phase === 'probeDown')
			this.width = Math.min(this.width, this.heldWidth);
		this.phase = 'steady';
		this.steadyRounds = 0;
		this.setWidth(Math.min(this.width, this.ceiling));
	}

	private answered(ticket: Ticket): void {
		const now = this.now();
		this.delivered++;
		this.deliveredAt = now;
		if (this.fixed !== undefined) return;
		this.shortestRoundTrip = Math.min(this.shortestRoundTrip, now - ticket.at);
		if (this.ceiling < this.max && now >= this.ceilingUntil) return this.forgetCeiling();
		if (ticket.epoch !== this.epoch) return;
		// Measured only on requests that left once those of the width before had come back.
		if (ticket.delivered - this.epochDelivered < this.epochUnderWay) return;
		// Measured from the answer before it left when that is earlier, so a burst of answers does not look like a fast server.
		this.samples.push(
			(this.delivered - ticket.delivered) / Math.max(now - ticket.at, now - ticket.deliveredAt, 1),
		);
		if (this.samples.length < (this.phase === 'startup' ? 1 : 2) * this.width) return;
		const rate = this.samples.reduce((sum, sample) => sum + sample, 0) / this.samples.length;
		if (this.phase === 'startup') this.afterStartupRound(rate);
		else if (this.phase === 'search') this.afterSearchRound(rate);
		else this.afterSteadyRound(rate);
	}

	private afterStartupRound(rate: number): void {
		const previous = this.lastRate;
		const previousWidth = this.startupWidth;
		this.lastRate = rate;
		this.startupWidth = this.width;
		if (rate >= DOUBLING_GAIN * previous) {
			this.goodWidth = this.width;
			if (this.width >= this.ceiling) return this.hold(this.width, rate);
			// A step that raised the rate nearly as much as the width is far from the bottleneck: a longer one.
			const step =
				previous > 0 && rate / previous >= NEARLY_LINEAR * (this.width / previousWidth) ? 4 : 2;
			return this.setWidth(Math.min(this.ceiling, this.width * step));
		}
		// The last step did not pay (less than 15% more), so the width before it already had 90% of the
		// bottleneck's rate (the mean of the two): the narrowest width good enough lies at or below it.
		this.plateau = (previous + rate) / 2;
		this.tooNarrow = previousWidth / 2;
		this.wideEnough = previousWidth;
		this.phase = 'search';
		this.nextSearchWidth();
	}

	private afterSearchRound(rate: number): void {
		if (rate >= GOOD_ENOUGH * this.plateau) this.wideEnough = this.width;
		else this.tooNarrow = this.width;
		this.nextSearchWidth();
	}

	/** Halves the range still in doubt; done when it is within an eighth of the width (or one). */
	private nextSearchWidth(): void {
		if (this.wideEnough - this.tooNarrow <= Math.max(1, this.wideEnough / 8))
			return this.hold(Math.max(1, this.wideEnough), 0);
		this.setWidth(Math.floor((this.tooNarrow + this.wideEnough) / 2));
	}

	private afterSteadyRound(rate: number): void {
		if (this.phase === 'probeUp' || this.phase === 'probeDown') {
			// A wider probe is kept if the rate rose by at least half as much as the width; a narrower
			// one if the rate held. A probe that failed turns the next one the other way.
			const kept =
				this.phase === 'probeUp'
					? rate >= this.lastRate * (1 + (this.width / this.heldWidth - 1) / 2)
					: rate >= 0.95 * this.lastRate;
			if (!kept) {
				this.probeWider = !this.probeWider;
				return this.hold(this.heldWidth, this.lastRate);
			}
			this.hold(this.width, rate);
			// A wider probe that paid is followed by another at once: there may be more room.
			if (this.probeWider) this.probe();
			return;
		}
		this.lastRate = rate;
		// The next round starts afresh (else every answer after the first round would end one).
		this.samples = [];
		if (++this.steadyRounds >= ROUNDS_BETWEEN_PROBES) this.probe();
	}

	private probe(): void {
		this.steadyRounds = 0;
		const probe = this.probeWider
			? Math.min(this.ceiling, this.width + Math.max(1, Math.round(this.width / 4)))
			: Math.max(1, this.width - Math.max(1, Math.round(this.width / 5)));
		// At the ceiling (or at 1) there is nothing to probe that way.
		if (probe === this.width) return;
		this.heldWidth = this.width;
		this.phase = probe > this.width ? 'probeUp' : 'probeDown';
		this.setWidth(probe);
	}

	/** The ceiling held long enough: back to the widest width known good, and doubling from there. */
	private forgetCeiling(): void {
		this.ceiling = this.max;
		this.ceilingForgotten = true;
		this.phase = 'startup';
		this.lastRate = 0;
		this.startupWidth = 0;
		this.setWidth(Math.min(this.max, Math.max(this.width, this.goodWidth)));
	}

	/** Steady at `width`; `rate` its known rate (0: measure it first). */
	private hold(width: number, rate: number): void {
		this.goodWidth = width;
		this.phase = 'steady';
		this.steadyRounds = 0;
		this.lastRate = rate;
		this.setWidth(width);
		// Without a known rate, the first steady round measures it (and is not yet a probe).
		if (rate === 0) this.steadyRounds = -1;
	}

	private setWidth(width: number): void {
		this.width = width;
		this.epoch++;
		this.epochDelivered = this.delivered;
		this.epochUnderWay = this.inFlight;
		this.samples = [];
	}
}
