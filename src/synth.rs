//! Synthetic projects for benchmarks and tests: `n` unit policies of realistic shape, written
//! as ordinary content files, deterministic for a given seed.
//!
//! The shape follows the Atsugi report: a goal / policy / measure / unit hierarchy (1–6 units
//! per measure, 1–5 measures per policy, up to 12 goals), 1–3 KPIs per unit policy (a few
//! shared between neighbours), five fiscal years with the last one an estimate, Japanese
//! narratives of the report's length, and about one KPI in twelve still being tallied.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use anyhow::{Context, bail};

use crate::model::slug_of;

/// SplitMix64: tiny, good enough for test data, and stable forever (a crate's generator may
/// change its stream between versions, which would change the benchmark's input).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.next() as usize % items.len()]
    }
}

const YEARS: [&str; 5] = ["R3", "R4", "R5", "R6", "R7"];
const REPORT_YEAR: &str = "R7";

const FIELDS: &[&str] = &[
    "中小企業",
    "商店街",
    "観光",
    "農業",
    "創業",
    "雇用",
    "子育て",
    "福祉",
    "防災",
    "環境",
    "地域交通",
    "文化芸術",
    "スポーツ",
    "生涯学習",
    "国際交流",
    "デジタル化",
    "脱炭素",
    "空き家",
    "移住定住",
    "健康づくり",
];
const AIMS: &[&str] = &[
    "の振興",
    "の支援",
    "の推進",
    "の充実",
    "の強化",
    "環境の整備",
    "の担い手育成",
    "の魅力発信",
    "との連携",
    "の活性化",
];
const KPIS: &[(&str, &str, u32)] = &[
    ("相談件数", "件", 0),
    ("参加者数", "人", 0),
    ("支援事業者数", "社", 0),
    ("開催回数", "回", 0),
    ("利用者満足度", "%", 1),
    ("新規出店数", "店舗", 0),
    ("認定件数", "件", 0),
    ("登録者数", "人", 0),
];
const PLAN_TEXTS: &[&str] = &[
    "関係団体と連携し、事業者の課題に応じた支援を継続して実施する。",
    "セミナーや相談会を開催し、参加しやすい日程と周知方法を工夫する。",
    "補助制度の周知を強化し、申請手続の簡素化を図る。",
    "地域の実情を把握するため、アンケート調査と聞き取りを行う。",
    "市のホームページやSNSを活用した情報発信を行う。",
];
const ACTUAL_TEXTS: &[&str] = &[
    "商工会議所の計画に基づき補助金を交付し、事業者の経営基盤の安定に寄与した。",
    "セミナーを年4回開催し、延べ参加者数は前年度を上回った。オンライン参加の希望も多く、次年度はハイブリッド形式での開催を検討する。",
    "新型コロナウイルス感染症の影響により一部の事業を縮小して実施したが、相談対応は例年どおり継続した。",
    "関係機関との連絡会議を定期的に開催し、支援策の情報共有と役割分担の見直しを行った。",
    "事業者へのアンケートを実施し、回答結果を踏まえて支援メニューを見直した。",
];
const REFLECTIONS: &[&str] = &[
    "実績が目標を大きく上回っているため、後期実施計画では実績を踏まえた目標値を設定する。",
    "目標の達成に向けて、事業の周知方法を見直すとともに関係団体との連携を強化する。",
    "社会情勢の変化を踏まえ、成果指標をより施策の効果を測ることのできる指標に見直す。",
    "引き続き現行の目標値を維持し、取組を継続する。",
];
const PENDING: &[&str] = &["集計中", "年度末に調査"];

/// A KPI in the making: figures are kept as printed strings.
struct Kpi {
    no: u32,
    units: Vec<String>,
}

/// What [`generate`] wrote.
pub struct Generated {
    pub units: usize,
    pub indicators: usize,
}

/// Writes a synthetic project with `n` unit policies under `dir` (content/ and shinchoku.yaml).
/// Refuses a `dir` that already holds a content folder, so it never overwrites real content.
pub fn generate(dir: &Path, n: usize, seed: u64) -> anyhow::Result<Generated> {
    if n == 0 {
        bail!("--units must be at least 1");
    }
    if dir.join("content").exists() {
        bail!(
            "{}: already holds a content folder; choose an empty or new folder",
            dir.display()
        );
    }
    let mut rng = Rng(seed);
    let ids = hierarchy(n, &mut rng);
    let units_dir = dir.join("content/units");
    let indicators_dir = dir.join("content/indicators");
    fs::create_dir_all(&units_dir).with_context(|| format!("creating {}", units_dir.display()))?;
    fs::create_dir_all(&indicators_dir)?;
    fs::write(dir.join("content/plan.yaml"), plan_yaml(&ids, &mut rng))?;

    let mut kpis: Vec<Kpi> = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        let name = format!("{}{}", rng.pick(FIELDS), rng.pick(AIMS));
        fs::write(
            units_dir.join(format!("{}.yaml", id.slug())),
            unit_yaml(id, &name, &mut rng),
        )?;
        // A few policies share their neighbour's KPI, as 厚木市 I-2-(1)-① and ② do.
        if i > 0 && rng.chance(3) {
            let last = kpis.len() - 1;
            kpis[last].units.push(id.to_string());
        }
        let own = match rng.range(1, 100) {
            1..=50 => 1,
            51..=85 => 2,
            _ => 3,
        };
        for _ in 0..own {
            kpis.push(Kpi {
                no: kpis.len() as u32 + 1,
                units: vec![id.to_string()],
            });
        }
    }
    let width = kpis.len().to_string().len().max(2);
    for k in &kpis {
        fs::write(
            indicators_dir.join(format!("{:0width$}.yaml", k.no)),
            indicator_yaml(k, &mut rng),
        )?;
    }
    Ok(Generated {
        units: ids.len(),
        indicators: kpis.len(),
    })
}

/// `n` unit IDs in plan order: measures of 1–6 units, policies of 1–5 measures, spread over
/// 3–12 goals in contiguous blocks.
fn hierarchy(n: usize, rng: &mut Rng) -> Vec<UnitId> {
    // (measures per policy, units per measure) as drawn, before goals are known.
    let mut policies: Vec<Vec<u16>> = Vec::new();
    let mut count = 0;
    while count < n {
        let mut measures = Vec::new();
        for _ in 0..rng.range(1, 5) {
            if count == n {
                break;
            }
            let units = (rng.range(1, 6) as usize).min(n - count);
            measures.push(units as u16);
            count += units;
        }
        policies.push(measures);
    }
    let goals = (3 + n / 2000).clamp(3, 12).min(policies.len());
    let per_goal = policies.len().div_ceil(goals);
    let mut ids = Vec::with_capacity(n);
    for (p, measures) in policies.iter().enumerate() {
        for (m, &units) in measures.iter().enumerate() {
            for u in 0..units {
                ids.push(UnitId {
                    goal: (p / per_goal + 1) as u8,
                    policy: (p % per_goal + 1) as u16,
                    measure: m as u16 + 1,
                    unit: u + 1,
                });
            }
        }
    }
    ids
}

/// A unit policy's place, written in Atsugi's ID form `I-1-(1)-①`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct UnitId {
    goal: u8,
    policy: u16,
    measure: u16,
    unit: u16,
}

const CIRCLED: [char; 20] = [
    '①', '②', '③', '④', '⑤', '⑥', '⑦', '⑧', '⑨', '⑩', '⑪', '⑫', '⑬', '⑭', '⑮', '⑯', '⑰', '⑱', '⑲',
    '⑳',
];

/// Latin Roman numeral for 1..=12 (synthetic plans have at most 12 goals).
fn roman(n: u8) -> &'static str {
    const R: [&str; 12] = [
        "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII",
    ];
    R[usize::from(n) - 1]
}

impl std::fmt::Display for UnitId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}-{}-({})-",
            roman(self.goal),
            self.policy,
            self.measure
        )?;
        match CIRCLED.get(usize::from(self.unit) - 1) {
            Some(c) => write!(f, "{c}"),
            None => write!(f, "{}", self.unit),
        }
    }
}

impl UnitId {
    fn slug(&self) -> String {
        slug_of(&self.to_string())
    }
}

/// A YAML double-quoted scalar (JSON strings are valid YAML).
fn q(s: &str) -> String {
    serde_json::to_string(s).expect("a string serialises")
}

fn plan_yaml(ids: &[UnitId], rng: &mut Rng) -> String {
    let mut y = String::from(
        "# A synthetic project written by `shinchoku synth`: realistic shape, invented content.\n\
         city: 架空市\n\
         plan: 架空市総合計画 実施計画（合成データ）\n\
         title: 令和7年度取組状況\n",
    );
    let _ = writeln!(y, "report_year: {REPORT_YEAR}\nfiscal_years:");
    for year in YEARS {
        let status = if year == REPORT_YEAR {
            "estimate"
        } else {
            "confirmed"
        };
        let _ = writeln!(y, "  - {{year: {year}, status: {status}}}");
    }
    y.push_str(
        "baseline_year: R2\n\
         assessment:\n  decimals: 1\n  estimate_suffix: 見込み\n  classes:\n\
         \x20   - {label: 達成, min_rate: 100, on_track: true, symbol: \"◎\"}\n\
         \x20   - {label: 概ね達成, min_rate: 80, on_track: true, symbol: \"○\"}\n\
         \x20   - {label: 未達成, on_track: false, symbol: \"△\"}\n\
         \x20 pending_symbol: \"－\"\ngoals:\n",
    );
    let mut last: Option<UnitId> = None;
    for id in ids {
        let new_goal = last.is_none_or(|l| l.goal != id.goal);
        let new_policy = new_goal || last.is_some_and(|l| l.policy != id.policy);
        let new_measure = new_policy || last.is_some_and(|l| l.measure != id.measure);
        if new_goal {
            let _ = writeln!(
                y,
                "  - id: {}\n    name: {}\n    policies:",
                roman(id.goal),
                q(&format!("{}と{}の実現", rng.pick(FIELDS), rng.pick(FIELDS)))
            );
        }
        if new_policy {
            let _ = writeln!(
                y,
                "      - no: {}\n        name: {}\n        measures:",
                id.policy,
                q(&format!("{}{}", rng.pick(FIELDS), rng.pick(AIMS)))
            );
        }
        if new_measure {
            let _ = writeln!(
                y,
                "          - {{no: {}, name: {}}}",
                id.measure,
                q(&format!("{}{}", rng.pick(FIELDS), rng.pick(AIMS)))
            );
        }
        last = Some(*id);
    }
    y
}

fn unit_yaml(id: &UnitId, name: &str, rng: &mut Rng) -> String {
    let mut y = format!(
        "id: {}\nname: {}\nrelated_projects:\n",
        q(&id.to_string()),
        q(name)
    );
    for _ in 0..rng.range(1, 3) {
        let _ = writeln!(
            y,
            "  - {}",
            q(&format!("{}{}事業", rng.pick(FIELDS), rng.pick(AIMS)))
        );
    }
    y.push_str("narratives:\n");
    for year in YEARS {
        let _ = writeln!(
            y,
            "  {year}:\n    plan: {}\n    actual: {}",
            q(rng.pick(PLAN_TEXTS)),
            q(&format!(
                "{}{}",
                rng.pick(ACTUAL_TEXTS),
                rng.pick(ACTUAL_TEXTS)
            ))
        );
    }
    y
}

fn indicator_yaml(k: &Kpi, rng: &mut Rng) -> String {
    let (what, unit, decimals) = KPIS[rng.next() as usize % KPIS.len()];
    let lower = rng.chance(10);
    let mut y = format!(
        "no: {}\nname: {}\nunit: {}\ndecimals: {decimals}\ndirection: {}\nunit_policies: [{}]\n",
        k.no,
        q(&format!("{}{what}", rng.pick(FIELDS))),
        q(unit),
        if lower {
            "lower_is_better"
        } else {
            "higher_is_better"
        },
        k.units.iter().map(|u| q(u)).collect::<Vec<_>>().join(", ")
    );
    let scale = 10f64.powi(decimals as i32);
    let round = |v: f64| (v * scale).round() / scale;
    let mut target = if unit == "%" {
        rng.range(30, 80) as f64
    } else {
        rng.range(10, 5000) as f64
    };
    let _ = writeln!(y, "baseline:\n  - {{value: {}}}", round(target * 0.9));
    y.push_str("years:\n");
    let pending = rng.chance(8);
    for year in YEARS {
        // Actuals from 50% to 150% of the target: every result class occurs.
        let mut actual = round(target * rng.range(50, 150) as f64 / 100.0);
        if unit == "%" {
            actual = actual.min(100.0);
        }
        if year == REPORT_YEAR && pending {
            let _ = writeln!(
                y,
                "  {year}: {{target: {}, pending: {}}}",
                round(target),
                rng.pick(PENDING)
            );
        } else {
            let _ = writeln!(
                y,
                "  {year}: {{target: {}, actual: {actual}}}",
                round(target)
            );
        }
        target *= 1.0 + rng.range(2, 8) as f64 / 100.0;
        if unit == "%" {
            target = target.min(100.0);
        }
    }
    let _ = writeln!(y, "reflection: {}", q(rng.pick(REFLECTIONS)));
    y
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_project_and_it_loads() {
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        let g = generate(a.path(), 200, 7).unwrap();
        generate(b.path(), 200, 7).unwrap();
        assert_eq!(g.units, 200);
        assert!((200..=600).contains(&g.indicators), "{}", g.indicators);
        for f in ["content/plan.yaml", "content/units/i-1-1-1.yaml"] {
            assert_eq!(
                fs::read(a.path().join(f)).unwrap(),
                fs::read(b.path().join(f)).unwrap()
            );
        }
        let project = crate::load::load(a.path()).expect("a synthetic project is valid");
        assert_eq!(project.units.len(), 200);
        assert_eq!(project.indicators.len(), g.indicators);
        let s = crate::assess::assess(&project).summary;
        // Every kind of outcome occurs.
        assert!(
            s.units.on_track > 0 && s.units.not_on_track > 0 && s.units.pending > 0,
            "{s:?}"
        );
        assert!(
            generate(a.path(), 10, 7).is_err(),
            "refuses existing content"
        );
    }
}
