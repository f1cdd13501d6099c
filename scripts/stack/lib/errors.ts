// One error type for everything that should stop `up`: the CLI prints `message`, the
// component's name and the tail of `logFile`, then exits 1. Library callers (the test
// runner) get the same information in the thrown error.
export class StackError extends Error {
  constructor(
    message: string,
    readonly details: { component?: string; logFile?: string } = {},
  ) {
    super(message);
    this.name = 'StackError';
  }
}
