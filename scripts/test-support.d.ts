export declare function stripAnsi(text: unknown): string;
export declare function onPath(name: string, path?: string, extra?: string[]): boolean;
export interface Missing { what: string; apt?: string; install?: string }
export declare function missingPrerequisites(options: { root: string; needDatabases?: boolean; path?: string; pgBins?: string[]; exists?: (path: string) => boolean }): Missing[];
export declare function prerequisitesLine(missing: Missing[]): string;
export declare function firstUsefulLine(error: unknown): string;
export interface Counts { tests: number; passed: number; failed: number; skipped: number; cancelled: number }
export interface Failure { file?: string; name: string; line: string }
export declare function formatSummary(summary: { counts: Counts; failures: Failure[]; leftovers?: string[]; seconds: number }): string;
