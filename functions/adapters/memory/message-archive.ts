import type {
  ArchivedMessage,
  ArchiveEntry,
  MessageArchive,
} from '../../core/ports/message-archive.js';

/** The archive in memory, for tests and the in-process route tests. */
export function createMemoryMessageArchive(): MessageArchive & {
  /** Replaces kept bytes (tests of the verifier only). */
  tamper(sha256: string, bytes: Uint8Array): void;
} {
  const messages = new Map<string, ArchivedMessage>();
  const parties = new Map<string, Set<string>>();
  const days = new Map<string, Set<string>>();
  return {
    async keep(entry: ArchiveEntry) {
      if (!messages.has(entry.sha256))
        messages.set(entry.sha256, {
          sha256: entry.sha256,
          bytes: Uint8Array.from(entry.bytes),
          mediaType: entry.mediaType,
        });
      parties.set(entry.sha256, (parties.get(entry.sha256) ?? new Set()).add(entry.partyId));
      const day = entry.at.slice(0, 10);
      days.set(day, (days.get(day) ?? new Set()).add(entry.sha256));
    },
    async read(sha256, partyId) {
      const message = messages.get(sha256);
      if (!message) return undefined;
      if (partyId !== undefined && !parties.get(sha256)?.has(partyId)) return undefined;
      return message;
    },
    async digestsOfDay(day) {
      return [...(days.get(day) ?? [])].sort();
    },
    tamper(sha256, bytes) {
      const message = messages.get(sha256);
      if (message) messages.set(sha256, { ...message, bytes });
    },
  };
}
