/** node:stream, loaded on first use (./lazy.ts). */
import { lazyValue } from './lazy.js';

export const Readable = lazyValue(() => process.getBuiltinModule('node:stream').Readable);
