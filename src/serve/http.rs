//! The HTTP/1.1 subset a local preview needs: requests are read with a
//! bounded size and time, parsed strictly, and answered with a length.

use std::io::{self, BufRead, Write};
use std::time::Instant;

/// Request line and headers together may not exceed this.
pub const MAX_HEAD: usize = 8 * 1024;
/// A GET or HEAD body larger than this is refused (and closes the connection).
pub const MAX_BODY: u64 = 64 * 1024;
const MAX_HEADERS: usize = 64;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Method {
    Get,
    Head,
    Other(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub method: Method,
    pub target: String,
    /// Minor version: `0` for HTTP/1.0, `1` for HTTP/1.1.
    pub minor: u8,
    pub headers: Vec<(String, String)>,
}

impl Request {
    /// The first value of a header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn has_token(&self, name: &str, token: &str) -> bool {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .flat_map(|(_, v)| v.split(','))
            .any(|t| t.trim().eq_ignore_ascii_case(token))
    }

    /// HTTP/1.1 keeps the connection unless told otherwise; HTTP/1.0 is
    /// answered and closed.
    pub fn keep_alive(&self) -> bool {
        self.minor == 1 && !self.has_token("connection", "close")
    }

    pub fn is_head(&self) -> bool {
        self.method == Method::Head
    }
}

/// Why a request cannot be answered normally.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BadRequest {
    /// 400.
    Malformed(&'static str),
    /// 413.
    BodyTooLarge,
    /// 431.
    HeadTooLarge,
    /// 505.
    Version,
}

impl BadRequest {
    pub fn status(self) -> u16 {
        match self {
            BadRequest::Malformed(_) => 400,
            BadRequest::BodyTooLarge => 413,
            BadRequest::HeadTooLarge => 431,
            BadRequest::Version => 505,
        }
    }

    pub fn message(self) -> &'static str {
        match self {
            BadRequest::Malformed(why) => why,
            BadRequest::BodyTooLarge => "request body too large",
            BadRequest::HeadTooLarge => "request head too large",
            BadRequest::Version => "only HTTP/1.0 and HTTP/1.1 are served",
        }
    }
}

/// What reading a request head gave.
#[derive(Debug)]
pub enum Read {
    /// Request line and headers, up to and without the blank line.
    Head(Vec<u8>),
    /// The peer closed the connection, or went quiet, between requests.
    Closed,
    TooLarge,
}

/// Reads one request head: lines up to an empty one, at most
/// [`MAX_HEAD`] bytes, before `deadline`. Leading empty lines are skipped
/// (RFC 9112 §2.2). Bytes after the head stay in `reader`, so pipelined
/// requests are read in turn.
pub fn read_head(reader: &mut impl BufRead, deadline: Instant) -> io::Result<Read> {
    let mut head = Vec::new();
    let mut line = Vec::new();
    loop {
        line.clear();
        let room = (MAX_HEAD + 2).saturating_sub(head.len()) as u64;
        let n = match io::Read::take(&mut *reader, room).read_until(b'\n', &mut line) {
            Ok(n) => n,
            Err(e) if head.is_empty() && is_quiet(&e) => return Ok(Read::Closed),
            Err(e) => return Err(e),
        };
        if n == 0 {
            return if head.is_empty() {
                Ok(Read::Closed)
            } else {
                Err(io::ErrorKind::UnexpectedEof.into())
            };
        }
        if line.last() != Some(&b'\n') {
            return if n as u64 == room {
                Ok(Read::TooLarge)
            } else {
                Err(io::ErrorKind::UnexpectedEof.into())
            };
        }
        let content = line.strip_suffix(b"\n").unwrap_or(&line);
        let content = content.strip_suffix(b"\r").unwrap_or(content);
        if content.is_empty() {
            if head.is_empty() {
                continue;
            }
            return Ok(Read::Head(head));
        }
        if head.len() + content.len() + 1 > MAX_HEAD {
            return Ok(Read::TooLarge);
        }
        head.extend_from_slice(content);
        head.push(b'\n');
        if Instant::now() > deadline {
            return Err(io::ErrorKind::TimedOut.into());
        }
    }
}

fn is_quiet(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::WouldBlock
            | io::ErrorKind::TimedOut
            | io::ErrorKind::ConnectionReset
            | io::ErrorKind::ConnectionAborted
    )
}

fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// Parses a head read by [`read_head`] (lines joined by `\n`).
pub fn parse_head(head: &[u8]) -> Result<Request, BadRequest> {
    let text = std::str::from_utf8(head).map_err(|_| BadRequest::Malformed("not UTF-8"))?;
    let mut lines = text.lines();
    let request_line = lines.next().unwrap_or_default();
    let mut parts = request_line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(BadRequest::Malformed("malformed request line"));
    };
    if method.is_empty() || !method.bytes().all(is_tchar) {
        return Err(BadRequest::Malformed("malformed method"));
    }
    if target.is_empty() || target.bytes().any(|b| b <= b' ' || b == 0x7f) {
        return Err(BadRequest::Malformed("malformed request target"));
    }
    let minor = match version {
        "HTTP/1.1" => 1,
        "HTTP/1.0" => 0,
        v if v.starts_with("HTTP/") && v.len() == 8 => return Err(BadRequest::Version),
        _ => return Err(BadRequest::Malformed("malformed HTTP version")),
    };
    let mut headers = Vec::new();
    for line in lines {
        if line.starts_with([' ', '\t']) {
            return Err(BadRequest::Malformed("obsolete header line folding"));
        }
        let (name, value) = line
            .split_once(':')
            .ok_or(BadRequest::Malformed("header without a colon"))?;
        if name.is_empty() || !name.bytes().all(is_tchar) {
            return Err(BadRequest::Malformed("malformed header name"));
        }
        let value = value.trim_matches([' ', '\t']);
        if value.bytes().any(|b| (b < b' ' && b != b'\t') || b == 0x7f) {
            return Err(BadRequest::Malformed("control character in a header"));
        }
        headers.push((name.to_string(), value.to_string()));
        if headers.len() > MAX_HEADERS {
            return Err(BadRequest::HeadTooLarge);
        }
    }
    let method = match method {
        "GET" => Method::Get,
        "HEAD" => Method::Head,
        other => Method::Other(other.to_string()),
    };
    let request = Request {
        method,
        target: target.to_string(),
        minor,
        headers,
    };
    if request.minor == 1 && request.header("host").is_none() {
        return Err(BadRequest::Malformed("HTTP/1.1 request without Host"));
    }
    Ok(request)
}

/// The body length to read and drop before answering.
pub fn body_length(request: &Request) -> Result<u64, BadRequest> {
    if request.header("transfer-encoding").is_some() {
        return Err(BadRequest::Malformed("request bodies are not accepted"));
    }
    let mut lengths = request
        .headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .map(|(_, v)| v.parse::<u64>());
    let length = match (lengths.next(), lengths.next()) {
        (None, _) => 0,
        (Some(Ok(n)), None) => n,
        _ => return Err(BadRequest::Malformed("malformed Content-Length")),
    };
    if length > MAX_BODY {
        return Err(BadRequest::BodyTooLarge);
    }
    Ok(length)
}

pub fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        413 => "Content Too Large",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "",
    }
}

/// One answer, written in a single call.
pub struct Response<'a> {
    pub status: u16,
    pub content_type: &'static str,
    pub body: &'a [u8],
    /// `Location`, `Allow`…
    pub extra: Vec<(&'static str, String)>,
}

impl<'a> Response<'a> {
    pub fn new(status: u16, content_type: &'static str, body: &'a [u8]) -> Self {
        Response {
            status,
            content_type,
            body,
            extra: Vec::new(),
        }
    }

    pub fn text(status: u16, body: &'a str) -> Self {
        Response::new(status, "text/plain; charset=utf-8", body.as_bytes())
    }

    pub fn with(mut self, name: &'static str, value: String) -> Self {
        self.extra.push((name, value));
        self
    }

    /// Status line, headers and (unless `head_only`) the body.
    pub fn to_bytes(&self, head_only: bool, keep_alive: bool) -> Vec<u8> {
        let mut out = Vec::with_capacity(256 + if head_only { 0 } else { self.body.len() });
        let _ = write!(
            out,
            "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\n\
             Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n\
             Connection: {}\r\n",
            self.status,
            reason(self.status),
            self.content_type,
            self.body.len(),
            if keep_alive { "keep-alive" } else { "close" },
        );
        for (name, value) in &self.extra {
            let _ = write!(out, "{name}: {value}\r\n");
        }
        out.extend_from_slice(b"\r\n");
        if !head_only {
            out.extend_from_slice(self.body);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn read(input: &[u8]) -> Read {
        let mut r = io::BufReader::new(input);
        read_head(&mut r, Instant::now() + Duration::from_secs(5)).unwrap()
    }

    fn parse(text: &str) -> Result<Request, BadRequest> {
        match read(text.as_bytes()) {
            Read::Head(h) => parse_head(&h),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn parses_a_get() {
        let r = parse("GET /a/?q=1 HTTP/1.1\r\nHost: localhost\r\nAccept:  text/html \r\n\r\n")
            .unwrap();
        assert_eq!(r.method, Method::Get);
        assert_eq!(r.target, "/a/?q=1");
        assert_eq!(r.header("ACCEPT"), Some("text/html"));
        assert!(r.keep_alive());
        assert_eq!(body_length(&r), Ok(0));
    }

    #[test]
    fn connection_handling() {
        let r = parse("HEAD / HTTP/1.1\nHost: x\nConnection: Close\n\n").unwrap();
        assert!(r.is_head() && !r.keep_alive());
        let r = parse("GET / HTTP/1.0\r\n\r\n").unwrap();
        assert!(!r.keep_alive());
        let r = parse("\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
        assert_eq!(r.target, "/");
    }

    #[test]
    fn other_methods_are_parsed_for_a_405() {
        let r = parse("DELETE / HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
        assert_eq!(r.method, Method::Other("DELETE".into()));
    }

    #[test]
    fn refuses_malformed_requests() {
        for text in [
            "GET /\r\n\r\n",
            "GET  / HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET / HTTP/1.1 extra\r\nHost: x\r\n\r\n",
            "G(T / HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET / HTTP/1.1\r\n\r\n",
            "GET / HTTX/1.1\r\nHost: x\r\n\r\n",
            "GET / HTTP/1.1\r\nHost x\r\n\r\n",
            "GET / HTTP/1.1\r\nHost : x\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a\x01b\r\n\r\n",
        ] {
            assert!(
                matches!(parse(text), Err(BadRequest::Malformed(_))),
                "{text:?}"
            );
        }
        assert_eq!(
            parse("GET / HTTP/2.0\r\nHost: x\r\n\r\n"),
            Err(BadRequest::Version)
        );
        assert!(parse_head(b"GET /\xff HTTP/1.1\nHost: x\n").is_err());
    }

    #[test]
    fn bodies() {
        let r = parse("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n").unwrap();
        assert_eq!(body_length(&r), Ok(5));
        let r = parse("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\n\r\n").unwrap();
        assert_eq!(body_length(&r), Err(BadRequest::BodyTooLarge));
        let r = parse("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n").unwrap();
        assert!(body_length(&r).is_err());
        let r =
            parse("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n")
                .unwrap();
        assert!(body_length(&r).is_err());
        let r = parse("GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n").unwrap();
        assert!(body_length(&r).is_err());
    }

    #[test]
    fn bounds_the_head() {
        let long = format!("GET /{} HTTP/1.1\r\nHost: x\r\n\r\n", "a".repeat(MAX_HEAD));
        assert!(matches!(read(long.as_bytes()), Read::TooLarge));
        let many = format!(
            "GET / HTTP/1.1\r\nHost: x\r\n{}\r\n",
            "X-A: 1\r\n".repeat(MAX_HEADERS + 1)
        );
        assert_eq!(parse(&many), Err(BadRequest::HeadTooLarge));
        assert!(matches!(read(b""), Read::Closed));
        let mut r = io::BufReader::new(&b"GET / HTTP/1.1\r\nHost: x"[..]);
        assert!(read_head(&mut r, Instant::now() + Duration::from_secs(1)).is_err());
    }

    #[test]
    fn pipelined_requests_are_read_in_turn() {
        let mut r = io::BufReader::new(
            &b"GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n"[..],
        );
        let deadline = Instant::now() + Duration::from_secs(1);
        for want in ["/a", "/b"] {
            let Read::Head(h) = read_head(&mut r, deadline).unwrap() else {
                panic!()
            };
            assert_eq!(parse_head(&h).unwrap().target, want);
        }
        assert!(matches!(read_head(&mut r, deadline).unwrap(), Read::Closed));
    }

    #[test]
    fn writes_responses() {
        let r = Response::text(301, "moved").with("Location", "/a/".into());
        let bytes = String::from_utf8(r.to_bytes(false, true)).unwrap();
        assert!(bytes.starts_with("HTTP/1.1 301 Moved Permanently\r\n"));
        assert!(bytes.contains("Content-Length: 5\r\n"));
        assert!(bytes.contains("Location: /a/\r\n"));
        assert!(bytes.ends_with("\r\n\r\nmoved"));
        let head = String::from_utf8(r.to_bytes(true, false)).unwrap();
        assert!(head.contains("Content-Length: 5\r\n") && head.ends_with("\r\n\r\n"));
        assert!(head.contains("Connection: close\r\n"));
    }
}
