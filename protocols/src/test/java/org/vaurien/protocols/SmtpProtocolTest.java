package org.vaurien.protocols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vaurien.BadInputException;
import org.vaurien.spi.Conversation;
import org.vaurien.spi.Reply;

class SmtpProtocolTest {
    private static final SmtpProtocol SMTP = new SmtpProtocol();

    @Test
    void aWholeSessionWithPipeliningAMultiLineReplyAndTheDataBlock() {
        String greeting = "220-mail.test ESMTP\r\n220 ready\r\n";
        String ehlo = "250-mail.test\r\n250-PIPELINING\r\n250 8BITMIME\r\n";
        String data = "Subject: hi\r\n\r\n..leading dot\r\nnot the end .\r\n.\r\n";
        Conversation c = Frames.open(SMTP);
        assertEquals(List.of("PASS " + greeting), Frames.frame(c.responses(), bytes(greeting)));
        assertEquals(List.of("HS EHLO me\r\n"), Frames.frame(c.requests(), bytes("EHLO me\r\n")));
        assertEquals(List.of(ehlo), Frames.frame(c.responses(), bytes(ehlo)));
        String pipelined = "MAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nDATA\r\n";
        assertEquals(List.of("MAIL FROM:<a@b>\r\n", "RCPT TO:<c@d>\r\n", "DATA\r\n"), Frames.frame(c.requests(), bytes(pipelined), 5, 20));
        assertEquals(List.of("250 ok\r\n", "250 ok\r\n", "354 go\r\n"), Frames.frame(c.responses(), bytes("250 ok\r\n250 ok\r\n354 go\r\n")));
        for (int cut = 1; cut < data.length(); cut++) {
            Conversation again = sessionAfter354();
            assertEquals(List.of("PASS " + data, "QUIT\r\n"), Frames.frame(again.requests(), bytes(data + "QUIT\r\n"), cut), "cut at " + cut);
        }
        assertEquals(List.of("PASS " + data), Frames.frame(c.requests(), bytes(data), Frames.everyByte(data.length())));
        assertEquals(List.of("PASS 250 queued\r\n", "221 bye\r\n"), Frames.frame(c.responses(), bytes("250 queued\r\n221 bye\r\n")));
    }

    private static Conversation sessionAfter354() {
        Conversation c = Frames.open(SMTP);
        Frames.frame(c.responses(), bytes("220 hi\r\n"));
        Frames.frame(c.requests(), bytes("DATA\r\n"));
        Frames.frame(c.responses(), bytes("354 go\r\n"));
        return c;
    }

    @Test
    void theSessionsSetUpPassesUndrawnUnlessTheOptionSaysSo() {
        Conversation c = Frames.open(SMTP);
        Frames.frame(c.responses(), bytes("220 hi\r\n"));
        assertEquals(List.of("HS helo me\r\n", "HS STARTTLS\r\n", "HS AUTH LOGIN\r\n", "MAIL FROM:<a@b>\r\n"),
                Frames.frame(c.requests(), bytes("helo me\r\nSTARTTLS\r\nAUTH LOGIN\r\nMAIL FROM:<a@b>\r\n")));
        Frames.frame(c.responses(), bytes("334 VXNlcm5hbWU6\r\n"));
        assertEquals(List.of("HS dXNlcg==\r\n"), Frames.frame(c.requests(), bytes("dXNlcg==\r\n")));
        Frames.frame(c.responses(), bytes("235 ok\r\n"));
        assertEquals(List.of("RCPT TO:<c@d>\r\n"), Frames.frame(c.requests(), bytes("RCPT TO:<c@d>\r\n")));
        Conversation drawn = Frames.open(SMTP, "fault_handshakes", "true");
        Frames.frame(drawn.responses(), bytes("220 hi\r\n"));
        assertEquals(List.of("EHLO me\r\n"), Frames.frame(drawn.requests(), bytes("EHLO me\r\n")));
    }

    @Test
    void bdatChunksCarryTheirBytes() {
        Conversation c = Frames.open(SMTP);
        Frames.frame(c.responses(), bytes("220 hi\r\n"));
        assertEquals(List.of("BDAT 5\r\nHEAD|ab\r\n.", "BDAT 0 LAST\r\n"), Frames.frame(c.requests(), bytes("BDAT 5\r\nab\r\n.BDAT 0 LAST\r\n"), 3));
    }

    @Test
    void starttlsGoesOnAsTcpAndNonSmtpRepliesSwitch() {
        Conversation c = Frames.open(SMTP);
        Frames.frame(c.responses(), bytes("220 hi\r\n"));
        Frames.frame(c.requests(), bytes("STARTTLS\r\n"));
        Frames.frame(c.responses(), bytes("220 go ahead\r\n"));
        assertTrue(Frames.frame(c.requests(), new byte[] {0x16, 0x03, 0x01, 0x02}).get(0).startsWith("PASS SWITCH(expected)"));
        assertEquals(List.of("PASS HTTP/1.1 400\r\nSWITCH(bytes that are not SMTP replies (a line that does not start with a three-digit code)) ..."),
                Frames.frame(Frames.open(SMTP).responses(), bytes("HTTP/1.1 400\r\n")));
    }

    @Test
    void theErrorIsAReplyAnd421ClosesTheConnection() {
        Reply reply = Frames.open(SMTP).error();
        assertEquals("451 4.3.0 Requested action aborted: local error in processing (Vaurien)\r\n",
                StandardCharsets.US_ASCII.decode(reply.bytes()).toString());
        assertTrue(!reply.closeAfter());
        assertTrue(Frames.open(SMTP, "error", "421").error().closeAfter());
        assertThrows(BadInputException.class, () -> Frames.open(SMTP, "error", "250"));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
