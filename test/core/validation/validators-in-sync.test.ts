import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  GENERATED_VALIDATORS_PATH,
  generateValidators,
} from '../../../scripts/generate-validators.js';

describe('precompiled validators', () => {
  it('match the schemas (run `npm run generate:validators` after changing a schema)', () => {
    const committed = readFileSync(GENERATED_VALIDATORS_PATH, 'utf8');

    const regenerated = generateValidators();

    expect(
      regenerated === committed,
      'functions/core/validation/validators.generated.ts is stale',
    ).toBe(true);
  });
});
