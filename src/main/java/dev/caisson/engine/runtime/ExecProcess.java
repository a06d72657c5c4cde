package dev.caisson.engine.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CompletableFuture;

import dev.caisson.engine.linux.Linux;

/**
 * A running `caisson-shim exec` session: a Process (its stdio is the session's) that can also
 * resize its terminal: the new size goes into the session's winsize file, then SIGWINCH tells
 * the shim to apply it to the pty.
 */
public final class ExecProcess extends Process {
    private static final int SIGWINCH = 28;

    private final Process p;
    private final Path winsizeFile;

    ExecProcess(Process p, Path winsizeFile) {
        this.p = p;
        this.winsizeFile = winsizeFile;
    }

    public void resize(int rows, int cols) throws IOException {
        if (winsizeFile == null) {
            return;   // no terminal: nothing to size (Docker accepts the call too)
        }
        Path tmp = winsizeFile.resolveSibling(winsizeFile.getFileName() + ".tmp");
        Files.writeString(tmp, rows + " " + cols + "\n", StandardCharsets.US_ASCII);
        Files.move(tmp, winsizeFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        if (p.isAlive()) {
            Linux.kill((int) p.pid(), SIGWINCH);
        }
    }

    @Override
    public OutputStream getOutputStream() {
        return p.getOutputStream();
    }

    @Override
    public InputStream getInputStream() {
        return p.getInputStream();
    }

    @Override
    public InputStream getErrorStream() {
        return p.getErrorStream();
    }

    @Override
    public int waitFor() throws InterruptedException {
        return p.waitFor();
    }

    @Override
    public int exitValue() {
        return p.exitValue();
    }

    @Override
    public void destroy() {
        p.destroy();
    }

    @Override
    public Process destroyForcibly() {
        return p.destroyForcibly();
    }

    @Override
    public boolean isAlive() {
        return p.isAlive();
    }

    @Override
    public long pid() {
        return p.pid();
    }

    @Override
    public CompletableFuture<Process> onExit() {
        return p.onExit().thenApply(x -> this);
    }
}
