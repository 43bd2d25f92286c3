// Plain JavaScript that any Node.js parses, so the test command (scripts/test.js), the bin and the yo
// generator can check the running Node before they load anything that needs a newer one.

/** The oldest Node.js this package runs on (package.json "engines"): yeoman-generator 10 and @pulumi/pulumi need it. */
export const REQUIRED_NODE = '22.18.0';

const parts = (version) => version.replace(/^v/, '').split('.').map((part) => Number.parseInt(part, 10) || 0);

/** One line naming the Node.js found and the one needed when `version` is older, else undefined. */
export function nodeVersionProblem(version, program) {
  const [major, minor, patch] = parts(version);
  const [needMajor, needMinor, needPatch] = parts(REQUIRED_NODE);
  const older = major !== needMajor ? major < needMajor : minor !== needMinor ? minor < needMinor : patch < needPatch;
  if (!older) return undefined;
  return `${program} needs Node.js ${REQUIRED_NODE} or later; this is Node.js ${version.replace(/^v/, '')}. Install Node.js 22 (https://nodejs.org, or \`nvm install 22\`) and run it again.`;
}
