package org.vaurien.agent;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/**
 * What the agent could not do for a target (a fault a transport cannot carry), as it says on
 * stderr: for JDK Mission Control or {@code jfr print --events org.vaurien.Notice}.
 */
@Name("org.vaurien.Notice")
@Label("Vaurien notice")
@Category("Vaurien")
@Description("Something the Vaurien agent could not do for a target, and what to do about it")
final class NoticeEvent extends Event {
    @Label("Target")
    String target;

    @Label("Message")
    String message;

    static void commit(String target, String message) {
        NoticeEvent e = new NoticeEvent();
        if (e.isEnabled()) {
            e.target = target;
            e.message = message;
            e.commit();
        }
    }
}
