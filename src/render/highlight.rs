//! Fenced code blocks highlighted with syntect, as CSS classes (`hl-…`):
//! no inline styles, so the theme's stylesheet decides the colours.

use crate::render::markdown::escape;
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

pub struct Highlighter {
    syntaxes: SyntaxSet,
}

impl Default for Highlighter {
    fn default() -> Self {
        Highlighter {
            syntaxes: SyntaxSet::load_defaults_newlines(),
        }
    }
}

impl std::fmt::Debug for Highlighter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Highlighter")
    }
}

impl Highlighter {
    /// `<pre><code>` for `code`; plain (escaped) when the language is
    /// unknown or empty.
    pub fn highlight(&self, code: &str, lang: &str) -> String {
        let lang_attr = if lang.is_empty() {
            String::new()
        } else {
            format!(" class=\"language-{}\"", escape(lang))
        };
        let syntax = if lang.is_empty() {
            None
        } else {
            self.syntaxes.find_syntax_by_token(lang)
        };
        let Some(syntax) = syntax else {
            return format!(
                "<pre class=\"code\"><code{lang_attr}>{}</code></pre>\n",
                escape(code)
            );
        };
        let mut generator = ClassedHTMLGenerator::new_with_class_style(
            syntax,
            &self.syntaxes,
            ClassStyle::SpacedPrefixed { prefix: "hl-" },
        );
        for line in LinesWithEndings::from(code) {
            if generator
                .parse_html_for_line_which_includes_newline(line)
                .is_err()
            {
                return format!(
                    "<pre class=\"code\"><code{lang_attr}>{}</code></pre>\n",
                    escape(code)
                );
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
