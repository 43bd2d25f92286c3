/** The oldest Node.js this package runs on (package.json "engines"). */
export declare const REQUIRED_NODE: string;
/** One line naming the Node.js found and the one needed when `version` is older, else undefined. */
export declare function nodeVersionProblem(version: string, program: string): string | undefined;
