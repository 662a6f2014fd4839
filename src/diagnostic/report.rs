//! How diagnostics are shown on a terminal: rustc-like blocks, the
//! count at the end, and control characters of content escaped.

use super::Diagnostic;
use std::borrow::Cow;
use std::fmt::Write as _;
use std::path::PathBuf;

impl Diagnostic {
    /// `path:line:column`, as editors and terminals understand it.
    pub(crate) fn location(&self) -> String {
        let mut s = self.path.display().to_string();
        if let Some(line) = self.line {
            let _ = write!(s, ":{line}");
            if let Some(col) = self.column {
                let _ = write!(s, ":{col}");
            }
        }
        s
    }

    /// The rustc-like block printed on the terminal.
    pub fn render(&self, color: bool) -> String {
        let (red, blue, bold, reset) = if color {
            ("\x1b[1;31m", "\x1b[1;34m", "\x1b[1m", "\x1b[0m")
        } else {
            ("", "", "", "")
        };
        let mut out = String::new();
        let code = self
            .code
            .map(|c| format!("[{}]", c.as_str()))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "{red}error{code}{reset}{bold}: {}{reset}",
            self.message
        );
        let _ = writeln!(out, "  {blue}-->{reset} {}", self.location());
        if let (Some(line), Some(snippet)) = (self.line, &self.snippet) {
            let width = line.to_string().len();
            let pad = " ".repeat(width);
            let _ = writeln!(out, "{blue}{pad} |{reset}");
            let _ = writeln!(out, "{blue}{line} |{reset} {snippet}");
            if let Some(col) = self.column {
                let caret_at: usize = snippet
                    .chars()
                    .take(col.saturating_sub(1))
                    .map(|c| if c == '\t' { 4 } else { 1 })
                    .sum();
                let _ = writeln!(
                    out,
                    "{blue}{pad} |{reset} {}{red}^{reset}",
                    " ".repeat(caret_at)
                );
            }
        }
        if let Some(hint) = &self.hint {
            let _ = writeln!(out, "  {blue}={reset} {bold}help{reset}: {hint}");
        }
        out
    }
}

/// Every diagnostic of a run, then the count followed by `then` (e.g.
/// `" found; nothing was written"`), as printed on the terminal.
pub fn report(diags: &[Diagnostic], color: bool, then: &str) -> String {
    let mut text = String::new();
    for d in diags {
        text.push_str(&for_terminal(d).render(color));
        text.push('\n');
    }
    let n = diags.len();
    text.push_str(&format!(
        "panorama: {n} error{}{then}\n",
        if n == 1 { "" } else { "s" }
    ));
    text
}

/// C0 controls but tab, DEL and C1 controls.
pub(crate) fn is_control(c: char) -> bool {
    (c < ' ' && c != '\t' && c != '\n') || ('\u{7f}'..='\u{9f}').contains(&c)
}

/// Text for a terminal: control characters (but newline and tab) shown
/// as `\u{1b}`, so content cannot move the cursor, retitle the window or
/// hide a line.
pub(crate) fn terminal(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_control(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A diagnostic with every text field escaped for a terminal.
fn for_terminal(d: &Diagnostic) -> Diagnostic {
    let mut d = d.clone();
    d.path = PathBuf::from(terminal(&d.path.to_string_lossy()).into_owned());
    d.message = terminal(&d.message).into_owned();
    d.hint = d.hint.map(|h| terminal(&h).into_owned());
    d.snippet = d.snippet.map(|s| terminal(&s).into_owned());
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Code;

    #[test]
    fn renders_location_snippet_and_hint() {
        let d = Diagnostic::new("content/a.md", "unknown field `titel`")
            .at(2, Some(1))
            .hint("did you mean `title`?")
            .with_source("---\ntitel: x\n---\n");
        let text = d.render(false);
        assert!(text.contains("--> content/a.md:2:1"), "{text}");
        assert!(text.contains("2 | titel: x"), "{text}");
        assert!(text.contains("help: did you mean `title`?"), "{text}");
    }

    #[test]
    fn renders_the_code_like_rustc() {
        let d = Diagnostic::new("content/a.md", "unknown PTCE `x`").code(Code::UnknownPtce);
        assert!(
            d.render(false)
                .starts_with("error[E017]: unknown PTCE `x`\n")
        );
        let d = Diagnostic::new("content/a.md", "no code");
        assert!(d.render(false).starts_with("error: no code\n"));
    }
}
