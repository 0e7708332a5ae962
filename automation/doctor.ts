/**
 * `doctor`: reads a running cluster and reports everything the EKS control plane calls whose endpoints are
 * Calico overlay addresses (unreachable from it), with the fix, and the host ports already taken on the
 * nodes. Read-only: it lists objects and changes nothing. Used by `npm run doctor` and `CalicoEksStack.doctor()`.
 */
import * as yaml from "js-yaml";
import { kubeRequest } from "../components/cluster/kubeClient";
import { controlPlaneCallers, diagnose, DoctorReport, endpointsByService, poolCidrs, takenHostPorts } from "./doctorFindings";

export interface DoctorOptions {
    /** The cluster's kubeconfig: an object, or its JSON or YAML text. Its current context is used. */
    readonly kubeconfig: string | object;
    /** Pod CIDRs known from the stack (its podCidrs output); the cluster's own IPPools are always added. */
    readonly podCidrs?: string[];
}

export async function doctor(options: DoctorOptions): Promise<DoctorReport> {
    const kubeconfig = typeof options.kubeconfig === "string" ? (yaml.load(options.kubeconfig) as object) : options.kubeconfig;
    const list = (path: string, optional = false) => listAll(kubeconfig, path, optional);
    const [validating, mutating, apiServices, crds, slices, pods, ipPools] = await Promise.all([
        list("/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations"),
        list("/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations"),
        list("/apis/apiregistration.k8s.io/v1/apiservices"),
        list("/apis/apiextensions.k8s.io/v1/customresourcedefinitions"),
        list("/apis/discovery.k8s.io/v1/endpointslices"),
        list("/api/v1/pods"),
        // Absent where Calico is not installed (yet): then only the stack's CIDRs count.
        list("/apis/crd.projectcalico.org/v1/ippools", true),
    ]);
    return diagnose({
        callers: controlPlaneCallers({ validating, mutating, apiServices, crds }),
        endpoints: endpointsByService(slices),
        pools: [...poolCidrs(ipPools), ...(options.podCidrs ?? [])],
        hostPorts: takenHostPorts(pods),
    });
}

/** Every item of a list, page by page. A 404 on an optional list (its API is not served) is an empty list. */
async function listAll(kubeconfig: object, path: string, optional: boolean): Promise<any[]> {
    const items: any[] = [];
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
