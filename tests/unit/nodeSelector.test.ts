import { expect } from "chai";
import { parseSelector, undecidableLabels } from "../../components/calico/nodeSelector";
import { problemsOf } from "../support/configProblems";

describe("Calico node selectors", () => {
    const gpuNode = { "calico-eks/node-group": "gpu", team: "ml", "example.com/tier": "gold" };
    const plainNode = { "calico-eks/node-group": "general" };

    // [selector, matches gpuNode, matches plainNode]: Calico's semantics (libcalico-go's selector package).
    const table: [string, boolean, boolean][] = [
        ["all()", true, true],
        ["global()", true, true],
        ["calico-eks/node-group == 'gpu'", true, false],
        ['calico-eks/node-group == "gpu"', true, false],
        ["calico-eks/node-group != 'gpu'", false, true],
        // != and not in also match nodes without the label.
        ["team != 'ml'", false, true],
        ["team not in {'ml', 'web'}", false, true],
        ["team in {'ml', 'web'}", true, false],
        ["team in {}", false, false],
        ["has(team)", true, false],
        ["!has(team)", false, true],
        ["has(team) && team == 'ml'", true, false],
        ["has(team) || calico-eks/node-group == 'general'", true, true],
        ["!(has(team) || calico-eks/node-group == 'general')", false, false],
        ["example.com/tier starts with 'go'", true, false],
        ["example.com/tier ends with 'ld'", true, false],
        ["example.com/tier contains 'ol'", true, false],
        ["  has( team )  ", true, false],
        ["calico-eks/node-group=='gpu'&&team=='ml'", true, false],
        ["has(team) && (team == 'ml' || team == 'web') && !has(spot)", true, false],
    ];
    for (const [selector, gpu, plain] of table) {
        it(`${selector} → gpu ${gpu}, general ${plain}`, () => {
            const parsed = parseSelector(selector);
            expect(parsed.ok, JSON.stringify(parsed)).to.equal(true);
            if (parsed.ok) {
                expect([parsed.matches(gpuNode), parsed.matches(plainNode)]).to.deep.equal([gpu, plain]);
            }
        });
    }

    const invalid: [string, RegExp][] = [
        ["role=infra", /"=" where Calico expects ==/],
        ["role == infra", /expected a quoted value after role ==/],
        ["role == 'infra", /unterminated string/],
        ["has(role) & has(zone)", /"&" where Calico expects &&/],
        ["has(a) | has(b)", /"\|" where Calico expects \|\|/],
        ["has()", /expected a label name in has/],
        ["all", /after a complete selector|expected an operator after label all/],
        ["role in ('a')", /expected "\{"/],
        ["(has(a)", /expected "\)"/],
        ["has(a))", /unexpected "\)" after a complete selector/],
        ["has(a) &&", /expected all\(\), has\(label\) or a label comparison at the end/],
        ["role in {'a' 'b'}", /expected "\}"/],
        ["role ~= 'a'", /unexpected characters|expected an operator/],
    ];
    for (const [selector, error] of invalid) {
        it(`refuses ${selector}`, () => {
            const parsed = parseSelector(selector);
            expect(parsed.ok).to.equal(false);
            if (!parsed.ok) {
                expect(parsed.error).to.match(error);
            }
        });
    }

    it("tells which labels only the running node knows", () => {
        expect(undecidableLabels(parseSelector("topology.kubernetes.io/zone == 'eu-west-1a' && has(team)"))).to.deep.equal(["topology.kubernetes.io/zone"]);
        expect(undecidableLabels(parseSelector("eks.amazonaws.com/capacityType == 'SPOT'"))).to.deep.equal(["eks.amazonaws.com/capacityType"]);
        expect(undecidableLabels(parseSelector("node.kubernetes.io/instance-type == 'm5.large'"))).to.deep.equal(["node.kubernetes.io/instance-type"]);
        expect(undecidableLabels(parseSelector("calico-eks/node-group == 'a' && example.com/tier == 'b'"))).to.deep.equal([]);
    });
});

describe("pool checks: one problem per cause", () => {
    it("reports a group too large for its pools once, not again for the groups it shares them with", () => {
        const problems = problemsOf({
            ipPools: [{ cidr: "172.16.0.0/24" }],
            nodeGroups: [
                { name: "a", maxSize: 5 },
                { name: "b", maxSize: 1, minSize: 1, desiredSize: 1 },
            ],
        });
        expect(problems.map(p => [p.key, p.message.replace(/:.*/, "")])).to.deep.equal([["ipPools[0].cidr", 'group "a" may grow to 5 nodes, but the pools that select its nodes hold 2']]);
    });

    it("reports a broken selector or pool once, not also as a group no pool selects", () => {
        const keys = (raw: Record<string, unknown>) => problemsOf(raw).map(p => p.key);
        expect(keys({ ipPools: [{ nodeSelector: "role=infra" }] })).to.deep.equal(["ipPools[0].nodeSelector"]);
        expect(keys({ ipPools: [{ cidr: "172.16.0.0/33" }] })).to.deep.equal(["ipPools[0].cidr"]);
        expect(keys({ ipPools: [{ blockSize: 19 }] })).to.deep.equal(["ipPools[0].blockSize"]);
    });
});
