//! Years as a plan declares them: Japanese fiscal years with their era (R5 = 令和5年度),
//! Western fiscal years (2023年度) or calendar years (2023). Every label is derived here.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::Lang;

/// How a plan writes its years; declared once per plan (`year_form` in plan.yaml).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Default,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[schemars(description = "年度の書き方 / How the plan writes its years")]
pub enum YearForm {
    #[schemars(description = "和暦の年度（R5 は令和5年度）/ Japanese fiscal years with their era")]
    /// Japanese fiscal years with their era: `R5` is 令和5年度 (April 2023 to March 2024).
    #[default]
    Era,
    #[schemars(description = "西暦の年度（2023 は2023年度）/ Western fiscal years")]
    /// Western fiscal years: `2023` is 2023年度.
    Fiscal,
    #[schemars(description = "暦年（2023 は2023年）/ calendar years")]
    /// Calendar years: `2023` is 2023年.
    Calendar,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Era {
    Showa,
    Heisei,
    Reiwa,
}

impl Era {
    const ALL: [Era; 3] = [Era::Showa, Era::Heisei, Era::Reiwa];

    const fn offset(self) -> u16 {
        match self {
            Era::Showa => 1925,
            Era::Heisei => 1988,
            Era::Reiwa => 2018,
        }
    }
    const fn letter(self) -> char {
        match self {
            Era::Showa => 'S',
            Era::Heisei => 'H',
            Era::Reiwa => 'R',
        }
    }
    const fn name(self) -> &'static str {
        match self {
            Era::Showa => "昭和",
            Era::Heisei => "平成",
            Era::Reiwa => "令和",
        }
    }
    /// The last year number of the era in fiscal years (平成31年度 is FY2019).
    const fn last(self) -> u16 {
        match self {
            Era::Showa => 64,
            Era::Heisei => 31,
            Era::Reiwa => 99,
        }
    }
}

/// One year of a plan, in the plan's form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Year {
    /// The Western year (fiscal or calendar); ordering and arithmetic use this. For a span
    /// of years (a survey period, 2018–2020) it is the first, as Open SDG reads them.
    pub fiscal: u16,
    era: Option<Era>,
    form: YearForm,
    /// The last year of a span (2018–2020), if the period is one.
    span_end: Option<u16>,
}

impl Year {
    /// Parses a year in `form`: `R5`, `Ｒ５`, `H30`, `S63` for era years; `2023` otherwise.
    /// The caller has NFKC-normalised full-width input.
    pub fn parse_in(s: &str, form: YearForm) -> Option<Year> {
        let s = s.trim();
        match form {
            YearForm::Era => Year::parse(s),
            YearForm::Fiscal | YearForm::Calendar => {
                let western = |t: &str| -> Option<u16> {
                    if t.len() != 4 || !t.bytes().all(|b| b.is_ascii_digit()) {
                        return None;
                    }
                    t.parse().ok().filter(|y| (1900..=2200).contains(y))
                };
                // A span of years, `2018-2020` (or with an en dash or 〜): first < last.
                let (first, last) = match s.split_once(['-', '–', '〜', '~']) {
                    Some((a, b)) => (western(a.trim())?, Some(western(b.trim())?)),
                    None => (western(s)?, None),
                };
                if last.is_some_and(|l| l <= first) {
                    return None;
                }
                Some(Year {
                    fiscal: first,
                    era: None,
                    form,
                    span_end: last,
                })
            }
        }
    }

    /// Parses an era year: `R5`, `H30`, `S63`.
    pub fn parse(s: &str) -> Option<Year> {
        let s = s.trim();
        let mut chars = s.chars();
        let letter = chars.next()?.to_ascii_uppercase();
        let era = Era::ALL.into_iter().find(|e| e.letter() == letter)?;
        let rest = chars.as_str();
        if rest.is_empty() || rest.len() > 2 || !rest.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let n: u16 = rest.parse().ok()?;
        (1..=era.last()).contains(&n).then(|| Year {
            fiscal: era.offset() + n,
            era: Some(era),
            form: YearForm::Era,
            span_end: None,
        })
    }

    /// The year after this one in the same form, for a chart's axis to run through years a
    /// plan skips (平成29, 30, 31, then 令和2: an era ends where its years do). `None` for a
    /// span of years (2018–2020), which has no single next year.
    pub fn next(self) -> Option<Year> {
        if self.span_end.is_some() {
            return None;
        }
        let fiscal = self.fiscal.checked_add(1)?;
        let era = self.era.map(|era| {
            if fiscal - era.offset() <= era.last() {
                era
            } else {
                Era::ALL
                    .into_iter()
                    .rev()
                    .find(|e| e.offset() < fiscal)
                    .unwrap_or(era)
            }
        });
        Some(Year {
            fiscal,
            era,
            form: self.form,
            span_end: None,
        })
    }

    pub fn form(self) -> YearForm {
        self.form
    }

    /// The number within the era (5 for R5); the Western year for other forms.
    pub fn era_year(self) -> u16 {
        self.era.map_or(self.fiscal, |e| self.fiscal - e.offset())
    }

    /// 令和5年度 (the first year of an era is 元年 as in official documents), 2023年度, 2023年.
    pub fn label(self) -> String {
        match (self.era, self.form) {
            (Some(era), _) => match self.era_year() {
                1 => format!("{}元年度", era.name()),
                n => format!("{}{}年度", era.name(), n),
            },
            (None, form) => {
                let years = match self.span_end {
                    Some(last) => format!("{}〜{last}", self.fiscal),
                    None => self.fiscal.to_string(),
                };
                if form == YearForm::Calendar {
                    format!("{years}年")
                } else {
                    format!("{years}年度")
                }
            }
        }
    }

    /// The label in the site's language: [`Year::label`] in Japanese; in English `FY2023`
    /// for fiscal years (era ones included: an English reader knows no 令和), `2023` for
    /// calendar years, spans as `2018–2020`.
    pub fn label_in(self, lang: Lang) -> String {
        if lang == Lang::Ja {
            return self.label();
        }
        let years = match self.span_end {
            Some(last) => format!("{}–{last}", self.fiscal),
            None => self.fiscal.to_string(),
        };
        match self.form {
            YearForm::Calendar => years,
            YearForm::Era | YearForm::Fiscal => format!("FY{years}"),
        }
    }

    /// [`Year::long_label`] in Japanese; the English label is already Western.
    pub fn long_label_in(self, lang: Lang) -> String {
        match lang {
            Lang::Ja => self.long_label(),
            Lang::En => self.label_in(lang),
        }
    }

    /// 令和5年度 (2023年度): an era label with its Western year, as 総務省's rule for
    /// machine-readable tables asks (和暦に西暦の併記); other forms are already Western.
    pub fn long_label(self) -> String {
        match self.era {
            Some(_) => format!("{} ({}年度)", self.label(), self.fiscal),
            None => self.label(),
        }
    }
}

/// The code as written in content: `R5`, `2023`.
impl fmt::Display for Year {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.era {
            Some(era) => write!(f, "{}{}", era.letter(), self.era_year()),
            None => match self.span_end {
                Some(last) => write!(f, "{}-{last}", self.fiscal),
                None => write!(f, "{}", self.fiscal),
            },
        }
    }
}

impl Serialize for Year {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A day, for a figure given as of a date within its year (平成15年9月30日現在).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// Parses `2003-09-30`.
    pub fn parse(s: &str) -> Option<Date> {
        let mut parts = s.trim().splitn(3, '-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if y.len() != 4 || m.is_empty() || m.len() > 2 || d.is_empty() || d.len() > 2 {
            return None;
        }
        let date = Date {
            year: y.parse().ok()?,
            month: m.parse().ok()?,
            day: d.parse().ok()?,
        };
        let leap = date.year.is_multiple_of(4)
            && (!date.year.is_multiple_of(100) || date.year.is_multiple_of(400));
        let days = match date.month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (1..=days).contains(&date.day).then_some(date)
    }

    /// Whether the day falls in `year`: January to December for calendar years; for fiscal
    /// years, from the month the plan's fiscal year starts in (April in Japan) to the month
    /// before it a year later.
    pub fn is_in(self, year: Year, fiscal_year_start: u8) -> bool {
        match year.form() {
            YearForm::Calendar => self.year == year.fiscal,
            _ if fiscal_year_start == 1 => self.year == year.fiscal,
            YearForm::Era | YearForm::Fiscal => {
                (self.year == year.fiscal && self.month >= fiscal_year_start)
                    || (self.year == year.fiscal + 1 && self.month < fiscal_year_start)
            }
        }
    }

    /// [`Date::label`] in Japanese; ISO `2003-09-30` in English.
    pub fn label_in(self, form: YearForm, lang: Lang) -> String {
        match lang {
            Lang::Ja => self.label(form),
            Lang::En => format!("{:04}-{:02}-{:02}", self.year, self.month, self.day),
        }
    }

    /// 平成15年9月30日 in an era plan (the era of the day itself), 2003年9月30日 otherwise.
    pub fn label(self, form: YearForm) -> String {
        let ymd = (self.year, self.month, self.day);
        let era = if form != YearForm::Era {
            None
        } else if ymd >= (2019, 5, 1) {
            Some(Era::Reiwa)
        } else if ymd >= (1989, 1, 8) {
            Some(Era::Heisei)
        } else {
            Some(Era::Showa)
        };
        match era {
            Some(e) => match self.year - e.offset() {
                1 => format!("{}元年{}月{}日", e.name(), self.month, self.day),
                n => format!("{}{n}年{}月{}日", e.name(), self.month, self.day),
            },
            None => format!("{}年{}月{}日", self.year, self.month, self.day),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_year_keeps_the_form_and_moves_to_the_next_era() {
        let next = |s: &str| Year::parse(s).unwrap().next().unwrap().to_string();
        assert_eq!(next("H29"), "H30");
        assert_eq!(next("H31"), "R2");
        assert_eq!(next("R5"), "R6");
        let cal = Year::parse_in("2029", YearForm::Calendar).unwrap();
        assert_eq!(cal.next().unwrap().label(), "2030年");
        let span = Year::parse_in("2018-2020", YearForm::Calendar).unwrap();
        assert_eq!(span.next(), None);
    }

    #[test]
    fn english_labels_are_western() {
        let en = Lang::En;
        assert_eq!(Year::parse("R5").unwrap().label_in(en), "FY2023");
        assert_eq!(Year::parse("R5").unwrap().long_label_in(en), "FY2023");
        assert_eq!(
            Year::parse_in("2023", YearForm::Fiscal)
                .unwrap()
                .label_in(en),
            "FY2023"
        );
        assert_eq!(
            Year::parse_in("2023", YearForm::Calendar)
                .unwrap()
                .label_in(en),
            "2023"
        );
        let span = Year::parse_in("2018-2020", YearForm::Calendar).unwrap();
        assert_eq!(span.label_in(en), "2018–2020");
        let d = Date::parse("2003-09-30").unwrap();
        assert_eq!(d.label_in(YearForm::Era, en), "2003-09-30");
        assert_eq!(d.label_in(YearForm::Era, Lang::Ja), "平成15年9月30日");
    }

    #[test]
    fn era_years_parse_and_label() {
        let y = Year::parse("R5").unwrap();
        assert_eq!(y.fiscal, 2023);
        assert_eq!(y.to_string(), "R5");
        assert_eq!(y.label(), "令和5年度");
        assert_eq!(y.long_label(), "令和5年度 (2023年度)");
        assert_eq!(Year::parse("R1").unwrap().label(), "令和元年度");
        assert_eq!(Year::parse("H30").unwrap().fiscal, 2018);
        assert_eq!(Year::parse("H31").unwrap().fiscal, 2019);
        assert_eq!(Year::parse("S63").unwrap().label(), "昭和63年度");
        assert_eq!(Year::parse("S63").unwrap().fiscal, 1988);
        assert_eq!(Year::parse("H1").unwrap().label(), "平成元年度");
        assert!(Year::parse("R").is_none());
        assert!(Year::parse("X5").is_none());
        assert!(Year::parse("R0").is_none());
        assert!(Year::parse("H32").is_none());
        assert!(Year::parse("R5a").is_none());
        assert!(Year::parse("H30") < Year::parse("R1"));
    }

    #[test]
    fn dates_within_a_year() {
        let d = Date::parse("2003-09-30").unwrap();
        assert_eq!(d.label(YearForm::Era), "平成15年9月30日");
        assert_eq!(d.label(YearForm::Calendar), "2003年9月30日");
        assert!(d.is_in(Year::parse("H15").unwrap(), 4));
        assert!(!d.is_in(Year::parse("H14").unwrap(), 4));
        assert!(
            Date::parse("2004-03-31")
                .unwrap()
                .is_in(Year::parse("H15").unwrap(), 4)
        );
        // A fiscal year from July (FY2023 = July 2023 to June 2024).
        let fy = Year::parse_in("2023", YearForm::Fiscal).unwrap();
        assert!(Date::parse("2024-06-30").unwrap().is_in(fy, 7));
        assert!(!Date::parse("2023-06-30").unwrap().is_in(fy, 7));
        assert_eq!(
            Date::parse("2019-05-01").unwrap().label(YearForm::Era),
            "令和元年5月1日"
        );
        assert!(Date::parse("2023-02-29").is_none());
        assert!(Date::parse("2024-02-29").is_some());
        assert!(Date::parse("2003-13-01").is_none());
        assert!(Date::parse("03-09-30").is_none());
    }

    #[test]
    fn western_years_take_the_plans_form() {
        let fy = Year::parse_in("2023", YearForm::Fiscal).unwrap();
        assert_eq!(
            (fy.fiscal, fy.label(), fy.to_string()),
            (2023, "2023年度".into(), "2023".into())
        );
        assert_eq!(fy.long_label(), "2023年度");
        let cy = Year::parse_in("2015", YearForm::Calendar).unwrap();
        assert_eq!(cy.label(), "2015年");
        assert!(Year::parse_in("R5", YearForm::Calendar).is_none());
        assert!(Year::parse_in("2023", YearForm::Era).is_none());
        assert!(Year::parse_in("23", YearForm::Fiscal).is_none());
        assert!(Year::parse_in("1800", YearForm::Fiscal).is_none());
        // A span of years: labelled as one, ordered by its first year.
        let span = Year::parse_in("2018-2020", YearForm::Calendar).unwrap();
        assert_eq!(
            (span.label(), span.to_string(), span.fiscal),
            ("2018〜2020年".into(), "2018-2020".into(), 2018)
        );
        assert!(Year::parse_in("2020-2018", YearForm::Calendar).is_none());
        assert!(span < Year::parse_in("2019", YearForm::Calendar).unwrap());
    }
}
