// Types of scripts/declarations.js (plain JavaScript, so that scripts/build.js runs without tsx).
export declare const DECLARATION_ENTRIES: string[];
export declare const DECLARATION_OPTIONS: string[];
