/**
 * Plain words for what went wrong with a check (in the panel and the popup).
 * A Failure (protocol.js) is `{ok: false, error: {code, message}}`; the code picks the
 * sentence, the technical message goes into a fold for whoever helps the user.
 * Every sentence says that posting is not affected: postcheck only advises.
 */
import { el } from "./hint-list.js";
import { t } from "./i18n.js";
import { ERROR } from "./protocol.js";

/**
 * The sentence for an error code.
 * @param {string | undefined} code
 */
export function errorSentence(code) {
  switch (code) {
    case ERROR.ENGINE:
      return t("errorEngine");
    case ERROR.UNREACHABLE:
    case ERROR.NO_ANSWER:
      return t("errorUnreachable");
    case ERROR.TOO_LONG:
      return t("errorTooLong");
    case ERROR.BUSY:
      return t("errorBusy");
    case ERROR.ENGINE_STOPPED:
      return t("errorEngineStopped");
    case ERROR.NOT_ALLOWED:
      return t("errorNotAllowed");
    case ERROR.SIGNATURE:
      return t("signatureRefused");
    default:
      return t("errorOther");
  }
}

/**
 * Replaces the content of `container` with the error in plain words
 * (`[data-postcheck="error"]`) and, folded, the technical message.
 * @param {HTMLElement} container
 * @param {{code?: string, message?: string} | undefined} error
 */
export function renderCheckError(container, error) {
  const doc = container.ownerDocument;
  const code = typeof error?.code === "string" ? error.code.slice(0, 40) : ERROR.OTHER;
  const nodes = [el(doc, "p", { "data-postcheck": "error", "data-code": code, class: "postcheck-error", role: "status" }, errorSentence(error?.code))];
  const detail = typeof error?.message === "string" ? error.message.slice(0, 500) : "";
  if (detail) {
    const fold = el(doc, "details", { class: "postcheck-error-detail" });
    fold.append(el(doc, "summary", {}, t("technicalDetails")), el(doc, "p", {}, detail));
    nodes.push(fold);
  }
  container.replaceChildren(...nodes);
}
