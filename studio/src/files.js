/**
 * Open and Save: a pack is read from a file the author picks and saved as a
 * download (a blob link). Nothing is uploaded.
 */
import { byId, download } from "./dom.js";
import { S } from "./strings.js";

/** The most a pack may have (as the engine's limit). */
const MAX_PACK_MB = 16;

/** The file name to save as: the opened file's, else the pack's id, else pack.json. */
function fileName(opened, text) {
  if (opened) return opened;
  try {
    const id = JSON.parse(text)?.id;
    if (typeof id === "string" && /^[a-z0-9][a-z0-9.-]{0,63}$/.test(id)) return `${id}.json`;
  } catch {
    // Not JSON yet: the default name.
  }
  return "pack.json";
}

/** @param {{text: () => string, set: (text: string) => void, starter: () => string}} pack */
export function setupFiles(pack) {
  const status = byId("file-status");
  const input = /** @type {HTMLInputElement} */ (byId("open-file"));
  let opened = null;
  input.addEventListener("change", async () => {
    const file = input.files?.[0];
    input.value = "";
    if (!file) return;
    if (file.size > MAX_PACK_MB * 1024 * 1024) {
      status.textContent = S.tooLarge(file.name, MAX_PACK_MB);
      return;
    }
    try {
      pack.set(await file.text());
      opened = file.name;
      status.textContent = S.opened(file.name);
    } catch (e) {
      status.textContent = S.openFailed(file.name, e?.message ?? String(e));
    }
  });
  byId("open-starter").addEventListener("click", () => {
    opened = null;
    pack.set(pack.starter());
  });
  byId("save").addEventListener("click", () => {
    const name = fileName(opened, pack.text());
    download(name, pack.text());
    status.textContent = S.saved(name);
  });
}
