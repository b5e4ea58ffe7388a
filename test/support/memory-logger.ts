import type { Logger } from '../../functions/handlers/logger.js';

/** A logger that keeps what it is told, for assertions and a quiet test run. */
export interface MemoryLogger extends Logger {
  lines: { level: string; message: string; context?: Record<string, unknown> }[];
}

export function memoryLogger(): MemoryLogger {
  const lines: MemoryLogger['lines'] = [];
  const at = (level: string) => (message: string, context?: Record<string, unknown>) => {
    lines.push({ level, message, ...(context ? { context } : {}) });
  };
  return { lines, error: at('error'), warn: at('warn'), info: at('info') };
}
