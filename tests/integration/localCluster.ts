/**
 * A real Kubernetes control plane on loopback for tests: etcd, kube-apiserver and kube-controller-manager
 * from the toolchain, in a temporary directory, with generated keys and a bearer token. No kubelet: pods
 * never run, which is what a cluster without nodes looks like.
 */
import { ChildProcess, spawn } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { kubeRequest, KubeResponse } from "../../components/cluster/kubeClient";
import { calicoCrds } from "../support/calicoCrds";

export interface LocalCluster {
    /** Kubeconfig (JSON text) with a cluster-admin token. */
    readonly kubeconfig: string;
    readonly dir: string;
    /** PUT replaces an object (or its status subresource), as the tests' stand-ins for node-side controllers do. */
    request(method: "GET" | "POST" | "PUT" | "DELETE", apiPath: string, body?: object): Promise<KubeResponse>;
    stop(): Promise<void>;
}

async function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.listen(0, "127.0.0.1", () => {
            const port = (server.address() as net.AddressInfo).port;
            server.close(() => resolve(port));
        });
        server.on("error", reject);
    });
}

export async function waitFor(what: string, timeoutMs: number, check: () => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
        if (await check().catch(() => false)) {
            return;
        }
        await new Promise(r => setTimeout(r, 250));
    }
    throw new Error(`${what} not ready after ${timeoutMs} ms`);
}

export async function startLocalCluster(bin: string): Promise<LocalCluster> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "calico-eks-apiserver-"));
    const processes: ChildProcess[] = [];
    const start = (name: string, args: string[]) => {
        const log = fs.openSync(path.join(dir, `${name}.log`), "w");
        const child = spawn(path.join(bin, name), args, { cwd: dir, stdio: ["ignore", log, log] });
        processes.push(child);
        return child;
    };
    const stop = async () => {
        for (const child of processes.reverse()) {
            if (child.exitCode === null) {
                child.kill("SIGTERM");
                await new Promise(r => {
                    const t = setTimeout(() => {
                        child.kill("SIGKILL");
                        r(undefined);
                    }, 10_000);
                    child.once("exit", () => {
                        clearTimeout(t);
                        r(undefined);
                    });
                });
            }
        }
        fs.rmSync(dir, { recursive: true, force: true });
    };

    try {
        const [etcdClient, etcdPeer, apiPort, kcmPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
        const { privateKey, publicKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
        fs.writeFileSync(path.join(dir, "sa.key"), privateKey.export({ type: "pkcs1", format: "pem" }));
        fs.writeFileSync(path.join(dir, "sa.pub"), publicKey.export({ type: "spki", format: "pem" }));
        const token = crypto.randomBytes(16).toString("hex");
        fs.writeFileSync(path.join(dir, "tokens.csv"), `${token},admin,admin,"system:masters"\n`);

        start("etcd", [
            "--data-dir",
            path.join(dir, "etcd"),
            "--name",
            "default",
            "--listen-client-urls",
            `http://127.0.0.1:${etcdClient}`,
            "--advertise-client-urls",
            `http://127.0.0.1:${etcdClient}`,
            "--listen-peer-urls",
            `http://127.0.0.1:${etcdPeer}`,
            "--initial-advertise-peer-urls",
            `http://127.0.0.1:${etcdPeer}`,
            "--initial-cluster",
            `default=http://127.0.0.1:${etcdPeer}`,
        ]);
        start("kube-apiserver", [
            "--etcd-servers",
            `http://127.0.0.1:${etcdClient}`,
            "--bind-address",
            "127.0.0.1",
            "--advertise-address",
            "127.0.0.1",
            "--secure-port",
            String(apiPort),
            "--cert-dir",
            path.join(dir, "certs"),
            "--service-cluster-ip-range",
            "10.100.0.0/16",
            "--service-account-issuer",
            "https://kubernetes.default.svc.cluster.local",
            "--service-account-key-file",
            "sa.pub",
            "--service-account-signing-key-file",
            "sa.key",
            "--token-auth-file",
            "tokens.csv",
            "--authorization-mode",
            "RBAC",
            // Webhooks are called at their Service's endpoints, not its ClusterIP (no kube-proxy here): the tests
            // register a webhook stand-in as the endpoint of the Service a chart's webhook names.
            "--enable-aggregator-routing=true",
        ]);
        const certFile = path.join(dir, "certs", "apiserver.crt");
        await waitFor("kube-apiserver certificate", 60_000, async () => fs.existsSync(certFile));
        const kubeconfig = JSON.stringify({
            apiVersion: "v1",
            kind: "Config",
            clusters: [{ name: "local", cluster: { server: `https://127.0.0.1:${apiPort}`, "certificate-authority-data": fs.readFileSync(certFile).toString("base64") } }],
            contexts: [{ name: "local", context: { cluster: "local", user: "admin" } }],
            "current-context": "local",
            users: [{ name: "admin", user: { token } }],
        });
        fs.writeFileSync(path.join(dir, "kubeconfig.json"), kubeconfig);
        await waitFor("kube-apiserver /readyz", 90_000, async () => (await kubeRequest(kubeconfig, "GET", "/readyz")).status === 200);
        // Garbage collection and namespace deletion need the controllers.
        start("kube-controller-manager", [
            "--kubeconfig",
            "kubeconfig.json",
            "--leader-elect=false",
            "--bind-address",
            "127.0.0.1",
            "--secure-port",
            String(kcmPort),
            "--service-account-private-key-file",
            "sa.key",
            "--root-ca-file",
            certFile,
            "--use-service-account-credentials",
            // Without the endpoint controllers, the endpoints the tests register for a webhook stay as they are
            // (the controllers would empty them: no pod ever runs). Without the Job controller, a hook Job is
            // left to the test that plays the node running it.
            "--controllers",
            "*,-nodeipam,-nodelifecycle,-cloud-node-lifecycle,-service-lb-controller,-route,-endpoint,-endpointslice,-job",
        ]);
        await waitFor("default ServiceAccount", 60_000, async () => (await kubeRequest(kubeconfig, "GET", "/api/v1/namespaces/default/serviceaccounts/default")).status === 200);
        // kubeRequest speaks the methods the program needs; PUT goes through it the same way.
        return { kubeconfig, dir, request: (method, apiPath, body) => kubeRequest(kubeconfig, method as "GET", apiPath, body), stop };
    } catch (err) {
        const logs = fs.existsSync(dir)
            ? fs
                  .readdirSync(dir)
                  .filter(f => f.endsWith(".log"))
                  .map(f => `--- ${f}\n${fs.readFileSync(path.join(dir, f), "utf8").slice(-2000)}`)
                  .join("\n")
            : "";
        await stop();
        throw new Error(`${(err as Error).message}\n${logs}`, { cause: err });
    }
}

const CRDS_PATH = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";

/** Loads the real CRDs of a Calico release (from shared/reference) and waits until the Installation kind is served. */
export async function loadCalicoCrds(cluster: LocalCluster, version?: string): Promise<void> {
    for (const [file, crd] of calicoCrds(version)) {
        const created = await cluster.request("POST", CRDS_PATH, crd);
        if (created.status !== 201) {
            throw new Error(`${file}: HTTP ${created.status}: ${created.body}`);
        }
    }
    await waitFor("Installation CRD", 60_000, async () => {
        const crd = JSON.parse((await cluster.request("GET", `${CRDS_PATH}/installations.operator.tigera.io`)).body);
        return crd.status?.conditions?.some((c: any) => c.type === "Established" && c.status === "True") ?? false;
    });
}

/** Deletes the CRDs loadCalicoCrds loaded and waits until they are gone: the cluster is as before. */
export async function unloadCalicoCrds(cluster: LocalCluster, version?: string): Promise<void> {
    const names = [...calicoCrds(version).values()].map(crd => crd.metadata.name as string);
    for (const name of names) {
        await cluster.request("DELETE", `${CRDS_PATH}/${name}`);
    }
    // Deleting a CRD waits for the API server's finalizer to remove its objects and serve it no more: seconds
    // on an idle machine, minutes on a loaded one (two cores running the engine, providers and this server).
    await waitFor("Calico CRDs deleted", 6 * 60_000, async () => {
        for (const name of names) {
            if ((await cluster.request("GET", `${CRDS_PATH}/${name}`)).status !== 404) {
                return false;
            }
        }
        return true;
    });
}
