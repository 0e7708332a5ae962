/**
 * `doctor`: reads a running cluster and reports everything the EKS control plane calls whose endpoints are
 * Calico overlay addresses (unreachable from it), with the fix, and the host ports already taken on the
 * nodes. Read-only: it lists objects and changes nothing. Used by `npm run doctor` and `CalicoEksStack.doctor()`.
 */
import * as yaml from "js-yaml";
import { kubeRequest } from "../components/cluster/kubeClient";
import {
    ApiService,
    controlPlaneCallers,
    CustomResourceDefinition,
    diagnose,
    DoctorReport,
    EndpointSlice,
    endpointsByService,
    IpPool,
    Pod,
    poolCidrs,
    takenHostPorts,
    WebhookConfiguration,
} from "./doctorFindings";

export interface DoctorOptions {
    /** The cluster's kubeconfig: an object, or its JSON or YAML text. Its current context is used. */
    readonly kubeconfig: string | object;
    /** Pod CIDRs known from the stack (its podCidrs output); the cluster's own IPPools are always added. */
    readonly podCidrs?: string[];
}

export async function doctor(options: DoctorOptions): Promise<DoctorReport> {
    const kubeconfig = typeof options.kubeconfig === "string" ? (yaml.load(options.kubeconfig) as object) : options.kubeconfig;
    const list = <T>(path: string, optional = false) => listAll<T>(kubeconfig, path, optional);
    const [validating, mutating, apiServices, crds, slices, pods, ipPools] = await Promise.all([
        list<WebhookConfiguration>("/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations"),
        list<WebhookConfiguration>("/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations"),
        list<ApiService>("/apis/apiregistration.k8s.io/v1/apiservices"),
        list<CustomResourceDefinition>("/apis/apiextensions.k8s.io/v1/customresourcedefinitions"),
        list<EndpointSlice>("/apis/discovery.k8s.io/v1/endpointslices"),
        list<Pod>("/api/v1/pods"),
        // Absent where Calico is not installed (yet): then only the stack's CIDRs count.
        list<IpPool>("/apis/crd.projectcalico.org/v1/ippools", true),
    ]);
    return diagnose({
        callers: controlPlaneCallers({ validating, mutating, apiServices, crds }),
        endpoints: endpointsByService(slices),
        pools: [...poolCidrs(ipPools), ...(options.podCidrs ?? [])],
        hostPorts: takenHostPorts(pods),
    });
}

/** Every item of a list, page by page (parsed JSON, typed as the caller reads it). A 404 on an optional list (its API is not served) is an empty list. */
async function listAll<T>(kubeconfig: object, path: string, optional: boolean): Promise<T[]> {
    const items: T[] = [];
    let next: string | undefined = "";
    while (next !== undefined) {
        const response = await kubeRequest(kubeconfig, "GET", `${path}?limit=500${next ? `&continue=${encodeURIComponent(next)}` : ""}`);
        if (response.status === 404 && optional) {
            return [];
        }
        if (response.status !== 200) {
            throw new Error(`doctor: GET ${path} answered HTTP ${response.status}: ${response.body.slice(0, 300)}`);
        }
        const page = JSON.parse(response.body);
        items.push(...(page.items ?? []));
        next = page.metadata?.continue || undefined;
    }
    return items;
}
