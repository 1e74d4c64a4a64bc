//! Canonical printing round-trips: for generated standards, printing then
//! parsing gives back an equal value.

use proptest::prelude::*;
use yardstick::standard::{FieldUnit, DEFAULT_WINDOW_FIELD};
use yardstick::*;

const HEADER: &str = r#"timezone "Europe/London"
calendar office:
  mon-fri 09:00-17:30
subject vip = tier is "gold"
measure time to triage = triaged_at - created_at
"#;

fn decimal(max_mantissa: i64, max_scale: u32) -> impl Strategy<Value = Decimal> {
    (-max_mantissa..=max_mantissa, 0..=max_scale).prop_map(|(m, s)| Decimal::new(m, s))
}

fn non_negative(max_mantissa: i64, max_scale: u32) -> impl Strategy<Value = Decimal> {
    (0..=max_mantissa, 0..=max_scale).prop_map(|(m, s)| Decimal::new(m, s))
}

fn field_name() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-z][a-z0-9_]{0,8}",
        1 => prop::sample::select(vec!["by", "where", "per", "is", "time", "and", "created_at", "team"]).prop_map(String::from),
        1 => "[a-z]{1,4} [A-Z]{1,3}",
    ]
}

fn text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 \"\\\\é#:`]{0,12}"
}

fn value() -> impl Strategy<Value = Value> {
    prop_oneof![
        text().prop_map(Value::String),
        decimal(1_000_000, 3).prop_map(Value::Number),
        any::<bool>().prop_map(Value::Bool),
    ]
}

fn test() -> impl Strategy<Value = Test> {
    let values = || prop::collection::vec(value(), 0..4);
    prop_oneof![
        value().prop_map(Test::Eq),
        value().prop_map(Test::Ne),
        value().prop_map(Test::Lt),
        value().prop_map(Test::Le),
        value().prop_map(Test::Gt),
        value().prop_map(Test::Ge),
        values().prop_map(Test::In),
        values().prop_map(Test::NotIn),
        Just(Test::Missing),
        Just(Test::Present),
    ]
}

/// Filters in the normal form the checker produces: no `and` directly
/// inside an `and`, no `or` directly inside an `or`.
fn filter() -> impl Strategy<Value = Filter> {
    let leaf = (field_name(), test()).prop_map(|(field, test)| Filter::Test { field, test });
    leaf.prop_recursive(3, 12, 3, |inner| {
        prop_oneof![
            inner.clone().prop_map(|f| Filter::Not(Box::new(f))),
            prop::collection::vec(inner.clone(), 2..4).prop_map(|items| flatten(items, true)),
            prop::collection::vec(inner, 2..4).prop_map(|items| flatten(items, false)),
        ]
    })
}

fn flatten(items: Vec<Filter>, and: bool) -> Filter {
    let mut out = Vec::new();
    for item in items {
        match item {
            Filter::And(inner) if and => out.extend(inner),
            Filter::Or(inner) if !and => out.extend(inner),
            other => out.push(other),
        }
    }
    if and {
        Filter::And(out)
    } else {
        Filter::Or(out)
    }
}

fn population() -> impl Strategy<Value = Population> {
    let builtin =
        prop::sample::select(vec!["calls", "emails", "chats", "interactions", "tickets", "cases"]).prop_map(|name| {
            // The built-in subjects' definitions (SPEC §4), written out here.
            let channel = match name {
                "calls" => Some("phone"),
                "emails" => Some("email"),
                "chats" => Some("chat"),
                _ => None,
            };
            let definition =
                channel.map(|c| Filter::Test { field: "channel".into(), test: Test::Eq(Value::String(c.into())) });
            Population { subject: Some(name.into()), definition }
        });
    let vip = Just(Population {
        subject: Some("vip".into()),
        definition: Some(Filter::Test { field: "tier".into(), test: Test::Eq(Value::String("gold".into())) }),
    });
    prop_oneof![4 => builtin, 1 => vip]
}

fn between(start: &str, end: &str) -> MeasureSource {
    MeasureSource::Between { start: start.into(), end: end.into() }
}

fn field(name: &str, unit: Option<FieldUnit>) -> MeasureSource {
    MeasureSource::Field { field: name.into(), unit }
}

fn measure(phrase: &str, source: MeasureSource, dimension: Dimension) -> Measure {
    Measure { phrase: phrase.into(), source, dimension }
}

/// Duration measures: the flag says whether business time applies.
fn duration_measure() -> impl Strategy<Value = (Measure, bool)> {
    prop::sample::select(vec![
        (measure("answered", between("created_at", "answered_at"), Dimension::Duration), true),
        (measure("speed of answer", between("created_at", "answered_at"), Dimension::Duration), true),
        (measure("first response time", between("created_at", "first_response_at"), Dimension::Duration), true),
        (measure("resolved", between("created_at", "resolved_at"), Dimension::Duration), true),
        (measure("time to triage", between("created_at", "triaged_at"), Dimension::Duration), true),
        (measure("wait time", field("wait_seconds", Some(FieldUnit::Seconds)), Dimension::Duration), false),
        (measure("wrap-up time", field("wrap_up_seconds", Some(FieldUnit::Seconds)), Dimension::Duration), false),
    ])
}

fn duration_unit(business: bool) -> BoxedStrategy<(Unit, bool)> {
    let wall =
        prop::sample::select(vec![Unit::Seconds, Unit::Minutes, Unit::Hours, Unit::Days]).prop_map(|u| (u, false));
    if !business {
        return wall.boxed();
    }
    let office = || "office".to_string();
    prop_oneof![
        3 => wall,
        1 => Just((Unit::BusinessMinutes(office()), false)),
        1 => Just((Unit::BusinessHours(office()), false)),
        1 => Just((Unit::BusinessDays(office()), true)),
    ]
    .boxed()
}

/// A condition in `unit`; whole numbers only when `whole`.
fn condition(unit: Unit, whole: bool, negative_ok: bool) -> impl Strategy<Value = Condition> {
    let scale = if whole { 0 } else { 2 };
    let number = if negative_ok { decimal(100_000, scale).boxed() } else { non_negative(100_000, scale).boxed() };
    let ops = prop::sample::select(vec![
        ConditionOp::Within,
        ConditionOp::AtMost,
        ConditionOp::Under,
        ConditionOp::AtLeast,
        ConditionOp::Over,
        ConditionOp::Between,
    ]);
    (ops, number.clone(), number).prop_map(move |(op, a, b)| {
        let (low, high) = if a <= b { (a, b) } else { (b, a) };
        let quantity = Quantity { value: low, unit: unit.clone() };
        let upper = (op == ConditionOp::Between).then(|| Quantity { value: high, unit: unit.clone() });
        Condition { op, quantity, upper }
    })
}

fn target() -> impl Strategy<Value = Target> {
    let percent = || non_negative(1000, 1).prop_filter("at most 100%", |p| *p <= Decimal::from_int(100));
    prop_oneof![
        percent().prop_map(Target::AtLeast),
        percent().prop_map(Target::AtMost),
        Just(Target::Always),
        Just(Target::Never),
    ]
}

/// Measure, kind and whether the measure is an aggregate over all records.
fn measure_and_kind() -> impl Strategy<Value = (Measure, Kind)> {
    let duration = duration_measure().prop_flat_map(|(m, business)| {
        duration_unit(business).prop_flat_map(move |(unit, whole)| {
            let m = m.clone();
            (condition(unit, whole, false), target())
                .prop_map(move |(c, t)| (m.clone(), Kind::Compliance { condition: Some(c), target: t }))
        })
    });
    let rings = (condition(Unit::Rings, false, false), target()).prop_map(|(c, t)| {
        let m = measure("answered", field("rings", Some(FieldUnit::Rings)), Dimension::Rings);
        (m, Kind::Compliance { condition: Some(c), target: t })
    });
    let boolean = (
        prop::sample::select(vec![
            ("abandoned", "abandoned"),
            ("greeted by name", "greeted_by_name"),
            ("resolved on first contact", "first_contact_resolution"),
        ]),
        target(),
    )
        .prop_map(|((phrase, f), t)| {
            (measure(phrase, field(f, None), Dimension::Boolean), Kind::Compliance { condition: None, target: t })
        });
    let number = (
        prop::sample::select(vec![("csat", "csat"), ("nps score", "nps")]),
        condition(Unit::None, false, true),
        target(),
    )
        .prop_map(|((phrase, f), c, t)| {
            (measure(phrase, field(f, None), Dimension::Number), Kind::Compliance { condition: Some(c), target: t })
        });
    let statistic = prop_oneof![
        Just(Statistic::Average),
        Just(Statistic::Median),
        non_negative(1000, 1)
            .prop_filter("a rank in (0, 100]", |p| *p > Decimal::ZERO && *p <= Decimal::from_int(100))
            .prop_map(Statistic::Percentile),
        Just(Statistic::Minimum),
        Just(Statistic::Maximum),
        Just(Statistic::Total),
    ];
    let aggregate_duration = (statistic.clone(), duration_measure()).prop_flat_map(|(s, (m, business))| {
        // Business days are a deadline, which aggregates cannot use.
        duration_unit(business)
            .prop_filter("no business days", |(u, _)| !matches!(u, Unit::BusinessDays(_)))
            .prop_flat_map(move |(unit, whole)| {
                let (s, m) = (s.clone(), m.clone());
                condition(unit, whole, false)
                    .prop_map(move |c| (m.clone(), Kind::Aggregate { statistic: s.clone(), comparison: c }))
            })
    });
    let aggregate_number = (statistic, condition(Unit::None, false, true)).prop_map(|(s, c)| {
        (measure("csat", field("csat", None), Dimension::Number), Kind::Aggregate { statistic: s, comparison: c })
    });
    let nps = condition(Unit::None, false, true).prop_map(|c| {
        (
            measure("nps score", field("nps", None), Dimension::Number),
            Kind::Aggregate { statistic: Statistic::Nps, comparison: c },
        )
    });
    let count = condition(Unit::None, true, true).prop_map(|c| {
        (
            measure("abandoned", field("abandoned", None), Dimension::Boolean),
            Kind::Aggregate { statistic: Statistic::Count, comparison: c },
        )
    });
    prop_oneof![duration, rings, boolean, number, aggregate_duration, aggregate_number, nps, count]
}

fn window() -> impl Strategy<Value = Option<Window>> {
    let period = prop::sample::select(Period::ALL.to_vec());
    let field = prop_oneof![3 => Just(DEFAULT_WINDOW_FIELD.to_string()), 1 => field_name()];
    prop::option::of((period, field).prop_map(|(period, field)| Window { period, field }))
}

fn standard() -> impl Strategy<Value = Standard> {
    (
        text(),
        population(),
        measure_and_kind(),
        window(),
        prop::collection::btree_set(field_name(), 0..4),
        prop::option::of(filter()),
        any::<bool>(),
    )
        .prop_map(|(name, population, (measure, kind), window, grouping, filter, for_all)| {
            // Aggregates may leave out `for SUBJECT`.
            let population = match (&kind, for_all) {
                (Kind::Aggregate { .. }, true) => Population { subject: None, definition: None },
                _ => population,
            };
            Standard { name, population, measure, kind, window, grouping: grouping.into_iter().collect(), filter }
        })
}

fn source_of(standards: &[Standard]) -> String {
    let mut source = HEADER.to_string();
    for s in standards {
        source.push_str(&format!("standard {}:\n  {s}\n", yardstick::standard::print::quoted(&s.name)));
    }
    source
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn canonical_form_parses_back_to_the_same_standard(standard in standard()) {
        let source = source_of(std::slice::from_ref(&standard));
        let parsed = Standards::parse(&source).map_err(|d| TestCaseError::fail(format!("{source}\n{}", d.render_plain())))?;
        prop_assert_eq!(&parsed.iter().cloned().collect::<Vec<_>>(), &vec![standard]);
        // And the whole file prints to a fixed point.
        let printed = parsed.to_string();
        let again = Standards::parse(&printed).map_err(|d| TestCaseError::fail(d.render_plain()))?;
        prop_assert_eq!(&again, &parsed);
        prop_assert_eq!(again.to_string(), printed);
    }

    #[test]
    fn filters_print_with_the_parentheses_precedence_needs(filter in filter()) {
        let standard = format!("standard \"f\": calls abandoned never where {filter}");
        let parsed = Standards::parse(&standard).map_err(|d| TestCaseError::fail(format!("{standard}\n{}", d.render_plain())))?;
        prop_assert_eq!(parsed.iter().next().unwrap().filter.as_ref(), Some(&filter));
    }
}
