// esbuild plugins for the Lambda bundles (scripts/bundle-lambdas.js), Aurora PostgreSQL variant:
// none. The canary's driver, pg, is small and is bundled as published.
'use strict';

module.exports = { plugins: [] };
