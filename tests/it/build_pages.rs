//! The pages of a built site: which exist at which URL, in which language,
//! and what they show. Most tests read one shared build of
//! `tests/sites/basic` (see its content/ for the articles named below).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;
use crate::common::{
    assert_contains, assert_in_order, assert_not_contains, attr, decode_entities, head_of,
    image_size, main_of, tags, Site,
};

/// The bilingual bundle with photos (2021).
const REVIEW: &str = "2021/tong-ket-thi-dua-2021/";
/// The bilingual single-file article whose translation has only a title and a body.
const PACT: &str = "2021/ky-giao-uoc/";
/// The Vietnamese-only article of the previous year (2020).
const REVIEW_2020: &str = "2020/tong-ket-2020/";
/// The English-only article.
const VISIT: &str = "2021/study-visit/";

fn basic() -> &'static Site {
    Site::shared_build("basic")
}

fn page(path: &str) -> String {
    basic().read(&format!("{path}index.html"))
}

/// The article body (`<div class="body">`) of an article page.
fn body_of(html: &str) -> &str {
    let start = html.find("<div class=\"body\">").expect("an article body");
    let end = html[start..]
        .find("\n  </div>")
        .expect("the end of the body")
        + start;
    &html[start..end]
}

/// The `<figure>` elements of a page.
fn figures(html: &str) -> Vec<&str> {
    html.split("<figure>")
        .skip(1)
        .map(|s| &s[..s.find("</figure>").expect("</figure>")])
        .collect()
}

#[test]
fn every_page_of_the_table_exists_in_both_languages() {
    let site = basic();
    let pages = [
        ("index.html", "en/index.html"),
        ("2021/index.html", "en/2021/index.html"),
        ("2020/index.html", "en/2020/index.html"),
        (
            "2021/tong-ket-thi-dua-2021/index.html",
            "en/2021/tong-ket-thi-dua-2021/index.html",
        ),
        (
            "2021/ky-giao-uoc/index.html",
            "en/2021/ky-giao-uoc/index.html",
        ),
        ("don-vi/index.html", "en/units/index.html"),
        (
            "don-vi/quy-ho-tro-phat-trien-htx/index.html",
            "en/units/quy-ho-tro-phat-trien-htx/index.html",
        ),
        ("dien-gia/index.html", "en/speakers/index.html"),
        (
            "dien-gia/nguyen-van-thinh/index.html",
            "en/speakers/nguyen-van-thinh/index.html",
        ),
        ("atom.xml", "en/atom.xml"),
    ];
    for (vi, en) in pages {
        assert!(site.has(vi), "missing {vi}");
        assert!(site.has(en), "missing {en}");
    }
    assert!(site.has("sitemap.xml"));
    assert!(site.has("404.html"));
    // Section words are the default language's at the root, English under en/.
    assert!(!site.has("units/index.html"));
    assert!(!site.has("en/don-vi/index.html"));
    assert!(!site.has("en/dien-gia/index.html"));
    assert!(
        !site.has("vi/index.html"),
        "the default language is at the root"
    );
}

#[test]
fn search_page_exists_in_both_languages() {
    let site = basic();
    assert!(site.has("tim-kiem/index.html"));
    assert!(site.has("en/search/index.html"));
    assert_contains(&site.read("tim-kiem/index.html"), "<html lang=\"vi\">");
    assert_contains(&site.read("en/search/index.html"), "<html lang=\"en\">");
}

#[test]
fn every_page_declares_its_language() {
    let site = basic();
    for file in site.output_files() {
        if !file.ends_with(".html") {
            continue;
        }
        let lang = if file.starts_with("en/") { "en" } else { "vi" };
        let html = site.read(&file);
        assert_contains(&html, &format!("<html lang=\"{lang}\">"));
    }
    let feed = site.read("en/atom.xml");
    assert_contains(&feed, "xml:lang=\"en\"");
    assert_contains(&site.read("atom.xml"), "xml:lang=\"vi\"");
}

#[test]
fn hreflang_alternates_list_only_the_translations_that_exist() {
    let link = |lang: &str, path: &str| {
        format!("<link rel=\"alternate\" hreflang=\"{lang}\" href=\"https://example.org/kyyeu/{path}\">")
    };
    // Translated article: both languages and x-default, on both pages.
    for html in [page(REVIEW), page(&format!("en/{REVIEW}"))] {
        let head = head_of(&html);
        assert_contains(head, &link("vi", REVIEW));
        assert_contains(head, &link("en", &format!("en/{REVIEW}")));
        assert_contains(head, &link("x-default", REVIEW));
    }
    // Vietnamese only: no English alternate, neither on the article nor on
    // the notice that stands at its English address.
    for html in [page(REVIEW_2020), page(&format!("en/{REVIEW_2020}"))] {
        let head = head_of(&html);
        assert_contains(head, &link("vi", REVIEW_2020));
        assert_not_contains(head, "hreflang=\"en\"");
    }
    // English only: no Vietnamese alternate (and so no x-default).
    for html in [page(VISIT), page(&format!("en/{VISIT}"))] {
        let head = head_of(&html);
        assert_contains(head, &link("en", &format!("en/{VISIT}")));
        assert_not_contains(head, "hreflang=\"vi\"");
        assert_not_contains(head, "hreflang=\"x-default\"");
    }
    // Pages that exist in every language.
    let head_html = page("don-vi/");
    let head = head_of(&head_html);
    assert_contains(head, &link("vi", "don-vi/"));
    assert_contains(head, &link("en", "en/units/"));
}

#[test]
fn language_switcher_links_to_the_same_page_in_the_other_language() {
    let vi = page(REVIEW);
    assert_contains(
        &vi,
        "<a href=\"../../en/2021/tong-ket-thi-dua-2021/index.html\" hreflang=\"en\" lang=\"en\">English</a>",
    );
    assert_contains(
        &vi,
        "<span aria-current=\"true\" lang=\"vi\">Tiếng Việt</span>",
    );
    let en = page(&format!("en/{REVIEW}"));
    assert_contains(
        &en,
        "<a href=\"../../../2021/tong-ket-thi-dua-2021/index.html\" hreflang=\"vi\" lang=\"vi\">Tiếng Việt</a>",
    );
    assert_contains(
        &en,
        "<span aria-current=\"true\" lang=\"en\">English</span>",
    );
    // Untranslated: the switcher still leads to a page (the notice), and says
    // it is not translated.
    let untranslated = page(REVIEW_2020);
    assert_contains(
        &untranslated,
        "<a href=\"../../en/2020/tong-ket-2020/index.html\" hreflang=\"en\" lang=\"en\">English</a> <small>(chưa dịch)</small>",
    );
    // Index pages switch between the two section words.
    assert_contains(
        &page("don-vi/"),
        "<a href=\"../en/units/index.html\" hreflang=\"en\" lang=\"en\">English</a>",
    );
    assert_contains(
        &page("en/speakers/"),
        "<a href=\"../../dien-gia/index.html\" hreflang=\"vi\" lang=\"vi\">Tiếng Việt</a>",
    );
}

#[test]
fn open_graph_tags_are_absolute_and_describe_the_article() {
    let site = basic();
    let html = page(REVIEW);
    let head = head_of(&html);
    assert_contains(
        head,
        "<meta property=\"og:title\" content=\"Tổng kết thi đua 2021: phát huy &quot;Tinh hoa của VCA&quot;\">",
    );
    assert_contains(
        head,
        "<meta property=\"og:url\" content=\"https://example.org/kyyeu/2021/tong-ket-thi-dua-2021/\">",
    );
    assert_contains(head, "<meta property=\"og:type\" content=\"article\">");
    assert_contains(head, "<meta property=\"og:locale\" content=\"vi_VN\">");
    assert_contains(
        head,
        "<meta property=\"og:description\" content=\"Khối thi đua nhìn lại năm 2021 và chọn Quỹ hỗ trợ phát triển HTX làm khối trưởng.\">",
    );
    // og:image: the first gallery photo, absolute, a published file, with its size.
    let image = tags(head, "meta")
        .into_iter()
        .find(|t| t.contains("property=\"og:image\""))
        .expect("an og:image");
    let url = attr(image, "content").unwrap();
    let rel = url
        .strip_prefix("https://example.org/kyyeu/")
        .expect("og:image is absolute under base_url");
    assert_eq!(rel, "2021/tong-ket-thi-dua-2021/dai-bieu.jpg");
    assert!(site.has(rel));
    let (w, h) = image_size(&site.public().join(rel));
    assert_contains(
        head,
        &format!("<meta property=\"og:image:width\" content=\"{w}\">"),
    );
    assert_contains(
        head,
        &format!("<meta property=\"og:image:height\" content=\"{h}\">"),
    );
    assert_contains(
        head,
        "<meta property=\"og:image:alt\" content=\"Toàn cảnh các đại biểu dự hội nghị.\">",
    );
    // English page: English title and caption, its own URL and locale.
    let en = page(&format!("en/{REVIEW}"));
    let head = head_of(&en);
    assert_contains(
        head,
        "<meta property=\"og:url\" content=\"https://example.org/kyyeu/en/2021/tong-ket-thi-dua-2021/\">",
    );
    assert_contains(head, "<meta property=\"og:locale\" content=\"en_GB\">");
    assert_contains(
        head,
        "<meta property=\"og:image:alt\" content=\"The delegates at the conference.\">",
    );
    // A page without photos has no og:image; the home page is a website.
    assert_not_contains(head_of(&page(VISIT)), "og:image\"");
    let home = page("");
    assert_contains(
        head_of(&home),
        "<meta property=\"og:type\" content=\"website\">",
    );
    assert_contains(
        head_of(&home),
        "<meta property=\"og:url\" content=\"https://example.org/kyyeu/\">",
    );
}

#[test]
fn translation_inherits_date_units_and_photos_from_the_original() {
    // The English file of the pact has a title and a body only.
    let en = page(&format!("en/{PACT}"));
    let main = main_of(&en);
    assert_contains(main, "<h1>The units sign their 2021 emulation pact</h1>");
    assert_contains(main, "<time datetime=\"2021-03-02\">2 March 2021</time>");
    assert_contains(
        main,
        "<a href=\"../../../en/units/quy-ho-tro-phat-trien-htx/index.html\">Cooperative Development Support Fund</a>",
    );
    assert_contains(
        main,
        "<a href=\"../../../en/units/lien-minh-htx-viet-nam/index.html\">Vietnam Cooperative Alliance</a>",
    );
    let figures = figures(main);
    assert_eq!(figures.len(), 1, "the original's gallery");
    assert_contains(figures[0], "src=\"../../../2021/ky-giao-uoc/ky-ket.jpg\"");
    // The translated bundle keeps the original's date and units too.
    let review = page(&format!("en/{REVIEW}"));
    assert_contains(
        main_of(&review),
        "<time datetime=\"2021-12-10\">10 December 2021</time>",
    );
    assert_contains(
        main_of(&review),
        "<a href=\"../../../en/units/truong-cao-dang-ktkt-bac-bo/index.html\">Northern College of Economics and Technology</a>",
    );
    // And it is listed under the original's year, in the English feed.
    assert_contains(
        &page("en/2021/"),
        "href=\"../../en/2021/ky-giao-uoc/index.html\"",
    );
}

#[test]
fn missing_translation_says_so_and_links_to_the_original() {
    let site = basic();
    let html = page(&format!("en/{REVIEW_2020}"));
    let main = main_of(&html);
    assert_contains(main, "This article is available only in Vietnamese.");
    assert_contains(main, "<h1 lang=\"vi\">Tổng kết thi đua năm 2020</h1>");
    let links: Vec<String> = tags(main, "a")
        .into_iter()
        .filter_map(|t| attr(t, "href"))
        .collect();
    assert_eq!(
        links,
        vec!["../../../2020/tong-ket-2020/index.html".to_string()]
    );
    assert!(site.has("2020/tong-ket-2020/index.html"));
    // A notice is not a page of its own for search engines.
    assert_contains(head_of(&html), "<meta name=\"robots\" content=\"noindex\">");
    assert_not_contains(&site.read("sitemap.xml"), "/en/2020/tong-ket-2020/");
}

#[test]
fn english_only_article_is_published_in_english_and_announced_in_vietnamese() {
    let site = basic();
    let en = page(&format!("en/{VISIT}"));
    assert_contains(&en, "<html lang=\"en\">");
    assert_contains(
        main_of(&en),
        "<h1>Study visit to cooperatives in Đà Lạt</h1>",
    );
    assert_contains(
        main_of(&en),
        "Delegates of the bloc visited three cooperatives",
    );
    // The Vietnamese address says, in Vietnamese, that it exists only in English.
    let vi = page(VISIT);
    assert_contains(main_of(&vi), "Bài viết này hiện chỉ có bằng tiếng Anh.");
    assert_contains(
        main_of(&vi),
        "<a href=\"../../en/2021/study-visit/index.html\" hreflang=\"en\" lang=\"en\">",
    );
    assert!(site.has("en/2021/study-visit/index.html"));
    // Vietnamese lists link to the English page and say which language it is in.
    for (list, root) in [(page("2021/"), "../"), (page(""), "./")] {
        assert_contains(
            &list,
            &format!(
                "<a class=\"item-title\" href=\"{root}en/2021/study-visit/index.html\" hreflang=\"en\" lang=\"en\">Study visit to cooperatives in Đà Lạt</a> <small class=\"other-lang\">(bằng tiếng Anh)</small>"
            ),
        );
    }
}

#[test]
fn year_page_shows_conferences_units_and_tasks_of_both_years() {
    let html = page("2021/");
    let main = main_of(&html);
    assert_contains(main, "<h1>Năm 2021</h1>");
    // Conferences: date and venue.
    let conferences = &main[main.find("<h2>Hội nghị</h2>").expect("conferences")..];
    let conferences = &conferences[..conferences.find("</section>").unwrap()];
    assert_contains(
        conferences,
        "<time datetime=\"2021-12-10\">10/12/2021</time>",
    );
    assert_contains(conferences, "Trường Cao đẳng Kinh tế – Kỹ thuật Bắc Bộ");
    assert_contains(conferences, "<time datetime=\"2021-03-02\">");
    assert_contains(conferences, "Trụ sở Quỹ hỗ trợ phát triển hợp tác xã");
    // Articles of the year, oldest first.
    assert_in_order(
        main,
        "href=\"../2021/ky-giao-uoc/index.html\"",
        "href=\"../2021/tong-ket-thi-dua-2021/index.html\"",
    );
    // Units involved.
    assert_contains(
        main,
        "<a href=\"../don-vi/truong-cao-dang-ktkt-bac-bo/index.html\">Trường Cao đẳng Kinh tế – Kỹ thuật Bắc Bộ</a>",
    );
    // Tasks adopted this year for the next one.
    let text = decode_entities(main);
    assert_contains(&text, "<h2>Nhiệm vụ đề ra trong năm 2021</h2>");
    assert_contains(&text, "<h3>Nhiệm vụ đề ra cho năm 2022</h3>");
    assert_contains(
        &text,
        "<li>Tiếp tục đẩy mạnh phong trào thi đua \"Phát triển kinh tế hợp tác\".</li>",
    );
    // Tasks for this year, adopted at the previous year's conference.
    assert_contains(
        &text,
        "<h2>Nhiệm vụ năm 2021, đề ra tại hội nghị năm trước</h2>",
    );
    assert_in_order(
        &text,
        "Nhiệm vụ năm 2021, đề ra tại hội nghị năm trước",
        "<li>Mở lớp tập huấn nghiệp vụ thi đua cho cán bộ các đơn vị.</li>",
    );
    assert_contains(
        &text,
        "<a href=\"../2020/tong-ket-2020/index.html\">Tổng kết thi đua năm 2020</a>",
    );
    // Previous year link.
    assert_contains(main, "<a rel=\"prev\" href=\"../2020/index.html\">");
    // The previous year shows its tasks as adopted for 2021, and no "this year" ones.
    let y2020 = decode_entities(main_of(&page("2020/")));
    assert_contains(&y2020, "<h3>Nhiệm vụ đề ra cho năm 2021</h3>");
    assert_not_contains(&y2020, "đề ra tại hội nghị năm trước");
    assert_contains(&y2020, "<a rel=\"next\" href=\"../2021/index.html\">");
    // The English year page says the same in English.
    let en = decode_entities(main_of(&page("en/2021/")));
    assert_contains(&en, "<time datetime=\"2021-12-10\">10 December 2021</time>");
    assert_contains(&en, "Northern College of Economics and Technology");
    assert_contains(&en, "<h2>Tasks adopted in 2021</h2>");
    assert_contains(&en, "<h3>Tasks adopted for 2022</h3>");
    assert_contains(
        &en,
        "<li>Sign the 2022 emulation pact in the first quarter.</li>",
    );
    assert_contains(
        &en,
        "<h2>Tasks for 2021, adopted at the previous year's conference</h2>",
    );
    assert_contains(
        &en,
        "Mở lớp tập huấn nghiệp vụ thi đua cho cán bộ các đơn vị.",
    );
}

#[test]
fn year_page_gallery_shows_the_photos_of_its_articles() {
    let html = page("2021/");
    let figures = figures(main_of(&html));
    let srcs: Vec<String> = figures
        .iter()
        .filter_map(|f| tags(f, "img").first().and_then(|t| attr(t, "src")))
        .collect();
    assert_eq!(
        srcs,
        vec![
            "../2021/ky-giao-uoc/ky-ket.jpg",
            "../2021/tong-ket-thi-dua-2021/dai-bieu.960.jpg",
            "../2021/tong-ket-thi-dua-2021/anh-luu-niem.jpg",
        ]
    );
    assert_contains(
        figures[1],
        "<figcaption>Toàn cảnh các đại biểu dự hội nghị. · ",
    );
}

#[test]
fn home_lists_every_year_latest_first() {
    let main_html = page("");
    let main = main_of(&main_html);
    assert_contains(main, "<h1>Kỷ yếu Khối thi đua (thử nghiệm)</h1>");
    assert_in_order(
        main,
        "<a href=\"./2021/index.html\">Năm 2021</a>",
        "<a href=\"./2020/index.html\">Năm 2020</a>",
    );
    assert_contains(main, "Tổng kết thi đua năm 2020");
    let en_html = page("en/");
    let en = main_of(&en_html);
    assert_in_order(
        en,
        "<a href=\"../en/2021/index.html\">2021</a>",
        "<a href=\"../en/2020/index.html\">2020</a>",
    );
    // The English home lists the Vietnamese-only article, saying so.
    assert_contains(en, "Tổng kết thi đua năm 2020");
    assert_contains(en, "(in Vietnamese)");
}

#[test]
fn article_page_shows_meta_speakers_tasks_offices_and_units() {
    let html = page(REVIEW);
    let main = decode_entities(main_of(&html));
    assert_contains(
        &main,
        "<h1>Tổng kết thi đua 2021: phát huy \"Tinh hoa của VCA\"</h1>",
    );
    assert_contains(&main, "<a href=\"../../2021/index.html\">Năm 2021</a>");
    assert_contains(&main, "<dd>Trường Cao đẳng Kinh tế – Kỹ thuật Bắc Bộ</dd>");
    assert_contains(&main, "<dd>Thanh Vân</dd>");
    assert_contains(&main, "<dd>Vnbusiness</dd>");
    assert_contains(
        &main,
        "<li><a href=\"../../dien-gia/nguyen-van-thinh/index.html\">Nguyễn Văn Thịnh</a>, Phó Chủ tịch Liên minh HTX Việt Nam (<a href=\"../../don-vi/lien-minh-htx-viet-nam/index.html\">Liên minh Hợp tác xã Việt Nam</a>)</li>",
    );
    assert_contains(&main, "<h2>Nhiệm vụ đề ra cho năm 2022</h2>");
    assert_contains(
        &main,
        "<li>Ký kết giao ước thi đua năm 2022 ngay từ quý I.</li>",
    );
    assert_contains(
        &main,
        "<tr><td><a href=\"../../don-vi/quy-ho-tro-phat-trien-htx/index.html\">Quỹ hỗ trợ phát triển hợp tác xã</a></td><td>Khối trưởng</td><td>2022</td></tr>",
    );
    assert_contains(
        &main,
        "<p class=\"translations\">Đọc bằng: <a href=\"../../en/2021/tong-ket-thi-dua-2021/index.html\" hreflang=\"en\" lang=\"en\">English</a></p>",
    );
    // Markdown: the highest body heading becomes <h2> (the title is the only <h1>); tables render.
    // Each heading has a transliterated id and a link to itself.
    assert_contains(
        &main,
        "<h2 id=\"ket-qua-noi-bat\">Kết quả nổi bật <a class=\"anchor\" href=\"#ket-qua-noi-bat\" aria-hidden=\"true\" tabindex=\"-1\">#</a></h2>",
    );
    assert_contains(&main, "<table>");
    assert_eq!(html.matches("<h1").count(), 1, "one <h1> per page");
    // The English page has English roles and tasks.
    let en = decode_entities(main_of(&page(&format!("en/{REVIEW}"))));
    assert_contains(&en, "Vice Chairman of the Vietnam Cooperative Alliance");
    assert_contains(&en, "<td>Deputy bloc leader</td>");
    assert_contains(&en, "<h2>Tasks adopted for 2022</h2>");
}

#[test]
fn unit_page_shows_names_offices_by_year_and_articles_by_year() {
    let html = page("don-vi/truong-cao-dang-ktkt-bac-bo/");
    let main = main_of(&html);
    assert_contains(main, "<h1>Trường Cao đẳng Kinh tế – Kỹ thuật Bắc Bộ</h1>");
    assert_contains(
        main,
        "<li>tiếng Việt: Trường Cao đẳng Kinh tế – Kỹ thuật Bắc Bộ</li>",
    );
    assert_contains(
        main,
        "<li>tiếng Anh: Northern College of Economics and Technology</li>",
    );
    // Offices, latest year first, each with the conference that adopted it.
    assert_contains(
        main,
        "<tr><td>2022</td><td>Khối phó</td><td><a href=\"../../2021/tong-ket-thi-dua-2021/index.html\">",
    );
    assert_contains(
        main,
        "<tr><td>2021</td><td>Khối trưởng</td><td><a href=\"../../2020/tong-ket-2020/index.html\">Tổng kết thi đua năm 2020</a></td></tr>",
    );
    assert_in_order(
        main,
        "<td>2022</td><td>Khối phó</td>",
        "<td>2021</td><td>Khối trưởng</td>",
    );
    // Articles grouped by year, latest year first.
    let articles = &main[main.find("<h2>Xuất hiện trong</h2>").expect("articles")..];
    assert_in_order(
        articles,
        "<h3><a href=\"../../2021/index.html\">2021</a></h3>",
        "<h3><a href=\"../../2020/index.html\">2020</a></h3>",
    );
    assert_in_order(
        articles,
        "href=\"../../2021/tong-ket-thi-dua-2021/index.html\"",
        "<h3><a href=\"../../2020/index.html\">2020</a></h3>",
    );
    assert_in_order(
        articles,
        "<h3><a href=\"../../2020/index.html\">2020</a></h3>",
        "href=\"../../2020/tong-ket-2020/index.html\"",
    );
    // Its speakers.
    assert_contains(
        main,
        "<a href=\"../../dien-gia/dang-thi-hong-dao/index.html\">Đặng Thị Hồng Đào</a>",
    );
    // Short name and website, where units.yaml has them.
    let quy = page("don-vi/quy-ho-tro-phat-trien-htx/");
    assert_contains(main_of(&quy), "<dd>Quỹ HTX</dd>");
    assert_contains(
        main_of(&quy),
        "<a href=\"https://example.org/quy\" rel=\"noopener\">",
    );
    // In English: English name and roles.
    let en = page("en/units/truong-cao-dang-ktkt-bac-bo/");
    assert_contains(
        main_of(&en),
        "<h1>Northern College of Economics and Technology</h1>",
    );
    assert_contains(main_of(&en), "<td>2022</td><td>Deputy bloc leader</td>");
}

#[test]
fn speaker_slug_is_transliterated_and_nfd_spellings_share_one_page() {
    let site = basic();
    let speaker_pages: Vec<String> = site
        .output_files()
        .into_iter()
        .filter(|f| f.starts_with("dien-gia/") && f != "dien-gia/index.html")
        .collect();
    assert_eq!(
        speaker_pages,
        vec![
            "dien-gia/dang-thi-hong-dao/index.html",
            "dien-gia/nguyen-van-thinh/index.html",
        ]
    );
    // The 2021 article writes the name in NFC, the 2020 one in NFD: one page.
    let html = page("dien-gia/dang-thi-hong-dao/");
    let main = main_of(&html);
    assert_contains(main, "<h1>Đặng Thị Hồng Đào</h1>");
    assert_contains(main, "href=\"../../2021/tong-ket-thi-dua-2021/index.html\"");
    assert_contains(main, "href=\"../../2020/tong-ket-2020/index.html\"");
    let index = page("dien-gia/");
    assert_eq!(index.matches("Đặng Thị Hồng Đào").count(), 1, "{index}");
    assert_contains(&index, "<a class=\"item-title\" href=\"../dien-gia/dang-thi-hong-dao/index.html\">Đặng Thị Hồng Đào</a> <small>(2 bài viết)</small>");
    // No page carries the decomposed spelling.
    let nfd = "Đặng Thị Hồng Đào"
        .chars()
        .flat_map(|c| match c {
            'ặ' => vec!['a', '\u{323}', '\u{306}'],
            'ị' => vec!['i', '\u{323}'],
            'ồ' => vec!['o', '\u{302}', '\u{300}'],
            'à' => vec!['a', '\u{300}'],
            c => vec![c],
        })
        .collect::<String>();
    for file in site.output_files().iter().filter(|f| f.ends_with(".html")) {
        assert_not_contains(&site.read(file), &nfd);
    }
    assert!(site.has("en/speakers/dang-thi-hong-dao/index.html"));
}

#[test]
fn drafts_leave_no_trace_in_pages_feeds_or_sitemap() {
    let site = basic();
    for file in site.output_files() {
        assert!(
            !file.contains("nhap"),
            "a draft's file was published: {file}"
        );
        if file.ends_with(".html") || file.ends_with(".xml") {
            let text = site.read(&file);
            for trace in [
                "nháp",
                "Nháp",
                "ban-nhap",
                "tran-van-nhap",
                "Hội trường nháp",
            ] {
                assert!(!text.contains(trace), "{file} mentions the draft ({trace})");
            }
        }
    }
    // The unit only the draft names lists no article.
    let units = page("don-vi/");
    let item = units
        .split("<li class=\"item\">")
        .find(|li| li.contains("bao-kinh-te-hop-tac"))
        .expect("the unit is listed");
    assert_contains(item, "<div class=\"item-meta\">0 bài viết</div>");
    assert_contains(
        main_of(&page("don-vi/bao-kinh-te-hop-tac/")),
        "<p>Chưa có bài viết nào.</p>",
    );
}

#[test]
fn drafts_are_built_with_the_drafts_flag() {
    let site = Site::fixture("basic");
    site.run(&["build", "--drafts"]).success();
    let html = site.read("2021/ban-nhap/index.html");
    assert_contains(main_of(&html), "<h1>Hội thảo bản nháp chưa công bố</h1>");
    assert!(site.has("2021/ban-nhap/nhap.jpg"));
    assert!(site.has("dien-gia/tran-van-nhap/index.html"));
    assert!(site.has("en/2021/ban-nhap/index.html"));
    assert_contains(
        &site.read("atom.xml"),
        "<title>Hội thảo bản nháp chưa công bố</title>",
    );
    assert_contains(
        &site.read("sitemap.xml"),
        "<loc>https://example.org/kyyeu/2021/ban-nhap/</loc>",
    );
    assert_contains(&site.read("2021/index.html"), "Nhiệm vụ trong bản nháp.");
}

#[test]
fn gallery_photos_have_srcset_sizes_dimensions_captions_and_lazy_loading() {
    let site = basic();
    let html = page(REVIEW);
    let figures = figures(main_of(&html));
    let captions = [
        "Toàn cảnh các đại biểu dự hội nghị.",
        "Ảnh lưu niệm của đại diện các đơn vị.",
    ];
    assert_eq!(figures.len(), 2);
    for (i, (figure, caption)) in figures.iter().zip(captions).enumerate() {
        let img = tags(figure, "img")[0];
        assert_eq!(attr(img, "alt").as_deref(), Some(caption), "{img}");
        assert_contains(figure, &format!("<figcaption>{caption}</figcaption>"));
        let sizes = attr(img, "sizes").unwrap_or_default();
        assert!(!sizes.is_empty(), "sizes on {img}");
        let srcset = attr(img, "srcset").expect("srcset");
        assert!(srcset.contains("w, "), "several widths in {srcset}");
        // width and height are those of the file `src` names.
        let src = attr(img, "src").unwrap();
        let file = src.strip_prefix("../../").unwrap();
        let (w, h) = image_size(&site.public().join(file));
        assert_eq!(attr(img, "width"), Some(w.to_string()), "{img}");
        assert_eq!(attr(img, "height"), Some(h.to_string()), "{img}");
        // The first photo loads at once, the others lazily.
        assert_eq!(img.contains("loading=\"lazy\""), i > 0, "{img}");
    }
    assert_contains(
        figures[0],
        "srcset=\"../../2021/tong-ket-thi-dua-2021/dai-bieu.480.jpg 480w, ../../2021/tong-ket-thi-dua-2021/dai-bieu.960.jpg 960w, ../../2021/tong-ket-thi-dua-2021/dai-bieu.jpg 1200w\"",
    );
    // The English page has the English captions as alt text.
    let en = page(&format!("en/{REVIEW}"));
    assert_contains(main_of(&en), "alt=\"The delegates at the conference.\"");
    assert_contains(
        main_of(&en),
        "<figcaption>A group photo of the units&#39; representatives.</figcaption>",
    );
}

#[test]
fn every_srcset_entry_names_a_file_of_that_width() {
    let site = basic();
    for file in site.output_files().iter().filter(|f| f.ends_with(".html")) {
        let html = site.read(file);
        for img in tags(&html, "img") {
            let Some(srcset) = attr(img, "srcset") else {
                continue;
            };
            for entry in srcset.split(", ") {
                let (url, width) = entry.split_once(' ').expect("`url NNNw`");
                let target = common::resolve_link(file, url, "/kyyeu/").unwrap().unwrap();
                let (w, _) = image_size(&site.public().join(&target));
                assert_eq!(format!("{w}w"), width, "{file}: {entry}");
            }
        }
    }
}

#[test]
fn photos_are_never_upscaled() {
    let site = basic();
    // 600 px wide: a 480 px copy and the photo at its own size, nothing wider.
    assert_eq!(
        image_size(&site.public().join("2020/tong-ket-2020/truc-tuyen.jpg")),
        (600, 400)
    );
    assert_eq!(
        image_size(&site.public().join("2020/tong-ket-2020/truc-tuyen.480.jpg")),
        (480, 320)
    );
    assert!(!site.has("2020/tong-ket-2020/truc-tuyen.960.jpg"));
    assert!(!site.has("2020/tong-ket-2020/truc-tuyen.1600.jpg"));
    // 1200 px wide: 480, 960 and 1200, no 1600.
    assert_eq!(
        image_size(
            &site
                .public()
                .join("2021/tong-ket-thi-dua-2021/dai-bieu.jpg")
        ),
        (1200, 800)
    );
    assert_eq!(
        image_size(
            &site
                .public()
                .join("2021/tong-ket-thi-dua-2021/dai-bieu.960.jpg")
        ),
        (960, 640)
    );
    assert!(!site.has("2021/tong-ket-thi-dua-2021/dai-bieu.1600.jpg"));
    let html = page(REVIEW_2020);
    let img = tags(main_of(&html), "img")[0];
    assert_eq!(attr(img, "width").as_deref(), Some("600"));
    assert_contains(
        img,
        "srcset=\"../../2020/tong-ket-2020/truc-tuyen.480.jpg 480w, ../../2020/tong-ket-2020/truc-tuyen.jpg 600w\"",
    );
}

#[test]
fn relative_image_in_the_body_resolves_to_a_published_photo() {
    let site = basic();
    let html = page(REVIEW);
    let body = body_of(&html);
    // Shown in the sizes made of it, like the gallery's photos, the first
    // at once and the others lazily.
    let imgs = tags(body, "img");
    let dai_bieu = imgs
        .iter()
        .find(|img| attr(img, "alt").as_deref() == Some("Các đại biểu dự hội nghị."))
        .expect("the body's first photo");
    assert_eq!(
        attr(dai_bieu, "src").as_deref(),
        Some("../../2021/tong-ket-thi-dua-2021/dai-bieu.960.jpg")
    );
    assert_eq!(
        attr(dai_bieu, "srcset").as_deref(),
        Some("../../2021/tong-ket-thi-dua-2021/dai-bieu.480.jpg 480w, ../../2021/tong-ket-thi-dua-2021/dai-bieu.960.jpg 960w, ../../2021/tong-ket-thi-dua-2021/dai-bieu.jpg 1200w")
    );
    assert_eq!(attr(dai_bieu, "width").as_deref(), Some("960"));
    assert_eq!(attr(dai_bieu, "height").as_deref(), Some("640"));
    assert_eq!(attr(dai_bieu, "loading"), None);
    // A PNG named only in the body is published too, as JPEG.
    let so_do = imgs
        .iter()
        .find(|img| attr(img, "alt").as_deref() == Some("Sơ đồ hội trường."))
        .expect("the body's second photo");
    assert_eq!(
        attr(so_do, "srcset").as_deref(),
        Some("../../2021/tong-ket-thi-dua-2021/so-do.jpg 400w")
    );
    assert_eq!(attr(so_do, "width").as_deref(), Some("400"));
    assert_eq!(attr(so_do, "loading").as_deref(), Some("lazy"));
    // The gallery's photo and the body's are the same candidates, in the same slot.
    let gallery = tags(&html, "img")
        .into_iter()
        .filter(|img| attr(img, "alt").as_deref() == Some("Các đại biểu dự hội nghị."))
        .count();
    assert!(gallery >= 1);
    let so_do = site.public().join("2021/tong-ket-thi-dua-2021/so-do.jpg");
    assert_eq!(image_size(&so_do), (400, 300));
    assert_eq!(
        image::ImageFormat::from_path(&so_do).ok(),
        Some(image::ImageFormat::Jpeg)
    );
    let bytes = std::fs::read(&so_do).unwrap();
    assert_eq!(&bytes[..3], &[0xff, 0xd8, 0xff], "JPEG content");
    // Body-only images are not part of the gallery.
    assert_eq!(figures(main_of(&html)).len(), 2);
    // From the English page the same photo is three levels up.
    let en = page(&format!("en/{REVIEW}"));
    assert_contains(
        body_of(&en),
        "<img src=\"../../../2021/tong-ket-thi-dua-2021/dai-bieu.960.jpg\" srcset=\"../../../2021/tong-ket-thi-dua-2021/dai-bieu.480.jpg 480w,",
    );
    assert_contains(body_of(&en), "alt=\"The delegates at the conference.\"");
}

#[test]
fn slugs_and_photo_names_written_in_vietnamese_are_transliterated() {
    let site = Site::minimal();
    site.photo(
        "content/2021/Hội nghị Tổng kết/photos/Ảnh Đại biểu.JPG",
        120,
        80,
    );
    site.write(
        "content/2021/Hội nghị Tổng kết/index.vi.md",
        "---\ntitle: Hội nghị\ndate: 2021-12-10\nphotos:\n  - file: photos/Ảnh Đại biểu.JPG\n    caption: Đại biểu.\n---\n",
    );
    site.write(
        "content/2021/giao-uoc.vi.md",
        "---\ntitle: Giao ước\ndate: 2021-03-02\nslug: Đoàn kết – Kỷ cương\n---\n",
    );
    site.build().success();
    assert!(site.has("2021/hoi-nghi-tong-ket/index.html"));
    assert!(site.has("2021/hoi-nghi-tong-ket/anh-dai-bieu.jpg"));
    assert!(site.has("2021/doan-ket-ky-cuong/index.html"));
    assert!(site.has("en/2021/doan-ket-ky-cuong/index.html"));
    assert!(!site.has("2021/giao-uoc/index.html"));
    assert_contains(
        &site.read("2021/index.html"),
        "href=\"../2021/doan-ket-ky-cuong/index.html\"",
    );
}

#[test]
fn home_shows_six_articles_a_year_and_links_to_the_rest() {
    let site = Site::minimal();
    for day in 1..=7 {
        site.write(
            &format!("content/2021/bai-{day}.vi.md"),
            &format!("---\ntitle: Bài số {day}\ndate: 2021-05-0{day}\n---\nNội dung {day}.\n"),
        );
    }
    site.write(
        "content/2019/cu.vi.md",
        "---\ntitle: Bài cũ\ndate: 2019-05-01\n---\n",
    );
    site.build().success();
    let home = site.read("index.html");
    let main = main_of(&home);
    assert_contains(
        main,
        "<a href=\"./2021/index.html\">2021</a> <small>(7)</small>",
    );
    assert_contains(
        main,
        "<a href=\"./2019/index.html\">2019</a> <small>(1)</small>",
    );
    assert_eq!(
        main.matches("class=\"item-title\"").count(),
        7,
        "6 of 2021 and 1 of 2019"
    );
    assert_contains(
        main,
        "<a href=\"./2021/index.html\">Tất cả bài viết năm 2021 (7)</a>",
    );
    // The year page has them all.
    let year = site.read("2021/index.html");
    assert_eq!(main_of(&year).matches("class=\"item-title\"").count(), 7);
    // No year without articles gets a page.
    assert!(!site.has("2020/index.html"));
}

#[test]
fn links_to_other_articles_by_their_markdown_file_lead_to_their_pages() {
    let vi = page(REVIEW);
    let body = body_of(&vi);
    assert_contains(
        body,
        "<a href=\"https://example.org/vca\">trang của Liên minh</a>",
    );
    assert_contains(
        body,
        "<a href=\"../../2021/ky-giao-uoc/index.html\">lễ ký giao ước</a>",
    );
    assert_contains(
        body,
        "<a href=\"../../2020/tong-ket-2020/index.html#ket-qua\">hội nghị năm 2020</a>",
    );
    // In the reader's language.
    let en = page(&format!("en/{REVIEW}"));
    assert_contains(
        body_of(&en),
        "<a href=\"../../../en/2021/ky-giao-uoc/index.html\">the pact signing</a>",
    );
    // A link to the draft keeps its text and leads nowhere.
    let pact = page(PACT);
    assert_contains(body_of(&pact), "<a href=\"#\">hội thảo tháng 9</a>");
}

#[test]
fn link_to_a_draft_warns_and_resolves_with_the_drafts_flag() {
    let site = Site::minimal();
    site.write(
        "content/2021/nhap.vi.md",
        "---\ntitle: Nháp\ndate: 2021-02-01\ndraft: true\n---\n",
    );
    site.write(
        "content/2021/bai.vi.md",
        "---\ntitle: Bài\ndate: 2021-03-01\n---\nĐoạn một.\n\nXem [bản sau](nhap.vi.md).\n",
    );
    let run = site.build().success();
    // Located at 1:1 and naming `nhap.md` rather than the link's line and file (see the report).
    assert_eq!(
        run.stderr,
        "warning: content/2021/bai.vi.md:7:1: the linked article content/2021/nhap.md is not published (a draft?): the link leads nowhere\n"
    );
    assert_contains(
        &site.read("2021/bai/index.html"),
        "<a href=\"#\">bản sau</a>",
    );
    let run = site.run(&["build", "--drafts"]).success();
    assert_eq!(run.stderr, "");
    assert_contains(
        &site.read("2021/bai/index.html"),
        "<a href=\"../../2021/nhap/index.html\">bản sau</a>",
    );
    assert_contains(
        &site.read("en/2021/bai/index.html"),
        "<h1 lang=\"vi\">Bài</h1>",
    );
}

#[test]
fn file_without_a_language_suffix_is_in_the_default_language() {
    let site = Site::minimal();
    site.write(
        "content/2021/a/index.md",
        "---\ntitle: Bài mặc định\ndate: 2021-01-01\n---\nĐoạn đầu tiên của bài.\n\nĐoạn hai.\n",
    );
    site.write(
        "content/2021/a/index.en.md",
        "---\ntitle: Default article\n---\nFirst.\n",
    );
    site.build().success();
    let vi = site.read("2021/a/index.html");
    assert_contains(&vi, "<html lang=\"vi\">");
    assert_contains(&vi, "<h1>Bài mặc định</h1>");
    // The summary defaults to the first paragraph, as plain text.
    assert_contains(
        head_of(&vi),
        "<meta name=\"description\" content=\"Đoạn đầu tiên của bài.\">",
    );
    let en = site.read("en/2021/a/index.html");
    assert_contains(&en, "<h1>Default article</h1>");
    assert_contains(&en, "<time datetime=\"2021-01-01\">1 January 2021</time>");
}

#[test]
fn underscore_and_dot_names_and_stray_files_are_ignored() {
    let site = Site::minimal();
    site.write(
        "content/2021/a/index.vi.md",
        "---\ntitle: Bài thật\ndate: 2021-01-01\n---\n",
    );
    // None of these is read: they would not even parse.
    site.write("content/_nhap/x.vi.md", "không có front matter");
    site.write("content/.an/y.vi.md", "không có front matter");
    site.write("content/2021/_cu/index.vi.md", "không có front matter");
    site.write("content/2021/.z.vi.md", "không có front matter");
    site.write("content/2021/ghi-chu.txt", "ghi chú");
    // A Markdown file inside a bundle is not an article: a warning says so.
    site.write(
        "content/2021/a/notes/phu.vi.md",
        "---\ntitle: Phụ\ndate: 2021-01-01\n---\n",
    );
    let run = site.build().success();
    assert_eq!(
        run.stderr,
        "warning: content/2021/a/notes/phu.vi.md: ignored: a Markdown file inside the bundle content/2021/a\n"
    );
    let articles: Vec<String> = site
        .output_files()
        .into_iter()
        .filter(|f| f.starts_with("2021/"))
        .collect();
    assert_eq!(
        articles,
        vec![
            "2021/a/index.html",
            "2021/in/index.html",
            "2021/index.html",
            "2021/ky-yeu-2021.pdf"
        ]
    );
}

#[test]
fn section_words_come_from_the_theme_strings() {
    let site = Site::minimal();
    site.write(
        "content/2021/a.vi.md",
        "---\ntitle: Bài\ndate: 2021-01-01\nunits: [quy-ho-tro-phat-trien-htx]\nspeakers:\n  - name: Lê Văn Hùng\n---\n",
    );
    site.write(
        "themes/default/i18n/vi.yaml",
        "path_units: co-quan\nunits: Cơ quan\npath_speakers: nguoi-phat-bieu\n",
    );
    site.build().success();
    assert!(site.has("co-quan/index.html"));
    assert!(site.has("co-quan/quy-ho-tro-phat-trien-htx/index.html"));
    assert!(site.has("nguoi-phat-bieu/le-van-hung/index.html"));
    assert!(!site.has("don-vi/index.html"));
    assert!(site.has("en/units/index.html"));
    let html = site.read("2021/a/index.html");
    assert_contains(
        &html,
        "<li><a href=\"../../co-quan/index.html\">Cơ quan</a></li>",
    );
    assert_contains(
        &html,
        "<a href=\"../../co-quan/quy-ho-tro-phat-trien-htx/index.html\">Quỹ hỗ trợ phát triển hợp tác xã</a>",
    );
    assert_contains(
        &site.read("en/units/index.html"),
        "<a href=\"../../co-quan/index.html\" hreflang=\"vi\" lang=\"vi\">",
    );
}

#[test]
fn year_page_heads_tasks_with_the_year_they_are_for() {
    let site = Site::minimal();
    site.write(
        "content/2021/a.vi.md",
        "---\ntitle: Hội nghị 2021\ndate: 2021-12-01\ntasks: [Việc cho năm 2023]\ntasks_year: 2023\n---\n",
    );
    site.build().success();
    let main_html = site.read("2021/index.html");
    let main = main_of(&main_html);
    assert_contains(main, "Nhiệm vụ đề ra cho năm 2023");
    assert_not_contains(main, "Nhiệm vụ đề ra cho năm 2022");
}

#[test]
fn year_page_lists_each_article_once_and_names_it_once_in_the_gallery() {
    let html = page("2021/");
    let main = main_of(&html);
    // The lists of conferences and articles come before the units.
    let lists = &main[..main.find("<ul class=\"tags\">").expect("the units")];
    for article in [REVIEW, PACT, VISIT] {
        // The English-only article is linked in English (`../en/2021/...`).
        let href = format!("{article}index.html\"");
        assert_eq!(lists.matches(&href).count(), 1, "{article}");
    }
    let gallery = &main[main.find("<h2>Ảnh</h2>").unwrap()..];
    let review = format!("href=\"../{REVIEW}index.html\"");
    assert_eq!(
        gallery.matches(&review).count(),
        1,
        "the review has two photos, named once"
    );
    let sizes: Vec<String> = tags(gallery, "img")
        .iter()
        .filter_map(|img| attr(img, "sizes"))
        .collect();
    assert!(!sizes.is_empty());
    assert!(sizes.iter().all(|s| s.contains("19rem")), "{sizes:?}");
}

#[test]
fn home_leads_with_the_latest_conference_and_its_photo_never_twice() {
    let html = page("");
    let main = main_of(&html);
    let lead = &main[main.find("<section class=\"lead-article").expect("a lead")..];
    let lead = &lead[..lead.find("</section>").unwrap()];
    assert_contains(lead, &format!("href=\"./{REVIEW}index.html\""));
    let img = tags(lead, "img")[0];
    assert!(attr(img, "src")
        .unwrap()
        .starts_with(&format!("./{REVIEW}")));
    assert_eq!(attr(img, "loading"), None, "the lead photo loads at once");
    assert!(attr(img, "srcset").is_some() && attr(img, "width").is_some());
    // Every photo of the page is a different photo (no two sizes of one).
    let stems: Vec<String> = tags(main, "img")
        .iter()
        .filter_map(|img| attr(img, "src"))
        .map(|src| {
            let (dir, file) = src.rsplit_once('/').unwrap_or(("", &src));
            format!("{dir}/{}", file.split('.').next().unwrap_or(""))
        })
        .collect();
    let mut unique = stems.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), stems.len(), "{stems:?}");
}

#[test]
fn home_reads_well_without_any_photo() {
    let site = Site::inline(&[
        ("site.yaml", common::SITE_YAML),
        (
            "content/2021/a/index.vi.md",
            "---\ntitle: Hội nghị A\ndate: 2021-12-01\nvenue: Hà Nội\n---\nNội dung.\n",
        ),
    ]);
    site.build().success();
    let html = site.read("index.html");
    let main = main_of(&html);
    assert_contains(
        main,
        "<h2 id=\"lead-title\"><a href=\"./2021/a/index.html\">Hội nghị A</a></h2>",
    );
    assert!(tags(main, "img").is_empty());
}
