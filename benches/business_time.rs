//! Business-time arithmetic: `elapsed` must cost about the same over an hour,
//! a week and a year, and `deadline` about the same for 1 and 250 days.

use std::hint::black_box;
use std::time::Instant;

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use yardstick::business::BusinessCalendar;
use yardstick::Standards;

const OFFICE: &str = r#"
timezone "Europe/London"
calendar office:
  mon-fri 09:00-17:30
  closed 2026-01-01 "New Year's Day"
  closed 2026-04-03 "Good Friday"
  closed 2026-04-06 "Easter Monday"
  closed 2026-05-04 "Early May bank holiday"
  closed 2026-05-25 "Spring bank holiday"
  closed 2026-08-31 "Summer bank holiday"
  closed 2026-12-25 "Christmas Day"
  closed 2026-12-28 "Boxing Day (substitute)"
  closed 2027-01-01 "New Year's Day"
  closed 2027-03-26 "Good Friday"
"#;

fn office() -> BusinessCalendar {
    let file = Standards::parse(OFFICE).expect("the bench calendar parses");
    let calendar = file.calendar("office").expect("it declares office");
    let started = Instant::now();
    let office = BusinessCalendar::new(calendar, file.timezone());
    eprintln!("BusinessCalendar::new, first in the process (scans Europe/London): {:?}", started.elapsed());
    office
}

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 10, 0, 0).unwrap()
}

fn business_time(c: &mut Criterion) {
    let office = office();
    let mut group = c.benchmark_group("business_time");
    group.throughput(Throughput::Elements(1));
    for (name, length) in [
        ("elapsed/1 hour", TimeDelta::hours(1)),
        ("elapsed/1 week", TimeDelta::weeks(1)),
        ("elapsed/1 year", TimeDelta::days(365)),
    ] {
        let (from, to) = (start(), start() + length);
        group.bench_function(name, |b| b.iter(|| office.elapsed(black_box(from), black_box(to))));
    }
    for days in [1, 250] {
        group.bench_function(format!("deadline/{days} days"), |b| {
            b.iter(|| office.deadline(black_box(start()), black_box(days)))
        });
    }
    group.bench_function("new (zone already scanned)", |b| {
        let file = Standards::parse(OFFICE).expect("the bench calendar parses");
        let calendar = file.calendar("office").expect("it declares office");
        b.iter(|| BusinessCalendar::new(black_box(calendar), file.timezone()))
    });
    group.finish();
}

criterion_group!(benches, business_time);
criterion_main!(benches);
