/**
 * What nodes would do on a real cluster, played by the test where the test API server has no kubelet. Each
 * stand-in is explicit and does only what the named workload would do; the program deploys what a real
 * cluster gets, unchanged.
 *
 * - WebhookStandIn answers admission reviews for a chart's webhook Service, as the controller's pods would:
 *   it listens on this machine's network address (an endpoint address may not be loopback), serves the
 *   certificate the chart generated (read from the chart's Secret when the API server connects), and is
 *   registered as the endpoint of the Service the webhook configuration names (the API server runs with
 *   aggregator routing, so webhooks are called at their endpoints).
 * - HookJobStandIn completes Helm hook Jobs (the tigera-operator chart's pre-delete cleanup) as a node
 *   running them would: it marks them complete through the status subresource.
 */
import * as https from "https";
import * as net from "net";
import * as os from "os";
import * as tls from "tls";
import { LocalCluster } from "./localCluster";

/** This machine's first non-loopback IPv4 address. */
function hostAddress(): string {
    const address = Object.values(os.networkInterfaces())
        .flat()
        .find(a => a && a.family === "IPv4" && !a.internal)?.address;
    if (!address) {
        throw new Error("no non-loopback IPv4 address: a webhook endpoint may not be a loopback address");
    }
    return address;
}

export interface WebhookService {
    readonly namespace: string;
    /** The Service the webhook configuration names. */
    readonly service: string;
    /** The name of the Service's port (the API server matches endpoint ports by it), e.g. webhook-server. */
    readonly portName: string;
    /** The kubernetes.io/tls Secret holding the serving certificate the chart generated. */
    readonly tlsSecret: string;
}

export class WebhookStandIn {
    /** Admission reviews answered, by resource and operation ("services/CREATE"). */
    readonly reviews: string[] = [];
    private server?: https.Server;

    constructor(
        private readonly cluster: LocalCluster,
        readonly target: WebhookService,
    ) {}

    async start(): Promise<void> {
        const { cluster, target } = this;
        this.server = https.createServer(
            {
                // The certificate exists only once the chart's release has created its Secret: read it per connection.
                SNICallback: (_name, done) => {
                    cluster
                        .request("GET", `/api/v1/namespaces/${target.namespace}/secrets/${target.tlsSecret}`)
                        .then(response => {
                            if (response.status !== 200) {
                                throw new Error(`secret ${target.tlsSecret}: HTTP ${response.status}`);
                            }
                            const data = JSON.parse(response.body).data;
                            done(null, tls.createSecureContext({ cert: Buffer.from(data["tls.crt"], "base64"), key: Buffer.from(data["tls.key"], "base64") }));
                        })
                        .catch(err => done(err));
                },
            },
            (request, response) => {
                let body = "";
                request.on("data", chunk => (body += chunk));
                request.on("end", () => {
                    const review = JSON.parse(body);
                    this.reviews.push(`${review.request?.resource?.resource}/${review.request?.operation}`);
                    // Admit unchanged: the real controller mutates only LoadBalancer Services, none are created here.
                    response.setHeader("Content-Type", "application/json");
                    response.end(JSON.stringify({ apiVersion: review.apiVersion, kind: "AdmissionReview", response: { uid: review.request?.uid, allowed: true } }));
                });
            },
        );
        const address = hostAddress();
        await new Promise<void>((resolve, reject) => this.server!.listen(0, address, resolve).once("error", reject));
        const port = (this.server.address() as net.AddressInfo).port;
        // The API server's resolver reads EndpointSlices; a slice with our own managed-by label is left alone
        // by the controllers (and the endpoint controllers are off in the test cluster anyway).
        const slice = {
            apiVersion: "discovery.k8s.io/v1",
            kind: "EndpointSlice",
            metadata: {
                name: `${target.service}-stand-in`,
                namespace: target.namespace,
                labels: { "kubernetes.io/service-name": target.service, "endpointslice.kubernetes.io/managed-by": "calico-eks-tests" },
            },
            addressType: "IPv4",
            endpoints: [{ addresses: [address], conditions: { ready: true } }],
            ports: [{ name: target.portName, port, protocol: "TCP" }],
        };
        const created = await cluster.request("POST", `/apis/discovery.k8s.io/v1/namespaces/${target.namespace}/endpointslices`, slice);
        if (created.status !== 201) {
            throw new Error(`EndpointSlice for ${target.service}: HTTP ${created.status}: ${created.body}`);
        }
    }

    async stop(): Promise<void> {
        const { cluster, target } = this;
        await cluster.request("DELETE", `/apis/discovery.k8s.io/v1/namespaces/${target.namespace}/endpointslices/${target.service}-stand-in`);
        await new Promise(resolve => (this.server ? this.server.close(resolve) : resolve(undefined)));
    }
}

export class HookJobStandIn {
    /** Jobs completed, as namespace/name. */
    readonly completed: string[] = [];
    /** The last failure, for test messages (the next round tries again). */
    lastError = "";
    private timer?: NodeJS.Timeout;
    private busy = false;

    constructor(private readonly cluster: LocalCluster) {}

    start(): void {
        this.timer = setInterval(() => void this.completeHookJobs(), 250);
    }

    stop(): void {
        clearInterval(this.timer);
    }

    private async completeHookJobs(): Promise<void> {
        if (this.busy) {
            return;
        }
        this.busy = true;
        try {
            const jobs = JSON.parse((await this.cluster.request("GET", "/apis/batch/v1/jobs")).body).items ?? [];
            for (const job of jobs) {
                const hook = job.metadata.annotations?.["helm.sh/hook"];
                const done = (job.status?.conditions ?? []).some((c: any) => c.type === "Complete" && c.status === "True");
                if (hook && !done) {
                    await this.complete(job);
                }
            }
        } catch (err) {
            // The next round tries again (the API server may be busy, the Job may have just gone).
            this.lastError = String((err as Error).message);
        } finally {
            this.busy = false;
        }
    }

    /** What the Job controller writes when the Job's one pod has succeeded. */
    private async complete(job: any): Promise<void> {
        const now = new Date().toISOString().replace(/\.\d+Z$/, "Z");
        const status = {
            startTime: job.status?.startTime ?? now,
            completionTime: now,
            succeeded: 1,
            conditions: [
                { type: "SuccessCriteriaMet", status: "True", reason: "CompletionsReached", message: "Reached expected number of succeeded pods", lastProbeTime: now, lastTransitionTime: now },
                { type: "Complete", status: "True", reason: "CompletionsReached", message: "Reached expected number of succeeded pods", lastProbeTime: now, lastTransitionTime: now },
            ],
        };
        const apiPath = `/apis/batch/v1/namespaces/${job.metadata.namespace}/jobs/${job.metadata.name}/status`;
        const updated = await this.cluster.request("PUT", apiPath, { ...job, status });
        if (updated.status === 200) {
            this.completed.push(`${job.metadata.namespace}/${job.metadata.name}`);
        } else {
            throw new Error(`PUT ${apiPath}: HTTP ${updated.status}: ${updated.body}`);
        }
    }
}
