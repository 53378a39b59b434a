//! The `kyyeu` command: parses arguments with clap, runs the library, prints
//! the report or the errors, and sets the exit status (0, 1 content errors,
//! 2 usage errors).

use clap::{Parser, Subcommand};
use kyyeu::error::Failure;
use kyyeu::{Options, Report};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "kyyeu",
    version,
    about = "Builds the bilingual proceedings site of yearly conferences"
)]
struct Cli {
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
    },
    /// Validate the site and render every page in memory, writing nothing
    Check {
        #[command(flatten)]
        site: SiteArgs,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build {
            site,
            output,
            cache_dir,
        } => {
            let options = Options {
                root: site.root,
                output,
                cache_dir,
                base_url: site.base_url,
                drafts: site.drafts,
            };
            kyyeu::build(&options).map(|r| summary(&r, "built"))
        }
        Command::Check { site } => {
            let options = Options {
                base_url: site.base_url,
                drafts: site.drafts,
                ..Options::new(site.root)
            };
            kyyeu::check(&options).map(|r| summary(&r, "checked"))
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("{failure}");
            ExitCode::from(exit_code(&failure))
        }
    }
}

fn exit_code(failure: &Failure) -> u8 {
    failure.exit_code()
}

fn summary(report: &Report, verb: &str) {
    for warning in &report.warnings {
        eprintln!("warning: {warning}");
    }
    let photos = if report.photos_processed + report.photos_cached > 0 {
        format!(
            ", {} photos ({} from cache)",
            report.photos_processed + report.photos_cached,
            report.photos_cached
        )
    } else {
        String::new()
    };
    println!(
        "{verb} {} articles, {} pages{photos} in {} ms",
        report.articles,
        report.pages,
        report.elapsed.as_millis()
    );
}
