package io.tributary.export.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on loopback in front of an S3 server that injects faults into new connections: a 503 SlowDown
 * answer, a connection reset (RST), or a 403 AccessDenied answer. Other connections are piped through
 * untouched, so request signatures stay valid. {@link #inject} drops every open connection first, so that the
 * client's next requests open new ones and meet the faults. Bounded: it serves only while open.
 */
public final class FaultProxy implements AutoCloseable {
    /** What a faulty connection does. */
    public enum Fault {
        SLOW_DOWN(503, "SlowDown", "Please reduce your request rate."),
        RESET(0, "", ""),
        ACCESS_DENIED(403, "AccessDenied", "Access Denied");

        final int status;
        final String code;
        final String message;

        Fault(int status, String code, String message) {
            this.status = status;
            this.code = code;
            this.message = message;
        }
    }

    private final ServerSocket server;
    private final int upstreamPort;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fault-proxy");
        t.setDaemon(true);
        return t;
    });
    private final Deque<Fault> pending = new ArrayDeque<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger delivered = new AtomicInteger();

    private FaultProxy(ServerSocket server, int upstreamPort) {
        this.server = server;
        this.upstreamPort = upstreamPort;
    }

    /** Starts a proxy on a free loopback port forwarding to {@code 127.0.0.1:upstreamPort}. */
    public static FaultProxy start(int upstreamPort) throws IOException {
        FaultProxy proxy = new FaultProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), upstreamPort);
        proxy.threads.execute(proxy::acceptLoop);
        return proxy;
    }

    public int port() {
        return server.getLocalPort();
    }

    /** The next {@code connections} new connections fail with {@code fault}; open connections are dropped now. */
    public void inject(Fault fault, int connections) {
        synchronized (pending) {
            for (int i = 0; i < connections; i++) {
                pending.addLast(fault);
            }
        }
        for (Socket s : List.copyOf(open)) {
            closeQuietly(s);
        }
    }

    /** Faults delivered so far. */
    public int delivered() {
        return delivered.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Fault fault;
                synchronized (pending) {
                    fault = pending.pollFirst();
                }
                threads.execute(() -> serve(client, fault));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client, Fault fault) {
        try {
            if (fault == null) {
                pipe(client);
                return;
            }
            String head = readHead(client.getInputStream());
            delivered.incrementAndGet();
            if (fault == Fault.RESET) {
                client.setSoLinger(true, 0);
                client.close();
                return;
            }
            if (!head.toLowerCase(Locale.ROOT).contains("expect: 100-continue")) {
                client.getInputStream().readNBytes((int) contentLength(head));
            }
            byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + fault.code + "</Code><Message>"
                    + fault.message + "</Message></Error>").getBytes(StandardCharsets.UTF_8);
            OutputStream out = client.getOutputStream();
            out.write(("HTTP/1.1 " + fault.status + " " + fault.code + "\r\nContent-Type: application/xml\r\n"
                    + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            client.close();
        } catch (IOException e) {
            closeQuietly(client);
        }
    }

    private void pipe(Socket client) throws IOException {
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
        open.add(client);
        open.add(upstream);
        threads.execute(() -> copy(upstream, client));
        copy(client, upstream);
    }

    private void copy(Socket from, Socket to) {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // the other side or inject() closed it
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    private static long contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Long.parseLong(line.substring("content-length:".length()).trim());
            }
        }
        return 0;
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        open.forEach(FaultProxy::closeQuietly);
        threads.shutdownNow();
    }
}
