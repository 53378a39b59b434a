//! The command line as clap structs, and their turning into what the
//! library takes (`Options`, `ServeOptions`, `NewArticle`).
//!
//! May use: the library. Nothing else of `cli` (the other modules use it).
//!
//! Uses: nothing.

use clap::{Parser, Subcommand};
use kyyeu::commands::new::NewArticle;
use kyyeu::commands::serve::ServeOptions;
use kyyeu::error::{Failure, Language, Message};
use kyyeu::{Options, Progress};
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "kyyeu",
    version,
    about = "Builds the bilingual proceedings site of yearly conferences"
)]
pub struct Cli {
    /// The language of messages: vi or en (default: from LANG when it names one, else the site's default language)
    #[arg(long, global = true, value_name = "LANG", value_parser = ["vi", "en"])]
    pub ui_lang: Option<String>,
    #[command(subcommand)]
    pub command: Command,
}

// The about of each command is the doc comment of its variant, not of its
// arguments' struct (the structs have `//` comments for that reason).
#[derive(Subcommand)]
pub enum Command {
    /// Build the site into the output folder (public/ by default)
    Build(BuildArgs),
    /// Create a new article bundle, or the translation of an article
    New(NewArgs),
    /// Preview the site on 127.0.0.1, rebuilding and reloading on every change
    Serve(ServeArgs),
    /// Validate the site and render every page in memory, writing nothing
    Check(CheckArgs),
    /// Create a new site that builds at once, in DIR (default: the current folder)
    Init(InitArgs),
    /// Work with the site's theme
    Theme(ThemeArgs),
}

// The arguments every command on a site takes.
#[derive(clap::Args)]
pub struct SiteArgs {
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

// `kyyeu build`.
#[derive(clap::Args)]
pub struct BuildArgs {
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
}

// `kyyeu new`.
#[derive(clap::Args)]
pub struct NewArgs {
    /// The article's title (its folder name is made from it)
    title: Option<String>,
    /// The year folder (default: this year)
    #[arg(long)]
    year: Option<i32>,
    /// The article's date, YYYY-MM-DD (default: today)
    #[arg(long)]
    date: Option<String>,
    /// The article's language (default: the site's default language)
    #[arg(long)]
    lang: Option<String>,
    /// A unit id from content/units.yaml (repeat for several)
    #[arg(long = "unit", value_name = "ID")]
    units: Vec<String>,
    /// Create the translation of this article (its folder or one of its files); needs --lang
    #[arg(long, value_name = "ARTICLE", conflicts_with_all = ["title", "year", "date", "units"])]
    translate: Option<PathBuf>,
    /// The site's root folder (holding site.yaml)
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

// `kyyeu serve`.
#[derive(clap::Args)]
pub struct ServeArgs {
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
    pub open: bool,
    /// Serve no reporter's desk (the browser editor at /_desk/)
    #[arg(long)]
    no_desk: bool,
}

// `kyyeu check`.
#[derive(clap::Args)]
pub struct CheckArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// Output format: text for people, json for tools
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

// `kyyeu init`.
#[derive(clap::Args)]
pub struct InitArgs {
    /// The folder of the new site (created if it does not exist)
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// The default language of the new site: vi or en (default: vi)
    #[arg(long = "lang", id = "site_lang", value_name = "LANG", value_parser = ["vi", "en"])]
    pub site_lang: Option<String>,
}

// `kyyeu theme`.
#[derive(clap::Args)]
pub struct ThemeArgs {
    #[command(subcommand)]
    pub command: ThemeCommand,
}

// What `kyyeu theme` does.
#[derive(Subcommand)]
pub enum ThemeCommand {
    /// Copy the built-in theme into themes/NAME/, to edit it
    Export(ExportArgs),
}

// `kyyeu theme export`.
#[derive(clap::Args)]
pub struct ExportArgs {
    /// The theme's folder name under themes/
    #[arg(default_value = kyyeu::commands::theme::DEFAULT_NAME)]
    pub name: String,
    /// The site's root folder (holding site.yaml)
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

/// How `kyyeu check` reports.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// What `kyyeu new` was asked for.
pub enum NewRequest {
    Article(NewArticle),
    /// The translation of this article (a folder or one of its files) into
    /// this language.
    Translation {
        article: PathBuf,
        lang: String,
    },
}

impl BuildArgs {
    /// The options of the build, reporting photos done to `progress`.
    pub fn options(self, progress: Option<Progress>) -> Options {
        Options {
            root: self.site.root,
            output: self.output,
            cache_dir: self.cache_dir,
            base_url: self.site.base_url,
            drafts: self.site.drafts,
            prune_cache: self.prune_cache,
            progress,
            typeset_epoch: std::env::var("SOURCE_DATE_EPOCH")
                .ok()
                .and_then(|seconds| seconds.trim().parse().ok()),
            book_export: std::env::var_os("KYYEU_BOOK_EXPORT").map(PathBuf::from),
        }
    }
}

impl NewArgs {
    /// The article or translation asked for; a usage error when `--translate`
    /// has no `--lang`, or when there is neither a title nor `--translate`.
    pub fn request(&self) -> Result<NewRequest, Failure> {
        match (&self.translate, &self.title) {
            (Some(article), _) => Ok(NewRequest::Translation {
                article: article.clone(),
                lang: self
                    .lang
                    .clone()
                    .ok_or_else(|| Failure::Usage(Message::new("translate_needs_lang")))?,
            }),
            (None, Some(title)) => Ok(NewRequest::Article(NewArticle {
                title: title.clone(),
                year: self.year,
                date: self.date.clone(),
                lang: self.lang.clone(),
                units: self.units.clone(),
            })),
            (None, None) => Err(Failure::Usage(Message::new("new_needs_title"))),
        }
    }
}

impl ServeArgs {
    /// Where to listen and the site to serve; the preview's error page
    /// is in `language`.
    pub fn options(self, language: Language) -> ServeOptions {
        let site = Options {
            root: self.site.root,
            base_url: self.site.base_url,
            drafts: self.site.drafts,
            ..Options::default()
        };
        ServeOptions {
            site,
            bind: self.host,
            port: self.port,
            language,
            desk: !self.no_desk,
        }
    }
}

impl CheckArgs {
    /// The options of the check (it writes nothing, so only the site's).
    pub fn options(self) -> Options {
        Options {
            base_url: self.site.base_url,
            drafts: self.site.drafts,
            ..Options::new(self.site.root)
        }
    }
}

/// Whether `KYYEU_TIMINGS` is set, asking for the time of each phase of a
/// build (the library records them in its report; see bench/README.md).
pub fn timings_requested() -> bool {
    std::env::var_os("KYYEU_TIMINGS").is_some()
}
