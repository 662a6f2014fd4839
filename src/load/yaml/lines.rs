//! Where things are in the YAML's lines: keys, values, indentation, the
//! entry holding a line (what is blanked after an error), and the line
//! read quoted.

/// The line `line` with its value quoted, when it is a `key: value` line
/// standing alone (nothing indented under it) whose value is not quoted.
pub(super) fn repair(lines: &[String], line: usize) -> Option<String> {
    let text = &lines[line - 1];
    let cr = if text.ends_with('\r') { "\r" } else { "" };
    let text = text.trim_end_matches('\r');
    let (key, value) = (key_of(text)?, value_of(text)?);
    if value.starts_with(['"', '\'']) || text.contains('\t') || block_end(lines, line) != line {
        return None;
    }
    Some(format!("{}{cr}", quoted_line(text, key, value)))
}

/// The key of the block holding `line`: the nearest line above, less
/// indented, that is a `key:`.
pub(super) fn parent_key(lines: &[String], line: usize) -> Option<&str> {
    let level = indent(&lines[line - 1]);
    lines[..line - 1]
        .iter()
        .rev()
        .filter(|l| !is_blank(l))
        .find(|l| indent(l) < level)
        .and_then(|l| key_of(l))
}

/// The nearest line above `line`, in its top-level entry, that opens a
/// `[`, `{` or `"` it does not close (1-based), and that character.
pub(super) fn unclosed_above(lines: &[String], line: usize) -> Option<(usize, char)> {
    if line < 2 {
        return None;
    }
    let (start, _) = top_level_entry(lines, line - 1);
    let mut open: Vec<(usize, char)> = Vec::new();
    for n in start..line {
        let l = &lines[n - 1];
        let value = value_of(l).unwrap_or(l.trim());
        if value.starts_with(['"', '\'']) {
            continue;
        }
        for c in value.chars() {
            match c {
                '[' | '{' => open.push((n, c)),
                ']' | '}' => {
                    open.pop();
                }
                _ => {}
            }
        }
    }
    if let Some(&first) = open.first() {
        return Some(first);
    }
    let prev = (start..line).rev().find(|&n| !is_blank(&lines[n - 1]))?;
    let value = value_of(&lines[prev - 1])?;
    let quotes = value.chars().filter(|&c| c == '"').count();
    (value.starts_with('"') && quotes % 2 == 1).then_some((prev, '"'))
}

/// `key` of a `key: value` (or `- key: value`) line.
pub(super) fn key_of(line: &str) -> Option<&str> {
    let t = line.trim_start_matches([' ', '\t']);
    let t = t.strip_prefix("- ").unwrap_or(t).trim_start();
    if t.starts_with('#') {
        return None;
    }
    let end = t.find(':')?;
    let after = &t[end + 1..];
    let key = &t[..end];
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-');
    (plain && (after.is_empty() || after.starts_with([' ', '\t', '\r']))).then_some(key)
}

/// The raw text after `key: ` on a `key: value` line.
pub(super) fn value_of(line: &str) -> Option<&str> {
    let key = key_of(line)?;
    let at = line.find(key)? + key.len() + 1;
    let v = line[at..].trim();
    (!v.is_empty()).then_some(v)
}

pub(super) fn unquote(v: &str) -> &str {
    v.trim_matches(|c| c == '"' || c == '\'')
}

/// The line with its value quoted: double quotes, or single quotes when
/// the value holds a double quote.
pub(super) fn quoted_line(line: &str, key: &str, value: &str) -> String {
    let prefix_end = line.find(key).map_or(0, |i| i + key.len() + 1);
    let q = if value.contains('"') {
        format!("'{}'", value.replace('\'', "''"))
    } else {
        format!("\"{value}\"")
    };
    format!("{} {q}", &line[..prefix_end])
}

pub(super) fn leading_spaces(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

pub(super) fn leading_tab(line: &str) -> bool {
    line.trim_start_matches(' ').starts_with('\t')
}

pub(super) fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches([' ', '\t']).len()
}

pub(super) fn is_blank(line: &str) -> bool {
    let t = line.trim();
    t.is_empty() || t.starts_with('#')
}

/// The line (1-based) where `key` first appears in the block of `line`.
pub(super) fn first_occurrence(lines: &[String], line: usize, key: &str) -> Option<usize> {
    let level = indent(&lines[line - 1]);
    for i in (0..line - 1).rev() {
        let l = &lines[i];
        if is_blank(l) {
            continue;
        }
        if indent(l) < level {
            return None;
        }
        if indent(l) == level && key_of(l) == Some(key) {
            return Some(i + 1);
        }
    }
    None
}

/// The lines (1-based, inclusive) of the entry starting at `line`: the
/// line and what is indented under it. A line that continues a value
/// (neither `key:` nor `- `) stands for the entry above it.
pub(super) fn entry(lines: &[String], line: usize) -> (usize, usize) {
    let mut start = line;
    while start > 1 {
        let l = &lines[start - 1];
        let t = l.trim_start();
        if key_of(l).is_some() || t.starts_with("- ") || t == "-" {
            break;
        }
        start -= 1;
    }
    (start, block_end(lines, start))
}

/// The top-level entry holding `line`.
pub(super) fn top_level_entry(lines: &[String], line: usize) -> (usize, usize) {
    let mut start = line;
    while start > 1
        && (indent(&lines[start - 1]) > 0
            || is_blank(&lines[start - 1])
            || is_item(&lines[start - 1]))
    {
        start -= 1;
    }
    (start, block_end(lines, start))
}

fn is_item(line: &str) -> bool {
    line.starts_with("- ") || line.trim_end() == "-"
}

/// The last line of the block opened by `start`: the lines indented deeper
/// (and, under a key, the list items at its own indentation).
fn block_end(lines: &[String], start: usize) -> usize {
    let head = &lines[start - 1];
    let level = indent(head);
    let is_key = key_of(head).is_some() && !head.trim_start().starts_with("- ");
    let mut end = start;
    for (i, l) in lines.iter().enumerate().skip(start) {
        if is_blank(l) {
            continue;
        }
        let deeper = indent(l) > level;
        let own_item = is_key && indent(l) == level && is_item(l.trim_start_matches([' ', '\t']));
        if deeper || own_item {
            end = i + 1;
        } else {
            break;
        }
    }
    end
}
