import { DrillError, FAILBACK_COMMAND, drillMarkdown, drillPlan, runDrill, type DrillPort, type Marker } from '../../scripts/dr/drill';

const BUDGET = { switchoverSeconds: 60, pollMs: 5000, timeoutSeconds: 900 };

/**
 * Two regions in memory: a switchover takes `switchSeconds` of clock, during which no region holds the
 * writer; each writer keeps its acknowledged markers, and a switchover copies them to the new writer
 * unless `loseOnSwitch` (a write lost in the move).
 */
function fakeStack(options: { switchSeconds?: number; switchSecondsTo?: Record<string, number>; loseOnSwitch?: boolean; lag?: number; writer?: string; busy?: boolean; neverArrives?: boolean } = {}) {
  let clock = 0;
  let writer: string | undefined = options.writer ?? 'us-east-1';
  let arrivesAt = Infinity;
  let pending: string | undefined;
  const markers = new Map<string, Set<string>>([['us-east-1', new Set()], ['eu-west-1', new Set()]]);
  const switchovers: string[] = [];
  const settle = () => {
    if (pending && clock >= arrivesAt) {
      if (!options.loseOnSwitch) markers.set(pending, new Set(markers.get(writer as string)));
      writer = pending;
      pending = undefined;
    }
  };
  const port: DrillPort = {
    regions: ['us-east-1', 'eu-west-1'],
    writerRegion: async () => {
      settle();
      return pending ? undefined : writer;
    },
    busy: async () => {
      settle();
      return options.busy === true || pending !== undefined;
    },
    lagSeconds: async () => options.lag,
    writeMarker: async (region): Promise<Marker> => {
      const id = `m${clock}`;
      markers.get(region)?.add(id);
      return { region, id };
    },
    markerPresent: async (marker, region) => markers.get(region)?.has(marker.id) === true,
    switchover: async (region) => {
      switchovers.push(region);
      pending = region;
      arrivesAt = options.neverArrives ? Infinity : clock + (options.switchSecondsTo?.[region] ?? options.switchSeconds ?? 20) * 1000;
    },
    now: () => clock,
    sleep: async (ms) => {
      clock += ms;
    },
  };
  return { port, switchovers };
}

const quiet = () => {
  const lines: string[] = [];
  return { lines, io: { out: (line: string) => lines.push(line) } };
};

describe('runDrill', () => {
  it('without --yes prints the plan and touches nothing', async () => {
    const { port, switchovers } = fakeStack();
    const { lines, io } = quiet();
    expect(await runDrill(port, BUDGET, io, { yes: false })).toBeUndefined();
    expect(lines).toEqual([...drillPlan(port, BUDGET), 'Nothing done: run again with --yes to do it.']);
    expect(lines[0]).toMatch(/from us-east-1 to eu-west-1 and back/);
    expect(switchovers).toEqual([]);
  });

  it('switches over and back, times every phase against the budget, and finds every marker: zero writes lost', async () => {
    const { port, switchovers } = fakeStack({ lag: 0.4, switchSeconds: 20 });
    const { lines, io } = quiet();
    const report = await runDrill(port, BUDGET, io, { yes: true });
    expect(switchovers).toEqual(['eu-west-1', 'us-east-1']);
    expect(report).toMatchObject({ ok: true, writesLost: 0, lagBeforeSeconds: 0.4, regions: ['us-east-1', 'eu-west-1'] });
    expect(report?.phases.map((p) => [p.phase, p.seconds, p.budgetSeconds, p.ok])).toEqual([
      ['lag before', 0, undefined, true],
      ['marker write in us-east-1', 0, undefined, true],
      ['switchover us-east-1 → eu-west-1', 20, 60, true],
      ['marker on the writer in eu-west-1', 0, undefined, true],
      ['marker write in eu-west-1', 0, undefined, true],
      ['switchover eu-west-1 → us-east-1', 20, 60, true],
      ['marker on the writer in us-east-1', 0, undefined, true],
    ]);
    expect(lines).toContain('ok   switchover us-east-1 → eu-west-1: 20 s (budget 60 s); eu-west-1 holds the writer');
  });

  it('a switchover slower than the budget fails its phase, and the drill', async () => {
    const { port } = fakeStack({ switchSeconds: 75 });
    const report = await runDrill(port, BUDGET, quiet().io, { yes: true });
    expect(report?.ok).toBe(false);
    expect(report?.phases.find((p) => p.phase === 'switchover us-east-1 → eu-west-1')).toMatchObject({ seconds: 75, ok: false });
    expect(report?.writesLost).toBe(0);
  });

  it('counts a marker missing on the new writer as a lost write', async () => {
    const { port } = fakeStack({ loseOnSwitch: true });
    const { lines, io } = quiet();
    const report = await runDrill(port, BUDGET, io, { yes: true });
    expect(report).toMatchObject({ ok: false, writesLost: 2 });
    expect(lines).toContain('FAIL marker on the writer in eu-west-1: 0 s; MISSING: the write acknowledged in us-east-1 is not on the new writer');
  });

  it('a switchover that never completes: the drill stops, waits for it, and reports the failback command when the writer is not home', async () => {
    const { port, switchovers } = fakeStack({ neverArrives: true });
    const { lines, io } = quiet();
    const report = await runDrill(port, BUDGET, io, { yes: true });
    expect(switchovers).toEqual(['eu-west-1']);
    expect(report?.phases.map((p) => [p.phase, p.ok, p.detail])).toEqual([
      ['lag before', true, 'no lag figure could be read'],
      ['marker write in us-east-1', true, 'acknowledged (m0)'],
      ['switchover us-east-1 → eu-west-1', false, 'eu-west-1 does not hold the writer after 900 s'],
      ['writer back to us-east-1', false, 'a switchover is still running after 900 s'],
    ]);
    expect(report).toMatchObject({ ok: false, failedPhase: 'switchover us-east-1 → eu-west-1', failbackCommand: FAILBACK_COMMAND });
    expect(lines.at(-1)).toBe(`The writer is not back in us-east-1: run ${FAILBACK_COMMAND}, then npm run dr:status`);
  });

  it('a marker write that throws in the second leg (the writer in eu-west-1): recorded, the writer switched back, the report still made', async () => {
    const { port, switchovers } = fakeStack();
    const write = port.writeMarker;
    port.writeMarker = async (region) => {
      if (region === 'eu-west-1') throw new Error('the canary in eu-west-1 committed no heartbeat (not the writer)');
      return write(region);
    };
    const report = await runDrill(port, BUDGET, quiet().io, { yes: true });
    expect(switchovers).toEqual(['eu-west-1', 'us-east-1']);
    expect(report?.phases.slice(-2).map((p) => [p.phase, p.ok, p.detail])).toEqual([
      ['marker write in eu-west-1', false, 'error: the canary in eu-west-1 committed no heartbeat (not the writer)'],
      ['writer back to us-east-1', true, 'switched back: us-east-1 holds the writer'],
    ]);
    expect(report).toMatchObject({ ok: false, failedPhase: 'marker write in eu-west-1', writesLost: 0 });
    expect(report).not.toHaveProperty('failbackCommand');
    expect(drillMarkdown(report!, 'DR drill')).toContain('**Failed** at "marker write in eu-west-1"');
  });

  it('a switch back that fails too: the failback command, in the report and on the screen', async () => {
    const { port, switchovers } = fakeStack();
    const write = port.writeMarker;
    port.writeMarker = async (region) => (region === 'eu-west-1' ? Promise.reject(new Error('no heartbeat')) : write(region));
    const switchover = port.switchover;
    port.switchover = async (region) => (region === 'us-east-1' ? Promise.reject(new Error('InvalidGlobalClusterStateFault')) : switchover(region));
    const { lines, io } = quiet();
    const report = await runDrill(port, BUDGET, io, { yes: true });
    expect(switchovers).toEqual(['eu-west-1']);
    expect(report?.phases.at(-1)).toMatchObject({ phase: 'writer back to us-east-1', ok: false, detail: 'error: InvalidGlobalClusterStateFault' });
    expect(report?.failbackCommand).toBe(FAILBACK_COMMAND);
    expect(lines).toContain(`The writer is not back in us-east-1: run ${FAILBACK_COMMAND}, then npm run dr:status`);
    expect(drillMarkdown(report!, 'DR drill')).toContain(`**The writer is not back in us-east-1**: run \`${FAILBACK_COMMAND}\`.`);
  });

  it('a switch back that does not arrive in time: failed, with the failback command', async () => {
    const { port } = fakeStack();
    const write = port.writeMarker;
    port.writeMarker = async (region) => (region === 'eu-west-1' ? Promise.reject(new Error('no heartbeat')) : write(region));
    const switchover = port.switchover;
    port.switchover = async (region) => (region === 'us-east-1' ? undefined : switchover(region));
    const report = await runDrill(port, BUDGET, quiet().io, { yes: true });
    expect(report?.phases.at(-1)).toMatchObject({ phase: 'writer back to us-east-1', ok: false, detail: 'us-east-1 does not hold the writer after 900 s' });
    expect(report?.failbackCommand).toBe(FAILBACK_COMMAND);
  });

  it('a switch back that outlasts the drill\'s wait but arrives: waited for, the writer home, no second switch back', async () => {
    const { port, switchovers } = fakeStack({ switchSecondsTo: { 'us-east-1': 950 } });
    const report = await runDrill(port, BUDGET, quiet().io, { yes: true });
    expect(switchovers).toEqual(['eu-west-1', 'us-east-1']);
    expect(report?.phases.slice(-2).map((p) => [p.phase, p.ok, p.detail])).toEqual([
      ['switchover eu-west-1 → us-east-1', false, 'us-east-1 does not hold the writer after 900 s'],
      ['writer back to us-east-1', true, 'us-east-1 holds the writer'],
    ]);
    expect(report).not.toHaveProperty('failbackCommand');
  });

  it('a failure before any switchover: the report, and no switch back', async () => {
    const { port, switchovers } = fakeStack();
    port.writeMarker = async () => Promise.reject('refused');
    const report = await runDrill(port, BUDGET, quiet().io, { yes: true });
    expect(switchovers).toEqual([]);
    expect(report).toMatchObject({ ok: false, failedPhase: 'marker write in us-east-1' });
    expect(report?.phases.at(-1)?.detail).toBe('error: refused');
  });

  it('refuses to start unless the primary region holds the writer and nothing is running', async () => {
    await expect(runDrill(fakeStack({ writer: 'eu-west-1' }).port, BUDGET, quiet().io, { yes: true })).rejects.toThrow(
      new DrillError('the writer is in eu-west-1, not us-east-1: fail back first (npm run dr:failback -- --yes), then drill'),
    );
    const none = fakeStack();
    none.port.writerRegion = async () => undefined;
    await expect(runDrill(none.port, BUDGET, quiet().io, { yes: true })).rejects.toThrow('the writer is in no region, not us-east-1');
    await expect(runDrill(fakeStack({ busy: true }).port, BUDGET, quiet().io, { yes: true })).rejects.toThrow(/a switchover or failover is running/);
  });

  it('says when the lag cannot be read, and goes on', async () => {
    const report = await runDrill(fakeStack().port, BUDGET, quiet().io, { yes: true });
    expect(report?.lagBeforeSeconds).toBeUndefined();
    expect(report?.phases[0].detail).toBe('no lag figure could be read');
  });
});

describe('drillMarkdown', () => {
  it('a table of the phases and the verdict', async () => {
    const passed = await runDrill(fakeStack({ lag: 1.5 }).port, BUDGET, quiet().io, { yes: true });
    const text = drillMarkdown(passed!, 'DR drill');
    expect(text).toMatch(/^# DR drill\n/);
    expect(text).toContain('Lag before: 1.5 s. Writes lost: 0.');
    expect(text).toContain('| switchover us-east-1 → eu-west-1 | 20 | 60 | ok | eu-west-1 holds the writer |');
    expect(text).toContain('**Passed**');
    const failed = await runDrill(fakeStack({ loseOnSwitch: true }).port, BUDGET, quiet().io, { yes: true });
    const failedText = drillMarkdown(failed!, 'DR drill');
    expect(failedText).toContain('Lag before: unknown. Writes lost: 2.');
    expect(failedText).toContain('| **FAILED** |');
    expect(failedText).toContain('**Failed**');
  });
});
