/**
 * The add-on table as the one source of the add-on keys: what each definition declares agrees with the values
 * it builds, the order it asks for holds, user values merge as Helm merges them, and the docs and the plan
 * show the table.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { ADDON_CONFIG_DEFAULTS, ADDON_TABLE, configKeysOf, resolvedOf, settingsOf } from "../../components/addons/definitions";
import { installOrder } from "../../components/addons/order";
import { deepMerge, valueAt } from "../../components/addons/userValues";
import { AddonDefinition, PortSetting } from "../../components/addons/types";
import { resolveConfig, RawConfig } from "../../components/stack/resolve";
import { STACK_CONFIG_DEFAULTS } from "../../components/stack/defaults";
import { renderPlan } from "../../automation/plan";
import { projectDir } from "../../automation/stackFiles";
import { problemsOf } from "../support/configProblems";
import { chartTemplates } from "../support/referenceChart";
import * as yaml from "js-yaml";
import { keysInCell, pulumiYamlAddonBlock, syncPulumiYaml, syncReadme } from "../../scripts/addonDocs";
import { Resources, runProgram } from "./mockHarness";
import { calicoEksProgram } from "../../components/program";
import { CalicoEksConfigInput } from "../../components/stack/input";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const ALL_ON: RawConfig = { ...Object.fromEntries(ADDON_TABLE.map(a => [`${a.name}Enabled`, true])), externalDnsDomainFilters: ["example.com"] };
/** The program's values of an add-on at the defaults, with stand-ins for the outputs. */
const defaultValues = (addon: AddonDefinition) =>
    addon.values({ clusterName: "c", region: "r", vpcId: "v", roleArn: "a", settings: resolvedOf(resolveConfig(ALL_ON).addons, addon), kubernetesVersion: "1.33" });

describe("add-on table", () => {
    it("gives every add-on its own config keys, each starting with the add-on's name", () => {
        const keys = ADDON_TABLE.flatMap(configKeysOf);
        expect(new Set(keys).size).to.equal(keys.length);
        for (const addon of ADDON_TABLE) {
            for (const key of configKeysOf(addon)) {
                expect(key, addon.name).to.match(new RegExp(`^${addon.name}[A-Z]`));
            }
        }
    });

    it("is where every add-on key's default comes from", () => {
        for (const addon of ADDON_TABLE) {
            expect(STACK_CONFIG_DEFAULTS).to.deep.include({ [`${addon.name}Enabled`]: addon.enabledByDefault, [`${addon.name}Version`]: addon.chart.version, [`${addon.name}Values`]: {} });
            for (const setting of settingsOf(addon)) {
                expect((STACK_CONFIG_DEFAULTS as Record<string, unknown>)[setting.key], setting.key).to.deep.equal(setting.default);
            }
        }
        expect(Object.keys(ADDON_CONFIG_DEFAULTS).sort()).to.deep.equal(ADDON_TABLE.flatMap(configKeysOf).sort());
    });

    it("puts each port setting's value where its valuePath says, so the guard and the plan watch the real value", () => {
        let checked = 0;
        for (const addon of ADDON_TABLE) {
            for (const setting of settingsOf(addon).filter((s): s is PortSetting => s.kind === "port")) {
                expect(valueAt(defaultValues(addon), setting.valuePath), setting.key).to.equal(setting.default);
                checked++;
            }
        }
        expect(checked).to.equal(3);
    });

    it("guards paths its values set, or values its real chart reads to move a host port", () => {
        for (const addon of ADDON_TABLE) {
            for (const guard of addon.guarded.filter(g => valueAt(defaultValues(addon), g.path) === undefined)) {
                // The chart reads it: `.Values.webhook.config` then `$config.securePort`, or `.Values.args`.
                const templates = chartTemplates(addon.chart.chart, addon.chart.version);
                const segments = guard.path.split(".");
                const head = segments.length > 1 ? segments.slice(0, -1).join(".") : guard.path;
                expect(templates, `${addon.name}: ${guard.path}`).to.include(`.Values.${head}`);
                expect(templates, `${addon.name}: ${guard.path}`).to.include(segments[segments.length - 1]);
                expect(guard.why, `${addon.name}: ${guard.path}`).to.match(/port/);
            }
        }
    });

    it("guards the host-network value of every add-on whose chart has one", () => {
        // external-dns's chart has no such value; the EFS node plugin is on the host network by its chart.
        const without = ["externalDns", "efsCsiDriver"];
        for (const addon of ADDON_TABLE.filter(a => !without.includes(a.name))) {
            expect(addon.guarded.map(g => g.path).join(" "), addon.name).to.match(/hostNetwork/);
        }
    });

    it("asks for distinct nodes exactly where its values run that many replicas with required anti-affinity", () => {
        for (const addon of ADDON_TABLE.filter(a => a.replicasOnDistinctNodes)) {
            const values = defaultValues(addon);
            expect(values.replicaCount ?? values.replicas, addon.name).to.equal(addon.replicasOnDistinctNodes);
            expect(valueAt(values, "affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution"), addon.name).to.have.length(1);
        }
        expect(ADDON_TABLE.filter(a => a.replicasOnDistinctNodes).map(a => a.name)).to.deep.equal(["loadBalancerController", "metricsServer"]);
    });

    it("installs the load balancer controller first and everything else after it, as data", () => {
        const controller = ADDON_TABLE.find(a => a.name === "loadBalancerController")!;
        expect(controller.after).to.deep.equal([]);
        for (const addon of ADDON_TABLE.filter(a => a !== controller)) {
            expect(addon.after, addon.name).to.deep.equal(["loadBalancerController"]);
        }
        expect(installOrder(ADDON_TABLE)[0]).to.equal(controller);
    });

    it("names only add-ons of the table in after", () => {
        const names = ADDON_TABLE.map(a => a.name);
        for (const addon of ADDON_TABLE) {
            expect(names, addon.name).to.include.members([...addon.after]);
        }
    });
});

describe("config key types from the table", () => {
    it("types each add-on key as its definition declares it (checked by the compiler)", () => {
        const input: CalicoEksConfigInput = {
            metricsServerEnabled: true,
            metricsServerVersion: "3.13.0",
            metricsServerPort: 4443,
            externalDnsDomainFilters: ["example.com"],
            externalDnsHostedZoneIds: [],
            certManagerValues: { webhook: { resources: {} } },
        };
        // @ts-expect-error a port is a number
        const wrongPort: CalicoEksConfigInput = { metricsServerPort: "4443" };
        // @ts-expect-error a key no definition declares
        const unknownKey: CalicoEksConfigInput = { metricsServerPortt: 4443 };
        // @ts-expect-error domain filters are a list
        const wrongList: CalicoEksConfigInput = { externalDnsDomainFilters: "example.com" };
        expect(resolveConfig(input as RawConfig).addons.metricsServer.port).to.equal(4443);
        expect([wrongPort, unknownKey, wrongList]).to.have.length(3);
    });
});

describe("install order", () => {
    const def = (name: string, after: string[]) => ({ name, after }) as unknown as AddonDefinition;

    it("puts each add-on after what it names, keeping the table's order otherwise", () => {
        const [a, b, c] = [def("a", ["c"]), def("b", []), def("c", ["b"])];
        expect(installOrder([a, b, c]).map(x => x.name)).to.deep.equal(["b", "c", "a"]);
    });

    it("ignores an after naming an add-on that is not enabled", () => {
        expect(installOrder([def("a", ["gone"]), def("b", [])]).map(x => x.name)).to.deep.equal(["a", "b"]);
    });

    it("refuses a cycle, naming the add-ons in it", () => {
        expect(() => installOrder([def("a", ["b"]), def("b", ["a"]), def("c", [])])).to.throw(/cycle in "after" among a, b/);
    });
});

describe("deep merge of user values", () => {
    const table: [string, Record<string, unknown>, Record<string, unknown>, Record<string, unknown>][] = [
        ["adds a key", { a: 1 }, { b: 2 }, { a: 1, b: 2 }],
        ["replaces a scalar", { a: 1 }, { a: 2 }, { a: 2 }],
        ["merges nested mappings key by key", { a: { b: 1, c: { d: 1 } } }, { a: { c: { e: 2 } } }, { a: { b: 1, c: { d: 1, e: 2 } } }],
        ["replaces a list (no append)", { a: [1, 2] }, { a: [3] }, { a: [3] }],
        ["replaces a list with an empty one", { a: [1] }, { a: [] }, { a: [] }],
        ["replaces a mapping with a list", { a: { b: 1 } }, { a: [1] }, { a: [1] }],
        ["replaces a scalar with a mapping", { a: 1 }, { a: { b: 1 } }, { a: { b: 1 } }],
        ["keeps a null (Helm drops the key then)", { a: { b: 1 } }, { a: null }, { a: null }],
        ["keeps a null inside a mapping", { a: { b: 1, c: 2 } }, { a: { b: null } }, { a: { b: null, c: 2 } }],
        ["with nothing to merge, is the program's values", { a: { b: 1 } }, {}, { a: { b: 1 } }],
    ];
    for (const [name, base, override, expected] of table) {
        it(name, () => {
            const before = JSON.stringify([base, override]);
            expect(deepMerge(base, override)).to.deep.equal(expected);
            expect(JSON.stringify([base, override]), "arguments unchanged").to.equal(before);
        });
    }

    it("keeps an output of another resource as a leaf, never looking into it or wrapping the whole", () => {
        const roleArn = pulumi.output("arn:aws:iam::123456789012:role/x");
        const merged = deepMerge({ serviceAccount: { annotations: { arn: roleArn } }, hostNetwork: true }, { serviceAccount: { annotations: { team: "a" } } });
        expect((merged.serviceAccount as any).annotations.arn).to.equal(roleArn);
        expect(merged.hostNetwork).to.equal(true);
        expect(pulumi.Output.isInstance(merged)).to.equal(false);
    });
});

describe("user values: what is refused, and what is accepted", () => {
    const refused: [string, RawConfig, string, RegExp, RegExp][] = [
        [
            "cert-manager's webhook off the host network",
            { certManagerValues: { webhook: { hostNetwork: false } } },
            "certManagerValues.webhook.hostNetwork",
            /webhook\.hostNetwork.*control plane calls its webhooks/,
            /^pulumi config rm --path 'certManagerValues\.webhook\.hostNetwork'/,
        ],
        [
            "cert-manager's webhook port moved in values",
            { certManagerValues: { webhook: { securePort: 10250 } } },
            "certManagerValues.webhook.securePort",
            /^changes webhook\.securePort, which the program sets to 10260: the host port of its webhook secure port, checked by the host-port plan and set by certManagerWebhookPort$/,
            /^pulumi config rm --path 'certManagerValues\.webhook\.securePort' and move the port with pulumi config set 'certManagerWebhookPort' </,
        ],
        [
            "the whole webhook mapping replaced by null",
            { certManagerValues: { webhook: null } },
            "certManagerValues.webhook",
            /^sets webhook to null, which changes webhook\.securePort.*; and webhook\.hostNetwork/,
            /^pulumi config rm --path 'certManagerValues\.webhook' and move the port with pulumi config set 'certManagerWebhookPort'/,
        ],
        [
            "the controller's webhook port moved in values",
            { loadBalancerControllerValues: { webhookBindPort: 9444 } },
            "loadBalancerControllerValues.webhookBindPort",
            /set by loadBalancerControllerWebhookPort/,
            /pulumi config set 'loadBalancerControllerWebhookPort'/,
        ],
        [
            "the controller back on IP targets",
            { loadBalancerControllerValues: { defaultTargetType: "ip" } },
            "loadBalancerControllerValues.defaultTargetType",
            /overlay pod addresses/,
            /config rm --path 'loadBalancerControllerValues\.defaultTargetType'/,
        ],
        ["the controller with three replicas", { loadBalancerControllerValues: { replicaCount: 3 } }, "loadBalancerControllerValues.replicaCount", /replicaCount/, /config rm/],
        ["the controller's DNS policy", { loadBalancerControllerValues: { dnsPolicy: "ClusterFirst" } }, "loadBalancerControllerValues.dnsPolicy", /ClusterFirstWithHostNet/, /config rm/],
        [
            "metrics-server off the host network",
            { metricsServerValues: { hostNetwork: { enabled: false } } },
            "metricsServerValues.hostNetwork.enabled",
            /aggregated API/,
            /config rm --path 'metricsServerValues\.hostNetwork\.enabled'/,
        ],
        ["metrics-server's anti-affinity dropped", { metricsServerValues: { affinity: { podAntiAffinity: null } } }, "metricsServerValues.affinity.podAntiAffinity", /same host port/, /config rm/],
        ["metrics-server's surge roll", { metricsServerValues: { updateStrategy: { rollingUpdate: { maxSurge: 1 } } } }, "metricsServerValues.updateStrategy", /surge pod/, /config rm/],
        [
            "cluster-autoscaler on the host network (while still off)",
            { clusterAutoscalerValues: { hostNetwork: true } },
            "clusterAutoscalerValues.hostNetwork",
            /ports the host-port plan does not know/,
            /config rm/,
        ],
        ["the EFS tunnel range moved", { efsCsiDriverValues: { portRangeUpperBound: "22049" } }, "efsCsiDriverValues.portRangeUpperBound", /TCP 20049–21049/, /config rm/],
        ["the EFS node plugin back on cluster DNS", { efsCsiDriverValues: { node: { dnsPolicy: "ClusterFirst" } } }, "efsCsiDriverValues.node.dnsPolicy", /VPC resolver/, /config rm/],
        ["values that are not a mapping", { metricsServerValues: ["--kubelet-insecure-tls"] }, "metricsServerValues", /expected a mapping of chart values/, /YAML mapping/],
    ];
    for (const [name, raw, key, message, fix] of refused) {
        it(`refuses ${name}`, () => {
            const problems = problemsOf(raw);
            const problem = problems.find(p => p.key === key);
            expect(problem, JSON.stringify(problems)).to.not.equal(undefined);
            expect(problem!.message).to.match(message);
            expect(problem!.fix).to.match(fix);
        });
    }

    const accepted: [string, RawConfig][] = [
        ["resources and tolerations", { metricsServerValues: { resources: { requests: { cpu: "100m" } }, tolerations: [{ operator: "Exists" }] } }],
        ["a guarded value set to what the program sets", { certManagerValues: { webhook: { hostNetwork: true, securePort: 10260 } } }],
        [
            "a node affinity beside the required anti-affinity",
            { loadBalancerControllerValues: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [] } } } } },
        ],
        ["a moved port and values that agree with it", { certManagerEnabled: true, certManagerWebhookPort: 10270, certManagerValues: { webhook: { securePort: 10270 } } }],
        ["values as Pulumi stores them (JSON text)", { metricsServerValues: JSON.stringify({ args: ["--kubelet-insecure-tls"] }) }],
    ];
    for (const [name, raw] of accepted) {
        it(`accepts ${name}`, () => {
            expect(problemsOf(raw)).to.deep.equal([]);
        });
    }
});

describe("user values in the releases (mocks)", () => {
    let resources: Resources;
    const release = (name: string) => resources.ofType(RELEASE).find(r => r.inputs.name === name)!;
    before(async () => {
        ({ resources } = await runProgram(() =>
            calicoEksProgram({
                metricsServerValues: { args: ["--kubelet-insecure-tls"], resources: { requests: { cpu: "100m" } }, affinity: { nodeAffinity: { x: 1 } } },
                loadBalancerControllerValues: { serviceAccount: { annotations: { team: "platform" } }, podLabels: { a: "b" } },
            }),
        ));
    });

    it("merges the user's values into the program's, keeping the host network and the ports", () => {
        const values = release("metrics-server").inputs.values;
        expect(values).to.deep.include({ hostNetwork: { enabled: true }, containerPort: 4443, replicas: 2, args: ["--kubelet-insecure-tls"], resources: { requests: { cpu: "100m" } } });
        expect(values.affinity.nodeAffinity).to.deep.equal({ x: 1 });
        expect(values.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution).to.have.length(1);
    });

    it("merges around the outputs the values hold (the role ARN stays where it was)", () => {
        const values = release("aws-load-balancer-controller").inputs.values;
        expect(values.serviceAccount.annotations).to.deep.equal({ "eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/calico-eks-addon-loadBalancerController", team: "platform" });
        expect(values).to.deep.include({ hostNetwork: true, webhookBindPort: 9443, podLabels: { a: "b" } });
    });

    it("makes each release depend on the releases its definition names in after", () => {
        const controller = release("aws-load-balancer-controller");
        expect(release("metrics-server").dependencies).to.include(controller.urn);
        expect(controller.dependencies).to.not.include(release("metrics-server").urn);
    });
});

describe("add-on docs and plan from the table", () => {
    const readme = fs.readFileSync(path.join(projectDir(), "README.md"), "utf8");
    const rows = readme.split("\n").filter(l => l.startsWith("| "));

    for (const addon of ADDON_TABLE) {
        it(`the README's add-on table has ${addon.name}'s row as the table says`, () => {
            const row = rows.find(r => r.startsWith(`| ${addon.title} (`));
            expect(row, addon.title).to.not.equal(undefined);
            const cells = row!.split(" | ").map(c => c.replace(/^\| |\s\|$/g, "").trim());
            expect(cells[0], "chart version").to.include(addon.chart.version);
            expect(cells[1], "default").to.equal(addon.enabledByDefault ? "on" : "off");
            const keys = [...cells[cells.length - 1].matchAll(/`(\w+)`(?: \((\d+)\))?/g)].map(m => (m[2] ? `${m[1]} (${m[2]})` : m[1]));
            const expected = configKeysOf(addon).map(key => {
                const port = settingsOf(addon).find(s => s.key === key && s.kind === "port");
                return port ? `${key} (${port.default})` : key;
            });
            expect(keys).to.deep.equal(expected);
        });
    }

    it("Pulumi.yaml's add-on block and the README's key cells are what npm run docs writes from the table", () => {
        const pulumiYaml = fs.readFileSync(path.join(projectDir(), "Pulumi.yaml"), "utf8");
        expect(syncPulumiYaml(pulumiYaml) === pulumiYaml, "Pulumi.yaml is behind the add-on table: npm run docs").to.equal(true);
        expect(syncReadme(readme) === readme, "README.md is behind the add-on table: npm run docs").to.equal(true);
    });

    it("npm run docs writes declarations YAML reads back as the table says, descriptions with YAML syntax included", () => {
        const block = yaml.load(`config:\n${pulumiYamlAddonBlock()}\n`) as { config: Record<string, { type: string; description: string; default: unknown }> };
        for (const addon of ADDON_TABLE) {
            for (const setting of settingsOf(addon)) {
                expect(block.config[setting.key], setting.key).to.deep.include({ description: setting.description, default: setting.default });
            }
        }
        // A row whose keys lag behind is rewritten; one that lists them (with notes of its own) is left as it is.
        const row = "| metrics-server (3.13.0) | on | yes | why | `metricsServerEnabled`, `metricsServerVersion` |";
        expect(syncReadme(row)).to.equal("| metrics-server (3.13.0) | on | yes | why | `metricsServerEnabled`, `metricsServerVersion`, `metricsServerPort` (4443), `metricsServerValues` |");
        expect(syncReadme(syncReadme(row))).to.equal(syncReadme(row));
        expect(keysInCell("`a`, `b` (required when on), `c` (9)")).to.deep.equal(["a", "b", "c (9)"]);
    });

    it("the plan lists each enabled add-on with its settings and the user values' top-level keys", () => {
        const config = resolveConfig({ certManagerEnabled: true, metricsServerValues: { args: ["--kubelet-insecure-tls"] } });
        const plan = renderPlan("dev", config);
        expect(plan).to.match(/## Add-ons/);
        expect(plan).to.match(/\ncert-manager +v1\.19\.1 +cert-manager +host +AWS Load Balancer Controller +certManagerWebhookPort=10260\n/);
        expect(plan).to.match(/\nmetrics-server +3\.13\.0 +kube-system +host +AWS Load Balancer Controller +metricsServerPort=4443; metricsServerValues: args\n/);
        expect(plan).to.match(/\nAWS Load Balancer Controller +1\.14\.1 +kube-system +host +- +loadBalancerControllerWebhookPort=9443\n/);
        expect(plan).to.not.match(/external-dns +1\.19\.0/);
    });
});
