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
    if let Some(rest) = dest.strip_prefix("@/") {
        let (file, anchor) = match rest.split_once('#') {
            Some((f, a)) => (f, Some(a)),
            None => (rest, None),
        };
        let Some(target) = cx.site.links.get(file) else {
            if !cx.site.broken_paths.contains(file) {
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
        return url;
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
    if dest.starts_with('/') && !dest.starts_with("//") {
        // Site-absolute paths written by hand follow the base URL.
        return cx.site.base.url(dest.trim_start_matches('/'));
    }
    dest.to_string()
}
