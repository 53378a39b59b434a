//! The Typst world of a book: the only files Typst can see. It serves the
//! theme's template as `/book.typ` and the theme's other `.typ` files of
//! `book/` beside it (`/cover.typ`), the book as data at `/book.json`, the
//! theme's fonts, and the files the book names (its photos
//! `/photos/<n>.jpg`, the site's logo); any other path is not found, and
//! packages are refused. Nothing of the site's content is ever Typst source.
//!
//! Uses: nothing.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use typst::diag::{FileError, FileResult, PackageError};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt};

/// The path of the template in the world.
pub const MAIN: &str = "/book.typ";
/// The path of the book's data in the world.
pub const DATA: &str = "/book.json";

/// The fonts of a theme, parsed once and shared by every book of a build.
pub struct Fonts {
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    library: LazyHash<Library>,
}

impl Fonts {
    /// Every font in `files` (the bytes of `.ttf`, `.otf`, `.ttc` files).
    pub fn new(files: Vec<Vec<u8>>) -> Fonts {
        let fonts: Vec<Font> = files
            .into_iter()
            .flat_map(|bytes| Font::iter(Bytes::new(bytes)))
            .collect();
        Fonts {
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
            library: LazyHash::new(Library::default()),
        }
    }
}

/// One book's world.
pub struct BookWorld {
    fonts: Arc<Fonts>,
    main: Source,
    /// The theme's other `.typ` files.
    modules: Vec<Source>,
    data: Bytes,
    /// Virtual path -> the photo file it serves.
    photos: BTreeMap<String, PathBuf>,
}

impl BookWorld {
    /// A world of the template, the theme's other `.typ` files (each by
    /// its path in the world, `/cover.typ`, and its text), the book's data
    /// and its files.
    pub fn new(
        fonts: Arc<Fonts>,
        template: String,
        modules: &[(String, String)],
        data: Vec<u8>,
        photos: BTreeMap<String, PathBuf>,
    ) -> Option<BookWorld> {
        let modules = (modules.iter())
            .map(|(path, text)| Some(Source::new(id_of(path)?, text.clone())))
            .collect::<Option<Vec<Source>>>()?;
        Some(BookWorld {
            fonts,
            main: Source::new(id_of(MAIN)?, template),
            modules,
            data: Bytes::new(data),
            photos,
        })
    }

    /// The file of the theme (`/book.typ`, `/cover.typ`) and its line a
    /// diagnostic points at (line 0: none).
    pub fn line_of(&self, span: typst::syntax::DiagSpan) -> (String, usize) {
        use typst::WorldExt;
        let sources = std::iter::once(&self.main).chain(&self.modules);
        let Some(source) = sources.into_iter().find(|s| span.id() == Some(s.id())) else {
            return (MAIN.to_string(), 0);
        };
        let start = self.range(span).map_or(0, |range| range.start);
        let line = (source.lines().byte_to_line(start)).map_or(0, |line| line + 1);
        (source.id().vpath().get_with_slash().to_string(), line)
    }
}

/// The id of a file of the theme in the world.
fn id_of(path: &str) -> Option<FileId> {
    let vpath = VirtualPath::new(path).ok()?;
    Some(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

impl typst::World for BookWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.fonts.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.fonts.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            return Ok(self.main.clone());
        }
        if let Some(module) = self.modules.iter().find(|m| m.id() == id) {
            return Ok(module.clone());
        }
        // Only the template is Typst source: no other file is evaluated.
        match self.file(id) {
            Ok(_) => Err(FileError::NotSource),
            Err(error) => Err(error),
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if let VirtualRoot::Package(spec) = id.root() {
            return Err(FileError::Package(PackageError::NotFound(spec.clone())));
        }
        let path = id.vpath().get_with_slash();
        if path == DATA {
            return Ok(self.data.clone());
        }
        if path == MAIN {
            return Ok(Bytes::from_string(self.main.clone()));
        }
        match self.photos.get(path) {
            Some(file) => std::fs::read(file)
                .map(Bytes::new)
                .map_err(|error| FileError::from_io(error, file)),
            None => Err(FileError::NotFound(PathBuf::from(path))),
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        None
    }
}
