/**
 * Runs a Pulumi program under mocks and records what it registered: type, name, inputs, and the graph
 * facts the mock API hides from `newResource` (parent, dependencies, provider, deletedWith).
 */
import * as pulumi from "@pulumi/pulumi";
import { forgetRegisteredClusters } from "../../components/clusterRegistry";
// Internal modules: the public mock API does not expose the registration request or the RPC queue.
const { MockMonitor } = require("@pulumi/pulumi/runtime/mocks");
const { waitForRPCs } = require("@pulumi/pulumi/runtime/settings");
const { unknownValue } = require("@pulumi/pulumi/runtime/rpc");

/** How an input that is unknown at preview time reaches the engine (and the records below). */
export const UNKNOWN: string = unknownValue;

export interface Registered {
    readonly type: string;
    readonly name: string;
    readonly urn: string;
    readonly inputs: any;
    readonly parent: string;
    /** URNs this resource depends on (dependsOn plus inputs' implicit dependencies). */
    readonly dependencies: string[];
    readonly provider: string;
    readonly deletedWith: string;
    /** A custom resource (not a component). */
    readonly custom: boolean;
    /** The resource's own aliases, as specs (`{ name, ... }`); the engine derives its children's from them. */
    readonly aliasSpecs: { name: string; type: string; parenturn?: string; noparent?: boolean }[];
}

const registered: Registered[] = [];
const originalRegister = MockMonitor.prototype.registerResource;
MockMonitor.prototype.registerResource = function (req: any, callback: (err: any, res: any) => void) {
    return originalRegister.call(this, req, (err: any, res: any) => {
        if (!err) {
            const propertyDeps: string[] = [];
            req.getPropertydependenciesMap().forEach((deps: any) => propertyDeps.push(...deps.getUrnsList()));
            registered.push({
                type: req.getType(),
                name: req.getName(),
                urn: res.getUrn(),
                inputs: req.getObject()?.toJavaScript() ?? {},
                parent: req.getParent(),
                dependencies: [...new Set([...req.getDependenciesList(), ...propertyDeps])],
                provider: req.getProvider(),
                deletedWith: req.getDeletedwith(),
                custom: req.getCustom(),
                aliasSpecs: req
                    .getAliasesList()
                    .filter((a: any) => a.hasSpec())
                    .map((a: any) => a.getSpec().toObject()),
            });
        }
        callback(err, res);
    });
};

export const MOCK_KUBECONFIG = JSON.stringify({
    apiVersion: "v1",
    clusters: [{ name: "mock", cluster: { server: "https://mock.invalid", "certificate-authority-data": "TU9DSy1DQQ==" } }],
    contexts: [{ name: "mock", context: { cluster: "mock", user: "mock" } }],
    "current-context": "mock",
    users: [{ name: "mock", user: { token: "mock" } }],
});

/** The image the mocked arm64 AMI parameters hold (x86_64 ones hold ami-0123456789abcdef0). */
export const ARM64_MOCK_AMI = "ami-0a4a4a4a4a4a4a4a4";
/** The ARN the mocked KMS key gets once created. */
export const MOCK_SECRETS_KEY_ARN = "arn:aws:kms:us-west-2:123456789012:key/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0";
/** Names of the SSM parameters the program read, in order (cleared by runProgram). */
export const ssmParameterReads: string[] = [];

/**
 * The mock engine. In preview mode (`runPreview`) it answers like a preview of a new stack: what a
 * resource's provider only knows after creating it (IDs, ARNs, the cluster's kubeconfig) is unknown, and so
 * is the region.
 */
let previewing = false;

const mocks: pulumi.runtime.Mocks = {
    newResource(args: pulumi.runtime.MockResourceArgs) {
        const state: Record<string, any> = { ...args.inputs };
        switch (args.type) {
            case "eks:index:Cluster":
                if (!previewing) {
                    // A remote component: mocks see it as one resource, with the outputs it would have.
                    Object.assign(state, {
                        kubeconfigJson: MOCK_KUBECONFIG,
                        oidcProviderArn: "arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/MOCK",
                        oidcProviderUrl: "oidc.eks.us-west-2.amazonaws.com/id/MOCK",
                    });
                }
                break;
            case "aws:ec2/launchTemplate:LaunchTemplate":
                state.latestVersion = 1;
                break;
            case "aws:iam/role:Role":
                if (!previewing) {
                    state.arn = `arn:aws:iam::123456789012:role/${args.name}`;
                    state.name = args.name;
                }
                break;
            case "aws:kms/key:Key":
                if (!previewing) {
                    state.arn = MOCK_SECRETS_KEY_ARN;
                }
                break;
            case "kubernetes:helm.sh/v3:Release":
                // Helm reports the chart version it installed; a local packaged chart carries it in its name.
                state.status = { version: args.inputs.version ?? /-(v?\d+\.\d+\.\d+)\.tgz$/.exec(args.inputs.chart)?.[1] ?? "0.0.0-unpacked" };
                break;
            case "pulumi-nodejs:dynamic:Resource":
                // The Calico version pre-flight passes under mocks (there is no cluster to read).
                if (args.inputs.targetVersion) {
                    state.checkedVersion = args.inputs.targetVersion;
                }
                break;
            case "kubernetes:helm.sh/v4:Chart":
                // A remote component: mocks see one resource and none of the objects it renders.
                state.resources = [];
                break;
            case "aws:eks/nodeGroup:NodeGroup":
                state.nodeGroupName = `${args.inputs.nodeGroupNamePrefix}mock`;
                break;
        }
        // In a preview an empty ID is an unknown one.
        return { id: previewing ? "" : `${args.name}-id`, state };
    },
    call(args: pulumi.runtime.MockCallArgs) {
        switch (args.token) {
            case "aws:index/getAvailabilityZones:getAvailabilityZones":
                return { names: ["us-west-2a", "us-west-2b", "us-west-2c", "us-west-2d"] };
            case "aws:ec2/getSubnet:getSubnet":
                return { ...args.inputs, cidrBlock: `10.0.${Number(String(args.inputs.id).slice(-1))}.0/24` };
            case "aws:ssm/getParameter:getParameter":
                ssmParameterReads.push(args.inputs.name);
                // Each architecture's AMI parameter answers with its own image, as in a real region.
                return { ...args.inputs, value: String(args.inputs.name).includes("/arm64/") ? ARM64_MOCK_AMI : "ami-0123456789abcdef0" };
            case "aws:index/getRegion:getRegion":
                return previewing ? { name: UNKNOWN, region: UNKNOWN } : { name: "us-west-2", region: "us-west-2" };
            case "aws:index/getPartition:getPartition":
                return { partition: "aws", dnsSuffix: "amazonaws.com" };
            case "aws:index/getCallerIdentity:getCallerIdentity":
                return { accountId: "123456789012" };
        }
        return args.inputs;
    },
};

function useMocks(preview: boolean): void {
    previewing = preview;
    pulumi.runtime.setMocks(mocks, "calico-eks", "unit", preview);
}
useMocks(false);

/** Resolves an Output (or plain value) to its value under mocks. */
export function valueOf<T>(output: pulumi.Input<T>): Promise<T> {
    return new Promise(resolve => pulumi.output(output).apply(v => resolve(v as T)));
}

/** Runs `program`, waits for every registration, and returns what was registered plus the program's result. */
export async function runProgram<T>(program: () => T): Promise<{ resources: Resources; result: T }> {
    registered.length = 0;
    ssmParameterReads.length = 0;
    // Each run is a program of its own: the clusters of an earlier one are not this one's neighbours.
    forgetRegisteredClusters();
    const result = program();
    await waitForRPCs();
    // Outputs resolve in later turns and may register more; wait until the queue stays empty.
    let count = -1;
    while (count !== registered.length) {
        count = registered.length;
        await new Promise(resolve => setImmediate(resolve));
        await waitForRPCs();
    }
    return { resources: new Resources([...registered]), result };
}

/** Runs `program` as a preview of a new stack (see `mocks`), then goes back to update mode. */
export async function runPreview<T>(program: () => T): Promise<{ resources: Resources; result: T }> {
    useMocks(true);
    try {
        return await runProgram(program);
    } finally {
        useMocks(false);
    }
}

export class Resources {
    constructor(readonly all: Registered[]) {}

    ofType(type: string): Registered[] {
        return this.all.filter(r => r.type === type);
    }

    /** The one resource of a type (and name, when given); fails when there is not exactly one. */
    one(type: string, name?: string): Registered {
        const found = this.ofType(type).filter(r => name === undefined || r.name === name);
        if (found.length !== 1) {
            throw new Error(`expected one ${type}${name ? ` named ${name}` : ""}, found ${found.map(r => r.name).join(", ") || "none"}`);
        }
        return found[0];
    }

    byUrn(urn: string): Registered | undefined {
        return this.all.find(r => r.urn === urn);
    }

    /** True when `from` depends on `to`, directly or through other resources. */
    dependsOn(from: Registered, to: Registered): boolean {
        const seen = new Set<string>();
        const visit = (urn: string): boolean => {
            if (urn === to.urn) {
                return true;
            }
            if (seen.has(urn)) {
                return false;
            }
            seen.add(urn);
            return (this.byUrn(urn)?.dependencies ?? []).some(visit);
        };
        return from.dependencies.some(visit);
    }

    /** Walks the parent chain of a resource. */
    ancestors(resource: Registered): Registered[] {
        const chain: Registered[] = [];
        let parent = this.byUrn(resource.parent);
        while (parent) {
            chain.push(parent);
            parent = this.byUrn(parent.parent);
        }
        return chain;
    }
}
