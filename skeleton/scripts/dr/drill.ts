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
}

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
  ];
}

/**
 * Runs the drill (with `yes`) and returns its report, or prints the plan and returns undefined.
 * Throws DrillError when the stack is not in a state to start one; a phase that fails or overruns is
 * recorded in the report, and a switchover that never completes ends the drill there.
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
    const { value, ok, detail } = await work();
    const seconds = round((port.now() - started) / 1000);
    const result = { phase, seconds, ...(budgetSeconds === undefined ? {} : { budgetSeconds }), ok: ok && (budgetSeconds === undefined || seconds <= budgetSeconds), detail };
    phases.push(result);
    io.out(`${result.ok ? 'ok  ' : 'FAIL'} ${phase}: ${seconds} s${budgetSeconds === undefined ? '' : ` (budget ${budgetSeconds} s)`}; ${detail}`);
    return value;
  };

  const writer = await port.writerRegion();
  if (writer !== primary) throw new DrillError(`the writer is in ${writer ?? 'no region'}, not ${primary}: fail back first (npm run dr:failback -- --yes), then drill`);
  if (await port.busy()) throw new DrillError('a switchover or failover is running: wait until npm run dr:status shows the global cluster available');
  const lagBeforeSeconds = await timed('lag before', undefined, async () => {
    const lag = await port.lagSeconds();
    return { value: lag, ok: true, detail: lag === undefined ? 'no lag figure could be read' : `the secondary lags ${lag} s` };
  });

  let writesLost = 0;
  const leg = async (from: string, to: string) => {
    const marker = await timed(`marker write in ${from}`, undefined, async () => {
      const value = await port.writeMarker(from);
      return { value, ok: true, detail: `acknowledged (${value.id})` };
    });
    const arrived = await timed(`switchover ${from} → ${to}`, budget.switchoverSeconds, async () => {
      await port.switchover(to);
      const deadline = port.now() + budget.timeoutSeconds * 1000;
      while (port.now() < deadline) {
        if (await port.writerRegion() === to && !(await port.busy())) return { value: true, ok: true, detail: `${to} holds the writer` };
        await port.sleep(budget.pollMs);
      }
      return { value: false, ok: false, detail: `${to} does not hold the writer after ${budget.timeoutSeconds} s` };
    });
    if (!arrived) return false;
    await timed(`marker on the writer in ${to}`, undefined, async () => {
      const present = await port.markerPresent(marker, to);
      if (!present) writesLost += 1;
      return { value: present, ok: present, detail: present ? 'present: no acknowledged write lost' : `MISSING: the write acknowledged in ${from} is not on the new writer` };
    });
    return true;
  };
  if (await leg(primary, secondary)) await leg(secondary, primary);
  return { regions: port.regions, ok: phases.every((p) => p.ok), ...(lagBeforeSeconds === undefined ? {} : { lagBeforeSeconds }), writesLost, phases };
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
    report.ok ? '**Passed**: every phase within its budget, no acknowledged write lost.' : '**Failed**: see the phases marked FAILED.',
    '',
  ].join('\n');
}
