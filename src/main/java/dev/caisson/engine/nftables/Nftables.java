package dev.caisson.engine.nftables;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import dev.caisson.engine.linux.LinuxException;
import dev.caisson.engine.linux.NfNetlinkSocket;

/**
 * Applies {@link NftBatch}es and reads set elements back, over one netlink socket of the
 * network namespace it was opened in (open it inside a NetnsExecutor task for a container's).
 * Not thread-safe: one caller at a time.
 */
public final class Nftables implements AutoCloseable {
    public static final int ENOENT = 2;
    public static final int EEXIST = 17;
    private static final int GETSETELEM = 13;
    private static final int F_DUMP = 0x300;

    private final NfNetlinkSocket socket;

    private Nftables(NfNetlinkSocket socket) {
        this.socket = socket;
    }

    /** A connection to nf_tables in the calling thread's network namespace. */
    public static Nftables open() throws LinuxException {
        return new Nftables(NfNetlinkSocket.open());
    }

    /** Sends the batch as one transaction; throws the kernel's first error (nothing applied then). */
    public void apply(NftBatch batch) throws LinuxException {
        if (batch.isEmpty()) {
            return;
        }
        socket.transact(batch.finish(), batch.firstSeq(), batch.lastSeq());
    }

    /** The elements of an ip-family set or map; a missing table or set throws ENOENT. */
    public List<SetElement> elements(String table, String set) throws LinuxException {
        NlWriter w = new NlWriter();
        int m = w.begin((10 << 8) | GETSETELEM, NftBatch.F_REQUEST | F_DUMP, 1, NftBatch.FAMILY_IP, 0);
        w.string(1, table).string(2, set);
        w.end(m);
        List<SetElement> out = new ArrayList<>();
        for (ByteBuffer msg : socket.dump(w.toBytes())) {
            readElements(msg, out);
        }
        return out;
    }

    /**
     * Deletes the connection tracking entries of UDP flows answered from address:port, so that
     * their next packets are translated afresh (see {@link Conntrack}); returns how many.
     */
    public int forgetUdpFlows(java.net.Inet4Address address, int port) throws LinuxException {
        return Conntrack.forgetUdp(socket, address, port);
    }

    @Override
    public void close() {
        socket.close();
    }

    /** NFT_MSG_NEWSETELEM as dumped: nfgenmsg, then the list attribute holding the elements. */
    static void readElements(ByteBuffer msg, List<SetElement> out) {
        NlReader top = new NlReader(msg, 20, msg.getInt(0));
        while (top.next()) {
            if (top.type() == 3) { // NFTA_SET_ELEM_LIST_ELEMENTS
                NlReader list = top.nested();
                while (list.next()) {
                    out.add(element(list.nested()));
                }
            }
        }
    }

    private static SetElement element(NlReader attrs) {
        byte[] key = null;
        byte[] data = null;
        String comment = null;
        while (attrs.next()) {
            switch (attrs.type()) {
                case 1 -> key = value(attrs.nested());
                case 2 -> data = value(attrs.nested());
                case 6 -> comment = NftBatch.parseComment(attrs.bytes());
                default -> { }
            }
        }
        return new SetElement(key, data, comment);
    }

    private static byte[] value(NlReader data) {
        while (data.next()) {
            if (data.type() == 1) { // NFTA_DATA_VALUE
                return data.bytes();
            }
        }
        return null;
    }
}
