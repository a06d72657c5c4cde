package dev.caisson.api.docker;

import java.io.IOException;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.WebConnection;

import org.apache.tomcat.util.net.AbstractEndpoint.Handler.SocketState;
import org.apache.tomcat.util.net.SocketEvent;
import org.apache.tomcat.util.net.SocketWrapperBase;

/**
 * A hijacked connection driven through Tomcat's socket wrapper rather than the servlet
 * upgrade streams. The reason is the end of the client's input: a client that half-closes
 * (the docker CLI does when it attaches no stdin) leaves a socket that is readable forever,
 * and Tomcat re-polls an upgraded socket after every event, so the servlet API can only spin
 * on it. Here the read side says SUSPENDED at EOF and Tomcat stops polling it; output is
 * written with blocking writes from the session's pump thread.
 */
final class HijackedSocket implements WebConnection {
    private final SocketWrapperBase<?> socket;
    private final byte[] buf = new byte[16384];
    private int bufLen;
    private int bufPos;
    private volatile ReadListener listener;
    private volatile boolean closing;
    private boolean eof;

    HijackedSocket(SocketWrapperBase<?> socket) {
        this.socket = socket;
        socket.setReadTimeout(-1);
        socket.setWriteTimeout(-1);
    }

    /** Called by Tomcat for each event on the socket; the answer tells it what to do next. */
    synchronized SocketState dispatch(SocketEvent event) {
        if (closing || event != SocketEvent.OPEN_READ) {
            if (!closing && listener != null) {
                listener.onError(new IOException("connection " + event));
            }
            closing = true;
            return SocketState.CLOSED;
        }
        try {
            if (listener == null) {
                // no reader (yet): keep what came, stop polling; setReadListener resumes
                if (bufPos >= bufLen && !eof) {
                    int n = socket.read(false, buf, 0, buf.length);
                    eof = n < 0;
                    bufPos = 0;
                    bufLen = Math.max(n, 0);
                }
                return SocketState.SUSPENDED;
            }
            while (true) {
                if (bufPos < bufLen) {
                    listener.onDataAvailable();   // reads through in.read until the buffer is empty
                    if (bufPos < bufLen) {
                        return SocketState.SUSPENDED;   // unreachable in practice: the listener drains
                    }
                }
                int n = socket.read(false, buf, 0, buf.length);
                if (n < 0 || eof) {
                    eof = true;
                    listener.onAllDataRead();
                    return SocketState.SUSPENDED;   // nothing more will come: stop polling it
                }
                if (n == 0) {
                    return SocketState.UPGRADED;    // poll again for more input
                }
                bufPos = 0;
                bufLen = n;
            }
        } catch (IOException e) {
            if (listener != null) {
                listener.onError(e);
            }
            return SocketState.SUSPENDED;
        }
    }

    @Override
    public ServletInputStream getInputStream() {
        return input;
    }

    @Override
    public ServletOutputStream getOutputStream() {
        return output;
    }

    /** Ends the session: Tomcat closes the socket while handling the event raised here. */
    @Override
    public void close() {
        if (!closing) {
            closing = true;
            socket.processSocket(SocketEvent.OPEN_READ, true);
        }
    }

    private final ServletInputStream input = new ServletInputStream() {
        @Override
        public boolean isFinished() {
            return eof && bufPos >= bufLen;
        }

        @Override
        public boolean isReady() {
            return bufPos < bufLen;
        }

        @Override
        public void setReadListener(ReadListener l) {
            listener = l;
            socket.processSocket(SocketEvent.OPEN_READ, true);   // delivers what waited, then polls
        }

        @Override
        public int read() {
            return bufPos < bufLen ? buf[bufPos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (bufPos >= bufLen) {
                return eof ? -1 : 0;
            }
            int n = Math.min(len, bufLen - bufPos);
            System.arraycopy(buf, bufPos, b, off, n);
            bufPos += n;
            return n;
        }
    };

    private final ServletOutputStream output = new ServletOutputStream() {
        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setWriteListener(WriteListener l) {
            throw new UnsupportedOperationException("blocking writes only");
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (closing) {
                throw new IOException("the session is closed");
            }
            socket.write(true, b, off, len);
        }

        @Override
        public void flush() throws IOException {
            socket.flush(true);
        }
    };
}
