//! The JSON Schema of rule packs, generated from the Rust types.

use crate::format::model::Manifest;
use crate::rules::Rule;

/// The JSON Schema of a v1 pack, pretty-printed, as published in `schema/pack-v1.schema.json`.
pub fn pack_schema() -> String {
    // The pack file is the manifest and its rules.
    let mut schema = schemars::schema_for!(Manifest);
    let rule = schemars::schema_for!(Rule);
    if let Some(obj) = schema.as_object_mut() {
        // The schema describes the whole file, not the manifest alone.
        obj.insert("title".into(), "PackFile".into());
        obj.insert(
            "description".into(),
            "A rule pack: the manifest of a company's social-media guidelines and the rules that check them.".into(),
        );
        obj.insert(
            "$id".into(),
            "https://postcheck.invalid/schema/pack-v1.schema.json".into(),
        );
        // `rules` is read as raw values so that each rule is checked on its own;
        // in the schema each item is a `Rule`.
        if let Some(defs) = obj
            .entry("$defs")
            .or_insert_with(|| serde_json::json!({}))
            .as_object_mut()
            && let Some(rule_obj) = rule.as_object()
        {
            let mut rule_def = serde_json::Map::new();
            for (k, v) in rule_obj {
                if k == "$defs" {
                    if let Some(inner) = v.as_object() {
                        for (name, def) in inner {
                            defs.insert(name.clone(), def.clone());
                        }
                    }
                } else if k != "$schema" {
                    rule_def.insert(k.clone(), v.clone());
                }
            }
            defs.insert("Rule".into(), serde_json::Value::Object(rule_def));
        }
        if let Some(properties) = obj.get_mut("properties").and_then(|p| p.as_object_mut()) {
            properties.insert(
                "rules".into(),
                serde_json::json!({
                    "description": "The rules. Each is an object with a `kind` and the fields common to every rule.",
                    "type": "array",
                    "items": { "$ref": "#/$defs/Rule" }
                }),
            );
        }
        if let Some(required) = obj.get_mut("required").and_then(|r| r.as_array_mut()) {
            required.push("rules".into());
        }
    }
    let mut out = serde_json::to_string_pretty(&schema).unwrap_or_default();
    out.push('\n');
    out
}
