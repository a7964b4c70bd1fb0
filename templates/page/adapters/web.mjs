/* The web export: no LMS, progress in the browser. */
import { local } from './local.mjs';

export var web = local('web_progress');
