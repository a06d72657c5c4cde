package dev.caisson.engine.portmap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.BindException;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;

import dev.caisson.engine.ConflictException;
import dev.caisson.engine.InvalidArgumentException;
import dev.caisson.engine.portmap.PortReservations.Reservation;

/** Host ports are taken by binding them, so a port in use can never be handed out. */
class PortReservationsTest {
    private final PortReservations ports = new PortReservations();

    @Test
    void ephemeralPortsComeInOrderFromTheKernelsRangeSkippingPortsInUse() throws IOException {
        Reservation first = ports.reserve(PortBinding.of("", 0, 80, Protocol.TCP));
        try (ServerSocket squatter = occupy(first.port() + 1)) {
            Reservation second = ports.reserve(PortBinding.of("", 0, 80, Protocol.TCP));
            assertTrue(second.port() > first.port() && second.port() <= ports.rangeEnd(), first + " then " + second);
            if (squatter != null) {
                assertNotEquals(first.port() + 1, second.port(), "in use by another program");
            }
            assertThrows(BindException.class, () -> new ServerSocket(second.port()).close(), "held while reserved");
            second.release();
            new ServerSocket(second.port()).close();
        } finally {
            first.release();
        }
    }

    @Test
    void aRangeGivesItsFirstFreePortAndAFixedPortInUseIsAConflict() throws IOException {
        try (ServerSocket taken = new ServerSocket(0)) {
            int p = taken.getLocalPort();
            ConflictException e = assertThrows(ConflictException.class,
                    () -> ports.reserve(PortBinding.of("", p, 80, Protocol.TCP)));
            assertEquals("failed to bind host port 0.0.0.0:" + p + "/tcp: address already in use", e.getMessage());
            Reservation r = ports.reserve(new PortBinding("", p, Math.min(p + 20, 65535), 80, Protocol.TCP));
            assertTrue(r.port() > p);
            r.release();
            Reservation udp = ports.reserve(PortBinding.of("", p, 53, Protocol.UDP)); // TCP and UDP ports are apart
            assertEquals(p, udp.port());
            udp.release();
        }
    }

    @Test
    void anAddressTheHostDoesNotHaveIsRefused() {
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
                () -> ports.reserve(PortBinding.of("192.0.2.254", 0, 80, Protocol.TCP)));
        assertTrue(e.getMessage().endsWith("cannot assign requested address"), e.getMessage());
    }

    private static ServerSocket occupy(int port) {
        try {
            return new ServerSocket(port);
        } catch (IOException e) {
            return null; // in use already: just as good
        }
    }
}
