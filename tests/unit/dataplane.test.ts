/**
 * The eBPF dataplane: the release values checked against what each supported tigera-operator chart renders
 * from them (its real templates), and the resource graph under mocks (no kube-proxy add-on, the values).
 */
import Ajv from "ajv";
import { expect } from "chai";
import { apiServerEndpoint, chartHasOperatorDnsPolicy, dataplaneHostPorts, dataplaneValues, operatorDnsValues, VPC_RESOLVER, withDataplaneValues } from "../../components/calico/dataplane";
import { ALWAYS_ON_THE_HOST } from "../../components/addons/hostPorts";
import { dataplaneSwitchProblems, runningDataplaneOf } from "../../components/calico/dataplaneSwitch";
import { dataplanePreflightProvider } from "../../components/calico/dataplanePreflight";
import { SUPPORTED_CALICO_VERSIONS } from "../../components/config/defaults";
import { calicoEksProgram } from "../../components/program";
import { chartFile, chartValues } from "../support/referenceChart";
import { MOCK_KUBECONFIG, runPreview, runProgram, UNKNOWN } from "./mockHarness";
import { CalicoNetworking } from "../../components/calico/calicoNetworking";
import { installationSpec, tigeraOperatorValues } from "../../components/calico/installationValues";
import { resolveConfig } from "../../components/stack/resolve";
import { crdSchema } from "../support/calicoCrds";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const CALICO_RELEASE = "calico-eks-calico-tigera-operator";
const EKS_ENDPOINT = "https://0123456789ABCDEF0123456789ABCDEF.gr7.us-west-2.eks.amazonaws.com";

describe("eBPF dataplane: values for the tigera-operator chart", () => {
    it("takes the endpoint's host without scheme, and port 443 when the URL names none", () => {
        expect(apiServerEndpoint(EKS_ENDPOINT)).to.deep.equal({ host: "0123456789ABCDEF0123456789ABCDEF.gr7.us-west-2.eks.amazonaws.com", port: 443 });
        expect(apiServerEndpoint("https://0123.yl4.cn-north-1.eks.amazonaws.com.cn/")).to.deep.equal({ host: "0123.yl4.cn-north-1.eks.amazonaws.com.cn", port: 443 });
        expect(apiServerEndpoint("0123.gr7.us-west-2.eks.amazonaws.com")).to.deep.equal({ host: "0123.gr7.us-west-2.eks.amazonaws.com", port: 443 });
        expect(apiServerEndpoint("https://127.0.0.1:6443")).to.deep.equal({ host: "127.0.0.1", port: 6443 });
        expect(apiServerEndpoint("https://[fd00::1]:6443")).to.deep.equal({ host: "fd00::1", port: 6443 });
    });

    it("adds nothing under Iptables (stacks from before the setting keep their values)", () => {
        expect(dataplaneValues("Iptables", "v3.31.2", EKS_ENDPOINT)).to.deep.equal({});
    });

    for (const version of SUPPORTED_CALICO_VERSIONS) {
        describe(`chart ${version}`, () => {
            const defaults = chartValues("tigera-operator", version);
            const endpointTemplate = chartFile("tigera-operator", version, "templates/tigera-operator/01-kubernetes-services-endpoint.yaml");
            const deployment = chartFile("tigera-operator", version, "templates/tigera-operator/02-tigera-operator.yaml");
            const values = dataplaneValues("BPF", version, EKS_ENDPOINT);

            it("fills kubernetesServiceEndpoint, which the chart renders into the kubernetes-services-endpoint ConfigMap", () => {
                // The keys the chart has (its default port is 6443, the self-managed one; EKS listens on 443).
                expect(Object.keys(defaults.kubernetesServiceEndpoint).sort()).to.deep.equal(["host", "port"]);
                expect(endpointTemplate).to.match(/if \.Values\.kubernetesServiceEndpoint\.host/);
                expect(endpointTemplate).to.match(/KUBERNETES_SERVICE_HOST: \{\{ \.Values\.kubernetesServiceEndpoint\.host \| quote \}\}/);
                expect(endpointTemplate).to.match(/KUBERNETES_SERVICE_PORT: \{\{ \.Values\.kubernetesServiceEndpoint\.port \| quote \}\}/);
                expect(values.kubernetesServiceEndpoint).to.deep.equal({ host: "0123456789ABCDEF0123456789ABCDEF.gr7.us-west-2.eks.amazonaws.com", port: "443" });
            });

            it("sets linuxDataplane BPF in the Installation, which this release's Installation CRD accepts", () => {
                expect(values.installation).to.deep.equal({ calicoNetwork: { linuxDataplane: "BPF" } });
                const merged = withDataplaneValues(tigeraOperatorValues(resolveConfig({}).ipPools), values);
                const spec = installationSpec(merged.installation) as any;
                expect(spec.calicoNetwork).to.include({ linuxDataplane: "BPF", bgp: "Disabled" });
                expect(spec.calicoNetwork.ipPools).to.have.length(1);
                const validate = new Ajv({ strict: false, validateFormats: false, allErrors: true }).compile(crdSchema("operator.tigera.io_installations.yaml", version).properties.spec);
                expect(validate(spec), JSON.stringify(validate.errors)).to.equal(true);
                // The check can fail: a dataplane the CRD does not know.
                expect(validate({ ...spec, calicoNetwork: { ...spec.calicoNetwork, linuxDataplane: "eBPF" } })).to.equal(false);
            });

            it("gives the operator the VPC resolver the way this chart allows", () => {
                expect(defaults).to.have.property("dnsConfig");
                expect(deployment).to.match(/if \.Values\.dnsConfig/);
                const hasDnsPolicy = /\.Values\.dnsPolicy/.test(deployment);
                // What the project believes about the chart is what the chart says.
                expect(chartHasOperatorDnsPolicy(version), "dnsPolicy value").to.equal(hasDnsPolicy);
                expect(values.dnsConfig!.nameservers).to.deep.equal([VPC_RESOLVER]);
                if (hasDnsPolicy) {
                    expect(values.dnsPolicy).to.equal("None");
                    expect(values.dnsConfig).to.not.have.property("options");
                } else {
                    // Fixed ClusterFirstWithHostNet: the resolver comes after cluster DNS, with a short timeout.
                    expect(deployment).to.match(/dnsPolicy: ClusterFirstWithHostNet/);
                    expect(values).to.not.have.property("dnsPolicy");
                    expect(values.dnsConfig!.options).to.deep.equal([{ name: "timeout", value: "1" }]);
                }
                expect(values.dnsConfig).to.deep.equal(operatorDnsValues(version).dnsConfig);
            });
        });
    }
});

describe("eBPF dataplane: host ports", () => {
    it("swaps kube-proxy's ports for Felix's kube-proxy health server", () => {
        const bpf = dataplaneHostPorts(ALWAYS_ON_THE_HOST, "BPF");
        expect(bpf.filter(o => o.owner === "kube-proxy")).to.deep.equal([]);
        expect(bpf.find(o => o.port === 10256)).to.include({ owner: "calico-node", protocol: "TCP" });
        expect(bpf.find(o => o.port === 10249)).to.equal(undefined);
        expect(dataplaneHostPorts(ALWAYS_ON_THE_HOST, "Iptables")).to.deep.equal([...ALWAYS_ON_THE_HOST]);
    });
});

describe("eBPF dataplane: the resource graph under mocks", () => {
    it("under BPF creates no kube-proxy add-on and gives the release the endpoint, resolver and dataplane", async () => {
        const { resources } = await runProgram(() => calicoEksProgram({ dataplane: "BPF" }));
        expect(resources.one("eks:index:Cluster").inputs.kubeProxyAddonOptions).to.include({ enabled: false });
        const values = resources.one(RELEASE, CALICO_RELEASE).inputs.values;
        // The mock cluster's kubeconfig names https://mock.invalid as its server.
        expect(values.kubernetesServiceEndpoint).to.deep.equal({ host: "mock.invalid", port: "443" });
        expect(values.dnsConfig).to.deep.equal({ nameservers: ["169.254.169.253"], options: [{ name: "timeout", value: "1" }] });
        expect(values).to.not.have.property("dnsPolicy");
        expect(values.installation.calicoNetwork).to.include({ linuxDataplane: "BPF", bgp: "Disabled" });
        expect(values.installation.calicoNetwork.ipPools).to.have.length(1);
        expect(values.manageCRDs).to.equal(false);
    });

    it("under BPF on v3.32.1 sets the operator's dnsPolicy to None", async () => {
        const { resources } = await runProgram(() => calicoEksProgram({ dataplane: "BPF", calicoVersion: "v3.32.1" }));
        const values = resources.one(RELEASE, CALICO_RELEASE).inputs.values;
        expect(values).to.deep.include({ dnsPolicy: "None", dnsConfig: { nameservers: ["169.254.169.253"] } });
    });

    it("under Iptables keeps the kube-proxy add-on and exactly the values from before the setting", async () => {
        const { resources } = await runProgram(() => calicoEksProgram({}));
        expect(resources.one("eks:index:Cluster").inputs.kubeProxyAddonOptions).to.include({ enabled: true });
        const values = resources.one(RELEASE, CALICO_RELEASE).inputs.values;
        expect(Object.keys(values).sort()).to.deep.equal(["installation", "manageCRDs"]);
        expect(values.installation.calicoNetwork).to.not.have.property("linuxDataplane");
    });

    it("in a preview of a new stack, the endpoint is not known yet and the release still plans", async () => {
        const { resources } = await runPreview(() => calicoEksProgram({ dataplane: "BPF" }));
        expect(resources.one("eks:index:Cluster").inputs.kubeProxyAddonOptions).to.include({ enabled: false });
        const release = resources.one(RELEASE, CALICO_RELEASE);
        // The values wait for the cluster's kubeconfig, unknown until the cluster exists.
        expect(release.inputs.values === UNKNOWN || release.inputs.values?.kubernetesServiceEndpoint === UNKNOWN).to.equal(true);
    });
});

describe("eBPF dataplane: switching a running cluster", () => {
    it("reads the Installation's dataplane, Iptables when the field is absent, none without an Installation", () => {
        expect(runningDataplaneOf(undefined)).to.equal(undefined);
        expect(runningDataplaneOf({ spec: { calicoNetwork: { bgp: "Disabled" } } })).to.equal("Iptables");
        expect(runningDataplaneOf({ spec: { calicoNetwork: { linuxDataplane: "BPF" } } })).to.equal("BPF");
    });

    it("lets a switch alone through, in either direction, and a new cluster", () => {
        expect(dataplaneSwitchProblems({}, "BPF", "v3.31.2")).to.deep.equal([]);
        expect(dataplaneSwitchProblems({ runningDataplane: "Iptables", installedVersion: "v3.31.2" }, "BPF", "v3.31.2")).to.deep.equal([]);
        expect(dataplaneSwitchProblems({ runningDataplane: "BPF", installedVersion: "v3.31.2" }, "Iptables", "v3.31.2")).to.deep.equal([]);
        expect(dataplaneSwitchProblems({ runningDataplane: "BPF", installedVersion: "v3.31.2" }, "BPF", "v3.31.7")).to.deep.equal([]);
    });

    it("refuses a switch together with a Calico version change, with the two ups as the fix", () => {
        const [problem, ...others] = dataplaneSwitchProblems({ runningDataplane: "Iptables", installedVersion: "v3.31.7" }, "BPF", "v3.32.1");
        expect(others).to.deep.equal([]);
        expect(problem.key).to.equal("dataplane");
        expect(problem.message).to.match(/from Iptables to BPF and Calico from v3\.31\.7 to v3\.32\.1 at once/);
        expect(problem.fix).to.equal(
            "one at a time: pulumi config set 'dataplane' Iptables && pulumi up (the upgrade to v3.32.1), then pulumi config set 'dataplane' BPF && pulumi up; or keep calicoVersion v3.31.7 for the switch and upgrade after",
        );
    });

    it("refuses to leave a dataplane set by hand that the program does not manage", () => {
        const [problem] = dataplaneSwitchProblems({ runningDataplane: "Nftables", installedVersion: "v3.31.2" }, "BPF", "v3.31.2");
        expect(problem.message).to.match(/runs the Nftables dataplane, which this program does not manage/);
        expect(problem.fix).to.match(/linuxDataplane":"Iptables/);
    });

    it("refuses BPF while kube-proxy runs and nothing in this up removes it (a CalicoNetworking on another cluster)", () => {
        const [problem, ...others] = dataplaneSwitchProblems({ kubeProxyRunning: true }, "BPF", "v3.31.2");
        expect(others).to.deep.equal([]);
        expect(problem.key).to.equal("dataplane");
        expect(problem.message).to.match(/kube-proxy runs on this cluster \(DaemonSet kube-system\/kube-proxy\)/);
        expect(problem.fix).to.match(/aws eks delete-addon --cluster-name <cluster> --addon-name kube-proxy/);
        // On a running Iptables cluster too, and not when this up removes it (CalicoEksCluster) or under Iptables.
        expect(dataplaneSwitchProblems({ runningDataplane: "Iptables", installedVersion: "v3.31.2", kubeProxyRunning: true }, "BPF", "v3.31.2")).to.have.length(1);
        expect(dataplaneSwitchProblems({ runningDataplane: "Iptables", kubeProxyRunning: true, kubeProxyRemovedHere: true }, "BPF", "v3.31.2")).to.deep.equal([]);
        expect(dataplaneSwitchProblems({ runningDataplane: "BPF", kubeProxyRunning: true }, "Iptables", "v3.31.2")).to.deep.equal([]);
    });

    it("CalicoEksCluster tells the pre-flight it removes kube-proxy under BPF; CalicoNetworking alone does not", async () => {
        const { resources } = await runProgram(() => calicoEksProgram({ dataplane: "BPF" }));
        expect(resources.one("pulumi-nodejs:dynamic:Resource", "calico-eks-calico-dataplane-preflight").inputs.kubeProxyRemovedHere).to.equal(true);
        const { resources: iptables } = await runProgram(() => calicoEksProgram({}));
        expect(iptables.one("pulumi-nodejs:dynamic:Resource", "calico-eks-calico-dataplane-preflight").inputs.kubeProxyRemovedHere).to.equal(false);
        const { resources: alone } = await runProgram(() => new CalicoNetworking("calico", { kubeconfig: MOCK_KUBECONFIG, dataplane: "BPF" }));
        expect(alone.one("pulumi-nodejs:dynamic:Resource", "calico-dataplane-preflight").inputs.kubeProxyRemovedHere).to.equal(false);
    });

    it("the pre-flight runs before the version pre-flight, which the CRDs and the release wait for", async () => {
        const { resources } = await runProgram(() => calicoEksProgram({ dataplane: "BPF" }));
        const dataplane = resources.one("pulumi-nodejs:dynamic:Resource", "calico-eks-calico-dataplane-preflight");
        expect(dataplane.inputs).to.include({ dataplane: "BPF", targetVersion: "v3.31.2", namespace: "tigera-operator", releaseName: "calico" });
        const version = resources.one("pulumi-nodejs:dynamic:Resource", "calico-eks-calico-version-preflight");
        expect(resources.dependsOn(version, dataplane)).to.equal(true);
        expect(resources.dependsOn(resources.one(RELEASE, CALICO_RELEASE), dataplane)).to.equal(true);
    });

    it("the pre-flight asks nothing of a cluster that does not exist yet", async () => {
        const news = { kubeconfig: "04da6b54-80e4-46f7-96ec-b56ff0331ba9", dataplane: "BPF", targetVersion: "v3.32.1", namespace: "tigera-operator", releaseName: "calico" };
        expect((await dataplanePreflightProvider.check!({}, news)).inputs).to.deep.equal(news);
        const olds = { ...news, kubeconfig: "k" };
        expect((await dataplanePreflightProvider.diff!("id", olds, { ...olds, targetVersion: "v3.31.2" }))?.changes).to.equal(false);
        expect((await dataplanePreflightProvider.diff!("id", olds, { ...olds, dataplane: "Iptables" }))?.changes).to.equal(true);
    });
});
