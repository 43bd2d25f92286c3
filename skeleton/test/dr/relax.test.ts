import { relaxCommitBound, type CommitBoundPort } from '../../scripts/dr/relax';

function bound(initial: number | undefined) {
  const state = { value: initial, changes: [] as string[] };
  const port: CommitBoundPort = {
    target: 'rds.global_db_rpo of aurora-params-us-east-1-prod (us-east-1)',
    current: async () => state.value,
    reset: async () => {
      state.changes.push('reset');
      state.value = undefined;
    },
    set: async (seconds) => {
      state.changes.push(`set ${seconds}`);
      state.value = seconds;
    },
  };
  return { port, state };
}

const run = async (initial: number | undefined, options: { restore: boolean; yes: boolean }) => {
  const { port, state } = bound(initial);
  const lines: string[] = [];
  const result = await relaxCommitBound(port, { out: (line) => lines.push(line) }, { ...options, boundSeconds: 30 });
  return { result, lines, state };
};

describe('relaxCommitBound (npm run dr:relax)', () => {
  it('without --yes: the plan, with the risk it takes, and nothing changed', async () => {
    const { result, lines, state } = await run(30, { restore: false, yes: false });
    expect(result).toBe('planned');
    expect(lines[0]).toBe('Plan: reset rds.global_db_rpo of aurora-params-us-east-1-prod (us-east-1) (now 30 s). The primary stops waiting for the secondary and commits again; until you restore it, a failover may lose more than 30 s of writes. Use it when the secondary region is down and the commits-blocked alarm fires; restore with npm run dr:relax -- --restore --yes.');
    expect(lines[1]).toBe('Nothing done: run again with --yes to do it.');
    expect(state.changes).toEqual([]);
  });

  it('--yes resets the bound; --restore --yes sets it back to the configured value', async () => {
    const relaxed = await run(30, { restore: false, yes: true });
    expect([relaxed.result, relaxed.state.changes, relaxed.state.value]).toEqual(['relaxed', ['reset'], undefined]);
    expect(relaxed.lines.at(-1)).toMatch(/^Done: .* reset\./);
    const restored = await run(undefined, { restore: true, yes: true });
    expect([restored.result, restored.state.changes, restored.state.value]).toEqual(['restored', ['set 30'], 30]);
    expect(restored.lines[0]).toMatch(/^Plan: set .* from not set \(commits do not wait for the secondary\) back to 30 s\. Do this once the secondary has caught up/);
    expect(restored.lines.at(-1)).toMatch(/^Done: .* is 30 s\./);
  });

  it('does nothing when the bound is already as asked', async () => {
    const unset = await run(undefined, { restore: false, yes: true });
    expect([unset.result, unset.state.changes]).toEqual(['unchanged', []]);
    expect(unset.lines).toEqual(['rds.global_db_rpo of aurora-params-us-east-1-prod (us-east-1) is already not set (commits do not wait for the secondary): nothing to do.']);
    const set = await run(30, { restore: true, yes: true });
    expect([set.result, set.state.changes]).toEqual(['unchanged', []]);
    expect(set.lines[0]).toMatch(/is already 30 s: nothing to do\.$/);
  });

  it('restores a bound set to another value', async () => {
    const { result, state } = await run(45, { restore: true, yes: true });
    expect([result, state.value]).toEqual(['restored', 30]);
  });
});
