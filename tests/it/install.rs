//! `dist/install.sh` end to end, against a fake release (archives of a
//! stand-in `kyyeu` and their SHA256SUMS) in a local folder, at a `file://`
//! address and on a local HTTP server: it installs the archive of this
//! system, and installs nothing when the checksum does not match, the
//! release does not list the archive, or the program does not run.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use tempfile::TempDir;

/// The Unix targets of the release workflow, which install.sh chooses from.
pub const UNIX_TARGETS: [&str; 4] = [
    "x86_64-unknown-linux-gnu",
    "aarch64-unknown-linux-gnu",
    "x86_64-apple-darwin",
    "aarch64-apple-darwin",
];

/// What the stand-in program prints for `--version`.
pub const FAKE_VERSION: &str = "kyyeu 9.8.7-fake";

fn repo_file(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// Writes into `dir` what the release workflow attaches for the Unix
/// targets: `kyyeu-<target>.tar.gz` holding `kyyeu-<target>/kyyeu` (a shell
/// script that prints [`FAKE_VERSION`], or runs `program` when given), and
/// `SHA256SUMS` in `sha256sum`'s format.
pub fn fake_release(dir: &Path, program: Option<&str>) {
    let script = program.map_or_else(
        || format!("#!/bin/sh\necho '{FAKE_VERSION}'\n"),
        |body| format!("#!/bin/sh\n{body}\n"),
    );
    std::fs::create_dir_all(dir).unwrap();
    for target in UNIX_TARGETS {
        let name = format!("kyyeu-{target}");
        let folder = dir.join(&name);
        std::fs::create_dir_all(&folder).unwrap();
        let program = folder.join("kyyeu");
        std::fs::write(&program, &script).unwrap();
        make_executable(&program);
        std::fs::write(folder.join("README.md"), "kyyeu\n").unwrap();
        let status = Command::new("tar")
            .current_dir(dir)
            .args(["-czf", &format!("{name}.tar.gz"), &name])
            .status()
            .expect("tar");
        assert!(status.success());
        std::fs::remove_dir_all(&folder).unwrap();
    }
    write_checksums(dir);
}

/// `SHA256SUMS` of every file of `dir`, as `sha256sum` writes it.
pub fn write_checksums(dir: &Path) {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name != "SHA256SUMS")
        .collect();
    names.sort();
    let output = Command::new("sha256sum")
        .current_dir(dir)
        .arg("--")
        .args(&names)
        .output()
        .expect("sha256sum");
    assert!(output.status.success());
    std::fs::write(dir.join("SHA256SUMS"), output.stdout).unwrap();
}

#[cfg(unix)]
fn make_executable(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[cfg(not(unix))]
fn make_executable(_path: &Path) {}

/// Runs `dist/install.sh` with POSIX `sh`, `args`, and `env` added to this
/// process's environment (HOME set to `home`).
fn install_sh(home: &Path, env: &[(&str, &str)], args: &[&str]) -> Output {
    let mut command = Command::new("sh");
    command
        .arg(repo_file("dist/install.sh"))
        .args(args)
        .env("HOME", home)
        .env_remove("KYYEU_VERSION")
        .env_remove("KYYEU_INSTALL_DIR")
        .env_remove("KYYEU_REPO");
    for (key, value) in env {
        command.env(key, value);
    }
    command.output().expect("sh")
}

fn text(output: &Output) -> String {
    format!(
        "status {:?}\nstdout:\n{}\nstderr:\n{}",
        output.status.code(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn run_installed(program: &Path) -> String {
    let output = Command::new(program).arg("--version").output().unwrap();
    assert!(output.status.success(), "{}", text(&output));
    String::from_utf8(output.stdout).unwrap()
}

fn file_url(path: &Path) -> String {
    format!("file://{}", path.display())
}

#[test]
fn install_sh_is_posix_sh() {
    let output = Command::new("sh")
        .arg("-n")
        .arg(repo_file("dist/install.sh"))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output));
}

#[test]
fn install_sh_installs_from_a_file_url_into_the_folder_given() {
    let tmp = TempDir::new().unwrap();
    let release = tmp.path().join("release");
    fake_release(&release, None);
    let bin = tmp.path().join("tools bin");
    let output = install_sh(
        tmp.path(),
        &[("KYYEU_DOWNLOAD_URL", &file_url(&release))],
        &["--dir", bin.to_str().unwrap()],
    );
    let log = text(&output);
    assert!(output.status.success(), "{log}");
    assert!(log.contains("Checksum verified"), "{log}");
    assert!(
        log.contains(&format!(
            "Installed {FAKE_VERSION} as {}/kyyeu",
            bin.display()
        )),
        "{log}"
    );
    // The folder is not on the PATH: the note says how, and the next step.
    assert!(log.contains("is not on your PATH"), "{log}");
    assert!(log.contains("kyyeu init my-site"), "{log}");
    assert_eq!(run_installed(&bin.join("kyyeu")).trim(), FAKE_VERSION);
    let left: Vec<_> = std::fs::read_dir(&bin).unwrap().collect();
    assert_eq!(left.len(), 1, "only kyyeu in the folder");
}

#[test]
fn install_sh_installs_into_local_bin_by_default_from_a_plain_folder() {
    let tmp = TempDir::new().unwrap();
    let release = tmp.path().join("release");
    fake_release(&release, None);
    let output = install_sh(
        tmp.path(),
        &[("KYYEU_DOWNLOAD_URL", release.to_str().unwrap())],
        &[],
    );
    assert!(output.status.success(), "{}", text(&output));
    let program = tmp.path().join(".local/bin/kyyeu");
    assert_eq!(run_installed(&program).trim(), FAKE_VERSION);
}

#[test]
fn install_sh_installs_from_an_http_server() {
    let tmp = TempDir::new().unwrap();
    let release = tmp.path().join("release");
    fake_release(&release, None);
    let (url, requests) = serve_folder(&release);
    let bin = tmp.path().join("bin");
    let output = install_sh(
        tmp.path(),
        &[
            ("KYYEU_DOWNLOAD_URL", &url),
            ("KYYEU_INSTALL_DIR", bin.to_str().unwrap()),
        ],
        &[],
    );
    assert!(output.status.success(), "{}", text(&output));
    assert_eq!(run_installed(&bin.join("kyyeu")).trim(), FAKE_VERSION);
    let requests = requests.join().unwrap();
    assert!(
        requests.iter().any(|path| path == "/SHA256SUMS"),
        "{requests:?}"
    );
    assert!(
        requests
            .iter()
            .any(|path| path.starts_with("/kyyeu-") && path.ends_with(".tar.gz")),
        "{requests:?}"
    );
}

#[test]
fn install_sh_installs_nothing_when_the_checksum_does_not_match() {
    let tmp = TempDir::new().unwrap();
    let release = tmp.path().join("release");
    fake_release(&release, None);
    // A checksums file of other bytes: every archive's sum is wrong.
    let sums = std::fs::read_to_string(release.join("SHA256SUMS")).unwrap();
    let wrong: String = sums
        .lines()
        .map(|line| format!("{}{}\n", "0".repeat(64), &line[64..]))
        .collect();
    std::fs::write(release.join("SHA256SUMS"), wrong).unwrap();
    let bin = tmp.path().join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::fs::write(bin.join("kyyeu"), "the kyyeu installed before").unwrap();
    let before = snapshot(&bin);

    let output = install_sh(
        tmp.path(),
        &[("KYYEU_DOWNLOAD_URL", &file_url(&release))],
        &["--dir", bin.to_str().unwrap()],
    );
    let log = text(&output);
    assert_eq!(output.status.code(), Some(1), "{log}");
    assert!(log.contains("checksum mismatch for kyyeu-"), "{log}");
    assert!(log.contains("nothing was installed"), "{log}");
    assert!(!log.contains("Installed"), "{log}");
    assert_eq!(snapshot(&bin), before, "the folder is as it was");
}

#[test]
fn install_sh_installs_nothing_when_the_release_does_not_list_the_archive() {
    let tmp = TempDir::new().unwrap();
    let release = tmp.path().join("release");
    fake_release(&release, None);
    std::fs::write(release.join("SHA256SUMS"), "").unwrap();
    let bin = tmp.path().join("bin");
    let output = install_sh(
        tmp.path(),
        &[("KYYEU_DOWNLOAD_URL", &file_url(&release))],
        &["--dir", bin.to_str().unwrap()],
    );
    let log = text(&output);
    assert_eq!(output.status.code(), Some(1), "{log}");
    assert!(
        log.contains("SHA256SUMS of the release lists no kyyeu-"),
        "{log}"
    );
    assert!(!bin.exists(), "{log}");
}

#[test]
fn install_sh_installs_nothing_when_the_program_does_not_run_here() {
    let tmp = TempDir::new().unwrap();
    let release = tmp.path().join("release");
    fake_release(&release, Some("echo 'GLIBC_2.99 not found' >&2; exit 1"));
    let bin = tmp.path().join("bin");
    let output = install_sh(
        tmp.path(),
        &[("KYYEU_DOWNLOAD_URL", &file_url(&release))],
        &["--dir", bin.to_str().unwrap()],
    );
    let log = text(&output);
    assert_eq!(output.status.code(), Some(1), "{log}");
    assert!(
        log.contains("does not run on this system (GLIBC_2.99 not found)"),
        "{log}"
    );
    assert!(!bin.exists(), "{log}");
}

#[test]
fn install_sh_refuses_an_unknown_option_as_a_usage_error() {
    let tmp = TempDir::new().unwrap();
    let output = install_sh(tmp.path(), &[], &["--prefix", "/usr"]);
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    assert!(String::from_utf8_lossy(&output.stderr).contains("usage: install.sh"));
}

/// Every file of `dir` and its bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| {
            let entry = entry.unwrap();
            (
                entry.file_name().to_string_lossy().into_owned(),
                std::fs::read(entry.path()).unwrap(),
            )
        })
        .collect()
}

/// Serves the files of `dir` on 127.0.0.1 until two files have been
/// fetched; the thread returns the paths asked for.
fn serve_folder(dir: &Path) -> (String, std::thread::JoinHandle<Vec<String>>) {
    let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
    let port = server.server_addr().to_ip().unwrap().port();
    let dir = dir.to_path_buf();
    let handle = std::thread::spawn(move || {
        let mut asked = Vec::new();
        let mut served = 0;
        while served < 2 {
            let Ok(Some(request)) = server.recv_timeout(std::time::Duration::from_secs(30)) else {
                break;
            };
            let path = request.url().to_string();
            asked.push(path.clone());
            let file = dir.join(path.trim_start_matches('/'));
            let response = match std::fs::read(&file) {
                Ok(bytes) => {
                    served += 1;
                    tiny_http::Response::from_data(bytes)
                }
                Err(_) => {
                    tiny_http::Response::from_data(b"not found".to_vec()).with_status_code(404)
                }
            };
            let _ = request.respond(response);
        }
        asked
    });
    (format!("http://127.0.0.1:{port}"), handle)
}
