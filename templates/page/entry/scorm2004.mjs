/* The page shell of a scorm2004 package: the page with the scorm2004 run-time. */
import { scorm2004 } from '../adapters/scorm2004.mjs';
import { run } from '../main.mjs';

run(scorm2004);
