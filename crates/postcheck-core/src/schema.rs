//! The JSON Schema of rule packs, generated from the Rust types.

use crate::pack::model::PackFile;
use crate::rules::Rule;

/// The JSON Schema of a v1 pack, pretty-printed, as published in `schema/pack-v1.schema.json`.
pub fn pack_schema() -> String {
    let mut schema = schemars::schema_for!(PackFile);
    let rule = schemars::schema_for!(Rule);
    if let Some(obj) = schema.as_object_mut() {
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
        if let Some(rules) = obj.get_mut("properties").and_then(|p| p.get_mut("rules")) {
            *rules = serde_json::json!({
                "description": "The rules. Each is an object with a `kind` and the fields common to every rule.",
                "type": "array",
                "items": { "$ref": "#/$defs/Rule" }
            });
        }
    }
    let mut out = serde_json::to_string_pretty(&schema).unwrap_or_default();
    out.push('\n');
    out
}
