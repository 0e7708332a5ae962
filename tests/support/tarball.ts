/**
 * Reads the files of a packaged Helm chart (a gzipped tar) in memory, so tests can read the real charts'
 * CRDs without unpacking them anywhere.
 */
import * as fs from "fs";
import * as zlib from "zlib";

/** Every regular file of a .tgz, by its path inside the archive. */
export function readTarball(file: string): Map<string, string> {
    const tar = zlib.gunzipSync(fs.readFileSync(file));
    const files = new Map<string, string>();
    let longName: string | undefined;
    for (let offset = 0; offset + 512 <= tar.length;) {
        const header = tar.subarray(offset, offset + 512);
        if (header.every(b => b === 0)) {
            break;
        }
        const field = (start: number, length: number) =>
            header
                .subarray(start, start + length)
                .toString("utf8")
                .replace(/\0.*$/s, "");
        const size = parseInt(field(124, 12).trim() || "0", 8);
        const type = field(156, 1);
        const prefix = field(345, 155);
        const name = longName ?? (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100));
        const data = tar.subarray(offset + 512, offset + 512 + size);
        longName = undefined;
        if (type === "L") {
            longName = data.toString("utf8").replace(/\0.*$/s, ""); // GNU long name for the next entry
        } else if (type === "0" || type === "") {
            files.set(name, data.toString("utf8"));
        }
        offset += 512 + Math.ceil(size / 512) * 512;
    }
    return files;
}
