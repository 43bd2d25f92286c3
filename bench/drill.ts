// The local DR drill's scenarios for `npm run bench`: one row each (the drill itself: test/drill/scenarios.ts).
import { DRILL } from '../test/drill/local-stack';
import { SCENARIOS, type ScenarioRow } from '../test/drill/scenarios';

export async function printDrill(): Promise<void> {
  console.log(`local DR drill — PostgreSQL primary + streaming standby on loopback; probes every ${DRILL.probeIntervalMs} ms, connect timeout ${DRILL.connectTimeoutMs} ms, confirmation ${DRILL.confirmationSeconds} s, RPO budget ${DRILL.rpoBudgetSeconds} s`);
  const rows: ScenarioRow[] = [];
  for (const scenario of SCENARIOS) rows.push(await scenario());
  const table = [
    ['scenario', 'expected', 'decided', 'time to decision', 'rows lost'],
    ...rows.map((r) => [r.scenario, r.expected, r.decided, r.decisionSeconds === undefined || Number.isNaN(r.decisionSeconds) ? '—' : `${r.decisionSeconds.toFixed(3)} s`, String(r.rowsLost)]),
  ];
  const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
  for (const row of table) console.log(`  ${row.map((cell, i) => cell.padEnd(widths[i])).join(' | ')}`);
}
