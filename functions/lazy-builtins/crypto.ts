/** node:crypto, loaded on first use (./lazy.ts). */
import { lazyModule, lazyValue } from './lazy.js';

const crypto = () => process.getBuiltinModule('node:crypto');

export const createCipheriv = lazyValue(() => crypto().createCipheriv);
export const createDecipheriv = lazyValue(() => crypto().createDecipheriv);
export const createHash = lazyValue(() => crypto().createHash);
export const randomBytes = lazyValue(() => crypto().randomBytes);
export const randomInt = lazyValue(() => crypto().randomInt);
export const timingSafeEqual = lazyValue(() => crypto().timingSafeEqual);
export default lazyModule(crypto);
