/** An admin command's failure, reported as is: the message, and the exit code (1 unless said otherwise). */
export class AdminError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}
