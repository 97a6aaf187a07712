package org.vaurien.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** Held bytes take the smallest pooled buffer that holds them, and a buffer given back is the next one taken. */
class BufferPoolTest {
    @Test
    void theSmallestSizeThatHoldsTheBytes() {
        BufferPool pool = new BufferPool(1 << 20);
        assertEquals(4096, pool.take(1).capacity());
        assertEquals(4096, pool.take(4096).capacity());
        assertEquals(16384, pool.take(4097).capacity());
        assertEquals(EventLoop.READ_SIZE, pool.take(16385).capacity());
        assertEquals(EventLoop.READ_SIZE, pool.take().capacity());
        assertTrue(pool.take(10).isDirect());
        assertTrue(BufferPool.fits(EventLoop.READ_SIZE));
        assertFalse(BufferPool.fits(EventLoop.READ_SIZE + 1));
    }

    @Test
    void aBufferGivenBackIsReusedClearedUpToTheLimit() {
        BufferPool pool = new BufferPool(2 * 4096);
        ByteBuffer a = pool.take(100);
        ByteBuffer b = pool.take(100);
        ByteBuffer c = pool.take(100);
        a.put((byte) 1);
        pool.give(a);
        pool.give(b);
        pool.give(c);
        ByteBuffer again = pool.take(100);
        assertSame(b, again, "the last kept comes first");
        assertSame(a, pool.take(100));
        assertEquals(0, a.position(), "cleared");
        assertNotSame(c, pool.take(100), "only two 4 KB buffers are kept");
        pool.give(ByteBuffer.allocate(4096));
        assertTrue(pool.take(100).isDirect(), "a heap buffer is never pooled");
    }
}
