/* The page shell of a web package: the page with the web run-time. */
import { web } from '../adapters/web.mjs';
import { run } from '../main.mjs';

run(web);
