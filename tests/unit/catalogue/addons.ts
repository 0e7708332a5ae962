/**
 * Add-on mistakes: host ports (the kubelet's, Calico's, each other's, the EFS tunnel range, NodePorts),
 * external-dns domain filters, toggles and chart versions.
 */
import { expect } from "chai";
import { Catalogue } from "../../support/catalogue";

const PORT_FIX = /^pulumi config set '(\w+)' <a free port/;
const domainFix = (index: number, domain: string) => new RegExp(`^pulumi config set --path 'externalDnsDomainFilters\\[${index}\\]' ${domain.replace(/\./g, "\\.")}$`);
const ON = { externalDnsEnabled: true };

export const catalogue: Catalogue = {
    area: "addons",
    refused: [
        // Host ports: what is always on the node.
        { name: "metrics-server back on its chart default, the kubelet's port", config: { metricsServerPort: 10250 }, key: "metricsServerPort", message: /TCP\/10250 is bound by both kubelet \(kubelet API/, fix: PORT_FIX },
        { name: "cert-manager webhook on its chart default 10250", config: { certManagerEnabled: true, certManagerWebhookPort: 10250 }, key: "certManagerWebhookPort", message: /both kubelet .* and cert-manager \(webhook secure port\)/, fix: PORT_FIX },
        { name: "cert-manager webhook on the Calico API server's port", config: { certManagerEnabled: true, certManagerWebhookPort: 5443 }, key: "certManagerWebhookPort", message: /both calico-apiserver/, fix: PORT_FIX },
        { name: "metrics-server on Typha's port", config: { metricsServerPort: 5473 }, key: "metricsServerPort", message: /TCP\/5473 .*calico-typha/, fix: PORT_FIX },
        { name: "metrics-server on Felix's health port", config: { metricsServerPort: 9099 }, key: "metricsServerPort", message: /TCP\/9099 .*calico-node \(Felix health/, fix: PORT_FIX },
        { name: "metrics-server on kube-proxy's health port", config: { metricsServerPort: 10256 }, key: "metricsServerPort", message: /kube-proxy \(health\)/, fix: PORT_FIX },
        { name: "webhook on the kubelet's localhost health port", config: { loadBalancerControllerWebhookPort: 10248 }, key: "loadBalancerControllerWebhookPort", message: /kubelet \(kubelet health/, fix: PORT_FIX },
        // Host ports: add-ons against each other and themselves.
        { name: "controller webhook on metrics-server's port", config: { loadBalancerControllerWebhookPort: 4443 }, key: "loadBalancerControllerWebhookPort", message: /both AWS Load Balancer Controller \(admission webhook\) and metrics-server/, fix: /\(or change metricsServerPort\)$/ },
        { name: "controller webhook on the controller's own metrics port 8080", config: { loadBalancerControllerWebhookPort: 8080 }, key: "loadBalancerControllerWebhookPort", message: /AWS Load Balancer Controller \(metrics\) and AWS Load Balancer Controller \(admission webhook\)/, fix: PORT_FIX },
        { name: "cert-manager webhook on its own metrics port", config: { certManagerEnabled: true, certManagerWebhookPort: 9402 }, key: "certManagerWebhookPort", message: /cert-manager \(webhook metrics\) and cert-manager \(webhook secure port\)/, fix: PORT_FIX },
        { name: "metrics-server on the EFS node plugin's health port", config: { efsCsiDriverEnabled: true, metricsServerPort: 9809 }, key: "metricsServerPort", message: /Amazon EFS CSI driver \(node plugin health\)/, fix: PORT_FIX },
        // Host ports: the EFS TLS tunnel range.
        { name: "controller webhook moved into the EFS tunnel range", config: { efsCsiDriverEnabled: true, loadBalancerControllerWebhookPort: 20100 }, key: "loadBalancerControllerWebhookPort", message: /TCP\/20100 is bound by both Amazon EFS CSI driver \(TLS mount tunnels .*TCP\/20049–21049\)/, fix: PORT_FIX },
        { name: "metrics-server on the first EFS tunnel port (NFS 2049 + 18000)", config: { efsCsiDriverEnabled: true, metricsServerPort: 20049 }, key: "metricsServerPort", message: /TCP\/20049 .*Amazon EFS CSI driver/, fix: PORT_FIX },
        { name: "cert-manager on the last EFS tunnel port", config: { efsCsiDriverEnabled: true, certManagerEnabled: true, certManagerWebhookPort: 21049 }, key: "certManagerWebhookPort", message: /TCP\/21049 .*Amazon EFS CSI driver/, fix: PORT_FIX },
        // Host ports: out of range, and NodePorts.
        { name: "a privileged port (443, from the webhook Service's port)", config: { metricsServerPort: 443 }, key: "metricsServerPort", message: /outside 1024–65535/, fix: PORT_FIX },
        { name: "a port above 65535", config: { certManagerWebhookPort: 70000 }, key: "certManagerWebhookPort", message: /outside 1024–65535/, fix: PORT_FIX },
        { name: "port 0 (\"any free port\" in other tools)", config: { loadBalancerControllerWebhookPort: 0 }, key: "loadBalancerControllerWebhookPort", message: /outside 1024–65535/, fix: PORT_FIX },
        { name: "a port written with a unit", config: { metricsServerPort: "4443/TCP" }, key: "metricsServerPort", message: /whole number/, fix: /pulumi config set 'metricsServerPort'/ },
        { name: "a webhook in the NodePort range", config: { loadBalancerControllerWebhookPort: 30443 }, key: "loadBalancerControllerWebhookPort", message: /NodePort range 30000–32767/, fix: /below 30000/ },
        { name: "metrics-server on the last NodePort", config: { metricsServerPort: 32767 }, key: "metricsServerPort", message: /NodePort range/, fix: /below 30000/ },
        // external-dns domain filters.
        { name: "external-dns on with no domain", config: ON, key: "externalDnsDomainFilters", message: /every hosted zone/, fix: /externalDnsDomainFilters\[0\]' example\.com/ },
        { name: "a URL as a domain filter", config: { ...ON, externalDnsDomainFilters: ["https://example.com"] }, key: "externalDnsDomainFilters[0]", message: /a URL, not a domain/, fix: domainFix(0, "example.com") },
        { name: "a URL with a trailing slash", config: { ...ON, externalDnsDomainFilters: ["example.com", "http://apps.example.com/"] }, key: "externalDnsDomainFilters[1]", message: /a URL/, fix: domainFix(1, "apps.example.com") },
        { name: "a wildcard record name as a filter", config: { ...ON, externalDnsDomainFilters: ["*.apps.example.com"] }, key: "externalDnsDomainFilters[0]", message: /wildcard/, fix: domainFix(0, "apps.example.com") },
        { name: "a zone name with its trailing dot (Route 53 console style)", config: { ...ON, externalDnsDomainFilters: ["example.com."] }, key: "externalDnsDomainFilters[0]", message: /trailing dot/, fix: domainFix(0, "example.com") },
        { name: "a domain in capitals", config: { ...ON, externalDnsDomainFilters: ["Example.COM"] }, key: "externalDnsDomainFilters[0]", message: /lowercase/, fix: domainFix(0, "example.com") },
        { name: "a comma-separated list in one entry (the CLI flag habit)", config: { ...ON, externalDnsDomainFilters: ["a.example.com,b.example.com"] }, key: "externalDnsDomainFilters[0]", message: /one domain per entry/, fix: /'externalDnsDomainFilters\[0\]' a\.example\.com and .*'externalDnsDomainFilters\[1\]' b\.example\.com$/ },
        { name: "an empty entry (a stray `- ` in YAML)", config: { ...ON, externalDnsDomainFilters: ["example.com", ""] }, key: "externalDnsDomainFilters[1]", message: /empty .* every hosted zone/, fix: /^pulumi config rm --path 'externalDnsDomainFilters\[1\]'$/ },
        { name: "the same domain twice", config: { ...ON, externalDnsDomainFilters: ["example.com", "example.com"] }, key: "externalDnsDomainFilters[1]", message: /listed twice/, fix: /^pulumi config rm --path 'externalDnsDomainFilters\[1\]'$/ },
        { name: "a host with a port", config: { ...ON, externalDnsDomainFilters: ["example.com:443"] }, key: "externalDnsDomainFilters[0]", message: /no port/, fix: domainFix(0, "example.com") },
        { name: "an IP address", config: { ...ON, externalDnsDomainFilters: ["192.0.2.10"] }, key: "externalDnsDomainFilters[0]", message: /IP address/, fix: /<a domain/ },
        { name: "an underscore in a label", config: { ...ON, externalDnsDomainFilters: ["team_a.example.com"] }, key: "externalDnsDomainFilters[0]", message: /letters, digits and hyphens/, fix: /<a domain/ },
        { name: "a bad filter while external-dns is still off", config: { externalDnsDomainFilters: ["https://example.com"] }, key: "externalDnsDomainFilters[0]", message: /a URL/, fix: domainFix(0, "example.com") },
        // Toggles.
        { name: "a toggle written as on", config: { certManagerEnabled: "on" }, key: "certManagerEnabled", message: /true or false/, fix: /^pulumi config set 'certManagerEnabled' true$/ },
        { name: "a toggle written as yes", config: { efsCsiDriverEnabled: "yes" }, key: "efsCsiDriverEnabled", message: /true or false/, fix: /^pulumi config set 'efsCsiDriverEnabled'/ },
        { name: "both two-replica add-ons with one starting node", config: { nodeGroups: [{ minSize: 1, desiredSize: 1 }] }, key: "nodeGroups[0].desiredSize", message: /two replicas that can never share a node/, fix: /desiredSize' 2.*or disable those add-ons/ },
        // User values (<addon>Values) over what the overlay needs.
        { name: "the cert-manager webhook taken off the host network in values", config: { certManagerValues: { webhook: { hostNetwork: false } } }, key: "certManagerValues.webhook.hostNetwork", message: /changes webhook\.hostNetwork, which the program sets to true: the control plane calls its webhooks/, fix: /^pulumi config rm --path 'certManagerValues\.webhook\.hostNetwork' \(use certManagerValues for the chart's other values\)$/ },
        { name: "the cert-manager webhook port moved in values instead of certManagerWebhookPort", config: { certManagerEnabled: true, certManagerValues: { webhook: { securePort: 10250 } } }, key: "certManagerValues.webhook.securePort", message: /set by certManagerWebhookPort/, fix: /move the port with pulumi config set 'certManagerWebhookPort'/ },
        { name: "metrics-server's port moved in values (the chart's containerPort)", config: { metricsServerValues: { containerPort: 10250 } }, key: "metricsServerValues.containerPort", message: /set by metricsServerPort/, fix: /pulumi config set 'metricsServerPort'/ },
        { name: "the controller's webhook mapping cleared with null", config: { loadBalancerControllerValues: { hostNetwork: null } }, key: "loadBalancerControllerValues.hostNetwork", message: /hostNetwork/, fix: /config rm --path 'loadBalancerControllerValues\.hostNetwork'/ },
        { name: "the controller's anti-affinity replaced by a list", config: { loadBalancerControllerValues: { affinity: [] } }, key: "loadBalancerControllerValues.affinity", message: /^sets affinity to \[\], which changes affinity\.podAntiAffinity/, fix: /config rm --path 'loadBalancerControllerValues\.affinity'/ },
        { name: "EFS node plugin DNS policy back to the chart's", config: { efsCsiDriverValues: { node: { dnsPolicy: "ClusterFirst" } } }, key: "efsCsiDriverValues.node.dnsPolicy", message: /VPC resolver/, fix: /config rm/ },
        { name: "user values as text instead of a mapping", config: { metricsServerValues: "resources.requests.cpu=100m" }, key: "metricsServerValues", message: /expected a mapping \(chart values\)/, fix: /YAML/ },
        // Chart versions.
        { name: "an enabled add-on with an empty version", config: { metricsServerVersion: "" }, key: "metricsServerVersion", message: /no chart version/, fix: /^pulumi config set 'metricsServerVersion' 3\.13\.0$/ },
        { name: "version latest", config: { loadBalancerControllerVersion: "latest" }, key: "loadBalancerControllerVersion", message: /not a chart version/, fix: /^pulumi config set 'loadBalancerControllerVersion' 1\.14\.1$/ },
        { name: "a minor version only", config: { metricsServerVersion: "3.13" }, key: "metricsServerVersion", message: /not a chart version/, fix: /'metricsServerVersion' 3\.13\.0$/ },
        { name: "a version range", config: { certManagerEnabled: true, certManagerVersion: "^1.19.0" }, key: "certManagerVersion", message: /not a range/, fix: /'certManagerVersion' v1\.19\.1$/ },
        { name: "the controller's application version instead of its chart version", config: { loadBalancerControllerVersion: "v2.14.1" }, key: "loadBalancerControllerVersion", message: /another major release than the 1\.x/, fix: /'loadBalancerControllerVersion' 1\.14\.1$/ },
        { name: "metrics-server's application version instead of its chart version", config: { metricsServerVersion: "0.8.0" }, key: "metricsServerVersion", message: /another major release than the 3\.x/, fix: /'metricsServerVersion' 3\.13\.0$/ },
        { name: "cert-manager without its v", config: { certManagerEnabled: true, certManagerVersion: "1.19.1" }, key: "certManagerVersion", message: /with a leading "v"/, fix: /^pulumi config set 'certManagerVersion' v1\.19\.1$/ },
        { name: "metrics-server with a v it does not have", config: { metricsServerVersion: "v3.13.0" }, key: "metricsServerVersion", message: /without a leading "v"/, fix: /^pulumi config set 'metricsServerVersion' 3\.13\.0$/ },
        { name: "a bad version of a disabled add-on (caught before it is turned on)", config: { clusterAutoscalerVersion: "1.33" }, key: "clusterAutoscalerVersion", message: /not a chart version/, fix: /9\.50\.1$/ },
    ],
    accepted: [
        {
            name: "the defaults: controller and metrics-server on the host network, no clash",
            config: {},
            plan: [/TCP\/9443 +AWS Load Balancer Controller +admission webhook +loadBalancerControllerWebhookPort/, /TCP\/4443 +metrics-server/, /no clashes/],
        },
        {
            name: "EFS on: its TLS tunnel range is in the plan",
            config: { efsCsiDriverEnabled: true },
            plan: [/TCP\/20049–21049 +Amazon EFS CSI driver +TLS mount tunnels/, /TCP\/9809 +Amazon EFS CSI driver/, /Amazon EFS CSI driver 3\.2\.3 \(host network\)/],
        },
        {
            name: "ports right beside the EFS range",
            config: { efsCsiDriverEnabled: true, metricsServerPort: 20048, loadBalancerControllerWebhookPort: 21050 },
            plan: [/TCP\/20048 +metrics-server/, /TCP\/21050 +AWS Load Balancer Controller/, /no clashes/],
        },
        {
            name: "a port inside the EFS range while EFS is off",
            config: { loadBalancerControllerWebhookPort: 20100 },
            plan: [/TCP\/20100 +AWS Load Balancer Controller/],
            check: config => expect(config.addons.loadBalancerController.webhookPort).to.equal(20100),
        },
        {
            name: "metrics-server on 4789: TCP, while VXLAN's 4789 is UDP",
            config: { metricsServerPort: 4789 },
            plan: [/UDP\/4789 +calico-node/, /TCP\/4789 +metrics-server/, /no clashes/],
        },
        {
            name: "the cert-manager webhook's chart default 10250 while cert-manager is off",
            config: { certManagerWebhookPort: 10250 },
            plan: [/no clashes/],
        },
        {
            name: "a port just below the NodePort range",
            config: { metricsServerPort: 29999 },
            plan: [/TCP\/29999 +metrics-server/],
        },
        {
            name: "a port in the ephemeral range, with a warning",
            config: { loadBalancerControllerWebhookPort: 40443 },
            warnings: [/loadBalancerControllerWebhookPort: port 40443 is in Linux's ephemeral port range 32768–60999/],
            plan: [/TCP\/40443 +AWS Load Balancer Controller/],
        },
        {
            name: "every add-on on at its defaults",
            config: { certManagerEnabled: true, externalDnsEnabled: true, externalDnsDomainFilters: ["example.com"], clusterAutoscalerEnabled: true, ebsCsiDriverEnabled: true, efsCsiDriverEnabled: true, nodeProblemDetectorEnabled: true },
            plan: [/no clashes/, /cert-manager v1\.19\.1 \(host network\)/, /external-dns 1\.19\.0/],
        },
        {
            name: "external-dns with several domains, subdomains and punycode",
            config: { ...ON, externalDnsDomainFilters: ["example.com", "team-a.apps.example.co.uk", "xn--bcher-kva.example"] },
            plan: [/external-dns 1\.19\.0/],
            check: config => expect(config.addons.externalDns.domainFilters).to.deep.equal(["example.com", "team-a.apps.example.co.uk", "xn--bcher-kva.example"]),
        },
        {
            name: "a filter with spaces around it (trimmed, as external-dns does)",
            config: { ...ON, externalDnsDomainFilters: [" example.com "] },
            plan: [/- example\.com/],
            check: config => expect(config.addons.externalDns.domainFilters).to.deep.equal(["example.com"]),
        },
        {
            name: "external-dns's leading-dot form (subdomains only), with a warning",
            config: { ...ON, externalDnsDomainFilters: [".internal.example.com"] },
            warnings: [/externalDnsDomainFilters\[0\]: ".internal.example.com" \(leading dot\) matches only names and hosted zones below internal\.example\.com/],
            plan: [/- \.internal\.example\.com/],
        },
        {
            name: "a newer patch release of a pinned chart",
            config: { metricsServerVersion: "3.13.1" },
            plan: [/metrics-server 3\.13\.1 \(host network\)/],
        },
        {
            name: "toggles given as the strings pulumi config set writes",
            config: { metricsServerEnabled: "false", certManagerEnabled: "true" },
            plan: [/cert-manager v1\.19\.1/],
            check: config => expect([config.addons.metricsServer.enabled, config.addons.certManager.enabled]).to.deep.equal([false, true]),
        },
        {
            name: "user values beside the guarded ones, listed in the plan",
            config: { metricsServerValues: { resources: { requests: { cpu: "100m" } }, args: ["--kubelet-insecure-tls"] }, loadBalancerControllerValues: { podLabels: { team: "platform" } } },
            plan: [/metrics-server .*metricsServerValues: resources, args/, /loadBalancerControllerValues: podLabels/],
            check: config => expect(config.addons.metricsServer.values).to.deep.equal({ resources: { requests: { cpu: "100m" } }, args: ["--kubelet-insecure-tls"] }),
        },
        {
            name: "a guarded value given as the program sets it",
            config: { metricsServerValues: { hostNetwork: { enabled: true }, containerPort: 4443 } },
            plan: [/metricsServerValues: hostNetwork, containerPort/],
        },
        {
            name: "one starting node when neither two-replica add-on is on",
            config: { nodeGroups: [{ minSize: 1, desiredSize: 1 }], loadBalancerControllerEnabled: false, metricsServerEnabled: false },
            plan: [/default \(m5\.large, x86_64, 1\/1\/3/],
        },
    ],
};
