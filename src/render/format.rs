//! How figures are printed: thousands separators, fixed decimals, units.

use rust_decimal::Decimal;

use crate::model::{Indicator, UnitPosition};

/// `1600` → `1,600`; `29.3` with 1 decimal → `29.3`; `70` with 1 decimal → `70.0`.
pub fn number(d: Decimal, decimals: u32) -> String {
    let mut d = d.round_dp_with_strategy(
        decimals,
        rust_decimal::RoundingStrategy::MidpointAwayFromZero,
    );
    d.rescale(decimals);
    let text = d.abs().to_string();
    let (int, frac) = text
        .split_once('.')
        .map_or((text.as_str(), None), |(i, f)| (i, Some(f)));
    let mut out = String::new();
    if d.is_sign_negative() && !d.is_zero() {
        out.push('-');
    }
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

/// A figure of `ind` as the report prints it: `1,600件`, `70.0%`, `$14.5`. It shows at least
/// the indicator's decimals, and as many as it was written with (a target of 7.25 stays 7.25
/// when the actuals show one decimal).
pub fn figure(ind: &Indicator, d: Decimal) -> String {
    let n = number(d, ind.decimals.max(d.scale()));
    match ind.unit_position {
        // A unit in words (`Rate per 1,000 population`, `ha`) stands apart from the number;
        // a symbol or a Japanese unit (`%`, `件`, `千円`) follows it directly.
        UnitPosition::Suffix if ind.unit.starts_with(|c: char| c.is_ascii_alphabetic()) => {
            format!("{n}\u{a0}{}", ind.unit)
        }
        UnitPosition::Suffix => format!("{n}{}", ind.unit),
        UnitPosition::Prefix => format!("{}{n}", ind.unit),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_like_the_report() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(number(d("1600"), 0), "1,600");
        assert_eq!(number(d("269307"), 0), "269,307");
        assert_eq!(number(d("100"), 0), "100");
        assert_eq!(number(d("70"), 1), "70.0");
        assert_eq!(number(d("209.4"), 1), "209.4");
        assert_eq!(number(d("-1234.5"), 1), "-1,234.5");
        assert_eq!(number(d("0"), 1), "0.0");
        assert_eq!(number(d("-2000"), 0), "-2,000");
    }
}
