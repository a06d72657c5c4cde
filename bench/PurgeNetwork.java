import dev.caisson.engine.network.NetworkService;
import dev.caisson.engine.portmap.PortPublisher;

/**
 * Removes what a bench's own Caisson instance leaves on the host by design (containers outlive
 * the platform, and so do their networks): its default bridge with its firewall rules (and
 * Caisson's iptables chains once no bridge of Caisson is left) and its nf_tables port table.
 * The engine's own purge does it, so the benches clean up exactly as the tests do.
 *
 * Usage: java -cp target/classes:CLASSPATH bench/PurgeNetwork.java BRIDGE PORT_TABLE
 */
public class PurgeNetwork {
    public static void main(String[] args) {
        NetworkService.purgeBridge(args[0]);
        PortPublisher.removeTable(args[1]);
    }
}
