package dev.caisson.engine.storage;

/** One line of {@code docker diff}: an absolute path in the container and what happened to it. */
public record Change(String path, Kind kind) {
    public enum Kind {
        CHANGED("C"), ADDED("A"), DELETED("D");

        private final String letter;

        Kind(String letter) {
            this.letter = letter;
        }

        public String letter() {
            return letter;
        }
    }

    @Override
    public String toString() {
        return kind.letter() + " " + path;
    }
}
