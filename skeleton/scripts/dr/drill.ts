// `npm run dr:drill`: a planned switchover to the secondary region and back, each phase timed against the
// recovery budget, with proof that no acknowledged write was lost, written as a Markdown and a JSON
// report. The phases are engine- and cloud-neutral behind a port: the runbook implements it with AWS
// (SwitchoverGlobalCluster, the canaries' heartbeat commits), the template's local drill with two
// PostgreSQL servers. Without `--yes` it prints the plan and changes nothing.

/** A write acknowledged by the writer before a switchover, to look for on the new writer afterwards. */
export interface Marker {
  readonly region: string;
  /** What identifies the write: the heartbeat's commit time, a row's key. */
  readonly id: string;
}

export interface DrillPort {
  readonly regions: readonly [primary: string, secondary: string];
  /** Region of the writer now; undefined while none is (during a switchover). */
  writerRegion(): Promise<string | undefined>;
  /** Whether a switchover or failover is running. */
  busy(): Promise<boolean>;
  /** The secondary's replication lag now, in seconds; undefined when it cannot be read. */
  lagSeconds(): Promise<number | undefined>;
  /** Commits a marker on the writer in `region` and returns it once acknowledged. */
  writeMarker(region: string): Promise<Marker>;
  /** Whether `marker` is there on the writer in `region`. */
  markerPresent(marker: Marker, region: string): Promise<boolean>;
  /** Starts a planned switchover of the writer to `region` (no data loss). */
  switchover(region: string): Promise<void>;
  /** Milliseconds on a monotonic clock. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export interface DrillBudget {
  /** Longest the writer may be away during one switchover (the budget's promotion term). */
  readonly switchoverSeconds: number;
  /** How often the writer is looked for while a switchover runs. */
  readonly pollMs: number;
  /** When to give up on a switchover. */
  readonly timeoutSeconds: number;
}

export interface PhaseResult {
  readonly phase: string;
  readonly seconds: number;
  /** Undefined for a phase with no budget of its own. */
  readonly budgetSeconds?: number;
  readonly ok: boolean;
  readonly detail: string;
}

export interface DrillReport {
  readonly regions: readonly [string, string];
  readonly ok: boolean;
  readonly lagBeforeSeconds?: number;
  /** Markers acknowledged before a switchover and missing on the new writer after it. */
  readonly writesLost: number;
  readonly phases: readonly PhaseResult[];
  /** The first phase that failed, when one did. */
  readonly failedPhase?: string;
  /** When the drill could not bring the writer back to the primary region: the command that does. */
  readonly failbackCommand?: string;
}

/** What brings the writer back to the primary region by hand (scripts/dr/runbook.ts `failback`). */
export const FAILBACK_COMMAND = 'npm run dr:failback -- --yes';

/** A phase whose work threw: recorded in the report, and the drill goes on to bring the writer home. */
class PhaseFailed extends Error {}

export interface DrillIo {
  readonly out: (line: string) => void;
}

export class DrillError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DrillError';
  }
}

const round = (n: number) => Math.round(n * 1000) / 1000;

/** The plan, as printed without --yes and at the start of a drill. */
export function drillPlan(port: DrillPort, budget: DrillBudget): string[] {
  const [primary, secondary] = port.regions;
  return [
    `Plan: a planned switchover of the writer from ${primary} to ${secondary} and back, no data lost (Aurora waits for the target to catch up).`,
    `  1. check that ${primary} holds the writer, nothing is running, and read the lag`,
    `  2. commit a marker write in ${primary}`,
    `  3. switch over to ${secondary}; the writer must be back within ${budget.switchoverSeconds} s`,
    `  4. find the marker on the writer in ${secondary}`,
    `  5. commit a marker write in ${secondary}, switch back to ${primary} within ${budget.switchoverSeconds} s, find it there`,
    '  Writes pause while each switchover runs; the report lists every phase against its budget.',
    `  If anything fails after the first switchover started, the drill switches the writer back to ${primary} (or prints ${FAILBACK_COMMAND}) and still writes the report.`,
  ];
}

/**
 * Runs the drill (with `yes`) and returns its report, or prints the plan and returns undefined.
 * Throws DrillError when the stack is not in a state to start one. After that it returns a report in
 * every case: a phase that fails, overruns or throws is recorded, the drill stops there, and once the
 * first switchover has started it brings the writer back to the primary region (or, when it cannot,
 * prints and reports the command that does).
 */
export async function runDrill(port: DrillPort, budget: DrillBudget, io: DrillIo, options: { readonly yes: boolean }): Promise<DrillReport | undefined> {
  for (const line of drillPlan(port, budget)) io.out(line);
  if (!options.yes) {
    io.out('Nothing done: run again with --yes to do it.');
    return undefined;
  }
  const [primary, secondary] = port.regions;
  const phases: PhaseResult[] = [];
  const timed = async <T>(phase: string, budgetSeconds: number | undefined, work: () => Promise<{ value: T; ok: boolean; detail: string }>) => {
    const started = port.now();
    let outcome: { value: T; ok: boolean; detail: string } | undefined;
    let failure: unknown;
    try {
      outcome = await work();
    } catch (error) {
      failure = error;
    }
    const { value, ok, detail } = outcome ?? { value: undefined, ok: false, detail: `error: ${failure instanceof Error ? failure.message : String(failure)}` };
    const seconds = round((port.now() - started) / 1000);
    const result = { phase, seconds, ...(budgetSeconds === undefined ? {} : { budgetSeconds }), ok: ok && (budgetSeconds === undefined || seconds <= budgetSeconds), detail };
    phases.push(result);
    io.out(`${result.ok ? 'ok  ' : 'FAIL'} ${phase}: ${seconds} s${budgetSeconds === undefined ? '' : ` (budget ${budgetSeconds} s)`}; ${detail}`);
    if (!outcome) throw new PhaseFailed(detail);
    return value as T;
  };
  /** Waits until no switchover runs and `region` holds the writer; false after the budget's timeout. */
  const writerArrives = async (region: string) => {
    const deadline = port.now() + budget.timeoutSeconds * 1000;
    while (port.now() < deadline) {
      if (await port.writerRegion() === region && !(await port.busy())) return true;
      await port.sleep(budget.pollMs);
    }
    return false;
  };

  const writer = await port.writerRegion();
  if (writer !== primary) throw new DrillError(`the writer is in ${writer ?? 'no region'}, not ${primary}: fail back first (npm run dr:failback -- --yes), then drill`);
  if (await port.busy()) throw new DrillError('a switchover or failover is running: wait until npm run dr:status shows the global cluster available');
  const lagBeforeSeconds = await timed('lag before', undefined, async () => {
    const lag = await port.lagSeconds();
    return { value: lag, ok: true, detail: lag === undefined ? 'no lag figure could be read' : `the secondary lags ${lag} s` };
  });

  let writesLost = 0;
  /** Set once the first switchover has been asked for: from then on the writer may not be in the primary region. */
  let switched = false;
  const leg = async (from: string, to: string) => {
    const marker = await timed(`marker write in ${from}`, undefined, async () => {
      const value = await port.writeMarker(from);
      return { value, ok: true, detail: `acknowledged (${value.id})` };
    });
    const arrived = await timed(`switchover ${from} → ${to}`, budget.switchoverSeconds, async () => {
      switched = true;
      await port.switchover(to);
      const there = await writerArrives(to);
      return { value: there, ok: there, detail: there ? `${to} holds the writer` : `${to} does not hold the writer after ${budget.timeoutSeconds} s` };
    });
    if (!arrived) return false;
    await timed(`marker on the writer in ${to}`, undefined, async () => {
      const present = await port.markerPresent(marker, to);
      if (!present) writesLost += 1;
      return { value: present, ok: present, detail: present ? 'present: no acknowledged write lost' : `MISSING: the write acknowledged in ${from} is not on the new writer` };
    });
    return true;
  };
  try {
    if (await leg(primary, secondary)) await leg(secondary, primary);
  } catch {
    // Every step of a leg runs inside `timed`, which has recorded the failure: what is left is bringing the writer home.
  }
  const failedPhase = phases.find((p) => !p.ok)?.phase;
  const home = !switched || !failedPhase || (await port.writerRegion() === primary && !(await port.busy())) || await bringWriterHome();
  if (!home) io.out(`The writer is not back in ${primary}: run ${FAILBACK_COMMAND}, then npm run dr:status`);
  return {
    regions: port.regions,
    ok: phases.every((p) => p.ok),
    ...(lagBeforeSeconds === undefined ? {} : { lagBeforeSeconds }),
    writesLost,
    phases,
    ...(failedPhase === undefined ? {} : { failedPhase }),
    ...(home ? {} : { failbackCommand: FAILBACK_COMMAND }),
  };

  /** After a failure: lets a running switchover finish, then switches the writer back to the primary region when it is elsewhere. */
  async function bringWriterHome(): Promise<boolean> {
    return timed(`writer back to ${primary}`, undefined, async () => {
      const deadline = port.now() + budget.timeoutSeconds * 1000;
      while (await port.busy()) {
        if (port.now() >= deadline) return { value: false, ok: false, detail: `a switchover is still running after ${budget.timeoutSeconds} s` };
        await port.sleep(budget.pollMs);
      }
      if (await port.writerRegion() === primary) return { value: true, ok: true, detail: `${primary} holds the writer` };
      await port.switchover(primary);
      const back = await writerArrives(primary);
      return { value: back, ok: back, detail: back ? `switched back: ${primary} holds the writer` : `${primary} does not hold the writer after ${budget.timeoutSeconds} s` };
    }).catch(() => false);
  }
}

/** The report as Markdown: a table of the phases, then the verdict. */
export function drillMarkdown(report: DrillReport, title: string): string {
  return [
    `# ${title}`,
    '',
    `Regions: ${report.regions[0]} (primary) ⇄ ${report.regions[1]} (secondary). Lag before: ${report.lagBeforeSeconds === undefined ? 'unknown' : `${report.lagBeforeSeconds} s`}. Writes lost: ${report.writesLost}.`,
    '',
    '| phase | seconds | budget | result | detail |',
    '|---|---:|---:|---|---|',
    ...report.phases.map((p) => `| ${p.phase} | ${p.seconds} | ${p.budgetSeconds ?? ''} | ${p.ok ? 'ok' : '**FAILED**'} | ${p.detail} |`),
    '',
    report.ok ? '**Passed**: every phase within its budget, no acknowledged write lost.' : `**Failed** at "${report.failedPhase}": see the phases marked FAILED.`,
    ...(report.failbackCommand ? ['', `**The writer is not back in ${report.regions[0]}**: run \`${report.failbackCommand}\`.`] : []),
    '',
  ].join('\n');
}
