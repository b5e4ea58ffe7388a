/**
 * A fresh local gateway has an empty registry, and only an admin may register parties:
 * seed the first admin so `npm run token -- --party admin --role admin` works at once.
 */
import type { PartyStore } from '../core/ports/parties.js';
import type { Clock } from '../core/time.js';
import { formatInstant } from '../core/time.js';

export const ADMIN_PARTY_ID = 'admin';

/** Registers party `admin` (role admin, client `admin`) unless it exists; true when it was created. */
export async function seedAdminParty(store: PartyStore, now: Clock): Promise<boolean> {
  if (await store.getParty(ADMIN_PARTY_ID)) return false;
  const at = formatInstant(now().getTime());
  await store.putParty({
    id: ADMIN_PARTY_ID,
    clientId: ADMIN_PARTY_ID,
    role: 'admin',
    name: 'Local administrator',
    createdAt: at,
    updatedAt: at,
  });
  return true;
}
