import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GENERATED_XSD_PATH, generateXsdModule } from '../../../scripts/generate-xsd-module.js';

describe('embedded XSDs', () => {
  it('match schemas/*.xsd (run `npm run generate:xsd` after changing one)', () => {
    expect(
      generateXsdModule() === readFileSync(GENERATED_XSD_PATH, 'utf8'),
      'xsd.generated.ts is stale',
    ).toBe(true);
  });
});
