//! The downloads page: every open data file, with its format and size.

use super::views::{DownloadView, DownloadsView};
use crate::model::{Lang, Project};
use crate::render::Each;
use crate::render::data::{Content, DATA_FOLDER, DataFile, Format};

use super::builder::Links;

/// A size as people read it: `812 bytes` (`812 バイト`), `2.4 KB`, `1.3 MB` (1 KB = 1024
/// bytes). A no-break space keeps the number with its unit.
pub(super) fn size_text(bytes: usize, lang: Lang) -> String {
    const KB: f64 = 1024.0;
    let b = bytes as f64;
    if bytes < 1024 {
        match lang {
            Lang::Ja => format!("{bytes}\u{a0}バイト"),
            Lang::En => format!("{bytes}\u{a0}bytes"),
        }
    } else if b < KB * KB {
        format!("{:.1}\u{a0}KB", b / KB)
    } else {
        format!("{:.1}\u{a0}MB", b / KB / KB)
    }
}

fn view(project: &Project, file: &DataFile, links: &Links) -> DownloadView {
    DownloadView {
        title: file.title(project),
        href: links.to(&file.path),
        file_name: file
            .path
            .strip_prefix(DATA_FOLDER)
            .unwrap_or(&file.path)
            .to_string(),
        format: file.format.key().to_uppercase(),
        mediatype: file.format.mediatype(),
        size: size_text(file.size, project.site.lang),
        bytes: file.size,
    }
}

/// The downloads page's view, its rows made as it is serialised: at 100,000 policies it lists
/// 166,000 CSVs, and a list of their views beside the template context's copy of it was
/// 50 MB more at the build's peak.
pub(super) fn downloads<'a>(
    project: &'a Project,
    files: &'a [DataFile],
    links: &'a Links,
) -> impl serde::Serialize + 'a {
    let per_indicator = |f: &&DataFile| matches!(f.content, Content::Indicator(_));
    debug_assert!(
        files
            .iter()
            .filter(per_indicator)
            .all(|f| f.format == Format::Csv)
    );
    let rows = move |indicators: bool| {
        Each(move || {
            files
                .iter()
                .filter(move |f| per_indicator(f) == indicators)
                .map(move |f| view(project, f, links))
        })
    };
    DownloadsView {
        whole: rows(false),
        indicators: rows(true),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_read_them() {
        assert_eq!(size_text(0, Lang::En), "0\u{a0}bytes");
        assert_eq!(size_text(1023, Lang::Ja), "1023\u{a0}バイト");
        assert_eq!(size_text(2458, Lang::Ja), "2.4\u{a0}KB");
        assert_eq!(size_text(1_363_149, Lang::En), "1.3\u{a0}MB");
    }
}
