//! `kyyeu serve`'s driver: serves the site and prints what happens (on
//! stdout, errors on stderr) until Ctrl-C.
//!
//! May use: `args` (the serve arguments), the library.
//!
//! Uses: args.

use super::args::ServeArgs;
use kyyeu::commands::serve::Event;
use kyyeu::error::{labelled, Catalogue, Failure, Message};

/// Serves until Ctrl-C; an error when the site cannot be served at all.
pub fn serve(args: ServeArgs, catalogue: &'static Catalogue) -> Result<(), Failure> {
    let open = args.open;
    let options = args.options(catalogue.language());
    if !options.bind.is_loopback() {
        let warning = Message::new("serve_public_host").arg("addr", options.bind.to_string());
        let label = Message::new("label_warning");
        eprintln!(
            "{}",
            labelled(catalogue, &label, &catalogue.render(&warning))
        );
    }
    let _ = ctrlc::set_handler(move || {
        println!("{}", catalogue.render(&Message::new("serve_stopped")));
        std::process::exit(0);
    });
    let report = move |event: Event| print_event(event, open, catalogue);
    kyyeu::commands::serve::serve(&options, &report)
}

/// One event of the server; on the first, `Listening`, opens the browser
/// when `open` is set.
fn print_event(event: Event, open: bool, catalogue: &Catalogue) {
    match event {
        Event::Listening(url) => {
            let message = Message::new("serve_listening").arg("url", url.clone());
            println!("{}", catalogue.render(&message));
            if open {
                open_browser(&url);
            }
        }
        Event::Desk(url) => {
            let message = Message::new("serve_desk").arg("url", url);
            println!("{}", catalogue.render(&message));
        }
        Event::Built {
            pages,
            drafts_left_out,
            elapsed,
        } => {
            let message = Message::new("serve_rebuilt")
                .count("pages", pages)
                .arg("ms", elapsed.as_millis().to_string());
            println!("{}", catalogue.render(&message));
            if drafts_left_out > 0 {
                let drafts = Message::new("serve_drafts_left_out").count("n", drafts_left_out);
                println!("{}", catalogue.render(&drafts));
            }
        }
        Event::Updated {
            pages,
            total,
            first,
            elapsed,
        } => {
            let message = Message::new("serve_updated")
                .arg("pages", pages.to_string())
                .count("total", total)
                .arg("first", first.as_millis().to_string())
                .arg("ms", elapsed.as_millis().to_string());
            println!("{}", catalogue.render(&message));
        }
        Event::Failed(errors) => {
            // Not the build's "nothing was written": a preview writes nothing.
            let count = Message::new("errors_in_preview").count("n", errors.len());
            eprint!("{}", errors.render(catalogue));
            eprintln!("{}", catalogue.render(&count));
            eprintln!("{}", catalogue.render(&Message::new("serve_failed")));
        }
        Event::Other(failure) => eprintln!("{}", failure.render(catalogue)),
        Event::Books {
            typeset,
            reused,
            elapsed,
        } => {
            let message = Message::new("serve_books")
                .arg("count", typeset.to_string())
                .arg("reused", reused.to_string())
                .arg("ms", elapsed.as_millis().to_string());
            println!("{}", catalogue.render(&message));
        }
        Event::BooksFailed(failure) => {
            match failure {
                Failure::Content(errors) => eprint!("{}", errors.render(catalogue)),
                other => eprintln!("{}", other.render(catalogue)),
            }
            eprintln!("{}", catalogue.render(&Message::new("serve_books_failed")));
        }
    }
}

/// Opens `url` in the default browser, if there is one.
fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    let _ = std::process::Command::new(opener)
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
}
