package dev.nodescope.cli;

import dev.nodescope.error.UserException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.nodescope.hex.Hex;
import dev.nodescope.p2p.DecodeResult;
import dev.nodescope.p2p.P2pDecoder;
import dev.nodescope.p2p.P2pJson;
import dev.nodescope.p2p.P2pMessage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code nodescope decode MSG_TYPE [HEX|-]}: one P2P payload as JSON, like bitcoin-cli decoderawtransaction. */
@Command(name = "decode", mixinStandardHelpOptions = true,
        description = "Decode one P2P message payload (hex, or - for standard input) and print it as JSON.")
final class DecodeCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MSG_TYPE", description = "Message type, e.g. tx, block, version, addrv2.")
    String msgType;

    @Parameters(index = "1", arity = "0..1", paramLabel = "HEX|-",
            description = "The payload in hex (without the 24-byte message header); - reads it from standard input.")
    String hex;

    @Override
    public Integer call() throws IOException {
        if (hex == null) {
            // only an explicit - reads standard input: otherwise a forgotten argument would wait on the terminal
            throw new UserException("give the " + msgType + " payload as hex digits, or - to read them from standard input"
                    + " (e.g. nodescope decode ping 0102030405060708)");
        }
        String text = "-".equals(hex) ? new String(System.in.readAllBytes(), StandardCharsets.US_ASCII) : hex;
        text = text.strip();
        byte[] payload;
        try {
            payload = Hex.decode(text);
        } catch (IllegalArgumentException e) {
            throw new UserException("the payload is not hex (" + e.getMessage() + "): give the message's payload as hex digits");
        }
        DecodeResult result = P2pDecoder.decode(msgType, payload, payload.length);
        if (result.message() instanceof P2pMessage.Unknown) {
            throw new UserException("'" + msgType + "' is not a P2P message type nodescope decodes (e.g. tx, block,"
                    + " version, addrv2, ping; the list is in docs/p2p-decoding.md)");
        }
        PrintStream out = System.out;
        try (JsonGenerator g = new JsonFactory().createGenerator(out).useDefaultPrettyPrinter()) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartObject();
            P2pJson.writeFields(g, result);
            g.writeEndObject();
        }
        out.println();
        out.flush();
        if (result.error() != null) {
            System.err.println("nodescope: " + msgType + " payload does not decode: " + result.error().reason() + " (at byte "
                    + result.error().offset() + ")");
            return Main.EXIT_FAILURE;
        }
        return 0;
    }
}
