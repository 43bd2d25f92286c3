/**
 * Where a catalog entity's repository is, from its `backstage.io/source-location` annotation as the
 * catalog sets it for GitHub (`url:https://github.com/<owner>/<repo>/tree/<branch>/<folder>`): the
 * scaffolder's `repoUrl` form (`github.com?owner=…&repo=…`), the branch and the folder inside it.
 */
export interface SourceRepository {
  readonly repoUrl: string;
  readonly branch: string;
  /** Folder of the entity inside the repository ('' for the root). */
  readonly folder: string;
}

export function repositoryOf(sourceLocation: string): SourceRepository | undefined {
  let url: URL;
  try {
    url = new URL(sourceLocation.replace(/^url:/, ''));
  } catch {
    return undefined;
  }
  const [owner, repo, kind, branch, ...folder] = url.pathname.split('/').filter(Boolean);
  if (!owner || !repo || kind !== 'tree' || !branch) return undefined;
  return {
    repoUrl: `${url.host}?owner=${encodeURIComponent(owner)}&repo=${encodeURIComponent(repo.replace(/\.git$/, ''))}`,
    branch: decodeURIComponent(branch),
    folder: folder.map(decodeURIComponent).join('/'),
  };
}
