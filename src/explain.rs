//! Plain-words explanations of standards, for `yardstick explain`: how each
//! line of a `.std` file was understood.

use std::fmt::Write;

use crate::standard::*;
use crate::Standards;

/// Explains every standard of a file, in file order.
///
/// ```
/// let standards = yardstick::Standards::parse(r#"standard "Greeting": calls greeted by name always"#)?;
/// let text = yardstick::explain::explain(&standards);
/// assert!(text.contains("field `greeted_by_name` is true"));
/// # Ok::<(), yardstick::Diagnostics>(())
/// ```
pub fn explain(standards: &Standards) -> String {
    let mut out = String::new();
    for (i, standard) in standards.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&explain_standard(standard, standards));
    }
    out
}

/// Explains one standard.
pub fn explain_standard(standard: &Standard, file: &Standards) -> String {
    let mut out = format!("standard {}\n", print::quoted(&standard.name));
    let mut line = |label: &str, text: String| {
        let _ = writeln!(out, "  {label:<12}{text}");
    };
    line("canonical:", standard.to_string());
    line("population:", population(&standard.population));
    line("measure:", measure(&standard.measure));
    match &standard.kind {
        Kind::Compliance { condition, target } => {
            line("kind:", "compliance: the share of measured records that meet the condition".into());
            let holds = match condition {
                Some(c) => format!("the value is {}", condition_words(c)),
                None => "the value is true".into(),
            };
            line("condition:", format!("a record is a hit when {holds}, a miss otherwise"));
            line("target:", target_words(target));
        }
        Kind::Aggregate { statistic, comparison } => {
            line("kind:", format!("aggregate: the {} of the known values", statistic_words(statistic)));
            line("target:", format!("met when that is {}", condition_words(comparison)));
        }
    }
    let zone = file.timezone.name();
    line(
        "window:",
        match &standard.window {
            None => "none: one result for the whole input".into(),
            Some(w) => {
                format!("one result per {} ({zone} time), placing each record by `{}`", w.period.word(), w.field)
            }
        },
    );
    line(
        "grouping:",
        match standard.grouping.as_slice() {
            [] => "none".into(),
            fields => {
                let names: Vec<String> = fields.iter().map(|f| format!("`{f}`")).collect();
                format!("one result per distinct value of {} (missing values group as null)", names.join(", "))
            }
        },
    );
    line(
        "filter:",
        match &standard.filter {
            None => "none".into(),
            Some(f) => format!("only records where {f} (a test on a missing field is false)"),
        },
    );
    line("reads:", fields_read(standard).join(", "));
    out
}

fn population(population: &Population) -> String {
    let name = population.subject.as_deref().unwrap_or("all records");
    match &population.definition {
        Some(filter) => format!("{name}: records where {filter}"),
        None => format!("{name}: every record"),
    }
}

fn measure(measure: &Measure) -> String {
    let how = match &measure.source {
        MeasureSource::Between { start, end } => {
            format!("the time from `{start}` to `{end}` (open while `{end}` is missing)")
        }
        MeasureSource::Field { field, unit: Some(FieldUnit::Rings) } => format!("field `{field}`, in rings"),
        MeasureSource::Field { field, unit: Some(unit) } => format!("field `{field}`, in {unit:?}").to_lowercase(),
        MeasureSource::Field { field, unit: None } if measure.dimension == Dimension::Boolean => {
            format!("field `{field}` is true")
        }
        MeasureSource::Field { field, unit: None } => format!("field `{field}`, a plain number"),
    };
    format!("{} ({}): {how}", measure.phrase, measure.dimension.describe())
}

fn condition_words(condition: &Condition) -> String {
    let q = &condition.quantity;
    match condition.op {
        ConditionOp::Within | ConditionOp::AtMost => format!("at most {q}"),
        ConditionOp::Under => format!("less than {q}"),
        ConditionOp::AtLeast => format!("at least {q}"),
        ConditionOp::Over => format!("more than {q}"),
        ConditionOp::Between => {
            let upper = condition.upper.as_ref().map(|u| u.to_string()).unwrap_or_default();
            format!("from {q} to {upper}, both included")
        }
    }
}

fn target_words(target: &Target) -> String {
    match target {
        Target::AtLeast(p) => format!("met when hits ÷ (hits + misses) is at least {p}%"),
        Target::AtMost(p) => format!("met when hits ÷ (hits + misses) is at most {p}%"),
        Target::Always => "met only when every measured record is a hit (100%)".into(),
        Target::Never => "met only when no measured record is a hit (0%)".into(),
    }
}

fn statistic_words(statistic: &Statistic) -> String {
    match statistic {
        Statistic::Average => "average".into(),
        Statistic::Median => "median (50th percentile, nearest rank)".into(),
        Statistic::Percentile(p) => format!("{p}th percentile (nearest rank)"),
        Statistic::Minimum => "minimum".into(),
        Statistic::Maximum => "maximum".into(),
        Statistic::Total => "total".into(),
        Statistic::Count => "count".into(),
        Statistic::Nps => "net promoter score (% of 9–10 minus % of 0–6)".into(),
    }
}

/// Every field a standard reads, in a stable order without repeats.
pub fn fields_read(standard: &Standard) -> Vec<String> {
    let mut fields: Vec<String> = Vec::new();
    let mut add = |f: &str| {
        if !fields.iter().any(|x| x == f) {
            fields.push(f.to_string());
        }
    };
    if let Some(filter) = &standard.population.definition {
        filter_fields(filter, &mut add);
    }
    match &standard.measure.source {
        MeasureSource::Between { start, end } => {
            add(start);
            add(end);
        }
        MeasureSource::Field { field, .. } => add(field),
    }
    if let Some(w) = &standard.window {
        add(&w.field);
    }
    for g in &standard.grouping {
        add(g);
    }
    if let Some(filter) = &standard.filter {
        filter_fields(filter, &mut add);
    }
    fields.into_iter().map(|f| format!("`{f}`")).collect()
}

fn filter_fields(filter: &Filter, add: &mut impl FnMut(&str)) {
    match filter {
        Filter::Test { field, .. } => add(field),
        Filter::Not(inner) => filter_fields(inner, add),
        Filter::And(items) | Filter::Or(items) => items.iter().for_each(|i| filter_fields(i, add)),
    }
}
