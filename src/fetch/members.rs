//! An archive's bytes as one stream: gzip members decoded in turn (a record
//! may span members), with the file offset each member starts at kept so
//! records can be placed, and a damaged member passed over to the next.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom};

/// The first bytes of a gzip member (with the deflate method).
pub(super) const GZIP_MAGIC: [u8; 3] = [0x1f, 0x8b, 0x08];

/// Most bytes of one header line: far above any real header, small enough
/// that garbage cannot fill memory.
pub(super) const MAX_LINE: u64 = 64 * 1024;

/// Where a record starts: the file offset of the record, or of its gzip
/// member, and how far into the member's bytes it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) struct Position {
    pub(super) offset: u64,
    pub(super) within: u64,
    /// The offset in the decompressed stream.
    stream: u64,
}

/// Why reading stopped: the end of the file, or damage (the reason).
#[derive(Debug)]
pub(super) enum Damage {
    End,
    Bad(String),
}

impl From<io::Error> for Damage {
    fn from(err: io::Error) -> Damage {
        Damage::Bad(err.to_string())
    }
}

/// The file, counting the bytes taken from it.
#[derive(Debug)]
struct Raw {
    file: BufReader<File>,
    pos: u64,
}

impl Read for Raw {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.file.read(buf)?;
        self.pos += n as u64;
        Ok(n)
    }
}

impl BufRead for Raw {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.file.fill_buf()
    }

    fn consume(&mut self, n: usize) {
        self.pos += n as u64;
        self.file.consume(n);
    }
}

impl Raw {
    /// Moves to the next gzip member header after `from`, or to the end.
    fn next_member_after(&mut self, from: u64) -> io::Result<()> {
        self.pos = self.file.seek(SeekFrom::Start(from + 1))?;
        let mut matched = 0;
        loop {
            let buf = self.file.fill_buf()?;
            if buf.is_empty() {
                return Ok(());
            }
            let mut used = 0;
            for &byte in buf {
                used += 1;
                matched = if byte == GZIP_MAGIC[matched] { matched + 1 } else { usize::from(byte == GZIP_MAGIC[0]) };
                if matched == GZIP_MAGIC.len() {
                    let start = self.pos + used as u64 - GZIP_MAGIC.len() as u64;
                    self.pos = self.file.seek(SeekFrom::Start(start))?;
                    return Ok(());
                }
            }
            self.consume(used);
        }
    }
}

/// The archive's bytes, decompressed member by member when gzipped.
#[derive(Debug)]
struct Members {
    state: State,
    /// Decompressed bytes handed out so far.
    out: u64,
    /// Where each member began: (decompressed offset, file offset).
    starts: Vec<(u64, u64)>,
    /// The file offset of a member found damaged and not yet reported.
    damaged: Option<u64>,
}

#[derive(Debug)]
enum State {
    Plain(Raw),
    Between(Raw),
    Inside(Box<flate2::bufread::GzDecoder<Raw>>),
    /// Only while moving from one state to another, or after an I/O error.
    Gone,
}

impl Read for Members {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            match std::mem::replace(&mut self.state, State::Gone) {
                State::Plain(mut raw) => {
                    let n = raw.read(buf)?;
                    self.out += n as u64;
                    self.state = State::Plain(raw);
                    return Ok(n);
                }
                State::Gone => return Ok(0),
                State::Between(mut raw) => {
                    if raw.fill_buf()?.is_empty() {
                        self.state = State::Between(raw);
                        return Ok(0);
                    }
                    self.starts.push((self.out, raw.pos));
                    self.state = State::Inside(Box::new(flate2::bufread::GzDecoder::new(raw)));
                }
                State::Inside(mut decoder) => match decoder.read(buf) {
                    Ok(0) if !buf.is_empty() => self.end_member(decoder.into_inner())?,
                    Ok(n) => {
                        self.out += n as u64;
                        self.state = State::Inside(decoder);
                        return Ok(n);
                    }
                    Err(err) => {
                        let member = self.member_start();
                        let mut raw = decoder.into_inner();
                        raw.next_member_after(member)?;
                        self.state = State::Between(raw);
                        self.damaged = Some(member);
                        return Err(io::Error::new(
                            io::ErrorKind::InvalidData,
                            format!("damaged gzip member at byte {member}: {err}"),
                        ));
                    }
                },
            }
        }
    }
}

impl Members {
    fn member_start(&self) -> u64 {
        self.starts.last().map_or(0, |&(_, raw)| raw)
    }

    /// After a member's last byte; one that took no bytes is stepped over.
    fn end_member(&mut self, mut raw: Raw) -> io::Result<()> {
        let member = self.member_start();
        if raw.pos == member {
            raw.next_member_after(member)?;
        }
        self.state = State::Between(raw);
        Ok(())
    }

    /// Passes over the rest of the current gzip member.
    fn skip_member(&mut self) -> io::Result<()> {
        let mut sink = [0u8; 8192];
        while let State::Inside(decoder) = &mut self.state {
            match decoder.read(&mut sink) {
                Ok(0) => {
                    let State::Inside(decoder) = std::mem::replace(&mut self.state, State::Gone) else { break };
                    self.end_member(decoder.into_inner())?;
                }
                Ok(_) => {}
                Err(_) => {
                    let State::Inside(decoder) = std::mem::replace(&mut self.state, State::Gone) else { break };
                    let member = self.member_start();
                    let mut raw = decoder.into_inner();
                    raw.next_member_after(member)?;
                    self.state = State::Between(raw);
                }
            }
        }
        Ok(())
    }
}

/// The decompressed bytes, counting what the parser takes.
#[derive(Debug)]
pub(super) struct Stream {
    inner: BufReader<Members>,
    pos: u64,
}

impl Stream {
    /// Reads `file` as gzip members if it starts with one, else as is.
    pub(super) fn open(file: File) -> io::Result<Stream> {
        let mut file = BufReader::new(file);
        let gzip = file.fill_buf()?.starts_with(&GZIP_MAGIC);
        let raw = Raw { file, pos: 0 };
        let state = if gzip { State::Between(raw) } else { State::Plain(raw) };
        Ok(Stream { inner: BufReader::new(Members { state, out: 0, starts: Vec::new(), damaged: None }), pos: 0 })
    }

    /// Where the `len` bytes just read began.
    pub(super) fn back(&self, len: usize) -> Position {
        let at = self.pos - len as u64;
        let members = self.inner.get_ref();
        if let State::Plain(_) = members.state {
            return Position { offset: at, within: 0, stream: at };
        }
        let (out, raw) = members.starts.iter().rev().find(|(out, _)| *out <= at).copied().unwrap_or((0, 0));
        Position { offset: raw, within: at - out, stream: at }
    }

    /// Where a gzip member found damaged since the last call starts.
    pub(super) fn damaged_member(&mut self) -> Option<Position> {
        let offset = self.inner.get_mut().damaged.take()?;
        Some(Position { offset, within: 0, stream: self.pos })
    }

    /// One line, newline included (at most [`MAX_LINE`] bytes);
    /// `Damage::End` at the end of the file.
    pub(super) fn line(&mut self) -> Result<Vec<u8>, Damage> {
        let mut line = Vec::new();
        let n = (&mut self.inner).take(MAX_LINE).read_until(b'\n', &mut line)?;
        self.pos += n as u64;
        if n == 0 {
            return Err(Damage::End);
        }
        Ok(line)
    }

    /// A record's block of `length` bytes, `None` (the bytes passed over)
    /// if it is longer than `keep`; and, if the file ended first, how many
    /// bytes it had (what there was is still returned, as warcio does).
    pub(super) fn block(&mut self, length: u64, keep: u64) -> Result<(Option<Vec<u8>>, Option<u64>), Damage> {
        let mut taken = (&mut self.inner).take(length);
        let (got, block) = if length <= keep {
            let mut block = Vec::with_capacity(length.min(1 << 20) as usize);
            (taken.read_to_end(&mut block)? as u64, Some(block))
        } else {
            (io::copy(&mut taken, &mut io::sink())?, None)
        };
        self.pos += got;
        Ok((block, (got < length).then_some(got)))
    }

    /// After damage to the record at `start`: if it began in the gzip member
    /// being read, the rest of that member is passed over, so reading
    /// resumes at the next member; a plain file resumes where it is.
    pub(super) fn skip_damaged(&mut self, start: Position) -> io::Result<()> {
        let members = self.inner.get_mut();
        let current = members.starts.last().map_or(0, |&(out, _)| out);
        if !matches!(members.state, State::Inside(_)) || start.stream < current {
            return Ok(());
        }
        members.skip_member()?;
        let dropped = self.inner.buffer().len();
        self.inner.consume(dropped);
        self.pos = self.inner.get_ref().out;
        Ok(())
    }
}
