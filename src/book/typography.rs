//! Typographic quotes for the printed book: the straight `"` and `'` that
//! reporters type become “ ” and ‘ ’ (Vietnamese and English alike), an
//! apostrophe inside a word becomes ’. Code keeps what was typed.
//!
//! Uses: blocks (of a body).

use crate::markdown::blocks::Node;

/// Turns straight quotes into curly ones, piece after piece of one run of
/// text (a paragraph's spans): what comes before a quote says whether it
/// opens or closes.
#[derive(Debug, Clone)]
pub struct Quotes {
    /// The last character seen (a space at the start of a run).
    before: char,
}

impl Default for Quotes {
    fn default() -> Self {
        Quotes { before: ' ' }
    }
}

impl Quotes {
    /// `text` with curly quotes.
    pub fn curl(&mut self, text: &str) -> String {
        if !text.contains(['"', '\'']) {
            if let Some(last) = text.chars().last() {
                self.before = last;
            }
            return text.to_string();
        }
        let mut out = String::with_capacity(text.len() + 8);
        for c in text.chars() {
            let opens = opens_after(self.before);
            out.push(match c {
                '"' if opens => '“',
                '"' => '”',
                '\'' if self.before.is_alphanumeric() => '’',
                '\'' if opens => '‘',
                '\'' => '’',
                other => other,
            });
            self.before = c;
        }
        out
    }

    /// Code in a run: kept as typed, read as a letter.
    fn skip(&mut self) {
        self.before = 'x';
    }
}

/// `text` alone (a title, a caption) with curly quotes.
pub fn curly(text: &str) -> String {
    Quotes::default().curl(text)
}

/// Whether a quote after `c` opens: at the start, after a space, an
/// opening bracket, a dash or another opening quote.
fn opens_after(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '(' | '[' | '{' | '“' | '‘' | '-' | '–' | '—' | '/' | '\u{0}'
        )
}

/// Every text of a body's blocks with curly quotes, each block a run of
/// its own.
pub fn curl_nodes(nodes: &mut [Node]) {
    for node in nodes {
        match node {
            Node::P { c } | Node::H { c, .. } => curl_spans(c, &mut Quotes::default()),
            Node::Quote { c } => curl_nodes(c),
            Node::List { items, .. } => items.iter_mut().for_each(|item| curl_nodes(item)),
            Node::Table { head, rows } => {
                let cells = head.iter_mut().chain(rows.iter_mut().flatten());
                cells.for_each(|cell| curl_spans(cell, &mut Quotes::default()));
            }
            Node::Img { alt, .. } => *alt = curly(alt),
            // A list item's spans (a tight list has no paragraphs).
            Node::Text { .. }
            | Node::Strong { .. }
            | Node::Emph { .. }
            | Node::Strike { .. }
            | Node::Link { .. }
            | Node::Note { .. } => curl_spans(std::slice::from_mut(node), &mut Quotes::default()),
            Node::Pre { .. } | Node::Code { .. } | Node::Rule | Node::Br => {}
        }
    }
}

/// The spans of one run, in order.
fn curl_spans(spans: &mut [Node], quotes: &mut Quotes) {
    for span in spans {
        match span {
            Node::Text { v } => *v = quotes.curl(v),
            Node::Strong { c } | Node::Emph { c } | Node::Strike { c } | Node::Link { c, .. } => {
                curl_spans(c, quotes)
            }
            Node::Note { c } => curl_nodes(c),
            Node::Code { .. } => quotes.skip(),
            Node::Img { alt, .. } => *alt = curly(alt),
            Node::Br => quotes.before = ' ',
            // Blocks inside a list item.
            other => curl_nodes(std::slice::from_mut(other)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_open_and_close_by_what_comes_before() {
        assert_eq!(
            curly(r#"Phong trào "Đoàn kết – Kỷ cương" và 'VCA'."#),
            "Phong trào “Đoàn kết – Kỷ cương” và ‘VCA’."
        );
        assert_eq!(
            curly(r#""the 'best' of VCA's units", he said ("in 2021")"#),
            "“the ‘best’ of VCA’s units”, he said (“in 2021”)"
        );
    }

    #[test]
    fn a_run_goes_on_across_spans_and_code_stays_as_typed() -> Result<(), String> {
        let text = |v: &str| Node::Text { v: v.into() };
        let mut nodes = vec![Node::P {
            c: vec![
                text("Say \""),
                Node::Strong {
                    c: vec![text("yes")],
                },
                text("\" to "),
                Node::Code { v: "\"x\"".into() },
                text("'s"),
            ],
        }];
        curl_nodes(&mut nodes);
        let Node::P { c } = &nodes[0] else {
            return Err(format!("{nodes:?}"));
        };
        assert_eq!(c[0], text("Say “"));
        assert_eq!(c[2], text("” to "));
        assert_eq!(c[3], Node::Code { v: "\"x\"".into() });
        assert_eq!(c[4], text("’s"));
        Ok(())
    }
}
