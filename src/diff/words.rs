//! The few labels of a diff report, in the project's language (ja|en).

use super::{Field, Headline};
use crate::model::Lang;

/// The few words of a diff report, in the project's language.
pub(crate) struct Words {
    pub nothing: &'static str,
    pub headline: &'static str,
    pub total: &'static str,
    pub on_track: &'static str,
    pub not_on_track: &'static str,
    pub pending: &'static str,
    pub reported: &'static str,
    pub figures: &'static str,
    pub results: &'static str,
    pub units: &'static str,
    pub added: &'static str,
    pub removed: &'static str,
    pub renamed: &'static str,
    pub kpi: &'static str,
    pub unit: &'static str,
    pub year: &'static str,
    pub field: &'static str,
    pub before: &'static str,
    pub after: &'static str,
    pub target: &'static str,
    pub actual: &'static str,
    pub reason: &'static str,
}

pub(crate) fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::Ja => &JA,
        Lang::En => &EN,
    }
}

impl Words {
    /// The added, removed and renamed unit policies and KPIs as (heading, lines), in the order
    /// both forms print them; they differ only in how a heading and a line are marked.
    pub fn membership(&self, c: &super::Changes, arrow: &str) -> Vec<(String, Vec<String>)> {
        let mut groups = Vec::new();
        let lists: [(&str, &str, &[super::Item]); 4] = [
            (self.added, self.unit, &c.added_units),
            (self.removed, self.unit, &c.removed_units),
            (self.added, self.kpi, &c.added_kpis),
            (self.removed, self.kpi, &c.removed_kpis),
        ];
        for (verb, kind, items) in lists {
            if !items.is_empty() {
                let lines = items.iter().map(|i| format!("{} {}", i.id, i.name));
                groups.push((format!("{verb}: {kind}"), lines.collect()));
            }
        }
        for (kind, renamed) in [(self.unit, &c.renamed_units), (self.kpi, &c.renamed_kpis)] {
            if !renamed.is_empty() {
                let lines = renamed
                    .iter()
                    .map(|r| format!("{}: {} {arrow} {}", r.what, r.old, r.new));
                groups.push((format!("{}: {kind}", self.renamed), lines.collect()));
            }
        }
        groups
    }

    pub fn field(&self, f: Field) -> &'static str {
        match f {
            Field::Target => self.target,
            Field::Actual => self.actual,
            Field::Pending => self.reason,
        }
    }

    /// The headline's rows: label, before, after.
    pub fn headline_rows(
        &self,
        (a, b): &(Headline, Headline),
    ) -> Vec<(&'static str, usize, usize)> {
        let mut rows = vec![
            (self.total, a.total, b.total),
            (self.on_track, a.on_track, b.on_track),
            (self.not_on_track, a.not_on_track, b.not_on_track),
            (self.pending, a.pending, b.pending),
        ];
        if a.reported + b.reported > 0 {
            rows.push((self.reported, a.reported, b.reported));
        }
        rows
    }
}

const JA: Words = Words {
    nothing: "変更なし",
    headline: "総括",
    total: "対象",
    on_track: "順調",
    not_on_track: "順調でない",
    pending: "判定保留",
    reported: "実績のみ",
    figures: "数値の変更",
    results: "判定の変更",
    units: "単位施策の判定の変更",
    added: "追加",
    removed: "削除",
    renamed: "名称変更",
    kpi: "KPI",
    unit: "単位施策",
    year: "年度",
    field: "項目",
    before: "変更前",
    after: "変更後",
    target: "目標",
    actual: "実績",
    reason: "保留理由",
};

const EN: Words = Words {
    nothing: "No changes",
    headline: "Summary",
    total: "Counted",
    on_track: "On track",
    not_on_track: "Not on track",
    pending: "Pending",
    reported: "Figures only",
    figures: "Changed figures",
    results: "Changed results",
    units: "Changed unit policy results",
    added: "Added",
    removed: "Removed",
    renamed: "Renamed",
    kpi: "KPI",
    unit: "Unit policy",
    year: "Year",
    field: "Field",
    before: "Before",
    after: "After",
    target: "Target",
    actual: "Actual",
    reason: "Pending reason",
};
