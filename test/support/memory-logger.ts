import type { Logger } from '../../functions/handlers/logger.js';

/** A logger that keeps what it is told, for assertions and a quiet test run. */
export interface MemoryLogger extends Logger {
  lines: {
    level: string;
    message: string;
    context?: Record<string, unknown>;
    /** The invocation keys (request id) in force when the line was written. */
    keys?: Record<string, string>;
  }[];
}

export function memoryLogger(): MemoryLogger {
  const lines: MemoryLogger['lines'] = [];
  let keys: Record<string, string> = {};
  const at = (level: string) => (message: string, context?: Record<string, unknown>) => {
    lines.push({
      level,
      message,
      ...(context ? { context } : {}),
      ...(Object.keys(keys).length > 0 ? { keys: { ...keys } } : {}),
    });
  };
  return {
    lines,
    error: at('error'),
    warn: at('warn'),
    info: at('info'),
    appendKeys: (more) => {
      keys = { ...keys, ...more };
    },
    resetKeys: () => {
      keys = {};
    },
  };
}
