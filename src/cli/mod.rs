//! The `kyyeu` command: parses arguments, runs one command on the library,
//! prints what it did or the errors in the user's language, and gives the
//! exit status (0, 1 content errors, 2 usage errors).
//!
//! Its submodules: `args` holds the command line,
//! `ui_lang` chooses the language of messages, `vietnamese` translates
//! clap's help and errors, `report` prints what a build or check did, and
//! `serve` drives the preview.
//!
//! Uses: nothing of the library but its public API (`kyyeu::`).

mod args;
mod report;
mod serve;
mod ui_lang;
mod vietnamese;

use args::{
    BuildArgs, CheckArgs, Cli, Command, ExportArgs, Format, InitArgs, NewArgs, NewRequest,
    ThemeCommand,
};
use clap::Parser;
use kyyeu::error::{display_path, Catalogue, Failure, Language, Message};
use kyyeu::Progress;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

/// Runs the command line `args`, printing what it did or its errors; the
/// exit status.
pub fn run(args: Vec<OsString>) -> ExitCode {
    let language = ui_lang::chosen(&args);
    let cli = parse(args, language);
    let catalogue = Catalogue::of(language);
    match run_command(cli.command, catalogue) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("{}", failure.render(catalogue));
            ExitCode::from(failure.exit_code())
        }
    }
}

/// The parsed command line; on a usage error or `--help`, prints it in
/// `language` and exits.
fn parse(args: Vec<OsString>, language: Language) -> Cli {
    match language {
        Language::English => Cli::try_parse_from(args).unwrap_or_else(|err| err.exit()),
        language => vietnamese::parse(args, Catalogue::of(language)),
    }
}

/// Runs one command, printing what it did.
fn run_command(command: Command, catalogue: &'static Catalogue) -> Result<(), Failure> {
    match command {
        Command::Build(args) => build(args, catalogue),
        Command::New(args) => new(&args, catalogue),
        Command::Serve(args) => serve::serve(args, catalogue),
        Command::Check(args) => check(args, catalogue),
        Command::Init(args) => init(&args, catalogue),
        Command::Theme(args) => match args.command {
            ThemeCommand::Export(args) => theme_export(&args, catalogue),
        },
    }
}

/// `kyyeu build`, with a progress bar of photos on a terminal.
fn build(args: BuildArgs, catalogue: &Catalogue) -> Result<(), Failure> {
    let bar = report::progress_bar(catalogue);
    let progress = bar.clone().map(|bar| {
        Progress(Arc::new(move |done, total| {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        }))
    });
    let result = kyyeu::build(&args.options(progress));
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let built = result?;
    if args::timings_requested() {
        report::timings(&built);
    }
    report::summary(&built, Message::new("summary_built"), catalogue);
    Ok(())
}

/// `kyyeu new`: an article, or with `--translate` the translation of one.
fn new(args: &NewArgs, catalogue: &Catalogue) -> Result<(), Failure> {
    let created: PathBuf = match args.request()? {
        NewRequest::Article(article) => kyyeu::commands::new::new_article(&args.root, &article)?,
        NewRequest::Translation { article, lang } => {
            kyyeu::commands::new::new_translation(&args.root, &article, &lang)?
        }
    };
    let message = Message::new("created").arg("path", display_path(&created));
    println!("{}", catalogue.render(&message));
    Ok(())
}

/// `kyyeu check`: the coverage and summary, or everything as JSON.
fn check(args: CheckArgs, catalogue: &Catalogue) -> Result<(), Failure> {
    let format = args.format;
    let result = kyyeu::commands::check::check(&args.options());
    if format == Format::Json {
        println!("{}", report::check_json(&result, catalogue));
        return result.map(drop);
    }
    let checked = result?;
    report::print_coverage(&checked, catalogue);
    report::summary(&checked.report, Message::new("summary_checked"), catalogue);
    Ok(())
}

/// `kyyeu init`: the files of the new site, then the next three commands.
fn init(args: &InitArgs, catalogue: &Catalogue) -> Result<(), Failure> {
    let default_language = args
        .site_lang
        .as_deref()
        .and_then(Language::from_code)
        .unwrap_or(Language::Vietnamese);
    let site = kyyeu::commands::init::NewSite {
        comments: catalogue.language(),
        default_language,
    };
    let written = kyyeu::commands::init::init(&args.dir, site)?;
    let shown = display_path(&kyyeu::output::resolve(&args.dir));
    let created = Message::new("init_created").arg("dir", shown);
    println!("{}", catalogue.render(&created));
    for file in &written {
        println!("  {}", display_path(&args.dir.join(file)));
    }
    let root = root_option(&args.dir);
    let next = [
        Message::new("init_next_new")
            .arg("command", format!("kyyeu new \"Tiêu đề bài viết\"{root}")),
        Message::new("init_next_serve").arg("command", format!("kyyeu serve{root}")),
        Message::new("init_next_build").arg("command", format!("kyyeu build{root}")),
    ];
    println!("\n{}", catalogue.render(&Message::new("init_next")));
    for step in next {
        println!("{}", catalogue.render(&step));
    }
    Ok(())
}

/// ` --root DIR` for the commands to run on the site in `dir` (nothing when
/// it is the current folder), quoted for a shell when it needs to be.
fn root_option(dir: &Path) -> String {
    let shown = display_path(dir);
    if shown == "." || shown.is_empty() {
        return String::new();
    }
    let plain = shown
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '/' | '.' | '-' | '_' | '~'));
    match plain {
        true => format!(" --root {shown}"),
        false => format!(" --root '{}'", shown.replace('\'', "'\\''")),
    }
}

/// `kyyeu theme export`: where the theme was written, and how to use it.
fn theme_export(args: &ExportArgs, catalogue: &Catalogue) -> Result<(), Failure> {
    let dir = kyyeu::commands::theme::export(&args.root, &args.name)?;
    let exported = Message::new("theme_exported").arg("dir", display_path(&args.root.join(dir)));
    println!("{}", catalogue.render(&exported));
    let next = Message::new("theme_export_next").arg("name", args.name.clone());
    println!("{}", catalogue.render(&next));
    Ok(())
}
