//! Fenced code blocks highlighted with syntect, as CSS classes (`hl-…`):
//! no inline styles, so the theme's stylesheet decides the colours.

use crate::html::escape;
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

/// Loading syntect's syntax definitions costs milliseconds: it is done on
/// the first highlighted block only, so sites without code never pay.
#[derive(Default)]
pub(crate) struct Highlighter {
    syntaxes: std::sync::OnceLock<SyntaxSet>,
}

impl std::fmt::Debug for Highlighter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Highlighter")
    }
}

fn plain(code: &str, lang_attr: &str) -> String {
    format!(
        "<pre class=\"code\"><code{lang_attr}>{}</code></pre>\n",
        escape(code)
    )
}

impl Highlighter {
    /// `<pre><code>` for `code`; plain (escaped) when the language is
    /// unknown or empty.
    pub(crate) fn highlight(&self, code: &str, lang: &str) -> String {
        if lang.is_empty() {
            return plain(code, "");
        }
        let lang_attr = format!(" class=\"language-{}\"", escape(lang));
        let syntaxes = self.syntaxes.get_or_init(SyntaxSet::load_defaults_newlines);
        let Some(syntax) = syntaxes.find_syntax_by_token(lang) else {
            return plain(code, &lang_attr);
        };
        let mut generator = ClassedHTMLGenerator::new_with_class_style(
            syntax,
            syntaxes,
            ClassStyle::SpacedPrefixed { prefix: "hl-" },
        );
        for line in LinesWithEndings::from(code) {
            if generator
                .parse_html_for_line_which_includes_newline(line)
                .is_err()
            {
                return plain(code, &lang_attr);
            }
        }
        format!(
            "<pre class=\"code\"><code{lang_attr}>{}</code></pre>\n",
            generator.finalize()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_not_styles() {
        let h = Highlighter::default();
        let html = h.highlight("fn main() { let x = \"<b>\"; }\n", "rust");
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(!html.contains("style="), "{html}");
        assert!(html.contains("&lt;b&gt;"), "{html}");
    }

    #[test]
    fn unknown_language_is_escaped_plain() {
        let h = Highlighter::default();
        let html = h.highlight("<script>", "klingon");
        assert!(html.contains("&lt;script&gt;"));
        assert!(html.contains("language-klingon"));
    }
}
