//! "Did you mean …?": the closest known name to a misspelled one.

/// The candidate closest to `word`, if it is close enough to be a likely
/// misspelling: at most one edit for short words, about one in four for
/// longer ones. Case is ignored; an exact match is not a suggestion.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word = word.to_lowercase();
    let length = word.chars().count();
    let allowed = allowed_edits(length);
    candidates
        .into_iter()
        .filter(|c| !c.eq_ignore_ascii_case(&word))
        .filter(|c| worth_comparing(length, c))
        .map(|c| (strsim::damerau_levenshtein(&word, &c.to_lowercase()), c))
        .filter(|(distance, _)| *distance <= allowed)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, c)| c)
}

/// Edits allowed for a word of `length` characters.
fn allowed_edits(length: usize) -> usize {
    match length {
        0..=2 => 0,
        3..=5 => 1,
        n => 1 + n / 4,
    }
}

/// The distance is at least the difference in length: skipping the
/// candidates it already rules out changes no answer, and keeps a 64 KiB
/// "time zone" from costing seconds against every zone name (the edit
/// distance is quadratic).
fn worth_comparing(length: usize, candidate: &str) -> bool {
    length.abs_diff(candidate.chars().count()) <= allowed_edits(length)
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn finds_near_misses_only() {
        assert_eq!(closest("rigns", ["seconds", "rings"]), Some("rings"));
        assert_eq!(closest("withn", ["within", "under"]), Some("within"));
        assert_eq!(closest("Europe/Londn", ["Europe/London", "Europe/Paris"]), Some("Europe/London"));
        assert_eq!(closest("banana", ["rings", "seconds"]), None);
        assert_eq!(closest("rings", ["rings"]), None);
    }

    /// A huge word is compared with no candidate (it is too long to be a
    /// misspelling of any), so no quadratic edit distance is computed; the
    /// time it takes is measured in `benches/hostile_inputs.rs`.
    #[test]
    fn huge_words_are_not_compared() {
        let huge = "x".repeat(1 << 20);
        let zones = || chrono_tz::TZ_VARIANTS.iter().map(|z| z.name());
        assert!(zones().all(|zone| !super::worth_comparing(1 << 20, zone)));
        assert_eq!(closest(&huge, zones()), None);
        assert_eq!(closest("Europe/Londonn", chrono_tz::TZ_VARIANTS.iter().map(|z| z.name())), Some("Europe/London"));
    }
}
