//! Narrative fields are Markdown; raw HTML in them is shown as text, never interpreted, and
//! links may only use safe schemes.

use std::borrow::Cow;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd, html};

const OPTIONS: Options = Options::ENABLE_TABLES.union(Options::ENABLE_STRIKETHROUGH);

pub fn to_html(text: &str) -> String {
    let text = tags_as_text(text);
    let events = Parser::new_ext(&text, OPTIONS).map(|ev| match ev {
        Event::Html(s) | Event::InlineHtml(s) => Event::Text(s),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        }),
        other => other,
    });
    let mut out = String::new();
    html::push_html(&mut out, events);
    out
}

/// Where the links and images of `text` point, as written, in order.
pub fn link_targets(text: &str) -> Vec<String> {
    let text = tags_as_text(text);
    Parser::new_ext(&text, OPTIONS)
        .filter_map(|ev| match ev {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                Some(dest_url.into_string())
            }
            _ => None,
        })
        .collect()
}

/// `text` with every `<` that would open an HTML block backslash-escaped. In CommonMark a line
/// that starts with a tag such as `<div>` opens an HTML block, which runs to the next blank
/// line with Markdown off; shown as text, that block would lose its emphasis and links and
/// show `&amp;` for `&`. Escaped (`\<div>`), the line is Markdown whose tags are text.
fn tags_as_text(text: &str) -> Cow<'_, str> {
    let mut text = Cow::Borrowed(text);
    // Each pass escapes other `<`s than the last (an escaped one opens nothing), so it ends;
    // usually after one, but a line inside a block may open a block once the first is gone.
    loop {
        let starts = html_block_lines(&text);
        if starts.is_empty() {
            return text;
        }
        let mut escaped = String::with_capacity(text.len() + starts.len());
        let mut done = 0;
        for at in starts {
            escaped.push_str(&text[done..at]);
            escaped.push('\\');
            done = at;
        }
        escaped.push_str(&text[done..]);
        text = Cow::Owned(escaped);
    }
}

/// Where, in `text`, the lines of HTML blocks start with a `<` that could open a block (at
/// most three spaces in; four make code).
fn html_block_lines(text: &str) -> Vec<usize> {
    if !text.contains('<') {
        return Vec::new();
    }
    let mut in_block = false;
    let mut starts = Vec::new();
    for (event, range) in Parser::new_ext(text, OPTIONS).into_offset_iter() {
        match event {
            Event::Start(Tag::HtmlBlock) => in_block = true,
            Event::End(TagEnd::HtmlBlock) => in_block = false,
            Event::Html(_) if in_block => {
                let line = &text[range.clone()];
                let indent = line.len() - line.trim_start_matches(' ').len();
                if indent <= 3 && line[indent..].starts_with('<') {
                    starts.push(range.start + indent);
                }
            }
            _ => {}
        }
    }
    starts
}

/// Keeps http(s), mailto, tel and relative URLs; anything else (javascript:, data:) becomes `#`.
fn safe_url(url: CowStr<'_>) -> CowStr<'_> {
    let lower = url.trim().to_ascii_lowercase();
    let scheme = lower
        .split_once(':')
        .map(|(s, _)| s)
        .filter(|s| !s.contains(['/', '?', '#']));
    match scheme {
        None | Some("http" | "https" | "mailto" | "tel") => url,
        Some(_) => CowStr::Borrowed("#"),
    }
}

#[cfg(test)]
mod tests {
    use super::to_html;

    #[test]
    fn raw_html_is_escaped() {
        let h = to_html("a <script>alert(1)</script> **b**");
        assert!(h.contains("&lt;script&gt;"), "{h}");
        assert!(h.contains("<strong>b</strong>"));
        let h = to_html("<div onclick=x>\nhi\n</div>");
        assert!(!h.contains("<div"), "{h}");
    }

    #[test]
    fn a_line_starting_with_a_tag_is_still_markdown() {
        // An HTML block: once Markdown off for the block and `&` shown as `&amp;`.
        let h = to_html("<div>注</div> **重要** A &amp; B");
        assert_eq!(
            h,
            "<p>&lt;div&gt;注&lt;/div&gt; <strong>重要</strong> A &amp; B</p>\n"
        );
        let h = to_html("本文\n<div onclick=x>\n*強調* [x](javascript:alert(1))\n</div>");
        assert!(h.contains("<em>強調</em>"), "{h}");
        assert!(h.contains("href=\"#\""), "{h}");
        assert!(!h.contains("<div"), "{h}");
        let h = to_html("<!-- note -->\n**x**");
        assert!(h.contains("&lt;!-- note --&gt;"), "{h}");
        assert!(h.contains("<strong>x</strong>"), "{h}");
        // In a quote and a list item; <pre> runs past blank lines.
        let h = to_html("> <p>\n> **b**");
        assert!(
            h.contains("<blockquote>") && h.contains("<strong>b</strong>"),
            "{h}"
        );
        assert!(h.contains("&lt;p&gt;"), "{h}");
        let h = to_html("- a\n\n  <table>\n  *y*");
        assert!(h.contains("<li>") && h.contains("<em>y</em>"), "{h}");
        let h = to_html("<pre>\n\n<script>alert(1)</script>\n\n</pre>");
        assert!(!h.contains("<pre") && !h.contains("<script"), "{h}");
        assert!(!h.contains('\\'), "no backslash shows: {h}");
    }

    #[test]
    fn code_keeps_its_tags_as_written() {
        let h = to_html("```\n<div>\n```\n\n`<b>`");
        assert!(h.contains("<code>&lt;div&gt;\n</code>"), "{h}");
        assert!(h.contains("<code>&lt;b&gt;</code>"), "{h}");
        assert!(!h.contains('\\'), "{h}");
    }

    #[test]
    fn only_safe_link_schemes_survive() {
        assert!(to_html("[x](javascript:alert(1))").contains("href=\"#\""));
        assert!(to_html("[x]( JavaScript:alert(1))").contains("href=\"#\""));
        assert!(to_html("![x](data:text/html,hi)").contains("src=\"#\""));
        assert!(
            to_html("[x](https://www.city.atsugi.kanagawa.jp/)")
                .contains("href=\"https://www.city.atsugi")
        );
        assert!(to_html("[x](../units/i-1-1-1.html)").contains("href=\"../units/i-1-1-1.html\""));
    }
}
