import type { OfflineRun, RecordedResource } from './offline/recorder';

/**
 * The offline preview as a person reads it, shaped like `pulumi preview`: one `+ create` line per
 * resource under its component, a component's resources grouped by the region they live in, then
 * the stack outputs (secrets shown as `[secret]`) and the count of resources per type.
 */
export function formatPreview(project: string, stack: string, run: OfflineRun): string {
  const lines = [`Previewing update (${stack}) offline: the real program under mocks; nothing is created.`, ''];
  const children = new Map<string | undefined, RecordedResource[]>();
  for (const r of run.resources) children.set(r.parent, [...(children.get(r.parent) ?? []), r]);

  const regionRoles = new Map<string, string[]>();
  for (const p of run.resources.filter((r) => r.type === 'pulumi:providers:aws')) {
    regionRoles.set(p.region as string, [...(regionRoles.get(p.region as string) ?? []), p.name.replace(/^aws-/, '')]);
  }
  const regionLabel = (region: string) => `${region}${regionRoles.has(region) ? ` (${regionRoles.get(region)?.join(', ')})` : ''}`;

  const line = (prefix: string, r: RecordedResource) => `+ create${prefix}${r.type}  ${r.name}`;
  const walk = (parent: string | undefined, prefix: string) => {
    const own = children.get(parent) ?? [];
    // Resources without a region (components, providers, random) first, then one group per region.
    const groups = new Map<string, RecordedResource[]>();
    for (const r of own) groups.set(r.custom && r.region ? r.region : '', [...(groups.get(r.custom && r.region ? r.region : '') ?? []), r]);
    const ordered = [...groups].sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : 0));
    for (const [region, group] of ordered) {
      if (region) lines.push(`        ${prefix}── ${regionLabel(region)}`);
      for (const r of group) {
        lines.push(line(prefix + (region ? '   ' : ''), r));
        if (children.has(`${r.type}::${r.name}`)) walk(`${r.type}::${r.name}`, `${prefix}   `);
      }
    }
  };
  lines.push(`+ create  pulumi:pulumi:Stack  ${project}-${stack}`);
  walk(undefined, '     ');

  const outputs = Object.entries(run.outputs);
  if (outputs.length > 0) {
    lines.push('', 'Outputs:');
    const width = Math.max(...outputs.map(([k]) => k.length));
    for (const [k, v] of outputs) lines.push(`    ${k.padEnd(width)}: ${typeof v === 'string' ? v : JSON.stringify(v)}`);
  }

  const counts = new Map<string, number>();
  for (const r of run.resources) counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
  lines.push('', 'Resources:', `    + ${run.resources.length + 1} to create (the stack and ${run.resources.length} resources)`, '');
  for (const [type, count] of [...counts].sort(([a], [b]) => a.localeCompare(b))) lines.push(`    ${String(count).padStart(4)}  ${type}`);
  return lines.join('\n');
}
