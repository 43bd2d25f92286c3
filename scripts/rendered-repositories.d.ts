/** Folders at the top of `root` that hold a rendered repository (scripts/rendered-repositories.js). */
export declare function renderedRepositories(root: string): string[];
