package org.vaurien.spi;

/** A request and the response that answers it, as a fault sees it when deciding. */
public interface Exchange {
    /** 1 for the first exchange of its connection. */
    long number();

    /** The connection's number in its proxy, 1 for the first one accepted. */
    long connection();

    /** The name of the proxy (the section name, or "default"). */
    String proxy();
}
