//! The deploy guide's workflow files parse, install a released kyyeu (never
//! compile it) and build the site; the release workflow builds every target,
//! writes the checksums and attaches the installers; the guides a reporter
//! reads exist in both languages.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_yaml::Value;
use std::path::Path;
use unicode_normalization::UnicodeNormalization;

fn workflow(name: &str) -> Value {
    yaml(&Path::new("docs/deploy").join(name))
}

fn release_workflow() -> Value {
    yaml(Path::new(".github/workflows/release.yml"))
}

fn yaml(rel: &Path) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    let text = std::fs::read_to_string(&path).expect("the workflow file");
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{} is not YAML: {e}", rel.display()))
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

/// The `env:` (GitHub) or `variables:` (GitLab) of a workflow, as pairs.
fn variables(map: &Value) -> Vec<(String, String)> {
    map.as_mapping()
        .expect("a map of variables")
        .iter()
        .map(|(key, value)| {
            (
                key.as_str().expect("a name").to_string(),
                value.as_str().expect("a text").to_string(),
            )
        })
        .collect()
}

/// The one command of a workflow that downloads a release and checks it.
fn install_command(commands: &[String]) -> String {
    let install: Vec<&String> = commands
        .iter()
        .filter(|run| run.contains("SHA256SUMS"))
        .collect();
    assert_eq!(install.len(), 1, "{commands:?}");
    install[0].clone()
}

fn assert_installs_a_pinned_release(name: &str, vars: &[(String, String)], commands: &[String]) {
    for run in commands {
        assert!(!run.contains("cargo"), "{name} compiles kyyeu: {run}");
    }
    let version = vars
        .iter()
        .find(|(key, _)| key == "KYYEU_VERSION")
        .map(|(_, value)| value.as_str())
        .unwrap_or_else(|| panic!("{name} pins no KYYEU_VERSION"));
    let digits: Vec<&str> = version.trim_start_matches('v').split('.').collect();
    assert!(
        version.starts_with('v')
            && digits.len() == 3
            && digits.iter().all(|d| d.parse::<u32>().is_ok()),
        "{name}: KYYEU_VERSION {version} is not a release tag"
    );
    assert!(vars.iter().any(|(key, _)| key == "KYYEU_REPO"), "{name}");
    let install = install_command(commands);
    for needle in [
        "releases/download/$KYYEU_VERSION",
        "sha256sum -c",
        "kyyeu-$target.tar.gz",
    ] {
        assert!(install.contains(needle), "{name}: {needle} in {install}");
    }
}

#[test]
fn the_pages_workflows_install_a_pinned_release_and_never_run_cargo() {
    let github = workflow("github-pages.yml");
    let jobs = &github["jobs"];
    let runs: Vec<String> = jobs
        .as_mapping()
        .expect("jobs")
        .values()
        .flat_map(|job| commands(&job["steps"]))
        .collect();
    assert_installs_a_pinned_release("github-pages.yml", &variables(&github["env"]), &runs);
    assert!(
        !actions(jobs)
            .iter()
            .any(|(uses, _)| uses.contains("rust-toolchain")),
        "no Rust toolchain"
    );

    let gitlab = workflow("gitlab-ci.yml");
    let script = commands(&gitlab["pages"]["script"]);
    assert_installs_a_pinned_release("gitlab-ci.yml", &variables(&gitlab["variables"]), &script);
    let image = gitlab["pages"]["image"].as_str().expect("an image");
    assert!(!image.starts_with("rust"), "{image}");
}

/// Runs a workflow's install command with `bash` against a fake release in
/// a folder, as the CI service would (its variables, HOME, RUNNER_TEMP and
/// GITHUB_PATH in a temporary folder).
#[cfg(target_os = "linux")]
fn run_install(
    command: &str,
    vars: &[(String, String)],
    release: &Path,
    home: &Path,
) -> std::process::Output {
    let runner_temp = home.join("runner-temp");
    std::fs::create_dir_all(&runner_temp).unwrap();
    std::process::Command::new("bash")
        .args(["--noprofile", "--norc", "-eo", "pipefail", "-c", command])
        .envs(vars.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .env(
            "KYYEU_DOWNLOAD_URL",
            format!("file://{}", release.display()),
        )
        .env("HOME", home)
        .env("RUNNER_TEMP", &runner_temp)
        .env("GITHUB_PATH", home.join("github-path"))
        .current_dir(home)
        .output()
        .expect("bash")
}

/// The install command installs the fake release's program into
/// ~/.local/bin, and installs nothing when the checksum is wrong.
#[cfg(target_os = "linux")]
fn assert_install_command_works(name: &str, command: &str, vars: &[(String, String)]) {
    use crate::install::{fake_release, FAKE_VERSION};
    let tmp = tempfile::TempDir::new().unwrap();
    let release = tmp.path().join("release");
    fake_release(&release, None);

    let home = tmp.path().join("home");
    let output = run_install(command, vars, &release, &home);
    let log = format!("{name}: {output:?}");
    assert!(output.status.success(), "{log}");
    let program = home.join(".local/bin/kyyeu");
    let version = std::process::Command::new(&program)
        .arg("--version")
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&version.stdout).trim(),
        FAKE_VERSION
    );

    // The same archive with a checksum of other bytes: nothing installed.
    let sums = std::fs::read_to_string(release.join("SHA256SUMS")).unwrap();
    let wrong: String = sums
        .lines()
        .map(|line| format!("{}{}\n", "0".repeat(64), &line[64..]))
        .collect();
    std::fs::write(release.join("SHA256SUMS"), wrong).unwrap();
    let home = tmp.path().join("home-2");
    let output = run_install(command, vars, &release, &home);
    assert!(!output.status.success(), "{name}: {output:?}");
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(said.contains("tar.gz: FAILED"), "{name}: {output:?}");
    assert!(!home.join(".local/bin/kyyeu").exists(), "{name}");
}

#[cfg(target_os = "linux")]
#[test]
fn the_github_pages_install_step_installs_a_checked_release() {
    let flow = workflow("github-pages.yml");
    let runs: Vec<String> = flow["jobs"]
        .as_mapping()
        .expect("jobs")
        .values()
        .flat_map(|job| commands(&job["steps"]))
        .collect();
    let vars = variables(&flow["env"]);
    assert_install_command_works("github-pages.yml", &install_command(&runs), &vars);
    // The later steps find kyyeu on the PATH.
    let tmp = tempfile::TempDir::new().unwrap();
    let release = tmp.path().join("release");
    crate::install::fake_release(&release, None);
    let home = tmp.path().join("home");
    let output = run_install(&install_command(&runs), &vars, &release, &home);
    assert!(output.status.success(), "{output:?}");
    let path = std::fs::read_to_string(home.join("github-path")).unwrap();
    assert_eq!(path.trim(), home.join(".local/bin").to_str().unwrap());
}

#[cfg(target_os = "linux")]
#[test]
fn the_gitlab_install_script_installs_a_checked_release() {
    let flow = workflow("gitlab-ci.yml");
    let script = commands(&flow["pages"]["script"]);
    let vars = variables(&flow["variables"]);
    assert_install_command_works("gitlab-ci.yml", &install_command(&script), &vars);
    // The next lines put ~/.local/bin on the PATH, then build.
    let install = script.iter().position(|line| line.contains("SHA256SUMS"));
    let rest = &script[install.unwrap() + 1..];
    assert!(rest[0].contains("$HOME/.local/bin"), "{rest:?}");
    assert!(
        rest.iter().any(|line| line.starts_with("kyyeu build")),
        "{rest:?}"
    );
}

/// The targets of the release workflow's build matrix.
const RELEASE_TARGETS: [&str; 5] = [
    "x86_64-unknown-linux-gnu",
    "aarch64-unknown-linux-gnu",
    "x86_64-apple-darwin",
    "aarch64-apple-darwin",
    "x86_64-pc-windows-msvc",
];

fn job_runs(job: &Value) -> Vec<String> {
    commands(&job["steps"])
}

fn step_with<'a>(job: &'a Value, needle: &str) -> &'a Value {
    job["steps"]
        .as_sequence()
        .expect("steps")
        .iter()
        .find(|step| step["run"].as_str().is_some_and(|run| run.contains(needle)))
        .unwrap_or_else(|| panic!("no step runs {needle}"))
}

#[test]
fn the_release_workflow_builds_every_target_on_a_tag() {
    let flow = release_workflow();
    let tags = flow["on"]["push"]["tags"]
        .as_sequence()
        .expect("on.push.tags");
    assert_eq!(tags, &vec![Value::from("v*")]);

    let build = &flow["jobs"]["build"];
    let matrix = build["strategy"]["matrix"]["include"]
        .as_sequence()
        .expect("a matrix");
    let targets: Vec<&str> = matrix
        .iter()
        .map(|entry| entry["target"].as_str().expect("a target"))
        .collect();
    assert_eq!(targets, RELEASE_TARGETS);
    for entry in matrix {
        let target = entry["target"].as_str().unwrap();
        let linux = target.contains("linux");
        assert_eq!(entry["zig"].as_bool() == Some(true), linux, "{target}");
        if target.contains("windows") {
            assert_eq!(entry["os"].as_str(), Some("windows-latest"));
            assert!(entry["rustflags"].as_str().unwrap().contains("crt-static"));
        }
        if target.contains("darwin") {
            assert_eq!(entry["os"].as_str(), Some("macos-latest"));
        }
    }
    let runs = job_runs(build).join("\n");
    for needle in [
        "cargo zigbuild --release --locked",
        "cargo build --release --locked",
        "tar -czf \"$name.tar.gz\"",
        "7z a -tzip \"$name.zip\"",
        "maturin build --release --locked",
        "--zig --compatibility",
    ] {
        assert!(runs.contains(needle), "{needle}");
    }
    let upload = actions(&flow["jobs"])
        .into_iter()
        .find(|(uses, _)| uses.starts_with("actions/upload-artifact@"))
        .expect("the build uploads its files");
    assert_eq!(upload.1["with"]["path"].as_str(), Some("dist/out/*"));
}

#[test]
fn the_release_workflow_publishes_checksums_installers_and_wheels() {
    let flow = release_workflow();
    let release = &flow["jobs"]["release"];
    let needs = release["needs"].as_sequence().expect("needs");
    assert!(needs.contains(&Value::from("build")));
    assert_eq!(release["permissions"]["contents"].as_str(), Some("write"));
    let runs = job_runs(release).join("\n");
    assert!(runs.contains("sha256sum -- * > SHA256SUMS"), "{runs}");
    assert!(runs.contains("gh release create"), "{runs}");
    assert!(runs.contains("gh release upload"), "{runs}");

    // PyPI only with the secret.
    let pypi = &flow["jobs"]["pypi"];
    let upload = step_with(pypi, "twine upload");
    assert_eq!(
        upload["env"]["TWINE_PASSWORD"].as_str(),
        Some("${{ secrets.PYPI_API_TOKEN }}")
    );
    assert_eq!(upload["if"].as_str(), Some("env.TWINE_PASSWORD != ''"));

    // The wheel carries the binary.
    let pyproject =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("pyproject.toml"))
            .unwrap();
    assert!(pyproject.contains("bindings = \"bin\""), "{pyproject}");
    assert!(pyproject.contains("name = \"kyyeu\""), "{pyproject}");
}

/// The release job's own steps, run on the files a build would upload: the
/// installers it attaches name the repository, the checksums file lists
/// every file, and that install.sh installs from the result.
#[cfg(target_os = "linux")]
#[test]
fn the_release_jobs_assets_install_with_install_sh() {
    let flow = release_workflow();
    let release = &flow["jobs"]["release"];
    let tmp = tempfile::TempDir::new().unwrap();
    let work = tmp.path();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::create_dir_all(work.join("dist")).unwrap();
    for file in ["install.sh", "install.ps1"] {
        std::fs::copy(repo.join("dist").join(file), work.join("dist").join(file)).unwrap();
    }
    let assets = work.join("assets");
    crate::install::fake_release(&assets, None);
    std::fs::write(assets.join("kyyeu-x86_64-pc-windows-msvc.zip"), b"zip").unwrap();
    std::fs::remove_file(assets.join("SHA256SUMS")).unwrap();

    for needle in ["KYYEU_REPO_DEFAULT", "sha256sum"] {
        let run = step_with(release, needle)["run"].as_str().unwrap();
        let output = std::process::Command::new("bash")
            .args(["--noprofile", "--norc", "-eo", "pipefail", "-c", run])
            .env("GITHUB_REPOSITORY", "someone/kyyeu-fork")
            .current_dir(work)
            .output()
            .unwrap();
        assert!(output.status.success(), "{needle}: {output:?}");
    }
    let installer = std::fs::read_to_string(assets.join("install.sh")).unwrap();
    assert!(installer.contains("\nKYYEU_REPO_DEFAULT=\"someone/kyyeu-fork\"\n"));
    let ps1 = std::fs::read_to_string(assets.join("install.ps1")).unwrap();
    assert!(ps1.contains("\n$RepoDefault = \"someone/kyyeu-fork\"\n"));
    let check = std::process::Command::new("sha256sum")
        .args(["-c", "SHA256SUMS"])
        .current_dir(&assets)
        .output()
        .unwrap();
    assert!(check.status.success(), "{check:?}");
    let listed = String::from_utf8_lossy(&check.stdout);
    assert_eq!(listed.lines().count(), 7, "{listed}");

    let bin = work.join("bin");
    let output = std::process::Command::new("sh")
        .arg(assets.join("install.sh"))
        .args(["--dir", bin.to_str().unwrap()])
        .env("KYYEU_DOWNLOAD_URL", &assets)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    assert!(bin.join("kyyeu").is_file());
}
