package org.vaurien;

/**
 * A user's mistake (a flag, a behavior mix, a config line, an API body): its message is written
 * for that user, names the offending part, and is shown without a stack trace.
 */
public class BadInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BadInputException(String message) {
        super(message);
    }

    /** The same mistake, with where it was found ("vaurien.ini:12") put in front. */
    public BadInputException at(String where) {
        return new BadInputException(where + ": " + getMessage());
    }
}
