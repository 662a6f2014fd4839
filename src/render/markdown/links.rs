//! Link destinations in a body: `@/page.md#anchor` to the page's URL,
//! `#anchor` checked against the page itself, site-absolute paths under the
//! base URL.

use super::BodyContext;
use crate::diagnostic::{Code, Diagnostic};
use pulldown_cmark::LinkType;
use std::collections::BTreeSet;

/// Rewrites a link destination: `@/path.md#anchor` to the page's URL,
/// `#anchor` checked against the page itself. Problems become diagnostics.
pub(super) fn resolve_link(
    dest: &str,
    link_type: LinkType,
    offset: usize,
    own_path: Option<&str>,
    own_anchors: &BTreeSet<String>,
    cx: &BodyContext,
    diags: &mut Vec<Diagnostic>,
) -> String {
    if matches!(link_type, LinkType::Email) {
        return format!("mailto:{dest}");
    }
    if let Err(scheme) = crate::safety::allowed_url(dest) {
        diags.push(cx.diag(
            Code::ForbiddenScheme,
            offset,
            crate::safety::forbidden_scheme(&scheme),
            crate::safety::FORBIDDEN_SCHEME_HINT,
        ));
        return String::new();
    }
    if let Some(rest) = dest.strip_prefix("@/") {
        return content_link(dest, rest, offset, cx, diags);
    }
    if let Some(a) = dest.strip_prefix('#') {
        if own_path.is_some() && !a.is_empty() && !own_anchors.contains(a) {
            diags.push(cx.diag(
                Code::UnknownAnchor,
                offset,
                format!("link to `#{a}`: this page has no such anchor"),
                "anchors come from the page's headings (`## Titre` → `#titre`)",
            ));
        }
        return dest.to_string();
    }
    let is_external =
        dest.contains("://") || dest.starts_with("mailto:") || dest.starts_with("tel:");
    if !is_external && (dest.ends_with(".md") || dest.contains(".md#")) {
        diags.push(cx.diag(
            Code::MarkdownLink,
            offset,
            format!("link to `{dest}`: links to other pages use their path from content/"),
            &format!(
                "write `@/<dossier>/<fichier>.md`, e.g. `@/{}`",
                dest.trim_start_matches("./").trim_start_matches('/')
            ),
        ));
    }
    if super::images::names_content_file(dest, cx)
        && crate::media::Kind::of(dest.split(['?', '#']).next().unwrap_or(dest)).is_some()
    {
        return media_link(dest, offset, cx, diags);
    }
    if dest.starts_with('/') && !dest.starts_with("//") {
        // Site-absolute paths written by hand follow the base URL.
        return cx.site.base.url(dest.trim_start_matches('/'));
    }
    dest.to_string()
}

/// An `@/path.md#anchor` link (`rest` is what follows `@/`): the page's
/// URL, the page and anchor checked.
fn content_link(
    dest: &str,
    rest: &str,
    offset: usize,
    cx: &BodyContext,
    diags: &mut Vec<Diagnostic>,
) -> String {
    let (file, anchor) = match rest.split_once('#') {
        Some((f, a)) => (f, Some(a)),
        None => (rest, None),
    };
    let Some(target) = cx.site.links.get(file) else {
        if cx.site.drafts.contains(file) {
            diags.push(cx.diag(
                Code::LinkToDraft,
                offset,
                format!("link to `{dest}`: that page is a draft, left out of the build"),
                "publish it (remove `draft: true`, or `status: published` in its volume's index.md) or remove the link until it is; `--drafts` builds both",
            ));
        } else if !cx.site.broken_paths.contains(file) {
            let hint = match cx.site.suggest_page(file) {
                Some(k) => format!("did you mean `@/{k}`?"),
                None => "the path starts from content/, e.g. `@/glossaire/ess.md`".to_string(),
            };
            diags.push(cx.diag(
                Code::UnknownPage,
                offset,
                format!("link to `{dest}`: no such page in content/"),
                &hint,
            ));
        }
        return dest.to_string();
    };
    let mut url = cx.site.base.url(&target.path);
    if let Some(a) = anchor {
        if !target.anchors.contains(a) {
            let hint = match crate::diagnostic::closest(
                a,
                target.anchors.iter().map(String::as_str),
            ) {
                Some(k) => {
                    format!("did you mean `#{k}`? Anchors come from the headings of {file}")
                }
                None => format!(
                    "anchors come from the headings of {file}; write `## Titre {{#{a}}}` there to create it"
                ),
            };
            diags.push(cx.diag(
                Code::UnknownAnchor,
                offset,
                format!("link to `{dest}`: {file} has no anchor `#{a}`"),
                &hint,
            ));
        }
        url.push('#');
        url.push_str(a);
    }
    url
}

/// A link to an image or document of content/, by its path from the
/// page's folder: the URL where it is published.
fn media_link(dest: &str, offset: usize, cx: &BodyContext, diags: &mut Vec<Diagnostic>) -> String {
    use crate::media::Lookup;
    match cx.site.media.lookup(cx.source_rel(), dest) {
        Lookup::Found(_, Ok(published)) => match published.main_file() {
            Some((path, _)) => cx.site.base.url(path),
            None => dest.to_string(),
        },
        Lookup::Found(rel, Err(e)) => {
            diags.push(cx.diag(
                Code::BadMedia,
                offset,
                format!("link to `{dest}` (content/{rel}): {}", e.message),
                &e.hint,
            ));
            dest.to_string()
        }
        Lookup::Missing(near) => {
            let hint = match near {
                Some(n) => format!("did you mean `{n}`? The path starts from the folder of this page"),
                None => "put the file beside the page (or in content/medias/) and write its path from the page's folder".into(),
            };
            diags.push(cx.diag(
                Code::MissingMedia,
                offset,
                format!("link to `{dest}`: no such file beside this page or in content/medias/"),
                &hint,
            ));
            dest.to_string()
        }
        Lookup::Unsupported(rel) => {
            let (message, hint) = crate::media::unsupported(dest, &rel);
            diags.push(cx.diag(Code::BadMedia, offset, format!("link to {message}"), hint));
            dest.to_string()
        }
        Lookup::Outside => {
            diags.push(cx.diag(
                Code::MissingMedia,
                offset,
                format!("link to `{dest}`: the path leads out of content/"),
                "copy the file into content/, beside the page",
            ));
            dest.to_string()
        }
    }
}
