/* The page shell of a scorm12 package: the page with the scorm12 run-time. */
import { scorm12 } from '../adapters/scorm12.mjs';
import { run } from '../main.mjs';

run(scorm12);
