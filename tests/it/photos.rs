//! Photos from phones and broken photos: EXIF orientation applied, metadata
//! (GPS above all) stripped, colour profiles kept, broken files reported with
//! the article and the file, the cache reused and pruned.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common::*;

const ARTICLE: &str = "content/2021/hoi-nghi/index.vi.md";

fn article_with(photo: &str) -> String {
    format!("---\ntitle: Hội nghị\ndate: 2021-12-10\nphotos:\n  - file: {photo}\n    caption: Ảnh chụp bằng điện thoại\n---\nNội dung.\n")
}

/// A minimal little-endian TIFF block with Orientation = `orientation` and a
/// GPS IFD holding a latitude reference, as a phone writes it.
fn exif(orientation: u16) -> Vec<u8> {
    let mut t: Vec<u8> = b"II\x2a\x00\x08\x00\x00\x00".to_vec();
    t.extend_from_slice(&2u16.to_le_bytes()); // IFD0: two entries
    t.extend_from_slice(&[0x12, 0x01, 3, 0, 1, 0, 0, 0]); // Orientation, SHORT, 1
    t.extend_from_slice(&orientation.to_le_bytes());
    t.extend_from_slice(&[0, 0]);
    t.extend_from_slice(&[0x25, 0x88, 4, 0, 1, 0, 0, 0]); // GPSInfo, LONG, 1
    t.extend_from_slice(&38u32.to_le_bytes()); // offset of the GPS IFD
    t.extend_from_slice(&0u32.to_le_bytes()); // no next IFD
    t.extend_from_slice(&1u16.to_le_bytes()); // GPS IFD at 38: one entry
    t.extend_from_slice(&[1, 0, 2, 0, 2, 0, 0, 0, b'N', 0, 0, 0]); // GPSLatitudeRef "N"
    t.extend_from_slice(&0u32.to_le_bytes());
    t.extend_from_slice(b"GPS-SECRET-21.0285N-105.8542E");
    t
}

/// A landscape 1200x800 JPEG whose EXIF says "rotate 90° clockwise to view".
fn phone_jpeg(icc: Option<&[u8]>) -> Vec<u8> {
    let (w, h) = (1200u16, 800u16);
    let pixels: Vec<u8> = (0..u32::from(w) * u32::from(h))
        .flat_map(|i| [(i % 251) as u8, 90, 160])
        .collect();
    let mut out = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut out, 85);
    encoder.add_exif_metadata(&exif(6)).unwrap();
    if let Some(profile) = icc {
        encoder.add_icc_profile(profile).unwrap();
    }
    encoder
        .encode(&pixels, w, h, jpeg_encoder::ColorType::Rgb)
        .unwrap();
    out
}

fn published(site: &Site) -> Vec<(String, Vec<u8>)> {
    site.output_files()
        .into_iter()
        .filter(|f| f.ends_with(".jpg"))
        .map(|f| {
            let bytes = std::fs::read(site.public().join(&f)).unwrap();
            (f, bytes)
        })
        .collect()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn phone_photo_is_upright_and_carries_no_gps() {
    let site = Site::minimal();
    site.write_bytes(
        "content/2021/hoi-nghi/photos/dien-thoai.jpg",
        &phone_jpeg(None),
    );
    site.write(ARTICLE, &article_with("photos/dien-thoai.jpg"));
    site.build().success();
    // Rotated: 800 wide and 1200 tall, scaled on its long side: 480, 960
    // and its own 1200 pixels tall.
    assert_eq!(
        image_size(&site.public().join("2021/hoi-nghi/dien-thoai.jpg")),
        (800, 1200)
    );
    assert_eq!(
        image_size(&site.public().join("2021/hoi-nghi/dien-thoai.320.jpg")),
        (320, 480)
    );
    assert_eq!(
        image_size(&site.public().join("2021/hoi-nghi/dien-thoai.640.jpg")),
        (640, 960)
    );
    let html = site.read("2021/hoi-nghi/index.html");
    let img = tags(&html, "img")
        .into_iter()
        .find(|t| t.contains("dien-thoai"))
        .expect("gallery img");
    assert_eq!(attr(img, "width").as_deref(), Some("800"));
    assert_eq!(attr(img, "height").as_deref(), Some("1200"));
    assert_eq!(
        attr(img, "alt").as_deref(),
        Some("Ảnh chụp bằng điện thoại")
    );
    let files = published(&site);
    assert_eq!(
        files.len(),
        3,
        "{:?}",
        files.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    for (name, bytes) in files {
        assert!(!contains(&bytes, b"Exif\0\0"), "{name} keeps an EXIF block");
        assert!(
            !contains(&bytes, b"GPS-SECRET"),
            "{name} keeps the GPS position"
        );
    }
}

#[test]
fn display_p3_profile_is_kept_and_srgb_is_not_repeated() {
    let p3: Vec<u8> = [b"fake-icc Display P3 profile ".as_slice(), &[7u8; 200]].concat();
    let site = Site::minimal();
    site.write_bytes(
        "content/2021/hoi-nghi/photos/p3.jpg",
        &phone_jpeg(Some(&p3)),
    );
    site.write(ARTICLE, &article_with("photos/p3.jpg"));
    site.build().success();
    for (name, bytes) in published(&site) {
        assert!(
            contains(&bytes, b"ICC_PROFILE\0"),
            "{name} lost its colour profile"
        );
        assert!(
            contains(&bytes, b"Display P3"),
            "{name} has another profile"
        );
    }
    let srgb: Vec<u8> = [b"fake-icc sRGB IEC61966-2.1 ".as_slice(), &[7u8; 200]].concat();
    site.write_bytes(
        "content/2021/hoi-nghi/photos/p3.jpg",
        &phone_jpeg(Some(&srgb)),
    );
    site.build().success();
    for (name, bytes) in published(&site) {
        assert!(
            !contains(&bytes, b"ICC_PROFILE\0"),
            "{name}: sRGB needs no profile"
        );
    }
}

#[track_caller]
fn build_fails_with(site: &Site, stderr: &str) {
    let before = site.seed_public();
    let run = site.build();
    assert_eq!(run.code, 1, "exit status; stderr:\n{}", run.stderr);
    assert_eq!(run.stderr, stderr);
    site.assert_public_is(&before);
}

#[test]
fn a_file_that_is_not_an_image_names_the_article_and_the_file() {
    let site = Site::minimal();
    site.write(
        "content/2021/hoi-nghi/photos/ghi-chu.jpg",
        "đây là một ghi chú, không phải ảnh\n",
    );
    site.write(ARTICLE, &article_with("photos/ghi-chu.jpg"));
    build_fails_with(
        &site,
        "error: content/2021/hoi-nghi/index.vi.md:5:11: photo `content/2021/hoi-nghi/photos/ghi-chu.jpg`: is not an image (JPEG, PNG or WebP expected)\n1 error found; nothing was written\n",
    );
}

#[test]
fn a_truncated_jpeg_is_an_error_not_a_panic() {
    let site = Site::minimal();
    let whole = phone_jpeg(None);
    site.write_bytes(
        "content/2021/hoi-nghi/photos/cut.jpg",
        &whole[..whole.len() / 3],
    );
    site.write(ARTICLE, &article_with("photos/cut.jpg"));
    let before = site.seed_public();
    let run = site.build();
    assert_eq!(run.code, 1, "stderr:\n{}", run.stderr);
    assert!(
        run.stderr.starts_with("error: content/2021/hoi-nghi/index.vi.md:5:11: photo `content/2021/hoi-nghi/photos/cut.jpg`: is truncated: "),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"));
    site.assert_public_is(&before);
}

/// A PNG whose header claims 30000 x 30000 pixels (a decompression bomb).
fn bomb_png() -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend_from_slice(&30_000u32.to_be_bytes());
    ihdr.extend_from_slice(&30_000u32.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    png.extend_from_slice(&13u32.to_be_bytes());
    png.extend_from_slice(&ihdr);
    png.extend_from_slice(&crc32(&ihdr).to_be_bytes());
    png
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xffff_ffffu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[test]
fn a_decompression_bomb_is_refused_before_decoding() {
    let site = Site::minimal();
    site.write_bytes("content/2021/hoi-nghi/photos/bom.png", &bomb_png());
    site.write(ARTICLE, &article_with("photos/bom.png"));
    let started = std::time::Instant::now();
    let before = site.seed_public();
    let run = site.build();
    assert_eq!(run.code, 1, "stderr:\n{}", run.stderr);
    assert!(
        run.stderr
            .contains("photo `content/2021/hoi-nghi/photos/bom.png`: cannot be decoded:")
            || run.stderr.contains("is too large to decode safely"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .starts_with("error: content/2021/hoi-nghi/index.vi.md:5:11: "),
        "{}",
        run.stderr
    );
    assert!(
        started.elapsed().as_secs() < 20,
        "took {:?}",
        started.elapsed()
    );
    site.assert_public_is(&before);
}

#[test]
fn photo_errors_of_several_articles_are_reported_together() {
    let site = Site::minimal();
    site.write("content/2021/a/photos/x.jpg", "not an image");
    site.write("content/2021/a/index.vi.md", &article_with("photos/x.jpg"));
    site.write("content/2021/b/photos/y.jpg", "not an image either");
    site.write("content/2021/b/index.vi.md", &article_with("photos/y.jpg"));
    let run = site.build();
    assert_eq!(run.code, 1);
    assert_contains(&run.stderr, "error: content/2021/a/index.vi.md:5:11: photo `content/2021/a/photos/x.jpg`: is not an image");
    assert_contains(&run.stderr, "error: content/2021/b/index.vi.md:5:11: photo `content/2021/b/photos/y.jpg`: is not an image");
    assert_contains(&run.stderr, "2 errors found; nothing was written");
}

#[test]
fn a_rebuild_takes_every_photo_from_the_cache_and_a_changed_photo_is_redone() {
    let site = Site::minimal();
    site.photo("content/2021/hoi-nghi/photos/a.jpg", 1000, 600);
    site.write(ARTICLE, &article_with("photos/a.jpg"));
    let first = site.build().success();
    assert_contains(&first.stdout, "1 photo (1 processed, 0 from cache;");
    let second = site.build().success();
    assert_contains(&second.stdout, "1 photo (0 processed, 1 from cache;");
    // A different picture under the same name is processed again.
    site.photo("content/2021/hoi-nghi/photos/a.jpg", 900, 900);
    let third = site.build().success();
    assert_contains(&third.stdout, "1 photo (1 processed, 0 from cache;");
    assert_eq!(
        image_size(&site.public().join("2021/hoi-nghi/a.jpg")),
        (900, 900)
    );
}

#[test]
fn changed_photo_settings_reprocess_and_prune_removes_stale_entries() {
    let site = Site::minimal();
    site.photo("content/2021/hoi-nghi/photos/a.jpg", 1000, 600);
    site.write(ARTICLE, &article_with("photos/a.jpg"));
    site.build().success();
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write(
        "site.yaml",
        &format!("{yaml}photos: {{widths: [300, 700], quality: 70}}\n"),
    );
    let run = site.run(&["build", "--prune-cache"]).success();
    assert_contains(&run.stdout, "1 photo (1 processed, 0 from cache;");
    assert_contains(&run.stdout, "removed 1 unused photo cache entry");
    assert_eq!(
        image_size(&site.public().join("2021/hoi-nghi/a.300.jpg")),
        (300, 180)
    );
    assert_eq!(
        image_size(&site.public().join("2021/hoi-nghi/a.jpg")),
        (700, 420)
    );
    let entries = std::fs::read_dir(site.root().join(".kyyeu-cache/photos"))
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_dir())
        .count();
    assert_eq!(entries, 1);
}

#[test]
fn cache_dir_flag_moves_the_cache() {
    let site = Site::minimal();
    site.photo("content/2021/hoi-nghi/photos/a.jpg", 800, 600);
    site.write(ARTICLE, &article_with("photos/a.jpg"));
    site.run(&["build", "--cache-dir", "cache-elsewhere"])
        .success();
    assert!(site.root().join("cache-elsewhere/photos").is_dir());
    assert!(!site.root().join(".kyyeu-cache").exists());
}

#[test]
fn webp_is_offered_through_picture_by_default_and_turned_off_in_one_line() {
    let site = Site::minimal();
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.photo("content/2021/hoi-nghi/photos/a.jpg", 1200, 800);
    site.write(ARTICLE, &article_with("photos/a.jpg"));
    site.build().success();
    for name in ["a.480.webp", "a.960.webp", "a.webp"] {
        let path = site.public().join("2021/hoi-nghi").join(name);
        let image = image::open(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(image.width() >= 480, "{name}");
    }
    let html = site.read("2021/hoi-nghi/index.html");
    assert_contains(&html, "<picture><source type=\"image/webp\" srcset=\"../../2021/hoi-nghi/a.480.webp 480w, ../../2021/hoi-nghi/a.960.webp 960w, ../../2021/hoi-nghi/a.webp 1200w\"");
    assert_contains(&html, "</picture></a>");
    // `photos: {webp: false}`: JPEG only.
    site.write("site.yaml", &format!("{yaml}photos: {{webp: false}}\n"));
    site.build().success();
    assert!(!site.has("2021/hoi-nghi/a.webp"));
    assert_not_contains(&site.read("2021/hoi-nghi/index.html"), "<picture>");
}

#[test]
fn the_same_photo_in_several_articles_builds_without_a_race() {
    // Identical bytes share one cache entry, which the build resizes on
    // several threads at once: every build must succeed all the same.
    let site = Site::minimal();
    for i in 0..8 {
        site.photo(&format!("content/2021/bai-{i}/photos/a.jpg"), 1200, 800);
        site.write(
            &format!("content/2021/bai-{i}/index.vi.md"),
            &article_with("photos/a.jpg"),
        );
    }
    for _ in 0..6 {
        std::fs::remove_dir_all(site.root().join(".kyyeu-cache")).ok();
        site.build().success();
    }
    let cached: Vec<String> = walk(&site.root().join(".kyyeu-cache"))
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    assert!(
        cached.iter().all(|p| !p.ends_with(".part")),
        "temporary files left in the cache: {cached:?}"
    );
    let html = site.read("2021/bai-7/index.html");
    assert_contains(&html, "<img src=");
}

/// Photos in a body, Markdown or raw `<img>`, come in the sizes made of
/// them, sized, lazily after the first; the print edition shows the size
/// its photos are printed in.
#[test]
fn body_photos_markdown_or_raw_html_are_sized_and_offer_every_size() {
    let site = Site::minimal();
    site.photo("content/2021/a/photos/mot.jpg", 1600, 1200);
    site.photo("content/2021/a/photos/doc.jpg", 1200, 1600);
    site.write(
        "content/2021/a/index.vi.md",
        "---\ntitle: Một\ndate: 2021-03-01\n---\nĐầu.\n\n![Ảnh *một*](photos/mot.jpg \"Tiêu đề\")\n\nGiữa <img src=\"photos/doc.jpg\" alt=\"Dọc &amp; cao\" onclick=\"x()\"> cuối.\n",
    );
    site.build().success();
    let html = site.read("2021/a/index.html");
    let body = &html[html.find("<div class=\"body\">").unwrap()..];
    let body = &body[..body.find("</div>").unwrap()];
    assert_eq!(body.matches("<img ").count(), 2, "{body}");
    for img in body.split("<img ").skip(1) {
        assert_contains(img, "srcset=\"");
        assert_contains(img, " width=\"");
        assert_contains(img, " height=\"");
        assert_contains(img, "decoding=\"async\"");
        assert_not_contains(img, "onclick");
    }
    assert_contains(
        body,
        "<source type=\"image/webp\" srcset=\"../../2021/a/mot.480.webp 480w,",
    );
    assert_contains(
        body,
        "alt=\"Ảnh một\" title=\"Tiêu đề\" decoding=\"async\">",
    );
    assert_contains(
        body,
        "width=\"1200\" height=\"1600\" alt=\"Dọc &amp; cao\" loading=\"lazy\"",
    );
    // Every published variant exists.
    for url in body.split("srcset=\"").skip(1) {
        let list = &url[..url.find('"').unwrap()];
        for candidate in list.split(", ") {
            let file = candidate
                .split(' ')
                .next()
                .unwrap()
                .trim_start_matches("../../");
            assert!(site.has(file), "{file} is not published");
        }
    }
    let print = site.read("2021/in/index.html");
    assert_contains(
        &print,
        "<img src=\"../../2021/a/mot.960.jpg\" srcset=\"../../2021/a/mot.960.jpg 960w\"",
    );
}
