package dev.caisson.api.docker;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The bodies of the network routes, wire names kept. */
final class NetworkRequests {
    private NetworkRequests() {
    }

    /** POST /networks/create */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Create(@JsonProperty("Name") String name,
                  @JsonProperty("CheckDuplicate") Boolean checkDuplicate,
                  @JsonProperty("Driver") String driver,
                  @JsonProperty("Internal") Boolean internal,
                  @JsonProperty("Attachable") Boolean attachable,
                  @JsonProperty("Ingress") Boolean ingress,
                  @JsonProperty("EnableIPv6") Boolean enableIpv6,
                  @JsonProperty("IPAM") Ipam ipam,
                  @JsonProperty("Options") Map<String, String> options,
                  @JsonProperty("Labels") Map<String, String> labels) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Ipam(@JsonProperty("Driver") String driver,
                @JsonProperty("Config") List<IpamConfig> config,
                @JsonProperty("Options") Map<String, String> options) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record IpamConfig(@JsonProperty("Subnet") String subnet,
                      @JsonProperty("IPRange") String ipRange,
                      @JsonProperty("Gateway") String gateway,
                      @JsonProperty("AuxiliaryAddresses") Map<String, String> auxiliaryAddresses) {
    }

    /** POST /networks/{id}/connect, and NetworkingConfig.EndpointsConfig entries of a container create */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Connect(@JsonProperty("Container") String container,
                   @JsonProperty("EndpointConfig") EndpointConfig endpointConfig) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record EndpointConfig(@JsonProperty("Aliases") List<String> aliases,
                          @JsonProperty("IPAMConfig") EndpointIpam ipamConfig,
                          @JsonProperty("Links") List<String> links) {
        String ipv4() {
            return ipamConfig == null ? null : ipamConfig.ipv4Address();
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record EndpointIpam(@JsonProperty("IPv4Address") String ipv4Address,
                        @JsonProperty("IPv6Address") String ipv6Address) {
    }

    /** POST /networks/{id}/disconnect */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Disconnect(@JsonProperty("Container") String container, @JsonProperty("Force") Boolean force) {
    }
}
