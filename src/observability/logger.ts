// The platform's logger: pino, JSON lines on stdout; message text is never logged.
import pino, { type Logger } from 'pino';

export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'kuaixin' }, redact: { paths: ['*.text', '*.password', '*.apiKey'], censor: '[redacted]' } });
}
