package io.github.dl4jpruning.bench;

import ch.qos.logback.classic.Level;
import org.slf4j.LoggerFactory;

/**
 * Sets one Logback logger's level for the duration of a block and restores it on {@link #close()}; does nothing when
 * SLF4J is bound to another backend.
 *
 * <pre>{@code
 * try (LogLevels l = LogLevels.set("io.github.dl4jpruning.engine.PruningEngine", "WARN")) { ... }
 * }</pre>
 */
public final class LogLevels implements AutoCloseable {

    private final ch.qos.logback.classic.Logger logger;
    private final Level previous;

    private LogLevels(ch.qos.logback.classic.Logger logger, Level previous) {
        this.logger = logger;
        this.previous = previous;
    }

    /**
     * Sets a level.
     *
     * @param name the logger name
     * @param level the level name, e.g. {@code "WARN"}
     * @return the handle that restores the previous level
     */
    public static LogLevels set(String name, String level) {
        Object l = LoggerFactory.getLogger(name);
        if (l instanceof ch.qos.logback.classic.Logger logback) {
            Level previous = logback.getLevel();
            logback.setLevel(Level.toLevel(level));
            return new LogLevels(logback, previous);
        }
        return new LogLevels(null, null);
    }

    /** Restores the previous level. */
    @Override
    public void close() {
        if (logger != null) {
            logger.setLevel(previous);
        }
    }
}
