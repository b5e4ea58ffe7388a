/** node:stream/promises, loaded on first use (./lazy.ts). */
import { lazyValue } from './lazy.js';

export const pipeline = lazyValue(() => process.getBuiltinModule('node:stream/promises').pipeline);
