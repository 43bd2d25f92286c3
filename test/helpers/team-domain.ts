import type { AnswerSources } from '../../generator/answers/collect';
import { PRESETS } from '../../generator/answers/presets';
import { TEAM_DOMAIN } from '../../skeleton/test/helpers/team-domain';

// The one fixture of the team's public domain lives with the generated repository's tests, which need it too.
export { TEAM_DOMAIN };

/** `--set` items that give the application tier its public domain. */
export const TEAM_DOMAIN_SETS: readonly string[] = [`publicDomainName=${TEAM_DOMAIN}`];

/** The healthcare preset as a team renders it: the preset plus the team's domain, then `sets`. */
export function healthcareSources(sets: readonly string[] = []): AnswerSources & { preset: 'healthcare'; sets: string[] } {
  return { preset: 'healthcare', sets: [...TEAM_DOMAIN_SETS, ...sets] };
}

/** The healthcare preset's answers with the team's domain. */
export const HEALTHCARE_ANSWERS = { ...PRESETS.healthcare.answers, publicDomainName: TEAM_DOMAIN };

/** Command-line arguments for `tap-dr new … --preset healthcare` with the team's domain. */
export const HEALTHCARE_ARGS: readonly string[] = ['--preset', 'healthcare', ...TEAM_DOMAIN_SETS.flatMap((set) => ['--set', set])];
