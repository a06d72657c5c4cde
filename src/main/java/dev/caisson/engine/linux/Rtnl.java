package dev.caisson.engine.linux;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The rtnetlink requests the bridge driver makes: links (bridge, veth pair), addresses, routes.
 * Each is one message through a {@link Netlink} socket; the socket decides which network
 * namespace is changed. IPv4 only, as Caisson's networks are.
 */
public final class Rtnl {
    static final int NLM_F_REQUEST = 0x1;
    static final int NLM_F_ACK = 0x4;
    static final int NLM_F_DUMP = 0x300;
    static final int NLM_F_EXCL = 0x200;
    static final int NLM_F_CREATE = 0x400;

    static final int RTM_NEWLINK = 16;
    static final int RTM_DELLINK = 17;
    static final int RTM_GETLINK = 18;
    static final int RTM_NEWADDR = 20;
    static final int RTM_NEWROUTE = 24;
    static final int RTM_GETROUTE = 26;

    static final int IFLA_ADDRESS = 1;
    static final int IFLA_IFNAME = 3;
    static final int IFLA_MTU = 4;
    static final int IFLA_MASTER = 10;
    static final int IFLA_TXQLEN = 13;
    static final int IFLA_LINKINFO = 18;
    static final int IFLA_NET_NS_FD = 28;
    static final int IFLA_INFO_KIND = 1;
    static final int IFLA_INFO_DATA = 2;
    static final int VETH_INFO_PEER = 1;
    static final int IFA_ADDRESS = 1;
    static final int IFA_LOCAL = 2;
    static final int IFA_BROADCAST = 4;
    static final int RTA_DST = 1;
    static final int RTA_OIF = 4;
    static final int RTA_GATEWAY = 5;
    static final int RTA_TABLE = 15;

    static final int AF_UNSPEC = 0;
    static final int AF_INET = 2;
    static final int IFF_UP = 1;
    static final int RT_TABLE_MAIN = 254;
    static final int RTPROT_BOOT = 3;
    static final int RT_SCOPE_UNIVERSE = 0;
    static final int RTN_UNICAST = 1;
    public static final int ENODEV = 19;

    /** An IPv4 route of the main table: destination and prefix length (0.0.0.0/0 for a default route). */
    public record Route(byte[] destination, int prefixLength, int outputIndex) {
    }

    private Rtnl() {
    }

    /** The interface's index, or -1 when there is none by that name. */
    public static int linkIndex(Netlink nl, String name) throws LinuxException {
        try {
            List<ByteBuffer> r = nl.dump(NetlinkMessage.request(RTM_GETLINK, NLM_F_ACK).ifinfo(AF_UNSPEC, 0, 0, 0)
                    .attrString(IFLA_IFNAME, name), "find link " + name);
            return r.isEmpty() ? -1 : r.get(0).getInt(4);
        } catch (LinuxException e) {
            if (e.errno() == ENODEV) {
                return -1;
            }
            throw e;
        }
    }

    /** A Linux bridge, up; mtu 0 keeps the kernel's default, mac null lets the kernel choose. */
    public static void createBridge(Netlink nl, String name, int mtu, byte[] mac) throws LinuxException {
        NetlinkMessage m = NetlinkMessage.request(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL | NLM_F_ACK)
                .ifinfo(AF_UNSPEC, 0, IFF_UP, IFF_UP)
                .attrString(IFLA_IFNAME, name);
        if (mtu > 0) {
            m.attrInt(IFLA_MTU, mtu);
        }
        if (mac != null) {
            m.attr(IFLA_ADDRESS, mac);
        }
        int info = m.nest(IFLA_LINKINFO);
        m.attrString(IFLA_INFO_KIND, "bridge").end(info);
        nl.execute(m, "create bridge " + name);
    }

    /**
     * A veth pair in one message: the host end up and enslaved to the bridge (masterIndex), the
     * peer created directly inside the network namespace open as peerNamespaceFd, under its final
     * name and MAC address. It stays down until configured there.
     */
    public static void createVeth(Netlink nl, String hostName, int masterIndex, int mtu, String peerName, byte[] peerMac,
                                  int peerNamespaceFd) throws LinuxException {
        NetlinkMessage m = NetlinkMessage.request(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL | NLM_F_ACK)
                .ifinfo(AF_UNSPEC, 0, IFF_UP, IFF_UP)
                .attrString(IFLA_IFNAME, hostName)
                .attrInt(IFLA_MASTER, masterIndex)
                .attrInt(IFLA_TXQLEN, 0);   // no queue on a veth, as Docker makes them
        if (mtu > 0) {
            m.attrInt(IFLA_MTU, mtu);
        }
        int info = m.nest(IFLA_LINKINFO);
        m.attrString(IFLA_INFO_KIND, "veth");
        int data = m.nest(IFLA_INFO_DATA);
        int peer = m.nest(VETH_INFO_PEER);
        m.ifinfo(AF_UNSPEC, 0, 0, 0).attrString(IFLA_IFNAME, peerName).attr(IFLA_ADDRESS, peerMac)
                .attrInt(IFLA_TXQLEN, 0).attrInt(IFLA_NET_NS_FD, peerNamespaceFd);
        if (mtu > 0) {
            m.attrInt(IFLA_MTU, mtu);
        }
        m.end(peer).end(data).end(info);
        nl.execute(m, "create veth " + hostName);
    }

    public static void setUp(Netlink nl, int index) throws LinuxException {
        nl.execute(NetlinkMessage.request(RTM_NEWLINK, NLM_F_ACK).ifinfo(AF_UNSPEC, index, IFF_UP, IFF_UP), "link up " + index);
    }

    public static void setDown(Netlink nl, int index) throws LinuxException {
        nl.execute(NetlinkMessage.request(RTM_NEWLINK, NLM_F_ACK).ifinfo(AF_UNSPEC, index, 0, IFF_UP), "link down " + index);
    }

    /** Moves an interface into the network namespace open as namespaceFd, renamed on the way. */
    public static void moveToNamespace(Netlink nl, int index, int namespaceFd, String newName) throws LinuxException {
        nl.execute(NetlinkMessage.request(RTM_NEWLINK, NLM_F_ACK).ifinfo(AF_UNSPEC, index, 0, 0)
                .attrInt(IFLA_NET_NS_FD, namespaceFd).attrString(IFLA_IFNAME, newName), "move link " + index);
    }

    /** An IPv4 address with its prefix (the kernel adds the prefix route once the link is up). */
    public static void addAddress(Netlink nl, int index, byte[] ip, int prefixLength, byte[] broadcast) throws LinuxException {
        NetlinkMessage m = NetlinkMessage.request(RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL | NLM_F_ACK)
                .ifaddr(AF_INET, prefixLength, RT_SCOPE_UNIVERSE, index)
                .attr(IFA_LOCAL, ip).attr(IFA_ADDRESS, ip);
        if (broadcast != null) {
            m.attr(IFA_BROADCAST, broadcast);
        }
        nl.execute(m, "add address to link " + index);
    }

    public static void addDefaultRoute(Netlink nl, byte[] gateway, int outputIndex) throws LinuxException {
        nl.execute(NetlinkMessage.request(RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL | NLM_F_ACK)
                .rtmsg(AF_INET, 0, RT_TABLE_MAIN, RTPROT_BOOT, RT_SCOPE_UNIVERSE, RTN_UNICAST)
                .attr(RTA_GATEWAY, gateway).attrInt(RTA_OIF, outputIndex), "add default route");
    }

    /** Deletes an interface by name (a veth takes its peer along); false when there was none. */
    public static boolean deleteLink(Netlink nl, String name) throws LinuxException {
        try {
            nl.execute(NetlinkMessage.request(RTM_DELLINK, NLM_F_ACK).ifinfo(AF_UNSPEC, 0, 0, 0)
                    .attrString(IFLA_IFNAME, name), "delete link " + name);
            return true;
        } catch (LinuxException e) {
            if (e.errno() == ENODEV) {
                return false;
            }
            throw e;
        }
    }

    /** The IPv4 routes of the main table. */
    public static List<Route> routes(Netlink nl) throws LinuxException {
        List<Route> out = new ArrayList<>();
        for (ByteBuffer b : nl.dump(NetlinkMessage.request(RTM_GETROUTE, NLM_F_DUMP)
                .rtmsg(AF_INET, 0, 0, 0, 0, 0), "list routes")) {
            int dstLen = b.get(1) & 0xff;
            Map<Integer, byte[]> a = NetlinkMessage.attributes(b, 12, b.limit());
            int table = a.containsKey(RTA_TABLE) ? ByteBuffer.wrap(a.get(RTA_TABLE)).order(b.order()).getInt() : b.get(4) & 0xff;
            if (table != RT_TABLE_MAIN) {
                continue;
            }
            byte[] dst = a.getOrDefault(RTA_DST, new byte[4]);
            int oif = a.containsKey(RTA_OIF) ? ByteBuffer.wrap(a.get(RTA_OIF)).order(b.order()).getInt() : 0;
            out.add(new Route(dst, dstLen, oif));
        }
        return out;
    }
}
