//! SPEC §4 as a property: decimals with up to 15 digits before and 9 after
//! the point, written in any of JSON's forms, are summed and averaged
//! exactly — in any order, across any split into shards, from NDJSON or
//! CSV. The expected verdicts come from plain integer arithmetic on the
//! generated digits, in this file.

use proptest::prelude::*;
use yardstick::{Plan, ScoreOptions, Scorer, Standards};

/// One generated value: sign, whole part and nine decimals, in billionths,
/// and how to write it.
#[derive(Clone, Debug)]
struct Value {
    nanos: i128,
    form: u8,
}

impl Value {
    /// The value as a JSON number, in one of several equivalent forms.
    fn text(&self) -> String {
        let sign = if self.nanos < 0 { "-" } else { "" };
        let abs = self.nanos.unsigned_abs();
        let (whole, fraction) = (abs / 1_000_000_000, abs % 1_000_000_000);
        match self.form % 4 {
            // 12.500000000
            0 => format!("{sign}{whole}.{fraction:09}"),
            // 12.5 (or 12)
            1 => {
                let fraction = format!("{fraction:09}");
                let fraction = fraction.trim_end_matches('0');
                if fraction.is_empty() {
                    format!("{sign}{whole}")
                } else {
                    format!("{sign}{whole}.{fraction}")
                }
            }
            // 12500000000e-9
            2 => format!("{sign}{abs}e-9"),
            // 1.25E1 style: all digits after the first, exponent adjusted
            _ => {
                let all = abs.to_string();
                let exponent = all.len() as i64 - 1 - 9;
                let digits = all.trim_end_matches('0');
                let digits = if digits.is_empty() { "0" } else { digits };
                format!("{sign}{}.{}E{exponent}", &digits[..1], if digits.len() > 1 { &digits[1..] } else { "0" })
            }
        }
    }
}

/// Values with fewer than `max_whole` before the point; durations are
/// never negative.
fn values(max_whole: i128, negative: bool) -> impl Strategy<Value = Vec<Value>> {
    let limit = max_whole * 1_000_000_000;
    let low = if negative { -limit + 1 } else { 0 };
    prop::collection::vec((low..limit, any::<u8>()).prop_map(|(nanos, form)| Value { nanos, form }), 1..30)
}

/// `nanos` (billionths) as decimal text.
fn decimal(nanos: i128) -> String {
    Value { nanos, form: 1 }.text()
}

/// The most digits the `.std` language allows in a number: 15, counted as
/// its parser counts them (whole part without leading zeros, fraction
/// without trailing zeros).
fn fits_std(text: &str) -> bool {
    let digits = text.trim_start_matches('-');
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    whole.trim_start_matches('0').len() + fraction.trim_end_matches('0').len() <= 15
}

/// The largest number at most `nanos` that a `.std` file can write: `nanos`
/// rounded down at the first power of ten that makes it fit.
fn std_floor(nanos: i128) -> i128 {
    let mut step = 1i128;
    loop {
        let floor = nanos.div_euclid(step) * step;
        if fits_std(&decimal(floor)) {
            return floor;
        }
        step *= 10;
    }
}

/// The standards: totals and averages of a plain number and of a field in
/// days, each against a bound that is the exact sum (or average) rounded
/// down to what a `.std` file can write.
fn standards(score_total: i128, score_average: i128, days_total_seconds: i128) -> String {
    format!(
        "measure score = score\n\
         measure span = span_days days\n\
         standard \"total at most\": total score for interactions at most {t}\n\
         standard \"total over\": total score for interactions over {t}\n\
         standard \"average over\": average score for interactions over {a}\n\
         standard \"average at least\": average score for interactions at least {a}\n\
         standard \"days total at most\": total span for interactions at most {d} seconds\n",
        t = decimal(score_total),
        a = decimal(score_average),
        d = decimal(days_total_seconds),
    )
}

fn passed(card: &serde_json::Value, name: &str) -> bool {
    let standard = card["standards"].as_array().unwrap().iter().find(|s| s["name"] == name).unwrap();
    standard["results"][0]["passed"].as_bool().unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn decimals_sum_and_average_exactly(
        scores in values(10_000_000_000_000, true),
        days in values(100_000_000, false),
        order in any::<u64>(),
        shards in 1usize..5,
    ) {
        let n = scores.len().min(days.len());
        let (scores, days) = (&scores[..n], &days[..n]);
        // The exact results, in billionths (of one, and of a second).
        let sum: i128 = scores.iter().map(|v| v.nanos).sum();
        let days_seconds: i128 = days.iter().map(|v| v.nanos * 86_400).sum();
        let total_bound = std_floor(sum);
        let average_bound = std_floor(sum.div_euclid(n as i128));
        let days_bound = std_floor(days_seconds);
        let text = standards(total_bound, average_bound, days_bound);
        let standards: Standards = text.parse().unwrap_or_else(|d: yardstick::Diagnostics| panic!("{}", d.render_plain()));
        let plan = Plan::compile(&standards).unwrap();

        // One pass over NDJSON.
        let lines: Vec<String> = (0..n)
            .map(|i| format!("{{\"score\":{},\"span_days\":{}}}", scores[i].text(), days[i].text()))
            .collect();
        let mut one = Scorer::new(&plan, ScoreOptions::default());
        one.feed_ndjson(lines.join("\n").as_bytes(), "one").unwrap();
        let one_card = serde_json::to_value(one.scorecard()).unwrap();

        // The same values from CSV, shuffled and split into shards, merged.
        let mut rows: Vec<usize> = (0..n).collect();
        let mut state = order | 1;
        for i in (1..rows.len()).rev() {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17;
            rows.swap(i, (state % (i as u64 + 1)) as usize);
        }
        let mut merged = Scorer::new(&plan, ScoreOptions::default());
        for shard in 0..shards {
            let mut csv = String::from("score,span_days\n");
            for &i in rows.iter().skip(shard).step_by(shards) {
                csv.push_str(&format!("{},{}\n", scores[i].text(), days[i].text()));
            }
            let mut part = Scorer::new(&plan, ScoreOptions::default());
            part.feed_csv(csv.as_bytes(), "shard").unwrap();
            merged.merge(part).unwrap();
        }
        let merged_card = serde_json::to_value(merged.scorecard()).unwrap();
        prop_assert_eq!(&one_card, &merged_card);

        // The verdicts, from integers: the bounds are the sums rounded down.
        prop_assert_eq!(passed(&one_card, "total at most"), sum == total_bound);
        prop_assert_eq!(passed(&one_card, "total over"), sum > total_bound);
        prop_assert_eq!(passed(&one_card, "average over"), sum > average_bound * n as i128);
        prop_assert!(passed(&one_card, "average at least"));
        prop_assert_eq!(passed(&one_card, "days total at most"), days_seconds == days_bound);
        // The reported total is the exact sum, to a float's precision.
        let total = one_card["standards"][0]["results"][0]["value"].as_f64().unwrap();
        prop_assert!((total - sum as f64 / 1e9).abs() <= (sum as f64 / 1e9).abs() * 1e-15 + 1e-9);
    }
}

#[test]
fn every_form_reads_back_as_its_value() {
    // The generator's forms, checked by hand for one value: 12.5.
    let forms: Vec<String> = (0..4).map(|form| Value { nanos: 12_500_000_000, form }.text()).collect();
    assert_eq!(forms, ["12.500000000", "12.5", "12500000000e-9", "1.25E1"]);
    assert_eq!(Value { nanos: -7, form: 3 }.text(), "-7.0E-9");
    assert_eq!(std_floor(1_234_567_890_123_456_789), 1_234_567_890_123_450_000);
    assert_eq!(decimal(1_234_567_890_123_450_000), "1234567890.12345");
}
