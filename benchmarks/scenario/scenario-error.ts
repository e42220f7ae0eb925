/** An invalid scenario: every problem found, each as `path: message` (e.g. `traffic.countries.DE.share: must be > 0`). */
export class ScenarioError extends Error {
  readonly issues: readonly string[];

  constructor(source: string, issues: readonly string[]) {
    super(`invalid scenario ${source}:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
    this.name = 'ScenarioError';
    this.issues = issues;
  }
}
