/**
 * Refusals and bad input, in a module of their own: the gate on the way out and the guards both raise
 * them, and neither may depend on the command module that depends on them.
 */

/** Error codes of refusals and bad input; each becomes one clear reply. */
export type CommandErrorCode =
  | 'UNKNOWN_COMMAND'
  | 'INVALID_ARGS'
  | 'FORBIDDEN'
  | 'NO_TEAM'
  | 'WRONG_CHAT'
  | 'NOT_FOUND'
  | 'CONFLICT';

/** A refusal or bad input; the message is already in the user's language and safe to show. */
export class CommandError extends Error {
  override name = 'CommandError';
  constructor(
    readonly code: CommandErrorCode,
    message: string,
    /** The argument the error is about, so that a form can show it beside that field. */
    readonly field?: string,
  ) {
    super(message);
  }
}
