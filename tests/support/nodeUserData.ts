/**
 * Reads the node user data the program writes into a launch template: base64 MIME multi-part, one part of
 * which is the nodeadm NodeConfig. nodeadm reads the MIME from IMDS on a node; tests take the part out.
 */
import * as yaml from "js-yaml";
import { NODEADM_CONTENT_TYPE } from "../../components/nodes/userData";

/** The NodeConfig part of base64 MIME user data, as the YAML text nodeadm would decode. */
export function nodeConfigText(userDataBase64: string): string {
    const mime = Buffer.from(userDataBase64, "base64").toString("utf8");
    const boundary = /boundary="([^"]+)"/.exec(mime);
    if (!boundary) {
        throw new Error("user data is not MIME multi-part");
    }
    const parts = mime.split(`--${boundary[1]}`).slice(1, -1);
    const part = parts.find(p => p.includes(`Content-Type: ${NODEADM_CONTENT_TYPE}`));
    if (!part) {
        throw new Error(`user data has no ${NODEADM_CONTENT_TYPE} part`);
    }
    return part
        .split(/\r?\n\r?\n/)
        .slice(1)
        .join("\n\n");
}

/** The NodeConfig part of base64 MIME user data, parsed. */
export function nodeConfigOf(userDataBase64: string): any {
    return yaml.load(nodeConfigText(userDataBase64));
}
