import { expect } from "chai";
import { addressCount, canonicalCidr, cidrProblem, contains, formatCidr, overlaps, parseCidr, specialRangeOf, splitEvenly } from "../../components/net/cidr";
import { kubeReservedMemoryMiB, poolCapacity } from "../../components/net/capacity";
import { planSubnets } from "../../components/net/subnetPlan";

describe("cidr", () => {
    const problems: [unknown, RegExp | undefined][] = [
        ["10.0.0.0/8", undefined],
        ["172.16.0.0/16", undefined],
        ["0.0.0.0/0", undefined],
        ["192.168.1.7/32", undefined],
        ["172.16.0.0", /not an IPv4 CIDR/],
        ["172.16.0.0/33", /prefix above/],
        ["256.1.0.0/16", /octet above 255/],
        ["172.16.1.0/16", /host bits set; the network is 172\.16\.0\.0\/16/],
        ["fd00::/64", /not an IPv4 CIDR/],
        [42, /expected a string/],
        // Leading zeros: octal to inet_aton, decimal to others; AWS refuses them.
        ["172.016.0.0/16", /leading zero in a number, which some tools read as octal; write it as 172\.16\.0\.0\/16$/],
        ["010.0.0.0/8", /write it as 10\.0\.0\.0\/8$/],
        ["10.0.0.00/24", /write it as 10\.0\.0\.0\/24$/],
        ["10.0.0.0/08", /write it as 10\.0\.0\.0\/8$/],
        ["10.0.0.0/016", /write it as 10\.0\.0\.0\/16$/],
        ["10.0.0.0/0", /host bits set/],
        ["10.0.0.0/100", /prefix above \/32/],
        ["0.0.0.0/00", /leading zero/],
        ["10.0.0.0/8 ", undefined],
    ];
    for (const [text, expected] of problems) {
        it(`cidrProblem(${JSON.stringify(text)}) ${expected ? `matches ${expected}` : "is none"}`, () => {
            const problem = cidrProblem(text);
            if (expected) {
                expect(problem).to.match(expected);
            } else {
                expect(problem).to.equal(undefined);
            }
        });
    }

    const canonical: [unknown, string | undefined][] = [
        ["172.016.0.0/16", "172.16.0.0/16"],
        ["172.16.5.7/16", "172.16.0.0/16"],
        ["198.51.7.9/32", "198.51.7.9/32"],
        ["010.001.0.0/016", "10.1.0.0/16"],
        ["256.0.0.0/8", undefined],
        ["10.0.0.0/33", undefined],
        ["10.0.0.0", undefined],
        [7, undefined],
    ];
    for (const [text, expected] of canonical) {
        it(`canonicalCidr(${JSON.stringify(text)}) is ${expected}`, () => {
            expect(canonicalCidr(text)).to.equal(expected);
        });
    }

    const special: [string, string | undefined][] = [
        ["169.254.169.254/32", "169.254.0.0/16"],
        ["127.0.0.0/16", "127.0.0.0/8"],
        ["100.127.255.0/24", "100.64.0.0/10"],
        ["100.128.0.0/16", undefined],
        ["172.32.0.0/16", undefined],
        ["172.31.255.0/24", "172.16.0.0/12"],
        ["203.0.113.5/32", "203.0.113.0/24"],
        ["198.51.7.0/24", undefined],
        ["0.0.0.0/1", "0.0.0.0/8"],
        ["239.1.0.0/16", "224.0.0.0/4"],
    ];
    for (const [cidr, expected] of special) {
        it(`specialRangeOf(${cidr}) is ${expected}`, () => {
            expect(specialRangeOf(parseCidr(cidr))?.cidr).to.equal(expected);
        });
    }

    it("round-trips and sizes ranges", () => {
        expect(formatCidr(parseCidr("172.16.0.0/16"))).to.equal("172.16.0.0/16");
        expect(addressCount(parseCidr("172.16.0.0/16"))).to.equal(65536);
        expect(addressCount(parseCidr("0.0.0.0/0"))).to.equal(2 ** 32);
    });

    const pairs: [string, string, boolean][] = [
        ["172.16.0.0/16", "172.16.255.0/24", true],
        ["172.16.0.0/16", "172.17.0.0/16", false],
        ["10.0.0.0/8", "10.100.0.0/16", true],
        ["192.168.0.0/16", "192.167.255.255/32", false],
        ["0.0.0.0/0", "203.0.113.0/24", true],
    ];
    for (const [a, b, expected] of pairs) {
        it(`overlaps(${a}, ${b}) is ${expected} both ways`, () => {
            expect(overlaps(parseCidr(a), parseCidr(b))).to.equal(expected);
            expect(overlaps(parseCidr(b), parseCidr(a))).to.equal(expected);
        });
    }

    it("contains only ranges fully inside", () => {
        expect(contains(parseCidr("10.0.0.0/8"), parseCidr("10.1.0.0/16"))).to.equal(true);
        expect(contains(parseCidr("10.1.0.0/16"), parseCidr("10.0.0.0/8"))).to.equal(false);
    });

    it("splits a /16 into eksctl-sized /19 subnets", () => {
        expect(splitEvenly(parseCidr("192.168.0.0/16"), 6).map(formatCidr)).to.deep.equal([
            "192.168.0.0/19",
            "192.168.32.0/19",
            "192.168.64.0/19",
            "192.168.96.0/19",
            "192.168.128.0/19",
            "192.168.160.0/19",
        ]);
        expect(() => splitEvenly(parseCidr("10.0.0.0/27"), 4)).to.throw(/too small/);
        expect(() => splitEvenly(parseCidr("10.0.0.0/16"), 0)).to.throw(/cannot split/);
    });

    it("plans public subnets before private ones, one per AZ", () => {
        expect(planSubnets("192.168.0.0/16", 2)).to.deep.equal({
            publicCidrs: ["192.168.0.0/18", "192.168.64.0/18"],
            privateCidrs: ["192.168.128.0/18", "192.168.192.0/18"],
        });
    });
});

describe("capacity", () => {
    const table: [string, number, number, { blocksInPool: number; blocksPerNode: number; nodesItCanHold: number }][] = [
        // The runbook's numbers: 172.16.0.0/16, /26 blocks, 100 pods per node -> 2 blocks a node.
        ["172.16.0.0/16", 26, 100, { blocksInPool: 1024, blocksPerNode: 2, nodesItCanHold: 512 }],
        // 64 pods and the node's VXLAN tunnel address: 65 addresses, two /26 blocks.
        ["172.16.0.0/16", 26, 64, { blocksInPool: 1024, blocksPerNode: 2, nodesItCanHold: 512 }],
        ["172.16.0.0/16", 26, 63, { blocksInPool: 1024, blocksPerNode: 1, nodesItCanHold: 1024 }],
        ["172.16.0.0/24", 26, 100, { blocksInPool: 4, blocksPerNode: 2, nodesItCanHold: 2 }],
        ["172.16.0.0/20", 24, 250, { blocksInPool: 16, blocksPerNode: 1, nodesItCanHold: 16 }],
        ["172.16.0.0/16", 32, 110, { blocksInPool: 65536, blocksPerNode: 111, nodesItCanHold: 590 }],
        ["172.16.0.0/26", 24, 10, { blocksInPool: 0, blocksPerNode: 1, nodesItCanHold: 0 }],
    ];
    for (const [cidr, blockSize, maxPods, expected] of table) {
        it(`${cidr} in /${blockSize} blocks at ${maxPods} pods`, () => {
            expect(poolCapacity(parseCidr(cidr), blockSize, maxPods)).to.include(expected);
        });
    }

    it("sizes kubeReserved memory for the configured pod count", () => {
        expect(kubeReservedMemoryMiB(100)).to.equal(1355);
        expect(kubeReservedMemoryMiB(29)).to.equal(574);
    });
});
