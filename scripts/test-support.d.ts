export declare function stripAnsi(text: unknown): string;
export declare function onPath(name: string, path?: string, extra?: string[]): boolean;
export interface Missing { what: string; apt?: string; install?: string }
export declare function chromiumCandidates(env?: Record<string, string | undefined>): string[];
export declare function findChromium(options?: { env?: Record<string, string | undefined>; exists?: (path: string) => boolean }): string | undefined;
export declare function missingPrerequisites(options: { root: string; needDatabases?: boolean; needBrowser?: boolean; path?: string; pgBins?: string[]; exists?: (path: string) => boolean; env?: Record<string, string | undefined> }): Missing[];
export declare function prerequisitesLine(missing: Missing[]): string;
export declare function firstUsefulLine(error: unknown): string;
export interface Counts { tests: number; passed: number; failed: number; skipped: number; cancelled: number }
export interface Failure { file?: string; name: string; line: string }
export declare function formatSummary(summary: { counts: Counts; failures: Failure[]; leftovers?: string[]; seconds: number }): string;
