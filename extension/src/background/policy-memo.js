/**
 * Whether the IT policy lets the employee's own packs check, without waiting
 * for the browser's policy at startup.
 *
 * Chromium answers `storage.managed.get` only once its policy service is ready:
 * in the first seconds after the browser starts that takes seconds (2.7 s
 * measured, bench "first check after the browser starts"), and the engine build
 * waited for it before compiling anything. So the answer last read is
 * remembered (`storage.local`, one boolean) and used when the policy does not
 * answer within POLICY_WAIT_MS; the policy is read as before, and when it
 * says otherwise (it changed while the browser was closed), the engine is
 * rebuilt (`onChange`). Until a policy was read once
 * (a new install), the build waits for it as before. A policy changed while
 * the browser runs arrives through `storage.onChanged` (worker.js) as before.
 */
import { api } from "../shared/browser-api.js";
import { readPolicy } from "./policy.js";

const KEY = "policyAllowsOwnPacks";
/** How long the policy's own answer is waited for before the one remembered is used (ms; it takes about 2 ms once the browser runs). */
const POLICY_WAIT_MS = 50;

/**
 * @param {() => void} onChange called when the policy read differs from the answer remembered (rebuild)
 * @returns {Promise<boolean>}
 */
export function ownPacksAllowedSoon(onChange) {
  const read = readPolicy().then((p) => p.allowUserPacks);
  const remembered = api.storage.local
    .get(KEY)
    .then((r) => (typeof r?.[KEY] === "boolean" ? r[KEY] : null))
    .catch(() => null);
  Promise.all([read, remembered])
    .then(async ([allowed, before]) => {
      if (allowed === before) return;
      await api.storage.local.set({ [KEY]: allowed });
      if (before !== null) onChange();
    })
    .catch(() => {});
  // The policy's own answer when it comes at once (as it does once the browser runs),
  // else the one remembered.
  const late = new Promise((resolve) => setTimeout(resolve, POLICY_WAIT_MS)).then(() => remembered.then((before) => before ?? read));
  return Promise.race([read, late]);
}
