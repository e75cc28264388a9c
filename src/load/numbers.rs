//! Years and numbers as people write them: era codes, full-width digits, thousands separators,
//! Japanese negative marks.
//!
//! Only full-width forms of ASCII are folded (`Ｒ５`, `１，６００`): NFKC would also turn `10²`
//! into 102, `①` into 1 and `⑩` into 10, silently. Numbers are read from the text as written,
//! exactly; a figure that cannot be held exactly, or whose rate could not be computed, is
//! rejected rather than rounded.

use rust_decimal::Decimal;

use super::source::Source;
use super::text_check::visible;
use super::{PLAN_FILE, files};
use crate::diagnostic::Diagnostic;
use crate::model::*;
use crate::tr;

/// Digits before the decimal point a figure may have: 999兆 fits.
pub const MAX_INTEGER_DIGITS: i64 = 15;
/// Digits after the decimal point a figure may have: statistics published as computed
/// (0.00704541004502579) keep every digit.
pub const MAX_FRACTION_DIGITS: i64 = 20;
/// Significant digits in all: what `Decimal` holds exactly. A rate that would not fit is
/// left uncomputed and the year unjudged, never shown as a wrong number.
pub const MAX_SIGNIFICANT_DIGITS: usize = 28;

/// Full-width forms of ASCII (`Ｒ５`, `１，６００`) as ASCII, the ideographic space as a space;
/// everything else as it is.
pub(super) fn fold_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
}

/// Parses a year code (full-width letters and digits allowed), reporting `field` on failure.
pub(super) fn year(
    src: &Source,
    field: &str,
    text: &str,
    form: YearForm,
    diags: &mut Vec<Diagnostic>,
) -> Option<Year> {
    let y = Year::parse_in(&fold_width(text), form);
    if y.is_none() {
        let help = match form {
            YearForm::Era => tr!(
                "write the era letter and number, e.g. R5 for 令和5年度 (H for 平成, S for 昭和); for Western years set `year_form: fiscal` or `calendar` in the plan",
                "元号の頭文字と数字で書いてください（例: 令和5年度は R5、平成は H、昭和は S）。西暦で書くなら計画に `year_form: fiscal` か `calendar` を設定します"
            ),
            YearForm::Fiscal | YearForm::Calendar => tr!(
                "write the Western year in four digits, e.g. 2023 (the plan's `year_form` is fiscal or calendar)",
                "西暦を 4 桁で書いてください（例: 2023。計画の `year_form` は fiscal か calendar です）"
            ),
        };
        let shown = visible(text);
        let message = match form {
            YearForm::Calendar => tr!("`{shown}` is not a year", "`{shown}` は年ではありません"),
            YearForm::Era | YearForm::Fiscal => {
                tr!(
                    "`{shown}` is not a fiscal year",
                    "`{shown}` は年度ではありません"
                )
            }
        };
        diags.push(src.error(field, message).help(help));
    }
    y
}

/// A plan fiscal year, or a diagnostic naming the allowed ones.
pub(super) fn plan_year(
    src: &Source,
    field: &str,
    text: &str,
    plan: &Plan,
    diags: &mut Vec<Diagnostic>,
) -> Option<Year> {
    let y = year(src, field, text, plan.year_form, diags)?;
    if plan.year_status(y).is_none() {
        diags.push(
            src.error(
                field,
                tr!(
                    "{y} is not a fiscal year of the plan",
                    "{y} は計画の年度にありません"
                ),
            )
            .help(tr!(
                "use one of {} (fiscal_years in {PLAN_FILE})",
                "{} のいずれかにしてください（{PLAN_FILE} の fiscal_years）",
                list(plan.fiscal_years.iter().map(|f| f.year))
            )),
        );
        return None;
    }
    Some(y)
}

/// Whether `year` is met for the first time in `seen` (which records it); reports `field` if
/// not: `R5`, `r5` and `Ｒ５` are one year, and two entries for it would be two sections.
pub(super) fn first_time(
    src: &Source,
    field: &str,
    year: Year,
    seen: &mut std::collections::HashSet<Year>,
    diags: &mut Vec<Diagnostic>,
) -> bool {
    let first = seen.insert(year);
    if !first {
        diags.push(
            src.error(
                field,
                tr!("{year} is given twice", "{year} が 2 回書かれています"),
            )
            .help(tr!(
                "keep one entry per year",
                "1 つの年度につき 1 件だけにしてください"
            )),
        );
    }
    first
}

pub(super) fn list<T: std::fmt::Display>(items: impl Iterator<Item = T>) -> String {
    items.map(|i| i.to_string()).collect::<Vec<_>>().join(", ")
}

/// Parses a number as documented: digits (ASCII or full-width) with an optional decimal point,
/// thousands separators (`1,600`), exponent (`1.5e3`) and sign (`-`, `－`, `−`, and the
/// Japanese print forms `▲2,000` and `△2,000` for negative numbers); spaces are ignored.
/// `None` if it is not a number or cannot be held exactly (see [`MAX_INTEGER_DIGITS`]).
pub fn parse_number(text: &str) -> Option<Decimal> {
    parse_number_checked(text).ok()
}

/// Why a text is not a figure.
#[derive(Debug, PartialEq)]
enum NumberError {
    /// Not a number; the character that is not a digit, when one is to blame.
    Invalid(Option<char>),
    /// More than [`MAX_INTEGER_DIGITS`] digits before the decimal point.
    TooLarge,
    /// More than [`MAX_FRACTION_DIGITS`] digits after the decimal point.
    TooPrecise,
}

fn parse_number_checked(text: &str) -> Result<Decimal, NumberError> {
    let folded: String = fold_width(text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    // ▲ and △ mark negative numbers in Japanese public documents (▲ most often, △ in many
    // budgets and settlements); − is the Unicode minus sign.
    let (negative, unsigned) = match folded.chars().next() {
        Some(c @ ('-' | '−' | '▲' | '△' | '+')) => (c != '+', &folded[c.len_utf8()..]),
        _ => (false, folded.as_str()),
    };
    if let Some(bad) = unsigned
        .chars()
        .find(|c| !(c.is_ascii_digit() || matches!(c, ',' | '.' | 'e' | 'E' | '+' | '-')))
    {
        return Err(NumberError::Invalid(Some(bad)));
    }
    let (mantissa, exponent) = match unsigned.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e)),
        None => (unsigned, None),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    // Commas only as thousands separators: "1,600" is 1600, but "52,3" (a decimal comma) is
    // rejected rather than silently read as 523.
    let grouped = match int.split_once(',') {
        None => true,
        Some((lead, rest)) => {
            (1..=3).contains(&lead.len()) && rest.split(',').all(|g| g.len() == 3)
        }
    };
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let int: String = int.chars().filter(|&c| c != ',').collect();
    if !grouped || int.is_empty() || !digits(&int) || !digits(frac) || mantissa.ends_with('.') {
        return Err(NumberError::Invalid(None));
    }
    let exponent: i64 = match exponent {
        None => 0,
        Some(e) => {
            let (sign, e) = match e.strip_prefix('-') {
                Some(rest) => (-1, rest),
                None => (1, e.strip_prefix('+').unwrap_or(e)),
            };
            if e.is_empty() || !digits(e) {
                return Err(NumberError::Invalid(None));
            }
            // Beyond any limit either way; saturate rather than overflow.
            sign * e.parse::<i64>().unwrap_or(i64::MAX / 2).min(1_000_000)
        }
    };
    // The value is `significant` × 10^`scale`, with no leading or trailing zeros.
    let all = format!("{int}{frac}");
    let significant = all.trim_start_matches('0').trim_end_matches('0');
    if significant.is_empty() {
        return Ok(Decimal::ZERO);
    }
    let trailing_zeros = (all.trim_start_matches('0').len() - significant.len()) as i64;
    let scale = trailing_zeros - frac.len() as i64 + exponent;
    if significant.len() as i64 + scale > MAX_INTEGER_DIGITS {
        return Err(NumberError::TooLarge);
    }
    if -scale > MAX_FRACTION_DIGITS || significant.len() > MAX_SIGNIFICANT_DIGITS {
        return Err(NumberError::TooPrecise);
    }
    // At most 28 significant digits now: an i128 holds them.
    let mut units: i128 = significant.parse().map_err(|_| NumberError::TooLarge)?;
    if negative {
        units = -units;
    }
    let value = if scale >= 0 {
        Decimal::from_i128_with_scale(units * 10i128.pow(scale as u32), 0)
    } else {
        Decimal::from_i128_with_scale(units, (-scale) as u32)
    };
    Ok(value.normalize())
}

pub(super) fn number(
    src: &Source,
    field: &str,
    n: &files::Num,
    diags: &mut Vec<Diagnostic>,
) -> Option<Decimal> {
    let shown = visible(&n.0);
    let (message, help) = match parse_number_checked(&n.0) {
        Ok(v) => return Some(v),
        Err(NumberError::Invalid(Some(c))) if c.is_numeric() => (
            tr!(
                "`{shown}` is not a number: `{c}` is not one of the digits 0–9 (or ０–９)",
                "`{shown}` は数値ではありません。`{c}` は数字 0–9（または ０–９）ではありません"
            ),
            tr!(
                "write the figure with the digits 0–9 (full-width ０–９ are fine), e.g. 100 for 10²",
                "数値は数字 0–9 で書いてください（全角の ０–９ も使えます）。例: 10² は 100"
            ),
        ),
        Err(NumberError::Invalid(_)) => (
            tr!(
                "`{shown}` is not a number",
                "`{shown}` は数値ではありません"
            ),
            tr!(
                "write digits only, e.g. 1600 or 29.3; the unit belongs in the indicator's `unit`, and a missing figure is written as `pending: <reason>`",
                "数字だけを書いてください（例: 1600、29.3）。単位は成果指標の `unit` に書き、まだ無い実績値は `pending: <理由>` と書きます"
            ),
        ),
        Err(NumberError::TooLarge) => (
            tr!(
                "`{shown}` is too large: figures have at most {MAX_INTEGER_DIGITS} digits before the decimal point",
                "`{shown}` は大きすぎます。整数部は {MAX_INTEGER_DIGITS} 桁までです"
            ),
            tr!(
                "check the figure; a larger unit (千円 for 円, 万人 for 人) keeps numbers short",
                "数値を確認してください。大きな単位（円なら千円、人なら万人）にすると桁が少なくなります"
            ),
        ),
        Err(NumberError::TooPrecise) => (
            tr!(
                "`{shown}` is too precise: figures have at most {MAX_FRACTION_DIGITS} digits after the decimal point",
                "`{shown}` は細かすぎます。小数部は {MAX_FRACTION_DIGITS} 桁までです"
            ),
            tr!(
                "round the figure (pages show at most 6 decimals), or use a smaller unit",
                "数値を丸めるか（ページには小数 6 桁まで表示します）、小さな単位にしてください"
            ),
        ),
    };
    diags.push(src.error(field, message).help(help));
    None
}

pub(super) fn non_empty(src: &Source, field: &str, s: &str, diags: &mut Vec<Diagnostic>) {
    if s.trim().is_empty() {
        diags.push(
            src.error(field, tr!("must not be empty", "空にはできません"))
                .help(tr!(
                    "write the text, or remove the line if the field is optional",
                    "文字を書いてください。省略できる項目なら行ごと削除してください"
                )),
        );
    }
}

/// A `slug:` that cannot name a page file (unit policies' and hierarchy nodes').
pub(super) fn unsafe_slug(src: &Source, field: &str, slug: &str) -> Diagnostic {
    src.error(
        field,
        tr!(
            "`{slug}` is not a safe file name",
            "`{slug}` はファイル名に使えません"
        ),
    )
    .help(tr!(
        "use lower-case letters a–z, digits, - and _",
        "英小文字 a–z、数字、- と _ を使ってください"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assess::rate::{progress, ratio};

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn reads_plain_grouped_and_full_width_numbers() {
        assert_eq!(parse_number("1600"), Some(d("1600")));
        assert_eq!(parse_number("1,600"), Some(d("1600")));
        assert_eq!(parse_number("29.3"), Some(d("29.3")));
        assert_eq!(parse_number("１，６００"), Some(d("1600")));
        assert_eq!(parse_number("２９．３"), Some(d("29.3")));
        assert_eq!(parse_number(" 1 600\u{3000}"), Some(d("1600")));
        assert_eq!(parse_number("61.0"), Some(d("61")));
    }

    #[test]
    fn reads_negative_numbers_with_a_minus_or_a_japanese_mark() {
        for text in [
            "-2000",
            "-2,000",
            "－２，０００",
            "−2000",
            "▲2,000",
            "▲ 2,000",
            "△2,000",
        ] {
            assert_eq!(parse_number(text), Some(d("-2000")), "{text}");
        }
        assert_eq!(parse_number("▲0.5"), Some(d("-0.5")));
        assert_eq!(parse_number("+5"), Some(d("5")));
        // One sign, in front.
        for text in ["--5", "▲-5", "5-", "2,000▲"] {
            assert_eq!(parse_number(text), None, "{text}");
        }
    }

    #[test]
    fn reads_exponents_exactly() {
        assert_eq!(parse_number("1e3"), Some(d("1000")));
        assert_eq!(parse_number("1.5E+3"), Some(d("1500")));
        assert_eq!(parse_number("2.5e-3"), Some(d("0.0025")));
        assert_eq!(parse_number("0e-400"), Some(Decimal::ZERO));
        // A float would make this 0.30000000000000004 or 0.1 + 0.2 ≠ 0.3; the text is exact.
        assert_eq!(parse_number("0.3"), Some(d("0.3")));
    }

    #[test]
    fn rejects_lookalikes_that_nfkc_would_turn_into_digits() {
        for (text, bad) in [
            ("10²", '²'),
            ("①", '①'),
            ("⑩", '⑩'),
            ("١٢", '١'),
            ("Ⅻ", 'Ⅻ'),
        ] {
            assert_eq!(
                parse_number_checked(text),
                Err(NumberError::Invalid(Some(bad))),
                "{text}"
            );
        }
    }

    #[test]
    fn rejects_what_is_not_a_number() {
        for text in [
            "", "-", "▲", "52,3", "1,60", "12,3456", ".5", "5.", "1.2.3", "1e", "1e+", "e3",
            "0x10", ".inf", ".nan", "1_000", "true", "#VALUE!", "1600件",
        ] {
            assert_eq!(parse_number(text), None, "{text:?}");
        }
    }

    #[test]
    fn rejects_figures_that_cannot_be_held_exactly() {
        assert_eq!(parse_number_checked("1e-400"), Err(NumberError::TooPrecise));
        assert_eq!(parse_number_checked("1e-29"), Err(NumberError::TooPrecise));
        assert_eq!(
            parse_number_checked("0.000000000000000000001"),
            Err(NumberError::TooPrecise)
        );
        assert_eq!(
            parse_number_checked("0.00704541004502579"),
            Ok("0.00704541004502579".parse().unwrap())
        );
        assert_eq!(parse_number_checked("1e28"), Err(NumberError::TooLarge));
        assert_eq!(
            parse_number_checked("1000000000000000"),
            Err(NumberError::TooLarge)
        );
        assert_eq!(
            parse_number_checked("123456789012345678901234567890"),
            Err(NumberError::TooLarge)
        );
        assert_eq!(
            parse_number_checked("1e999999999999"),
            Err(NumberError::TooLarge)
        );
        // Trailing zeros are not precision: 1.50000000000 is 1.5.
        assert_eq!(parse_number("1.50000000000"), Some(d("1.5")));
        assert_eq!(
            parse_number("999,999,999,999,999"),
            Some(d("999999999999999"))
        );
        assert_eq!(parse_number("0.0000000001"), Some(d("0.0000000001")));
    }

    #[test]
    fn rates_of_accepted_figures_are_exact_or_not_computed() {
        // Figures of up to 10 decimals, both ways round: every rate fits.
        let largest = parse_number("999999999999999.9999999999").unwrap();
        let small = parse_number("0.0000000001").unwrap();
        for direction in [Direction::HigherIsBetter, Direction::LowerIsBetter] {
            assert!(ratio(direction, small, largest, 6).is_some());
            assert!(ratio(direction, largest, small, 6).is_some());
            assert!(ratio(direction, -largest, small, 6).is_some());
            // progress: (actual − baseline) × 100 ÷ (target − baseline), at the extremes.
            assert!(progress(direction, -largest, largest, small, 6).is_some());
            assert!(progress(direction, largest, -largest, small, 6).is_some());
            assert!(progress(direction, small, largest, -largest, 6).is_some());
        }
        // With 20 decimals a rate can exceed what is held exactly: it is not computed (and
        // the year is left unjudged, src/assess), never wrapped into a wrong number.
        let tiny = parse_number("0.00000000000000000001").unwrap();
        assert_eq!(ratio(Direction::HigherIsBetter, tiny, largest, 1), None);
    }

    #[test]
    fn folds_only_full_width_ascii() {
        assert_eq!(fold_width("Ｒ５"), "R5");
        assert_eq!(fold_width("R⑤"), "R⑤");
        assert_eq!(fold_width("Ｈ３０\u{3000}"), "H30 ");
    }
}
