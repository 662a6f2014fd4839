//! Pagefind's index format, written by us: each page is read, stemmed and
//! packed on its own (in parallel: [`PageRecord::new`]), then the records
//! are merged in URL order ([`Merger`]), so page numbers, and every byte,
//! are the same whatever the number of threads.
//!
//! The files, all but the entry gzipped after the 12 bytes `pagefind_dcd`,
//! as Pagefind 1.6's reader (`pagefind.js` and its WebAssembly, published
//! unchanged) loads them:
//! - `fragment/<hash>.pf_fragment`: one per page, JSON: URL, text (the
//!   words joined by spaces, which the reader cuts excerpts from), word
//!   count, filters, meta (`title`), anchors;
//! - `index/<hash>.pf_index`: the words in byte order, cut in chunks, CBOR:
//!   per word, per page (its number as the difference from the previous
//!   one), the word's positions (deltas; a negative number `-w-1` sets the
//!   weight `w` and the next number is a position) and its positions in
//!   the meta fields; and the same per accented spelling;
//! - `pagefind.<hash>.pf_meta`: CBOR: version, pages (fragment hash, word
//!   count), the chunks (first and last word, hash), filters, sorts, meta
//!   field names;
//! - `pagefind-entry.json`: version, the language (`fr`: its meta hash, its
//!   WebAssembly, page count), the word symbols.
//!
//! CBOR structures are arrays of their fields in order, as Pagefind's
//! `minicbor` encodes them. A unit test compares our chunks with those
//! Pagefind's own indexer writes for the same pages.

use super::extract::{Anchor, Extracted};
use super::words;
use serde::Serialize;
use siphasher::sip128::{Hasher128, SipHasher13};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::Hasher;

/// Pagefind's default size of a word chunk (positions and pages counted).
const CHUNK_SIZE: usize = 20_000;

/// A word's positions on one page: text and meta fields.
#[derive(Debug, Default, Clone)]
struct Locs {
    text: Vec<(u32, u8)>,
    meta: Vec<(u16, u32)>,
}

/// The terms of one page, packed in one buffer (a page has hundreds of
/// terms: one allocation rather than a few per term, which matters when
/// records wait to be merged — see `search::Prepared`). Per term, in stem
/// order: the stem, then the positions of its unaccented spelling (if
/// met), then its accented spellings in byte order with their positions;
/// lengths and counts as LEB128.
#[derive(Debug, Default)]
struct PageTerms(Vec<u8>);

/// Appends `n` as LEB128 (7 bits a byte, low bits first).
fn put_leb(out: &mut Vec<u8>, mut n: u64) {
    loop {
        let byte = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// Reads a number [`put_leb`] wrote from the start of `bytes`, and moves
/// past it (0 at the end of the bytes).
fn take_leb(bytes: &mut &[u8]) -> u64 {
    let mut n = 0u64;
    let mut shift = 0;
    while let Some((&byte, rest)) = bytes.split_first() {
        *bytes = rest;
        if shift < 64 {
            n |= u64::from(byte & 0x7f) << shift;
        }
        shift += 7;
        if byte & 0x80 == 0 {
            break;
        }
    }
    n
}

/// A signed number as [`put_leb`] takes it: small magnitudes, either
/// sign, in one byte.
fn zigzag(n: i32) -> u64 {
    u64::from(((n << 1) ^ (n >> 31)) as u32)
}

fn unzigzag(n: u64) -> i32 {
    let n = n as u32;
    ((n >> 1) as i32) ^ -((n & 1) as i32)
}

impl PageTerms {
    fn len(&mut self, n: usize) {
        put_leb(&mut self.0, n as u64);
    }

    fn str(&mut self, s: &str) {
        self.len(s.len());
        self.0.extend_from_slice(s.as_bytes());
    }

    fn encoded(&mut self, e: &Encoded) {
        self.len(e.size);
        self.len(e.bytes.len());
        self.0.extend_from_slice(&e.bytes);
    }

    /// Adds one term: its stem, unaccented positions, accented spellings.
    fn push(&mut self, stem: &str, plain: Option<&Encoded>, variants: &[(String, Encoded)]) {
        self.str(stem);
        match plain {
            Some(e) => {
                self.0.push(1);
                self.encoded(e);
            }
            None => self.0.push(0),
        }
        self.len(variants.len());
        for (form, e) in variants {
            self.str(form);
            self.encoded(e);
        }
    }

    fn reader(&self) -> TermReader<'_> {
        TermReader(&self.0)
    }
}

/// One spelling's positions as [`PageTerms`] holds them: (numbers held,
/// CBOR bytes).
type Positions<'a> = (usize, &'a [u8]);

/// Reads back what [`PageTerms`] wrote (never bytes of another origin).
struct TermReader<'a>(&'a [u8]);

impl<'a> TermReader<'a> {
    fn len(&mut self) -> usize {
        take_leb(&mut self.0) as usize
    }

    fn bytes(&mut self) -> &'a [u8] {
        let n = self.len().min(self.0.len());
        let (taken, rest) = self.0.split_at(n);
        self.0 = rest;
        taken
    }

    fn str(&mut self) -> &'a str {
        std::str::from_utf8(self.bytes()).unwrap_or_default()
    }

    fn encoded(&mut self) -> Positions<'a> {
        let size = self.len();
        (size, self.bytes())
    }

    /// The next term: its stem, unaccented positions and the number of
    /// accented spellings that follow (read each with `variant`).
    fn term(&mut self) -> Option<(&'a str, Option<Positions<'a>>, usize)> {
        if self.0.is_empty() {
            return None;
        }
        let stem = self.str();
        let plain = match self.0.split_first() {
            Some((&1, rest)) => {
                self.0 = rest;
                Some(self.encoded())
            }
            Some((_, rest)) => {
                self.0 = rest;
                None
            }
            None => None,
        };
        let variants = self.len();
        Some((stem, plain, variants))
    }

    fn variant(&mut self) -> (&'a str, Positions<'a>) {
        let form = self.str();
        (form, self.encoded())
    }
}

/// A word's positions on one page, as the reader decodes them.
#[derive(Debug, Clone)]
struct Packed {
    locs: Vec<i32>,
    meta_locs: Vec<i32>,
}

/// [`Packed`] positions in the compact form the merger keeps until the
/// chunks are written (a few bytes per word and page; at 10 000 pages
/// these postings are most of what search adds to a build's memory):
/// each array as its length then its numbers, LEB128, signed numbers
/// zigzagged; [`transcode`] turns page entries into the reader's CBOR.
/// `size`: how many numbers they hold.
#[derive(Debug, Clone)]
struct Encoded {
    bytes: Vec<u8>,
    size: usize,
}

impl Packed {
    fn encode(&self) -> Encoded {
        let mut bytes = Vec::with_capacity(self.locs.len() + self.meta_locs.len() + 2);
        for list in [&self.locs, &self.meta_locs] {
            put_leb(&mut bytes, list.len() as u64);
            for v in list {
                put_leb(&mut bytes, zigzag(*v));
            }
        }
        Encoded {
            bytes,
            size: self.locs.len() + self.meta_locs.len(),
        }
    }
}

/// Writes into `c`, as the reader's CBOR, the page entries of compact
/// postings (each: its page number's difference, then the two arrays of
/// [`Encoded`]); `count` entries.
fn transcode(c: &mut Cbor, mut compact: &[u8], count: usize) {
    for _ in 0..count {
        c.array(3);
        c.uint(take_leb(&mut compact));
        for _ in 0..2 {
            let n = take_leb(&mut compact) as usize;
            c.array(n);
            for _ in 0..n {
                c.int(unzigzag(take_leb(&mut compact)));
            }
        }
    }
}

/// One page, ready to merge.
#[derive(Debug)]
pub(crate) struct PageRecord {
    /// Whether the page marks its indexed part (see `extract`).
    pub marked: bool,
    word_count: u32,
    /// The fragment, gzipped, and the hash it is named by.
    fragment: Vec<u8>,
    fragment_hash: String,
    terms: PageTerms,
}

#[derive(Serialize)]
struct Fragment<'a> {
    url: &'a str,
    content: String,
    word_count: usize,
    filters: BTreeMap<String, Vec<String>>,
    meta: BTreeMap<&'static str, &'a str>,
    anchors: &'a [Anchor],
}

impl Serialize for Anchor {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Anchor", 4)?;
        st.serialize_field("element", &self.element)?;
        st.serialize_field("id", &self.id)?;
        st.serialize_field("text", &self.text)?;
        st.serialize_field("location", &self.location)?;
        st.end()
    }
}

impl PageRecord {
    /// About how many bytes of memory the record holds.
    pub(crate) fn held_bytes(&self) -> usize {
        std::mem::size_of::<Self>() + self.fragment.len() + self.terms.0.len() + 64
    }

    /// Reads `html` published at `url`. `None` for a page without words.
    pub(crate) fn new(
        url: &str,
        html: &str,
        cache: &mut words::Cache,
        gz: &mut Gzip,
    ) -> Option<PageRecord> {
        let Extracted {
            marked,
            words,
            title,
            anchors,
        } = super::extract::extract(html);
        if words.is_empty() {
            return None;
        }
        // The positions of each spelling met on the page, by its number.
        let mut page = Spellings::default();
        let content = page.add_text(&words, cache);
        if let Some(title) = &title {
            page.add_title(title, cache);
        }
        let mut meta = BTreeMap::new();
        if let Some(title) = &title {
            meta.insert("title", title.as_str());
        }
        let fragment = Fragment {
            url,
            content,
            word_count: words.len(),
            filters: BTreeMap::new(),
            meta,
            anchors: &anchors,
        };
        let json = serde_json::to_vec(&fragment).ok()?;
        let fragment_hash = hex_hash(&json);
        let terms = page.into_terms(cache);
        Some(PageRecord {
            marked,
            word_count: words.len() as u32,
            fragment: gz.gzip(&json),
            fragment_hash,
            terms,
        })
    }
}

/// The positions of each spelling (by its number in the word cache) met on
/// one page.
#[derive(Default)]
struct Spellings {
    /// Spelling number → index in `found`, `u32::MAX` when not met.
    slots: Vec<u32>,
    found: Vec<(u32, Locs)>,
}

impl Spellings {
    /// The positions of spelling `number`, made on first use; `count` is
    /// the number of spellings the cache knows.
    fn at(&mut self, number: u32, count: usize) -> &mut Locs {
        if self.slots.len() < count {
            self.slots.resize(count, u32::MAX);
        }
        let slot = &mut self.slots[number as usize];
        if *slot == u32::MAX {
            *slot = self.found.len() as u32;
            self.found.push((number, Locs::default()));
        }
        &mut self.found[*slot as usize].1
    }

    /// The positions of the page's words (with their weights, a compound's
    /// parts sharing its weight); returns the page's text, words joined by
    /// spaces.
    fn add_text(&mut self, words: &[(String, u8)], cache: &mut words::Cache) -> String {
        let mut content = String::with_capacity(words.iter().map(|w| w.0.len() + 1).sum());
        for (position, (word, weight)) in words.iter().enumerate() {
            if position > 0 {
                content.push(' ');
            }
            content.push_str(word);
            let terms = cache.terms(word);
            let parts = terms.iter().filter(|t| t.1).count();
            let part_weight = if parts > 0 && *weight > 0 {
                (weight / parts.min(255) as u8).max(1)
            } else {
                0
            };
            let count = cache.spelling_count();
            for &(number, part) in cache.terms(word) {
                let w = if part { part_weight } else { *weight };
                self.at(number, count).text.push((position as u32, w));
            }
        }
        content
    }

    /// The title's words, as the meta field 0 (the only one).
    fn add_title(&mut self, title: &str, cache: &mut words::Cache) {
        for (position, word) in title.split_whitespace().enumerate() {
            cache.terms(word);
            let count = cache.spelling_count();
            for &(number, _) in cache.terms(word) {
                self.at(number, count).meta.push((0, position as u32));
            }
        }
    }

    /// The page's terms: by stem, the unaccented spelling first, then the
    /// accented ones in byte order, each with its packed positions.
    fn into_terms(self, cache: &words::Cache) -> PageTerms {
        let mut found = self.found;
        found.sort_unstable_by(|a, b| cache.spelling(a.0).cmp(cache.spelling(b.0)));
        let mut terms = PageTerms(Vec::with_capacity(found.len() * 16));
        // The term being gathered: its stem, unaccented and accented
        // spellings.
        let mut stem: Option<&str> = None;
        let mut plain = None;
        let mut variants: Vec<(String, Encoded)> = Vec::new();
        for (number, locs) in found {
            let (s, original) = cache.spelling(number);
            let packed = pack(locs).encode();
            if stem != Some(s.as_str()) {
                if let Some(done) = stem {
                    terms.push(done, plain.as_ref(), &variants);
                }
                stem = Some(s.as_str());
                plain = None;
                variants.clear();
            }
            match original {
                None => plain = Some(packed),
                Some(form) => variants.push((form.clone(), packed)),
            }
        }
        if let Some(done) = stem {
            terms.push(done, plain.as_ref(), &variants);
        }
        terms.0.shrink_to_fit();
        terms
    }
}

/// Positions packed as the reader decodes them.
fn pack(mut locs: Locs) -> Packed {
    // Words of the usual weight first, then by weight; by position within.
    // The reader starts at weight 25 (Pagefind's convention), so text words
    // (24) open with a weight marker.
    const START: u8 = 25;
    locs.text
        .sort_unstable_by_key(|&(p, w)| (if w == START { 0 } else { w }, p));
    let mut out = Vec::with_capacity(locs.text.len() + 2);
    let mut current = START;
    let mut last = 0u32;
    for (p, w) in locs.text {
        if w != current {
            out.push(-(w as i32) - 1);
            out.push(p as i32);
            current = w;
        } else {
            out.push((p - last) as i32);
        }
        last = p;
    }
    locs.meta.sort_unstable();
    locs.meta.dedup();
    let mut meta_locs = Vec::with_capacity(locs.meta.len() + 1);
    let mut field = None;
    let mut last = 0u32;
    for (f, p) in locs.meta {
        if field != Some(f) {
            meta_locs.push(-(f as i32) - 1);
            field = Some(f);
            last = 0;
        }
        meta_locs.push((p - last) as i32);
        last = p;
    }
    Packed {
        locs: out,
        meta_locs,
    }
}

/// The entries of one word (or one spelling of it) for every page so
/// far, compact ([`Encoded`], each after its page number's difference),
/// turned into the chunk's CBOR when the chunk is written: memory grows
/// with the index's size, not with the number of pages times the number
/// of words.
#[derive(Default)]
struct Postings {
    count: usize,
    last: u32,
    bytes: Vec<u8>,
}

impl Postings {
    /// Adds the page `number`'s entry, from its positions' compact form.
    fn push(&mut self, number: u32, encoded: &[u8]) {
        // Grown by a quarter rather than doubled: at 10 000 pages the
        // postings are most of the memory a build with search adds.
        let needed = encoded.len() + 5;
        if self.bytes.capacity() - self.bytes.len() < needed {
            self.bytes.reserve_exact(needed.max(self.bytes.len() / 4));
        }
        put_leb(&mut self.bytes, u64::from(number - self.last));
        self.bytes.extend_from_slice(encoded);
        self.count += 1;
        self.last = number;
    }
}

/// A word of the whole index.
#[derive(Default)]
struct Word {
    pages: Postings,
    variants: Vec<(String, Postings)>,
    /// Numbers held, and one per page entry (the chunk size's measure).
    size: usize,
}

/// The records, merged in the order they are given (URL order). Each
/// page's fragment goes out as soon as it is merged (see [`Merger::push`]):
/// only its name stays.
#[derive(Default)]
pub(crate) struct Merger {
    words: HashMap<String, Word>,
    /// (fragment hash as named, word count), by page number.
    pages: Vec<(String, u32)>,
    names: HashSet<String>,
}

impl Merger {
    /// Merges `record` as the next page; gives back its fragment file
    /// (path relative to the bundle, bytes), to be written at once.
    pub(crate) fn push(&mut self, record: PageRecord) -> (String, Vec<u8>) {
        let number = self.pages.len() as u32;
        let name = short_name(&self.names, &record.fragment_hash);
        self.names.insert(name.clone());
        let file = (format!("fragment/{name}.pf_fragment"), record.fragment);
        self.pages.push((name, record.word_count));
        let mut terms = record.terms.reader();
        while let Some((stem, plain, variants)) = terms.term() {
            // Most stems are met again: looked up without a new string.
            let word = if let Some(word) = self.words.get_mut(stem) {
                word
            } else {
                self.words.entry(stem.to_string()).or_default()
            };
            if let Some((size, p)) = plain {
                word.size += size + 1;
                word.pages.push(number, p);
            }
            for _ in 0..variants {
                let (form, (size, p)) = terms.variant();
                word.size += size + 1;
                match word.variants.iter_mut().find(|v| v.0 == form) {
                    Some(v) => v.1.push(number, p),
                    None => {
                        let mut postings = Postings::default();
                        postings.push(number, p);
                        word.variants.push((form.to_string(), postings));
                    }
                }
            }
        }
        file
    }

    pub(crate) fn page_count(&self) -> usize {
        self.pages.len()
    }

    /// Gives `put` every file of the index but the entry and the
    /// fragments (path relative to the bundle, bytes); returns the meta
    /// file's hash.
    pub(crate) fn finish(self, version: &str, put: &mut dyn FnMut(String, Vec<u8>)) -> String {
        let chunks = chunks(self.words);
        let ranges = chunk_ranges(&chunks);
        let chunk_names = write_chunks(chunks, put);
        let meta = meta(version, &self.pages, &ranges, &chunk_names);
        let meta_name = format!("fr_{}", &hex_hash(&meta.0)[..7]);
        put(format!("pagefind.{meta_name}.pf_meta"), gzip(&meta.0));
        meta_name
    }
}

/// The words in byte order, in chunks of about `CHUNK_SIZE` positions.
fn chunks(words: HashMap<String, Word>) -> Vec<Vec<(String, Word)>> {
    let mut words: Vec<(String, Word)> = words.into_iter().collect();
    words.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut chunks: Vec<Vec<(String, Word)>> = Vec::new();
    let mut chunk = Vec::new();
    let mut size = 0;
    for (w, word) in words {
        size += word.size + word.variants.len();
        chunk.push((w, word));
        if size >= CHUNK_SIZE {
            chunks.push(std::mem::take(&mut chunk));
            size = 0;
        }
    }
    if !chunk.is_empty() {
        chunks.push(chunk);
    }
    chunks
}

/// The first and last word of each chunk, as short as neighbouring chunks
/// allow.
fn chunk_ranges(chunks: &[Vec<(String, Word)>]) -> Vec<(String, String)> {
    let mut ranges: Vec<(String, String)> = chunks
        .iter()
        .map(|c| {
            (
                c.first().map_or(String::new(), |w| w.0.clone()),
                c.last().map_or(String::new(), |w| w.0.clone()),
            )
        })
        .collect();
    // Neighbouring chunks are told apart by the shortest prefixes.
    for i in 1..ranges.len() {
        let (a, b) = (ranges[i - 1].1.clone(), ranges[i].0.clone());
        let common = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
        let a_pre: String = a.chars().take(common + 1).collect();
        let b_pre: String = b.chars().take(common + 1).collect();
        if a_pre >= ranges[i - 1].0 {
            ranges[i - 1].1 = a_pre;
        }
        ranges[i].0 = b_pre;
    }
    ranges
}

/// Each chunk encoded and given to `put`; returns the chunks' file names.
fn write_chunks(
    chunks: Vec<Vec<(String, Word)>>,
    put: &mut dyn FnMut(String, Vec<u8>),
) -> Vec<String> {
    // A few chunks at a time, each chunk's words dropped as soon as it
    // is encoded and its file given at once: the index is never held
    // twice.
    let mut chunk_names = Vec::with_capacity(chunks.len());
    let mut names = HashSet::new();
    let group = 2 * rayon::current_num_threads().max(1);
    let mut chunks = chunks.into_iter();
    loop {
        let some: Vec<Vec<(String, Word)>> = chunks.by_ref().take(group).collect();
        if some.is_empty() {
            break;
        }
        let encoded: Vec<(String, Vec<u8>)> = {
            use rayon::prelude::*;
            some.into_par_iter()
                .map(|c| {
                    let bytes = encode_chunk(&c);
                    drop(c);
                    (hex_hash(&bytes), gzip(&bytes))
                })
                .collect()
        };
        for (hash, gz) in encoded {
            let name = short_name(&names, &hash);
            names.insert(name.clone());
            put(format!("index/{name}.pf_index"), gz);
            chunk_names.push(name);
        }
    }
    chunk_names
}

/// The index's meta file: the version, each page's fragment hash and word
/// count, each chunk's range and name, and the `title` meta field.
fn meta(
    version: &str,
    pages: &[(String, u32)],
    ranges: &[(String, String)],
    chunk_names: &[String],
) -> Cbor {
    let mut meta = Cbor::default();
    meta.array(6);
    meta.text(version);
    meta.array(pages.len());
    for (hash, count) in pages {
        meta.array(3);
        meta.text(hash);
        meta.uint(*count as u64);
        meta.text("");
    }
    meta.array(ranges.len());
    for ((from, to), name) in ranges.iter().zip(chunk_names) {
        meta.array(3);
        meta.text(from);
        meta.text(to);
        meta.text(name);
    }
    meta.array(0); // filters
    meta.array(0); // sorts
    let with_title = !pages.is_empty();
    meta.array(usize::from(with_title));
    if with_title {
        meta.text("title");
    }
    meta
}

fn encode_chunk(words: &[(String, Word)]) -> Vec<u8> {
    let mut c = Cbor::default();
    c.array(1);
    c.array(words.len());
    for (w, word) in words {
        c.array(3);
        c.text(w);
        c.array(word.pages.count);
        transcode(&mut c, &word.pages.bytes, word.pages.count);
        c.array(word.variants.len());
        for (form, p) in &word.variants {
            c.array(2);
            c.text(form);
            c.array(p.count);
            transcode(&mut c, &p.bytes, p.count);
        }
    }
    c.0
}

/// The few CBOR items the index needs (RFC 8949, shortest forms).
#[derive(Default)]
struct Cbor(Vec<u8>);

impl Cbor {
    fn head(&mut self, major: u8, n: u64) {
        let m = major << 5;
        match n {
            0..=23 => self.0.push(m | n as u8),
            24..=0xff => self.0.extend([m | 24, n as u8]),
            0x100..=0xffff => {
                self.0.push(m | 25);
                self.0.extend((n as u16).to_be_bytes());
            }
            0x1_0000..=0xffff_ffff => {
                self.0.push(m | 26);
                self.0.extend((n as u32).to_be_bytes());
            }
            _ => {
                self.0.push(m | 27);
                self.0.extend(n.to_be_bytes());
            }
        }
    }
    fn uint(&mut self, n: u64) {
        self.head(0, n);
    }
    fn int(&mut self, n: i32) {
        if n >= 0 {
            self.head(0, n as u64);
        } else {
            self.head(1, (-1 - n as i64) as u64);
        }
    }
    fn text(&mut self, s: &str) {
        self.head(3, s.len() as u64);
        self.0.extend_from_slice(s.as_bytes());
    }
    fn array(&mut self, n: usize) {
        self.head(4, n as u64);
    }
}

/// `bytes` gzipped after Pagefind's signature. The gzip header holds no
/// date (flate2 writes mtime 0), so the same bytes give the same file.
pub(crate) fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(
        Vec::with_capacity(bytes.len() / 3 + 32),
        flate2::Compression::default(),
    );
    let _ = std::io::Write::write_all(&mut gz, b"pagefind_dcd");
    let _ = std::io::Write::write_all(&mut gz, bytes);
    gz.finish().unwrap_or_default()
}

/// A gzip compressor used again and again by one thread, for the pages'
/// fragments: setting up a deflate stream (its window and tables, zeroed)
/// cost about as much as compressing a fragment. (The few large files,
/// the word chunks, go through [`gzip`].)
pub(crate) struct Gzip(flate2::Compress);

impl Default for Gzip {
    fn default() -> Self {
        Gzip(flate2::Compress::new(flate2::Compression::default(), false))
    }
}

impl Gzip {
    /// As [`gzip`]: the header flate2's `GzEncoder` writes at the default
    /// level (no name, no date, unknown system), the raw deflate stream,
    /// then the CRC-32 and the length.
    pub(crate) fn gzip(&mut self, bytes: &[u8]) -> Vec<u8> {
        const SIGNATURE: &[u8] = b"pagefind_dcd";
        self.0.reset();
        let mut out = Vec::with_capacity(bytes.len() / 3 + 64);
        out.extend_from_slice(&[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255]);
        let mut crc = flate2::Crc::new();
        crc.update(SIGNATURE);
        crc.update(bytes);
        for input in [SIGNATURE, bytes] {
            let mut done = 0;
            while done < input.len() {
                out.reserve(input.len() - done + 64);
                let before = self.0.total_in();
                if self
                    .0
                    .compress_vec(&input[done..], &mut out, flate2::FlushCompress::None)
                    .is_err()
                {
                    return Vec::new();
                }
                done += (self.0.total_in() - before) as usize;
            }
        }
        loop {
            out.reserve(256);
            match self
                .0
                .compress_vec(&[], &mut out, flate2::FlushCompress::Finish)
            {
                Ok(flate2::Status::StreamEnd) => break,
                Ok(_) => {}
                Err(_) => return Vec::new(),
            }
        }
        out.extend_from_slice(&crc.sum().to_le_bytes());
        out.extend_from_slice(&crc.amount().to_le_bytes());
        out
    }
}

fn hex_hash(bytes: &[u8]) -> String {
    let mut h = SipHasher13::new_with_keys(0x7061_6e6f_7261_6d61, 0x7365_6172_6368_0002);
    h.write(bytes);
    format!("{:032x}", h.finish128().as_u128())
}

/// `fr_` and the first 7 hex digits of `hash`, more when a name is taken.
fn short_name(taken: &HashSet<String>, hash: &str) -> String {
    let mut len = 7;
    loop {
        let name = format!("fr_{}", &hash[..len.min(hash.len())]);
        if len >= hash.len() || !taken.contains(&name) {
            return name;
        }
        len += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_numbers_read_back_as_written() {
        let signed = [
            0,
            1,
            -1,
            23,
            -24,
            -25,
            63,
            -64,
            64,
            1000,
            i32::MAX,
            i32::MIN,
        ];
        let unsigned = [0, 127, 128, 16_383, 16_384, u64::from(u32::MAX), u64::MAX];
        let mut bytes = Vec::new();
        for v in signed {
            put_leb(&mut bytes, zigzag(v));
        }
        for v in unsigned {
            put_leb(&mut bytes, v);
        }
        assert_eq!(bytes[..2], [0, 2], "0 and 1 in a byte each");
        let mut read = &bytes[..];
        for v in signed {
            assert_eq!(unzigzag(take_leb(&mut read)), v);
        }
        for v in unsigned {
            assert_eq!(take_leb(&mut read), v);
        }
        assert!(read.is_empty());
        // The entries of two pages, as the reader's CBOR.
        let first = Packed {
            locs: vec![-25, 3, 40],
            meta_locs: vec![],
        }
        .encode();
        let second = Packed {
            locs: vec![7],
            meta_locs: vec![-1, 0],
        }
        .encode();
        let mut postings = Postings::default();
        postings.push(2, &first.bytes);
        postings.push(30, &second.bytes);
        let mut c = Cbor::default();
        transcode(&mut c, &postings.bytes, postings.count);
        let mut expected = Cbor::default();
        for (page, locs, meta) in [(2, &[-25, 3, 40][..], &[][..]), (28, &[7], &[-1, 0])] {
            expected.array(3);
            expected.uint(page);
            expected.array(locs.len());
            locs.iter().for_each(|v| expected.int(*v));
            expected.array(meta.len());
            meta.iter().for_each(|v| expected.int(*v));
        }
        assert_eq!(c.0, expected.0);
    }

    #[test]
    fn cbor_shortest_forms() {
        let mut c = Cbor::default();
        c.uint(23);
        c.uint(24);
        c.uint(256);
        c.int(-1);
        c.int(-25);
        c.int(-26);
        c.text("é");
        c.array(2);
        assert_eq!(
            c.0,
            [
                0x17, 0x18, 24, 0x19, 1, 0, 0x20, 0x38, 24, 0x38, 25, 0x62, 0xc3, 0xa9, 0x82
            ]
        );
    }

    #[test]
    fn positions_are_packed_with_weight_markers() {
        let p = pack(Locs {
            text: vec![(9, 24), (0, 168), (3, 24), (1, 168)],
            meta: vec![(0, 2), (0, 0)],
        });
        assert_eq!(p.locs, [-25, 3, 6, -169, 0, 1]);
        assert_eq!(p.meta_locs, [-1, 0, 2]);
    }

    #[test]
    fn a_page_without_words_has_no_record() {
        let mut cache = words::Cache::default();
        let mut gz = Gzip::default();
        assert!(
            PageRecord::new(
                "/x/",
                "<main data-pagefind-body> </main>",
                &mut cache,
                &mut gz
            )
            .is_none()
        );
        let r = PageRecord::new(
            "/x/",
            "<main data-pagefind-body><p>Un mot</p></main>",
            &mut cache,
            &mut gz,
        )
        .unwrap();
        assert!(r.marked);
        assert_eq!(r.word_count, 2);
        let mut terms = r.terms.reader();
        let mut stems = Vec::new();
        while let Some((stem, _, variants)) = terms.term() {
            for _ in 0..variants {
                terms.variant();
            }
            stems.push(stem);
        }
        assert_eq!(stems, ["mot", "un"]);
    }
}
