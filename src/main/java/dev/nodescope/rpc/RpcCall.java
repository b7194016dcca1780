package dev.nodescope.rpc;

import java.util.List;

/** One method call with its positional parameters (numbers, strings, booleans). */
public record RpcCall(String method, List<Object> params) {
    public RpcCall {
        params = List.copyOf(params);
    }

    public static RpcCall of(String method, Object... params) {
        return new RpcCall(method, List.of(params));
    }
}
