/**
 * Prometheus metrics of Felix and Typha (`calicoMetrics: true`). Pure.
 *
 * The Installation has a field for each (`nodeMetricsPort`, `typhaMetricsPort`, int32, in the Installation
 * CRD of every supported release); the operator turns them into FELIX_PROMETHEUSMETRICSENABLED/PORT on
 * calico-node and TYPHA_PROMETHEUSMETRICSENABLED/PORT on calico-typha, both on the host network, so the ports
 * are bound on every node (Typha's only where a Typha replica runs, planned as every node all the same).
 *
 * What exists to scrape them (tigera/operator v1.40–v1.42, pkg/render): Typha gets a Service
 * `calico-typha-metrics` (label `k8s-app: calico-typha-metrics`, port named `calico-typha-metrics`); Felix
 * gets none in Calico Open Source (the operator's `calico-node-metrics` Service is rendered only for Calico
 * Enterprise), so the program adds a headless one, as Calico's "Monitor Calico component metrics" guide does.
 * The pods also carry `prometheus.io/scrape` and `prometheus.io/port` annotations for annotation-driven scrapes.
 */
import type { PortOwner } from "../addons/hostPorts";
import { CalicoConfig } from "../config/types";

/** The namespace the operator runs calico-node and calico-typha in. */
export const CALICO_SYSTEM_NAMESPACE = "calico-system";

/** The Installation fields that turn the metrics on; empty when off (the operator's default: no metrics). */
export function metricsInstallationFields(calico: Pick<CalicoConfig, "metrics" | "felixMetricsPort" | "typhaMetricsPort">): { nodeMetricsPort?: number; typhaMetricsPort?: number } {
    return calico.metrics ? { nodeMetricsPort: calico.felixMetricsPort, typhaMetricsPort: calico.typhaMetricsPort } : {};
}

export function metricsHostPorts(calico: Pick<CalicoConfig, "metrics" | "felixMetricsPort" | "typhaMetricsPort">): PortOwner[] {
    if (!calico.metrics) {
        return [];
    }
    return [
        { owner: "calico-node", port: calico.felixMetricsPort, protocol: "TCP", purpose: "Felix Prometheus metrics", configKey: "felixMetricsPort" },
        { owner: "calico-typha", port: calico.typhaMetricsPort, protocol: "TCP", purpose: "Typha Prometheus metrics", configKey: "typhaMetricsPort" },
    ];
}

/** The Service the operator creates for Typha's metrics when `typhaMetricsPort` is set. */
export const TYPHA_METRICS_SERVICE = { name: "calico-typha-metrics", label: "calico-typha-metrics", portName: "calico-typha-metrics" } as const;

/** The headless Service the program adds for Felix's metrics, and its port's name. */
export const FELIX_METRICS_SERVICE = { name: "calico-felix-metrics", label: "calico-felix-metrics", portName: "felix-metrics" } as const;

/** The CRD whose presence decides whether ServiceMonitors are applied (the Prometheus Operator's). */
export const SERVICE_MONITOR_CRD = "servicemonitors.monitoring.coreos.com";

/** Labels on everything the program applies for metrics, so it can be found (and told from the operator's). */
export const METRICS_LABELS = { "app.kubernetes.io/managed-by": "calico-eks", "app.kubernetes.io/part-of": "calico-metrics" } as const;

export interface KubeObject {
    apiVersion: string;
    kind: string;
    metadata: { name: string; namespace: string; labels: Record<string, string> };
    spec: Record<string, unknown>;
}

/** Felix's metrics Service: headless (a ClusterIP would only add a kube-proxy rule per node), selecting calico-node. */
export function felixMetricsService(felixMetricsPort: number): KubeObject {
    return {
        apiVersion: "v1",
        kind: "Service",
        metadata: { name: FELIX_METRICS_SERVICE.name, namespace: CALICO_SYSTEM_NAMESPACE, labels: { ...METRICS_LABELS, "k8s-app": FELIX_METRICS_SERVICE.label } },
        spec: {
            clusterIP: "None",
            selector: { "k8s-app": "calico-node" },
            ports: [{ name: FELIX_METRICS_SERVICE.portName, port: felixMetricsPort, targetPort: felixMetricsPort, protocol: "TCP" }],
        },
    };
}

/** One ServiceMonitor per component, beside the Services they select. Metrics are plain HTTP. */
export function serviceMonitors(): KubeObject[] {
    const monitor = (name: string, service: { label: string; portName: string }): KubeObject => ({
        apiVersion: "monitoring.coreos.com/v1",
        kind: "ServiceMonitor",
        metadata: { name, namespace: CALICO_SYSTEM_NAMESPACE, labels: { ...METRICS_LABELS } },
        spec: {
            selector: { matchLabels: { "k8s-app": service.label } },
            namespaceSelector: { matchNames: [CALICO_SYSTEM_NAMESPACE] },
            endpoints: [{ port: service.portName, interval: "30s", scheme: "http" }],
        },
    });
    return [monitor("calico-felix", FELIX_METRICS_SERVICE), monitor("calico-typha", TYPHA_METRICS_SERVICE)];
}

/** The plan's step for the metrics' ServiceMonitors, if on (the ports are in the Installation and the host-port plan). */
export function metricsPlanSteps(calico: Pick<CalicoConfig, "metrics" | "felixMetricsPort" | "typhaMetricsPort">): string[] {
    return calico.metrics
        ? [
              `Felix metrics on TCP/${calico.felixMetricsPort}, Typha metrics on TCP/${calico.typhaMetricsPort} (Installation); ServiceMonitors calico-felix and calico-typha in ${CALICO_SYSTEM_NAMESPACE} on every up that finds the ${SERVICE_MONITOR_CRD} CRD`,
          ]
        : [];
}
