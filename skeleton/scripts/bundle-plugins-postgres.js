// esbuild plugins for the Lambda bundles (scripts/bundle-lambdas.js), Aurora PostgreSQL variant:
// none. The canary's driver, pg, is small and is bundled as published.
// The Aurora MySQL variant of this file replaces parts of mysql2 the canary never uses.
'use strict';

module.exports = { plugins: [] };
