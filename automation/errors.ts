/**
 * A request the module refuses before it does anything (a bad stack name, a missing work directory, an
 * unusable Pulumi CLI path, no passphrase, an unreadable stack file): the message says what was given and
 * what to do, so callers and the npm commands show it as it is, without a stack trace.
 */
export class StackOptionError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "StackOptionError";
    }
}
