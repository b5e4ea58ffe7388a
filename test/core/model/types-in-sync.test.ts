import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GENERATED_TYPES_PATH, generateTypes } from '../../../scripts/generate-types.js';

describe('types.generated.ts', () => {
  it('is what the schemas generate today', async () => {
    // Arrange
    const committed = readFileSync(GENERATED_TYPES_PATH, 'utf8');

    // Act
    const generated = await generateTypes();

    // Assert
    expect(
      committed,
      'functions/core/model/types.generated.ts is stale: run npm run generate:types',
    ).toBe(generated);
  });
});
