// First step of `npm start`: on an older Node, one line saying so instead of a dependency's stack trace.
// Plain JavaScript that any old Node can parse; package.json "engines" and .npmrc hold `npm ci` to the same.
const REQUIRED_MAJOR = 24;

/** The line to print when this Node is too old, or undefined when it will do. */
export function nodeVersionProblem(version = process.versions.node) {
  const major = Number(version.split('.')[0]);
  return major >= REQUIRED_MAJOR ? undefined : `Townhall needs Node.js ${REQUIRED_MAJOR} or newer; this is v${version}`;
}

const problem = nodeVersionProblem();
if (problem) {
  console.error(problem);
  process.exit(1);
}
