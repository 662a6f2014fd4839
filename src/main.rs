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
    },
    /// Validate content and theme without writing anything.
    Check {
        /// The site's folder (the one holding content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
    },
}

fn color() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stderr().is_terminal()
}

fn report(diags: &[Diagnostic]) {
    let color = color();
    let mut text = String::new();
    for d in diags {
        text.push_str(&d.render(color));
        text.push('\n');
    }
    let n = diags.len();
    text.push_str(&format!(
        "panorama: {n} error{} found; nothing was written, the previous output is unchanged\n",
        if n == 1 { "" } else { "s" }
    ));
    eprint!("{text}");
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
        } => {
            let opts = BuildOptions {
                root,
                output,
                base_url,
                drafts,
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
        Command::Check { root, drafts } => {
            let opts = BuildOptions {
                root,
                drafts,
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
                    ExitCode::SUCCESS
                }
                Err(diags) => {
                    report(&diags);
                    ExitCode::from(1)
                }
            }
        }
    }
}
