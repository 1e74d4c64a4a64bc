//! The scorecard as tables for people: one table per standard, one row per
//! window and group, failing rows marked. Needs the `cli` feature (the
//! tables are drawn by comfy-table).

use comfy_table::{presets, Attribute, Cell, CellAlignment, Color, ContentArrangement, Table};

use super::{Number, ResultRow, Scorecard, StandardCard};

/// Renders a scorecard; `color` adds colour and bold (for terminals).
///
/// ```
/// use yardstick::{Plan, ScoreOptions, Scorer, Standards};
///
/// let standards: Standards = r#"standard "Greeting": calls greeted by name always"#.parse()?;
/// let mut scorer = Scorer::new(&Plan::compile(&standards)?, ScoreOptions::default());
/// scorer.push_json(br#"{"channel": "phone", "greeted_by_name": false}"#)?;
/// let text = yardstick::scorecard::text::render(&scorer.scorecard(), false);
/// assert!(text.contains("FAIL"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn render(card: &Scorecard, color: bool) -> String {
    let mut out = String::new();
    let as_of =
        card.as_of.map_or_else(|| "none".to_string(), |t| t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true));
    let records = if card.records.read == 1 { "record" } else { "records" };
    out.push_str(&format!(
        "as of {as_of} · {} {records} read, {} rejected\n",
        card.records.read, card.records.rejected
    ));
    for rejection in &card.records.rejections {
        let place = rejection.location();
        let field = rejection.field.as_ref().map(|f| format!(", field `{f}`")).unwrap_or_default();
        out.push_str(&format!("  rejected {place}{field}: {}\n", rejection.reason));
    }
    for standard in &card.standards {
        out.push('\n');
        out.push_str(&standard_table(standard, color));
    }
    out
}

fn standard_table(standard: &StandardCard, color: bool) -> String {
    let failed = standard.results.iter().filter(|r| r.passed == Some(false)).count();
    let judged = standard.results.iter().any(|r| r.passed.is_some());
    let verdict = match (standard.results.is_empty(), judged, failed) {
        (true, _, _) => "no records".to_string(),
        // Nothing measured is never a pass (a result with null `passed`).
        (false, false, _) => "NO DATA".to_string(),
        (false, true, 0) => "PASS".to_string(),
        (false, true, n) => format!("FAIL in {n} of {} results", standard.results.len()),
    };
    let heading = format!("{} — {}\n  {}\n", standard.name, verdict, standard.canonical);
    if standard.results.is_empty() {
        return heading;
    }
    let mut table = Table::new();
    table.load_preset(presets::UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Disabled);
    if !color {
        table.force_no_tty();
    }
    let compliance = standard.kind == "compliance";
    let counts: &[&str] =
        if compliance { &["hits", "misses", "open", "unmeasurable"] } else { &["measured", "open", "unmeasurable"] };
    let mut header = vec!["", "window", "group"];
    header.extend_from_slice(counts);
    header.extend_from_slice(&["value", "target", "result"]);
    table.set_header(header);
    for row in &standard.results {
        table.add_row(result_cells(standard, row, compliance, color));
    }
    for column in 3..table.column_count() - 2 {
        if let Some(c) = table.column_mut(column) {
            c.set_cell_alignment(CellAlignment::Right);
        }
    }
    format!("{heading}{table}\n")
}

fn result_cells(standard: &StandardCard, row: &ResultRow, compliance: bool, color: bool) -> Vec<Cell> {
    let mark = if row.passed == Some(false) { "✗" } else { "" };
    let mut cells = vec![Cell::new(mark), Cell::new(row.window.as_deref().unwrap_or("—")), Cell::new(group_text(row))];
    let counts = if compliance {
        vec![row.hits.unwrap_or(0), row.misses.unwrap_or(0), row.open, row.unmeasurable]
    } else {
        vec![row.measured.unwrap_or(0), row.open, row.unmeasurable]
    };
    cells.extend(counts.into_iter().map(Cell::new));
    cells.push(Cell::new(value_text(row.value, compliance, standard.unit)));
    cells.push(Cell::new(&standard.target));
    let (word, paint) = match row.passed {
        Some(true) => ("PASS", Color::Green),
        Some(false) => ("FAIL", Color::Red),
        None => ("n/a", Color::Grey),
    };
    let mut result = Cell::new(word);
    if color {
        result = result.fg(paint).add_attribute(Attribute::Bold);
    }
    cells.push(result);
    cells
}

fn group_text(row: &ResultRow) -> String {
    if row.group.0.is_empty() {
        return "—".into();
    }
    row.group.0.iter().map(|(field, v)| format!("{field}={v}")).collect::<Vec<_>>().join(" ")
}

fn value_text(value: Option<Number>, compliance: bool, unit: &str) -> String {
    match value {
        None => "—".into(),
        Some(Number::Count(n)) => n.to_string(),
        Some(Number::Float(share)) if compliance => format!("{:.1}%", share * 100.0),
        Some(Number::Float(f)) if unit.is_empty() => format!("{}", round2(f)),
        Some(Number::Float(f)) => format!("{} {unit}", round2(f)),
    }
}

fn round2(f: f64) -> f64 {
    (f * 100.0).round() / 100.0
}
