/** node:stream/web, loaded on first use (./lazy.ts). */
import { lazyValue } from './lazy.js';

export const ReadableStream = lazyValue(
  () => process.getBuiltinModule('node:stream/web').ReadableStream,
);
