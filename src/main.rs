//! The `kyyeu` command: parses arguments with clap, runs the library, prints
//! the report or the errors in the user's language, and sets the exit status
//! (0, 1 content errors, 2 usage errors).
//!
//! The language of messages is `--ui-lang`, else the locale (`LC_ALL`,
//! `LC_MESSAGES`, `LANG`: `vi...` is Vietnamese), else English. In English,
//! clap's help and usage errors are its own; in Vietnamese they come from the
//! catalogue (see [`vietnamese_command`] and [`cli_error`]).

/// mimalloc returns the memory of decoded photos to the system between
/// photos, where glibc's allocator kept it (1.2 GB for 400 photos). It is
/// built without transparent huge pages (feature `no_thp`): memory it gives
/// back and takes again was then zeroed 2 MB at a time, a sixth of the CPU
/// of a 100,000-article build.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use kyyeu::error::{display_path, labelled, Catalogue, Failure, Language, Message};
use kyyeu::{Options, Progress, Report};
use std::ffi::OsString;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

#[derive(Parser)]
#[command(
    name = "kyyeu",
    version,
    about = "Builds the bilingual proceedings site of yearly conferences"
)]
struct Cli {
    /// The language of messages: vi or en (default: from LANG, else English)
    #[arg(long, global = true, value_name = "LANG", value_parser = ["vi", "en"])]
    ui_lang: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args)]
struct SiteArgs {
    /// The site's root folder (holding site.yaml)
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Override `base_url` from site.yaml
    #[arg(long)]
    base_url: Option<String>,
    /// Include articles marked `draft: true`
    #[arg(long)]
    drafts: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (public/ by default)
    Build {
        #[command(flatten)]
        site: SiteArgs,
        /// Output folder (default: <root>/public)
        #[arg(long)]
        output: Option<PathBuf>,
        /// Cache folder for processed photos (default: <root>/.kyyeu-cache)
        #[arg(long)]
        cache_dir: Option<PathBuf>,
        /// After building, remove cached photos that the site no longer uses
        #[arg(long)]
        prune_cache: bool,
    },
    /// Create a new article bundle, or the translation of an article
    New {
        /// The article's title (its folder name is made from it)
        title: Option<String>,
        /// The year folder (default: this year)
        #[arg(long)]
        year: Option<i32>,
        /// The article's language (default: the site's default language)
        #[arg(long)]
        lang: Option<String>,
        /// A unit id from content/units.yaml (repeat for several)
        #[arg(long = "unit", value_name = "ID")]
        units: Vec<String>,
        /// Create the translation of this article (its folder or one of its files); needs --lang
        #[arg(long, value_name = "ARTICLE", conflicts_with_all = ["title", "year", "units"])]
        translate: Option<PathBuf>,
        /// The site's root folder (holding site.yaml)
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Preview the site on 127.0.0.1, rebuilding and reloading on every change
    Serve {
        #[command(flatten)]
        site: SiteArgs,
        /// The port to listen on
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on (other than 127.0.0.1 opens the preview to other machines)
        #[arg(long, default_value = "127.0.0.1")]
        host: std::net::IpAddr,
        /// Open the preview in the default browser
        #[arg(long)]
        open: bool,
    },
    /// Validate the site and render every page in memory, writing nothing
    Check {
        #[command(flatten)]
        site: SiteArgs,
        /// Output format: text for people, json for tools
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

/// How `kyyeu check` reports.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Text,
    Json,
}

fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().collect();
    let cli = parse(args);
    let language = cli
        .ui_lang
        .as_deref()
        .and_then(Language::from_code)
        .unwrap_or_else(locale_language);
    let catalogue = Catalogue::of(language);
    match run(cli.command, catalogue) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("{}", failure.render(catalogue));
            ExitCode::from(failure.exit_code())
        }
    }
}

/// Runs one command, printing what it did.
fn run(command: Command, catalogue: &'static Catalogue) -> Result<(), Failure> {
    match command {
        Command::Build {
            site,
            output,
            cache_dir,
            prune_cache,
        } => {
            let bar = progress_bar(catalogue);
            let options = Options {
                root: site.root,
                output,
                cache_dir,
                base_url: site.base_url,
                drafts: site.drafts,
                prune_cache,
                progress: bar.as_ref().map(|bar| {
                    let bar = bar.clone();
                    Progress(Arc::new(move |done, total| {
                        bar.set_length(total as u64);
                        bar.set_position(done as u64);
                    }))
                }),
            };
            let result = kyyeu::build(&options);
            if let Some(bar) = bar {
                bar.finish_and_clear();
            }
            result.map(|r| summary(&r, Message::new("summary_built"), catalogue))
        }
        Command::New {
            title,
            year,
            lang,
            units,
            translate,
            root,
        } => {
            let request = kyyeu::commands::new::NewArticle {
                title: String::new(),
                year,
                lang,
                units,
            };
            let created = new(&root, title, translate, request)?;
            let message = Message::new("created").arg("path", display_path(&created));
            println!("{}", catalogue.render(&message));
            Ok(())
        }
        Command::Serve {
            site,
            port,
            host,
            open,
        } => {
            let options = Options {
                root: site.root,
                base_url: site.base_url,
                drafts: site.drafts,
                ..Options::default()
            };
            serve(
                kyyeu::commands::serve::ServeOptions {
                    site: options,
                    bind: host,
                    port,
                },
                open,
                catalogue,
            )
        }
        Command::Check { site, format } => {
            let options = Options {
                base_url: site.base_url,
                drafts: site.drafts,
                ..Options::new(site.root)
            };
            let result = kyyeu::commands::check::check(&options);
            if format == Format::Json {
                println!("{}", check_json(&result, catalogue));
                return result.map(drop);
            }
            result.map(|checked| {
                print_coverage(&checked, catalogue);
                summary(&checked.report, Message::new("summary_checked"), catalogue)
            })
        }
    }
}

/// `kyyeu new`: an article, or with `--translate` the translation of one;
/// returns the file created.
fn new(
    root: &std::path::Path,
    title: Option<String>,
    translate: Option<PathBuf>,
    mut request: kyyeu::commands::new::NewArticle,
) -> Result<PathBuf, Failure> {
    match (translate, title) {
        (Some(article), _) => {
            let lang = request
                .lang
                .ok_or_else(|| Failure::Usage(Message::new("translate_needs_lang")))?;
            kyyeu::commands::new::new_translation(root, &article, &lang)
        }
        (None, Some(title)) => {
            request.title = title;
            kyyeu::commands::new::new_article(root, &request)
        }
        (None, None) => Err(Failure::Usage(Message::new("new_needs_title"))),
    }
}

/// The language of the locale: `LC_ALL`, else `LC_MESSAGES`, else `LANG`
/// (the first one set and not empty); English when none is.
fn locale_language() -> Language {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .find_map(|name| std::env::var(name).ok().filter(|v| !v.is_empty()))
        .map_or(Language::English, |locale| Language::from_locale(&locale))
}

/// The value of `--ui-lang` in raw arguments, before clap has parsed them
/// (so that clap's own errors can be shown in that language).
fn ui_lang_arg(args: &[OsString]) -> Option<Language> {
    let mut args = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(arg) = args.next() {
        if arg == "--" {
            break;
        } else if arg == "--ui-lang" {
            return args.next().and_then(|v| Language::from_code(&v));
        } else if let Some(value) = arg.strip_prefix("--ui-lang=") {
            return Language::from_code(value);
        }
    }
    None
}

/// The parsed command line; on a usage error or `--help`, prints it and exits.
fn parse(args: Vec<OsString>) -> Cli {
    let language = ui_lang_arg(&args).unwrap_or_else(locale_language);
    if language == Language::English {
        return Cli::try_parse_from(args).unwrap_or_else(|err| err.exit());
    }
    let catalogue = Catalogue::of(language);
    let mut command = vietnamese_command(catalogue);
    let parsed = command.try_get_matches_from_mut(args).and_then(|matches| {
        if let Some(("help", help)) = matches.subcommand() {
            print_help(&mut command, help, catalogue);
        }
        Cli::from_arg_matches(&matches)
    });
    parsed.unwrap_or_else(|err| match cli_error(&err, catalogue) {
        Some(text) => {
            eprint!("{text}");
            std::process::exit(err.exit_code())
        }
        None => err.exit(),
    })
}

/// `kyyeu help [COMMAND]`: the help of the command named, then exits
/// (with a usage error when there is no such command).
fn print_help(command: &mut clap::Command, matches: &clap::ArgMatches, catalogue: &Catalogue) -> ! {
    command.build();
    let name = matches.get_one::<String>("command");
    let printed = match name {
        None => command.print_help(),
        Some(name) => match command.find_subcommand_mut(name) {
            Some(sub) => sub.print_help(),
            None => {
                let mut err = clap::Error::new(ErrorKind::InvalidSubcommand);
                err.insert(
                    ContextKind::InvalidSubcommand,
                    ContextValue::String(name.clone()),
                );
                let text = cli_error(&err, catalogue);
                eprint!("{}", text.unwrap_or_default());
                std::process::exit(2)
            }
        },
    };
    std::process::exit(if printed.is_ok() { 0 } else { 1 })
}

/// The command line with its help in Vietnamese: every about and argument
/// help from the catalogue, headings translated, and `-h`, `-V` and `help`
/// defined here so that their help is translated too.
fn vietnamese_command(catalogue: &'static Catalogue) -> clap::Command {
    let text = |message: Message| catalogue.render(&message);
    let heading = |message: Message| catalogue.plain(&message);
    let template = format!(
        "{{about-with-newline}}\n{}: {{usage}}\n\n{{all-args}}{{after-help}}",
        text(Message::new("help_usage"))
    );
    let localize = |command: clap::Command| {
        let command = match help_of(command.get_name()) {
            Some(about) => command.about(text(about)),
            None => command,
        };
        command
            .help_template(template.clone())
            .subcommand_help_heading(heading(Message::new("help_commands")))
            .disable_help_flag(true)
            .mut_args(|arg| {
                let group = match arg.is_positional() {
                    true => Message::new("help_arguments"),
                    false => Message::new("help_options"),
                };
                // The default value and possible values are in the help text.
                let takes_value = arg.get_action().takes_values();
                let arg = arg
                    .help_heading(heading(group))
                    .hide_default_value(takes_value)
                    .hide_possible_values(takes_value);
                match help_of(arg.get_id().as_str()) {
                    Some(help) => arg.help(text(help)),
                    None => arg,
                }
            })
            .arg(
                clap::Arg::new("help")
                    .short('h')
                    .long("help")
                    .action(clap::ArgAction::Help)
                    .help(text(Message::new("help_help")))
                    .help_heading(heading(Message::new("help_options"))),
            )
    };
    let help = clap::Command::new("help")
        .about(text(Message::new("help_command_help")))
        .arg(
            clap::Arg::new("command")
                .value_name("COMMAND")
                .help(text(Message::new("help_command_help_arg"))),
        );
    localize(Cli::command())
        .mut_subcommands(localize)
        .disable_help_subcommand(true)
        .subcommand(localize(help))
        .disable_version_flag(true)
        .arg(
            clap::Arg::new("version")
                .short('V')
                .long("version")
                .action(clap::ArgAction::Version)
                .help(text(Message::new("help_version")))
                .help_heading(heading(Message::new("help_options"))),
        )
}

/// The catalogue's help of a command (by name) or argument (by id).
fn help_of(id: &str) -> Option<Message> {
    Some(match id {
        "kyyeu" => Message::new("help_kyyeu"),
        "build" => Message::new("help_build"),
        "new" => Message::new("help_new"),
        "check" => Message::new("help_check"),
        "serve" => Message::new("help_serve"),
        "format" => Message::new("help_format"),
        "port" => Message::new("help_port"),
        "host" => Message::new("help_host"),
        "open" => Message::new("help_open"),
        "ui_lang" => Message::new("help_ui_lang"),
        "root" => Message::new("help_root"),
        "base_url" => Message::new("help_base_url"),
        "drafts" => Message::new("help_drafts"),
        "output" => Message::new("help_output"),
        "cache_dir" => Message::new("help_cache_dir"),
        "prune_cache" => Message::new("help_prune_cache"),
        "title" => Message::new("help_title"),
        "year" => Message::new("help_year"),
        "lang" => Message::new("help_lang"),
        "units" => Message::new("help_units"),
        "translate" => Message::new("help_translate"),
        _ => return None,
    })
}

/// A usage error of clap in the catalogue's words, or `None` for the kinds
/// it has no words for (clap's own text is shown then).
fn cli_error(err: &clap::Error, catalogue: &Catalogue) -> Option<String> {
    let context = |kind| match err.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(v)) => Some(v.join(", ")),
        Some(ContextValue::StyledStr(s)) => Some(s.to_string()),
        Some(ContextValue::StyledStrs(v)) => Some(
            v.iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
                .join(", "),
        ),
        _ => None,
    };
    let suggestion =
        |kind| context(kind).map(|choice| Message::new("did_you_mean").arg("choice", choice));
    let arg = context(ContextKind::InvalidArg);
    let value = context(ContextKind::InvalidValue);
    let (message, hint) = match err.kind() {
        ErrorKind::UnknownArgument => (
            Message::new("cli_unknown_argument").arg("arg", arg?),
            suggestion(ContextKind::SuggestedArg),
        ),
        ErrorKind::InvalidSubcommand => (
            Message::new("cli_unknown_command")
                .arg("command", context(ContextKind::InvalidSubcommand)?),
            suggestion(ContextKind::SuggestedSubcommand).or_else(|| {
                let names: Vec<String> = Cli::command()
                    .get_subcommands()
                    .map(|c| c.get_name().to_string())
                    .collect();
                Some(Message::new("cli_commands").arg("commands", names.join(", ")))
            }),
        ),
        ErrorKind::InvalidValue if value.as_deref().is_none_or(str::is_empty) => {
            (Message::new("cli_value_required").arg("arg", arg?), None)
        }
        ErrorKind::InvalidValue => (
            Message::new("cli_invalid_value")
                .arg("value", value?)
                .arg("arg", arg?),
            context(ContextKind::ValidValue)
                .map(|values| Message::new("cli_possible_values").arg("values", values)),
        ),
        ErrorKind::ValueValidation => {
            let reason = std::error::Error::source(err).map_or_else(String::new, |e| e.to_string());
            (
                Message::new("cli_invalid_value_because")
                    .arg("value", value?)
                    .arg("arg", arg?)
                    .arg("reason", reason),
                None,
            )
        }
        ErrorKind::MissingRequiredArgument => (Message::new("cli_missing").arg("args", arg?), None),
        ErrorKind::ArgumentConflict => {
            let prior = context(ContextKind::PriorArg);
            match prior {
                Some(prior) if Some(&prior) != arg.as_ref() => (
                    Message::new("cli_conflict")
                        .arg("arg", arg?)
                        .arg("other", prior),
                    None,
                ),
                _ => (Message::new("cli_repeated").arg("arg", arg?), None),
            }
        }
        _ => return None,
    };
    let render = |message: Message| catalogue.render(&message);
    let mut out = labelled(catalogue, &Message::new("label_error"), &render(message)) + "\n";
    if let Some(hint) = hint {
        let hint = labelled(catalogue, &Message::new("label_hint"), &render(hint));
        out.push_str(&format!("  {hint}\n"));
    }
    if let Some(usage) = context(ContextKind::Usage) {
        let usage = usage.trim().trim_start_matches("Usage:").trim();
        let command: Vec<&str> = usage
            .split_whitespace()
            .take_while(|w| !w.starts_with(['[', '<', '-']))
            .collect();
        out.push_str(&format!(
            "\n{}\n{}\n",
            render(Message::new("cli_usage").arg("usage", usage)),
            render(Message::new("cli_more").arg("command", command.join(" ")))
        ));
    }
    Some(out)
}

/// A progress bar for photos, on a terminal only.
/// The translation coverage and the theme's missing strings, on stderr.
fn print_coverage(checked: &kyyeu::commands::check::Checked, catalogue: &Catalogue) {
    let mut langs: Vec<&str> = checked.coverage.iter().map(|c| c.lang.as_str()).collect();
    langs.dedup();
    for lang in langs {
        let gaps: Vec<_> = checked
            .coverage
            .iter()
            .filter(|c| c.lang == lang && !c.missing.is_empty())
            .collect();
        if gaps.is_empty() {
            eprintln!(
                "{}",
                catalogue
                    .render(&Message::new("check_coverage_done").arg("lang", lang.to_string()))
            );
        }
        for c in gaps {
            let line = Message::new("check_coverage")
                .arg("lang", c.lang.clone())
                .arg("year", c.year.to_string())
                .arg("missing", c.missing.len().to_string())
                .arg("articles", c.articles.to_string());
            eprintln!("{}", catalogue.render(&line));
            for path in &c.missing {
                eprintln!(
                    "{}",
                    catalogue
                        .render(&Message::new("check_coverage_file").arg("path", path.clone()))
                );
            }
        }
        let missing: Vec<&str> = checked
            .missing_strings
            .iter()
            .filter(|m| m.lang == lang)
            .map(|m| m.key.as_str())
            .collect();
        if !missing.is_empty() {
            let line = Message::new("check_missing_strings")
                .arg("lang", lang.to_string())
                .arg("n", missing.len().to_string())
                .arg("keys", missing.join(", "));
            eprintln!("{}", catalogue.render(&line));
        }
    }
}

/// `kyyeu check --format json`: everything found, as one JSON object.
fn check_json(
    result: &Result<kyyeu::commands::check::Checked, Failure>,
    catalogue: &Catalogue,
) -> String {
    let entry = |e: &kyyeu::error::Error| {
        serde_json::json!({
            "path": kyyeu::error::display_path(&e.path),
            "line": e.line,
            "column": e.col,
            "message": catalogue.render(&e.message),
            "hint": e.hint.as_ref().map(|h| catalogue.render(h)),
        })
    };
    let value = match result {
        Ok(c) => serde_json::json!({
            "ok": true,
            "errors": [],
            "warnings": c.report.warnings.iter().map(entry).collect::<Vec<_>>(),
            "articles": c.report.articles,
            "pages": c.report.pages,
            "coverage": c.coverage,
            "missing_strings": c.missing_strings,
        }),
        Err(Failure::Content(errors)) => {
            serde_json::json!({ "ok": false, "errors": errors.0.iter().map(entry).collect::<Vec<_>>() })
        }
        Err(other) => {
            serde_json::json!({ "ok": false, "errors": [{ "message": other.render(catalogue) }] })
        }
    };
    serde_json::to_string_pretty(&value).unwrap_or_default()
}

/// `kyyeu serve`: prints what happens until Ctrl-C.
fn serve(
    options: kyyeu::commands::serve::ServeOptions,
    open: bool,
    catalogue: &'static Catalogue,
) -> Result<(), Failure> {
    use kyyeu::commands::serve::Event;
    if !options.bind.is_loopback() {
        let warning = Message::new("serve_public_host").arg("addr", options.bind.to_string());
        eprintln!(
            "{}",
            labelled(
                catalogue,
                &Message::new("label_warning"),
                &catalogue.render(&warning)
            )
        );
    }
    let _ = ctrlc::set_handler(move || {
        println!("{}", catalogue.render(&Message::new("serve_stopped")));
        std::process::exit(0);
    });
    let report = move |event: Event| match event {
        Event::Listening(url) => {
            println!(
                "{}",
                catalogue.render(&Message::new("serve_listening").arg("url", url.clone()))
            );
            if open {
                open_browser(&url);
            }
        }
        Event::Built { pages, elapsed } => {
            let message = Message::new("serve_rebuilt")
                .arg("pages", pages.to_string())
                .arg("ms", elapsed.as_millis().to_string());
            println!("{}", catalogue.render(&message));
        }
        Event::Updated {
            pages,
            total,
            first,
            elapsed,
        } => {
            let message = Message::new("serve_updated")
                .arg("pages", pages.to_string())
                .arg("total", total.to_string())
                .arg("first", first.as_millis().to_string())
                .arg("ms", elapsed.as_millis().to_string());
            println!("{}", catalogue.render(&message));
        }
        Event::Failed(errors) => {
            eprintln!("{}", Failure::Content(errors).render(catalogue).trim_end());
            eprintln!("{}", catalogue.render(&Message::new("serve_failed")));
        }
        Event::Other(failure) => eprintln!("{}", failure.render(catalogue)),
    };
    kyyeu::commands::serve::serve(&options, &report)
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

fn progress_bar(catalogue: &Catalogue) -> Option<indicatif::ProgressBar> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(0);
    let label = catalogue.render(&Message::new("progress_photos"));
    let template = format!("{label} {{bar:30}} {{pos}}/{{len}} {{elapsed}}");
    let style = indicatif::ProgressStyle::with_template(&template).ok()?;
    bar.set_style(style);
    Some(bar)
}

/// `12.3 MB` (`12,3 MB` in Vietnamese).
fn megabytes(bytes: u64) -> Message {
    let text = format!("{:.1}", bytes as f64 / 1_048_576.0);
    let (whole, tenth) = text.split_once('.').unwrap_or((&text, "0"));
    Message::new("megabytes")
        .arg("whole", whole)
        .arg("tenth", tenth)
}

/// The warnings, then what was built or checked (`summary` names which).
fn summary(report: &Report, summary: Message, catalogue: &Catalogue) {
    let warning = Message::new("label_warning");
    for w in &report.warnings {
        eprintln!("{}", labelled(catalogue, &warning, &w.render(catalogue)));
    }
    let photos = if report.photos_processed + report.photos_cached > 0 {
        Message::new("summary_photos")
            .arg("total", report.photos_processed + report.photos_cached)
            .arg("processed", report.photos_processed)
            .arg("cached", report.photos_cached)
            .arg("source", megabytes(report.photos_source_bytes))
            .arg("published", megabytes(report.photos_published_bytes))
    } else {
        Message::text("")
    };
    if report.cache_pruned > 0 {
        let pruned = Message::new("cache_pruned").arg("n", report.cache_pruned);
        println!("{}", catalogue.render(&pruned));
    }
    let summary = summary
        .arg("articles", report.articles)
        .arg("pages", report.pages)
        .arg("photos", photos)
        .arg("ms", report.elapsed.as_millis());
    println!("{}", catalogue.render(&summary));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_command_lines_are_valid_for_clap() {
        Cli::command().debug_assert();
        vietnamese_command(Catalogue::of(Language::Vietnamese)).debug_assert();
    }

    /// Every command and argument has its help in the catalogues, and the
    /// English one is the doc comment clap shows.
    #[test]
    fn every_help_is_in_the_catalogue_and_english_matches_the_doc_comments() {
        let english = Catalogue::english();
        let root = Cli::command();
        let commands = std::iter::once(&root).chain(root.get_subcommands());
        for command in commands {
            let about = command.get_about().map(ToString::to_string);
            let key = help_of(command.get_name());
            assert_eq!(
                key.map(|k| english.render(&k)),
                about,
                "{}",
                command.get_name()
            );
            for arg in command.get_arguments() {
                let id = arg.get_id().as_str();
                let help = arg.get_help().map(ToString::to_string);
                assert_eq!(help_of(id).map(|k| english.render(&k)), help, "{id}");
            }
        }
    }

    #[test]
    fn ui_lang_is_found_before_parsing() {
        let args = |a: &[&str]| a.iter().map(OsString::from).collect::<Vec<_>>();
        let vi = Some(Language::Vietnamese);
        assert_eq!(
            ui_lang_arg(&args(&["kyyeu", "--ui-lang", "vi", "build"])),
            vi
        );
        assert_eq!(ui_lang_arg(&args(&["kyyeu", "build", "--ui-lang=vi"])), vi);
        assert_eq!(
            ui_lang_arg(&args(&["kyyeu", "build", "--ui-lang", "fr"])),
            None
        );
        assert_eq!(
            ui_lang_arg(&args(&["kyyeu", "new", "--", "--ui-lang", "vi"])),
            None
        );
    }

    #[test]
    fn megabytes_use_the_decimal_mark_of_the_language() {
        let vi = Catalogue::of(Language::Vietnamese);
        assert_eq!(megabytes(1_572_864).to_string(), "1.5 MB");
        assert_eq!(vi.render(&megabytes(1_572_864)), "1,5 MB");
        assert_eq!(megabytes(0).to_string(), "0.0 MB");
    }
}
