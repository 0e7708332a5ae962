/**
 * The package a platform team installs: what `npm pack` puts in the tarball, that its entries match the
 * exports, and that the example consumer (examples/consumer) installs the tarball, type-checks against its
 * declarations and runs under mocks, composing CalicoEksCluster with its own resources.
 */
import { expect } from "chai";
import { spawnSync, SpawnSyncOptions } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { projectDir } from "../../automation/stackFiles";

const root = projectDir();
const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));

function run(command: string, args: string[], options: SpawnSyncOptions): string {
    const result = spawnSync(command, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024, ...options });
    if (result.status !== 0) {
        throw new Error(`${command} ${args.join(" ")} exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
    }
    return String(result.stdout);
}

/** Every file under `dir`, relative to it. */
function filesUnder(dir: string): string[] {
    return fs.readdirSync(dir, { recursive: true, encoding: "utf8" }).filter(file => fs.statSync(path.join(dir, file)).isFile());
}

/** True when `version` is in a caret range `^x.y.z` (the only form the peer ranges use). */
function inCaretRange(range: string, version: string): boolean {
    const match = /^\^(\d+)\.(\d+)\.(\d+)$/.exec(range);
    if (!match) {
        throw new Error(`not a caret range: ${range}`);
    }
    const [want, have] = [match.slice(1).map(Number), version.split(".").map(Number)];
    return have[0] === want[0] && (have[1] > want[1] || (have[1] === want[1] && have[2] >= want[2]));
}

describe("package: package.json", () => {
    it("is publishable, with a version", () => {
        expect(pkg.private).to.equal(undefined);
        expect(pkg.version).to.match(/^\d+\.\d+\.\d+$/);
    });

    it("exports the library at the root and the Automation API module at calico-eks/automation", () => {
        expect(pkg.main).to.equal("dist/components/index.js");
        expect(pkg.types).to.equal("dist/components/index.d.ts");
        expect(pkg.exports["."]).to.deep.equal({ types: "./dist/components/index.d.ts", default: "./dist/components/index.js" });
        expect(pkg.exports["./automation"]).to.deep.equal({ types: "./dist/automation/index.d.ts", default: "./dist/automation/index.js" });
    });

    it("takes @pulumi/* as peers whose ranges include the tested versions, and installs those here", () => {
        expect(Object.keys(pkg.dependencies)).to.deep.equal(["js-yaml"]);
        expect(Object.keys(pkg.peerDependencies).sort()).to.deep.equal(["@pulumi/aws", "@pulumi/eks", "@pulumi/kubernetes", "@pulumi/pulumi"]);
        for (const [name, range] of Object.entries(pkg.peerDependencies as Record<string, string>)) {
            const tested = JSON.parse(fs.readFileSync(path.join(root, "node_modules", name, "package.json"), "utf8")).version;
            expect(pkg.devDependencies[name], name).to.equal(tested);
            expect(inCaretRange(range, tested), `${name} ${range} includes ${tested}`).to.equal(true);
        }
    });

    it("builds the published folder from the sources only, without source maps", () => {
        const build = JSON.parse(fs.readFileSync(path.join(root, "tsconfig.package.json"), "utf8"));
        expect(build.include).to.deep.equal(["components/**/*.ts", "automation/**/*.ts"]);
        expect(build.compilerOptions).to.include({ outDir: "dist", sourceMap: false, declarationMap: false });
        expect(pkg.scripts.prepack).to.equal("node tools/node/run.js tsc -p tsconfig.package.json");
    });

    it("README imports only what the package exports", () => {
        const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");
        const specifiers = [...readme.matchAll(/from "(calico-eks[^"]*)"/g)].map(m => m[1]);
        expect(specifiers).to.include.members(["calico-eks", "calico-eks/automation"]);
        for (const specifier of specifiers) {
            expect(["calico-eks", "calico-eks/automation"], specifier).to.include(specifier);
        }
    });

    it("the example depends on the tarball npm pack writes for this version", () => {
        const example = JSON.parse(fs.readFileSync(path.join(root, "examples", "consumer", "package.json"), "utf8"));
        expect(example.dependencies["calico-eks"]).to.equal(`file:../../calico-eks-${pkg.version}.tgz`);
        for (const name of Object.keys(pkg.peerDependencies)) {
            expect(example.dependencies[name], name).to.equal(pkg.peerDependencies[name]);
        }
    });
});

/** What a service sees of `calico-eks/automation` once the tarball is installed (run in the consumer's directory). */
const AUTOMATION_PROBE = `
const automation = require("calico-eks/automation");
const loadedSdk = Object.keys(require.cache).some(file => /node_modules[\\\\/]@pulumi[\\\\/]/.test(file));
const workDir = process.cwd();
const config = automation.validateStackConfig({ stackName: "team-a", workDir, config: { clusterName: "team-a" } });
let withoutWorkDir = "accepted";
try {
    automation.validateStackConfig({ stackName: "team-a", config: { clusterName: "team-a" } });
} catch (err) {
    withoutWorkDir = err.message;
}
let problem;
try {
    automation.validateStackConfig({ stackName: "team-a", workDir, config: { vpcCidr: "10.0.0.0/33", nodeGroups: "m5.large" } });
} catch (err) {
    problem = { sameClass: err instanceof require("calico-eks").ConfigValidationError, keys: err.problems.map(p => p.key) };
}
let deepImport = "allowed";
try {
    require("calico-eks/bin/automation/index.js");
} catch (err) {
    deepImport = err.code;
}
process.stdout.write(JSON.stringify({ loadedSdk, clusterName: config.controlPlane.clusterName, withoutWorkDir, problem, deepImport }));
`;

describe("package: the tarball and a consumer of it", function () {
    // npm pack compiles the sources (10 s), the install comes from npm's cache (15 s), the example compiles (5 s).
    this.timeout(240000);
    let work: string;
    let tarball: string;
    let unpacked: string;
    let automation: { loadedSdk: boolean; clusterName: string; withoutWorkDir: string; problem: { sameClass: boolean; keys: string[] }; deepImport: string };
    let consumer: { resources: { type: string; name: string; urn: string; parent: string; provider: string; inputs: any }[]; outputs: Record<string, any> };
    let withNetworkStack: typeof consumer;

    before(() => {
        work = fs.mkdtempSync(path.join(os.tmpdir(), "calico-eks-package-"));
        const packed = JSON.parse(run("npm", ["pack", "--json", "--pack-destination", work], { cwd: root }));
        tarball = path.join(work, packed[0].filename);
        unpacked = path.join(work, "unpacked");
        fs.mkdirSync(unpacked);
        run("tar", ["-xzf", tarball, "-C", unpacked], {});

        const app = path.join(work, "app");
        fs.cpSync(path.join(root, "examples", "consumer"), app, {
            recursive: true,
            filter: source => !/[\\/](node_modules|bin)$/.test(source),
        });
        const appPackage = JSON.parse(fs.readFileSync(path.join(app, "package.json"), "utf8"));
        appPackage.dependencies["calico-eks"] = `file:${tarball}`;
        fs.writeFileSync(path.join(app, "package.json"), JSON.stringify(appPackage, null, 2));
        run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts"], { cwd: app });
        // Type-checks the example against the declarations the tarball ships, resolved through its exports.
        run(process.execPath, [path.join(app, "node_modules", "typescript", "bin", "tsc"), "-p", app], { cwd: app });
        consumer = JSON.parse(run(process.execPath, [path.join(app, "bin", "test", "runUnderMocks.js")], { cwd: app }));
        withNetworkStack = JSON.parse(run(process.execPath, [path.join(app, "bin", "test", "runUnderMocks.js")], { cwd: app, env: { ...process.env, NETWORK_STACK: "acme/network/prod" } }));
        automation = JSON.parse(run(process.execPath, ["-e", AUTOMATION_PROBE], { cwd: app }));
    });

    after(() => {
        if (work) {
            fs.rmSync(work, { recursive: true, force: true });
        }
    });

    it("holds the compiled library and automation module, README, package.json and Pulumi.yaml, and nothing else", () => {
        const files = filesUnder(path.join(unpacked, "package"));
        const others = files.filter(file => !/^dist[\\/](components|automation)[\\/].+\.(js|d\.ts)$/.test(file));
        expect(others.sort()).to.deep.equal(["Pulumi.yaml", "README.md", "package.json"]);
        for (const entry of ["dist/components/index.js", "dist/components/index.d.ts", "dist/automation/index.js", "dist/automation/index.d.ts"]) {
            expect(
                files.map(f => f.split(path.sep).join("/")),
                entry,
            ).to.include(entry);
        }
        expect(files.filter(file => /tests?[\\/]|\.map$|\.tsbuildinfo$|(?<!\.d)\.ts$/.test(file))).to.deep.equal([]);
    });

    it("names no path of the machine it was packed on and points at no source map", () => {
        const machinePaths = [root, os.tmpdir(), os.homedir()].filter(p => p.length > 1);
        for (const file of filesUnder(path.join(unpacked, "package"))) {
            const text = fs.readFileSync(path.join(unpacked, "package", file), "utf8");
            for (const machinePath of machinePaths) {
                expect(text.includes(machinePath), `${file} names ${machinePath}`).to.equal(false);
            }
            expect(text, file).to.not.match(/sourceMappingURL/);
        }
    });

    it("runs the example: its own resources and the cluster's are parented to its component", () => {
        const byName = (type: string) => consumer.resources.filter(r => r.type === type);
        const [platform] = byName("acme:platform:AppPlatform");
        const [cluster] = byName("calico-eks:index:CalicoEksCluster");
        const [bucket] = byName("aws:s3/bucket:Bucket");
        const [namespace] = byName("kubernetes:core/v1:Namespace");
        expect(platform.parent).to.equal("");
        expect(cluster.parent).to.equal(platform.urn);
        expect(bucket.parent).to.equal(platform.urn);
        expect(namespace.parent).to.equal(platform.urn);
        expect(bucket.inputs.tags).to.deep.equal({ "acme:cluster": "apps", "acme:purpose": "app-logs" });

        // The cluster's parts are its children: the network, the control plane, Calico, the node groups, the add-ons.
        const clusterChildren = consumer.resources.filter(r => r.parent === cluster.urn).map(r => r.type);
        expect(clusterChildren).to.include.members(["calico-eks:network:VpcNetwork", "calico-eks:cluster:ControlPlane", "calico-eks:calico:CalicoNetworking", "aws:eks/addon:Addon"]);
        expect(consumer.resources.filter(r => r.type === "aws:ec2/vpc:Vpc")).to.have.length(1);
        expect(consumer.resources.filter(r => r.type === "eks:index:Cluster")).to.have.length(1);
    });

    it("runs the example: the namespace goes through the cluster's Kubernetes provider", () => {
        const namespace = consumer.resources.find(r => r.type === "kubernetes:core/v1:Namespace")!;
        const provider = consumer.resources.find(r => r.type === "pulumi:providers:kubernetes")!;
        expect(namespace.provider.startsWith(`${provider.urn}::`), namespace.provider).to.equal(true);
        expect(consumer.resources.find(r => r.urn === provider.parent)?.type).to.equal("calico-eks:cluster:ControlPlane");
    });

    it("serves the Automation API module at calico-eks/automation, validating without loading the Pulumi SDK", () => {
        expect(automation.loadedSdk).to.equal(false);
        expect(automation.clusterName).to.equal("team-a");
        // Installed, the package's own folder lies in node_modules: a service must name its own workDir.
        expect(automation.withoutWorkDir).to.match(/inside node_modules, which a reinstall wipes.*Pass workDir/);
        // A refused config throws the ConfigValidationError the library entry exports (one class, one module).
        expect(automation.problem.sameClass).to.equal(true);
        expect(automation.problem.keys).to.include.members(["vpcCidr", "nodeGroups"]);
        // Only the exported paths resolve.
        expect(automation.deepImport).to.equal("ERR_PACKAGE_PATH_NOT_EXPORTED");
    });

    it("runs the example: its outputs read the cluster's", () => {
        expect(consumer.outputs).to.deep.include({
            clusterName: "apps",
            appNamespace: "apps",
            logBucket: "apps-app-logs-0123456",
            serviceCidr: "10.100.0.0/16",
        });
        expect(consumer.outputs.podCidrs).to.deep.equal(["172.16.0.0/16", "172.20.0.0/20"]);
        expect(JSON.parse(consumer.outputs.kubeconfig).clusters[0].cluster.server).to.equal("https://mock.invalid");
    });

    it("runs the example: the outputs app stacks read for IRSA, security groups and their own resources", () => {
        expect(consumer.outputs).to.deep.include({
            clusterEndpoint: "https://mock.invalid",
            oidcProviderArn: "arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/MOCK",
            oidcIssuerUrl: "https://oidc.eks.us-west-2.amazonaws.com/id/MOCK",
            nodeRoleArn: "arn:aws:mock:::apps-cluster-node",
        });
        expect(consumer.outputs.teamPools).to.deep.equal([{ name: "payments", cidr: "172.20.0.0/20", blockSize: 26, namespaces: ["payments"], poolName: "payments-pool" }]);
        expect(consumer.outputs.hostPorts.map((p: { port: number }) => p.port)).to.include.members([10250, 4443, 9443]);
        expect(consumer.outputs).to.have.property("clusterSecurityGroupId");
    });

    it("runs the example with the VPC from another stack's outputs: no VPC created, its IDs reach the cluster", () => {
        // (The StackReference itself is read, not registered, so the recording does not list it.)
        const types = withNetworkStack.resources.map(r => r.type);
        expect(types).to.not.include("aws:ec2/vpc:Vpc");
        expect(types).to.not.include("aws:ec2/subnet:Subnet");
        const cluster = withNetworkStack.resources.find(r => r.type === "eks:index:Cluster")!;
        expect(cluster.inputs.vpcId).to.equal("vpc-0a1b2c3d4e5f60789");
        expect(cluster.inputs.privateSubnetIds).to.deep.equal(["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"]);
        // The tags argument reaches what the cluster creates.
        expect(withNetworkStack.resources.find(r => r.type === "aws:iam/role:Role" && r.name === "apps-cluster-node")!.inputs.tags).to.deep.equal({ "acme:owner": "platform" });
    });
});
