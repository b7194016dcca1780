package dev.nodescope.extract;

import java.io.IOException;

/**
 * The file is not an ELF file this tool can read: not ELF at all, truncated or corrupt, or built
 * for another class, byte order or machine than 64-bit little-endian x86-64. The message is one
 * line that names the file and says what is wrong, fit to show to a user as is.
 */
public class NotAnElfException extends IOException {

    public NotAnElfException(String message) {
        super(message);
    }
}
