/**
 * The engine host (engine-host.js) bound to the real wasm module: the glue
 * wasm-bindgen generated, and the module's bytes from the extension's own
 * files (nothing here touches the network).
 */
import init, { Engine, __wbg_reset_state, publicKeyId, starterPack, verifyPack } from "../../generated/wasm/postcheck_wasm.js";
import { api } from "../shared/browser-api.js";
import { createEngineHost } from "./engine-host.js";
import { ownPacksAllowedSoon } from "./policy-memo.js";

const host = createEngineHost({
  bytes: () =>
    fetch(api.runtime.getURL("postcheck_wasm_bg.wasm")).then((r) => {
      if (!r.ok) throw new Error(`the engine could not be loaded (${r.status})`);
      return r.arrayBuffer();
    }),
  instantiate: (bytes) => init({ module_or_path: bytes }),
  // A fresh instance of the compiled module (build.sh: --experimental-reset-state-function).
  reset: __wbg_reset_state,
  Engine,
  starterPack,
  verifyPack,
  publicKeyId,
}, {
  // The IT policy may switch the employee's own packs off (they stay stored);
  // the answer last read is used at once (see policy-memo.js).
  ownPacksAllowed: () => ownPacksAllowedSoon(() => host.invalidate()),
});

/** The engine host of the worker (see engine-host.js). */
export { host };
export const { activeEngine, withEngine, engineId, importPack, removeOwnPacks, revertToStarter, baselineJson, stacks } = host;
