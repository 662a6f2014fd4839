//! The `panorama` command line.
#![warn(clippy::unwrap_used, clippy::expect_used)]

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use panorama::build::{self, BuildOptions};
use panorama::diagnostic::Diagnostic;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "panorama",
    version,
    about = "Static site generator for « Les panoramas régionaux de l'inclusion dans l'emploi »",
    after_help = AFTER_HELP
)]
struct Cli {
    /// Print nothing but errors.
    #[arg(long, short, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

const AFTER_HELP: &str = "\
Start a collection with `panorama init mon-site`; what each page may hold is
described in docs/content-model.md.

Exit codes:
  0  success
  1  the content or the theme has errors (every one is listed; nothing
     was published), `check --strict` found « à compléter », or `init`
     or `new` refused to write (they never replace a file)
  2  usage error (unknown command or option, missing value)

Environment:
  NO_COLOR           no colours in messages, whatever the terminal
  PANORAMA_TIMINGS   print the duration of each stage of a build on stderr";

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder.
    Build {
        /// The site's folder (the one holding content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site [default: <root>/output].
        #[arg(long)]
        output: Option<PathBuf>,
        /// Overrides base_url of content/site.yaml, e.g. https://example.gouv.fr/panoramas/
        #[arg(long)]
        base_url: Option<String>,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Build with this theme instead of `theme` of content/site.yaml
        /// (a built-in one, `panorama` or `dsfr`, or one of themes/).
        #[arg(long, value_name = "NAME")]
        theme: Option<String>,
    },
    /// Validate content and theme without writing anything.
    Check {
        /// The site's folder (the one holding content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Also fetch every external link (bounded in time; an
        /// unreachable host is reported, not failed).
        #[arg(long)]
        external: bool,
        /// Overrides base_url of content/site.yaml, as `build --base-url` does.
        #[arg(long)]
        base_url: Option<String>,
        /// Also refuse values still holding the placeholder « à compléter »
        /// (a warning otherwise).
        #[arg(long)]
        strict: bool,
        /// Build with this theme instead of `theme` of content/site.yaml
        /// (a built-in one, `panorama` or `dsfr`, or one of themes/).
        #[arg(long, value_name = "NAME")]
        theme: Option<String>,
    },
    /// Preview the site: build it in memory, serve it, rebuild and reload
    /// the open pages on every change.
    Serve {
        /// The site's folder (the one holding content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The address to listen on; other than loopback, the preview is
        /// reachable from other machines.
        #[arg(long, default_value = "127.0.0.1")]
        interface: std::net::IpAddr,
        /// The port [default: 1111, or the next free one].
        #[arg(long)]
        port: Option<u16>,
        /// Open the site in the browser.
        #[arg(long)]
        open: bool,
        /// Overrides base_url of content/site.yaml; the site is served under its path.
        #[arg(long)]
        base_url: Option<String>,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Build with this theme instead of `theme` of content/site.yaml
        /// (a built-in one, `panorama` or `dsfr`, or one of themes/).
        #[arg(long, value_name = "NAME")]
        theme: Option<String>,
    },
    /// Start a new collection in DIR (new or empty): settings, home page,
    /// one volume with a chapter and a case study, a glossary term.
    Init {
        /// The folder to create the collection in.
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Create the next file of a kind at its place in content/, with the
    /// required keys filled with « à compléter »; prints its path.
    New {
        #[arg(value_enum)]
        kind: NewKind,
        /// The page's title (also gives its file name).
        title: String,
        /// The volume folder, for a chapter or a case study (optional when
        /// the collection has one volume).
        #[arg(long, value_name = "FOLDER")]
        volume: Option<String>,
        /// The site's folder (the one holding content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Print the completion script of a shell, e.g.
    /// `panorama completions bash > ~/.local/share/bash-completion/completions/panorama`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum NewKind {
    Volume,
    Chapter,
    CaseStudy,
    Term,
    /// A free page, `content/pages/<slug>.md`, published at `/<slug>/`.
    Page,
}

fn color() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stderr().is_terminal()
}

fn report(diags: &[Diagnostic]) {
    eprint!(
        "{}",
        panorama::diagnostic::report(
            diags,
            color(),
            " found; nothing was written, the previous output is unchanged"
        )
    );
}

/// The errors of a failed build or check. When the run stopped before the
/// links between the generated pages were checked (they are checked only
/// once everything else is right), say so: fixing these errors may show
/// more.
fn report_run(diags: &[Diagnostic]) {
    use panorama::diagnostic::Code;
    report(diags);
    let links_checked = diags.iter().any(|d| {
        matches!(
            d.code,
            Some(
                Code::BrokenLink
                    | Code::DuplicateId
                    | Code::OutputRefused
                    | Code::CannotPublish
                    | Code::Interrupted
            )
        )
    });
    if !links_checked {
        eprintln!(
            "panorama: the links between the generated pages are checked once these are fixed"
        );
    }
}

/// Values still « à compléter », one line each, unless `--quiet`.
fn warn_placeholders(root: &std::path::Path, quiet: bool) {
    if quiet {
        return;
    }
    let placeholders = panorama::scaffold::placeholders(root);
    if !placeholders.is_empty() {
        eprint!("{}", panorama::scaffold::warnings(&placeholders, color()));
    }
}

/// Fetches external links, at most 8 s each and 2 minutes in all.
fn check_external(links: &[panorama::linkcheck::ExternalLink], quiet: bool) -> ExitCode {
    use panorama::linkcheck::{Fetched, fetch};
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    let (mut broken, mut unreachable, mut skipped) = (0, 0, 0);
    for l in links {
        if std::time::Instant::now() > deadline {
            skipped += 1;
            continue;
        }
        match fetch(&l.url, 8) {
            Fetched::Ok(code) => {
                if !quiet {
                    println!("  ok {code}  {}", l.url);
                }
            }
            Fetched::Broken(why) => {
                broken += 1;
                eprintln!("  BROKEN {why}  {}  (in {})", l.url, l.pages.join(", "));
            }
            Fetched::Unreachable(why) => {
                unreachable += 1;
                eprintln!("  unreachable ({why})  {}", l.url);
            }
        }
    }
    println!(
        "panorama: {} external links: {broken} broken, {unreachable} unreachable (not counted as errors), {skipped} not checked (time limit)",
        links.len()
    );
    if broken > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The progress line of long runs: on a terminal, unless `--quiet`.
fn show_progress(quiet: bool) -> bool {
    use std::io::IsTerminal as _;
    !quiet && std::io::stderr().is_terminal()
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let quiet = cli.quiet;
    match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
            theme,
        } => build_command(
            BuildOptions {
                root,
                output,
                base_url,
                drafts,
                theme,
                pdf_on_demand: false,
                origin: None,
                progress: show_progress(quiet),
            },
            quiet,
        ),
        Command::Check {
            root,
            drafts,
            external,
            base_url,
            strict,
            theme,
        } => check_command(
            BuildOptions {
                root,
                drafts,
                theme,
                base_url,
                ..Default::default()
            },
            external,
            strict,
            quiet,
        ),
        Command::Serve {
            root,
            interface,
            port,
            open,
            base_url,
            drafts,
            theme,
        } => serve_command(&panorama::serve::ServeOptions {
            build: preview_build(root, base_url, drafts, theme, quiet),
            interface,
            port,
            open,
            quiet,
        }),
        Command::Init { dir } => init_command(&dir, quiet),
        Command::New {
            kind,
            title,
            volume,
            root,
        } => new_command(&root, kind, volume.as_deref(), &title, quiet),
        Command::Completions { shell } => {
            clap_complete::generate(
                shell,
                &mut Cli::command(),
                "panorama",
                &mut std::io::stdout(),
            );
            ExitCode::SUCCESS
        }
    }
}

/// The build options of `panorama serve`.
fn preview_build(
    root: PathBuf,
    base_url: Option<String>,
    drafts: bool,
    theme: Option<String>,
    quiet: bool,
) -> BuildOptions {
    BuildOptions {
        root,
        output: None,
        base_url,
        drafts,
        theme,
        // The printed volumes are built when requested.
        pdf_on_demand: true,
        // Set by `serve` once it listens: its own address.
        origin: None,
        progress: show_progress(quiet),
    }
}

/// `panorama build`: the site written, its warnings and a summary line.
fn build_command(opts: BuildOptions, quiet: bool) -> ExitCode {
    if let Err(e) = build::clean_up_on_interrupt() {
        eprintln!("panorama: warning: {e}");
    }
    match build::build(&opts) {
        Ok(s) => {
            warn_placeholders(&opts.root, quiet);
            if !quiet {
                for w in &s.warnings {
                    eprintln!("panorama: warning: {w}");
                }
            }
            if !quiet {
                println!(
                    "panorama: built {} pages ({} files) into {} in {} ms",
                    s.pages,
                    s.files,
                    opts.output_dir().display(),
                    s.elapsed.as_millis()
                );
            }
            ExitCode::SUCCESS
        }
        Err(diags) => {
            report_run(&diags);
            ExitCode::from(1)
        }
    }
}

/// `panorama check`: the whole pipeline without writing; placeholders are
/// errors with `--strict`, external links fetched with `--external`.
fn check_command(opts: BuildOptions, external: bool, strict: bool, quiet: bool) -> ExitCode {
    let placeholders = if strict {
        panorama::scaffold::placeholders(&opts.root)
    } else {
        Vec::new()
    };
    match build::check(&opts) {
        Ok(_) if strict && !placeholders.is_empty() => {
            report(&placeholders);
            ExitCode::from(1)
        }
        Ok(s) => {
            warn_placeholders(&opts.root, quiet);
            if !quiet {
                println!(
                    "panorama: checked {} pages ({} files), no error, in {} ms",
                    s.pages,
                    s.files,
                    s.elapsed.as_millis()
                );
            }
            if external {
                return check_external(&s.external, quiet);
            }
            if !quiet && !s.external.is_empty() {
                println!(
                    "panorama: {} external links, not fetched (use `panorama check --external` to fetch them):",
                    s.external.len()
                );
                for l in &s.external {
                    println!("  {}  (in {})", l.url, l.pages.join(", "));
                }
            }
            ExitCode::SUCCESS
        }
        Err(mut diags) => {
            diags.extend(placeholders);
            report_run(&diags);
            ExitCode::from(1)
        }
    }
}

/// `panorama serve`, until Ctrl-C.
fn serve_command(opts: &panorama::serve::ServeOptions) -> ExitCode {
    match panorama::serve::serve(opts) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("panorama: {e}");
            ExitCode::from(1)
        }
    }
}

/// `panorama init DIR`: the starter collection, its files listed.
fn init_command(dir: &std::path::Path, quiet: bool) -> ExitCode {
    match panorama::scaffold::init(dir) {
        Ok(files) => {
            if !quiet {
                for f in &files {
                    println!("  {}", f.display());
                }
                let serve = if dir == std::path::Path::new(".") {
                    "panorama serve".to_string()
                } else {
                    format!("panorama serve --root {}", dir.display())
                };
                println!(
                    "panorama: new collection in {}: {} files. Next: `{serve}` to preview it, and replace each « à compléter » (`panorama check --strict` lists them)",
                    dir.display(),
                    files.len(),
                );
            }
            ExitCode::SUCCESS
        }
        Err(d) => {
            eprint!("{}", d.render(color()));
            ExitCode::from(1)
        }
    }
}

/// `panorama new KIND TITLE`: the new file's path printed.
fn new_command(
    root: &std::path::Path,
    kind: NewKind,
    volume: Option<&str>,
    title: &str,
    quiet: bool,
) -> ExitCode {
    use panorama::scaffold::Kind;
    let kind = match kind {
        NewKind::Volume => Kind::Volume,
        NewKind::Chapter => Kind::Chapter,
        NewKind::CaseStudy => Kind::CaseStudy,
        NewKind::Term => Kind::Term,
        NewKind::Page => Kind::Page,
    };
    match panorama::scaffold::new(root, kind, volume, title) {
        Ok(path) => {
            println!("{}", path.display());
            if matches!(kind, Kind::Volume) {
                return new_volume_linked(&path, title, quiet);
            }
            ExitCode::SUCCESS
        }
        Err(d) => {
            eprint!("{}", d.render(color()));
            ExitCode::from(1)
        }
    }
}

/// After `new volume`: its panorama's entry of site.yaml names it (one
/// line inserted), and the editor is told the one edit that publishes it.
fn new_volume_linked(index: &std::path::Path, title: &str, quiet: bool) -> ExitCode {
    use panorama::scaffold::{Linked, link_volume};
    let (Some(dir), Some(content)) = (index.parent(), index.parent().and_then(|d| d.parent()))
    else {
        return ExitCode::SUCCESS;
    };
    let folder = dir
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    match link_volume(content, title, &folder) {
        Ok(linked) => {
            if !quiet {
                if let Linked::Inserted { site_yaml, line } = &linked {
                    eprintln!(
                        "panorama: {}:{line}: `volume: {folder}` added to the panorama « {} »",
                        site_yaml.display(),
                        title.trim()
                    );
                } else {
                    eprintln!(
                        "panorama: no panorama of content/site.yaml has this title: once published, the volume is listed on the home page after them (to place it among them, add `volume: {folder}` to an entry)"
                    );
                }
                eprintln!(
                    "panorama: the volume is a draft (`status: draft` in {}): `panorama serve --drafts` shows it; to publish it, write `status: published` there — nothing else",
                    index.display()
                );
            }
            ExitCode::SUCCESS
        }
        Err(d) => {
            eprint!("{}", d.render(color()));
            ExitCode::from(1)
        }
    }
}
