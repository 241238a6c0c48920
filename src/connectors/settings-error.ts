// The error a connector's settings validation raises: names the offending field and the rule it broke.

export class ConnectorSettingsError extends Error {
  /** Dotted path of the field, e.g. "port" or "statusOverrides.0x58". */
  readonly field: string;

  constructor(field: string, rule: string) {
    super(`${field}: ${rule}`);
    this.name = 'ConnectorSettingsError';
    this.field = field;
  }
}

/** Small readers shared by the connectors' settings parsers; each throws naming the field. */
export const read = {
  string(input: Record<string, unknown>, field: string, fallback?: string): string {
    const value = input[field] ?? fallback;
    if (typeof value !== 'string') throw new ConnectorSettingsError(field, fallback === undefined ? 'is required and must be a string' : 'must be a string');
    return value;
  },
  integer(input: Record<string, unknown>, field: string, fallback: number | undefined, min: number, max: number): number {
    const value = input[field] ?? fallback;
    if (typeof value !== 'number' || !Number.isInteger(value)) throw new ConnectorSettingsError(field, fallback === undefined ? 'is required and must be an integer' : 'must be an integer');
    if (value < min || value > max) throw new ConnectorSettingsError(field, `must be between ${min} and ${max}, got ${value}`);
    return value;
  },
  boolean(input: Record<string, unknown>, field: string, fallback: boolean): boolean {
    const value = input[field] ?? fallback;
    if (typeof value !== 'boolean') throw new ConnectorSettingsError(field, 'must be true or false');
    return value;
  },
  oneOf<T extends string>(input: Record<string, unknown>, field: string, fallback: T, allowed: readonly T[]): T {
    const value = input[field] ?? fallback;
    if (typeof value !== 'string' || !allowed.includes(value as T)) throw new ConnectorSettingsError(field, `must be one of ${allowed.join(', ')}`);
    return value as T;
  },
};

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
