package io.fulcrum.config;

import io.fulcrum.common.Diagnostics;
import io.fulcrum.common.SourcePos;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Interim minimal preprocessor (comments, quotes, braces); the full one replaces it. */
public final class Preprocessor {

    private final FileAccess files;
    private final Diagnostics diagnostics;

    public Preprocessor(FileAccess files, PreprocessOptions options, Diagnostics diagnostics) {
        this.files = files;
        this.diagnostics = diagnostics;
    }

    public List<ConfigLine> load(Path mainFile) throws ConfigReadException {
        try {
            return loadText(mainFile.toString(), mainFile.getParent(),
                    new String(files.read(mainFile), StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new ConfigReadException(mainFile + ": " + e.getMessage());
        }
    }

    public List<ConfigLine> loadText(String displayName, Path baseDir, String text) {
        List<ConfigLine> out = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String l = lines[n];
            List<Token> tokens = new ArrayList<>();
            StringBuilder cur = new StringBuilder();
            int start = -1;
            boolean quoted = false;
            char q = 0;
            for (int i = 0; i <= l.length(); i++) {
                char c = i < l.length() ? l.charAt(i) : '\n';
                if (q != 0) {
                    if (c == q) {
                        q = 0;
                    } else if (c == '\n') {
                        diagnostics.error(new SourcePos(displayName, n + 1, start + 1), "unterminated quote");
                        q = 0;
                        i--;
                    } else {
                        cur.append(c);
                    }
                    continue;
                }
                if (c == '"' || c == '\'') {
                    q = c;
                    quoted = true;
                    if (start < 0) {
                        start = i;
                    }
                } else if (c == '\n' || c == '#' || c == '!' || Character.isWhitespace(c) || Character.isSpaceChar(c)
                        || c == '{' || c == '}') {
                    if (start >= 0) {
                        tokens.add(new Token(cur.toString(), new SourcePos(displayName, n + 1, start + 1), quoted));
                        cur.setLength(0);
                        start = -1;
                        quoted = false;
                    }
                    if (c == '{' || c == '}') {
                        tokens.add(new Token(String.valueOf(c), new SourcePos(displayName, n + 1, i + 1), false));
                    }
                    if (c == '#' || c == '!') {
                        break;
                    }
                } else {
                    if (start < 0) {
                        start = i;
                    }
                    cur.append(c);
                }
            }
            if (!tokens.isEmpty()) {
                out.add(new ConfigLine(tokens));
            }
        }
        return out;
    }
}
