/**
 * Runs the program under Pulumi's mocks, with no cloud and no engine, and prints what it registered as
 * JSON on stdout: each resource's type, name, URN, parent URN, provider and inputs, then the stack outputs.
 *
 *   npx tsc && node bin/test/runUnderMocks.js
 *   NETWORK_STACK=acme/network/prod node bin/test/runUnderMocks.js    # the VPC from the network team's stack
 *
 * The mocks answer only what the program needs to run: the data sources calico-eks reads and the outputs
 * of the EKS cluster its Kubernetes provider is built from.
 */
import * as pulumi from "@pulumi/pulumi";

const MOCK_KUBECONFIG = JSON.stringify({
    apiVersion: "v1",
    clusters: [{ name: "mock", cluster: { server: "https://mock.invalid", "certificate-authority-data": "TU9DSw==" } }],
    contexts: [{ name: "mock", context: { cluster: "mock", user: "mock" } }],
    "current-context": "mock",
    users: [{ name: "mock", user: { token: "mock" } }],
});

/** What the network team's stack exports, when NETWORK_STACK names it. */
const NETWORK = { vpcId: "vpc-0a1b2c3d4e5f60789", privateSubnetIds: ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"], publicSubnetIds: ["subnet-0a1b2c3d4e5f60003"] };

const mocks: pulumi.runtime.Mocks = {
    newResource(args) {
        const state: Record<string, unknown> = { ...args.inputs, arn: `arn:aws:mock:::${args.name}`, name: args.inputs.name ?? args.name };
        if (args.type === "eks:index:Cluster") {
            Object.assign(state, {
                kubeconfigJson: MOCK_KUBECONFIG,
                oidcProviderArn: "arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/MOCK",
                oidcProviderUrl: "oidc.eks.us-west-2.amazonaws.com/id/MOCK",
            });
        }
        if (args.type === "pulumi:pulumi:StackReference") {
            // The network team's stack: its VPC and subnets.
            state.outputs = { vpcId: NETWORK.vpcId, privateSubnetIds: NETWORK.privateSubnetIds, publicSubnetIds: NETWORK.publicSubnetIds };
        }
        if (args.type === "aws:s3/bucket:Bucket") {
            state.bucket = `${args.name}-0123456`;
        }
        if (args.type === "aws:ec2/launchTemplate:LaunchTemplate") {
            state.latestVersion = 1;
        }
        if (args.type === "aws:eks/nodeGroup:NodeGroup") {
            state.nodeGroupName = `${args.inputs.nodeGroupNamePrefix}mock`;
        }
        return { id: `${args.name}-id`, state };
    },
    call(args) {
        switch (args.token) {
            case "aws:index/getAvailabilityZones:getAvailabilityZones":
                return { names: ["us-west-2a", "us-west-2b", "us-west-2c"] };
            case "aws:ssm/getParameter:getParameter":
                return { ...args.inputs, value: "ami-0123456789abcdef0" };
            case "aws:index/getRegion:getRegion":
                return { name: "us-west-2", region: "us-west-2" };
            case "aws:index/getPartition:getPartition":
                return { partition: "aws", dnsSuffix: "amazonaws.com" };
            case "aws:index/getCallerIdentity:getCallerIdentity":
                return { accountId: "123456789012" };
            case "aws:ec2/getSubnet:getSubnet":
                return { ...args.inputs, cidrBlock: `10.40.${Number(String(args.inputs.id).slice(-1))}.0/24` };
        }
        return args.inputs;
    },
};

interface Registration {
    type: string;
    name: string;
    urn: string;
    parent: string;
    provider: string;
    inputs: Record<string, unknown>;
}

async function main(): Promise<void> {
    await pulumi.runtime.setMocks(mocks, "apps-platform", "test", false);
    if (process.env.NETWORK_STACK) {
        pulumi.runtime.setConfig("apps-platform:networkStack", process.env.NETWORK_STACK);
    }
    // The mocks' public API does not pass a resource's parent: read it from the registration request.
    const registered: Registration[] = [];
    const monitor = pulumi.runtime.getMonitor() as any;
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: any, callback: (err: unknown, res: any) => void) =>
        register(req, (err: unknown, res: any) => {
            if (!err) {
                registered.push({ type: req.getType(), name: req.getName(), urn: res.getUrn(), parent: req.getParent(), provider: req.getProvider(), inputs: req.getObject()?.toJavaScript() ?? {} });
            }
            callback(err, res);
        });

    // Loaded only now: its resources register as the module runs, and the mocks must be in place first.
    const program = require("../index") as Record<string, pulumi.Output<unknown>>;
    const outputs: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(program)) {
        outputs[key] = await new Promise(resolve => value.apply(resolve));
    }
    // Outputs resolve in later turns and may register more: wait until nothing new arrives.
    let count = -1;
    while (count !== registered.length) {
        count = registered.length;
        await new Promise(resolve => setTimeout(resolve, 50));
    }
    process.stdout.write(JSON.stringify({ resources: registered, outputs }));
}

main().catch(err => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
});
