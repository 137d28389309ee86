import { Pace, type Ticket } from '../../nodes/shared/pace';

// The pace alone, against a simulated server on a simulated clock: it widens, finds the bottleneck,
// holds, and narrows on an overload.

interface SimulatedServer {
	/** Milliseconds a request takes once the server works on it (or a function giving them). */
	latency: number | (() => number);
	/** Requests it works on at once (or a function of how many were sent); more wait in its queue (a bottleneck that does not refuse). */
	slots?: number | ((sent: number) => number);
	/** Above this many under way it refuses at once (429). */
	refuseAbove?: number;
	/** It refuses every request at once while this says so (a bad moment). */
	refuseWhen?: (now: number) => boolean;
	/** The wait a refusal asks for (Retry-After, ms). */
	askedWaitMs?: number;
}

/** Sends `total` requests (refused ones again) through the pace; the width after each answer, and when the last answer came. */
function simulate(pace: Pace, clock: { now: number }, server: SimulatedServer, total: number) {
	const events: Array<{ at: number; ticket: Ticket; refused: boolean }> = [];
	const slotsNow = (sent: number) =>
		typeof server.slots === 'function' ? server.slots(sent) : (server.slots ?? Infinity);
	const slotFreeAt: number[] = [];
	let toSend = total;
	let underWay = 0;
	let atServer = 0;
	const widths: number[] = [];
	/** When each request was refused or answered, and the width then. */
	const answeredAt: Array<{ at: number; refused: boolean; width: number }> = [];
	const send = () => {
		toSend--;
		underWay++;
		const ticket = pace.start();
		if (
			(server.refuseAbove !== undefined && atServer >= server.refuseAbove) ||
			server.refuseWhen?.(clock.now)
		) {
			events.push({ at: clock.now + 2, ticket, refused: true });
			return;
		}
		atServer++;
		const latency = typeof server.latency === 'number' ? server.latency : server.latency();
		let begins = clock.now;
		const slots = slotsNow(total - toSend);
		if (slots !== Infinity) {
			while (slotFreeAt.length < slots) slotFreeAt.push(0);
			const usable = slotFreeAt.slice(0, slots);
			const slot = usable.indexOf(Math.min(...usable));
			begins = Math.max(clock.now, slotFreeAt[slot]);
			slotFreeAt[slot] = begins + latency;
		}
		events.push({ at: begins + latency, ticket, refused: false });
	};
	for (;;) {
		while (toSend > 0 && underWay < pace.width) send();
		if (events.length === 0) break;
		events.sort((a, b) => a.at - b.at);
		const { at, ticket, refused } = events.shift()!;
		clock.now = at;
		underWay--;
		if (refused) toSend++;
		else atServer--;
		pace.finished(ticket, refused, refused ? (server.askedWaitMs ?? 0) : 0);
		widths.push(pace.width);
		answeredAt.push({ at, refused, width: pace.width });
	}
	return { widths, answeredAt, lastAnswerAt: clock.now };
}

const distinct = (widths: number[]) => widths.filter((width, n) => width !== widths[n - 1]);

/** Each width in turn, with the number of answers it lasted. */
function spans(widths: number[]) {
	const list: Array<{ width: number; answers: number }> = [];
	for (const width of widths) {
		if (list.at(-1)?.width === width) list.at(-1)!.answers++;
		else list.push({ width, answers: 1 });
	}
	return list;
}

function newPace(fixed?: number, startAt = 0) {
	const clock = { now: startAt };
	return { clock, pace: new Pace(fixed, 2, 32, () => clock.now) };
}

describe('Pace: how many requests a run keeps under way', () => {
	it('starts at 2 (here) and widens while that pays (a server with room for all), four times at once after a step that raised the rate in proportion, up to its ceiling of 32, and holds there', () => {
		const { clock, pace } = newPace();
		const { widths } = simulate(pace, clock, { latency: 50 }, 1000);
		expect(distinct(widths)).toEqual([2, 4, 16, 32]);
		expect(widths.at(-1)).toBe(32);
	});

	it('climbs back by probes when the server gains room (or a round misjudged it)', () => {
		const { clock, pace } = newPace();
		// The first 100 requests meet a server busy elsewhere (4 served at once); then it has room for all.
		const { widths } = simulate(
			pace,
			clock,
			{ latency: 50, slots: (sent) => (sent < 100 ? 4 : 64) },
			3000,
		);
		expect(widths[100]).toBeLessThanOrEqual(8);
		expect(widths.at(-1)).toBe(32);
		// A wider probe that paid is followed by another at once: back at 32 within 700 answers, not
		// one probe every four rounds.
		expect(widths.findIndex((width, n) => n > 100 && width === 32)).toBeLessThan(700);
	});

	it('is not put off by answers that come back at uneven times (20 to 80 ms): more width still pays', () => {
		const { clock, pace } = newPace();
		let seed = 7;
		const uneven = () => {
			seed = (seed * 48271) % 2147483647;
			return 20 + (seed / 2147483647) * 60;
		};
		const { widths } = simulate(pace, clock, { latency: uneven }, 1000);
		expect(widths.at(-1)).toBe(32);
	});

	it('finds a bottleneck that only queues (10 served at once, no refusals) and settles on the narrowest width that keeps it busy', () => {
		const { clock, pace } = newPace();
		const { widths, lastAnswerAt } = simulate(pace, clock, { latency: 50, slots: 10 }, 2000);
		const settled = widths.at(-1)!;
		// 90% of the best rate: 9 or 10 of the 10 places, not the 32 a blind doubling would hold.
		expect(settled).toBeGreaterThanOrEqual(9);
		expect(settled).toBeLessThanOrEqual(10);
		// The run still goes near the server's pace: 2,000 requests at 10 per 50 ms take 10 s.
		expect(lastAnswerAt).toBeLessThan(10000 / 0.85);
		// The search is over early: over the last three quarters of the run the width held most is 9 or 10,
		// and probes go no wider than a quarter more.
		const later = widths.slice(widths.length / 4);
		const counts = new Map<number, number>();
		for (const width of later) counts.set(width, (counts.get(width) ?? 0) + 1);
		const held = [...counts].sort((a, b) => b[1] - a[1])[0][0];
		expect([9, 10]).toContain(held);
		expect(Math.max(...later)).toBeLessThanOrEqual(13);
	});

	it('on a bottleneck of 10 served at once: the startup (2, 4, then four times, then twice), the search between 8 and 16 (12, 10, 9), then held at 10 with a probe every four rounds, a quarter wider (13) and, as that did not pay, a fifth narrower (8)', () => {
		const { clock, pace } = newPace();
		const list = spans(simulate(pace, clock, { latency: 50, slots: 10 }, 3000).widths);
		const probes = [13, 10, 8, 10];
		expect(list.slice(0, 24).map((span) => span.width)).toEqual([
			...[2, 4, 16, 32],
			...[12, 10, 9],
			10,
			...probes,
			...probes,
			...probes,
			...probes,
		]);
		// A round at 10 is 20 samples; the answers to requests that left before a width was set (at
		// most the two widths before it) are no samples of it. The first hold measures its rate first:
		// five rounds; every later one four.
		const [first, ...later] = list.slice(7, 24).filter((span) => span.width === 10);
		expect(first.answers).toBeGreaterThanOrEqual(5 * 20);
		expect(first.answers).toBeLessThanOrEqual(5 * 20 + 10 + 9);
		for (const hold of later) {
			expect(hold.answers).toBeGreaterThanOrEqual(4 * 20);
			expect(hold.answers).toBeLessThanOrEqual(4 * 20 + 10 + 13);
		}
		// A probe lasts one round (twice its width in samples) and the answers of those before it.
		for (const probe of list.slice(8, 24).filter((span) => span.width !== 10)) {
			expect(probe.answers).toBeGreaterThanOrEqual(2 * probe.width);
			expect(probe.answers).toBeLessThanOrEqual(2 * probe.width + 10 + probe.width);
		}
	});

	it('drifts down a plateau by narrower probes kept while the rate holds (6 served at once: the search settles on 9, the probes on 6)', () => {
		const { clock, pace } = newPace();
		const { widths } = simulate(pace, clock, { latency: 50, slots: 6 }, 3000);
		const list = spans(widths).map((span) => span.width);
		expect(list.slice(0, 7)).toEqual([2, 4, 16, 32, 12, 10, 9]);
		// From 9: a wider probe (11) fails, a narrower one (7) holds the rate and is kept, and so on to 6,
		// where a narrower one (5) and a wider one (8) both fail.
		const end = list.slice(-12);
		expect(end.filter((width) => width !== 5 && width !== 8)).toEqual(
			Array(end.length - 6).fill(6),
		);
		expect(list.slice(-12).filter((width) => width === 5).length).toBe(3);
		expect(list.slice(-12).filter((width) => width === 8).length).toBe(3);
		expect(widths.slice(widths.length / 2).filter((width) => width < 5)).toEqual([]);
	});

	it('doubles, not quadruples, after a startup step that raised the rate less than in proportion (4 to 16 against 6 served at once: 1.5 times)', () => {
		const clock = { now: 0 };
		const pace = new Pace(undefined, 2, 128, () => clock.now);
		const { widths } = simulate(pace, clock, { latency: 50, slots: 6 }, 1000);
		expect(distinct(widths).slice(0, 5)).toEqual([2, 4, 16, 32, 12]);
	});

	it('narrows an overload during a wider probe to the width held before it (10), not to the 12 still under way', () => {
		// The same server as the bottleneck test: the probe to 13 starts at 2,050 ms; one refusal at 2,100.
		const { clock, pace } = newPace();
		const { answeredAt } = simulate(
			pace,
			clock,
			{ latency: 50, slots: 10, refuseWhen: (now) => now === 2100 },
			2000,
		);
		const before = answeredAt.findIndex((answer) => answer.at >= 2050 && answer.width === 13);
		expect(before).toBeGreaterThan(0);
		const refusals = answeredAt.filter((answer) => answer.refused);
		expect(refusals.length).toBeGreaterThan(0);
		expect(refusals[0].width).toBe(10);
	});

	it('narrows at once on an overload to what the server was still serving, and holds that ceiling for a while', () => {
		const { clock, pace } = newPace();
		const { widths } = simulate(pace, clock, { latency: 50, refuseAbove: 8 }, 1000);
		const firstNarrowing = widths.findIndex((width, n) => n > 0 && width < widths[n - 1]);
		expect(firstNarrowing).toBeGreaterThan(0);
		// Each refusal narrows it to the requests still under way, down to the 8 served.
		const settled = widths.indexOf(8, firstNarrowing);
		expect(
			widths
				.slice(firstNarrowing, settled)
				.every((width, n, narrowing) => n === 0 || width < narrowing[n - 1]),
		).toBe(true);
		// Held for four round trips (200 ms, 32 answers at 8 wide) before it is tried again.
		expect(Math.max(...widths.slice(settled, settled + 30))).toBe(8);
	});

	it('probes a real limit again more and more rarely: each ceiling found again holds twice as long', () => {
		const { clock, pace } = newPace();
		const { answeredAt } = simulate(pace, clock, { latency: 50, refuseAbove: 8 }, 20000);
		// The moments it found the limit: the first refusal after a stretch without any.
		const found = answeredAt
			.filter(
				(answer, n) =>
					answer.refused &&
					!answeredAt.slice(Math.max(0, n - 20), n).some((before) => before.refused),
			)
			.map((answer) => answer.at);
		expect(found.length).toBeGreaterThanOrEqual(4);
		const gaps = found.slice(1).map((at, n) => at - found[n]);
		for (let n = 1; n < gaps.length; n++) expect(gaps[n]).toBeGreaterThan(1.5 * gaps[n - 1]);
		expect(gaps.at(-1)!).toBeGreaterThan(4 * gaps[0]);
		// 20,000 requests at 8 per 50 ms take 125 s: a handful of probes, each costing a few refusals.
		expect(answeredAt.filter((answer) => answer.refused).length).toBeLessThan(20 * found.length);
		expect(clock.now).toBeLessThan(125000 / 0.9);
	});

	it("holds a ceiling ten times the server's Retry-After: a limit that asks for 1 s is not probed again within 10 s", () => {
		const { clock, pace } = newPace();
		const { answeredAt } = simulate(
			pace,
			clock,
			{ latency: 50, refuseAbove: 8, askedWaitMs: 1000 },
			2000,
		);
		const refusedAt = answeredAt.filter((answer) => answer.refused).map((answer) => answer.at);
		expect(refusedAt.length).toBeGreaterThan(0);
		// The limit found in the first moments, then nothing until 10 s later, when it is tried again.
		expect(refusedAt.filter((at) => at > refusedAt[0] + 1000 && at < refusedAt[0] + 10000)).toEqual(
			[],
		);
		expect(refusedAt.some((at) => at >= refusedAt[0] + 10000)).toBe(true);
	});

	it('recovers from one bad moment (every request refused for 300 ms early on): the ceiling it left is forgotten', () => {
		// A clock that does not start at 0 (performance.now() never does): round trips are differences.
		const t0 = 100000;
		const healthy = newPace(undefined, t0);
		const reference = simulate(healthy.pace, healthy.clock, { latency: 50 }, 3000);
		const { clock, pace } = newPace(undefined, t0);
		const { widths, answeredAt } = simulate(
			pace,
			clock,
			{ latency: 50, refuseWhen: (now) => now >= t0 + 150 && now < t0 + 450 },
			3000,
		);
		expect(answeredAt.some((answer) => answer.refused)).toBe(true);
		expect(Math.min(...widths)).toBeLessThanOrEqual(2);
		// Back at the top within eight round trips of the moment's end (the ceiling holds four), and
		// there for the rest of the run.
		const backAt = answeredAt.find((answer) => answer.at > t0 + 450 && answer.width === 32)!.at;
		expect(backAt).toBeLessThanOrEqual(t0 + 450 + 8 * 50);
		expect(
			answeredAt.filter((answer) => answer.at > backAt).every((answer) => answer.width >= 25),
		).toBe(true);
		// The rest of the run goes at 0.9 or more of the rate of a run that had no bad moment.
		const rateAfter = (list: typeof answeredAt, from: number) =>
			list.filter((answer) => !answer.refused && answer.at >= from).length /
			(list.at(-1)!.at - from);
		expect(rateAfter(answeredAt, t0 + 450)).toBeGreaterThanOrEqual(
			0.9 * rateAfter(reference.answeredAt, t0 + 450),
		);
	});

	it('on its defaults (from 8, up to 64), comes back to a bottleneck after a bad moment, not to the widest width it ever tried', () => {
		const clock = { now: 5000 };
		const pace = new Pace(undefined, undefined, undefined, () => clock.now);
		// 10 served at once; every request refused for 100 ms in the middle of the run.
		const { widths, answeredAt } = simulate(
			pace,
			clock,
			{ latency: 50, slots: 10, refuseWhen: (now) => now >= 9000 && now < 9100 },
			4000,
		);
		expect(answeredAt.some((answer) => answer.refused)).toBe(true);
		expect(Math.max(...widths)).toBe(64);
		// Settled near 10 before the moment and again by the end (probes go a quarter wider at most).
		const before = answeredAt.filter((answer) => answer.at > 8000 && answer.at < 9000);
		expect(Math.max(...before.map((answer) => answer.width))).toBeLessThanOrEqual(13);
		const end = answeredAt.filter((answer) => answer.at > clock.now - 1000);
		expect(Math.max(...end.map((answer) => answer.width))).toBeLessThanOrEqual(16);
	});

	it('holds a ceiling found by a timeout ten times as long as the request took (a 2 s timeout: 20 s)', () => {
		const { clock, pace } = newPace();
		simulate(pace, clock, { latency: 50 }, 500);
		expect(pace.width).toBe(32);
		const tickets = Array.from({ length: 20 }, () => pace.start());
		clock.now += 2000;
		pace.finished(tickets[0], true);
		const ceiling = pace.width;
		expect(ceiling).toBe(19);
		for (const ticket of tickets.slice(1)) pace.finished(ticket, false);
		const timedOutAt = clock.now;
		const { answeredAt } = simulate(pace, clock, { latency: 50 }, 12000);
		const held = answeredAt.filter((answer) => answer.at < timedOutAt + 19000);
		expect(held.at(-1)!.at).toBeGreaterThan(timedOutAt + 18000);
		expect(Math.max(...held.map((answer) => answer.width))).toBeLessThanOrEqual(ceiling);
		// Then forgotten: the width climbs again.
		expect(Math.max(...answeredAt.map((answer) => answer.width))).toBeGreaterThan(ceiling);
	});

	it("keeps the user's fixed width (Batching) whatever the answers", () => {
		const { clock, pace } = newPace(5);
		expect(distinct(simulate(pace, clock, { latency: 50, refuseAbove: 3 }, 200).widths)).toEqual([
			5,
		]);
		expect(distinct(simulate(pace, clock, { latency: 50 }, 200).widths)).toEqual([5]);
	});

	it('lets no more requests be under way than the width: the others wait their place, in order', async () => {
		const flush = () => new Promise((resolve) => setImmediate(resolve));
		const pace = new Pace(2);
		const order: number[] = [];
		const tickets: Ticket[] = [];
		const requests = [1, 2, 3, 4].map(async (n) => {
			tickets.push(await pace.acquire());
			order.push(n);
		});
		await flush();
		expect(order).toEqual([1, 2]);
		pace.finished(tickets[0], false);
		await flush();
		expect(order).toEqual([1, 2, 3]);
		pace.finished(tickets[1], false);
		pace.finished(tickets[2], false);
		await Promise.all(requests);
		expect(order).toEqual([1, 2, 3, 4]);
	});
});
