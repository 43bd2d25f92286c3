import { GENERATOR_NAME, PACKAGE_VERSION } from '../package-root';
import { readRecorded } from '../update/recorded';
import { compareVersions, isVersion, latestPublished } from '../update/versions';

const out = (text: string): void => void process.stdout.write(`${text}\n`);
const err = (text: string): void => void process.stderr.write(`${text}\n`);

/** Exit codes of `tap-dr check`: 0 up to date, 1 a newer version exists, 2 not a generated repository. */
export const CHECK_EXIT = { upToDate: 0, behind: 1, badInput: 2 } as const;

/**
 * `tap-dr check [dir]`: is there a newer generator than the one that rendered this repository? The
 * newest of this generator and the registry's `latest` counts; without the registry, this one alone.
 */
export async function runCheck(directory: string, options: { json: boolean }): Promise<number> {
  const read = readRecorded(directory);
  if (!read.ok) {
    err(`tap-dr check: ${read.reason}`);
    if (options.json) out(JSON.stringify({ ok: false, reason: read.reason }, null, 2));
    return CHECK_EXIT.badInput;
  }
  const current = read.recorded.version;
  const published = await latestPublished();
  const candidates = [PACKAGE_VERSION, ...(published.ok ? [published.version] : [])];
  const newest = candidates.sort(compareVersions).at(-1) as string;
  const behind = !isVersion(current) || compareVersions(newest, current) > 0;
  if (options.json) {
    out(JSON.stringify({ ok: true, directory, version: current, newest, behind, registry: published.ok ? published.version : { unavailable: published.reason } }, null, 2));
  } else {
    if (!published.ok) err(`tap-dr check: the registry could not be asked (${published.reason}); comparing with this generator (${PACKAGE_VERSION}) only.`);
    out(behind
      ? `${directory} was rendered by ${GENERATOR_NAME} ${current}; ${newest} is available. Update: npx --package ${GENERATOR_NAME}@${newest} tap-dr update ${directory}`
      : `${directory} is up to date (${GENERATOR_NAME} ${current}).`);
  }
  return behind ? CHECK_EXIT.behind : CHECK_EXIT.upToDate;
}
