package io.fulcrum.cli;

import java.util.Locale;
import picocli.CommandLine;

/**
 * {@code fulcrum run --proxy-io}: which of Netty's transports the user-space proxy runs on. {@link #AUTO} takes
 * io_uring, else native epoll, else Java NIO; the others ask for one, with a fallback (said in the log) when it is
 * unavailable.
 */
public enum ProxyIo {
    AUTO, IO_URING, EPOLL, NIO;

    /** The option's value: auto, io_uring, epoll or nio. */
    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads {@code --proxy-io VALUE} (any case). */
    static final class Converter implements CommandLine.ITypeConverter<ProxyIo> {
        @Override
        public ProxyIo convert(String value) {
            for (ProxyIo io : values()) {
                if (io.keyword().equalsIgnoreCase(value)) {
                    return io;
                }
            }
            throw new CommandLine.TypeConversionException("'" + value + "' is not a proxy transport: use auto,"
                    + " io_uring, epoll or nio");
        }
    }

    /** The completion candidates and help: auto, io_uring, epoll, nio. */
    static final class Candidates implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return java.util.Arrays.stream(values()).map(ProxyIo::keyword).iterator();
        }
    }
}
