//! The command line in Vietnamese: clap's help from the catalogue, and
//! clap's usage errors in the catalogue's words. (In English, clap's help
//! and errors are its own.)
//!
//! May use: `args` (the command line it translates), the library.
//!
//! Uses: args.

use super::args::Cli;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{CommandFactory, FromArgMatches};
use kyyeu::error::{labelled, Catalogue, Message};
use std::ffi::OsString;

/// The parsed command line; on a usage error, `--help` or `help`, prints it
/// in the catalogue's language and exits.
pub fn parse(args: Vec<OsString>, catalogue: &'static Catalogue) -> Cli {
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
    let template = format!(
        "{{about-with-newline}}\n{}: {{usage}}\n\n{{all-args}}{{after-help}}",
        catalogue.render(&Message::new("help_usage"))
    );
    let localize = |command| localize(command, &template, catalogue);
    let help = clap::Command::new("help")
        .about(catalogue.render(&Message::new("help_command_help")))
        .arg(
            clap::Arg::new("command")
                .value_name("COMMAND")
                .help(catalogue.render(&Message::new("help_command_help_arg"))),
        );
    localize(Cli::command())
        .disable_help_subcommand(true)
        .subcommand(localize(help))
        .disable_version_flag(true)
        .arg(
            flag_arg("version", 'V', Message::new("help_version"), catalogue)
                .action(clap::ArgAction::Version),
        )
}

/// One command with its about, its arguments' help and headings from the
/// catalogue, the help `template`, and a translated `-h`.
fn localize(
    command: clap::Command,
    template: &str,
    catalogue: &'static Catalogue,
) -> clap::Command {
    let command = match help_of(command.get_name()) {
        Some(about) => command.about(catalogue.render(&about)),
        None => command,
    };
    // Subcommands of subcommands (`theme export`) too.
    let template_inner = template.to_string();
    command
        .mut_subcommands(move |sub| localize(sub, &template_inner, catalogue))
        .help_template(template.to_string())
        .subcommand_help_heading(catalogue.plain(&Message::new("help_commands")))
        .disable_help_flag(true)
        .mut_args(|arg| localize_arg(arg, catalogue))
        .arg(
            flag_arg("help", 'h', Message::new("help_help"), catalogue)
                .action(clap::ArgAction::Help),
        )
}

/// One argument with its help and heading from the catalogue.
fn localize_arg(arg: clap::Arg, catalogue: &'static Catalogue) -> clap::Arg {
    let group = match arg.is_positional() {
        true => Message::new("help_arguments"),
        false => Message::new("help_options"),
    };
    // The default value and possible values are in the help text.
    let takes_value = arg.get_action().takes_values();
    let arg = arg
        .help_heading(catalogue.plain(&group))
        .hide_default_value(takes_value)
        .hide_possible_values(takes_value);
    match help_of(arg.get_id().as_str()) {
        Some(help) => arg.help(catalogue.render(&help)),
        None => arg,
    }
}

/// `-h, --help` or `-V, --version`, with its help from the catalogue under
/// the options' heading (the caller sets its action).
fn flag_arg(
    name: &'static str,
    short: char,
    help: Message,
    catalogue: &'static Catalogue,
) -> clap::Arg {
    clap::Arg::new(name)
        .short(short)
        .long(name)
        .help(catalogue.render(&help))
        .help_heading(catalogue.plain(&Message::new("help_options")))
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
        "no_desk" => Message::new("help_no_desk"),
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
        "init" => Message::new("help_init"),
        "dir" => Message::new("help_dir"),
        "site_lang" => Message::new("help_site_lang"),
        "theme" => Message::new("help_theme"),
        "export" => Message::new("help_export"),
        "name" => Message::new("help_name"),
        "date" => Message::new("help_date"),
        _ => return None,
    })
}

/// A usage error of clap in the catalogue's words, or `None` for the kinds
/// it has no words for (clap's own text is shown then).
fn cli_error(err: &clap::Error, catalogue: &Catalogue) -> Option<String> {
    let (message, hint) = error_message(err)?;
    let render = |message: Message| catalogue.render(&message);
    let mut out = labelled(catalogue, &Message::new("label_error"), &render(message)) + "\n";
    if let Some(hint) = hint {
        let hint = labelled(catalogue, &Message::new("label_hint"), &render(hint));
        out.push_str(&format!("  {hint}\n"));
    }
    if let Some(usage) = context(err, ContextKind::Usage) {
        let usage = usage.trim().trim_start_matches("Usage:").trim();
        let command: Vec<&str> = usage
            .split_whitespace()
            .take_while(|word| !word.starts_with(['[', '<', '-']))
            .collect();
        out.push_str(&format!(
            "\n{}\n{}\n",
            render(Message::new("cli_usage").arg("usage", usage)),
            render(Message::new("cli_more").arg("command", command.join(" ")))
        ));
    }
    Some(out)
}

/// The message of a usage error and its hint, or `None` for the kinds the
/// catalogue has no words for.
fn error_message(err: &clap::Error) -> Option<(Message, Option<Message>)> {
    let arg = context(err, ContextKind::InvalidArg);
    let value = context(err, ContextKind::InvalidValue);
    Some(match err.kind() {
        ErrorKind::UnknownArgument => (
            Message::new("cli_unknown_argument").arg("arg", arg?),
            suggestion(err, ContextKind::SuggestedArg),
        ),
        ErrorKind::InvalidSubcommand => (
            Message::new("cli_unknown_command")
                .arg("command", context(err, ContextKind::InvalidSubcommand)?),
            suggestion(err, ContextKind::SuggestedSubcommand).or_else(|| Some(commands())),
        ),
        ErrorKind::InvalidValue if value.as_deref().is_none_or(str::is_empty) => {
            (Message::new("cli_value_required").arg("arg", arg?), None)
        }
        ErrorKind::InvalidValue => (
            Message::new("cli_invalid_value")
                .arg("value", value?)
                .arg("arg", arg?),
            context(err, ContextKind::ValidValue)
                .map(|values| Message::new("cli_possible_values").arg("values", values)),
        ),
        ErrorKind::ValueValidation => {
            let reason = std::error::Error::source(err)
                .map_or_else(String::new, |source| source.to_string());
            let message = Message::new("cli_invalid_value_because")
                .arg("value", value?)
                .arg("arg", arg?)
                .arg("reason", reason);
            (message, None)
        }
        ErrorKind::MissingRequiredArgument => (Message::new("cli_missing").arg("args", arg?), None),
        ErrorKind::ArgumentConflict => (conflict(err, arg?), None),
        _ => return None,
    })
}

/// Two arguments that cannot go together, or one given twice.
fn conflict(err: &clap::Error, arg: String) -> Message {
    match context(err, ContextKind::PriorArg) {
        Some(prior) if prior != arg => Message::new("cli_conflict")
            .arg("arg", arg)
            .arg("other", prior),
        _ => Message::new("cli_repeated").arg("arg", arg),
    }
}

/// "Did you mean" the suggestion of kind `kind`, if clap has one.
fn suggestion(err: &clap::Error, kind: ContextKind) -> Option<Message> {
    context(err, kind).map(|choice| Message::new("did_you_mean").arg("choice", choice))
}

/// The hint listing the commands there are.
fn commands() -> Message {
    let names: Vec<String> = Cli::command()
        .get_subcommands()
        .map(|command| command.get_name().to_string())
        .collect();
    Message::new("cli_commands").arg("commands", names.join(", "))
}

/// The text of one context of a clap error (values joined with `, `).
fn context(err: &clap::Error, kind: ContextKind) -> Option<String> {
    match err.get(kind) {
        Some(ContextValue::String(text)) => Some(text.clone()),
        Some(ContextValue::Strings(texts)) => Some(texts.join(", ")),
        Some(ContextValue::StyledStr(text)) => Some(text.to_string()),
        Some(ContextValue::StyledStrs(texts)) => Some(
            texts
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", "),
        ),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kyyeu::error::Language;

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
        let commands = std::iter::once(&root).chain(root.get_subcommands()).chain(
            root.get_subcommands()
                .flat_map(clap::Command::get_subcommands),
        );
        for command in commands {
            let about = command.get_about().map(ToString::to_string);
            let key = help_of(command.get_name());
            assert_eq!(
                key.map(|help| english.render(&help)),
                about,
                "{}",
                command.get_name()
            );
            for arg in command.get_arguments() {
                let id = arg.get_id().as_str();
                let help = arg.get_help().map(ToString::to_string);
                assert_eq!(help_of(id).map(|help| english.render(&help)), help, "{id}");
            }
        }
    }
}
