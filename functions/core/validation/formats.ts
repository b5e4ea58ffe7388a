/**
 * The string formats our schemas use, as the precompiled validators call them
 * (`formats["date-time-with-offset"].validate(…)`).
 */
import formatsModule from 'ajv-formats/dist/formats.js';
import { isTimestampWithOffset } from '../time.js';

export const formats = {
  date: formatsModule.fullFormats.date,
  'date-time-with-offset': { type: 'string', validate: isTimestampWithOffset },
} as const;
