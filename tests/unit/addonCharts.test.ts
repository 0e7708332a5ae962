/**
 * What the add-on values rely on, read from the real charts at the pinned versions: if a chart bump moves
 * one of these facts, this fails before a cluster does.
 */
import { expect } from "chai";
import { ADDONS } from "../../components/addons/definitions";
import { hostPortPlan } from "../../components/addons/hostPorts";
import { AddonName } from "../../components/addons/types";
import { resolveConfig } from "../../components/stack/resolve";
import { chartFile, chartValues } from "../support/referenceChart";

const definition = (name: AddonName) => ADDONS.find(a => a.name === name)!;
const pinned = (name: AddonName): [string, string] => [definition(name).chart.chart, definition(name).chart.version];

describe("add-on facts from the real charts", () => {
    describe("metrics-server", () => {
        const [chart, version] = pinned("metricsServer");
        const template = chartFile(chart, version, "templates/deployment.yaml");

        it("offers no DNS policy, so its host-network pod gets ClusterFirst, which falls back to the node's resolver", () => {
            expect(template).to.not.match(/dnsPolicy/);
            expect(template).to.match(/\{\{- if \.Values\.hostNetwork\.enabled \}\}\s+hostNetwork: true/);
            expect(chartValues(chart, version).dnsConfig).to.deep.equal({});
        });

        it("needs no name resolution: kubelets by node IP first, the API server by KUBERNETES_SERVICE_HOST", () => {
            expect(chartValues(chart, version).defaultArgs).to.include("--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname");
        });

        it("binds exactly the port our values move", () => {
            expect(template).to.include('printf "--secure-port=%d" (int .Values.containerPort)');
            expect(template).to.match(/containerPort: \{\{ \.Values\.containerPort \}\}/);
        });
    });

    describe("Amazon EFS CSI driver", () => {
        const [chart, version] = pinned("efsCsiDriver");
        const daemonSet = chartFile(chart, version, "templates/node-daemonset.yaml");
        const values = chartValues(chart, version);

        it("always runs the node plugin on the host network, with the DNS policy from node.dnsPolicy (ClusterFirst by default)", () => {
            expect(daemonSet).to.match(/^ {6}hostNetwork: true$/m);
            expect(daemonSet).to.match(/^ {6}dnsPolicy: \{\{ \.Values\.node\.dnsPolicy \}\}$/m);
            expect(values.node.dnsPolicy).to.equal("ClusterFirst");
        });

        it("opens its TLS mount tunnels up to portRangeUpperBound, the end of the range in the host-port plan", () => {
            expect(daemonSet).to.match(/name: PORT_RANGE_UPPER_BOUND\s+value: "\{\{ \.Values\.portRangeUpperBound \}\}"/);
            const tunnels = hostPortPlan(resolveConfig({ efsCsiDriverEnabled: true }).addons).owners.find(o => o.lastPort !== undefined)!;
            expect(tunnels.lastPort).to.equal(Number(values.portRangeUpperBound));
        });

        it("binds its health port on the node where the plan says", () => {
            const planned = hostPortPlan(resolveConfig({ efsCsiDriverEnabled: true }).addons).owners.filter(o => o.addon === "efsCsiDriver" && o.lastPort === undefined);
            expect(planned.map(o => o.port)).to.deep.equal([values.node.healthPort]);
        });
    });

    describe("AWS Load Balancer Controller", () => {
        const [chart, version] = pinned("loadBalancerController");
        const webhooks = chartFile(chart, version, "templates/webhook.yaml");
        const values = chartValues(chart, version);

        it("registers a Service mutating webhook for every Service, failing closed by default", () => {
            expect(values.enableServiceMutatorWebhook).to.equal(true);
            expect(values.serviceMutatorWebhookConfig.failurePolicy).to.equal("Fail");
            // Only its own Services are excluded: the selector cannot tell a LoadBalancer Service from others.
            expect(values.serviceMutatorWebhookConfig.objectSelector).to.deep.equal({ matchExpressions: [], matchLabels: {} });
            expect(webhooks).to.match(/path: \/mutate-v1-service\s+failurePolicy: \{\{ \.Values\.serviceMutatorWebhookConfig\.failurePolicy \}\}/);
        });

        it("limits the Pod webhook to namespaces that opt in, failing open", () => {
            expect(values.podMutatorWebhookConfig.failurePolicy).to.equal("Ignore");
            expect(webhooks).to.match(/key: elbv2\.k8s\.aws\/pod-readiness-gate-inject/);
        });

        it("validates every Ingress, of any class, failing closed unless Ingress validation is switched off", () => {
            expect(webhooks).to.match(/\{\{- if not \$\.Values\.webhookConfig\.disableIngressValidation \}\}[\s\S]*path: \/validate-networking-v1-ingress\s+failurePolicy: Fail/);
            expect(values.webhookConfig.disableIngressValidation).to.equal(null);
        });

        it("takes the bind port, host network and DNS policy our values set", () => {
            const deployment = chartFile(chart, version, "templates/deployment.yaml");
            expect(deployment).to.include("--webhook-bind-port={{ .Values.webhookBindPort }}");
            expect(deployment).to.match(/\{\{- if \.Values\.hostNetwork \}\}\s+hostNetwork: true/);
            expect(deployment).to.match(/dnsPolicy: \{\{ \.Values\.dnsPolicy \}\}/);
        });
    });
});
