// Entry of dist/graph/child.cjs (scripts/build.js).
import { main } from './child';

void main();
