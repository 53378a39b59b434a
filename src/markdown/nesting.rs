//! Lists and block quotes nested deeper than a reader needs give their
//! content to their parent: a hostile body of 50,000 nested lists becomes
//! HTML that browsers and the sanitizer (whose work grows with the square
//! of the depth) read at once, its text all kept.
//!
//! Uses: nothing.

use pulldown_cmark::{Event, Tag, TagEnd};

/// The deepest nesting of lists and block quotes kept in the HTML.
pub const MAX_NESTING: usize = 32;

/// `events` with every list and block quote deeper than [`MAX_NESTING`]
/// left out (its start and end; its content stays, in its parent). A list
/// item goes with its list.
pub fn flatten(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut depth = 0usize;
    // Whether each open list, item or quote is kept.
    let mut kept: Vec<bool> = Vec::new();
    let mut out = Vec::with_capacity(events.len());
    for event in events {
        let keep = match &event {
            Event::Start(Tag::List(_) | Tag::BlockQuote(_)) => {
                let keep = depth < MAX_NESTING;
                depth += usize::from(keep);
                kept.push(keep);
                keep
            }
            Event::Start(Tag::Item) => {
                let keep = kept.last().copied().unwrap_or(true);
                kept.push(keep);
                keep
            }
            Event::End(TagEnd::List(_) | TagEnd::BlockQuote(_)) => {
                let keep = kept.pop().unwrap_or(true);
                depth -= usize::from(keep && depth > 0);
                keep
            }
            Event::End(TagEnd::Item) => kept.pop().unwrap_or(true),
            _ => true,
        };
        if keep {
            out.push(event);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{html, Parser};

    fn render(body: &str) -> String {
        let mut out = String::new();
        html::push_html(&mut out, flatten(Parser::new(body).collect()).into_iter());
        out
    }

    #[test]
    fn shallow_lists_and_quotes_are_unchanged() {
        let body = "- a\n  - b\n    > c\n\n1. d\n";
        let mut plain = String::new();
        html::push_html(&mut plain, Parser::new(body));
        assert_eq!(render(body), plain);
    }

    #[test]
    fn deep_lists_and_quotes_stop_at_the_limit_and_keep_their_text() {
        for (body, open, close) in [
            (format!("{}x\n", "- ".repeat(5_000)), "<ul>", "</ul>"),
            (
                format!("{}x\n", "> ".repeat(5_000)),
                "<blockquote>",
                "</blockquote>",
            ),
        ] {
            let out = render(&body);
            assert_eq!(out.matches(open).count(), MAX_NESTING, "{open}");
            assert_eq!(out.matches(close).count(), MAX_NESTING, "{close}");
            assert!(out.contains('x'));
            assert_eq!(out.matches("<li>").count(), out.matches("</li>").count());
        }
    }
}
