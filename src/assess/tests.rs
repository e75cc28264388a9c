//! Each method through [`outcome`], and the counting rule through [`assess`].

use std::collections::HashMap;
use std::path::PathBuf;

use super::*;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn y(s: &str) -> Year {
    Year::parse(s).unwrap()
}

fn class(key: &str, min: Option<&str>, on_track: bool, rank: usize, of: usize) -> ClassRule {
    ClassRule {
        key: key.into(),
        label: key.into(),
        threshold: min.map(|m| Threshold {
            rate: d(m),
            inclusive: true,
        }),
        on_track,
        symbol: "*".into(),
        tone: tone(rank, of),
    }
}

/// Atsugi's rules: 達成 ≥ 100, 概ね達成 ≥ 80, 未達成; R3–R4 confirmed, R5 an estimate.
fn plan(method: Method, classes: Vec<ClassRule>) -> Plan {
    Plan {
        city: "見本市".into(),
        plan: "計画".into(),
        title: "取組状況".into(),
        year_form: YearForm::Era,
        fiscal_year_start: 4,
        report_year: y("R5"),
        fiscal_years: ["R3", "R4", "R5"]
            .iter()
            .map(|s| FiscalYear {
                year: y(s),
                status: if *s == "R5" {
                    YearStatus::Estimate
                } else {
                    YearStatus::Confirmed
                },
            })
            .collect(),
        baseline_year: y("R2"),
        hierarchy: Hierarchy {
            levels: vec!["基本目標".into(), "単位施策".into()],
            ..Hierarchy::default()
        },
        rules: Rules {
            method,
            path_steps: PathSteps::Interpolated,
            decimals: 1,
            estimate_suffix: "見込み".into(),
            classes,
            pending_symbol: "－".into(),
        },
        periods: Vec::new(),
        wording: Wording::default(),
        publisher: Publisher::default(),
    }
}

fn atsugi() -> Plan {
    plan(
        Method::Ratio,
        vec![
            class("達成", Some("100"), true, 0, 3),
            class("概ね達成", Some("80"), true, 1, 3),
            class("未達成", None, false, 2, 3),
        ],
    )
}

fn figure(year: &str, target: Option<&str>, actual: Actual) -> Figure {
    Figure {
        target: target.map(d),
        ..Figure::bare(y(year), actual)
    }
}

fn value(s: &str) -> Actual {
    Actual::Value(d(s))
}

fn indicator(method: Method, direction: Direction, figures: Vec<Figure>) -> Indicator {
    Indicator {
        units: vec![0],
        baseline: vec![Baseline {
            year: y("R2"),
            value: d("40"),
        }],
        figures,
        ..Indicator::bare(method, direction)
    }
}

const UP: Direction = Direction::HigherIsBetter;
const DOWN: Direction = Direction::LowerIsBetter;

fn judge(plan: &Plan, ind: &Indicator, year: usize) -> Outcome {
    outcome(plan, ind, &ind.figures[year])
}

#[test]
fn ratio_classes_the_printed_rate_with_inclusive_thresholds() {
    let p = atsugi();
    let one = |target: &str, actual: &str| {
        let ind = indicator(
            Method::Ratio,
            UP,
            vec![figure("R4", Some(target), value(actual))],
        );
        let o = judge(&p, &ind, 0);
        (o.rate.map(|r| r.to_string()), o.label)
    };
    assert_eq!(one("100", "100"), (Some("100.0".into()), "達成".into()));
    assert_eq!(one("1000", "999"), (Some("99.9".into()), "概ね達成".into()));
    assert_eq!(one("100", "80"), (Some("80.0".into()), "概ね達成".into()));
    assert_eq!(one("1000", "799"), (Some("79.9".into()), "未達成".into()));
    // 99.96 rounds to 100.0 and is shown as 達成, never 100.0% next to 概ね達成.
    assert_eq!(one("10000", "9996"), (Some("100.0".into()), "達成".into()));
    assert_eq!(one("1400", "0"), (Some("0.0".into()), "未達成".into()));
}

#[test]
fn ratio_records_what_it_used() {
    let ind = indicator(
        Method::Ratio,
        UP,
        vec![figure("R4", Some("16"), value("17"))],
    );
    let o = judge(&atsugi(), &ind, 0);
    assert_eq!(
        o.inputs,
        vec![
            ("target", "16".to_string()),
            ("actual", "17".to_string()),
            ("rate", "106.3".to_string())
        ]
    );
    assert_eq!((o.status.as_str(), o.on_track), ("達成", Some(true)));
}

#[test]
fn estimate_years_say_mikomi() {
    let ind = indicator(
        Method::Ratio,
        UP,
        vec![
            figure("R4", Some("16"), value("17")),
            figure("R5", Some("16"), value("17")),
        ],
    );
    let p = atsugi();
    assert_eq!(judge(&p, &ind, 0).label, "達成");
    assert_eq!(judge(&p, &ind, 1).label, "達成見込み");
    let ind = indicator(
        Method::Ratio,
        UP,
        vec![figure("R5", Some("40"), value("36"))],
    );
    assert_eq!(judge(&p, &ind, 0).label, "概ね達成見込み");
}

#[test]
fn pending_abolished_and_not_due_have_no_rate_or_class() {
    let ind = indicator(
        Method::Ratio,
        UP,
        vec![
            figure("R4", Some("30"), Actual::Pending("年度末に調査".into())),
            figure("R4", Some("5"), Actual::Abolished),
            figure("R5", Some("5"), Actual::NotDue),
        ],
    );
    let p = atsugi();
    let o = judge(&p, &ind, 0);
    assert_eq!(
        (o.rate, o.class, o.label.as_str()),
        (None, None, "年度末に調査")
    );
    assert_eq!(o.status, "pending");
    let o = judge(&p, &ind, 1);
    assert_eq!(
        (o.class, o.label.as_str(), o.symbol.as_str()),
        (None, "廃止", "－")
    );
    assert_eq!(o.status, "abolished");
    assert_eq!(judge(&p, &ind, 2).status, "not_due");
}

#[test]
fn lower_is_better_ratio_inverts_and_an_actual_of_zero_is_best() {
    let ind = indicator(
        Method::Ratio,
        DOWN,
        vec![
            figure("R4", Some("50"), value("0")),
            figure("R4", Some("50"), value("80")),
        ],
    );
    let p = atsugi();
    let o = judge(&p, &ind, 0);
    assert_eq!((o.rate, o.label.as_str()), (None, "達成"));
    let o = judge(&p, &ind, 1);
    assert_eq!((o.rate, o.label.as_str()), (Some(d("62.5")), "未達成"));
}

#[test]
fn a_year_without_its_own_target_is_held_to_the_next_one() {
    let ind = indicator(
        Method::Ratio,
        UP,
        vec![
            figure("R4", None, value("90")),
            figure("R5", Some("100"), Actual::Pending("集計中".into())),
        ],
    );
    let o = judge(&atsugi(), &ind, 0);
    assert_eq!(o.rate, Some(d("90.0")));
    assert!(o.inputs.contains(&("target_year", "R5".to_string())));
}

#[test]
fn progress_measures_from_the_baseline_to_a_zero_target() {
    // 待機児童: 40 at the baseline, 0 by R5; 10 in R4 is 75 % of the way.
    let ind = indicator(
        Method::Progress,
        DOWN,
        vec![
            figure("R4", None, value("10")),
            figure("R5", Some("0"), value("50")),
        ],
    );
    let p = atsugi();
    let o = judge(&p, &ind, 0);
    assert_eq!((o.rate, o.label.as_str()), (Some(d("75.0")), "未達成"));
    let o = judge(&p, &ind, 1);
    assert_eq!(o.rate, Some(d("-25.0")));
    assert!(o.inputs.contains(&("baseline", "40".to_string())));
}

#[test]
fn path_judges_against_the_years_point_on_the_line() {
    // Baseline 40 (R2), final target 100 in R7: the path is 52 in R3, 64 in R4.
    let mut ind = indicator(
        Method::Path,
        UP,
        vec![
            figure("R3", None, value("52")),
            figure("R4", None, value("58")),
        ],
    );
    ind.final_target = Some(Target {
        year: y("R7"),
        value: d("100"),
    });
    let p = plan(
        Method::Path,
        vec![
            class("A", Some("100"), true, 0, 3),
            ClassRule {
                threshold: Some(Threshold {
                    rate: d("0"),
                    inclusive: false,
                }),
                ..class("B", None, false, 1, 3)
            },
            class("C", None, false, 2, 3),
        ],
    );
    let o = judge(&p, &ind, 0);
    assert_eq!((o.rate, o.status.as_str()), (Some(d("100.0")), "A"));
    assert!(o.inputs.contains(&("path_value", "52".to_string())));
    let o = judge(&p, &ind, 1);
    assert_eq!((o.rate, o.status.as_str()), (Some(d("75.0")), "B"));
}

#[test]
fn a_year_end_estimate_is_judged_as_an_estimate() {
    // 小矢部市: 9月30日現在 80, 年末見込 95, against a target of 100, in a confirmed year.
    let mut f = figure("R4", Some("100"), value("80"));
    f.as_of = Some(Date::parse("2022-09-30").unwrap());
    f.estimate = Some(d("95"));
    let ind = indicator(Method::Ratio, UP, vec![f]);
    let o = judge(&atsugi(), &ind, 0);
    assert_eq!(
        (o.rate, o.label.as_str()),
        (Some(d("95.0")), "概ね達成見込み")
    );
    assert!(o.estimate);
    assert!(o.inputs.contains(&("estimate", "95".to_string())));
    assert!(o.inputs.contains(&("as_of", "2022年9月30日".to_string())));
    // An estimate alone is the year's figure all the same.
    let mut f = figure("R5", Some("100"), Actual::NotDue);
    f.estimate = Some(d("101"));
    let ind = indicator(Method::Ratio, UP, vec![f]);
    assert_eq!(judge(&atsugi(), &ind, 0).label, "達成見込み");
}

#[test]
fn each_year_is_measured_from_the_baseline_in_force_then() {
    // Baselines in R2 (40) and R4 (60): R3 is measured from R2's, R5 from R4's.
    let mut ind = indicator(
        Method::Progress,
        UP,
        vec![
            figure("R3", Some("100"), value("70")),
            figure("R5", Some("100"), value("70")),
        ],
    );
    ind.baseline.push(Baseline {
        year: y("R4"),
        value: d("60"),
    });
    let p = atsugi();
    assert_eq!(judge(&p, &ind, 0).rate, Some(d("50.0")));
    assert_eq!(judge(&p, &ind, 1).rate, Some(d("25.0")));
}

#[test]
fn path_holds_years_after_the_last_target_to_it() {
    let mut ind = indicator(Method::Path, UP, vec![figure("R5", None, value("70"))]);
    ind.final_target = Some(Target {
        year: y("R4"),
        value: d("60"),
    });
    let o = judge(&atsugi(), &ind, 0);
    assert_eq!((o.rate, o.status.as_str()), (Some(d("150.0")), "達成"));
}

#[test]
fn grade_takes_the_publishers_own_judgement() {
    let p = plan(
        Method::Grade,
        vec![
            class("S", None, true, 0, 4),
            class("A", None, true, 1, 4),
            class("B", None, false, 2, 4),
            class("C", None, false, 3, 4),
        ],
    );
    let mut f = figure("R5", None, value("12"));
    f.grade = Some(2);
    let ind = indicator(Method::Grade, UP, vec![f]);
    let o = judge(&p, &ind, 0);
    assert_eq!((o.status.as_str(), o.label.as_str()), ("B", "B見込み"));
    assert_eq!(o.on_track, Some(false));
    // A grade printed without a figure is judged all the same.
    let mut f = figure("R4", None, Actual::NotDue);
    f.grade = Some(0);
    let ind = indicator(Method::Grade, UP, vec![f]);
    assert_eq!(judge(&p, &ind, 0).status, "S");
}

#[test]
fn milestone_is_reached_at_or_past_the_years_target_state() {
    let mut ind = indicator(Method::Milestone, UP, vec![]);
    ind.states = ["未着手", "策定中", "策定済"]
        .iter()
        .map(|s| MilestoneState {
            value: (*s).into(),
            class: None,
        })
        .collect();
    let state = |year: &str, target: Option<&str>, actual: &str| Figure {
        target_state: target.map(str::to_string),
        ..figure(year, None, Actual::State(actual.into()))
    };
    ind.figures = vec![
        state("R3", Some("策定中"), "策定中"),
        state("R4", None, "策定中"),
        state("R5", Some("策定済"), "策定済"),
    ];
    let p = atsugi();
    assert_eq!(judge(&p, &ind, 0).status, "達成");
    // R4 has no target state of its own: the next one (策定済, R5) is the bar.
    assert_eq!(judge(&p, &ind, 1).status, "未達成");
    assert_eq!(judge(&p, &ind, 2).label, "達成見込み");
}

#[test]
fn trend_reproduces_open_sdg_through_the_model() {
    // Baseline 40 in R2 (FY2020), 44 in R4: towards 60 by R12.
    let mut ind = indicator(Method::Trend, UP, vec![figure("R4", None, value("44"))]);
    ind.final_target = Some(Target {
        year: y("R12"),
        value: d("60"),
    });
    let p = plan(Method::Trend, vec![]);
    let expected = trend::measure(&trend::Series {
        points: vec![(2020, 40.0), (2022, 44.0)],
        base_year: 2020,
        target: Some((60.0, 2030)),
        higher_is_better: true,
        limit: None,
        thresholds: TrendThresholds::default(),
    });
    let p = Plan {
        rules: Rules {
            classes: TREND_STATUSES
                .iter()
                .enumerate()
                .map(|(i, k)| class(k, None, i < 2, i, 5))
                .collect(),
            ..p.rules
        },
        ..p
    };
    let o = judge(&p, &ind, 0);
    assert_eq!(o.status, expected.status);
    assert!(o.inputs.contains(&("base_year", "2020".to_string())));
}

fn project(plan: Plan, indicators: Vec<Indicator>, units: usize) -> Project {
    let units: Vec<UnitPolicy> = (0..units)
        .map(|i| UnitPolicy {
            id: format!("I-{}", i + 1),
            also_filed_as: vec![],
            placements: vec![],
            slug: format!("i-{}", i + 1),
            name: format!("施策{i}"),
            related_projects: vec![],
            abolished_from: None,
            narratives: vec![],
            notes: None,
            source: PathBuf::new(),
        })
        .collect();
    let unit_index: HashMap<String, usize> = units
        .iter()
        .enumerate()
        .map(|(i, u)| (id_key(&u.id), i))
        .collect();
    let unit_indicators = Project::index_indicators(units.len(), &indicators);
    let under = Under::of(plan.hierarchy.nodes.len(), &units, &indicators);
    let by_source = by_source(&units, &indicators);
    Project {
        root: PathBuf::new(),
        site: SiteConfig::default(),
        plan,
        units,
        indicators,
        unit_index,
        unit_indicators,
        under,
        by_source,
    }
}

#[test]
fn a_unit_is_decided_by_pending_then_not_on_track_then_on_track() {
    // Classes whose on_track flags do not run in order: A on, B off, C on.
    let p = plan(
        Method::Grade,
        vec![
            class("A", None, true, 0, 3),
            class("B", None, false, 1, 3),
            class("C", None, true, 2, 3),
        ],
    );
    let graded = |no: u32, unit: usize, grade: Option<usize>| {
        let mut f = figure("R5", None, value("1"));
        f.grade = grade;
        if grade.is_none() {
            f.actual = Actual::Pending("集計中".into());
        }
        Indicator {
            no,
            units: vec![unit],
            ..indicator(Method::Grade, UP, vec![f])
        }
    };
    let pr = project(
        p,
        vec![
            graded(1, 0, Some(1)),
            graded(2, 0, Some(2)),
            graded(3, 1, Some(2)),
            graded(4, 1, Some(0)),
            graded(5, 2, Some(1)),
            graded(6, 2, None),
        ],
        3,
    );
    let a = assess(&pr);
    assert_eq!(
        a.status,
        vec![Status::NotOnTrack, Status::OnTrack, Status::Pending]
    );
    // The deciding outcome is the one a unit's label shows: B for unit 0, C for unit 1.
    assert_eq!(a.deciding_outcome(0).unwrap().status, "B");
    assert_eq!(a.deciding_outcome(1).unwrap().status, "C");
    assert_eq!(a.summary.indicators_by_class, vec![1, 2, 2]);
    assert_eq!(a.summary.indicators_unjudged, 1);
}

#[test]
fn figures_only_are_counted_as_reported() {
    let p = plan(Method::None, vec![]);
    let ind = indicator(
        Method::None,
        UP,
        vec![figure("R5", Some("10"), value("12"))],
    );
    let a = assess(&project(p, vec![ind], 1));
    assert_eq!(a.status, vec![Status::Reported]);
    assert_eq!(a.summary.units.reported, 1);
    assert_eq!(a.outcomes[0][0].status, "reported");
    assert_eq!(a.outcomes[0][0].class, None);
}

/// After edits to indicators' figures, `reassess` (which counts only what changed: the
/// summary and every node's counts) gives what assessing the edited project afresh gives.
#[test]
fn reassessing_an_edit_counts_as_assessing_afresh() {
    let tmp = tempfile::tempdir().unwrap();
    crate::synth::generate(tmp.path(), 60, 3).unwrap();
    let mut pr = crate::load::load(tmp.path()).unwrap();
    let mut a = assess(&pr);
    let y = pr.plan.report_year;
    for i in (0..pr.indicators.len()).step_by(7) {
        let Some(f) = pr.indicators[i].figures.iter_mut().find(|f| f.year == y) else {
            continue;
        };
        f.actual = match (i / 7) % 3 {
            0 => Actual::Pending("集計中".into()),
            1 => Actual::Value(Decimal::ZERO),
            _ => Actual::Value(Decimal::from(1_000_000)),
        };
        a = crate::assess::reassess(&pr, a, &[i]);
        let fresh = assess(&pr);
        assert_eq!(a.summary, fresh.summary, "indicator {i}");
        assert_eq!(a.by_node, fresh.by_node, "indicator {i}");
        assert_eq!(a.status, fresh.status, "indicator {i}");
    }
}
