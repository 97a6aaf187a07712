package org.vaurien.agent;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.vaurien.agent.SocketAdvice.Advised;

/**
 * Writes a list of {@link Advised} methods into the classes that hold them (the boot loader's
 * JDK classes, a library's in any loader), and nothing else: every other class goes by after a
 * map look-up or a name's comparison. A failure is logged, never
 * thrown: the JVM would drop it silently, and the class stays as the JDK made it.
 */
final class AdviceTransformer implements ClassFileTransformer {
    private static final Logger LOG = Logger.getLogger("org.vaurien");

    private final Map<String, List<Advised>> byClass = new LinkedHashMap<>();
    /** A library's methods, in whichever loader and package (shaded) its class turns up. */
    private final List<Advised> library = new ArrayList<>();
    /** What was found and advised, so that a method a JDK renamed is told, not silently missed. */
    private final Set<Advised> found = ConcurrentHashMap.newKeySet();

    AdviceTransformer(List<Advised> advised) {
        for (Advised a : advised) {
            if (a.library()) {
                library.add(a);
            } else {
                byClass.computeIfAbsent(a.owner(), k -> new ArrayList<>()).add(a);
            }
        }
    }

    /**
     * The library classes of any of {@code transformers} loaded already (an attach to a running
     * application): retransformed too. One pass over the JVM's loaded classes for them all.
     */
    static List<Class<?>> loadedLibraryClasses(Instrumentation inst, List<AdviceTransformer> transformers) {
        List<Class<?>> loaded = new ArrayList<>();
        for (Class<?> c : inst.getAllLoadedClasses()) {
            ClassLoader loader = c.getClassLoader();
            if (loader == null) {
                continue;
            }
            String name = c.getName().replace('.', '/');
            if (transformers.stream().anyMatch(t -> t.advisedIn(loader, name) != null) && inst.isModifiableClass(c)) {
                loaded.add(c);
            }
        }
        return loaded;
    }

    private List<Advised> advisedIn(ClassLoader loader, String className) {
        if (loader == null) {
            return byClass.get(className);
        }
        if (className == null || library.isEmpty()) {
            return null;
        }
        List<Advised> matching = new ArrayList<>();
        for (Advised a : library) {
            if (a.holds(loader, className)) {
                matching.add(a);
            }
        }
        return matching.isEmpty() ? null : matching;
    }

    /** The classes to retransform, loaded first (a class not loaded yet is transformed when it loads). */
    List<Class<?>> loadTargets() {
        List<Class<?>> loaded = new ArrayList<>();
        for (String name : byClass.keySet()) {
            try {
                loaded.add(Class.forName(name.replace('/', '.'), false, null));
            } catch (ClassNotFoundException | LinkageError e) {
                // not on this platform (asynchronous channels are Unix-specific here): nothing to advise
                byClass.get(name).forEach(found::add);
            }
        }
        return loaded;
    }

    /** Warns of each advised method this JDK does not have: what goes through it is not redirected. */
    void reportMissing() {
        for (List<Advised> methods : byClass.values()) {
            for (Advised a : methods) {
                if (!found.contains(a)) {
                    LOG.warning(() -> "vaurien agent: " + a.where() + " is not in this JDK; connections made through it"
                            + " are not redirected");
                }
            }
        }
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> redefined,
                            ProtectionDomain domain, byte[] bytes) {
        List<Advised> methods = advisedIn(loader, className);
        if (methods == null) {
            return null;
        }
        try {
            ClassReader reader = new ClassReader(bytes);
            ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
            reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                                 String[] exceptions) {
                    MethodVisitor method = super.visitMethod(access, name, descriptor, signature, exceptions);
                    for (Advised a : methods) {
                        if (a.matches(name, descriptor)) {
                            found.add(a);
                            method = a.insertion().wrap(method, descriptor);
                        }
                    }
                    return method;
                }
            }, 0);
            LOG.fine(() -> "vaurien agent: instrumented " + className);
            return writer.toByteArray();
        } catch (RuntimeException | LinkageError e) {
            LOG.warning(() -> "vaurien agent: cannot instrument " + className.replace('/', '.') + ": " + e);
            return null;
        }
    }
}
