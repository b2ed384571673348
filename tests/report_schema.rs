//! Real `grade --format json` output checked against docs/report.schema.json.
//!
//! The check is a small validator of the part of JSON Schema the file uses (`type`,
//! `required`, `properties`, `items`, `enum`, `minimum`, `maximum`, `$ref` into `$defs`),
//! not the `jsonschema` crate: that crate and its dependencies take minutes to build on
//! the two cores CI and we have, for a schema this plain. A keyword the validator does
//! not know fails the test, so the schema cannot say more than is checked.

mod common;

use serde_json::Value;

fn schema() -> Value {
    let text = std::fs::read_to_string(common::root().join("docs/report.schema.json")).unwrap();
    serde_json::from_str(&text).expect("docs/report.schema.json is JSON")
}

/// The problems of `value` against `schema` (resolved in `root`), each with its path.
fn validate(root: &Value, schema: &Value, value: &Value, path: &str, problems: &mut Vec<String>) {
    let schema = schema.as_object().expect("a schema is an object");
    for (keyword, rule) in schema {
        match keyword.as_str() {
            "$schema" | "title" | "description" | "$defs" => {}
            "$ref" => {
                let name = rule.as_str().unwrap().strip_prefix("#/$defs/").unwrap();
                validate(root, &root["$defs"][name], value, path, problems);
            }
            "type" => {
                let types: Vec<&str> = match rule {
                    Value::String(t) => vec![t.as_str()],
                    Value::Array(ts) => ts.iter().map(|t| t.as_str().unwrap()).collect(),
                    _ => panic!("bad type rule at {path}"),
                };
                let fits = |t: &str| match t {
                    "object" => value.is_object(),
                    "array" => value.is_array(),
                    "string" => value.is_string(),
                    "boolean" => value.is_boolean(),
                    "null" => value.is_null(),
                    "number" => value.is_number(),
                    "integer" => value.is_u64() || value.is_i64(),
                    other => panic!("unknown type {other}"),
                };
                if !types.iter().any(|t| fits(t)) {
                    problems.push(format!("{path}: {value} is not {types:?}"));
                }
            }
            "required" => {
                for key in rule.as_array().unwrap() {
                    let key = key.as_str().unwrap();
                    if value.as_object().is_some_and(|o| !o.contains_key(key)) {
                        problems.push(format!("{path}: no `{key}`"));
                    }
                }
            }
            "properties" => {
                if let Some(object) = value.as_object() {
                    for (key, sub) in rule.as_object().unwrap() {
                        if let Some(v) = object.get(key) {
                            validate(root, sub, v, &format!("{path}.{key}"), problems);
                        }
                    }
                }
            }
            "items" => {
                for (i, item) in value.as_array().into_iter().flatten().enumerate() {
                    validate(root, rule, item, &format!("{path}[{i}]"), problems);
                }
            }
            "enum" => {
                if !rule.as_array().unwrap().contains(value) {
                    problems.push(format!("{path}: {value} is not one of {rule}"));
                }
            }
            "minimum" | "maximum" => {
                let bound = rule.as_f64().unwrap();
                if let Some(x) = value.as_f64() {
                    let ok = if keyword == "minimum" {
                        x >= bound
                    } else {
                        x <= bound
                    };
                    if !ok {
                        problems.push(format!("{path}: {x} is beyond the {keyword} {bound}"));
                    }
                }
            }
            "minItems" => {
                let least = rule.as_u64().unwrap() as usize;
                if let Some(items) = value.as_array().filter(|a| a.len() < least) {
                    problems.push(format!("{path}: {} items, fewer than {least}", items.len()));
                }
            }
            other => {
                panic!("docs/report.schema.json uses `{other}`, which this test does not check")
            }
        }
    }
}

fn problems_of(report: &Value) -> Vec<String> {
    let schema = schema();
    let mut problems = Vec::new();
    validate(&schema, &schema, report, "$", &mut problems);
    problems
}

fn report_of(args: &[&str]) -> Value {
    let out = common::pyprep()
        .current_dir(common::root())
        .args(["--bank", ".", "grade", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).expect("the report is JSON")
}

#[test]
fn the_fixtures_report_fits_the_schema() {
    // Labelled answers of every kind: flags, uncounted evidence, misconceptions.
    let report = report_of(&["fixtures", "--min-score", "50"]);
    assert!(report["results"].as_array().unwrap().len() > 100);
    assert_eq!(problems_of(&report), Vec::<String>::new());
}

#[test]
fn a_report_with_errors_fits_the_schema() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("jane.md"), "is compares identity\n").unwrap();
    std::fs::write(dir.path().join("10.md"), "bad\0bytes").unwrap();
    let report = report_of(&[dir.path().to_str().unwrap(), "missing.md"]);
    assert_eq!(report["errors"].as_array().unwrap().len(), 3);
    assert!(report["summary"]["mean_score"].is_null());
    assert_eq!(problems_of(&report), Vec::<String>::new());
}

#[test]
fn the_validator_finds_what_does_not_fit() {
    let report = serde_json::json!({
        "version": 2, "errors": [],
        "results": [
            {"file": 1},
            {"concepts": [{"own_words": [{"text": "lock", "line": 1, "column": 1}]}]}
        ],
        "summary": {"graded": -1, "passed": 0, "failed": 0, "errors": 0, "mean_score": 101.0}
    });
    let problems = problems_of(&report);
    for expected in [
        "$.version: 2 is not one of",
        "$.results[0]: no `question`",
        "$.results[0].file: 1 is not",
        "$.results[1].concepts[0].own_words: 1 items, fewer than 2",
        "$.summary.graded: -1 is beyond the minimum",
        "$.summary.mean_score: 101 is beyond the maximum",
    ] {
        assert!(
            problems.iter().any(|p| p.starts_with(expected)),
            "{expected} not in {problems:#?}"
        );
    }
}
