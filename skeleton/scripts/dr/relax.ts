// `npm run dr:relax`: when the secondary region is down and the primary blocks commits because no
// secondary keeps up with rds.global_db_rpo (aws-facts.ts GLOBAL_DB_RPO_PARAMETER), lift the bound so
// production writes resume; `--restore` sets it back once the secondary has caught up. The steps are
// engine-neutral behind a small port: the runbook implements it on the primary's cluster parameter
// group, the template's local drill on PostgreSQL's synchronous replication.

/** Where the commit bound lives and how to change it. */
export interface CommitBoundPort {
  /** What the bound is, for the plan: e.g. `rds.global_db_rpo of aurora-params-us-east-1-prod`. */
  readonly target: string;
  /** The bound now, in seconds; undefined when it is not set (commits are not bounded). */
  current(): Promise<number | undefined>;
  /** Removes the bound: commits no longer wait for any secondary. */
  reset(): Promise<void>;
  /** Sets the bound to `seconds` again. */
  set(seconds: number): Promise<void>;
}

export interface RelaxIo {
  readonly out: (line: string) => void;
}

export interface RelaxOptions {
  /** Set the bound back to `boundSeconds` instead of removing it. */
  readonly restore: boolean;
  /** Act; without it, only the plan is printed. */
  readonly yes: boolean;
  /** The bound the stack is configured with (timings.ts globalDbRpoSeconds of the RPO target). */
  readonly boundSeconds: number;
}

/** What was done: nothing (plan only, or already as asked), or the change. */
export type RelaxResult = 'planned' | 'unchanged' | 'relaxed' | 'restored';

export async function relaxCommitBound(port: CommitBoundPort, io: RelaxIo, options: RelaxOptions): Promise<RelaxResult> {
  const current = await port.current();
  const now = current === undefined ? 'not set (commits do not wait for the secondary)' : `${current} s`;
  if (options.restore ? current === options.boundSeconds : current === undefined) {
    io.out(`${port.target} is already ${now}: nothing to do.`);
    return 'unchanged';
  }
  io.out(options.restore
    ? `Plan: set ${port.target} from ${now} back to ${options.boundSeconds} s. Do this once the secondary has caught up (npm run dr:status shows its lag below the bound): while it lags beyond ${options.boundSeconds} s, the primary blocks every commit again.`
    : `Plan: reset ${port.target} (now ${now}). The primary stops waiting for the secondary and commits again; until you restore it, a failover may lose more than ${options.boundSeconds} s of writes. Use it when the secondary region is down and the commits-blocked alarm fires; restore with npm run dr:relax -- --restore --yes.`);
  if (!options.yes) {
    io.out('Nothing done: run again with --yes to do it.');
    return 'planned';
  }
  if (options.restore) await port.set(options.boundSeconds);
  else await port.reset();
  io.out(options.restore
    ? `Done: ${port.target} is ${options.boundSeconds} s. Aurora applies it after a short delay.`
    : `Done: ${port.target} reset. Aurora applies it after a short delay; the commits-blocked alarm returns to OK once the canary commits again.`);
  return options.restore ? 'restored' : 'relaxed';
}
