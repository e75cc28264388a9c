//! Finishes the SVG plotters draws, in one pass over it: accessibility (role, title, desc) on
//! the root, and a smaller body. plotters repeats the font stack and `opacity="1"` on every
//! element and prints font sizes to 15 digits; the font moves to the root element, where SVG
//! inherits it. About a third of a chart's bytes, which matters at tens of thousands of charts,
//! and one pass rather than a `replace` per change, which mattered at as many (issue 16).

use std::fmt::Write;

use super::{BASELINE_STROKE, FONT_STACK};
use crate::render::theme::escape;

/// Adds role, title and desc to plotters' output and compacts its body.
pub(super) fn accessible(svg: &str, id: &str, title: &str, desc: &str) -> String {
    let open_end = svg.find('>').expect("plotters writes an <svg> element");
    let (open, body) = (&svg[..open_end], &svg[open_end + 1..]);
    let mut out = String::with_capacity(svg.len() + title.len() + desc.len() + 256);
    // plotters writes width/height; keep them as the intrinsic size and rely on the viewBox.
    let _ = write!(
        out,
        "{open} font-family=\"{FONT_STACK}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" class=\"chart\"><title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        escape(title),
        escape(desc),
    );
    compact_into(&mut out, body);
    out
}

/// Copies plotters' elements to `out` attribute by attribute: drops the root's font stack and
/// `opacity="1"`, rounds font sizes to a tenth (12.096774193548388 → 12.1) and dashes the
/// baseline's stroke (plotters' own dashes are one element per dash). plotters escapes `"` in
/// text, so every `"` opens or closes an attribute's value.
fn compact_into(out: &mut String, body: &str) {
    const DASHED: &str = " stroke-dasharray=\"6 4\"";
    let mut rest = body;
    // Searching for a char is memchr; for "=\"" it was a two-way search set up per attribute.
    while let Some(quote) = rest.find('"') {
        let Some(eq) = quote
            .checked_sub(1)
            .filter(|&eq| rest.as_bytes()[eq] == b'=')
        else {
            out.push_str(&rest[..=quote]);
            rest = &rest[quote + 1..];
            continue;
        };
        let name_start = rest[..eq].rfind(' ').map_or(0, |s| s + 1);
        let value_start = quote + 1;
        let Some(len) = rest[value_start..].find('"') else {
            break;
        };
        let value_end = value_start + len;
        let attr_end = value_end + 1;
        let (name, value) = (&rest[name_start..eq], &rest[value_start..value_end]);
        let spaced = name_start > 0;
        match (name, value) {
            ("font-family", FONT_STACK) | ("opacity", "1") if spaced => {
                out.push_str(&rest[..name_start - 1]);
            }
            ("font-size", v) => match v.parse::<f64>() {
                Ok(v) => {
                    out.push_str(&rest[..value_start]);
                    let _ = write!(out, "{}\"", (v * 10.0).round() / 10.0);
                }
                Err(_) => out.push_str(&rest[..attr_end]),
            },
            _ if rest[name_start..].starts_with(BASELINE_STROKE) => {
                let end = name_start + BASELINE_STROKE.len();
                out.push_str(&rest[..end]);
                out.push_str(DASHED);
                rest = &rest[end..];
                continue;
            }
            _ => out.push_str(&rest[..attr_end]),
        }
        rest = &rest[attr_end..];
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compacts_attributes_in_one_pass() {
        let body = format!(
            "\n<text x=\"1\" font-family=\"{FONT_STACK}\" font-size=\"14.516129032258064\" opacity=\"1\" fill=\"#1A1A1A\">\na&quot;b\n</text>\n<polyline fill=\"none\" opacity=\"1\" {BASELINE_STROKE} points=\"1,2 \"/>\n<rect opacity=\"0.5\" font-family=\"serif\"/>\n</svg>\n"
        );
        let mut out = String::new();
        compact_into(&mut out, &body);
        assert_eq!(
            out,
            format!(
                "\n<text x=\"1\" font-size=\"14.5\" fill=\"#1A1A1A\">\na&quot;b\n</text>\n<polyline fill=\"none\" {BASELINE_STROKE} stroke-dasharray=\"6 4\" points=\"1,2 \"/>\n<rect opacity=\"0.5\" font-family=\"serif\"/>\n</svg>\n"
            )
        );
    }
}
