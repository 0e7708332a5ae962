/**
 * dataplane: what users write for it (Calico's own spellings, other tools' words, wrong types), the
 * combinations Calico's eBPF dataplane rules out on EKS, and what the plan must show for each dataplane.
 */
import { expect } from "chai";
import { Catalogue } from "../../support/catalogue";

const SET_BPF = /^pulumi config set 'dataplane' BPF$/;

export const catalogue: Catalogue = {
    area: "dataplane",
    refused: [
        { name: "eBPF, as the docs call it", config: { dataplane: "eBPF" }, key: "dataplane", message: /"eBPF" is not one of "Iptables", "BPF"/, fix: SET_BPF },
        { name: "bpf in lower case", config: { dataplane: "bpf" }, key: "dataplane", message: /not one of "Iptables", "BPF"/, fix: SET_BPF },
        { name: "iptables in lower case", config: { dataplane: "iptables" }, key: "dataplane", message: /not one of/, fix: /^pulumi config set 'dataplane' Iptables$/ },
        {
            name: "Nftables, a Calico dataplane this program does not offer",
            config: { dataplane: "Nftables" },
            key: "dataplane",
            message: /"Nftables" is not one of "Iptables", "BPF"/,
            fix: /^pulumi config set 'dataplane' (Iptables|BPF)$/,
        },
        { name: "VPP, a Calico dataplane this program does not offer", config: { dataplane: "VPP" }, key: "dataplane", message: /not one of "Iptables", "BPF"/, fix: /'dataplane'/ },
        { name: "a boolean, like the wireguard and calicoMetrics switches", config: { dataplane: true }, key: "dataplane", message: /true is not one of "Iptables", "BPF"/, fix: /'dataplane'/ },
        {
            name: "BPF on a cluster whose bootstrap add-ons EKS installs (a self-managed kube-proxy)",
            config: { dataplane: "BPF", bootstrapSelfManagedAddons: true },
            key: "dataplane",
            message: /self-managed kube-proxy DaemonSet.*this program does not own/,
            fix: /^pulumi config set 'bootstrapSelfManagedAddons' false \(read only when the cluster is created.*\), or pulumi config set 'dataplane' Iptables$/,
        },
        {
            name: "an add-on on kube-proxy's metrics port while kube-proxy runs (Iptables)",
            config: { metricsServerPort: 10249 },
            key: "metricsServerPort",
            message: /TCP\/10249 is bound by both kube-proxy \(metrics\) and metrics-server/,
            fix: /'metricsServerPort'/,
        },
        {
            name: "an add-on on the kube-proxy health port under BPF (Felix serves it then)",
            config: { dataplane: "BPF", metricsServerPort: 10256 },
            key: "metricsServerPort",
            message: /TCP\/10256 is bound by both calico-node \(kube-proxy health, served by Felix in eBPF mode/,
            fix: /'metricsServerPort'/,
        },
    ],
    accepted: [
        {
            name: "the default stays Iptables with the kube-proxy add-on and its ports",
            config: {},
            plan: [
                /^Iptables: Felix programs iptables; kube-proxy \(EKS managed add-on\)/m,
                /TCP\/10249\s+kube-proxy\s+metrics/,
                /TCP\/10256\s+kube-proxy\s+health/,
                /kube-proxy add-on, OIDC provider/,
                /dataplane Iptables/,
            ],
            check: config => expect(config.calico.dataplane).to.equal("Iptables"),
        },
        {
            name: "BPF: no kube-proxy add-on, Felix on the kube-proxy health port, the API endpoint and VPC resolver (v3.31.x)",
            config: { dataplane: "BPF" },
            plan: [
                /^BPF: Felix's eBPF programs handle policy and Services; no kube-proxy add-on/m,
                /TCP\/10256\s+calico-node\s+kube-proxy health, served by Felix/,
                /no kube-proxy \(Calico's eBPF dataplane replaces it\), OIDC provider/,
                /install tigera-operator v3\.31\.2 with cni Calico, BGP disabled, dataplane BPF/,
                /port 443 \(ConfigMap tigera-operator\/kubernetes-services-endpoint\)/,
                /VPC resolver 169\.254\.169\.253 \(after cluster DNS, 1 s timeout/,
            ],
            check: config => expect(config.calico.dataplane).to.equal("BPF"),
        },
        {
            name: "BPF on v3.32.1: the operator's dnsPolicy is None",
            config: { dataplane: "BPF", calicoVersion: "v3.32.1" },
            plan: [/VPC resolver 169\.254\.169\.253 \(dnsPolicy None\)/],
        },
        {
            name: "BPF frees kube-proxy's metrics port for an add-on",
            config: { dataplane: "BPF", metricsServerPort: 10249 },
            plan: [/TCP\/10249\s+metrics-server/, /no clashes/],
        },
        {
            name: "BPF with a pinned AMI: warned, its kernel cannot be checked offline",
            config: { dataplane: "BPF", nodeGroups: [{ amiId: "ami-0123456789abcdef0" }] },
            warnings: [/calico-eks:nodeGroups\[0\]\.amiId: Calico's eBPF dataplane needs a Linux kernel 5\.3 or newer.*Fix: pin an EKS-optimized Amazon Linux 2023 AMI/],
            plan: [/dataplane BPF/],
        },
        {
            name: "BPF on Graviton (arm64) node groups",
            config: { dataplane: "BPF", nodeGroups: [{ instanceTypes: ["m7g.large"] }] },
            plan: [/m7g\.large, arm64/, /dataplane BPF/],
        },
        {
            name: "a pinned AMI under Iptables is not warned about kernels",
            config: { nodeGroups: [{ amiId: "ami-0123456789abcdef0" }] },
            plan: [/dataplane Iptables/],
            check: config => expect(config.nodeGroups[0].amiId).to.equal("ami-0123456789abcdef0"),
        },
    ],
};
