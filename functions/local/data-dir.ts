/**
 * Where the local runtime keeps what must survive a restart: the development
 * signing key and DynamoDB Local's database. Git-ignored (`.local/`).
 */
import { fileURLToPath } from 'node:url';

/** `.local/` at the repository root, whatever the working directory. */
export const DEFAULT_DATA_DIR = fileURLToPath(new URL('../../.local/', import.meta.url));
