//! The deploy guide's nginx configuration (`docs/deploy/nginx-subfolder.conf`)
//! serving a built site under `/kyyeu/`, with nginx itself: its server block
//! as written, its port and folder replaced, started from a temporary prefix
//! on 127.0.0.1 (`-p`, `-c`, pid and logs there, no root needed). Pages
//! answer 200, a folder without its slash is redirected, and a missing
//! address gets the 404 page of its language with status 404. Skipped, with
//! a note, where nginx is not installed (CI installs it).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common::{self, Site};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// nginx from the PATH or Debian's /usr/sbin, if installed.
fn nginx() -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain([PathBuf::from("/usr/sbin"), PathBuf::from("/usr/local/sbin")])
        .map(|dir| dir.join("nginx"))
        .find(|candidate| candidate.is_file())
}

/// The configuration file of the guide with the example's port and folder
/// replaced; panics when they are not where the guide says.
fn server_block(port: u16, www: &Path) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/deploy/nginx-subfolder.conf");
    let text = std::fs::read_to_string(path).unwrap();
    assert_eq!(text.matches("    listen 80;\n").count(), 1, "{text}");
    assert!(text.contains("root /var/www;"), "{text}");
    text.replace(
        "    listen 80;\n",
        &format!("    listen 127.0.0.1:{port};\n"),
    )
    .replace("/var/www", www.to_str().unwrap())
}

/// A whole nginx configuration around the guide's server block, every file
/// nginx writes inside `prefix`, one process in the foreground.
fn main_config(prefix: &Path, server: &str, nginx: &Path) -> String {
    let prefix = prefix.display();
    let mime = mime_types(nginx).map_or_else(String::new, |path| {
        format!("    include {};\n", path.display())
    });
    format!(
        "daemon off;\nmaster_process off;\npid {prefix}/nginx.pid;\n\
         error_log {prefix}/error.log;\nevents {{ worker_connections 64; }}\n\
         http {{\n{mime}    default_type application/octet-stream;\n    access_log off;\n\
         \x20   client_body_temp_path {prefix}/body;\n    proxy_temp_path {prefix}/proxy;\n\
         \x20   fastcgi_temp_path {prefix}/fastcgi;\n    uwsgi_temp_path {prefix}/uwsgi;\n\
         \x20   scgi_temp_path {prefix}/scgi;\n{server}}}\n"
    )
}

/// The `mime.types` beside nginx's own configuration file.
fn mime_types(nginx: &Path) -> Option<PathBuf> {
    let output = Command::new(nginx).arg("-V").output().ok()?;
    let said = String::from_utf8_lossy(&output.stderr);
    let conf = said
        .split_whitespace()
        .find_map(|word| word.strip_prefix("--conf-path="))
        .map(PathBuf::from)?;
    let mime = conf.parent()?.join("mime.types");
    mime.is_file().then_some(mime)
}

/// The nginx started by a test, stopped when dropped.
struct Server {
    child: Child,
    port: u16,
    prefix: PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn start(nginx: &Path, prefix: &Path, www: &Path) -> Server {
        let port = free_port();
        let config = prefix.join("nginx.conf");
        let server = server_block(port, www);
        std::fs::write(&config, main_config(prefix, &server, nginx)).unwrap();
        let child = Command::new(nginx)
            .arg("-p")
            .arg(prefix)
            .arg("-c")
            .arg(&config)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("nginx starts");
        let mut server = Server {
            child,
            port,
            prefix: prefix.to_path_buf(),
        };
        server.wait_until_listening();
        server
    }

    fn wait_until_listening(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if TcpStream::connect(("127.0.0.1", self.port)).is_ok() {
                return;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                let mut stderr = String::new();
                if let Some(mut pipe) = self.child.stderr.take() {
                    let _ = pipe.read_to_string(&mut stderr);
                }
                panic!("nginx stopped ({status}): {stderr}\n{}", self.error_log());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!(
            "nginx did not listen on {}: {}",
            self.port,
            self.error_log()
        );
    }

    fn error_log(&self) -> String {
        std::fs::read_to_string(self.prefix.join("error.log")).unwrap_or_default()
    }

    /// GET `path`: the status, the headers (lowercase names) and the body.
    fn get(&self, path: &str) -> Response {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.0\r\nHost: example.org\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut bytes = Vec::new();
        stream.read_to_end(&mut bytes).unwrap();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let mut lines = head.lines();
        let status = lines
            .next()
            .and_then(|line| line.split_whitespace().nth(1))
            .and_then(|code| code.parse().ok())
            .unwrap_or_else(|| panic!("no status from nginx for {path}: {text}"));
        let headers = lines
            .filter_map(|line| line.split_once(':'))
            .map(|(name, value)| (name.trim().to_lowercase(), value.trim().to_string()))
            .collect();
        Response {
            status,
            headers,
            body: body.to_string(),
        }
    }
}

#[derive(Debug)]
struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }
}

fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

/// A small bilingual site with base_url https://example.org/kyyeu, built
/// into `<www>/kyyeu/` as the guide's rsync line would leave it.
fn build_into(www: &Path) -> Site {
    let site = Site::minimal();
    site.write(
        "content/2021/hoi-nghi/index.vi.md",
        "---\ntitle: Hội nghị tổng kết\ndate: 2021-12-10\n---\nNội dung.\n",
    );
    site.write(
        "content/2021/hoi-nghi/index.en.md",
        "---\ntitle: Review conference\n---\nText.\n",
    );
    let output = www.join("kyyeu");
    site.run(&["build", "--output", output.to_str().unwrap()])
        .success();
    assert!(output.join("en/404.html").is_file(), "no English 404 page");
    site
}

#[test]
fn the_guides_nginx_config_serves_a_subfolder_with_a_404_page_per_language() {
    let Some(nginx) = nginx() else {
        eprintln!("note: nginx is not installed; deploy_nginx skipped (apt-get install nginx)");
        return;
    };
    let tmp = tempfile::TempDir::new().unwrap();
    let www = tmp.path().join("www");
    let prefix = tmp.path().join("nginx");
    std::fs::create_dir_all(&prefix).unwrap();
    let _site = build_into(&www);
    let server = Server::start(&nginx, &prefix, &www);

    // Pages under the subfolder, in both languages.
    let home = server.get("/kyyeu/");
    assert_eq!(home.status, 200, "{home:?}");
    common::assert_contains(&home.body, "<html lang=\"vi\">");
    let article = server.get("/kyyeu/2021/hoi-nghi/");
    assert_eq!(article.status, 200, "{article:?}");
    common::assert_contains(&article.body, "<h1>Hội nghị tổng kết</h1>");
    assert_eq!(
        article.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    let english = server.get("/kyyeu/en/2021/hoi-nghi/index.html");
    assert_eq!(english.status, 200, "{english:?}");
    common::assert_contains(&english.body, "<h1>Review conference</h1>");
    let style = server.get("/kyyeu/style.css");
    assert_eq!(style.status, 200);
    if mime_types(&nginx).is_some() {
        assert_eq!(
            style.header("content-type"),
            Some("text/css; charset=utf-8")
        );
    }

    // A folder without its slash, and the subfolder itself, are redirected
    // to the address with it (so relative links resolve from the folder).
    for (path, to) in [("/kyyeu/2021", "/kyyeu/2021/"), ("/kyyeu", "/kyyeu/")] {
        let moved = server.get(path);
        assert_eq!(moved.status, 301, "{path}: {moved:?}");
        assert_eq!(moved.header("location"), Some(to), "{path}");
    }

    // Missing addresses: the 404 page of their language, with status 404.
    let missing = server.get("/kyyeu/2021/khong-co-bai-nay/");
    assert_eq!(missing.status, 404, "{missing:?}");
    common::assert_contains(&missing.body, "<html lang=\"vi\">");
    common::assert_contains(&missing.body, "<h1>Không tìm thấy trang</h1>");
    common::assert_contains(&missing.body, "href=\"/kyyeu/style.css\"");
    for path in ["/kyyeu/en/2021/no-such-article/", "/kyyeu/en/nothing.html"] {
        let missing = server.get(path);
        assert_eq!(missing.status, 404, "{path}: {missing:?}");
        common::assert_contains(&missing.body, "<html lang=\"en\">");
        common::assert_contains(&missing.body, "<h1>Page not found</h1>");
    }
    // Outside the subfolder, the site is not served.
    assert_eq!(server.get("/2021/hoi-nghi/").status, 404);
}
