// Errors a fixed-header session (CMPP, SGIP, SMGP) rejects requests with.

export class SessionClosedError extends Error {
  constructor(readonly reason: string) {
    super(`session closed: ${reason}`);
    this.name = 'SessionClosedError';
  }
}

export class NotReadyError extends Error {
  constructor(command: string, state: string) {
    super(`cannot send ${command} while the session is ${state}`);
    this.name = 'NotReadyError';
  }
}

/** A response with a non-zero status; `status` is the protocol's own code. */
export class ResponseStatusError extends Error {
  constructor(
    readonly command: string,
    readonly status: number,
    readonly response: unknown,
  ) {
    super(`${command} answered with status ${status}`);
    this.name = 'ResponseStatusError';
  }
}

export class DrainTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`peer did not read for ${timeoutMs} ms`);
    this.name = 'DrainTimeoutError';
  }
}
