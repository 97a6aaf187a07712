/** The vaurien command; picocli reads its annotated commands by reflection. */
module org.vaurien.cli {
    requires org.vaurien.core;
    requires org.vaurien.experiments;
    requires info.picocli;
    requires jdk.httpserver;
    requires java.logging;

    opens org.vaurien.cli to info.picocli;
}
