package org.vaurien.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.activation.DataHandler;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** GreenMail's SMTP server behind {@code vaurien --protocol smtp}, with Jakarta Mail as the client. */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class SmtpTest {
    private GreenMail greenMail;

    @BeforeEach
    void start() {
        greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        greenMail.start();
    }

    @AfterEach
    void stop() {
        greenMail.stop();
    }

    private VaurienProcess proxy(String... more) throws IOException {
        return VaurienProcess.proxy(greenMail.getSmtp().getPort(), "smtp", more);
    }

    private static Session session(int port, int timeoutMillis) {
        Properties p = new Properties();
        p.put("mail.smtp.host", "127.0.0.1");
        p.put("mail.smtp.port", Integer.toString(port));
        p.put("mail.smtp.timeout", Integer.toString(timeoutMillis));
        p.put("mail.smtp.connectiontimeout", "5000");
        return Session.getInstance(p);
    }

    private static MimeMessage mail(Session session, String subject, String body) throws MessagingException {
        MimeMessage m = new MimeMessage(session);
        m.setFrom("sender@vaurien.test");
        m.setRecipients(Message.RecipientType.TO, "to@vaurien.test");
        m.setSubject(subject);
        m.setText(body);
        return m;
    }

    @Test
    void dummyDeliversMailsAndATenMegabyteAttachmentUnchanged() throws Exception {
        byte[] attachment = new byte[10 << 20];
        new Random(4).nextBytes(attachment);
        Transport.send(mail(session(greenMail.getSmtp().getPort(), 10_000), "direct", "body N\r\n.leading dot line\r\n"));
        String directBody = greenMail.getReceivedMessages()[0].getContent().toString();
        greenMail.purgeEmailFromAllMailboxes();
        try (VaurienProcess v = proxy("--behavior", "100:dummy")) {
            Session session = session(v.port(), 10_000);
            for (int i = 0; i < 20; i++) {
                Transport.send(mail(session, "mail " + i, "body " + i + "\r\n.leading dot line\r\n"));
            }
            MimeMessage big = mail(session, "big", "see attached");
            MimeBodyPart text = new MimeBodyPart();
            text.setText("see attached");
            MimeBodyPart file = new MimeBodyPart();
            file.setDataHandler(new DataHandler(new ByteArrayDataSource(attachment, "application/octet-stream")));
            file.setFileName("random.bin");
            big.setContent(new MimeMultipart(text, file));
            Transport.send(big);
            MimeMessage[] received = greenMail.getReceivedMessages();
            assertEquals(21, received.length);
            for (int i = 0; i < 20; i++) {
                assertEquals("mail " + i, received[i].getSubject());
                assertEquals(directBody, received[i].getContent().toString().replace(Integer.toString(i), "N"), "as sent directly");
            }
            MimeBodyPart got = (MimeBodyPart) ((MimeMultipart) received[20].getContent()).getBodyPart(1);
            assertArrayEquals(attachment, got.getInputStream().readAllBytes());
        }
    }

    @Test
    void errorIsTheClientsOwnSendFailureAndTheSessionGoesOn() throws Exception {
        // EHLO sets the session up and is not drawn: MAIL is the first exchange the behavior sees
        try (VaurienProcess v = proxy("--behavior", "100:transient", "--behavior-transient-warmup", "0")) {
            Session session = session(v.port(), 5000);
            try (Transport t = session.getTransport("smtp")) {
                t.connect();
                MimeMessage first = mail(session, "first", "refused");
                SMTPSendFailedException e = assertThrows(SMTPSendFailedException.class,
                        () -> t.sendMessage(first, first.getAllRecipients()));
                assertEquals(451, e.getReturnCode());
                assertTrue(e.getMessage().contains("451 4.3.0 Requested action aborted"), e.getMessage());
                MimeMessage second = mail(session, "second", "accepted");
                t.sendMessage(second, second.getAllRecipients());
            }
            assertEquals(List.of("second"), subjects());
        }
        try (VaurienProcess v = proxy("--behavior", "100:error", "--protocol-smtp-error", "421")) {
            // a 421 closes the connection, as a server going down does
            assertThrows(MessagingException.class, () -> Transport.send(mail(session(v.port(), 5000), "never", "x")));
            try (Socket s = new Socket("127.0.0.1", v.port())) {
                s.setSoTimeout(5000);
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                assertTrue(reply(in).startsWith("220"));
                s.getOutputStream().write("EHLO me\r\n".getBytes(StandardCharsets.US_ASCII));
                assertTrue(reply(in).startsWith("250"), "EHLO sets the session up: it passes");
                s.getOutputStream().write("MAIL FROM:<a@b>\r\n".getBytes(StandardCharsets.US_ASCII));
                assertTrue(reply(in).startsWith("421 4.3.2 Service not available, closing transmission channel"));
                assertEquals(null, in.readLine(), "then the connection is closed");
            }
            assertEquals(List.of("second"), subjects(), "nothing more was delivered");
        }
    }

    private List<String> subjects() throws MessagingException {
        List<String> subjects = new ArrayList<>();
        for (MimeMessage m : greenMail.getReceivedMessages()) {
            subjects.add(m.getSubject());
        }
        return subjects;
    }

    /**
     * A pipelined envelope (RFC 2920): MAIL, 200 RCPTs and DATA in one write. The mail must reach
     * exactly the recipients whose RCPT was accepted.
     */
    @Test
    void aThirtyPercentErrorMixOverAPipelinedEnvelopeLandsEachReplyOnItsCommand() throws Exception {
        for (int seed = 1; seed < 20; seed++) {
            try (VaurienProcess v = proxy("--behavior", "30:error", "--seed", Integer.toString(seed));
                 Socket s = new Socket("127.0.0.1", v.port())) {
                s.setSoTimeout(10_000);
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                OutputStream out = s.getOutputStream();
                reply(in);
                out.write("EHLO client.test\r\n".getBytes(StandardCharsets.US_ASCII));
                String ehlo = reply(in);
                out.write("MAIL FROM:<sender@vaurien.test>\r\n".getBytes(StandardCharsets.US_ASCII));
                String mailFrom = reply(in);
                if (!ehlo.startsWith("250") || !mailFrom.startsWith("250")) {
                    continue;
                }
                StringBuilder envelope = new StringBuilder();
                for (int i = 0; i < 200; i++) {
                    envelope.append("RCPT TO:<user").append(i).append("@vaurien.test>\r\n");
                }
                envelope.append("DATA\r\n");
                out.write(envelope.toString().getBytes(StandardCharsets.US_ASCII));
                Set<String> accepted = new HashSet<>();
                int errors = 0;
                for (int i = 0; i < 200; i++) {
                    String r = reply(in);
                    if (r.startsWith("250")) {
                        accepted.add("user" + i + "@vaurien.test");
                    } else {
                        assertTrue(r.startsWith("451 4.3.0"), "reply " + i + ": " + r);
                        errors++;
                    }
                }
                assertTrue(errors >= 40 && errors <= 80, errors + " errors in 200");
                if (!reply(in).startsWith("354")) {
                    continue;
                }
                out.write("Subject: pipelined\r\n\r\nhello\r\n.\r\n".getBytes(StandardCharsets.US_ASCII));
                assertTrue(reply(in).startsWith("250"));
                out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
                assertTrue(greenMail.waitForIncomingEmail(5000, accepted.size()));
                for (int i = 0; i < 200; i++) {
                    String user = "user" + i + "@vaurien.test";
                    assertEquals(accepted.contains(user) ? 1 : 0, inbox(user), user + (accepted.contains(user) ? " was accepted" : " got an error"));
                }
                return;
            }
        }
        throw new AssertionError("no seed let EHLO, MAIL and DATA pass");
    }

    /** How many mails a recipient's mailbox holds; 0 when the server never heard of it. */
    private int inbox(String email) throws Exception {
        com.icegreen.greenmail.user.GreenMailUser user = greenMail.getUserManager().getUserByEmail(email);
        return user == null ? 0 : greenMail.getManagers().getImapHostManager().getInbox(user).getMessageCount();
    }

    /** One reply, multi-line ones joined; its first line's code comes first. */
    private static String reply(BufferedReader in) throws IOException {
        StringBuilder r = new StringBuilder();
        String line;
        do {
            line = in.readLine();
            if (line == null) {
                throw new IOException("connection closed after: " + r);
            }
            r.append(line).append('\n');
        } while (line.length() > 3 && line.charAt(3) == '-');
        return r.toString();
    }

    @Test
    void theSessionsSetUpPassesUnderAnyMixUnlessTheOptionDrawsIt() throws Exception {
        try (VaurienProcess v = proxy("--behavior", "100:error")) {
            Session session = session(v.port(), 5000);
            try (Transport t = session.getTransport("smtp")) {
                // EHLO passed (Jakarta Mail's isConnected() would send a NOOP, which the mix draws)
                t.connect();
                MimeMessage m = mail(session, "never", "x");
                SMTPSendFailedException e = assertThrows(SMTPSendFailedException.class, () -> t.sendMessage(m, m.getAllRecipients()));
                assertEquals(451, e.getReturnCode(), "MAIL got the error");
            }
        }
        try (VaurienProcess v = proxy("--behavior", "100:error", "--protocol-smtp-fault-handshakes", "true")) {
            Session session = session(v.port(), 5000);
            try (Transport t = session.getTransport("smtp")) {
                assertThrows(MessagingException.class, t::connect, "EHLO and HELO got the error");
            }
        }
        assertEquals(List.of(), subjects());
    }

    @Test
    void aMatcherAimsTheErrorAtOneCommand() throws Exception {
        try (VaurienProcess v = proxy("--behavior", "100:error", "--behavior-error-match", "command=RCPT")) {
            Session session = session(v.port(), 5000);
            try (Transport t = session.getTransport("smtp")) {
                t.connect();
                MimeMessage m = mail(session, "refused", "x");
                // MAIL passed, RCPT got the 451: Jakarta Mail names the recipient it could not send to
                SendFailedException e = assertThrows(SendFailedException.class, () -> t.sendMessage(m, m.getAllRecipients()));
                assertEquals(1, e.getInvalidAddresses().length + e.getValidUnsentAddresses().length, e.toString());
            }
        }
        assertEquals(List.of(), subjects());
    }

    @Test
    void hangBlackoutAndDelayGiveTheFailuresOfProduction() throws Exception {
        try (VaurienProcess v = proxy("--behavior", "100:hang")) {
            MessagingException e = assertThrows(MessagingException.class,
                    () -> Transport.send(mail(session(v.port(), 600), "hang", "x")));
            assertTrue(String.valueOf(e.getCause()).contains("SocketTimeoutException") || e.getMessage().contains("timed out"), e.toString());
        }
        try (VaurienProcess v = proxy("--behavior", "100:blackout")) {
            assertThrows(MessagingException.class, () -> Transport.send(mail(session(v.port(), 5000), "blackout", "x")));
        }
        try (VaurienProcess v = proxy("--behavior", "100:delay", "--behavior-delay-sleep", "0.1")) {
            long start = System.nanoTime();
            Transport.send(mail(session(v.port(), 5000), "delayed", "x"));
            assertTrue(System.nanoTime() - start >= 400_000_000L, "MAIL, RCPT, DATA and QUIT each wait 0.1 s");
        }
        assertEquals(List.of("delayed"), subjects());
    }
}
