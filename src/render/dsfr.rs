//! The assets of the `dsfr` theme: the Système de Design de l'État (DSFR),
//! taken at build time from the official `@gouvfr/dsfr` npm package
//! installed beside the site. The package is never copied into the
//! repository: its use is reserved to the State's websites and subject to
//! its own terms (see the README, « Thème DSFR »).
//!
//! Only what the pages load is published, under `/static/dsfr/`: the
//! stylesheet, the two scripts, every file the stylesheet refers to (fonts,
//! icons), the favicons and the package's licence.

use crate::diagnostic::{Diagnostic, display_path};
use crate::output::OutputFile;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

pub(crate) const PACKAGE: &str = "@gouvfr/dsfr";
/// The version `themes/dsfr/package-lock.json` pins.
pub(crate) const VERSION: &str = "1.15.3";
/// The templates follow the markup of this minor version; any patch release
/// of it is accepted.
const COMPATIBLE: &str = "1.15.";
/// Where the package is looked for, relative to the site's root, in order.
const LOCATIONS: [&str; 2] = [
    "themes/dsfr/node_modules/@gouvfr/dsfr",
    "node_modules/@gouvfr/dsfr",
];
/// Published under `static/dsfr/`, beside the files the stylesheet names.
/// The two fonts are named by the stylesheet too, and preloaded by the
/// templates: an incomplete package is said here, once.
const FILES: [&str; 8] = [
    "dsfr.min.css",
    "dsfr.module.min.js",
    "dsfr.nomodule.min.js",
    "favicon/favicon.svg",
    "favicon/favicon.ico",
    "favicon/apple-touch-icon.png",
    "fonts/Marianne-Regular.woff2",
    "fonts/Marianne-Bold.woff2",
];
const STYLESHEET: &str = "dsfr.min.css";
/// The terms of use the package's install asks to accept.
const TERMS_URL: &str = "https://github.com/GouvernementFR/dsfr/blob/main/doc/legal/cgu.md";

/// The DSFR's files for `static/dsfr/`, or what to do to get them.
pub(crate) fn assets(root: &Path) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let (dir, shown) = package(root)?;
    let dist = dir.join("dist");
    let css = std::fs::read_to_string(dist.join(STYLESHEET)).map_err(|e| {
        vec![
            Diagnostic::new(
                shown.join("dist").join(STYLESHEET),
                format!("cannot read the DSFR stylesheet: {e}"),
            )
            .hint(install_hint(root)),
        ]
    })?;
    let mut wanted: BTreeSet<String> = FILES.iter().map(|f| f.to_string()).collect();
    wanted.extend(stylesheet_files(&css));
    let mut files = Vec::new();
    let mut diags = Vec::new();
    let inside = std::fs::canonicalize(&dir).unwrap_or_else(|_| dir.clone());
    for rel in &wanted {
        match read_inside(&inside, &dist.join(rel)) {
            Ok(bytes) => files.push(OutputFile {
                path: format!("static/dsfr/{rel}"),
                bytes: if rel.ends_with(".js") {
                    without_source_map(bytes)
                } else {
                    bytes
                },
            }),
            Err(e) => diags.push(
                Diagnostic::new(
                    shown.join("dist").join(rel),
                    format!("the DSFR package is incomplete: cannot read dist/{rel}: {e}"),
                )
                .hint(install_hint(root)),
            ),
        }
    }
    // The licence travels with the copied files, as its terms ask.
    match read_inside(&inside, &dir.join("LICENSE.md")) {
        Ok(bytes) => files.push(OutputFile {
            path: "static/dsfr/LICENSE.md".into(),
            bytes,
        }),
        Err(e) => diags.push(
            Diagnostic::new(
                shown.join("LICENSE.md"),
                format!("the DSFR package is incomplete: cannot read LICENSE.md: {e}"),
            )
            .hint(install_hint(root)),
        ),
    }
    if diags.is_empty() {
        Ok(files)
    } else {
        Err(diags)
    }
}

/// The bytes of `path`, a file of the package whose real folder is
/// `inside`: a symbolic link leading out of the package is refused, so that
/// nothing from elsewhere on the machine is published (the safety walk of
/// the sources leaves `node_modules` to this check).
fn read_inside(inside: &Path, path: &Path) -> std::io::Result<Vec<u8>> {
    let real = std::fs::canonicalize(path)?;
    if !real.starts_with(inside) {
        return Err(std::io::Error::other(
            "it is a symbolic link to a file outside the package; reinstall the package",
        ));
    }
    std::fs::read(real)
}

/// The folder of the installed DSFR package, and its path as shown in
/// messages; an error when it is missing or of another version.
fn package(root: &Path) -> Result<(PathBuf, PathBuf), Vec<Diagnostic>> {
    let Some(dir) = LOCATIONS
        .iter()
        .map(|l| root.join(l))
        .find(|d| d.join("package.json").is_file())
    else {
        return Err(vec![
            Diagnostic::new(
                "content/site.yaml",
                format!(
                    "the theme `dsfr` needs the DSFR package {PACKAGE} {VERSION}, which is not installed (looked for {})",
                    LOCATIONS.join(" and ")
                ),
            )
            .hint(install_hint(root)),
        ]);
    };
    let shown = display_path(root, &dir);
    let version = read_version(&dir.join("package.json")).map_err(|why| {
        vec![Diagnostic::new(shown.join("package.json"), why).hint(install_hint(root))]
    })?;
    if !version.starts_with(COMPATIBLE) {
        return Err(vec![
            Diagnostic::new(
                shown.join("package.json"),
                format!(
                    "{PACKAGE} {version} is installed, but the templates of the theme `dsfr` are written for {COMPATIBLE}x ({VERSION} is the tested one)"
                ),
            )
            .hint(install_hint(root)),
        ]);
    }
    Ok((dir, shown))
}

fn read_version(package_json: &Path) -> Result<String, String> {
    let text = std::fs::read_to_string(package_json)
        .map_err(|e| format!("cannot read the DSFR package's package.json: {e}"))?;
    let value: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| format!("the DSFR package's package.json is not valid JSON: {e}"))?;
    value
        .get("version")
        .and_then(|v| v.as_str())
        .map(str::to_string)
        .ok_or_else(|| "the DSFR package's package.json has no `version`".to_string())
}

/// Exactly what to run, from the site's folder, and what it means.
fn install_hint(root: &Path) -> String {
    // `npm ci` installs exactly what the theme's lock file pins.
    let command = if root.join("themes/dsfr/package-lock.json").is_file() {
        "DSFR_ACCEPT_LICENSE=1 npm ci --prefix themes/dsfr".to_string()
    } else {
        format!("DSFR_ACCEPT_LICENSE=1 npm install --save-exact {PACKAGE}@{VERSION}")
    };
    let place = if root == Path::new(".") || root.as_os_str().is_empty() {
        "the site's folder".to_string()
    } else {
        root.display().to_string()
    };
    format!(
        "run, in {place}: `{command}`. DSFR_ACCEPT_LICENSE=1 accepts the DSFR's terms of use ({TERMS_URL}): read them first. \
         The DSFR's code is under the Etalab 2.0 licence, but its use is reserved to the State's websites (.gouv.fr) and the Marianne font has terms of its own. \
         Or build with the default theme: `theme: panorama` in content/site.yaml"
    )
}

/// The local files `url(…)` of a stylesheet names, relative to its folder:
/// no data URI, no other host, nothing outside the folder.
/// A script without its `//# sourceMappingURL=` comment: the maps are not
/// published, and a browser's developer tools would ask for them (404).
fn without_source_map(bytes: Vec<u8>) -> Vec<u8> {
    const MARK: &[u8] = b"//# sourceMappingURL=";
    let Some(at) = bytes.windows(MARK.len()).rposition(|w| w == MARK) else {
        return bytes;
    };
    let end = bytes[at..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |n| at + n + 1);
    let mut out = bytes[..at].to_vec();
    out.extend_from_slice(&bytes[end..]);
    out
}

fn stylesheet_files(css: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = css;
    while let Some(i) = rest.find("url(") {
        rest = &rest[i + 4..];
        let Some(end) = rest.find(')') else { break };
        let raw = rest[..end].trim().trim_matches(|c| c == '"' || c == '\'');
        rest = &rest[end..];
        let path = raw.split(['?', '#']).next().unwrap_or("");
        let safe = !path.is_empty()
            && !path.contains(':')
            && !path.starts_with('/')
            && PathBuf::from(path)
                .components()
                .all(|c| matches!(c, std::path::Component::Normal(_)));
        if safe {
            out.insert(path.to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_map_comments_are_removed() {
        assert_eq!(
            without_source_map(b"a();\n//# sourceMappingURL=dsfr.module.min.js.map\n".to_vec()),
            b"a();\n"
        );
        assert_eq!(
            without_source_map(b"a();//# sourceMappingURL=x.map".to_vec()),
            b"a();"
        );
        assert_eq!(without_source_map(b"b();\n".to_vec()), b"b();\n");
    }

    #[test]
    fn stylesheet_files_are_local_and_inside() {
        let css = r#"a{background:url(icons/a.svg)}@font-face{src:url("fonts/M.woff2?v=1") format("woff2"),url('fonts/M.woff#x')}
            b{background:url("data:image/svg+xml;charset=utf8,<svg/>")}c{background:url(https://cdn.example/x.png)}
            d{background:url(../secret.txt)}e{background:url(/abs.png)}f{background:url(icons/a.svg)}"#;
        let files: Vec<String> = stylesheet_files(css).into_iter().collect();
        assert_eq!(files, ["fonts/M.woff", "fonts/M.woff2", "icons/a.svg"]);
    }

    #[test]
    fn the_hint_names_the_command() {
        let tmp = tempfile::tempdir().unwrap();
        assert!(install_hint(tmp.path()).contains("npm install --save-exact @gouvfr/dsfr@1.15.3"));
        std::fs::create_dir_all(tmp.path().join("themes/dsfr")).unwrap();
        std::fs::write(tmp.path().join("themes/dsfr/package-lock.json"), "{}").unwrap();
        assert!(
            install_hint(tmp.path())
                .contains("`DSFR_ACCEPT_LICENSE=1 npm ci --prefix themes/dsfr`")
        );
    }
}
