package dev.caisson.engine.runtime;

import java.security.SecureRandom;
import java.util.List;
import java.util.function.Predicate;

/** Docker-style "adjective_noun" names for containers created without one. */
final class NameGenerator {
    private static final List<String> LEFT = List.of("admiring", "brave", "calm", "clever", "dazzling", "eager",
            "elegant", "festive", "focused", "gallant", "happy", "hopeful", "jolly", "keen", "kind", "lucid",
            "modest", "nifty", "optimistic", "peaceful", "quirky", "relaxed", "serene", "sharp", "stoic",
            "tender", "upbeat", "vibrant", "wizardly", "zealous");
    private static final List<String> RIGHT = List.of("archimedes", "babbage", "curie", "darwin", "euclid",
            "fermat", "galileo", "hopper", "hypatia", "joliot", "kepler", "lovelace", "meitner", "newton",
            "noether", "pasteur", "ritchie", "shannon", "tesla", "thompson", "turing", "volta", "wozniak",
            "yalow", "zuse");
    private static final SecureRandom RANDOM = new SecureRandom();

    private NameGenerator() {
    }

    static String generate(Predicate<String> taken) {
        for (int attempt = 0; ; attempt++) {
            String name = LEFT.get(RANDOM.nextInt(LEFT.size())) + "_" + RIGHT.get(RANDOM.nextInt(RIGHT.size()));
            if (attempt > 10) {
                name += RANDOM.nextInt(100);
            }
            if (!taken.test(name)) {
                return name;
            }
        }
    }
}
