//! Checking a standard's tail (window, grouping, `where`) and its filters.

use super::*;

impl Checker<'_> {
    /// Window, grouping and filter; each `None` when it had an error.
    #[allow(clippy::type_complexity)]
    pub(super) fn tail(
        &mut self,
        tail: &ast::Tail,
    ) -> (Option<Option<Window>>, Option<Vec<String>>, Option<Option<Filter>>) {
        let window = match &tail.window {
            None => Some(None),
            Some(w) => match vocabulary::period(&w.period.text) {
                Some(period) => {
                    let field = w.field.as_ref().map_or(DEFAULT_WINDOW_FIELD.to_string(), |f| f.text.clone());
                    Some(Some(Window { period, field }))
                }
                None => {
                    let help = match closest(&w.period.text, Period::ALL.iter().map(|p| p.word())) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => "periods are hour, day, week, month, quarter and year".to_string(),
                    };
                    self.error(Error::new(ErrorKind::UnknownPeriod(w.period.text.clone()), w.period.span).help(help));
                    None
                }
            },
        };
        let mut grouping: Vec<String> = Vec::new();
        let mut grouping_ok = true;
        for field in &tail.grouping {
            if grouping.contains(&field.text) {
                self.error(Error::new(
                    ErrorKind::Duplicate { what: "grouping field", name: field.text.clone() },
                    field.span,
                ));
                grouping_ok = false;
            }
            grouping.push(field.text.clone());
        }
        let filter = match &tail.filter {
            None => Some(None),
            Some(f) => self.filter(f).map(Some),
        };
        (window, grouping_ok.then_some(grouping), filter)
    }

    /// Checks a filter's values and flattens nested `and`s and `or`s.
    pub(super) fn filter(&mut self, filter: &ast::Filter) -> Option<Filter> {
        match filter {
            ast::Filter::Test { field, test } => {
                let test = match test {
                    ast::Test::Is(v) => Test::Eq(self.value(v)?),
                    ast::Test::IsNot(v) => Test::Ne(self.value(v)?),
                    ast::Test::Compare(op, v) => {
                        let v = self.value(v)?;
                        match op.as_str() {
                            "=" => Test::Eq(v),
                            "!=" => Test::Ne(v),
                            "<" => Test::Lt(v),
                            "<=" => Test::Le(v),
                            ">" => Test::Gt(v),
                            _ => Test::Ge(v),
                        }
                    }
                    ast::Test::In(vs) => Test::In(self.values(vs)?),
                    ast::Test::NotIn(vs) => Test::NotIn(self.values(vs)?),
                    ast::Test::Missing => Test::Missing,
                    ast::Test::Present => Test::Present,
                };
                Some(Filter::Test { field: field.text.clone(), test })
            }
            ast::Filter::Not(inner) => Some(Filter::Not(Box::new(self.filter(inner)?))),
            ast::Filter::And(items) => self.flatten(items, true),
            ast::Filter::Or(items) => self.flatten(items, false),
        }
    }

    pub(super) fn flatten(&mut self, items: &[ast::Filter], and: bool) -> Option<Filter> {
        let mut out = Vec::with_capacity(items.len());
        let mut ok = true;
        for item in items {
            match self.filter(item) {
                Some(Filter::And(inner)) if and => out.extend(inner),
                Some(Filter::Or(inner)) if !and => out.extend(inner),
                Some(f) => out.push(f),
                None => ok = false,
            }
        }
        ok.then_some(if and { Filter::And(out) } else { Filter::Or(out) })
    }

    pub(super) fn values(&mut self, values: &[ast::Value]) -> Option<Vec<Value>> {
        let checked: Vec<Option<Value>> = values.iter().map(|v| self.value(v)).collect();
        checked.into_iter().collect()
    }

    pub(super) fn value(&mut self, value: &ast::Value) -> Option<Value> {
        Some(match value {
            ast::Value::String(s) => Value::String(s.clone()),
            ast::Value::Bool(b) => Value::Bool(*b),
            ast::Value::Number(word) => Value::Number(self.number(word)?),
        })
    }
}
