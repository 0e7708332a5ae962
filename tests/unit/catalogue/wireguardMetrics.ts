/**
 * WireGuard (`wireguard`) and Felix/Typha metrics (`calicoMetrics`, `felixMetricsPort`, `typhaMetricsPort`):
 * the metrics ports against everything else on the node, out-of-range ports, wrong types, and pinned AMIs.
 */
import { expect } from "chai";
import { Catalogue } from "../../support/catalogue";
import { systemHostPorts } from "../../../components/calico/calicoHostPorts";

const PORT_FIX = /^pulumi config set '(felixMetricsPort|typhaMetricsPort)' <a free port/;
const ON = { calicoMetrics: true };

export const catalogue: Catalogue = {
    area: "wireguard and metrics",
    refused: [
        // Metrics ports against what is always on the node.
        {
            name: "Felix metrics on Felix's own health port",
            config: { ...ON, felixMetricsPort: 9099 },
            key: "felixMetricsPort",
            message: /TCP\/9099 is bound by both calico-node \(Felix health .*\) and calico-node \(Felix Prometheus metrics\)/,
            fix: PORT_FIX,
        },
        {
            name: "Typha metrics on Typha's own port (Felix connections)",
            config: { ...ON, typhaMetricsPort: 5473 },
            key: "typhaMetricsPort",
            message: /TCP\/5473 .*calico-typha \(Typha \(Felix connections\)\) and calico-typha \(Typha Prometheus metrics\)/,
            fix: PORT_FIX,
        },
        { name: "Typha metrics on Typha's health port", config: { ...ON, typhaMetricsPort: 9098 }, key: "typhaMetricsPort", message: /TCP\/9098 .*Typha health/, fix: PORT_FIX },
        { name: "Felix metrics on the kubelet's port", config: { ...ON, felixMetricsPort: 10250 }, key: "felixMetricsPort", message: /TCP\/10250 .*kubelet/, fix: PORT_FIX },
        { name: "Felix metrics on kube-proxy's metrics port", config: { ...ON, felixMetricsPort: 10249 }, key: "felixMetricsPort", message: /TCP\/10249 .*kube-proxy \(metrics\)/, fix: PORT_FIX },
        { name: "Typha metrics on the Calico API server's port", config: { ...ON, typhaMetricsPort: 5443 }, key: "typhaMetricsPort", message: /calico-apiserver/, fix: PORT_FIX },
        // Against each other and the add-ons.
        {
            name: "Felix and Typha metrics on one port (Typha runs on some of the nodes Felix runs on)",
            config: { ...ON, felixMetricsPort: 9093 },
            key: "felixMetricsPort",
            message: /TCP\/9093 .*Felix Prometheus metrics.*Typha Prometheus metrics/,
            fix: /\(or change typhaMetricsPort\)$/,
        },
        {
            name: "Typha metrics on the load balancer controller's webhook port",
            config: { ...ON, typhaMetricsPort: 9443 },
            key: "typhaMetricsPort",
            message: /TCP\/9443 .*AWS Load Balancer Controller \(admission webhook\)/,
            fix: /\(or change loadBalancerControllerWebhookPort\)$/,
        },
        {
            name: "metrics-server moved onto Felix's metrics port",
            config: { ...ON, metricsServerPort: 9091 },
            key: "felixMetricsPort",
            message: /TCP\/9091 .*metrics-server/,
            fix: /\(or change metricsServerPort\)$/,
        },
        {
            name: "Felix metrics on cert-manager's webhook metrics port",
            config: { ...ON, certManagerEnabled: true, felixMetricsPort: 9402 },
            key: "felixMetricsPort",
            message: /cert-manager \(webhook metrics\)/,
            fix: PORT_FIX,
        },
        {
            name: "Typha metrics on the load balancer controller's own metrics port 8080",
            config: { ...ON, typhaMetricsPort: 8080 },
            key: "typhaMetricsPort",
            message: /AWS Load Balancer Controller \(metrics\)/,
            fix: PORT_FIX,
        },
        {
            name: "Felix metrics inside the EFS tunnel range",
            config: { ...ON, efsCsiDriverEnabled: true, felixMetricsPort: 20500 },
            key: "felixMetricsPort",
            message: /Amazon EFS CSI driver \(TLS mount tunnels/,
            fix: PORT_FIX,
        },
        // Out of range.
        { name: "a privileged port (Prometheus's habit of :80 behind a proxy)", config: { ...ON, felixMetricsPort: 80 }, key: "felixMetricsPort", message: /outside 1024–65535/, fix: PORT_FIX },
        { name: "Typha metrics in the NodePort range", config: { ...ON, typhaMetricsPort: 30093 }, key: "typhaMetricsPort", message: /NodePort range 30000–32767/, fix: /below 30000/ },
        { name: "a bad port while calicoMetrics is still off", config: { felixMetricsPort: 70000 }, key: "felixMetricsPort", message: /outside 1024–65535/, fix: PORT_FIX },
        // Wrong types.
        {
            name: "a metrics port written with its protocol",
            config: { ...ON, typhaMetricsPort: "9093/TCP" },
            key: "typhaMetricsPort",
            message: /whole number/,
            fix: /pulumi config set 'typhaMetricsPort'/,
        },
        { name: "wireguard written as yes", config: { wireguard: "yes" }, key: "wireguard", message: /true or false/, fix: /^pulumi config set 'wireguard'/ },
        { name: "calicoMetrics written as enabled", config: { calicoMetrics: "enabled" }, key: "calicoMetrics", message: /true or false/, fix: /^pulumi config set 'calicoMetrics'/ },
    ],
    accepted: [
        {
            name: "WireGuard on: its UDP port is in the plan, beside VXLAN's, and the plan says what is applied",
            config: { wireguard: true },
            plan: [
                /UDP\/51820 +calico-node +WireGuard/,
                /UDP\/4789 +calico-node +VXLAN/,
                /apply wireguardEnabled: true to FelixConfiguration default/,
                /pod traffic between nodes: encrypted \(WireGuard, UDP\/51820\)/,
                /no clashes/,
            ],
        },
        {
            name: "metrics on at Calico's default ports",
            config: ON,
            plan: [
                /TCP\/9091 +calico-node +Felix Prometheus metrics +felixMetricsPort/,
                /TCP\/9093 +calico-typha +Typha Prometheus metrics +typhaMetricsPort/,
                /ServiceMonitors calico-felix and calico-typha/,
                /no clashes/,
            ],
        },
        {
            name: "metrics moved off ports a node daemon of the user's already binds",
            config: { ...ON, felixMetricsPort: 9191, typhaMetricsPort: 9193 },
            plan: [/TCP\/9191 +calico-node +Felix Prometheus metrics/, /TCP\/9193 +calico-typha/],
        },
        {
            name: "everything off (the default): no WireGuard or metrics port is bound",
            config: {},
            plan: [/no clashes/, /pod traffic between nodes: not encrypted \(VXLAN\); wireguard: true encrypts it/],
            check: config => expect(systemHostPorts(config.calico).filter(p => [51820, 9091, 9093].includes(p.port))).to.deep.equal([]),
        },
        {
            name: "a metrics port in Linux's ephemeral range: accepted, with a warning",
            config: { ...ON, felixMetricsPort: 40000 },
            warnings: [/felixMetricsPort: port 40000 is in Linux's ephemeral port range/],
            plan: [/TCP\/40000 +calico-node +Felix Prometheus metrics/],
        },
        {
            name: "WireGuard with a pinned AMI: accepted, with a warning that its kernel needs the module",
            config: { wireguard: true, nodeGroups: [{ amiId: "ami-0123456789abcdef0" }] },
            warnings: [/nodeGroups\[0\]\.amiId: wireguard is on and ami-0123456789abcdef0 is pinned: .*wireguard module.*unencrypted/],
            plan: [/UDP\/51820/],
        },
        {
            name: "metrics ports set while calicoMetrics is off: kept for later, nothing bound",
            config: { felixMetricsPort: 9191 },
            plan: [/felixMetricsPort: 9191/],
            check: config => expect(systemHostPorts(config.calico).map(p => p.port)).to.not.include(9191),
        },
    ],
};
