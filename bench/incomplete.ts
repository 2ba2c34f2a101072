/** A benchmark that stopped short: the harness keeps the figures it reached and fails the run. */
export class IncompleteBenchmark extends Error {
  constructor(
    message: string,
    readonly figures: Record<string, number>,
  ) {
    super(message);
  }
}
