/**
 * The Java agent's implementation: shaded into the agent jar, where ASM and Gson are
 * relocated, and loaded by a class loader of its own; this descriptor holds it, when compiled,
 * to core's two faces and the internals core opens to it. The bootstrap bridge and the entry
 * points ({@code boot}) are compiled apart, for any JVM.
 */
module org.vaurien.agent {
    requires org.vaurien.core;
    requires org.objectweb.asm;
    requires java.instrument;
    requires java.logging;
    requires jdk.jfr;
    requires jdk.attach;
}
