//! The `panorama` command line.

use clap::{Parser, Subcommand};
use panorama::build::{self, BuildOptions};
use panorama::diagnostic::Diagnostic;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "panorama",
    version,
    about = "Static site generator for « Les panoramas régionaux de l'inclusion dans l'emploi »"
)]
struct Cli {
    /// Print nothing but errors.
    #[arg(long, short, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

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
        /// Also fetch every external link (needs curl; bounded in time; an
        /// unreachable host is reported, not failed).
        #[arg(long)]
        external: bool,
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

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
            theme,
        } => {
            let opts = BuildOptions {
                root,
                output,
                base_url,
                drafts,
                theme,
                skip_pdf: false,
            };
            match build::build(&opts) {
                Ok(s) => {
                    if !cli.quiet {
                        println!(
                            "panorama: built {} pages ({} files) into {} in {} ms",
                            s.pages,
                            s.files,
                            build::shown(&opts.output_dir()),
                            s.elapsed.as_millis()
                        );
                    }
                    ExitCode::SUCCESS
                }
                Err(diags) => {
                    report(&diags);
                    ExitCode::from(1)
                }
            }
        }
        Command::Check {
            root,
            drafts,
            external,
            theme,
        } => {
            let opts = BuildOptions {
                root,
                drafts,
                theme,
                ..Default::default()
            };
            match build::check(&opts) {
                Ok(s) => {
                    if !cli.quiet {
                        println!(
                            "panorama: checked {} pages ({} files), no error, in {} ms",
                            s.pages,
                            s.files,
                            s.elapsed.as_millis()
                        );
                    }
                    if external {
                        return check_external(&s.external, cli.quiet);
                    }
                    if !cli.quiet && !s.external.is_empty() {
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
                Err(diags) => {
                    report(&diags);
                    ExitCode::from(1)
                }
            }
        }
        Command::Serve {
            root,
            interface,
            port,
            open,
            base_url,
            drafts,
            theme,
        } => {
            let opts = panorama::serve::ServeOptions {
                build: BuildOptions {
                    root,
                    output: None,
                    base_url,
                    drafts,
                    theme,
                    // The printed volumes are built by `panorama build`.
                    skip_pdf: true,
                },
                interface,
                port,
                open,
                quiet: cli.quiet,
            };
            match panorama::serve::serve(&opts) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("panorama: {e}");
                    ExitCode::from(1)
                }
            }
        }
    }
}
