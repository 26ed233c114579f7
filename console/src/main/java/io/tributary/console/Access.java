package io.tributary.console;

import com.sun.net.httpserver.HttpExchange;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Who may use the console. Bound to loopback, anyone who can reach it: the machine's own users. Bound to any
 * other address, only a client that shows the token: as {@code Authorization: Bearer <token>}, or with the
 * session cookie the login form sets (an HMAC of the token, so the cookie does not carry the token itself).
 */
public final class Access {
    /** The session cookie's name. */
    public static final String COOKIE = "tributary_console";

    private final byte[] token;
    private final String session;

    private Access(String token) {
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
        this.session = token == null ? null : sessionOf(token);
    }

    /** No token: only for a console bound to loopback. */
    public static Access open() {
        return new Access(null);
    }

    /** A token for every request. */
    public static Access token(String token) {
        if (token == null || token.length() < 16) {
            throw new IllegalArgumentException("the console token must have at least 16 characters");
        }
        return new Access(token);
    }

    /**
     * The access a console bound to {@code host} needs: open on a loopback address, else the token.
     *
     * @throws IllegalArgumentException when the host is not loopback and no token is given, naming what to set
     */
    public static Access forBind(String host, Optional<String> token) {
        if (token.isPresent()) {
            return token(token.get());
        }
        if (isLoopback(host)) {
            return open();
        }
        throw new IllegalArgumentException("the console is bound to " + host
                + ", which is not loopback: set TRIBUTARY_CONSOLE_TOKEN (at least 16 characters) so that it asks for it");
    }

    static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    public boolean required() {
        return token != null;
    }

    /** Whether this request may read and change what the console offers. */
    boolean allows(HttpExchange exchange) {
        if (token == null) {
            return true;
        }
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        if (auth != null && auth.startsWith("Bearer ")
                && MessageDigest.isEqual(token, auth.substring(7).strip().getBytes(StandardCharsets.UTF_8))) {
            return true;
        }
        String cookies = exchange.getRequestHeaders().getFirst("Cookie");
        if (cookies != null) {
            for (String c : cookies.split(";")) {
                String[] kv = c.strip().split("=", 2);
                if (kv.length == 2 && kv[0].equals(COOKIE) && MessageDigest.isEqual(
                        session.getBytes(StandardCharsets.UTF_8), kv[1].getBytes(StandardCharsets.UTF_8))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether {@code candidate} is the token (constant time). */
    boolean matches(String candidate) {
        return token != null && MessageDigest.isEqual(token, candidate.getBytes(StandardCharsets.UTF_8));
    }

    /** The session cookie's value once the token was shown. */
    String session() {
        return session;
    }

    private static String sessionOf(String token) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal("tributary-console-session".getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
