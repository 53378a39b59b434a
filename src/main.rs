//! The `kyyeu` command: parses arguments with clap, runs the library, prints
//! the report or the errors, and sets the exit status (0, 1 content errors,
//! 2 usage errors).

use clap::{Parser, Subcommand};
use kyyeu::error::Failure;
use kyyeu::{Options, Progress, Report};
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
            prune_cache,
        } => {
            let bar = progress_bar();
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
            result.map(|r| summary(&r, "built"))
        }
        Command::New {
            title,
            year,
            lang,
            units,
            translate,
            root,
        } => new(
            &root,
            title,
            translate,
            kyyeu::new::NewArticle {
                title: String::new(),
                year,
                lang,
                units,
            },
        ),
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

/// `kyyeu new`: an article, or with `--translate` the translation of one.
fn new(
    root: &std::path::Path,
    title: Option<String>,
    translate: Option<PathBuf>,
    mut request: kyyeu::new::NewArticle,
) -> Result<(), Failure> {
    let created = match (translate, title) {
        (Some(article), _) => {
            let lang = request.lang.ok_or_else(|| {
                Failure::Usage(
                    "--translate needs --lang, the language of the translation (e.g. --lang en)"
                        .into(),
                )
            })?;
            kyyeu::new::new_translation(root, &article, &lang)?
        }
        (None, Some(title)) => {
            request.title = title;
            kyyeu::new::new_article(root, &request)?
        }
        (None, None) => return Err(Failure::Usage(
            "give the article's title: kyyeu new \"<title>\" (or --translate <article> --lang en)"
                .into(),
        )),
    };
    println!("created {}", kyyeu::error::display_path(&created));
    Ok(())
}

fn exit_code(failure: &Failure) -> u8 {
    failure.exit_code()
}

/// A progress bar for photos, on a terminal only.
fn progress_bar() -> Option<indicatif::ProgressBar> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(0);
    let style =
        indicatif::ProgressStyle::with_template("photos {bar:30} {pos}/{len} {elapsed}").ok()?;
    bar.set_style(style);
    Some(bar)
}

fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1_048_576.0)
}

fn summary(report: &Report, verb: &str) {
    for warning in &report.warnings {
        eprintln!("warning: {warning}");
    }
    let photos = if report.photos_processed + report.photos_cached > 0 {
        format!(
            ", {} photos ({} processed, {} from cache; {} of originals published as {})",
            report.photos_processed + report.photos_cached,
            report.photos_processed,
            report.photos_cached,
            megabytes(report.photos_source_bytes),
            megabytes(report.photos_published_bytes),
        )
    } else {
        String::new()
    };
    if report.cache_pruned > 0 {
        println!("removed {} unused photo cache entries", report.cache_pruned);
    }
    println!(
        "{verb} {} articles, {} pages{photos} in {} ms",
        report.articles,
        report.pages,
        report.elapsed.as_millis()
    );
}
