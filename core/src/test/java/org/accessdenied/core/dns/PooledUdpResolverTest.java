package org.accessdenied.core.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

import org.accessdenied.core.TestDns;
import org.accessdenied.testkit.FaultyDnsProxy;

class PooledUdpResolverTest {
    private static Message question(String name) {
        return Message.newQuery(Record.newRecord(Name.fromConstantString(name), Type.A, DClass.IN));
    }

    @Test
    void resolverShouldOpenANewRandomPortEveryQuestionsPerPortQuestions() throws Exception {
        try (FaultyDnsProxy proxy = TestDns.proxy();
             PooledUdpResolver resolver = new PooledUdpResolver(new InetSocketAddress("127.0.0.1", proxy.port()), TestDns.TIMEOUT, 8)) {
            List<CompletableFuture<Message>> answers = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                answers.add(resolver.sendAsync(question("mx.example.test.")).toCompletableFuture());
            }
            for (CompletableFuture<Message> answer : answers) {
                Message m = answer.get(5, TimeUnit.SECONDS);
                assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
                assertThat(m.getSection(Section.ANSWER)).extracting(r -> ((ARecord) r).getAddress().getHostAddress()).containsExactly("192.0.2.1");
            }
            assertThat(resolver.portsOpened()).isEqualTo(3);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (resolver.openPorts() > 1 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(resolver.openPorts()).as("retired sockets with nothing in flight are closed").isEqualTo(1);
        }
    }

    @Test
    void answerShouldKeepTheCallersIdWhenTheWireUsedARandomOne() throws Exception {
        try (FaultyDnsProxy proxy = TestDns.proxy();
             PooledUdpResolver resolver = new PooledUdpResolver(new InetSocketAddress("127.0.0.1", proxy.port()), TestDns.TIMEOUT, 8)) {
            Message query = question("mx.example.test.");
            Message answer = resolver.sendAsync(query).toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertThat(answer.getHeader().getID()).isEqualTo(query.getHeader().getID());
        }
    }

    /**
     * Forged answers cannot be produced by nsd: a server of the test's own sends, for each question, an answer with
     * the wrong id, one to another question, one from another port, and only then the right answer.
     */
    @Test
    void resolverShouldTakeOnlyTheAnswerWithTheRightIdQuestionAndSource() throws Exception {
        List<Integer> sourcePorts = new CopyOnWriteArrayList<>();
        try (DatagramSocket server = new DatagramSocket(0, InetAddress.getLoopbackAddress());
             DatagramSocket impostor = new DatagramSocket(0, InetAddress.getLoopbackAddress());
             PooledUdpResolver resolver = new PooledUdpResolver(new InetSocketAddress("127.0.0.1", server.getLocalPort()),
                 Duration.ofSeconds(2), 8)) {
            Thread serverThread = new Thread(() -> {
                byte[] buffer = new byte[4096];
                try {
                    while (true) {
                        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                        server.receive(packet);
                        sourcePorts.add(packet.getPort());
                        Message query = new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
                        Message wrongId = answer(query, "192.0.2.66");
                        wrongId.getHeader().setID((query.getHeader().getID() + 1) & 0xffff);
                        Message otherQuestion = answer(query, "192.0.2.67");
                        otherQuestion.removeAllRecords(Section.QUESTION);
                        otherQuestion.addRecord(Record.newRecord(Name.fromConstantString("other.example.test."), Type.A, DClass.IN), Section.QUESTION);
                        send(impostor, answer(query, "192.0.2.68"), packet);
                        send(server, wrongId, packet);
                        send(server, otherQuestion, packet);
                        send(server, answer(query, "192.0.2.1"), packet);
                    }
                } catch (Exception closed) {
                    // the test is over
                }
            });
            serverThread.setDaemon(true);
            serverThread.start();
            Message answer = resolver.sendAsync(question("mx.example.test.")).toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertThat(answer.getSection(Section.ANSWER)).extracting(r -> ((ARecord) r).getAddress().getHostAddress())
                .containsExactly("192.0.2.1");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (resolver.rejected() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(resolver.rejected()).isEqualTo(3);
            assertThat(sourcePorts.get(0)).isBetween(1024, 65535);
        }
    }

    @Test
    void questionShouldTimeOutWhenNoAnswerComes() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress());
             PooledUdpResolver resolver = new PooledUdpResolver(new InetSocketAddress("127.0.0.1", silent.getLocalPort()),
                 Duration.ofMillis(300), 8)) {
            CompletableFuture<Message> answer = resolver.sendAsync(question("mx.example.test.")).toCompletableFuture();
            assertThat(answer).failsWithin(Duration.ofSeconds(2)).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withCauseInstanceOf(java.net.SocketTimeoutException.class);
        }
    }

    @Test
    void idsOnOnePortShouldDifferWhileInFlight() throws Exception {
        Set<Integer> ids = new HashSet<>();
        try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress());
             PooledUdpResolver resolver = new PooledUdpResolver(new InetSocketAddress("127.0.0.1", silent.getLocalPort()),
                 Duration.ofMillis(500), 8)) {
            for (int i = 0; i < 8; i++) {
                resolver.sendAsync(question("q" + i + ".example.test."));
            }
            silent.setSoTimeout(1000);
            byte[] buffer = new byte[4096];
            for (int i = 0; i < 8; i++) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                silent.receive(packet);
                ids.add(new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength())).getHeader().getID());
            }
        }
        assertThat(ids).hasSize(8);
    }

    private static Message answer(Message query, String address) throws Exception {
        Message answer = new Message(query.getHeader().getID());
        answer.getHeader().setFlag(Flags.QR);
        answer.addRecord(query.getQuestion(), Section.QUESTION);
        answer.addRecord(new ARecord(query.getQuestion().getName(), DClass.IN, 60, InetAddress.getByName(address)), Section.ANSWER);
        return answer;
    }

    private static void send(DatagramSocket from, Message message, DatagramPacket to) throws Exception {
        byte[] wire = message.toWire();
        from.send(new DatagramPacket(wire, wire.length, to.getSocketAddress()));
    }
}
