//! Narrative fields are Markdown; raw HTML in them is shown as text, never interpreted, and
//! links may only use safe schemes.

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, html};

pub fn to_html(text: &str) -> String {
    let events =
        Parser::new_ext(text, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH).map(|ev| {
            match ev {
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
            }
        });
    let mut out = String::new();
    html::push_html(&mut out, events);
    out
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
