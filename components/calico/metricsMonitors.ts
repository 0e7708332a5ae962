/**
 * ServiceMonitors for Felix and Typha (with `calicoMetrics: true`), only where the Prometheus Operator's
 * ServiceMonitor CRD exists, and the headless Service Felix's monitor selects (calicoMetrics.ts says why).
 *
 * How the program learns whether the CRD exists: it asks the cluster, through the project's own API client,
 * in this dynamic resource, at every `preview` and `up` (in diff, like the aws-node removal). A resource
 * registered only when a lookup in the program found the CRD would be dishonest in preview: with the
 * kubeconfig unknown (cluster being changed) the lookup cannot run, and a preview would then show the
 * monitors deleted. Here preview shows an update exactly when the CRD (or `calico-system`, where the monitors
 * live) appeared or went since the last `up`, or a monitor was deleted behind the program's back; otherwise
 * nothing. On a new cluster there is no CRD (this program installs no Prometheus Operator): nothing is
 * applied, and the `up` after the Prometheus Operator is installed applies them (`applied` says which).
 *
 * Objects are applied server-side under one field manager, so the Prometheus Operator's or anyone's fields
 * on them are left alone. Removing the resource (`calicoMetrics: false`) deletes them.
 */
import * as pulumi from "@pulumi/pulumi";
import { kubeRequest } from "../cluster/kubeClient";
import { CALICO_SYSTEM_NAMESPACE, felixMetricsService, KubeObject, SERVICE_MONITOR_CRD, serviceMonitors } from "./calicoMetrics";

export interface MetricsMonitorsArgs {
    /** Kubeconfig (JSON) of the cluster; kept secret. */
    readonly kubeconfig: pulumi.Input<string>;
    /** Felix's metrics port (the Installation's nodeMetricsPort), for its Service. */
    readonly felixMetricsPort: number;
}

interface MonitorInputs {
    kubeconfig: string;
    objects: KubeObject[];
}

/** Field manager of the applied objects. */
const FIELD_MANAGER = "calico-eks-metrics";

function objectPath(o: KubeObject): string {
    const [group, version] = o.apiVersion.includes("/") ? o.apiVersion.split("/") : ["", o.apiVersion];
    const plural = `${o.kind.toLowerCase()}s`;
    return `${group ? `/apis/${group}/${version}` : `/api/${version}`}/namespaces/${o.metadata.namespace}/${plural}/${o.metadata.name}`;
}

async function exists(kubeconfig: string, path: string): Promise<boolean> {
    const found = await kubeRequest(kubeconfig, "GET", path);
    if (found.status !== 200 && found.status !== 404) {
        throw new Error(`GET ${path}: HTTP ${found.status}: ${found.body}`);
    }
    return found.status === 200;
}

/** Whether the monitors can exist: the CRD is served and calico-system (created by the operator) is there. */
async function wanted(kubeconfig: string): Promise<boolean> {
    return (await exists(kubeconfig, `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${SERVICE_MONITOR_CRD}`)) && (await exists(kubeconfig, `/api/v1/namespaces/${CALICO_SYSTEM_NAMESPACE}`));
}

/** Applies every object when they can exist; returns whether it did. */
async function applyAll(inputs: MonitorInputs): Promise<boolean> {
    if (!(await wanted(inputs.kubeconfig))) {
        return false;
    }
    for (const o of inputs.objects) {
        const path = `${objectPath(o)}?fieldManager=${FIELD_MANAGER}&force=true`;
        const applied = await kubeRequest(inputs.kubeconfig, "PATCH", path, o);
        if (applied.status !== 200 && applied.status !== 201) {
            throw new Error(`apply ${o.kind} ${o.metadata.namespace}/${o.metadata.name}: HTTP ${applied.status}: ${applied.body}`);
        }
    }
    return true;
}

async function removeAll(inputs: MonitorInputs): Promise<void> {
    for (const o of inputs.objects) {
        const path = objectPath(o);
        const deleted = await kubeRequest(inputs.kubeconfig, "DELETE", path);
        // 404: already gone, or its CRD is (the Prometheus Operator was uninstalled).
        if (deleted.status !== 200 && deleted.status !== 202 && deleted.status !== 404) {
            throw new Error(`DELETE ${path}: HTTP ${deleted.status}: ${deleted.body}`);
        }
    }
}

/** Pulumi's wire sentinel for an unknown value (see awsNodeRemoval.ts). */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Exported for tests. */
export const monitorsProvider: pulumi.dynamic.ResourceProvider = {
    async create(inputs: MonitorInputs) {
        return { id: `${CALICO_SYSTEM_NAMESPACE}/calico-metrics`, outs: { ...inputs, applied: await applyAll(inputs) } };
    },
    async diff(_id: string, olds: MonitorInputs & { applied: boolean }, news: MonitorInputs) {
        if (typeof news.kubeconfig !== "string" || news.kubeconfig === UNKNOWN) {
            return { changes: true };
        }
        if (JSON.stringify(olds.objects) !== JSON.stringify(news.objects)) {
            return { changes: true };
        }
        const want = await wanted(news.kubeconfig);
        if (want !== olds.applied) {
            return { changes: true };
        }
        // Applied before and still wanted: changed only if one was deleted behind the program's back.
        for (const o of want ? news.objects : []) {
            if (!(await exists(news.kubeconfig, objectPath(o)))) {
                return { changes: true };
            }
        }
        return { changes: false };
    },
    async update(_id: string, olds: MonitorInputs & { applied: boolean }, news: MonitorInputs) {
        const applied = await applyAll(news);
        // What the last run applied and this one does not: a renamed object, or all of them once the CRD is
        // gone (Felix's Service would otherwise stay behind, selected by nothing).
        const kept = new Set(applied ? news.objects.map(objectPath) : []);
        if (olds.applied) {
            await removeAll({ kubeconfig: news.kubeconfig, objects: olds.objects.filter(o => !kept.has(objectPath(o))) });
        }
        return { outs: { ...news, applied } };
    },
    async delete(_id: string, olds: MonitorInputs & { applied: boolean }) {
        if (olds.applied) {
            await removeAll(olds);
        }
    },
};

/** Felix's metrics Service and the ServiceMonitors, applied while the ServiceMonitor CRD exists. */
export class MetricsMonitors extends pulumi.dynamic.Resource {
    /** Whether the last create/update found the CRD and applied the objects. */
    declare public readonly applied: pulumi.Output<boolean>;

    constructor(name: string, args: MetricsMonitorsArgs, opts?: pulumi.CustomResourceOptions) {
        super(monitorsProvider, name, { kubeconfig: pulumi.secret(args.kubeconfig), objects: metricsMonitorObjects(args.felixMetricsPort), applied: undefined }, opts);
    }
}

/** What the resource applies, in order: the Service first, then the monitors that select it. */
export function metricsMonitorObjects(felixMetricsPort: number): KubeObject[] {
    return [felixMetricsService(felixMetricsPort), ...serviceMonitors()];
}
