//! The deploy guide's workflow files parse and build the site, and the
//! guides a reporter reads exist in both languages.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_yaml::Value;
use std::path::Path;
use unicode_normalization::UnicodeNormalization;

fn workflow(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("docs/deploy")
        .join(name);
    let text = std::fs::read_to_string(&path).expect("the workflow file");
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{name} is not YAML: {e}"))
}

/// Every `run`/`script` line of a list of steps or script lines.
fn commands(value: &Value) -> Vec<String> {
    match value {
        Value::String(text) => vec![text.clone()],
        Value::Sequence(items) => items.iter().flat_map(commands).collect(),
        Value::Mapping(map) => map
            .iter()
            .filter(|(key, _)| key.as_str() == Some("run"))
            .flat_map(|(_, value)| commands(value))
            .collect(),
        _ => Vec::new(),
    }
}

/// The `uses:` of every step of every job.
fn actions(jobs: &Value) -> Vec<(String, Value)> {
    let jobs = jobs.as_mapping().expect("jobs");
    jobs.values()
        .flat_map(|job| job["steps"].as_sequence().cloned().unwrap_or_default())
        .filter_map(|step| Some((step["uses"].as_str()?.to_string(), step.clone())))
        .collect()
}

#[test]
fn the_github_pages_workflow_builds_and_publishes_public() {
    let flow = workflow("github-pages.yml");
    assert!(flow.get("on").is_some(), "a trigger");
    let jobs = &flow["jobs"];
    let runs: Vec<String> = jobs
        .as_mapping()
        .expect("jobs")
        .values()
        .flat_map(|job| commands(&job["steps"]))
        .collect();
    assert!(
        runs.iter().any(|run| run.contains("kyyeu build")),
        "{runs:?}"
    );
    let actions = actions(jobs);
    let upload = actions
        .iter()
        .find(|(uses, _)| uses.starts_with("actions/upload-pages-artifact@"))
        .expect("upload-pages-artifact");
    assert_eq!(upload.1["with"]["path"].as_str(), Some("public"));
    assert!(actions
        .iter()
        .any(|(uses, _)| uses.starts_with("actions/deploy-pages@")));
    assert_eq!(flow["permissions"]["pages"].as_str(), Some("write"));
}

#[test]
fn the_gitlab_pages_job_builds_and_publishes_public() {
    let flow = workflow("gitlab-ci.yml");
    let pages = &flow["pages"];
    let script = commands(&pages["script"]);
    assert!(
        script.iter().any(|line| line.contains("kyyeu build")),
        "{script:?}"
    );
    let paths = pages["artifacts"]["paths"]
        .as_sequence()
        .expect("artifacts.paths");
    assert!(paths.iter().any(|path| path.as_str() == Some("public")));
}

#[test]
fn the_guides_exist_in_both_languages_in_nfc() {
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs");
    for name in ["guide", "site-yaml", "theme", "deploy"] {
        for lang in ["vi", "en"] {
            let path = docs.join(format!("{name}.{lang}.md"));
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            assert!(text.len() > 1500, "{} is too short", path.display());
            let nfc: String = text.nfc().collect();
            assert!(nfc == text, "{} is not NFC", path.display());
            if lang == "vi" {
                assert!(
                    text.contains("ệ") || text.contains("ả"),
                    "{} has no Vietnamese",
                    path.display()
                );
            }
        }
    }
}
