import { fileURLToPath } from 'node:url';

/** The standard suite, run by `npm run bench` without `--scenario`, in report order. */
export const STANDARD_SUITE = [
  'steady-state',
  'regional-outage',
  'partial-degradation',
  'campaign-burst',
  'time-of-day',
  'price-change',
  'new-operator',
  'sms-pumping',
] as const;

const scenarioFile = (name: string): string => fileURLToPath(new URL(`../scenarios/${name}.json`, import.meta.url));

/** Absolute paths of the standard suite's scenario files. */
export const STANDARD_SUITE_FILES: readonly string[] = STANDARD_SUITE.map(scenarioFile);

/** The CI smoke fixture: the whole harness in a few seconds; not part of the suite. */
export const TINY_SCENARIO_FILE = scenarioFile('tiny');
