import { describe, expect, it } from 'vitest';
import { OperatorAdmission } from './operator-admission.js';

describe('OperatorAdmission', () => {
  it('gives the first operators of a country a segment each and routes later ones as unknown', () => {
    const ops = new OperatorAdmission(2);
    expect([ops.admit('DE', '262-01'), ops.admit('DE', '262-02'), ops.admit('DE', '262-03')]).toEqual([
      '262-01',
      '262-02',
      'unknown',
    ]);
    // Admitted ones stay admitted; other countries have their own slots; unknown is always unknown.
    expect([ops.admit('DE', '262-01'), ops.admit('FR', '208-01'), ops.admit('FR', 'unknown')]).toEqual([
      '262-01',
      '208-01',
      'unknown',
    ]);
  });
});
