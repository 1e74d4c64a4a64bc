//! Every example of SPEC.md parses to the typed value it describes.

use yardstick::standard::{FieldUnit, DEFAULT_WINDOW_FIELD};
use yardstick::*;

fn parse_one(body: &str) -> Standard {
    let source = format!("calendar office:\n  mon-fri 09:00-17:30\nstandard \"s\":\n  {body}");
    match Standards::parse(&source) {
        Ok(standards) => standards.iter().next().unwrap().clone(),
        Err(d) => panic!("{body}\n{}", d.render_plain()),
    }
}

fn dec(text: &str) -> Decimal {
    Decimal::parse(text).unwrap()
}

fn q(value: &str, unit: Unit) -> Quantity {
    Quantity { value: dec(value), unit }
}

fn cond(op: ConditionOp, quantity: Quantity) -> Condition {
    Condition { op, quantity, upper: None }
}

fn eq(field: &str, value: Value) -> Filter {
    Filter::Test { field: field.into(), test: Test::Eq(value) }
}

fn s(text: &str) -> Value {
    Value::String(text.into())
}

fn calls() -> Population {
    Population { subject: Some("calls".into()), definition: Some(eq("channel", s("phone"))) }
}

fn window(period: Period) -> Option<Window> {
    Some(Window { period, field: DEFAULT_WINDOW_FIELD.into() })
}

fn rings_measure() -> Measure {
    Measure {
        phrase: "answered".into(),
        source: MeasureSource::Field { field: "rings".into(), unit: Some(FieldUnit::Rings) },
        dimension: Dimension::Rings,
    }
}

fn answer_time() -> Measure {
    Measure {
        phrase: "answered".into(),
        source: MeasureSource::Between { start: "created_at".into(), end: "answered_at".into() },
        dimension: Dimension::Duration,
    }
}

#[test]
fn the_first_file_of_section_1() {
    let source = std::fs::read_to_string("examples/contact-centre.std").unwrap();
    let standards = Standards::parse(&source).unwrap_or_else(|d| panic!("{}", d.render_plain()));
    assert_eq!(standards.timezone(), chrono_tz::Europe::London);
    assert_eq!(standards.len(), 6);

    let office = standards.calendar("office").unwrap();
    assert_eq!(office.hours.len(), 2);
    assert_eq!(office.hours[0].days.len(), 5);
    assert_eq!((office.hours[0].start, office.hours[0].end), (9 * 60, 17 * 60 + 30));
    assert_eq!(office.closed[0].label.as_deref(), Some("Christmas Day"));

    let pickup = standards.get("Q-2 Telephone pickup").unwrap();
    assert_eq!(
        *pickup,
        Standard {
            name: "Q-2 Telephone pickup".into(),
            population: calls(),
            measure: rings_measure(),
            kind: Kind::Compliance {
                condition: Some(cond(ConditionOp::Within, q("3", Unit::Rings))),
                target: Target::AtLeast(dec("95")),
            },
            window: window(Period::Day),
            grouping: vec!["team".into()],
            filter: None,
        }
    );
    // SPEC §8 gives this canonical text.
    assert_eq!(pickup.to_string(), "calls answered within 3 rings 95% of the time per day by team");

    let urgent = standards.get("Urgent email first response").unwrap();
    assert_eq!(
        urgent.population.definition,
        Some(Filter::And(vec![eq("channel", s("email")), eq("priority", s("urgent"))]))
    );
    assert_eq!(
        urgent.kind,
        Kind::Compliance {
            condition: Some(cond(ConditionOp::Within, q("1", Unit::BusinessHours("office".into())))),
            target: Target::AtLeast(dec("90")),
        }
    );
    assert_eq!(urgent.window, window(Period::Week));

    let greeting = standards.get("Greeting").unwrap();
    assert_eq!(greeting.kind, Kind::Compliance { condition: None, target: Target::Always });
    assert_eq!(greeting.measure.dimension, Dimension::Boolean);

    let abandonment = standards.get("Abandonment").unwrap();
    assert_eq!(abandonment.kind, Kind::Compliance { condition: None, target: Target::AtMost(dec("5")) });

    let wrap_up = standards.get("Wrap-up").unwrap();
    assert_eq!(
        wrap_up.kind,
        Kind::Aggregate {
            statistic: Statistic::Average,
            comparison: cond(ConditionOp::AtMost, q("10", Unit::Minutes))
        }
    );
    assert_eq!(
        wrap_up.measure.source,
        MeasureSource::Field { field: "wrap_up_seconds".into(), unit: Some(FieldUnit::Seconds) }
    );
    assert_eq!(wrap_up.grouping, ["agent"]);

    let satisfaction = standards.get("Satisfaction").unwrap();
    assert_eq!(
        satisfaction.kind,
        Kind::Aggregate { statistic: Statistic::Average, comparison: cond(ConditionOp::AtLeast, q("4.5", Unit::None)) }
    );
    assert_eq!(satisfaction.filter, Some(Filter::Test { field: "team".into(), test: Test::Ne(s("training")) }));
    assert_eq!(satisfaction.window, window(Period::Month));
}

#[test]
fn spelled_numbers_are_quantities() {
    let standard = parse_one("calls answered within three rings 95% of the time");
    assert_eq!(
        standard.kind,
        Kind::Compliance {
            condition: Some(cond(ConditionOp::Within, q("3", Unit::Rings))),
            target: Target::AtLeast(dec("95"))
        }
    );
    let twelve = parse_one("calls answered within twelve seconds always");
    assert!(twelve.to_string().starts_with("calls answered within 12 seconds"));
}

#[test]
fn a_percentage_after_at_most_is_the_target() {
    let standard = parse_one("calls abandoned at most 5% of the time");
    assert_eq!(standard.kind, Kind::Compliance { condition: None, target: Target::AtMost(dec("5")) });
}

#[test]
fn every_condition_form() {
    let cases = [
        ("within 20 seconds", ConditionOp::Within, "20", Unit::Seconds),
        ("under 20 s", ConditionOp::Under, "20", Unit::Seconds),
        ("in under 2 min", ConditionOp::Under, "2", Unit::Minutes),
        ("less than 1 hour", ConditionOp::Under, "1", Unit::Hours),
        ("at most 2 days", ConditionOp::AtMost, "2", Unit::Days),
        ("at least 10 sec", ConditionOp::AtLeast, "10", Unit::Seconds),
        ("over 4 h", ConditionOp::Over, "4", Unit::Hours),
        ("more than 30 minutes", ConditionOp::Over, "30", Unit::Minutes),
        ("within 4 business hours", ConditionOp::Within, "4", Unit::BusinessHours("office".into())),
        ("within 90 business minutes on office", ConditionOp::Within, "90", Unit::BusinessMinutes("office".into())),
        ("within 2 business days", ConditionOp::Within, "2", Unit::BusinessDays("office".into())),
    ];
    for (text, op, value, unit) in cases {
        let standard = parse_one(&format!("tickets resolved {text} 90% of the time"));
        assert_eq!(
            standard.kind,
            Kind::Compliance { condition: Some(cond(op, q(value, unit))), target: Target::AtLeast(dec("90")) },
            "{text}"
        );
    }
    let between = parse_one("calls answered between 2 and 5 rings 80% of the time");
    assert_eq!(
        between.kind,
        Kind::Compliance {
            condition: Some(Condition {
                op: ConditionOp::Between,
                quantity: q("2", Unit::Rings),
                upper: Some(q("5", Unit::Rings))
            }),
            target: Target::AtLeast(dec("80"))
        }
    );
}

#[test]
fn every_target_form() {
    let cases = [
        ("95% of the time", Target::AtLeast(dec("95"))),
        ("in 95% of cases", Target::AtLeast(dec("95"))),
        ("at least 99.9% of the time", Target::AtLeast(dec("99.9"))),
        ("at most 5% of the time", Target::AtMost(dec("5"))),
        ("always", Target::Always),
        ("every time", Target::Always),
        ("never", Target::Never),
    ];
    for (text, target) in cases {
        let standard = parse_one(&format!("calls answered within 20 seconds {text}"));
        assert_eq!(
            standard.kind,
            Kind::Compliance { condition: Some(cond(ConditionOp::Within, q("20", Unit::Seconds))), target },
            "{text}"
        );
        assert_eq!(standard.measure, answer_time());
    }
}

#[test]
fn every_aggregate_form() {
    let cases = [
        ("average", Statistic::Average),
        ("mean", Statistic::Average),
        ("median", Statistic::Median),
        ("p90", Statistic::Percentile(dec("90"))),
        ("90th percentile", Statistic::Percentile(dec("90"))),
        ("99.9th percentile", Statistic::Percentile(dec("99.9"))),
        ("minimum", Statistic::Minimum),
        ("maximum", Statistic::Maximum),
        ("total", Statistic::Total),
    ];
    for (text, statistic) in cases {
        let standard = parse_one(&format!("{text} handle time for calls at most 10 minutes"));
        assert_eq!(
            standard.kind,
            Kind::Aggregate { statistic, comparison: cond(ConditionOp::AtMost, q("10", Unit::Minutes)) },
            "{text}"
        );
        assert_eq!(standard.population, calls());
    }
    let nps = parse_one("nps of nps score at least 30 per quarter");
    assert_eq!(
        nps.kind,
        Kind::Aggregate { statistic: Statistic::Nps, comparison: cond(ConditionOp::AtLeast, q("30", Unit::None)) }
    );
    assert_eq!(nps.population, Population { subject: None, definition: None });
    assert_eq!(nps.window, window(Period::Quarter));
    let count = parse_one("count answered for calls at least 100 per day");
    assert!(matches!(count.kind, Kind::Aggregate { statistic: Statistic::Count, .. }));
}

#[test]
fn every_window_and_grouping_form() {
    for period in Period::ALL {
        let standard = parse_one(&format!("calls answered within 20 seconds 80% of the time per {}", period.word()));
        assert_eq!(standard.window, window(period));
    }
    let of_field = parse_one("tickets resolved within 2 days 90% of the time per day of resolved_at");
    assert_eq!(of_field.window, Some(Window { period: Period::Day, field: "resolved_at".into() }));
    let grouped = parse_one("calls answered within 20 seconds 80% of the time by team, agent and `by`");
    assert_eq!(grouped.grouping, ["team", "agent", "by"]);
    assert!(grouped.to_string().ends_with("by team, agent, `by`"));
}

#[test]
fn subjects_may_be_preceded_by_all_every_each() {
    for prefix in ["", "all ", "every ", "each "] {
        let standard = parse_one(&format!("{prefix}calls answered within 20 seconds always"));
        assert_eq!(standard.population, calls());
    }
    let all_records = Population { subject: Some("inquiries".into()), definition: None };
    assert_eq!(parse_one("every inquiry responded within 60 minutes always").population, all_records);
}

#[test]
fn the_service_level_formulas_of_section_10() {
    let abandoned_is_not_true = Filter::Test { field: "abandoned".into(), test: Test::Ne(Value::Bool(true)) };
    let cases = [
        ("", None),
        (" where abandoned is not true", Some(abandoned_is_not_true.clone())),
        (
            " where abandoned is not true or wait_seconds >= 5",
            Some(Filter::Or(vec![
                abandoned_is_not_true.clone(),
                Filter::Test { field: "wait_seconds".into(), test: Test::Ge(Value::Number(dec("5"))) },
            ])),
        ),
        (
            " where abandoned is not true or wait_seconds > 20",
            Some(Filter::Or(vec![
                abandoned_is_not_true,
                Filter::Test { field: "wait_seconds".into(), test: Test::Gt(Value::Number(dec("20"))) },
            ])),
        ),
    ];
    for (filter_text, filter) in cases {
        let standard = parse_one(&format!("calls answered within 20 seconds 80% of the time{filter_text}"));
        assert_eq!(standard.filter, filter, "{filter_text}");
        assert_eq!(standard.measure, answer_time());
    }
}

#[test]
fn filter_precedence_and_sql_null_forms() {
    let standard = parse_one(
        "calls answered within 20 seconds always where not team is \"training\" and (a in [1, 2] or b not in [\"x\"]) or c is missing or d is present or e != false",
    );
    let t = |field: &str, test: Test| Filter::Test { field: field.into(), test };
    let expected = Filter::Or(vec![
        Filter::And(vec![
            Filter::Not(Box::new(t("team", Test::Eq(s("training"))))),
            Filter::Or(vec![
                t("a", Test::In(vec![Value::Number(dec("1")), Value::Number(dec("2"))])),
                t("b", Test::NotIn(vec![s("x")])),
            ]),
        ]),
        t("c", Test::Missing),
        t("d", Test::Present),
        t("e", Test::Ne(Value::Bool(false))),
    ]);
    assert_eq!(standard.filter, Some(expected));
    assert!(standard.to_string().ends_with(
        "where not team is \"training\" and (a in [1, 2] or b not in [\"x\"]) or c is missing or d is present or e is not false"
    ));
}

#[test]
fn declarations_of_section_3() {
    let source = r#"
timezone "America/New_York"
calendar support:
  timezone "Europe/Paris"
  mon,wed 08:00-12:00
  mon-fri 13:00-24:00
  sat 22:00-02:00
  closed 2026-07-14 "Bastille Day"
  closed 2026-12-25
subject vip = tier in ["gold", "platinum"] and channel is present
measure time to triage = triaged_at - created_at
measure hold time = hold_minutes minutes
measure escalated = was_escalated
measure escalation level = escalation_level
standard "Level": average escalation level for tickets at most 2
standard "Triage": vip time to triage within 2 business hours 90% of the time
standard "Hold": average hold time for vip at most 3 minutes
standard "Escalation": tickets escalated never
"#;
    let standards = Standards::parse(source).unwrap_or_else(|d| panic!("{}", d.render_plain()));
    assert_eq!(standards.timezone(), chrono_tz::America::New_York);
    let support = &standards.calendars()[0];
    assert_eq!(support.timezone, Some(chrono_tz::Europe::Paris));
    assert_eq!(support.hours[1].end, 24 * 60);
    assert_eq!((support.hours[2].start, support.hours[2].end), (22 * 60, 2 * 60));
    assert_eq!(support.closed.len(), 2);
    let triage = standards.get("Triage").unwrap();
    assert_eq!(triage.measure.source, MeasureSource::Between { start: "created_at".into(), end: "triaged_at".into() });
    let hold = standards.get("Hold").unwrap();
    assert_eq!(
        hold.measure.source,
        MeasureSource::Field { field: "hold_minutes".into(), unit: Some(FieldUnit::Minutes) }
    );
    let escalation = standards.get("Escalation").unwrap();
    assert_eq!(escalation.measure.dimension, Dimension::Boolean);
    // The canonical file parses back to the same standards.
    let again = Standards::parse(&standards.to_string()).unwrap_or_else(|d| panic!("{}", d.render_plain()));
    assert_eq!(again, standards);
}

#[test]
fn measures_sharing_a_phrase_are_picked_by_unit() {
    assert_eq!(parse_one("calls answered within 3 rings always").measure, rings_measure());
    assert_eq!(parse_one("calls answered within 20 seconds always").measure, answer_time());
}

#[test]
fn keywords_are_case_insensitive_and_statements_span_lines() {
    let standard = parse_one("CALLS answered\n   WITHIN 20 Seconds\n   95% OF THE TIME PER Day BY team");
    assert_eq!(standard.to_string(), "calls answered within 20 seconds 95% of the time per day by team");
}
