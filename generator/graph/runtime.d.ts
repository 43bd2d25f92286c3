/** Package name → module, for the rendered program's imports (runtime.js). */
export declare const PACKAGES: Readonly<Record<string, unknown>>;
