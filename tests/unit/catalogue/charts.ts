/**
 * calicoVersion and chartSource: what users write for them (versions copied from release notes, Helm's
 * values.yaml or other tools; chart locations from other tools' docs), each refused with the key and a fix,
 * and the forms that must keep working. Local chart directories are the real packaged charts beside the
 * checkout (shared/reference/charts), and scratch directories made here for the shapes that must be refused.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Catalogue } from "../../support/catalogue";
import { referenceChartsDir } from "../../support/referenceCharts";

const shared = referenceChartsDir();
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "calico-eks-charts-catalogue-"));
/** A directory with nothing in it. */
const empty = path.join(scratch, "empty");
fs.mkdirSync(empty);
/** Only the Calico chart, linked from the real one: the add-ons' charts are missing. */
const calicoOnly = path.join(scratch, "calico-only");
fs.mkdirSync(calicoOnly);
fs.symlinkSync(path.join(shared, "tigera-operator-v3.31.2.tgz"), path.join(calicoOnly, "tigera-operator-v3.31.2.tgz"));
/** An unpacked chart folder that is not a chart (no Chart.yaml): `helm pull --untar` into the wrong place. */
const notAChart = path.join(scratch, "not-a-chart");
fs.mkdirSync(path.join(notAChart, "tigera-operator"), { recursive: true });
/** An unpacked chart folder, as `helm pull --untar` leaves it. */
const unpacked = path.join(scratch, "unpacked");
fs.mkdirSync(path.join(unpacked, "tigera-operator"), { recursive: true });
fs.writeFileSync(path.join(unpacked, "tigera-operator", "Chart.yaml"), "apiVersion: v2\nname: tigera-operator\nversion: v3.31.2\n");
/** Every add-on off, so that a directory holding only the Calico chart is complete. */
const NO_ADDONS = { loadBalancerControllerEnabled: false, metricsServerEnabled: false };

const SUPPORTED = /supported: v3\.31\.2, v3\.31\.7, v3\.32\.1/;
const setVersion = (version: string) => new RegExp(`^pulumi config set 'calicoVersion' ${version.replace(/\./g, "\\.")} \\(supported: `);
const RM = /pulumi config rm chartSource/;

export const catalogue: Catalogue = {
    area: "charts",
    refused: [
        { name: "a version from another project's era", config: { calicoVersion: "v2.0.0" }, key: "calicoVersion", message: /not a release this program supports/, fix: setVersion("v3.31.2") },
        { name: "an older Calico the program was never tested with", config: { calicoVersion: "v3.30.4" }, key: "calicoVersion", message: /not a release this program supports/, fix: SUPPORTED },
        { name: "a future Calico", config: { calicoVersion: "v3.33.0" }, key: "calicoVersion", message: /not a release this program supports/, fix: SUPPORTED },
        {
            name: "v3.32.0, an untested patch of a supported minor",
            config: { calicoVersion: "v3.32.0" },
            key: "calicoVersion",
            message: /not a release this program supports/,
            fix: setVersion("v3.32.1"),
        },
        { name: "the minor only", config: { calicoVersion: "v3.31" }, key: "calicoVersion", message: /not a release this program supports/, fix: setVersion("v3.31.7") },
        {
            name: "the version without its leading v (as Helm's --version docs show other charts)",
            config: { calicoVersion: "3.31.2" },
            key: "calicoVersion",
            message: /lacks the leading "v"/,
            fix: /^pulumi config set 'calicoVersion' v3\.31\.2 /,
        },
        { name: "the tigera-operator image version from values.yaml", config: { calicoVersion: "v1.40.2" }, key: "calicoVersion", message: /tigera-operator image version/, fix: SUPPORTED },
        { name: "the v3.32 operator image version", config: { calicoVersion: "v1.42.3" }, key: "calicoVersion", message: /image version/, fix: SUPPORTED },
        { name: "latest", config: { calicoVersion: "latest" }, key: "calicoVersion", message: /not a Calico release like v3\.31\.2/, fix: SUPPORTED },
        { name: "an empty version", config: { calicoVersion: "" }, key: "calicoVersion", message: /newest/, fix: setVersion("v3.31.2") },
        { name: "a branch name", config: { calicoVersion: "release-v3.31" }, key: "calicoVersion", message: /not a Calico release/, fix: SUPPORTED },
        { name: "a pre-release tag", config: { calicoVersion: "v3.32.0-1.0" }, key: "calicoVersion", message: /not a Calico release/, fix: SUPPORTED },
        {
            name: "an S3 bucket (the helm-s3 plugin's form)",
            config: { chartSource: "s3://platform-charts/calico" },
            key: "chartSource",
            message: /cannot install charts from "s3:"/,
            fix: /oci:\/\/<registry>\/<prefix>.*pulumi config rm chartSource/,
        },
        { name: "a GCS bucket", config: { chartSource: "gs://platform-charts" }, key: "chartSource", message: /"gs:"/, fix: RM },
        { name: "a file: URL", config: { chartSource: "file:///opt/charts" }, key: "chartSource", message: /"file:"/, fix: RM },
        { name: "a git URL", config: { chartSource: "git+https://github.com/projectcalico/calico" }, key: "chartSource", message: /"git\+https:"/, fix: RM },
        { name: "oci: with one slash", config: { chartSource: "oci:/registry.internal/charts" }, key: "chartSource", message: /two slashes/, fix: /pulumi config set 'chartSource' oci:\/\// },
        { name: "a bare oci://", config: { chartSource: "oci://" }, key: "chartSource", message: /names no registry host/, fix: RM },
        { name: "https:// with no host", config: { chartSource: "https://" }, key: "chartSource", message: /names no host/, fix: RM },
        {
            name: "a relative directory that does not exist",
            config: { chartSource: "vendor/charts-that-are-not-here" },
            key: "chartSource",
            message: /does not exist \(a relative chartSource is relative to the project directory/,
            fix: /helm pull tigera-operator --repo https:\/\/docs\.tigera\.io\/calico\/charts --version v3\.31\.2 -d/,
        },
        {
            name: "an absolute directory that does not exist",
            config: { chartSource: "/opt/calico-eks/charts-missing" },
            key: "chartSource",
            message: /\/opt\/calico-eks\/charts-missing does not exist/,
            fix: RM,
        },
        {
            name: "the packaged chart file instead of its directory",
            config: { chartSource: path.join(shared, "tigera-operator-v3.31.2.tgz") },
            key: "chartSource",
            message: /is a file; chartSource names the directory/,
            fix: new RegExp(`pulumi config set 'chartSource' '${shared.replace(/[.]/g, "\\.")}'`),
        },
        {
            name: "an empty chart directory",
            config: { chartSource: empty },
            key: "chartSource",
            message: /holds neither tigera-operator-v3\.31\.2\.tgz nor an unpacked tigera-operator\/ chart/,
            fix: /helm pull tigera-operator --repo .* --version v3\.31\.2 -d/,
        },
        {
            name: "the Calico chart but not the add-ons' charts",
            config: { chartSource: calicoOnly },
            key: "chartSource",
            message: /aws-load-balancer-controller-1\.14\.1\.tgz/,
            fix: /helm pull aws-load-balancer-controller --repo https:\/\/aws\.github\.io\/eks-charts --version 1\.14\.1 .*or disable what needs it/,
        },
        {
            name: "a folder named after the chart without a chart in it",
            config: { chartSource: notAChart, ...NO_ADDONS },
            key: "chartSource",
            message: /nor an unpacked tigera-operator\/ chart/,
            fix: /helm pull tigera-operator/,
        },
        {
            name: "v3.32 without its CRD chart in the directory",
            config: { chartSource: calicoOnly, calicoVersion: "v3.32.1", ...NO_ADDONS },
            key: "chartSource",
            message: /crd\.projectcalico\.org\.v1-v3\.32\.1\.tgz/,
            fix: /helm pull crd\.projectcalico\.org\.v1 .* --version v3\.32\.1/,
        },
        {
            name: "a newer Calico than the directory holds",
            config: { chartSource: calicoOnly, calicoVersion: "v3.31.7", ...NO_ADDONS },
            key: "chartSource",
            message: /tigera-operator-v3\.31\.7\.tgz/,
            fix: /--version v3\.31\.7/,
        },
        {
            name: "an add-on version the directory does not hold",
            config: { chartSource: shared, metricsServerVersion: "3.12.2" },
            key: "chartSource",
            message: /metrics-server-3\.12\.2\.tgz/,
            fix: /helm pull metrics-server .* --version 3\.12\.2/,
        },
        {
            name: "an enabled add-on pinned to a chart the directory lacks",
            config: { chartSource: shared, certManagerEnabled: true, certManagerVersion: "v1.18.2" },
            key: "chartSource",
            message: /cert-manager-v1\.18\.2\.tgz/,
            fix: /--version v1\.18\.2/,
        },
    ],
    accepted: [
        { name: "the runbook's release, by default", config: {}, plan: [/install tigera-operator v3\.31\.2 /], check: c => expect(c.calico.version).to.equal("v3.31.2") },
        { name: "v3.31.7 (IPAM garbage collection fix)", config: { calicoVersion: "v3.31.7" }, plan: [/install tigera-operator v3\.31\.7 /] },
        { name: "v3.32.1, the current release", config: { calicoVersion: "v3.32.1" }, plan: [/install tigera-operator v3\.32\.1 /] },
        { name: "a directory of packaged charts at their pins", config: { chartSource: shared }, plan: [/tigera-operator v3\.31\.2/], check: c => expect(c.chartSource).to.equal(shared) },
        { name: "the same directory with a trailing slash", config: { chartSource: `${shared}/` }, plan: [/tigera-operator/] },
        { name: "v3.32.1 from a directory that holds its CRD chart", config: { chartSource: shared, calicoVersion: "v3.32.1", certManagerEnabled: true }, plan: [/tigera-operator v3\.32\.1/] },
        {
            name: "a relative directory, resolved from the project directory",
            config: { chartSource: path.relative(process.cwd(), shared) },
            plan: [/tigera-operator/],
            check: c => expect(c.chartSource).to.equal(shared),
        },
        { name: "unpacked chart folders (helm pull --untar)", config: { chartSource: unpacked, ...NO_ADDONS }, plan: [/tigera-operator v3\.31\.2/] },
        {
            name: "a mirror repository",
            config: { chartSource: "https://charts.internal.example.com/mirror" },
            plan: [/tigera-operator/],
            check: c => expect(c.chartSource).to.equal("https://charts.internal.example.com/mirror"),
        },
        { name: "a plain-http mirror on a port", config: { chartSource: "http://10.0.0.5:8080/charts" }, plan: [/tigera-operator/] },
        { name: "an ECR OCI registry", config: { chartSource: "oci://123456789012.dkr.ecr.eu-west-1.amazonaws.com/charts" }, plan: [/tigera-operator/] },
    ],
};
