import Ajv from "ajv";
import { expect } from "chai";
import { installationSpec, installationValues } from "../../components/calico/installationValues";
import { ENCAPSULATIONS, resolveConfig } from "../../components/stack/resolve";
import { SUPPORTED_CALICO_VERSIONS } from "../../components/config/defaults";
import { crdSchema } from "../support/calicoCrds";

// Kubernetes structural schemas carry x-kubernetes-* keywords and formats like int32 that JSON Schema
// does not define; they are annotations for the API server, not constraints ajv should guess at.
const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });

/** The API server prunes unknown fields; ajv must flag them instead, to tell the versions' schemas apart. */
function strict(schema: any): any {
    if (schema && typeof schema === "object") {
        if (schema.properties && schema.additionalProperties === undefined && !schema["x-kubernetes-preserve-unknown-fields"]) {
            schema.additionalProperties = false;
        }
        Object.values(schema).forEach(strict);
    }
    return schema;
}

describe("the Installation schema differs between the supported releases", () => {
    const routing = { calicoNetwork: { bgp: "Disabled", linuxDataplane: "Iptables", clusterRoutingMode: "Felix" } };
    it("v3.32 knows calicoNetwork.clusterRoutingMode; v3.31 does not (its CRDs must be replaced on upgrade)", () => {
        const accepts = (version: string) => ajv.compile(strict(crdSchema("operator.tigera.io_installations.yaml", version)).properties.spec)(routing);
        expect(SUPPORTED_CALICO_VERSIONS.map(accepts)).to.deep.equal([false, false, true]);
    });
});

for (const version of SUPPORTED_CALICO_VERSIONS)
    describe(`tigera-operator values against the real Installation CRD (${version})`, () => {
        const validateSpec = ajv.compile(crdSchema("operator.tigera.io_installations.yaml", version).properties.spec);

        function errorsOf(spec: unknown): string[] {
            return validateSpec(spec) ? [] : (validateSpec.errors ?? []).map(e => `${e.instancePath} ${e.message}`);
        }

        const valid: [string, Record<string, unknown>][] = [
            ["the default stack", {}],
            [
                "several pools with every setting this program allows",
                {
                    ipPools: [
                        { cidr: "172.16.0.0/16" },
                        { name: "wide", cidr: "172.18.0.0/16", encapsulation: "VXLAN", blockSize: 24 },
                        { name: "quiet", cidr: "172.19.0.0/16", natOutgoing: "Disabled", nodeSelector: "zone == 'a'" },
                    ],
                },
            ],
            [
                "two teams with their own pools",
                {
                    teams: [
                        { name: "payments", namespaces: ["payments-api"], cidr: "172.20.0.0/20" },
                        { name: "search", namespaces: ["search"], cidr: "172.20.16.0/20", blockSize: 27 },
                    ],
                },
            ],
        ];
        for (const [name, raw] of valid) {
            it(`accepts the Installation spec of ${name}`, () => {
                const config = resolveConfig(raw);
                const spec = installationSpec(installationValues(config.ipPools, config.teams));
                expect(errorsOf(spec)).to.deep.equal([]);
            });
        }

        it("sets the fields the runbook patches, with the schema's own spellings", () => {
            const spec = installationSpec(installationValues(resolveConfig({}).ipPools)) as any;
            expect(spec.cni.type).to.equal("Calico");
            expect(spec.kubernetesProvider).to.equal("EKS");
            expect(spec.calicoNetwork.bgp).to.equal("Disabled");
            expect(spec).to.not.have.property("enabled");
        });

        it("knows every encapsulation the program allows (and the CRD knows those it refuses)", () => {
            const allowed = crdSchema("operator.tigera.io_installations.yaml").properties.spec.properties.calicoNetwork.properties.ipPools.items.properties.encapsulation.enum;
            expect(ENCAPSULATIONS.filter(e => !allowed.includes(e))).to.deep.equal([]);
            // Refused by this program's validation, not by Calico: the reasons are EKS's, see calico/encapsulation.ts.
            expect(allowed).to.include.members(["VXLANCrossSubnet", "None", "IPIP"]);
        });

        // The schema check must be able to fail: these are specs the API server would reject.
        const invalid: [string, (spec: any) => void, RegExp][] = [
            ["natOutgoing as a boolean", s => (s.calicoNetwork.ipPools[0].natOutgoing = true), /natOutgoing must be string/],
            ["an unknown encapsulation", s => (s.calicoNetwork.ipPools[0].encapsulation = "Geneve"), /encapsulation must be equal to one of the allowed values/],
            ["an unknown CNI type", s => (s.cni.type = "Cilium"), /cni\/type must be equal to one of the allowed values/],
            ["blockSize as a string", s => (s.calicoNetwork.ipPools[0].blockSize = "26"), /blockSize must be integer/],
            ["an unknown provider", s => (s.kubernetesProvider = "EKS-Anywhere"), /kubernetesProvider must be equal to one of the allowed values/],
        ];
        for (const [name, mutate, message] of invalid) {
            it(`rejects ${name}`, () => {
                const spec = JSON.parse(JSON.stringify(installationSpec(installationValues(resolveConfig({}).ipPools))));
                mutate(spec);
                expect(errorsOf(spec).join("\n")).to.match(message);
            });
        }
    });
