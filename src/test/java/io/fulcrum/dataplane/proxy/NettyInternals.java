package io.fulcrum.dataplane.proxy;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

/**
 * The private state of a session's two Netty channels (primitive fields, by reflection: io_uring's {@code ioState},
 * outstanding reads and writes, {@code readPending}...), for a failure message when a relay stalls. Diagnostics only:
 * a Netty that renamed its fields just shows fewer of them.
 */
final class NettyInternals {

    private NettyInternals() {
    }

    static String describe(TcpSession s) {
        StringBuilder sb = new StringBuilder();
        for (String side : List.of("client", "server")) {
            Object ch = field(s, TcpSession.class, side);
            sb.append(side).append(" channel {").append(ch == null ? "none" : primitives(ch)).append("} ");
        }
        return sb.toString().trim();
    }

    private static String primitives(Object ch) {
        List<String> out = new ArrayList<>();
        for (Class<?> c = ch.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers()) && f.getType().isPrimitive()) {
                    out.add(f.getName() + "=" + field(ch, c, f.getName()));
                }
            }
        }
        return String.join(", ", out);
    }

    private static Object field(Object o, Class<?> c, String name) {
        try {
            Field f = c.getDeclaredField(name);
            f.setAccessible(true);
            return f.get(o);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "?";
        }
    }
}
