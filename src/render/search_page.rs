//! The full-text search page, `/recherche/` (when `search:` is on in
//! `site.yaml`): its form, the place for the results `static/search.js`
//! finds with the Pagefind index (src/search.rs), and, without JavaScript,
//! the way to the site map. It is not itself in the index: its `<main>` has
//! no `data-pagefind-body` (see base.html).

use super::Renderer;
use super::context::Empty;
use crate::diagnostic::Diagnostic;
use crate::paths::SEARCH_PATH;

impl Renderer<'_> {
    pub(super) fn search_page(&self) -> Result<String, Diagnostic> {
        let mut ctx = self.page_ctx("Rechercher", SEARCH_PATH, "search", vec![self.home_link()]);
        ctx.description = Some("Rechercher dans toute la collection.".into());
        self.templates
            .render("search.html", &self.site_ctx, &ctx, &Empty {})
    }
}
