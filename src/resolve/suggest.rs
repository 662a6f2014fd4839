//! « Did you mean » for `@/` links to pages that do not exist. The search
//! runs once per distinct wrong path (a typo copied on many pages costs
//! one), over the link targets in a stable order, so the hint never
//! depends on hashing.

use super::LinkTarget;
use std::collections::HashMap;
use std::sync::Mutex;

#[derive(Debug, Default)]
pub(crate) struct PageSuggestions {
    /// Source paths of every page, sorted.
    candidates: Vec<String>,
    /// Wrong path → suggestion, filled as pages are rendered (in parallel).
    memo: Mutex<HashMap<String, Option<String>>>,
}

impl Clone for PageSuggestions {
    fn clone(&self) -> Self {
        PageSuggestions {
            candidates: self.candidates.clone(),
            memo: Mutex::default(),
        }
    }
}

impl PageSuggestions {
    pub(crate) fn new(links: &HashMap<String, LinkTarget>) -> Self {
        let mut candidates: Vec<String> = links.keys().cloned().collect();
        candidates.sort();
        PageSuggestions {
            candidates,
            memo: Mutex::default(),
        }
    }

    /// The existing page path closest to `wrong`, if one is close.
    pub(crate) fn closest(&self, wrong: &str) -> Option<String> {
        let memo = |m: &Mutex<HashMap<String, Option<String>>>| {
            m.lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .get(wrong)
                .cloned()
        };
        if let Some(known) = memo(&self.memo) {
            return known;
        }
        let found = crate::diagnostic::closest(wrong, self.candidates.iter().map(String::as_str))
            .map(str::to_string);
        self.memo
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(wrong.to_string(), found.clone());
        found
    }
}
