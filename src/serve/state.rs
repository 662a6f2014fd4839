//! What the connections share: the site being served, the current build
//! error and the open event streams. One lock guards the three, so a page
//! that subscribes never misses the event that follows what it saw.
//! The site itself is an immutable snapshot: a rebuild swaps in a new one.

use crate::serve::printed::Printed;
use crate::serve::reload::Event;
use crate::serve::site::ServedSite;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

pub(crate) struct State {
    inner: Mutex<Inner>,
    /// Lays the printed volumes out when they are requested.
    printed: Option<Printed>,
}

struct Inner {
    site: Arc<ServedSite>,
    /// The overlay of the failed build, while it lasts.
    error: Option<String>,
    clients: Vec<Sender<Arc<str>>>,
}

impl State {
    pub(crate) fn new(site: ServedSite, error: Option<String>) -> State {
        State {
            inner: Mutex::new(Inner {
                site: Arc::new(site),
                error,
                clients: Vec::new(),
            }),
            printed: None,
        }
    }

    /// The same, serving the printed volumes on request.
    pub(crate) fn with_printed(mut self, printed: Option<Printed>) -> State {
        self.printed = printed;
        self
    }

    pub(crate) fn printed(&self) -> Option<&Printed> {
        self.printed.as_ref()
    }

    // A panic elsewhere cannot leave the data half-updated (every update is
    // a single assignment), so a poisoned lock is still usable.
    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn site(&self) -> Arc<ServedSite> {
        Arc::clone(&self.lock().site)
    }

    /// A stream of SSE-formatted events for a page showing `version` of
    /// `page` (`data-page`, `data-version`): first a reload if that page
    /// changed since it was loaded, then the current error, if any.
    pub(crate) fn subscribe(&self, shown: Option<(&str, &str)>) -> Receiver<Arc<str>> {
        let (tx, rx) = channel();
        let mut inner = self.lock();
        if let Some((page, version)) = shown
            && inner.site.version_of(page) != version
        {
            let _ = tx.send(Event::Reload(vec![page.to_string()]).to_sse().into());
        }
        if let Some(html) = &inner.error {
            let _ = tx.send(Event::BuildError(html.clone()).to_sse().into());
        }
        inner.clients.push(tx);
        rx
    }

    /// Serves `next` and tells the pages what changed. Returns the changed
    /// URLs. Only the rebuild thread publishes, so the diff can be computed
    /// outside the lock.
    pub(crate) fn publish_site(&self, next: ServedSite) -> Vec<String> {
        let current = self.site();
        let changed = current.changed(&next);
        let mut inner = self.lock();
        let had_error = inner.error.take().is_some();
        inner.site = Arc::new(next);
        if !changed.is_empty() {
            broadcast(&mut inner, &Event::Reload(changed.clone()));
        } else if had_error {
            broadcast(&mut inner, &Event::Clear);
        }
        changed
    }

    /// Keeps the current site and shows `overlay` on the open pages.
    pub(crate) fn publish_error(&self, overlay: String) {
        let mut inner = self.lock();
        let event = Event::BuildError(overlay.clone());
        inner.error = Some(overlay);
        broadcast(&mut inner, &event);
    }

    pub(crate) fn has_error(&self) -> bool {
        self.lock().error.is_some()
    }

    /// Open event streams (for the tests).
    #[cfg(test)]
    fn clients(&self) -> usize {
        self.lock().clients.len()
    }
}

fn broadcast(inner: &mut Inner, event: &Event) {
    let text: Arc<str> = event.to_sse().into();
    inner
        .clients
        .retain(|tx| tx.send(Arc::clone(&text)).is_ok());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::{OutputFile, RenderedSite};

    fn site(body: &str) -> ServedSite {
        let r = RenderedSite {
            files: vec![OutputFile {
                path: "index.html".into(),
                bytes: body.as_bytes().to_vec(),
            }],
            pages: 1,
        };
        ServedSite::new(&r, "/")
    }

    #[test]
    fn subscribers_see_errors_then_recovery() {
        let state = State::new(site("a"), None);
        let rx = state.subscribe(None);
        state.publish_error("<p>broken</p>".into());
        assert!(rx.try_recv().unwrap().contains("event: build-error"));
        // A page opened during the error sees it at once.
        let late = state.subscribe(None);
        assert!(late.try_recv().unwrap().contains("<p>broken</p>"));
        // Same bytes again: only the overlay goes away.
        assert!(state.publish_site(site("a")).is_empty());
        assert_eq!(&*rx.try_recv().unwrap(), "event: clear\ndata: ok\n\n");
        assert!(!state.has_error());
        assert_eq!(state.publish_site(site("b")), ["/index.html"]);
        assert!(rx.try_recv().unwrap().contains("data: /index.html"));
        // Nothing changed and no error: nothing sent.
        state.publish_site(site("b"));
        assert!(rx.try_recv().is_err());
    }

    #[test]
    fn a_page_that_changed_while_away_is_reloaded() {
        let state = State::new(site("a"), None);
        let current = crate::serve::reload::digest(b"a");
        let rx = state.subscribe(Some(("/index.html", &current)));
        assert!(rx.try_recv().is_err(), "up to date: nothing to do");
        let rx = state.subscribe(Some(("/index.html", "0123")));
        assert_eq!(
            &*rx.try_recv().unwrap(),
            "event: reload\ndata: /index.html\n\n"
        );
        let waiting = State::new(ServedSite::unavailable(), Some("<p>e</p>".into()));
        let rx = waiting.subscribe(Some(("", crate::serve::site::UNAVAILABLE)));
        assert!(rx.try_recv().unwrap().contains("build-error"));
    }

    #[test]
    fn closed_streams_are_dropped() {
        let state = State::new(site("a"), None);
        drop(state.subscribe(None));
        let _open = state.subscribe(None);
        state.publish_site(site("b"));
        assert_eq!(state.clients(), 1);
    }
}
