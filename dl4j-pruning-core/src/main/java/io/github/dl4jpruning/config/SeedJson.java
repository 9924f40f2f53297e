package io.github.dl4jpruning.config;

import io.github.dl4jpruning.internal.Json;

/** The config's seed in JSON: a file without it reads {@link PruningConfig#DEFAULT_SEED}, {@code null} is refused. */
final class SeedJson extends Json.LongWithDefault {
    SeedJson() {
        super(PruningConfig.DEFAULT_SEED);
    }
}
