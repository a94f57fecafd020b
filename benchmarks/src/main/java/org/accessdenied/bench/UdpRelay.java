package org.accessdenied.bench;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A transparent UDP relay: James's own DNS service (configuration (b)) can only talk to port 53, the testkit's
 * nsd and fault-injecting proxy run on free high ports. The relay listens on 127.0.0.53:53 (root needed) and passes
 * each datagram to the proxy, answers back. It adds no delay and drops nothing itself.
 */
public final class UdpRelay implements AutoCloseable {
    private final DatagramSocket socket;
    private final InetSocketAddress upstream;
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "udp-relay-worker");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean running = true;

    public UdpRelay(InetSocketAddress listen, InetSocketAddress upstream) throws IOException {
        this.upstream = upstream;
        this.socket = new DatagramSocket(listen);
        Thread receiver = new Thread(this::receive, "udp-relay");
        receiver.setDaemon(true);
        receiver.start();
    }

    private void receive() {
        byte[] buffer = new byte[4096];
        while (running) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (IOException e) {
                if (!running) {
                    return;
                }
                continue;
            }
            byte[] query = Arrays.copyOf(packet.getData(), packet.getLength());
            SocketAddress client = packet.getSocketAddress();
            workers.execute(() -> forward(query, client));
        }
    }

    private void forward(byte[] query, SocketAddress client) {
        try (DatagramSocket up = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            up.setSoTimeout(10_000);
            up.send(new DatagramPacket(query, query.length, upstream));
            byte[] buffer = new byte[4096];
            DatagramPacket answer = new DatagramPacket(buffer, buffer.length);
            up.receive(answer);
            socket.send(new DatagramPacket(answer.getData(), answer.getLength(), client));
        } catch (IOException e) {
            // the proxy dropped it (simulated loss): so do we
        }
    }

    @Override
    public void close() {
        running = false;
        socket.close();
        workers.shutdownNow();
    }
}
