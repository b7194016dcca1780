package dev.nodescope.rpc;

import dev.nodescope.error.UserException;

/**
 * An RPC call that did not give an answer, said in one line: what went wrong and what to do. The
 * kind lets callers (and tests) tell the cases apart without parsing the message.
 */
public final class RpcException extends UserException {
    /** Why a call failed. */
    public enum Kind {
        /** Nothing listens there, or it did not answer in time. */
        UNREACHABLE,
        /** No usable credentials, or the node refused them (HTTP 401). */
        CREDENTIALS,
        /** The user may not call this method: rpcwhitelist (HTTP 403). */
        NOT_WHITELISTED,
        /** The node does not know the method (too old, or a build without it). */
        METHOD_NOT_FOUND,
        /** The node answered with an RPC error, or with something that is not JSON-RPC. */
        ERROR
    }

    private final Kind kind;
    private final int code;

    public RpcException(Kind kind, String message) {
        this(kind, 0, message);
    }

    public RpcException(Kind kind, int code, String message) {
        super(message);
        this.kind = kind;
        this.code = code;
    }

    public Kind kind() {
        return kind;
    }

    /** The node's RPC error code, 0 when the failure was not an RPC error. */
    public int code() {
        return code;
    }
}
