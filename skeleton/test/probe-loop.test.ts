import { probeLoop, type LoopClock } from '../lambda/probe-loop';

/** A clock that moves only when slept on, or when a probe takes time (`cost`). */
function fakeClock(remaining: number, cost = 0, start = 0) {
  let now = start;
  const slept: number[] = [];
  const clock: LoopClock = { now: () => now, sleep: async (ms) => { slept.push(ms); now += ms; }, remainingMs: () => remaining - (now - start) };
  const probe = async (index: number) => {
    const started = now;
    now += cost;
    return { index, started };
  };
  return { clock, probe, slept };
}

describe('probeLoop', () => {
  it('probes at once and then on every tick of the interval until the window ends', async () => {
    const { clock, probe, slept } = fakeClock(90_000);
    const results = await probeLoop(probe, { intervalMs: 10_000, windowMs: 70_000, reserveMs: 5_000, clock });
    expect(results.map((r) => r.started)).toEqual([0, 10_000, 20_000, 30_000, 40_000, 50_000, 60_000, 70_000]);
    expect(slept).toEqual(Array(7).fill(10_000));
  });

  it('keeps the window\'s last tick when the clock reads fractional milliseconds (performance.now())', async () => {
    // At this reading, (start + 1000) - start is 1000.0000000000036: a window compared that way lost its last probe.
    const start = 28.476224087163157;
    expect((start + 1000) - start).toBeGreaterThan(1000);
    const { clock, probe } = fakeClock(30_000, 0, start);
    expect(await probeLoop(probe, { intervalMs: 1000, windowMs: 1000, reserveMs: 5_000, clock })).toHaveLength(2);
  });

  it('a window of 0: one probe', async () => {
    const { clock, probe } = fakeClock(90_000);
    expect(await probeLoop(probe, { intervalMs: 10_000, windowMs: 0, reserveMs: 5_000, clock })).toHaveLength(1);
  });

  it('keeps the ticks when probes take time, and follows an overrunning probe at once', async () => {
    const { clock, probe, slept } = fakeClock(90_000, 4_000);
    await probeLoop(probe, { intervalMs: 10_000, windowMs: 20_000, reserveMs: 5_000, clock });
    expect(slept).toEqual([6_000, 6_000]);
    const slow = fakeClock(90_000, 12_000);
    expect((await probeLoop(slow.probe, { intervalMs: 10_000, windowMs: 20_000, reserveMs: 5_000, clock: slow.clock })).map((r) => r.started)).toEqual([0, 12_000, 24_000]);
    expect(slow.slept).toEqual([0, 0]);
  });

  it('starts no probe without the reserve left before the Lambda timeout', async () => {
    const { clock, probe } = fakeClock(30_000);
    expect(await probeLoop(probe, { intervalMs: 10_000, windowMs: 70_000, reserveMs: 15_000, clock })).toHaveLength(2);
  });

  it('stops after a result that says so', async () => {
    const { clock, probe } = fakeClock(90_000);
    expect(await probeLoop(probe, { intervalMs: 10_000, windowMs: 70_000, reserveMs: 5_000, clock, stopAfter: (r) => r.index === 2 })).toHaveLength(3);
  });
});
