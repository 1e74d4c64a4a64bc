//! Typed standards → [`PlanInner`].

use crate::business::BusinessCalendar;
use crate::record::number::NANOS;
use crate::record::{FieldType, PICOS};
use crate::standard::{
    Condition, ConditionOp, Dimension, Filter, Kind, MeasureSource, Quantity, Standard, Statistic, Unit,
};
use crate::time::Zone;
use crate::Standards;

use super::{
    Bound, Clock, CompiledFilter, CompiledMeasure, CompiledStandard, Evaluation, FieldTable, Op, PlanError, PlanInner,
    Test,
};

pub(super) fn compile(file: &Standards) -> Result<PlanInner, PlanError> {
    let calendars: Vec<BusinessCalendar> =
        file.calendars.iter().map(|c| BusinessCalendar::new(c, file.timezone)).collect();
    let mut fields = FieldTable::default();
    let mut populations = Populations::default();
    let standards: Vec<CompiledStandard> =
        file.iter().map(|s| standard(s, &calendars, &mut fields, &mut populations)).collect::<Result<_, _>>()?;
    fields.seal();
    let fingerprint = super::fnv::fnv1a64(file.to_string().as_bytes());
    Ok(PlanInner {
        fields,
        zone: Zone::new(file.timezone),
        calendars,
        populations: populations.filters,
        standards,
        fingerprint,
    })
}

/// Distinct population filters: standards about the same records (four
/// standards about `calls`) share one, which is tested once per record.
#[derive(Default)]
struct Populations {
    filters: Vec<CompiledFilter>,
    /// The canonical text of each, to find equal ones.
    texts: Vec<String>,
}

impl Populations {
    fn index(&mut self, parts: &[&Filter], fields: &mut FieldTable) -> Option<usize> {
        if parts.is_empty() {
            return None;
        }
        let text = parts.iter().map(|f| format!("({f})")).collect::<Vec<_>>().join(" and ");
        if let Some(i) = self.texts.iter().position(|t| *t == text) {
            return Some(i);
        }
        let filter = match parts {
            [one] => CompiledFilter::compile(one, fields),
            all => CompiledFilter::And(all.iter().map(|f| CompiledFilter::compile(f, fields)).collect()),
        };
        self.filters.push(filter);
        self.texts.push(text);
        Some(self.filters.len() - 1)
    }
}

fn standard(
    standard: &Standard,
    calendars: &[BusinessCalendar],
    fields: &mut FieldTable,
    populations: &mut Populations,
) -> Result<CompiledStandard, PlanError> {
    let parts: Vec<&Filter> =
        [standard.population.definition.as_ref(), standard.filter.as_ref()].into_iter().flatten().collect();
    let population = populations.index(&parts, fields);
    let (condition, evaluation) = match &standard.kind {
        Kind::Compliance { condition, target } => {
            (condition.as_ref(), Evaluation::Compliance { test: condition.as_ref().map(test), target: target.clone() })
        }
        Kind::Aggregate { statistic, comparison } => {
            let rank = match statistic {
                Statistic::Median => Some(crate::Decimal::from_int(50)),
                Statistic::Percentile(p) => Some(*p),
                _ => None,
            };
            (Some(comparison), Evaluation::Aggregate { statistic: statistic.clone(), rank, test: test(comparison) })
        }
    };
    let clock = clock(condition.map(|c| &c.quantity.unit), calendars).map_err(|calendar| {
        PlanError::UnknownCalendar { standard: standard.name.clone(), calendar: calendar.to_string() }
    })?;
    let measure = measure(&standard.measure.source, standard.measure.dimension, clock, fields);
    let window = standard.window.as_ref().map(|w| (w.period, fields.add_window(&w.field)));
    let grouping = standard.grouping.iter().map(|g| fields.add(g, None)).collect();
    Ok(CompiledStandard {
        name: standard.name.clone(),
        canonical: standard.to_string(),
        population,
        measure,
        evaluation,
        window,
        grouping,
        grouping_names: standard.grouping.clone(),
        target: match &standard.kind {
            Kind::Compliance { target, .. } => target.to_string(),
            Kind::Aggregate { comparison, .. } => comparison.to_string(),
        },
        unit: match (&standard.kind, standard.measure.dimension) {
            (Kind::Aggregate { statistic: Statistic::Count | Statistic::Nps, .. }, _) => "",
            (_, Dimension::Duration) => "s",
            (_, Dimension::Rings) => "rings",
            _ => "",
        },
    })
}

/// The clock a unit counts on; the name of a calendar the file does not
/// declare is an error (checked standards never have one).
fn clock<'a>(unit: Option<&'a Unit>, calendars: &[BusinessCalendar]) -> Result<Clock, &'a str> {
    let index = |name: &'a str| calendars.iter().position(|c| c.name() == name).ok_or(name);
    Ok(match unit {
        Some(Unit::BusinessMinutes(c) | Unit::BusinessHours(c)) => Clock::Business(index(c)?),
        Some(Unit::BusinessDays(c)) => Clock::Deadline(index(c)?),
        _ => Clock::Wall,
    })
}

fn measure(source: &MeasureSource, dimension: Dimension, clock: Clock, fields: &mut FieldTable) -> CompiledMeasure {
    match source {
        MeasureSource::Between { start, end } => CompiledMeasure::Between {
            start: fields.add(start, Some(FieldType::Timestamp)),
            end: fields.add(end, Some(FieldType::Timestamp)),
            clock,
        },
        MeasureSource::Field { field, unit: None } if dimension == Dimension::Boolean => {
            CompiledMeasure::Boolean { slot: fields.add(field, Some(FieldType::Boolean)) }
        }
        MeasureSource::Field { field, unit } => CompiledMeasure::Number {
            slot: fields.add(field, Some(FieldType::Number)),
            // Fields are read in billionths of their own unit; values are
            // trillionths of seconds (or of one): exact for every unit.
            scale: i128::from(unit.and_then(|u| u.seconds()).unwrap_or(1)) * PICOS / NANOS,
        },
    }
}

fn test(condition: &Condition) -> Test {
    let op = match condition.op {
        ConditionOp::Within | ConditionOp::AtMost => Op::AtMost,
        ConditionOp::Under => Op::Under,
        ConditionOp::AtLeast => Op::AtLeast,
        ConditionOp::Over => Op::Over,
        ConditionOp::Between => Op::Between,
    };
    if let Unit::BusinessDays(_) = condition.quantity.unit {
        let days = |q: &Quantity| q.value.as_integer().map_or(0, |d| d.clamp(0, i64::from(u32::MAX)) as u32);
        let low = days(&condition.quantity);
        return Test::Deadline { op, low, high: condition.upper.as_ref().map_or(low, days) };
    }
    let low = bound(&condition.quantity);
    Test::Value { op, low, high: condition.upper.as_ref().map_or(low, bound) }
}

/// A quantity in trillionths of its base unit (seconds, rings or 1).
pub(crate) fn bound(quantity: &Quantity) -> Bound {
    let per_unit: i128 = match quantity.unit {
        Unit::None | Unit::Seconds | Unit::Rings => 1,
        Unit::Minutes | Unit::BusinessMinutes(_) => 60,
        Unit::Hours | Unit::BusinessHours(_) => 3600,
        Unit::Days | Unit::BusinessDays(_) => 86_400,
    };
    let scale = quantity.value.scale();
    // At most 10^15 × 86_400 × 10^12 < 10^32: inside i128.
    let numerator = i128::from(quantity.value.mantissa()) * per_unit * PICOS;
    let denominator = 10i128.pow(scale);
    let floor = numerator.div_euclid(denominator);
    let ceil = if numerator.rem_euclid(denominator) == 0 { floor } else { floor + 1 };
    Bound { floor, ceil, numerator, scale }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Decimal;

    #[test]
    fn bounds_are_exact_trillionths() {
        let q = |text: &str, unit: Unit| bound(&Quantity { value: Decimal::parse(text).unwrap(), unit });
        // 3 rings = 3 × 10^12; 1.5 minutes = 90 s = 9 × 10^13.
        assert_eq!(q("3", Unit::Rings).floor, 3_000_000_000_000);
        assert_eq!(q("1.5", Unit::Minutes).floor, 90_000_000_000_000);
        // 0.0000000000003 s = 0.3 trillionths: between 0 and 1.
        let third = q("0.0000000000003", Unit::Seconds);
        assert_eq!((third.floor, third.ceil), (0, 1));
        // No whole trillionth equals a bound between two of them.
        use std::cmp::Ordering::*;
        assert_eq!([third.order(0), third.order(1)], [Less, Greater]);
        let whole = q("3", Unit::Rings);
        let at = 3_000_000_000_000;
        assert_eq!([whole.order(at - 1), whole.order(at), whole.order(at + 1)], [Less, Equal, Greater]);
    }

    #[test]
    fn tests_compare_exactly() {
        let standards: Standards = r#"standard "s": calls answered within 20 seconds 80% of the time"#.parse().unwrap();
        let plan = compile(&standards).unwrap();
        let Evaluation::Compliance { test: Some(t), .. } = &plan.standards[0].evaluation else { panic!() };
        assert!(t.holds(20 * PICOS));
        assert!(!t.holds(20 * PICOS + 1));
    }
}
