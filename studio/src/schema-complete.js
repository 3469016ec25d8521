/**
 * Completion from the pack's JSON Schema (schema/pack-v1.schema.json): the
 * field names an object may have (with their descriptions) where a key is
 * written, and the allowed values (enum, const, true/false) where a value is.
 * Small on purpose: it follows `$ref`, `allOf`/`anyOf`/`oneOf`, `properties`,
 * `items` and `additionalProperties`, which is all the pack schema uses.
 */
import { syntaxTree } from "@codemirror/language";

/**
 * The subschemas that `schema` gives for `path` (keys and indexes from the root).
 * @param {any} root the whole schema (for `$ref`)
 * @param {(string|number)[]} path
 */
export function schemasAt(root, path) {
  let current = expand(root, root);
  for (const step of path) {
    const next = [];
    for (const s of current) {
      if (typeof step === "number") {
        if (s.items && typeof s.items === "object") next.push(...expand(root, s.items));
      } else if (s.properties && Object.hasOwn(s.properties, step)) {
        next.push(...expand(root, s.properties[step]));
      } else if (s.additionalProperties && typeof s.additionalProperties === "object") {
        next.push(...expand(root, s.additionalProperties));
      }
    }
    current = next;
  }
  return current;
}

/** A schema with its `$ref` and combinations resolved: the list of plain schemas it may be. */
function expand(root, schema, depth = 0) {
  if (!schema || typeof schema !== "object" || depth > 20) return [];
  const out = [schema];
  if (typeof schema.$ref === "string" && schema.$ref.startsWith("#/")) {
    let target = root;
    for (const part of schema.$ref.slice(2).split("/")) target = target?.[part];
    out.push(...expand(root, target, depth + 1));
  }
  for (const key of ["allOf", "anyOf", "oneOf"]) {
    if (Array.isArray(schema[key])) for (const s of schema[key]) out.push(...expand(root, s, depth + 1));
  }
  return out;
}

/** The first line of a description, for the completion's detail. */
const firstLine = (text) => (typeof text === "string" ? text.split("\n")[0] : undefined);

/** Field names the schemas allow, each once, with their descriptions. */
export function fieldsOf(schemas) {
  const fields = new Map();
  for (const s of schemas) {
    for (const [name, prop] of Object.entries(s.properties ?? {})) {
      if (!fields.has(name)) fields.set(name, firstLine(prop?.description));
    }
  }
  return fields;
}

/** Values the schemas allow (enum, const, booleans), as JSON texts. */
export function valuesOf(schemas) {
  const values = new Set();
  for (const s of schemas) {
    if (Array.isArray(s.enum)) for (const v of s.enum) values.add(JSON.stringify(v));
    if (s.const !== undefined) values.add(JSON.stringify(s.const));
    const types = Array.isArray(s.type) ? s.type : [s.type];
    if (types.includes("boolean")) ["true", "false"].forEach((v) => values.add(v));
  }
  return [...values];
}

/** The key of a Property node, or null. */
function keyOf(state, property) {
  const name = property.getChild("PropertyName");
  if (!name) return null;
  try {
    return JSON.parse(state.sliceDoc(name.from, name.to));
  } catch {
    return null;
  }
}

/** The JSON path from the root to the container `node` (an Object or Array) is in. */
function pathTo(state, node) {
  const path = [];
  for (let n = node; n; n = n.parent) {
    const parent = n.parent;
    if (!parent) break;
    if (parent.name === "Property" && n.name !== "PropertyName") {
      const key = keyOf(state, parent);
      if (key === null) return null;
      path.unshift(key);
    } else if (parent.name === "Array") {
      let index = 0;
      for (let c = parent.firstChild; c && c.from < n.from; c = c.nextSibling) {
        if (!["[", "]", ",", "⚠"].includes(c.name)) index++;
      }
      path.unshift(index);
    }
  }
  return path;
}

/**
 * A CodeMirror completion source for the pack schema `schema`.
 * @param {any} schema
 */
export function schemaCompletion(schema) {
  return (context) => {
    const tree = syntaxTree(context.state);
    const node = tree.resolveInner(context.pos, -1);
    const word = context.matchBefore(/"?[\w.-]*"?/);
    const from = word ? word.from : context.pos;
    if (!context.explicit && (!word || word.from === word.to)) return null;
    // A closing quote already there (typed, or put by closeBrackets) is replaced too.
    const open = word?.text === '"' || (word?.text.startsWith('"') && !word.text.endsWith('"'));
    const quoted = open && context.state.sliceDoc(context.pos, context.pos + 1) === '"';
    const to = quoted ? context.pos + 1 : context.pos;
    // A key: in a PropertyName, or directly in an object where a key goes.
    const inKey = node.name === "PropertyName" || node.name === "Object" || (node.name === "⚠" && node.parent?.name === "Object");
    if (inKey) {
      const object = node.name === "Object" ? node : node.parent?.name === "Property" ? node.parent.parent : node.parent;
      if (!object) return null;
      const path = pathTo(context.state, object);
      if (!path) return null;
      const fields = fieldsOf(schemasAt(schema, path));
      return {
        from,
        to,
        options: [...fields].map(([name, detail]) => ({ label: `"${name}"`, type: "property", info: detail, apply: `"${name}": ` })),
      };
    }
    // A value of a property.
    const property = node.parent?.name === "Property" ? node.parent : node.name === "Property" ? node : null;
    if (property) {
      const path = pathTo(context.state, property.parent);
      const key = keyOf(context.state, property);
      if (!path || key === null) return null;
      const values = valuesOf(schemasAt(schema, [...path, key]));
      if (values.length === 0) return null;
      return { from, to, options: values.map((v) => ({ label: v, type: "enum" })) };
    }
    return null;
  };
}
