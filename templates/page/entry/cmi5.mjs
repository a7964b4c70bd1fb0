/* The page shell of a cmi5 package: the page with the cmi5 run-time. */
import { cmi5 } from '../adapters/cmi5.mjs';
import { run } from '../main.mjs';

run(cmi5);
