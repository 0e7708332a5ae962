/**
 * The smallest Kubernetes API client the aws-node removal needs: GET and DELETE of one object, with the
 * credentials a kubeconfig describes (bearer token, client certificate, or an exec credential plugin such
 * as the `aws eks get-token` one EKS kubeconfigs use, exactly as kubectl and the kubernetes provider run it).
 *
 * It runs inside a dynamic provider, whose code Pulumi serializes, so it requires Node built-ins inside the
 * function; the functions it calls are serialized with it.
 */
import { currentContext } from "./kubeconfig";

export interface KubeResponse {
    readonly status: number;
    readonly body: string;
}

/** The metadata read of any object the API server returns (parsed JSON: only the name is relied on). */
export interface KubeObject {
    readonly metadata: {
        readonly name: string;
        readonly namespace?: string;
        readonly labels?: Record<string, string>;
        readonly ownerReferences?: { readonly apiVersion?: string; readonly kind: string; readonly name: string }[];
    };
}

/**
 * Sends one request to the API server of the kubeconfig's current context. PATCH is a server-side apply
 * (`application/apply-patch+yaml`, of which JSON is a subset): name the field manager in the path's query.
 */
export async function kubeRequest(kubeconfig: string | object, method: "GET" | "POST" | "DELETE" | "PATCH", path: string, body?: object): Promise<KubeResponse> {
    const https = require("https") as typeof import("https");
    const childProcess = require("child_process") as typeof import("child_process");

    const { contextName, context, cluster, user } = currentContext(typeof kubeconfig === "string" ? JSON.parse(kubeconfig) : kubeconfig);
    if (!context) {
        throw new Error(`kubeconfig has no context "${contextName}"`);
    }
    if (!cluster?.server) {
        throw new Error(`kubeconfig has no server for cluster "${context.cluster}"`);
    }

    const headers: Record<string, string> = { Accept: "application/json" };
    let token: string | undefined = user.token;
    if (!token && user.exec) {
        // The exec credential plugin protocol (client.authentication.k8s.io): run the command, read status.token.
        const env = { ...process.env };
        for (const { name, value } of user.exec.env ?? []) {
            env[name] = value;
        }
        const output = childProcess.execFileSync(user.exec.command, user.exec.args ?? [], { env, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
        token = JSON.parse(output).status?.token;
    }
    if (token) {
        headers.Authorization = `Bearer ${token}`;
    }
    const payload = body ? JSON.stringify(body) : undefined;
    if (payload) {
        headers["Content-Type"] = method === "PATCH" ? "application/apply-patch+yaml" : "application/json";
    }
    const decode = (data?: string) => (data ? Buffer.from(data, "base64") : undefined);
    const url = new URL(path, cluster.server);

    const send = () =>
        new Promise<KubeResponse & { retryAfter: number }>((resolve, reject) => {
            const request = https.request(
                url,
                {
                    method,
                    headers,
                    ca: decode(cluster["certificate-authority-data"]),
                    cert: decode(user["client-certificate-data"]),
                    key: decode(user["client-key-data"]),
                    rejectUnauthorized: !cluster["insecure-skip-tls-verify"],
                    // A connection of its own per request: Node's global agent keeps connections alive (Node ≥ 19),
                    // and the API server answered a request on a connection reused after an error reply with a
                    // bare "400 Bad Request". These are a handful of requests per up; nothing to gain from reuse.
                    agent: false,
                    timeout: 30_000,
                },
                response => {
                    let text = "";
                    response.setEncoding("utf8");
                    response.on("data", chunk => (text += chunk));
                    const retryAfter = Number(response.headers["retry-after"]);
                    response.on("end", () => resolve({ status: response.statusCode ?? 0, body: text, retryAfter: Number.isFinite(retryAfter) ? retryAfter : 1 }));
                },
            );
            request.on("timeout", () => request.destroy(new Error(`${method} ${url} timed out`)));
            request.on("error", reject);
            request.end(payload);
        });

    // The API server answers 429 while the storage of a just-created or updated CRD initializes, and 503 while
    // it starts; both are transient and say when to come back (Retry-After), as client-go honours. Ten sends in
    // all: about 10 to 50 s of waiting. (A local constant: this function is serialized into dynamic providers.)
    const attempts = 10;
    for (let attempt = 1; ; attempt++) {
        const { status, body, retryAfter } = await send();
        if ((status !== 429 && status !== 503) || attempt >= attempts) {
            return { status, body };
        }
        await new Promise(resolve => setTimeout(resolve, Math.min(Math.max(retryAfter, 1), 5) * 1000));
    }
}
