package dev.caisson.engine.image;

import java.util.ArrayList;
import java.util.List;

import dev.caisson.engine.InvalidArgumentException;

/** Dockerfile word splitting: whitespace separates, quotes group and are removed, backslash escapes. */
final class Words {
    private Words() {
    }

    static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quote == '\'') {
                if (ch == '\'') {
                    quote = 0;
                } else {
                    word.append(ch);
                }
            } else if (ch == '\\' && i + 1 < text.length()) {
                word.append(text.charAt(++i));
                inWord = true;
            } else if (quote == '"') {
                if (ch == '"') {
                    quote = 0;
                } else {
                    word.append(ch);
                }
            } else if (ch == '"' || ch == '\'') {
                quote = ch;
                inWord = true;
            } else if (Character.isWhitespace(ch)) {
                if (inWord) {
                    out.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(ch);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new InvalidArgumentException("unexpected end of statement while looking for matching " + quote);
        }
        if (inWord) {
            out.add(word.toString());
        }
        return out;
    }
}
