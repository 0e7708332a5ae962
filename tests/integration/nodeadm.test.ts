/**
 * The node user data against the real nodeadm (built from the Go module proxy by build-nodeadm.sh): the
 * NodeConfig every example stack's node groups would boot with, as the program writes it, must pass
 * `nodeadm config check`.
 *
 * That nodeadm version (2024-02-29) decodes leniently: a field in the wrong place is dropped, not refused
 * (`spec.kubelet.maxPods` instead of `spec.kubelet.config.maxPods` passes the check, and the node would
 * quietly keep the ENI pod limit). So each document is also held against the NodeConfig CRD schema of the
 * same nodeadm version with unknown fields refused; the two together catch a misplaced field.
 */
import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import Ajv from "ajv";
import * as yaml from "js-yaml";
import { projectDir, stackFileConfig, stackNames } from "../../automation/stackFiles";
import { nodeConfigText } from "../support/nodeUserData";
import { nodeadmBin } from "./toolchain";

interface Rendered {
    readonly name: string;
    readonly userData: string;
}

/** The program under mocks in a child process (see renderNodeUserData.ts): every launch template's user data. */
function renderUserData(raw: Record<string, unknown>): Rendered[] {
    const script = path.join(projectDir(), "bin", "tests", "integration", "renderNodeUserData.js");
    const result = spawnSync(process.execPath, [script, JSON.stringify(raw)], { encoding: "utf8", cwd: projectDir() });
    if (result.status !== 0) {
        throw new Error(`rendering the user data failed (${result.status}):\n${result.stderr}`);
    }
    return JSON.parse(result.stdout.trim().split("\n").pop()!);
}

/**
 * The CRD's schema with unknown fields refused: every object that lists its properties gets
 * `additionalProperties: false` (the API server would prune them; nodeadm drops them). The kubelet `config`
 * map is a RawExtension per key (any JSON value), which controller-gen writes as `type: object`: that is
 * loosened, as nodeadm itself accepts `maxPods: 100` there.
 */
function strictSchema(crdFile: string): object {
    const crd = yaml.load(fs.readFileSync(crdFile, "utf8")) as any;
    const schema = crd.spec.versions.find((v: any) => v.name === "v1alpha1").schema.openAPIV3Schema;
    const visit = (node: any): void => {
        if (node && typeof node === "object") {
            if (node.properties && node.additionalProperties === undefined) {
                node.additionalProperties = false;
            }
            if (node["x-kubernetes-preserve-unknown-fields"]) {
                delete node.type;
            }
            Object.values(node).forEach(visit);
        }
    };
    visit(schema);
    // metadata is free-form in a CRD.
    schema.properties.metadata = { type: "object" };
    return schema;
}

describe("node user data against the real nodeadm", function () {
    let nodeadm: string;
    let validate: ReturnType<Ajv["compile"]>;
    let dir: string;

    before(function () {
        this.timeout(30 * 60_000); // a cold nodeadm build takes a few minutes
        const bin = nodeadmBin();
        nodeadm = path.join(bin, "nodeadm");
        validate = new Ajv({ strict: false, validateFormats: false, allErrors: true }).compile(strictSchema(path.join(bin, "..", "crds", "node.eks.aws_nodeconfigs.yaml")));
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "nodeadm-"));
    });

    after(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

    /** `nodeadm config check` on one NodeConfig document, plus the strict schema. */
    function check(name: string, text: string): { status: number | null; output: string; schemaErrors: string[] } {
        const file = path.join(dir, `${name}.yaml`);
        fs.writeFileSync(file, text);
        const result = spawnSync(nodeadm, ["config", "check", "--config-source", `file://${file}`], { encoding: "utf8" });
        const valid = validate(yaml.load(text));
        const schemaErrors = valid ? [] : (validate.errors ?? []).map(e => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
        return { status: result.status, output: `${result.stdout}${result.stderr}`, schemaErrors };
    }

    const graviton = {
        nodeGroups: [
            { name: "general", instanceTypes: ["m5.large", "m5a.large"], labels: { workload: "general", "node.kubernetes.io/role": "worker" } },
            { name: "graviton", instanceTypes: ["m6g.large", "c7g.xlarge"], maxPods: 150, labels: { "example.com/arch": "arm64" } },
            { name: "small", instanceTypes: ["t4g.medium"], maxPods: 30 },
        ],
    };
    const configs: [string, Record<string, unknown>][] = [
        ...stackNames().map(stack => [`stack ${stack}`, stackFileConfig(stack).project] as [string, Record<string, unknown>]),
        ["defaults", {}],
        ["x86, Graviton and small groups with labels", graviton],
    ];

    for (const [what, raw] of configs) {
        it(`${what}: every node group's NodeConfig passes nodeadm config check and the strict schema`, function () {
            this.timeout(120_000);
            const rendered = renderUserData(raw);
            expect(rendered.length, "launch templates").to.be.greaterThan(0);
            for (const { name, userData } of rendered) {
                const text = nodeConfigText(userData);
                const result = check(name, text);
                expect(result.status, `${name}: ${result.output}`).to.equal(0);
                expect(result.output).to.match(/Configuration is valid/);
                expect(result.schemaErrors, name).to.deep.equal([]);
                // What nodeadm would hand the kubelet is what the config says.
                const doc = yaml.load(text) as any;
                expect(doc.spec.kubelet.config.maxPods, name).to.be.a("number");
                expect(doc.spec.kubelet.flags[0], name).to.match(/^--node-labels=([^,=]+=[^,=]+)(,[^,=]+=[^,=]+)*$/);
            }
        });
    }

    it("the Graviton example renders one NodeConfig per group, with its own maxPods and labels", function () {
        this.timeout(120_000);
        const docs = Object.fromEntries(renderUserData(graviton).map(r => [r.name, yaml.load(nodeConfigText(r.userData)) as any]));
        expect(Object.keys(docs).sort()).to.deep.equal(["calico-eks-general", "calico-eks-graviton", "calico-eks-small"]);
        expect(docs["calico-eks-graviton"].spec.kubelet.config).to.deep.equal({ maxPods: 150, kubeReserved: { memory: "1905Mi" } });
        expect(docs["calico-eks-graviton"].spec.kubelet.flags).to.deep.equal(["--node-labels=example.com/arch=arm64,calico-eks/node-group=graviton"]);
    });

    describe("a misplaced field is caught", () => {
        let good: string;
        before(function () {
            this.timeout(120_000);
            good = nodeConfigText(renderUserData(graviton)[0].userData);
        });

        it("the unchanged document passes (the baseline of the cases below)", () => {
            const result = check("baseline", good);
            expect([result.status, result.schemaErrors]).to.deep.equal([0, []]);
        });

        it("the labels flag as a string instead of a list: nodeadm refuses it", () => {
            const labels = /- ("--node-labels=[^"]*")/.exec(good)![1];
            const text = good.replace(/    flags:\n      - "--node-labels=[^"]*"/, `    flags: ${labels}`);
            expect(text).to.not.equal(good);
            const result = check("flags-string", text);
            expect(result.status).to.not.equal(0);
            expect(result.output).to.match(/cannot unmarshal string into Go struct field KubeletOptions\.spec\.kubelet\.flags of type \[\]string/);
        });

        it("maxPods one level too high (spec.kubelet.maxPods): nodeadm drops it silently, the schema refuses it", () => {
            const text = good.replace(/    config:\n      maxPods: (\d+)\n/, "    maxPods: $1\n    config:\n");
            expect(yaml.load(text)).to.have.nested.property("spec.kubelet.maxPods");
            const result = check("maxpods-misplaced", text);
            expect(result.schemaErrors.join("\n")).to.match(/\/spec\/kubelet must NOT have additional properties .*"additionalProperty":"maxPods"/);
        });

        it("the service CIDR outside spec.cluster: the schema refuses it", () => {
            const text = good.replace(/^    cidr: (.*)\n/m, "").replace(/^  kubelet:/m, '  cidr: "10.100.0.0/16"\n  kubelet:');
            const result = check("cidr-misplaced", text);
            expect(result.schemaErrors.join("\n")).to.match(/\/spec must NOT have additional properties .*"additionalProperty":"cidr"/);
        });

        it("a certificate authority that is not base64: nodeadm refuses it", () => {
            const text = good.replace(/certificateAuthority: ".*"/, 'certificateAuthority: "-----BEGIN CERTIFICATE-----"');
            const result = check("ca-not-base64", text);
            expect(result.status).to.not.equal(0);
            expect(result.output).to.match(/illegal base64/);
        });
    });
});
