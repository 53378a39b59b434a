//! Writes a deterministic, bilingual benchmark corpus of conference
//! proceedings, as a kyyeu site or as an equivalent Hugo or Zola site.
//!
//! ```sh
//! cargo run --release --example gen_corpus -- --format kyyeu --articles 1000 --out /tmp/k1k
//! cargo run --release --example gen_corpus -- --format hugo --articles 200 \
//!     --photos-per-article 2 --photo-size 2400x1600 --seed 2021 --out /tmp/h-photos
//! ```
//!
//! The same seed gives the same bytes, and the same articles in every format:
//! 40 units, articles spread evenly over 2005-2024, each with a Vietnamese and
//! an English file (about 600 words in 5-8 paragraphs, a heading, a bullet
//! list, a link to an earlier article and a link to an outside page), front
//! matter with date, venue, 1-4 units, 1-3 speakers, photos with captions,
//! 5-12 tasks and sometimes offices (roles).
//!
//! Photos are real JPEG files (quality 85) drawn with the `image` crate: smooth
//! colour fields, soft blobs, hard-edged objects and per-pixel grain of varying
//! strength, so that they compress like photographs (about 1-2 bits per pixel)
//! and cost what a photograph costs to decode, resize and re-encode. Each one
//! is distinct. They are drawn in parallel with rayon.
//!
//! The Hugo and Zola templates live in `bench/hugo/` and `bench/zola/` and are
//! built into this program.

use image::codecs::jpeg::JpegEncoder;
use image::ExtendedColorType;
use rayon::prelude::*;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "\
usage: gen_corpus --format kyyeu|hugo|zola --out DIR [--articles N] [--photos-per-article P]
                  [--photo-size WxH] [--seed S] [--link-photos-from DIR]

  --format              site layout to write: kyyeu, hugo or zola
  --out DIR             output folder; it must not exist or be empty, unless an
                        earlier run of this program wrote it (then it is replaced)
  --articles N          number of articles, each in Vietnamese and English (default 1000)
  --photos-per-article  JPEG photos per article (default 0)
  --photo-size WxH      photo size in pixels (default 2400x1600)
  --seed S              random seed (default 2021); same seed, same bytes
  --link-photos-from DIR  hard-link (or copy) the photos from a corpus written
                        with the same --seed, --articles, --photos-per-article and
                        --photo-size in another format, instead of drawing them again
";

/// Marks a folder written by this program (so that it may be replaced).
const MARKER: &str = ".gen_corpus";
const FIRST_YEAR: u32 = 2005;
const YEARS: u32 = 20;
const PHOTO_QUALITY: u8 = 85;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Format {
    Kyyeu,
    Hugo,
    Zola,
}

struct Args {
    format: Format,
    out: PathBuf,
    articles: usize,
    photos: usize,
    width: u32,
    height: u32,
    seed: u64,
    link_photos_from: Option<PathBuf>,
}

fn parse_args() -> Result<Args, String> {
    let mut format = None;
    let mut out = None;
    let mut articles = 1000usize;
    let mut photos = 0usize;
    let (mut width, mut height) = (2400u32, 1600u32);
    let mut seed = 2021u64;
    let mut link_photos_from = None;
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        if flag == "-h" || flag == "--help" {
            print!("{USAGE}");
            std::process::exit(0);
        }
        let (name, inline) = match flag.split_once('=') {
            Some((n, v)) => (n.to_string(), Some(v.to_string())),
            None => (flag.clone(), None),
        };
        let mut value = || {
            inline
                .clone()
                .or_else(|| it.next())
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match name.as_str() {
            "--format" => {
                format = Some(match value()?.as_str() {
                    "kyyeu" => Format::Kyyeu,
                    "hugo" => Format::Hugo,
                    "zola" => Format::Zola,
                    other => return Err(format!("unknown format `{other}` (kyyeu, hugo or zola)")),
                })
            }
            "--out" => out = Some(PathBuf::from(value()?)),
            "--articles" => articles = number(&name, &value()?)?,
            "--photos-per-article" => photos = number(&name, &value()?)?,
            "--photo-size" => {
                let v = value()?;
                let (w, h) = v
                    .split_once(['x', 'X'])
                    .ok_or_else(|| format!("--photo-size: expected WxH, found `{v}`"))?;
                width = number(&name, w)?;
                height = number(&name, h)?;
                if !(16..=20_000).contains(&width) || !(16..=20_000).contains(&height) {
                    return Err("--photo-size: each side must be between 16 and 20000".into());
                }
            }
            "--seed" => seed = number(&name, &value()?)?,
            "--link-photos-from" => link_photos_from = Some(PathBuf::from(value()?)),
            _ => return Err(format!("unknown argument `{flag}`")),
        }
    }
    Ok(Args {
        format: format.ok_or("--format is required")?,
        out: out.ok_or("--out is required")?,
        articles,
        photos,
        width,
        height,
        seed,
        link_photos_from,
    })
}

fn number<T: std::str::FromStr>(name: &str, v: &str) -> Result<T, String> {
    v.trim()
        .parse()
        .map_err(|_| format!("{name}: expected a number, found `{v}`"))
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("gen_corpus: {e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen_corpus: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &Args) -> Result<(), String> {
    let started = std::time::Instant::now();
    prepare_out(&args.out)?;
    let corpus = Corpus::new(args.seed, args.articles, args.photos);
    let files = match args.format {
        Format::Kyyeu => kyyeu::write(&corpus, &args.out)?,
        Format::Hugo => hugo::write(&corpus, &args.out)?,
        Format::Zola => zola::write(&corpus, &args.out)?,
    };
    let text_secs = started.elapsed().as_secs_f64();
    let (drawn, linked, photo_bytes) = write_photos(&corpus, args)?;
    let manifest = format!(
        "format = \"{:?}\"\narticles = {}\nphotos_per_article = {}\nphoto_size = \"{}x{}\"\nseed = {}\n\
         text_files = {}\nphotos_drawn = {}\nphotos_linked = {}\nphoto_bytes = {}\n",
        args.format, args.articles, args.photos, args.width, args.height, args.seed, files, drawn, linked, photo_bytes
    )
    .to_lowercase();
    write(&args.out.join(MARKER), manifest.as_bytes())?;
    let pixels = (args.width as f64) * (args.height as f64) * ((drawn + linked) as f64);
    eprintln!(
        "gen_corpus: {:?} corpus in {}: {} articles, {} text files ({:.1} s), {} photos ({} drawn, {} linked{}) in {:.1} s",
        args.format,
        args.out.display(),
        args.articles,
        files,
        text_secs,
        drawn + linked,
        drawn,
        linked,
        if pixels > 0.0 {
            format!(", {:.2} bits/pixel", photo_bytes as f64 * 8.0 / pixels)
        } else {
            String::new()
        },
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The output must not exist, be empty, or have been written by this program.
fn prepare_out(out: &Path) -> Result<(), String> {
    if out.exists() {
        let mut entries = fs::read_dir(out).map_err(|e| format!("{}: {e}", out.display()))?;
        if entries.next().is_some() {
            if !out.join(MARKER).is_file() {
                return Err(format!(
                    "{} is not empty and was not written by gen_corpus; refusing to replace it",
                    out.display()
                ));
            }
            fs::remove_dir_all(out).map_err(|e| format!("cannot remove {}: {e}", out.display()))?;
        }
    }
    fs::create_dir_all(out).map_err(|e| format!("cannot create {}: {e}", out.display()))
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    fs::write(path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

// ---------------------------------------------------------------------------
// Deterministic randomness

/// SplitMix64: small, fast, and the same on every platform.
#[derive(Clone)]
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x6a09_e667_f3bc_c909)
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// A number in 0..n.
    fn below(&mut self, n: usize) -> usize {
        (((self.next() >> 32) * n as u64) >> 32) as usize
    }
    /// A number in lo..=hi.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    fn unit(&mut self) -> f32 {
        (self.next() >> 40) as f32 / (1u64 << 24) as f32
    }
    fn chance(&mut self, p: f32) -> bool {
        self.unit() < p
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    /// `k` distinct indices of 0..n, in random order.
    fn distinct(&mut self, n: usize, k: usize) -> Vec<usize> {
        let mut all: Vec<usize> = (0..n).collect();
        for i in 0..k.min(n) {
            let j = i + self.below(n - i);
            all.swap(i, j);
        }
        all.truncate(k.min(n));
        all
    }
}

/// Derives an independent seed from a seed and a few numbers.
fn mix(seed: u64, parts: &[u64]) -> u64 {
    let mut r = Rng::new(seed);
    for &p in parts {
        r.0 ^= p.wrapping_mul(0xd6e8_feb8_6659_fd93);
        r.next();
    }
    r.next()
}

// ---------------------------------------------------------------------------
// Word lists: pairs (Vietnamese, English) that translate each other.

type Pair = (&'static str, &'static str);

/// Kinds of units: (Vietnamese name, Vietnamese short name, English name,
/// English short name, id prefix).
const UNIT_KINDS: [(&str, &str, &str, &str, &str); 8] = [
    (
        "Trường Cao đẳng Kinh tế – Kỹ thuật",
        "Trường CĐ KT–KT",
        "College of Economics and Technology",
        "College",
        "truong-cd-ktkt",
    ),
    (
        "Trung tâm Xúc tiến thương mại hợp tác xã",
        "Trung tâm XTTM",
        "Cooperative Trade Promotion Centre",
        "Trade Centre",
        "trung-tam-xttm",
    ),
    (
        "Viện Nghiên cứu kinh tế hợp tác",
        "Viện NCKTHT",
        "Institute for Cooperative Economy Research",
        "Institute",
        "vien-nc-ktht",
    ),
    (
        "Quỹ hỗ trợ phát triển hợp tác xã",
        "Quỹ HTX",
        "Cooperative Development Support Fund",
        "Co-op Fund",
        "quy-htx",
    ),
    (
        "Công ty Cổ phần Dịch vụ Hợp tác",
        "Công ty DVHT",
        "Cooperative Services Joint Stock Company",
        "Services Company",
        "cong-ty-dvht",
    ),
    (
        "Trường Bồi dưỡng cán bộ hợp tác xã",
        "Trường BDCB HTX",
        "Cooperative Staff Training School",
        "Training School",
        "truong-bdcb-htx",
    ),
    (
        "Trung tâm Tư vấn và Hỗ trợ hợp tác xã",
        "Trung tâm TV&HT HTX",
        "Cooperative Consulting and Support Centre",
        "Consulting Centre",
        "trung-tam-tvht",
    ),
    (
        "Trung tâm Khoa học công nghệ và Môi trường",
        "Trung tâm KHCN&MT",
        "Centre for Science, Technology and Environment",
        "Science Centre",
        "trung-tam-khcn-mt",
    ),
];

/// Regions: (Vietnamese, English, id suffix).
const REGIONS: [(&str, &str, &str); 5] = [
    ("miền Bắc", "Northern", "mien-bac"),
    ("miền Trung", "Central", "mien-trung"),
    ("miền Nam", "Southern", "mien-nam"),
    ("Tây Nguyên", "Central Highlands", "tay-nguyen"),
    ("Đồng bằng sông Cửu Long", "Mekong Delta", "dbscl"),
];

const SURNAMES: [&str; 14] = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô",
];
const MIDDLE_NAMES: [&str; 10] = [
    "Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Ngọc", "Quốc", "Thu", "Xuân",
];
const GIVEN_NAMES: [&str; 36] = [
    "Thịnh", "Hùng", "Lan", "Hương", "Dũng", "Tuấn", "Hà", "Mai", "Nam", "Bình", "Sơn", "Phương",
    "Hải", "Long", "Linh", "Trang", "Thủy", "Quang", "Khánh", "Yến", "Đào", "Cường", "Hiếu", "Tâm",
    "Vân", "Nga", "Hoa", "Thắng", "Kiên", "Nhung", "Giang", "Ánh", "Tùng", "Oanh", "Lộc", "Phúc",
];
const NAME_COMBOS: usize = 14 * 10 * 36;

/// Speakers' positions: (Vietnamese, English "… of the").
const POSITIONS: [Pair; 7] = [
    ("Giám đốc", "Director of the"),
    ("Phó Giám đốc", "Deputy Director of the"),
    ("Hiệu trưởng", "Principal of the"),
    ("Phó Hiệu trưởng", "Vice-Principal of the"),
    ("Chủ tịch Hội đồng quản trị", "Chairman of the Board of the"),
    (
        "Trưởng phòng Tổ chức – Hành chính",
        "Head of Administration at the",
    ),
    ("Chủ tịch Công đoàn", "Trade union chair at the"),
];

/// Kinds of events: (Vietnamese title, English title, first month, last month, weight).
const EVENTS: [(&str, &str, u32, u32, usize); 5] = [
    (
        "Hội nghị tổng kết công tác thi đua năm {Y}",
        "Review conference of the {Y} emulation work",
        11,
        12,
        5,
    ),
    (
        "Lễ ký kết giao ước thi đua năm {Y}",
        "Signing of the {Y} emulation pact",
        1,
        3,
        2,
    ),
    (
        "Tập huấn nghiệp vụ thi đua, khen thưởng năm {Y}",
        "{Y} training on emulation and commendation work",
        4,
        9,
        2,
    ),
    (
        "Sơ kết công tác thi đua sáu tháng đầu năm {Y}",
        "Mid-year review of the {Y} emulation work",
        6,
        7,
        2,
    ),
    (
        "Hội thảo chuyên đề của khối thi đua năm {Y}",
        "{Y} thematic seminar of the emulation bloc",
        3,
        10,
        1,
    ),
];

const THEMES: [Pair; 16] = [
    (
        "phát huy tinh thần đoàn kết, sáng tạo",
        "building on solidarity and creativity",
    ),
    (
        "đổi mới để phát triển bền vững",
        "renewal for sustainable development",
    ),
    (
        "đưa phong trào thi đua vào chiều sâu",
        "taking the emulation movement deeper",
    ),
    (
        "chuyển đổi số trong khu vực kinh tế hợp tác",
        "digital transformation in the cooperative sector",
    ),
    (
        "nâng cao chất lượng đào tạo cán bộ hợp tác xã",
        "better training for cooperative staff",
    ),
    (
        "mở rộng thị trường cho sản phẩm hợp tác xã",
        "wider markets for cooperative products",
    ),
    (
        "vượt khó, hoàn thành nhiệm vụ chính trị",
        "overcoming difficulties to fulfil the political tasks",
    ),
    ("nhân rộng điển hình tiên tiến", "spreading advanced models"),
    (
        "kỷ cương, trách nhiệm, hiệu quả",
        "discipline, responsibility, effectiveness",
    ),
    (
        "đồng hành cùng hợp tác xã nông nghiệp",
        "standing by agricultural cooperatives",
    ),
    (
        "tăng cường liên kết giữa các đơn vị",
        "closer links between the units",
    ),
    (
        "khơi dậy khát vọng cống hiến",
        "awakening the will to contribute",
    ),
    (
        "thích ứng an toàn, linh hoạt",
        "adapting safely and flexibly",
    ),
    (
        "hướng tới kinh tế xanh và tuần hoàn",
        "towards a green and circular economy",
    ),
    (
        "nâng cao năng lực tài chính cho hợp tác xã",
        "stronger finances for cooperatives",
    ),
    (
        "đẩy mạnh xúc tiến thương mại",
        "stepping up trade promotion",
    ),
];

const VENUES: [Pair; 11] = [
    (
        "Hội trường Liên minh Hợp tác xã Việt Nam, Hà Nội",
        "Hall of the Vietnam Cooperative Alliance, Hanoi",
    ),
    ("Khách sạn Kim Liên, Hà Nội", "Kim Liên Hotel, Hanoi"),
    (
        "Trung tâm Hội nghị tỉnh Thừa Thiên Huế",
        "Thừa Thiên Huế Provincial Convention Centre",
    ),
    (
        "Nhà văn hóa tỉnh Lâm Đồng, Đà Lạt",
        "Lâm Đồng Provincial Cultural House, Đà Lạt",
    ),
    (
        "Trung tâm Hội nghị thành phố Cần Thơ",
        "Cần Thơ City Convention Centre",
    ),
    (
        "Khu du lịch Tuần Châu, Quảng Ninh",
        "Tuần Châu resort, Quảng Ninh",
    ),
    (
        "Trung tâm Hội nghị Quốc gia, Hà Nội",
        "National Convention Centre, Hanoi",
    ),
    (
        "Hội trường Thống Nhất, Thành phố Hồ Chí Minh",
        "Reunification Hall, Hồ Chí Minh City",
    ),
    (
        "Trung tâm Hội nghị tỉnh Nghệ An, Vinh",
        "Nghệ An Provincial Convention Centre, Vinh",
    ),
    (
        "Khách sạn Mường Thanh, Đà Nẵng",
        "Mường Thanh Hotel, Đà Nẵng",
    ),
    (
        "Hội trường Ủy ban nhân dân tỉnh Thái Bình",
        "Hall of the Thái Bình Provincial People's Committee",
    ),
];

const SOURCES: [&str; 5] = [
    "Báo Kinh tế hợp tác",
    "Tạp chí Hợp tác xã",
    "Cổng thông tin Liên minh HTX Việt Nam",
    "Thời báo Kinh tế Việt Nam",
    "Bản tin Khối thi đua",
];

/// Sentences of the body. Slots: {U} host unit, {S} host short name, {U2}
/// another unit, {P} a speaker, {R} the speaker's position, {Y} the year, {N}
/// the next year, {n} a small number, {m} a larger one, {pct} a percentage,
/// {V} the venue, {T} the theme.
const SENTENCES: [Pair; 44] = [
    ("Tham dự hội nghị có đại diện lãnh đạo {n} đơn vị thành viên của khối thi đua cùng nhiều khách mời.", "The meeting was attended by the leaders of {n} member units of the emulation bloc and many guests."),
    ("Báo cáo của {S} cho biết, trong năm {Y} các đơn vị đã hoàn thành và vượt mức phần lớn chỉ tiêu được giao.", "The report of the {S} said that in {Y} the units met or exceeded most of the targets they had been set."),
    ("Doanh thu của các doanh nghiệp trong khối tăng khoảng {pct}% so với năm trước, đời sống người lao động được cải thiện rõ rệt.", "Revenue of the bloc's enterprises grew by about {pct}% on the previous year, and the living conditions of their workers clearly improved."),
    ("Các trường đã mở {n} lớp bồi dưỡng cho hơn {m} cán bộ quản lý và thành viên hợp tác xã.", "The schools ran {n} training courses for more than {m} managers and members of cooperatives."),
    ("Phát biểu tại hội nghị, {R} {P} ghi nhận những nỗ lực của tập thể cán bộ, người lao động trong khối.", "Speaking at the meeting, {P}, {R}, praised the efforts of the staff and workers of the whole bloc."),
    ("Theo {P}, phong trào thi đua chỉ thực sự có ý nghĩa khi gắn với nhiệm vụ chuyên môn hằng ngày của mỗi đơn vị.", "According to {P}, an emulation movement only matters when it is tied to the daily professional work of each unit."),
    ("Công tác phát hiện, bồi dưỡng và nhân rộng điển hình tiên tiến tiếp tục được chú trọng.", "Finding, nurturing and spreading advanced models continued to receive close attention."),
    ("Nhiều mô hình hay, cách làm mới đã được các đơn vị chia sẻ và học tập lẫn nhau.", "Many good models and new ways of working were shared by the units, which learned from one another."),
    ("Bên cạnh kết quả đạt được, hội nghị cũng thẳng thắn chỉ ra một số hạn chế cần khắc phục.", "Besides the results, the meeting also frankly pointed out a number of shortcomings that must be remedied."),
    ("Một số đơn vị còn gặp khó khăn về vốn, mặt bằng sản xuất và nguồn nhân lực chất lượng cao.", "Some units still face difficulties with capital, production space and highly skilled staff."),
    ("Việc ứng dụng công nghệ thông tin trong quản lý ở một vài nơi còn chậm, chưa đồng bộ.", "In a few places the use of information technology in management is still slow and uneven."),
    ("{U2} đã ký kết {n} thỏa thuận hợp tác với các địa phương, mở ra nhiều cơ hội cho hợp tác xã.", "The {U2} signed {n} cooperation agreements with the provinces, opening up many opportunities for cooperatives."),
    ("Quỹ hỗ trợ phát triển hợp tác xã đã giải ngân hơn {m} tỷ đồng cho các dự án của hợp tác xã và thành viên.", "The Cooperative Development Support Fund disbursed more than {m} billion dong to projects of cooperatives and their members."),
    ("Các hội chợ, phiên chợ hàng Việt do khối tổ chức đã thu hút hàng nghìn lượt khách tham quan.", "The fairs and Vietnamese goods markets organised by the bloc drew thousands of visitors."),
    ("Hội nghị đã dành nhiều thời gian thảo luận về phương hướng, nhiệm vụ năm {N}.", "The meeting spent a long time discussing the direction and the tasks for {N}."),
    ("Các đại biểu thống nhất cần đổi mới nội dung, hình thức thi đua cho phù hợp với thực tiễn.", "The delegates agreed that the content and the form of emulation must be renewed to suit practice."),
    ("Chủ đề của năm là \"{T}\", được các đơn vị cụ thể hóa bằng những kế hoạch hành động riêng.", "The theme of the year was \"{T}\", which each unit turned into an action plan of its own."),
    ("Nhân dịp này, {n} tập thể và cá nhân có thành tích xuất sắc đã được khen thưởng.", "On this occasion {n} teams and individuals with outstanding achievements were commended."),
    ("Đại diện {S} chia sẻ kinh nghiệm gắn thi đua với việc chăm lo đời sống người lao động.", "A representative of the {S} shared its experience of linking emulation with care for the welfare of workers."),
    ("Nhiều ý kiến đề nghị Liên minh tiếp tục tháo gỡ vướng mắc về cơ chế, chính sách cho các đơn vị sự nghiệp.", "Many speakers asked the Alliance to keep removing the obstacles in the rules and policies for public-service units."),
    ("Công tác thông tin, tuyên truyền được đẩy mạnh trên báo in, báo điện tử và mạng xã hội.", "Information and publicity work was stepped up in print, in online newspapers and on social media."),
    ("Các đơn vị cũng quan tâm xây dựng tổ chức Đảng, đoàn thể trong sạch, vững mạnh.", "The units also worked to build clean and strong Party cells and mass organisations."),
    ("Trong bối cảnh còn nhiều khó khăn, kết quả này càng có ý nghĩa.", "Given the many difficulties of the year, this result is all the more meaningful."),
    ("Ban tổ chức cho biết sẽ tổng hợp các ý kiến để hoàn thiện kế hoạch năm {N}.", "The organisers said that they would gather the comments to finalise the plan for {N}."),
    ("{P} đề nghị mỗi đơn vị chọn một việc khó để tập trung làm bằng được trong năm tới.", "{P} asked each unit to pick one hard task and to see it through in the coming year."),
    ("Số hợp tác xã được tư vấn thành lập mới đạt {m}, vượt kế hoạch đề ra.", "The number of new cooperatives set up with the advice of the units reached {m}, above the plan."),
    ("Các đơn vị đã chuyển {n} thủ tục sang hình thức trực tuyến, giúp tiết kiệm thời gian cho người dân và hợp tác xã.", "The units moved {n} procedures online, which saves time for citizens and cooperatives alike."),
    ("Việc kiểm tra, giám sát thực hiện giao ước thi đua được tiến hành định kỳ mỗi quý.", "Checks on how the emulation pact is being carried out were held every quarter."),
    ("Khối cũng phối hợp với các tỉnh tổ chức {n} đoàn khảo sát mô hình hợp tác xã kiểu mới.", "The bloc also worked with the provinces to send {n} study missions to new-style cooperatives."),
    ("Tại {V}, các đại biểu đã tham quan khu trưng bày sản phẩm tiêu biểu của hợp tác xã.", "At {V}, the delegates visited an exhibition of typical cooperative products."),
    ("Kết quả bình xét cho thấy sự tiến bộ khá đồng đều giữa các đơn vị trong khối.", "The assessment showed fairly even progress across the units of the bloc."),
    ("{S} được đánh giá là đơn vị dẫn đầu về đổi mới phương thức hoạt động.", "The {S} was rated as the leading unit for renewing the way it works."),
    ("Thu nhập bình quân của người lao động đạt khoảng {n} triệu đồng mỗi tháng.", "The average income of workers reached about {n} million dong a month."),
    ("Nhiều đơn vị đã chủ động tìm kiếm nguồn vốn, đối tác mới để mở rộng hoạt động.", "Many units went out of their way to find new sources of capital and new partners to expand their work."),
    ("Phong trào sáng kiến, cải tiến kỹ thuật thu hút đông đảo cán bộ trẻ tham gia.", "The movement for initiatives and technical improvements drew many young staff members."),
    ("Hội nghị đánh giá cao sự phối hợp chặt chẽ giữa {S} và {U2}.", "The meeting praised the close cooperation between the {S} and the {U2}."),
    ("Các ý kiến thảo luận đều thẳng thắn, tâm huyết và mang tính xây dựng.", "The contributions to the discussion were frank, heartfelt and constructive."),
    ("{R} {P} nhấn mạnh yêu cầu nâng cao chất lượng dịch vụ cho hợp tác xã và thành viên.", "{P}, {R}, stressed the need to improve the services offered to cooperatives and their members."),
    ("Năm {N}, khối đặt mục tiêu hỗ trợ ít nhất {m} hợp tác xã tiếp cận thị trường.", "For {N}, the bloc set itself the goal of helping at least {m} cooperatives to reach the market."),
    ("Đây cũng là dịp để các đơn vị nhìn lại chặng đường đã qua và rút ra những bài học kinh nghiệm.", "It was also a chance for the units to look back on the road they had travelled and to draw lessons from it."),
    ("Hoạt động nghiên cứu khoa học gắn chặt hơn với nhu cầu thực tế của hợp tác xã.", "Research was more closely tied to the real needs of cooperatives."),
    ("Công tác cán bộ được kiện toàn, {n} cán bộ trẻ được bổ nhiệm vào vị trí quản lý.", "The staffing was strengthened, and {n} young staff members were appointed to management posts."),
    ("Việc thực hành tiết kiệm, chống lãng phí được các đơn vị thực hiện nghiêm túc.", "The units took the practice of thrift and the fight against waste seriously."),
    ("Hội nghị kết thúc trong không khí phấn khởi, đoàn kết.", "The meeting closed in a spirit of enthusiasm and unity."),
];

const HEADINGS: [Pair; 5] = [
    ("Kết quả nổi bật", "Highlights"),
    ("Những hạn chế cần khắc phục", "Shortcomings to remedy"),
    ("Phương hướng năm {N}", "Plans for {N}"),
    ("Ý kiến của các đại biểu", "What the delegates said"),
    ("Công tác khen thưởng", "Commendations"),
];

const LIST_ITEMS: [Pair; 8] = [
    (
        "tổ chức {n} lớp tập huấn cho cán bộ hợp tác xã",
        "{n} training courses held for cooperative staff",
    ),
    (
        "hỗ trợ {m} hợp tác xã tiếp cận vốn vay ưu đãi",
        "{m} cooperatives helped to obtain preferential loans",
    ),
    (
        "xây dựng {n} mô hình điển hình tiên tiến",
        "{n} advanced models built",
    ),
    (
        "đưa {n} sản phẩm OCOP lên sàn thương mại điện tử",
        "{n} OCOP products put on e-commerce platforms",
    ),
    (
        "ký kết giao ước thi đua với toàn bộ đơn vị thành viên",
        "an emulation pact signed with every member unit",
    ),
    (
        "phát hành {n} số bản tin nội bộ",
        "{n} issues of the internal newsletter published",
    ),
    (
        "khen thưởng {n} tập thể và cá nhân tiêu biểu",
        "{n} outstanding teams and individuals commended",
    ),
    (
        "hoàn thành chuyển đổi số ở {n} phòng, ban",
        "digital transformation completed in {n} departments",
    ),
];

const QUOTES: [Pair; 4] = [
    ("Mỗi đơn vị phải là một điểm sáng, mỗi cán bộ phải là một tấm gương về tinh thần trách nhiệm.", "Every unit must be a bright spot, and every staff member an example of responsibility."),
    ("Thi đua không phải để lấy thành tích, mà để làm tốt hơn công việc phục vụ hợp tác xã.", "We do not compete for the sake of awards, but to serve cooperatives better."),
    ("Khó khăn là có thật, nhưng cơ hội cũng rất lớn nếu chúng ta đoàn kết và dám đổi mới.", "The difficulties are real, but so are the opportunities, if we stay united and dare to change."),
    ("Kết quả năm nay là nền tảng để khối bước vào năm {N} với quyết tâm cao hơn.", "This year's results are the foundation on which the bloc enters {N} with even greater resolve."),
];

const TASKS: [Pair; 22] = [
    ("Tiếp tục đẩy mạnh phong trào thi đua \"Phát triển kinh tế hợp tác, hợp tác xã nhanh và bền vững\".", "Press ahead with the emulation movement \"Developing the collective economy and cooperatives quickly and sustainably\"."),
    ("Ký kết giao ước thi đua năm {N} ngay từ quý I.", "Sign the {N} emulation pact in the first quarter."),
    ("Phát hiện, bồi dưỡng và nhân rộng điển hình tiên tiến.", "Find, nurture and spread advanced models."),
    ("Đẩy mạnh chuyển đổi số trong quản lý và cung cấp dịch vụ.", "Step up digital transformation in management and services."),
    ("Nâng cao chất lượng đào tạo, bồi dưỡng cán bộ hợp tác xã.", "Improve the training of cooperative staff."),
    ("Mở rộng xúc tiến thương mại cho sản phẩm của hợp tác xã.", "Widen trade promotion for cooperative products."),
    ("Tăng cường kiểm tra việc thực hiện tiêu chí thi đua.", "Check more closely how the emulation criteria are met."),
    ("Khen thưởng kịp thời, đúng người, đúng việc.", "Commend promptly, fairly and for the right achievements."),
    ("Tăng cường thông tin, tuyên truyền về gương người tốt, việc tốt.", "Publicise good people and good deeds more widely."),
    ("Kiến nghị tháo gỡ vướng mắc về cơ chế, chính sách.", "Propose how to remove the obstacles in rules and policies."),
    ("Chăm lo đời sống vật chất, tinh thần của người lao động.", "Look after the material and cultural life of workers."),
    ("Thực hành tiết kiệm, chống lãng phí.", "Practise thrift and fight waste."),
    ("Xây dựng tổ chức Đảng và đoàn thể trong sạch, vững mạnh.", "Build clean and strong Party cells and mass organisations."),
    ("Phối hợp với các địa phương hỗ trợ thành lập hợp tác xã mới.", "Work with the provinces to help set up new cooperatives."),
    ("Hoàn thành {n} đề tài nghiên cứu ứng dụng phục vụ hợp tác xã.", "Complete {n} applied research projects for cooperatives."),
    ("Tổ chức ít nhất {n} hội chợ, phiên chợ hàng Việt.", "Hold at least {n} fairs and Vietnamese goods markets."),
    ("Nâng cao hiệu quả sử dụng vốn của Quỹ hỗ trợ phát triển hợp tác xã.", "Use the capital of the Cooperative Development Support Fund more effectively."),
    ("Đổi mới nội dung, hình thức các phong trào thi đua.", "Renew the content and the form of the emulation movements."),
    ("Gắn thi đua với học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.", "Link emulation with studying and following Hồ Chí Minh's thought, morality and style."),
    ("Đẩy mạnh hợp tác quốc tế trong đào tạo và nghiên cứu.", "Step up international cooperation in training and research."),
    ("Tổng kết, đánh giá việc thực hiện Luật Hợp tác xã.", "Review how the Law on Cooperatives is being carried out."),
    ("Bảo đảm an toàn lao động và vệ sinh môi trường.", "Ensure occupational safety and a clean environment."),
];

const CAPTIONS: [Pair; 6] = [
    ("Toàn cảnh {E}.", "An overview of the {E}."),
    ("{P} phát biểu tại hội nghị.", "{P} speaks at the meeting."),
    (
        "Đại biểu các đơn vị chụp ảnh lưu niệm.",
        "Delegates of the units pose for a group photo.",
    ),
    (
        "Đại diện {S} nhận bằng khen.",
        "A representative of the {S} receives a certificate of merit.",
    ),
    (
        "Các đại biểu tham quan khu trưng bày sản phẩm.",
        "Delegates visit the product exhibition.",
    ),
    (
        "Các đơn vị ký kết giao ước thi đua năm {N}.",
        "The units sign the {N} emulation pact.",
    ),
];

const OFFICES: [Pair; 2] = [
    ("Khối trưởng", "Bloc leader"),
    ("Khối phó", "Deputy bloc leader"),
];

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// ASCII form of the Vietnamese text of this file, for ids and slugs.
fn slugify(text: &str) -> String {
    const GROUPS: [(&str, char); 14] = [
        ("àáảãạăằắẳẵặâầấẩẫậ", 'a'),
        ("ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ", 'a'),
        ("èéẻẽẹêềếểễệ", 'e'),
        ("ÈÉẺẼẸÊỀẾỂỄỆ", 'e'),
        ("ìíỉĩị", 'i'),
        ("ÌÍỈĨỊ", 'i'),
        ("òóỏõọôồốổỗộơờớởỡợ", 'o'),
        ("ÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ", 'o'),
        ("ùúủũụưừứửữự", 'u'),
        ("ÙÚỦŨỤƯỪỨỬỮỰ", 'u'),
        ("ỳýỷỹỵ", 'y'),
        ("ỲÝỶỸỴ", 'y'),
        ("đ", 'd'),
        ("Đ", 'd'),
    ];
    let mut out = String::new();
    let mut dash = false;
    for c in text.chars() {
        let a = if c.is_ascii() {
            c.to_ascii_lowercase()
        } else {
            GROUPS
                .iter()
                .find(|(set, _)| set.contains(c))
                .map_or('-', |&(_, base)| base)
        };
        if a.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(a);
        } else {
            dash = true;
        }
    }
    out
}

/// Replaces `{KEY}` slots.
fn fill(template: &str, slots: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 64);
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        match after.find('}') {
            Some(end) => {
                let key = &after[..end];
                match slots.iter().find(|(k, _)| *k == key) {
                    Some((_, v)) => out.push_str(v),
                    None => {
                        out.push('{');
                        out.push_str(key);
                        out.push('}');
                    }
                }
                rest = &after[end + 1..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Lowercases the first letter (for a title used inside a sentence).
fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn upper_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A YAML double-quoted scalar.
fn q(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A TOML basic string.
fn tq(s: &str) -> String {
    q(s)
}

// ---------------------------------------------------------------------------
// The corpus, independent of the output format

#[derive(Clone, Copy)]
enum Lang {
    Vi,
    En,
}

impl Lang {
    /// The text in this language, of a Vietnamese text and its translation.
    fn pick<'s>(self, vi: &'s str, en: &'s str) -> &'s str {
        match self {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }
}

struct Unit {
    id: String,
    vi: String,
    en: String,
    short_vi: String,
    short_en: String,
    url: Option<String>,
}

struct Speaker {
    name: String,
    position: usize,
    unit: usize,
}

struct Photo {
    file: String,
    caption_vi: String,
    caption_en: String,
}

struct Office {
    unit: usize,
    office: usize,
    year: u32,
}

/// What other articles need to know of one (for links).
struct Head {
    year: u32,
    month: u32,
    day: u32,
    slug: String,
    title_vi: String,
    title_en: String,
}

struct Article {
    units: Vec<usize>,
    speakers: Vec<usize>,
    venue_vi: String,
    venue_en: String,
    photos: Vec<Photo>,
    tasks: Vec<(String, String)>,
    offices: Vec<Office>,
    author: String,
    source: &'static str,
    /// The article that the body links to (an earlier one), if any.
    link: Option<usize>,
    /// Bodies with `\u{1}` where the internal link's target goes.
    body_vi: String,
    body_en: String,
}

struct Corpus {
    units: Vec<Unit>,
    speakers: Vec<Speaker>,
    heads: Vec<Head>,
    seed: u64,
    photos_per_article: usize,
}

/// A name from a number (distinct numbers below NAME_COMBOS give distinct
/// names, and distinct slugs).
fn person_name(k: usize) -> String {
    let k = k % NAME_COMBOS;
    format!(
        "{} {} {}",
        SURNAMES[k % 14],
        MIDDLE_NAMES[(k / 14) % 10],
        GIVEN_NAMES[(k / 140) % 36]
    )
}

impl Corpus {
    fn new(seed: u64, articles: usize, photos_per_article: usize) -> Corpus {
        let mut units = Vec::new();
        for (k, kind) in UNIT_KINDS.iter().enumerate() {
            for (r, region) in REGIONS.iter().enumerate() {
                units.push(Unit {
                    id: format!("{}-{}", kind.4, region.2),
                    vi: format!("{} {}", kind.0, region.0),
                    en: format!("{} {}", region.1, kind.2),
                    short_vi: format!("{} {}", kind.1, region.0),
                    short_en: format!("{} {}", region.1, kind.3),
                    url: ((k + r) % 3 != 0)
                        .then(|| format!("https://example.org/{}-{}", kind.4, region.2)),
                });
            }
        }
        let mut r = Rng::new(mix(seed, &[1]));
        let pool = (articles / 2).clamp(60, NAME_COMBOS);
        let offset = r.below(NAME_COMBOS);
        let speakers = (0..pool)
            .map(|k| {
                let unit = r.below(units.len());
                // Schools have principals, the others directors.
                let kind = unit / REGIONS.len();
                let allowed: &[usize] = match kind {
                    0 | 5 => &[2, 3, 5, 6],
                    4 => &[4, 0, 1, 5, 6],
                    _ => &[0, 1, 5, 6],
                };
                Speaker {
                    // 4007 is prime and does not divide NAME_COMBOS: a bijection.
                    name: person_name((k * 4007 + offset) % NAME_COMBOS),
                    position: *r.pick(allowed),
                    unit,
                }
            })
            .collect();
        let weights: usize = EVENTS.iter().map(|e| e.4).sum();
        let heads = (0..articles)
            .map(|i| {
                let mut r = Rng::new(mix(seed, &[2, i as u64]));
                let year = FIRST_YEAR + (i as u32 % YEARS);
                let mut w = r.below(weights);
                let event = EVENTS
                    .iter()
                    .position(|e| {
                        if w < e.4 {
                            true
                        } else {
                            w -= e.4;
                            false
                        }
                    })
                    .unwrap_or(0);
                let (ev_vi, ev_en, m0, m1, _) = EVENTS[event];
                let month = r.range(m0 as usize, m1 as usize) as u32;
                let day = r.range(1, 28) as u32;
                let theme = *r.pick(&THEMES);
                let y = year.to_string();
                let kind_vi = fill(ev_vi, &[("Y", &y)]);
                let kind_en = fill(ev_en, &[("Y", &y)]);
                Head {
                    year,
                    month,
                    day,
                    slug: format!("{}-{:06}", slugify(&kind_vi), i),
                    title_vi: format!("{kind_vi}: {}", theme.0),
                    title_en: format!("{kind_en}: {}", theme.1),
                }
            })
            .collect();
        Corpus {
            units,
            speakers,
            heads,
            seed,
            photos_per_article,
        }
    }

    fn len(&self) -> usize {
        self.heads.len()
    }

    /// The whole article `i` (drawn again on each call, deterministically).
    fn article(&self, i: usize) -> Article {
        let head = &self.heads[i];
        let mut r = Rng::new(mix(self.seed, &[3, i as u64]));
        let count = r.range(1, 4);
        let units = r.distinct(self.units.len(), count);
        let count = r.range(1, 3);
        let speakers: Vec<usize> = r.distinct(self.speakers.len(), count);
        let scene = self.scene(head, &units, speakers[0], &mut r);
        let link = (i > 0).then(|| i - 1 - r.below(i.min(50)));
        let (body_vi, body_en) = Prose::write(&scene, link.map(|j| &self.heads[j]), &mut r);
        let count = r.range(5, 12);
        let chosen = r.distinct(TASKS.len(), count);
        let tasks = chosen
            .into_iter()
            .map(|t| scene.fill(TASKS[t], &mut r))
            .collect();
        let offices = offices(&units, head.year, &mut r);
        let photos = self.photos(&scene, i, &mut r);
        Article {
            units,
            speakers,
            venue_vi: scene.venue.0.clone(),
            venue_en: scene.venue.1.clone(),
            photos,
            tasks,
            offices,
            author: person_name(mix(self.seed, &[4, i as u64 % 30]) as usize % NAME_COMBOS),
            source: SOURCES[r.below(SOURCES.len())],
            link,
            body_vi,
            body_en,
        }
    }

    /// What the sentences of an article are filled with; draws the venue.
    fn scene<'a>(
        &'a self,
        head: &'a Head,
        units: &[usize],
        speaker: usize,
        r: &mut Rng,
    ) -> Scene<'a> {
        let host = &self.units[units[0]];
        let other = &self.units[*units.get(1).unwrap_or(&((units[0] + 7) % self.units.len()))];
        let venue = if r.chance(0.4) {
            (
                format!("Trụ sở {}", host.vi),
                format!("Head office of the {}", host.en),
            )
        } else {
            let v = r.pick(&VENUES);
            (v.0.to_string(), v.1.to_string())
        };
        let sp = &self.speakers[speaker];
        let sp_unit = &self.units[sp.unit];
        let role_vi = format!("{} {}", POSITIONS[sp.position].0, sp_unit.short_vi);
        let role_en = format!("{} {}", POSITIONS[sp.position].1, sp_unit.short_en);
        let event_vi = lower_first(head.title_vi.split(':').next().unwrap_or(""));
        let event_en = lower_first(head.title_en.split(':').next().unwrap_or(""));
        let theme_vi = head.title_vi.split(": ").nth(1).unwrap_or("").to_string();
        let theme_en = head.title_en.split(": ").nth(1).unwrap_or("").to_string();
        Scene {
            head,
            host,
            other,
            speaker: sp,
            year: head.year.to_string(),
            next_year: (head.year + 1).to_string(),
            role: (role_vi, role_en),
            venue,
            event: (event_vi, event_en),
            theme: (theme_vi, theme_en),
        }
    }

    /// The photos of article `i`, with their captions.
    fn photos(&self, scene: &Scene, i: usize, r: &mut Rng) -> Vec<Photo> {
        (0..self.photos_per_article)
            .map(|k| {
                let (caption_vi, caption_en) = scene.fill(CAPTIONS[(k + i) % CAPTIONS.len()], r);
                Photo {
                    file: format!("photos/anh-{}.jpg", k + 1),
                    caption_vi,
                    caption_en,
                }
            })
            .collect()
    }

    fn date(&self, i: usize) -> String {
        let h = &self.heads[i];
        format!("{}-{:02}-{:02}", h.year, h.month, h.day)
    }

    /// The bundle's folder, relative to `content/`.
    fn dir(&self, i: usize) -> String {
        format!("{}/{}", self.heads[i].year, self.heads[i].slug)
    }

    fn role(&self, speaker: usize, lang: Lang) -> String {
        let s = &self.speakers[speaker];
        let u = &self.units[s.unit];
        match lang {
            Lang::Vi => format!("{} {}", POSITIONS[s.position].0, u.short_vi),
            Lang::En => format!("{} {}", POSITIONS[s.position].1, u.short_en),
        }
    }

    /// Writes every article's files in parallel; `files(i, article)` gives
    /// (path relative to `root`, contents). Returns the number of files.
    fn write_articles<F>(&self, root: &Path, files: F) -> Result<usize, String>
    where
        F: Fn(usize, &Article) -> Vec<(String, String)> + Sync,
    {
        (0..self.len())
            .into_par_iter()
            .map(|i| {
                let a = self.article(i);
                let list = files(i, &a);
                for (path, text) in &list {
                    write(&root.join(path), text.as_bytes())?;
                }
                Ok(list.len())
            })
            .try_reduce(|| 0, |a, b| Ok(a + b))
    }
}

/// Sometimes the article's first units take offices (roles) for the next year.
fn offices(units: &[usize], year: u32, r: &mut Rng) -> Vec<Office> {
    if r.chance(0.35) {
        let k = r.range(1, 2.min(units.len()));
        (0..k)
            .map(|o| Office {
                unit: units[o],
                office: o,
                year: year + 1,
            })
            .collect()
    } else {
        Vec::new()
    }
}

/// What the `{KEY}` slots of an article's sentences are filled with, in
/// both languages: (Vietnamese, English) pairs.
struct Scene<'a> {
    head: &'a Head,
    host: &'a Unit,
    other: &'a Unit,
    speaker: &'a Speaker,
    year: String,
    next_year: String,
    role: (String, String),
    venue: (String, String),
    event: (String, String),
    theme: (String, String),
}

impl Scene<'_> {
    /// Fills a pair of templates; both languages get the same numbers.
    fn fill(&self, template: Pair, r: &mut Rng) -> (String, String) {
        let numbers = [r.range(3, 40), r.range(100, 900), r.range(5, 40)].map(|v| v.to_string());
        let vi = self.slots(Lang::Vi, &numbers);
        let en = self.slots(Lang::En, &numbers);
        (fill(template.0, &vi), fill(template.1, &en))
    }

    /// The slots in one language; `numbers` are {n}, {m} and {pct}.
    fn slots<'s>(&'s self, lang: Lang, numbers: &'s [String; 3]) -> [(&'static str, &'s str); 13] {
        let pick = |pair: &'s (String, String)| lang.pick(&pair.0, &pair.1);
        [
            ("U", lang.pick(&self.host.vi, &self.host.en)),
            ("S", lang.pick(&self.host.short_vi, &self.host.short_en)),
            ("U2", lang.pick(&self.other.vi, &self.other.en)),
            ("P", &self.speaker.name),
            ("R", pick(&self.role)),
            ("Y", &self.year),
            ("N", &self.next_year),
            ("n", &numbers[0]),
            ("m", &numbers[1]),
            ("pct", &numbers[2]),
            ("V", pick(&self.venue)),
            ("T", pick(&self.theme)),
            ("E", pick(&self.event)),
        ]
    }
}

/// An article's body being written, in both languages at once.
struct Prose<'a> {
    scene: &'a Scene<'a>,
    /// The earlier article that the body links to, if any.
    link: Option<&'a Head>,
    paragraphs: usize,
    vi: String,
    en: String,
    /// The order in which the sentences are used, and the next one.
    order: Vec<usize>,
    next_sentence: usize,
}

impl<'a> Prose<'a> {
    /// The bodies, with `\u{1}` where the link to `link` goes.
    fn write(scene: &'a Scene<'a>, link: Option<&'a Head>, r: &mut Rng) -> (String, String) {
        let paragraphs = r.range(5, 8);
        let target_words = r.range(500, 580);
        let words_per_paragraph = target_words / paragraphs;
        let mut prose = Prose {
            scene,
            link,
            paragraphs,
            vi: String::with_capacity(8192),
            en: String::with_capacity(6144),
            order: r.distinct(SENTENCES.len(), SENTENCES.len()),
            next_sentence: 0,
        };
        let mut words = 0usize;
        for p in 0..paragraphs {
            if p == 2 || (p == 5 && paragraphs >= 7) {
                prose.heading(r);
            }
            let goal = if p == paragraphs - 1 {
                target_words.saturating_sub(words).max(20)
            } else {
                words_per_paragraph.saturating_sub(r.below(20)) + r.below(20)
            };
            words += prose.paragraph(p, goal, r);
            if p == 1 {
                prose.list(r);
            }
            if p == 4 && r.chance(0.4) {
                prose.quote(r);
            }
        }
        (prose.vi, prose.en)
    }

    /// Writes paragraph `p`: its fixed sentences and drawn ones, until it
    /// has `goal` words. Returns its number of words.
    fn paragraph(&mut self, p: usize, goal: usize, r: &mut Rng) -> usize {
        let (mut para_vi, mut para_en) = self.fixed_sentences(p);
        let mut pw = para_en
            .iter()
            .map(|s| s.split_whitespace().count())
            .sum::<usize>();
        while pw < goal {
            let s = self.next_sentence(r);
            pw += s.1.split_whitespace().count();
            // The last paragraph ends with the link to the report.
            let at = if p == self.paragraphs - 1 {
                para_vi.len().saturating_sub(1)
            } else {
                para_vi.len()
            };
            para_vi.insert(at, s.0);
            para_en.insert(at, s.1);
        }
        self.push_paragraph(&para_vi, &para_en);
        pw
    }

    fn heading(&mut self, r: &mut Rng) {
        let k = r.below(HEADINGS.len());
        let h = self.scene.fill(HEADINGS[k], r);
        let _ = write!(self.vi, "## {}\n\n", h.0);
        let _ = write!(self.en, "## {}\n\n", h.1);
    }

    /// The sentences that paragraph `p` always has: the opening, the link
    /// to an earlier article, the link to the report.
    fn fixed_sentences(&self, p: usize) -> (Vec<String>, Vec<String>) {
        let (head, host) = (self.scene.head, self.scene.host);
        let mut para_vi = Vec::new();
        let mut para_en = Vec::new();
        if p == 0 {
            let month_en = MONTHS_EN[head.month as usize - 1];
            para_vi.push(format!(
                "Ngày {}/{}/{}, tại {}, {} đã tổ chức {}.",
                head.day, head.month, head.year, self.scene.venue.0, host.vi, self.scene.event.0
            ));
            para_en.push(format!(
                "On {} {} {}, at {}, the {} held the {}.",
                head.day, month_en, head.year, self.scene.venue.1, host.en, self.scene.event.1
            ));
        }
        if p == 3 {
            if let Some(t) = self.link {
                para_vi.push(format!(
                    "Hội nghị cũng nhắc lại kết quả của [{}](\u{1}), coi đó là kinh nghiệm quý cho năm tới.",
                    lower_first(&t.title_vi)
                ));
                para_en.push(format!(
                    "The meeting also recalled the [{}](\u{1}) as a useful lesson for the coming year.",
                    lower_first(&t.title_en)
                ));
            }
        }
        if p == self.paragraphs - 1 {
            para_vi.push(format!(
                "Toàn văn báo cáo được đăng trên [trang thông tin của {}](https://example.org/{}/{}/bao-cao).",
                host.short_vi, host.id, head.year
            ));
            para_en.push(format!(
                "The full report is published on [the website of the {}](https://example.org/{}/{}/report).",
                host.short_en, host.id, head.year
            ));
        }
        (para_vi, para_en)
    }

    /// The next sentence of the shuffled list (shuffled again when used up).
    fn next_sentence(&mut self, r: &mut Rng) -> (String, String) {
        if self.next_sentence == self.order.len() {
            self.order = r.distinct(SENTENCES.len(), SENTENCES.len());
            self.next_sentence = 0;
        }
        let s = self
            .scene
            .fill(SENTENCES[self.order[self.next_sentence]], r);
        self.next_sentence += 1;
        (upper_first(&s.0), upper_first(&s.1))
    }

    fn push_paragraph(&mut self, vi: &[String], en: &[String]) {
        self.vi.push_str(&vi.join(" "));
        self.en.push_str(&en.join(" "));
        self.vi.push_str("\n\n");
        self.en.push_str("\n\n");
    }

    fn list(&mut self, r: &mut Rng) {
        self.vi.push_str("Một số kết quả chính trong năm:\n\n");
        self.en.push_str("The main results of the year:\n\n");
        let count = r.range(3, 5);
        let items = r.distinct(LIST_ITEMS.len(), count);
        for (k, &it) in items.iter().enumerate() {
            let (a, b) = self.scene.fill(LIST_ITEMS[it], r);
            let end = if k + 1 == items.len() { "." } else { ";" };
            let _ = writeln!(self.vi, "- {a}{end}");
            let _ = writeln!(self.en, "- {b}{end}");
        }
        self.vi.push('\n');
        self.en.push('\n');
    }

    fn quote(&mut self, r: &mut Rng) {
        let k = r.below(QUOTES.len());
        let (a, b) = self.scene.fill(QUOTES[k], r);
        let name = &self.scene.speaker.name;
        let _ = write!(self.vi, "> {a}\n>\n> — {name}\n\n");
        let _ = write!(self.en, "> {b}\n>\n> — {name}\n\n");
    }
}

/// Where a format puts the front matter details: the mapping's indentation,
/// and the keys of the speakers' and the offices' lists.
struct Details {
    indent: &'static str,
    speakers: &'static str,
    roles: &'static str,
}

/// Front matter lines common to the formats (a YAML mapping at `at.indent`).
fn yaml_details(c: &Corpus, a: &Article, lang: Lang, at: &Details) -> String {
    let indent = at.indent;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{indent}venue: {}",
        q(lang.pick(&a.venue_vi, &a.venue_en))
    );
    let _ = writeln!(s, "{indent}{}:", at.speakers);
    for &sp in &a.speakers {
        let _ = writeln!(s, "{indent}  - name: {}", q(&c.speakers[sp].name));
        let _ = writeln!(s, "{indent}    role: {}", q(&c.role(sp, lang)));
        let _ = writeln!(s, "{indent}    unit: {}", c.units[c.speakers[sp].unit].id);
    }
    s.push_str(&yaml_photos(a, lang, indent));
    let _ = writeln!(s, "{indent}tasks:");
    for t in &a.tasks {
        let _ = writeln!(s, "{indent}  - {}", q(lang.pick(&t.0, &t.1)));
    }
    s.push_str(&yaml_offices(c, a, lang, at));
    s
}

/// The photos and their captions (nothing when there are none).
fn yaml_photos(a: &Article, lang: Lang, indent: &str) -> String {
    let mut s = String::new();
    if !a.photos.is_empty() {
        let _ = writeln!(s, "{indent}photos:");
        for p in &a.photos {
            let _ = writeln!(s, "{indent}  - file: {}", p.file);
            let _ = writeln!(
                s,
                "{indent}    caption: {}",
                q(lang.pick(&p.caption_vi, &p.caption_en))
            );
        }
    }
    s
}

/// The offices (roles) taken by units (nothing when there are none).
fn yaml_offices(c: &Corpus, a: &Article, lang: Lang, at: &Details) -> String {
    let indent = at.indent;
    let mut s = String::new();
    if !a.offices.is_empty() {
        let _ = writeln!(s, "{indent}{}:", at.roles);
        for o in &a.offices {
            let (vi, en) = OFFICES[o.office];
            let _ = writeln!(
                s,
                "{indent}  - {{unit: {}, role: {}, year: {}}}",
                c.units[o.unit].id,
                q(lang.pick(vi, en)),
                o.year
            );
        }
    }
    s
}

/// The ids of the article's units, as a flow sequence's items.
fn unit_ids(c: &Corpus, a: &Article) -> String {
    a.units
        .iter()
        .map(|&u| c.units[u].id.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The quoted names of the article's speakers, as a flow sequence's items.
fn speaker_names(c: &Corpus, a: &Article) -> String {
    a.speakers
        .iter()
        .map(|&p| q(&c.speakers[p].name))
        .collect::<Vec<_>>()
        .join(", ")
}

fn body(a: &Article, lang: Lang, link: &str) -> String {
    match lang {
        Lang::Vi => a.body_vi.replace('\u{1}', link),
        Lang::En => a.body_en.replace('\u{1}', link),
    }
}

const SITE_TITLE_VI: &str = "Kỷ yếu Khối thi đua các đơn vị sự nghiệp và doanh nghiệp";
const SITE_TITLE_EN: &str =
    "Proceedings of the Emulation Bloc of Public-Service Units and Enterprises";
const SITE_DESC_VI: &str = "Tư liệu các hội nghị tổng kết công tác thi đua hằng năm của khối (dữ liệu sinh tự động để đo hiệu năng).";
const SITE_DESC_EN: &str =
    "Records of the bloc's yearly emulation review conferences (generated data for benchmarks).";

// ---------------------------------------------------------------------------
// kyyeu

mod kyyeu {
    use super::*;

    const DETAILS: Details = Details {
        indent: "",
        speakers: "speakers",
        roles: "roles",
    };

    pub fn write(c: &Corpus, out: &Path) -> Result<usize, String> {
        super::write(&out.join("site.yaml"), site_yaml().as_bytes())?;
        super::write(&out.join("content/units.yaml"), units_yaml(c).as_bytes())?;
        let n = c.write_articles(out, |i, a| {
            let dir = format!("content/{}", c.dir(i));
            vec![
                (format!("{dir}/index.vi.md"), vietnamese(c, i, a)),
                (format!("{dir}/index.en.md"), english(c, i, a)),
            ]
        })?;
        Ok(n + 2)
    }

    fn site_yaml() -> String {
        format!(
            "title:\n  vi: {}\n  en: {}\ndescription:\n  vi: {}\n  en: {}\nbase_url: https://example.org/kyyeu\n\
             languages: [vi, en]\ntheme: default\nphotos: {{widths: [480, 960, 1600], quality: 82}}\n",
            q(SITE_TITLE_VI),
            q(SITE_TITLE_EN),
            q(SITE_DESC_VI),
            q(SITE_DESC_EN)
        )
    }

    fn units_yaml(c: &Corpus) -> String {
        let mut units =
            String::from("# Generated by examples/gen_corpus.rs: 40 illustrative units.\n");
        for u in &c.units {
            let _ = write!(
                units,
                "\n- id: {}\n  name:\n    vi: {}\n    en: {}\n  short: {{vi: {}, en: {}}}\n",
                u.id,
                q(&u.vi),
                q(&u.en),
                q(&u.short_vi),
                q(&u.short_en)
            );
            if let Some(url) = &u.url {
                let _ = writeln!(units, "  url: {url}");
            }
        }
        units
    }

    /// The relative link to the earlier article, from a file in `lang`.
    fn link(c: &Corpus, a: &Article, lang: &str) -> String {
        a.link
            .map(|j| format!("../../{}/index.{lang}.md", c.dir(j)))
            .unwrap_or_default()
    }

    fn vietnamese(c: &Corpus, i: usize, a: &Article) -> String {
        let h = &c.heads[i];
        let mut vi = String::with_capacity(10_000);
        let _ = writeln!(vi, "---\ntitle: {}\ndate: {}", q(&h.title_vi), c.date(i));
        let _ = writeln!(vi, "units: [{}]", unit_ids(c, a));
        vi.push_str(&yaml_details(c, a, Lang::Vi, &DETAILS));
        let _ = write!(
            vi,
            "author: {}\nsource: {}\n---\n",
            q(&a.author),
            q(a.source)
        );
        vi.push_str(&body(a, Lang::Vi, &link(c, a, "vi")));
        vi
    }

    /// The translation carries only what differs (dates, units and photo
    /// files are taken from the Vietnamese file).
    fn english(c: &Corpus, i: usize, a: &Article) -> String {
        let mut en = String::with_capacity(8_000);
        let _ = writeln!(en, "---\ntitle: {}", q(&c.heads[i].title_en));
        en.push_str(&yaml_details(c, a, Lang::En, &DETAILS));
        en.push_str("---\n");
        en.push_str(&body(a, Lang::En, &link(c, a, "en")));
        en
    }
}

// ---------------------------------------------------------------------------
// Hugo

mod hugo {
    use super::*;

    /// The site's fixed files (bench/hugo/), built into the program.
    const FILES: [(&str, &str); 10] = [
        ("hugo.toml", include_str!("../bench/hugo/hugo.toml")),
        ("i18n/vi.yaml", include_str!("../bench/hugo/i18n/vi.yaml")),
        ("i18n/en.yaml", include_str!("../bench/hugo/i18n/en.yaml")),
        (
            "layouts/_default/baseof.html",
            include_str!("../bench/hugo/layouts/_default/baseof.html"),
        ),
        (
            "layouts/_default/single.html",
            include_str!("../bench/hugo/layouts/_default/single.html"),
        ),
        (
            "layouts/_default/list.html",
            include_str!("../bench/hugo/layouts/_default/list.html"),
        ),
        (
            "layouts/_default/taxonomy.html",
            include_str!("../bench/hugo/layouts/_default/taxonomy.html"),
        ),
        (
            "layouts/_default/term.html",
            include_str!("../bench/hugo/layouts/_default/term.html"),
        ),
        (
            "layouts/index.html",
            include_str!("../bench/hugo/layouts/index.html"),
        ),
        (
            "layouts/404.html",
            include_str!("../bench/hugo/layouts/404.html"),
        ),
    ];

    const DETAILS: Details = Details {
        indent: "",
        speakers: "speaker_info",
        roles: "roles",
    };

    pub fn write(c: &Corpus, out: &Path) -> Result<usize, String> {
        for (path, text) in FILES {
            super::write(&out.join(path), text.as_bytes())?;
        }
        super::write(&out.join("data/units.yaml"), units_yaml(c).as_bytes())?;
        let sections = write_sections(c, out)?;
        let n = c.write_articles(out, |i, a| {
            let dir = format!("content/{}", c.dir(i));
            vec![
                (format!("{dir}/index.vi.md"), article(c, i, a, Lang::Vi)),
                (format!("{dir}/index.en.md"), article(c, i, a, Lang::En)),
            ]
        })?;
        Ok(n + sections + FILES.len() + 1)
    }

    /// Units as a map by id: site.Data.units.<id>.
    fn units_yaml(c: &Corpus) -> String {
        let mut units = String::from("# Generated by examples/gen_corpus.rs\n");
        for u in &c.units {
            let _ = writeln!(
                units,
                "{}:\n  vi: {}\n  en: {}\n  short_vi: {}\n  short_en: {}",
                u.id,
                q(&u.vi),
                q(&u.en),
                q(&u.short_vi),
                q(&u.short_en)
            );
            if let Some(url) = &u.url {
                let _ = writeln!(units, "  url: {url}");
            }
        }
        units
    }

    /// Year sections, with their titles. Returns the number of files.
    fn write_sections(c: &Corpus, out: &Path) -> Result<usize, String> {
        let mut sections = 0;
        for y in FIRST_YEAR..FIRST_YEAR + YEARS.min(c.len() as u32) {
            super::write(
                &out.join(format!("content/{y}/_index.vi.md")),
                format!("---\ntitle: \"Năm {y}\"\n---\n").as_bytes(),
            )?;
            super::write(
                &out.join(format!("content/{y}/_index.en.md")),
                format!("---\ntitle: \"{y}\"\n---\n").as_bytes(),
            )?;
            sections += 2;
        }
        Ok(sections)
    }

    /// The file of article `i` in `lang`.
    fn article(c: &Corpus, i: usize, a: &Article, lang: Lang) -> String {
        let h = &c.heads[i];
        // Checked by Hugo: a missing page is an error, like in kyyeu.
        let link = a
            .link
            .map(|j| format!("{{{{< relref \"/{}\" >}}}}", c.dir(j)))
            .unwrap_or_default();
        let title = lang.pick(&h.title_vi, &h.title_en);
        let mut s = String::with_capacity(10_000);
        let _ = writeln!(s, "---\ntitle: {}\ndate: {}", q(title), c.date(i));
        let _ = writeln!(s, "units: [{}]", unit_ids(c, a));
        let _ = writeln!(s, "speakers: [{}]", speaker_names(c, a));
        let _ = writeln!(s, "years: [\"{}\"]", h.year);
        // Publish only the resized photos, not the originals (as kyyeu does).
        // `build:` (Hugo 0.65 and later; `_build` was removed in 0.145).
        s.push_str("build:\n  publishResources: false\n");
        s.push_str(&yaml_details(c, a, lang, &DETAILS));
        let _ = write!(
            s,
            "tasks_year: {}\nauthor: {}\nsource: {}\n---\n",
            h.year + 1,
            q(&a.author),
            q(a.source)
        );
        s.push_str(&body(a, lang, &link));
        s
    }
}

// ---------------------------------------------------------------------------
// Zola

mod zola {
    use super::*;

    /// The site's fixed files (bench/zola/), built into the program.
    const FILES: [(&str, &str); 14] = [
        ("config.toml", include_str!("../bench/zola/config.toml")),
        (
            "templates/base.html",
            include_str!("../bench/zola/templates/base.html"),
        ),
        (
            "templates/index.html",
            include_str!("../bench/zola/templates/index.html"),
        ),
        (
            "templates/section.html",
            include_str!("../bench/zola/templates/section.html"),
        ),
        (
            "templates/page.html",
            include_str!("../bench/zola/templates/page.html"),
        ),
        (
            "templates/taxonomy_list.html",
            include_str!("../bench/zola/templates/taxonomy_list.html"),
        ),
        (
            "templates/taxonomy_single.html",
            include_str!("../bench/zola/templates/taxonomy_single.html"),
        ),
        (
            "templates/404.html",
            include_str!("../bench/zola/templates/404.html"),
        ),
        (
            "templates/units/list.html",
            "{% extends \"taxonomy_list.html\" %}\n",
        ),
        (
            "templates/units/single.html",
            "{% extends \"taxonomy_single.html\" %}\n",
        ),
        (
            "templates/speakers/list.html",
            "{% extends \"taxonomy_list.html\" %}\n",
        ),
        (
            "templates/speakers/single.html",
            "{% extends \"taxonomy_single.html\" %}\n",
        ),
        (
            "templates/years/list.html",
            "{% extends \"taxonomy_list.html\" %}\n",
        ),
        (
            "templates/years/single.html",
            "{% extends \"taxonomy_single.html\" %}\n",
        ),
    ];

    const DETAILS: Details = Details {
        indent: "  ",
        speakers: "speaker_info",
        roles: "roles",
    };

    pub fn write(c: &Corpus, out: &Path) -> Result<usize, String> {
        for (path, text) in FILES {
            super::write(&out.join(path), text.as_bytes())?;
        }
        super::write(&out.join("data/units.toml"), units_toml(c).as_bytes())?;
        let sections = write_sections(c, out)?;
        let n = c.write_articles(out, |i, a| {
            let dir = format!("content/{}", c.dir(i));
            // Zola: the default language's file has no language suffix.
            vec![
                (format!("{dir}/index.md"), article(c, i, a, Lang::Vi)),
                (format!("{dir}/index.en.md"), article(c, i, a, Lang::En)),
            ]
        })?;
        Ok(n + sections + FILES.len() + 1)
    }

    fn units_toml(c: &Corpus) -> String {
        let mut units = String::from("# Generated by examples/gen_corpus.rs\n");
        for u in &c.units {
            let _ = writeln!(
                units,
                "\n[{}]\nvi = {}\nen = {}\nshort_vi = {}\nshort_en = {}",
                u.id,
                tq(&u.vi),
                tq(&u.en),
                tq(&u.short_vi),
                tq(&u.short_en)
            );
            if let Some(url) = &u.url {
                let _ = writeln!(units, "url = {}", tq(url));
            }
        }
        units
    }

    /// The home page and the year sections, with their titles. Returns the
    /// number of files.
    fn write_sections(c: &Corpus, out: &Path) -> Result<usize, String> {
        super::write(
            &out.join("content/_index.md"),
            format!("---\ntitle: {}\n---\n", q(SITE_TITLE_VI)).as_bytes(),
        )?;
        super::write(
            &out.join("content/_index.en.md"),
            format!("---\ntitle: {}\n---\n", q(SITE_TITLE_EN)).as_bytes(),
        )?;
        let mut sections = 2;
        for y in FIRST_YEAR..FIRST_YEAR + YEARS.min(c.len() as u32) {
            // weight: latest year first on the home page.
            let weight = 3000 - y;
            super::write(
                &out.join(format!("content/{y}/_index.md")),
                format!("---\ntitle: \"Năm {y}\"\nsort_by: date\nweight: {weight}\n---\n")
                    .as_bytes(),
            )?;
            super::write(
                &out.join(format!("content/{y}/_index.en.md")),
                format!("---\ntitle: \"{y}\"\nsort_by: date\nweight: {weight}\n---\n").as_bytes(),
            )?;
            sections += 2;
        }
        Ok(sections)
    }

    /// The file of article `i` in `lang`.
    fn article(c: &Corpus, i: usize, a: &Article, lang: Lang) -> String {
        let h = &c.heads[i];
        // Checked by Zola: a missing page is an error, like in kyyeu.
        let suffix = lang.pick("", ".en");
        let link = a
            .link
            .map(|j| format!("@/{}/index{suffix}.md", c.dir(j)))
            .unwrap_or_default();
        let mut s = String::with_capacity(10_000);
        let _ = writeln!(
            s,
            "---\ntitle: {}\ndate: {}\ntaxonomies:",
            q(lang.pick(&h.title_vi, &h.title_en)),
            c.date(i)
        );
        let _ = writeln!(s, "  units: [{}]", unit_ids(c, a));
        let _ = writeln!(s, "  speakers: [{}]", speaker_names(c, a));
        let _ = writeln!(s, "  years: [\"{}\"]\nextra:", h.year);
        s.push_str(&yaml_details(c, a, lang, &DETAILS));
        let _ = write!(
            s,
            "  tasks_year: {}\n  author: {}\n  source: {}\n---\n",
            h.year + 1,
            q(&a.author),
            q(a.source)
        );
        s.push_str(&body(a, lang, &link));
        s
    }
}

// ---------------------------------------------------------------------------
// Photos

/// Draws (or links) every photo, in parallel. Returns (drawn, linked, bytes).
fn write_photos(c: &Corpus, args: &Args) -> Result<(usize, usize, u64), String> {
    let jobs: Vec<(usize, usize)> = (0..c.len())
        .flat_map(|i| (0..c.photos_per_article).map(move |k| (i, k)))
        .collect();
    let results: Vec<Result<(bool, u64), String>> = jobs
        .par_iter()
        .map(|&(i, k)| {
            let rel = format!("content/{}/photos/anh-{}.jpg", c.dir(i), k + 1);
            let dest = args.out.join(&rel);
            if let Some(dir) = dest.parent() {
                fs::create_dir_all(dir)
                    .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
            }
            if let Some(from) = &args.link_photos_from {
                let src = from.join(&rel);
                if src.is_file() {
                    if fs::hard_link(&src, &dest).is_err() {
                        fs::copy(&src, &dest)
                            .map_err(|e| format!("cannot copy {}: {e}", src.display()))?;
                    }
                    let len = fs::metadata(&dest).map(|m| m.len()).unwrap_or(0);
                    return Ok((false, len));
                }
            }
            let jpeg = draw_photo(
                mix(c.seed, &[5, i as u64, k as u64]),
                args.width,
                args.height,
            )?;
            write(&dest, &jpeg)?;
            Ok((true, jpeg.len() as u64))
        })
        .collect();
    let (mut drawn, mut linked, mut bytes) = (0, 0, 0);
    for r in results {
        let (was_drawn, len) = r?;
        if was_drawn {
            drawn += 1;
        } else {
            linked += 1;
        }
        bytes += len;
    }
    Ok((drawn, linked, bytes))
}

/// A coarse grid of values, sampled with bilinear interpolation.
struct Grid {
    w: usize,
    h: usize,
    cell: f32,
    values: Vec<[f32; 4]>,
}

impl Grid {
    fn new(width: u32, height: u32, cell: u32, mut f: impl FnMut(f32, f32) -> [f32; 4]) -> Grid {
        let w = (width / cell + 2) as usize;
        let h = (height / cell + 2) as usize;
        let mut values = Vec::with_capacity(w * h);
        for gy in 0..h {
            for gx in 0..w {
                values.push(f((gx as u32 * cell) as f32, (gy as u32 * cell) as f32));
            }
        }
        Grid {
            w,
            h,
            cell: cell as f32,
            values,
        }
    }

    /// One row of interpolated values.
    fn row(&self, y: u32, width: u32, out: &mut Vec<[f32; 4]>) {
        out.clear();
        let fy = y as f32 / self.cell;
        let gy = (fy as usize).min(self.h - 2);
        let ty = fy - gy as f32;
        let (r0, r1) = (
            &self.values[gy * self.w..],
            &self.values[(gy + 1) * self.w..],
        );
        for x in 0..width {
            let fx = x as f32 / self.cell;
            let gx = (fx as usize).min(self.w - 2);
            let tx = fx - gx as f32;
            let mut v = [0f32; 4];
            for (c, item) in v.iter_mut().enumerate() {
                let top = r0[gx][c] + (r0[gx + 1][c] - r0[gx][c]) * tx;
                let bottom = r1[gx][c] + (r1[gx + 1][c] - r1[gx][c]) * tx;
                *item = top + (bottom - top) * ty;
            }
            out.push(v);
        }
    }
}

struct Shape {
    x0: u32,
    y0: u32,
    x1: u32,
    y1: u32,
    colour: [f32; 3],
    /// Brightness change from top to bottom.
    shade: f32,
    /// Horizontal stripes (a banner with text, blinds), 0 for none.
    stripes: u32,
    /// Ellipse (a head, a lamp) instead of a rectangle.
    round: bool,
}

fn random_colour(r: &mut Rng, lo: f32, hi: f32) -> [f32; 3] {
    let base = lo + (hi - lo) * r.unit();
    let tint = [r.unit() - 0.5, r.unit() - 0.5, r.unit() - 0.5];
    [
        (base + tint[0] * 90.0).clamp(0.0, 255.0),
        (base + tint[1] * 90.0).clamp(0.0, 255.0),
        (base + tint[2] * 90.0).clamp(0.0, 255.0),
    ]
}

/// Draws a photograph-like picture (a room: wall and floor lit unevenly,
/// soft patches of colour, people and furniture with hard edges, a banner)
/// with grain whose strength varies over the picture, and encodes it as JPEG.
fn draw_photo(seed: u64, width: u32, height: u32) -> Result<Vec<u8>, String> {
    let mut r = Rng::new(seed);
    let backdrop = Backdrop::new(&mut r, width, height);
    let field = Grid::new(width, height, 24, |x, y| backdrop.at(x, y));
    let shapes = shapes(&mut r, width as f32, height as f32, backdrop.horizon);
    let mut grain = Rng::new(r.next());
    // Medium-scale texture (fabric, carpet, leaves): values on a 3-pixel grid.
    let texture = Grid::new(width, height, 3, |_, _| {
        let v = grain.unit() - 0.5;
        [v, v, v, 0.0]
    });
    let layers = Layers {
        field,
        texture,
        shapes,
    };
    let pixels = paint(&layers, &mut grain, width, height);
    let mut jpeg = Vec::with_capacity((width * height / 4) as usize);
    JpegEncoder::new_with_quality(&mut jpeg, PHOTO_QUALITY)
        .encode(&pixels, width, height, ExtendedColorType::Rgb8)
        .map_err(|e| format!("cannot encode a photo: {e}"))?;
    Ok(jpeg)
}

/// A soft patch of colour.
struct Blob {
    x: f32,
    y: f32,
    radius: f32,
    colour: [f32; 3],
    strength: f32,
}

/// A wave of the grain's strength: (x frequency, y frequency, phase, amplitude).
type Wave = (f32, f32, f32, f32);

/// The smooth part of a photo: wall and floor, soft patches of colour,
/// uneven light, and how strong the grain is where.
struct Backdrop {
    wf: f32,
    hf: f32,
    top: [f32; 3],
    bottom: [f32; 3],
    /// Where the wall meets the floor, as a fraction of the height.
    horizon: f32,
    blobs: Vec<Blob>,
    waves: Vec<Wave>,
}

impl Backdrop {
    fn new(r: &mut Rng, width: u32, height: u32) -> Backdrop {
        let (wf, hf) = (width as f32, height as f32);
        let top = random_colour(r, 90.0, 200.0);
        let bottom = random_colour(r, 40.0, 140.0);
        let horizon = 0.45 + 0.25 * r.unit();
        let blobs = (0..r.range(5, 9))
            .map(|_| Blob {
                x: wf * r.unit(),
                y: hf * r.unit(),
                radius: (0.08 + 0.3 * r.unit()) * wf,
                colour: random_colour(r, 30.0, 240.0),
                strength: 0.3 + 0.6 * r.unit(),
            })
            .collect();
        let waves = (0..4)
            .map(|_| {
                (
                    (0.5 + 3.0 * r.unit()) / wf * std::f32::consts::TAU,
                    (0.5 + 3.0 * r.unit()) / hf * std::f32::consts::TAU,
                    r.unit() * std::f32::consts::TAU,
                    0.25 * r.unit(),
                )
            })
            .collect();
        Backdrop {
            wf,
            hf,
            top,
            bottom,
            horizon,
            blobs,
            waves,
        }
    }

    /// The colour at (x, y), and the grain's strength there.
    fn at(&self, x: f32, y: f32) -> [f32; 4] {
        let (wf, hf) = (self.wf, self.hf);
        let t = y / hf;
        let edge = ((t - self.horizon) * 40.0).clamp(-1.0, 1.0) * 0.5 + 0.5;
        let mut c: [f32; 3] =
            std::array::from_fn(|k| self.top[k] + (self.bottom[k] - self.top[k]) * edge);
        for b in &self.blobs {
            let d2 = ((x - b.x) * (x - b.x) + (y - b.y) * (y - b.y)) / (2.0 * b.radius * b.radius);
            let w = b.strength * (-d2).exp();
            for (k, ck) in c.iter_mut().enumerate() {
                *ck += (b.colour[k] - *ck) * w;
            }
        }
        let (dx, dy) = (x / wf - 0.5, y / hf - 0.5);
        let light = 1.05 - 0.7 * (dx * dx + dy * dy);
        let mut activity = 0.55;
        for &(fx, fy, phase, amp) in &self.waves {
            activity += amp * (fx * x + fy * y + phase).sin();
        }
        [
            c[0] * light,
            c[1] * light,
            c[2] * light,
            activity.clamp(0.08, 1.0),
        ]
    }
}

/// People, tables, a banner, lamps, sorted by their bottom edge.
fn shapes(r: &mut Rng, wf: f32, hf: f32, horizon: f32) -> Vec<Shape> {
    let mut shapes = Vec::new();
    for _ in 0..r.range(8, 18) {
        let w = (0.03 + 0.12 * r.unit()) * wf;
        let h = (0.08 + 0.35 * r.unit()) * hf;
        let x0 = r.unit() * (wf - w);
        let y0 = (horizon * hf - h * 0.5 * r.unit()).max(0.0).min(hf - h);
        shapes.push(Shape {
            x0: x0 as u32,
            y0: y0 as u32,
            x1: (x0 + w) as u32,
            y1: (y0 + h) as u32,
            colour: random_colour(r, 10.0, 220.0),
            shade: -40.0 + 50.0 * r.unit(),
            stripes: 0,
            round: r.chance(0.3),
        });
    }
    let bx0 = (0.1 + 0.2 * r.unit()) * wf;
    let bw = (0.3 + 0.3 * r.unit()) * wf;
    let by0 = (0.05 + 0.1 * r.unit()) * hf;
    shapes.push(Shape {
        x0: bx0 as u32,
        y0: by0 as u32,
        x1: (bx0 + bw) as u32,
        y1: (by0 + 0.12 * hf) as u32,
        colour: random_colour(r, 120.0, 220.0),
        shade: 10.0,
        stripes: 5 + r.below(6) as u32,
        round: false,
    });
    shapes.sort_by_key(|s| s.y1);
    shapes
}

/// What a photo is painted from.
struct Layers {
    /// The backdrop: colour, and the grain's strength.
    field: Grid,
    /// Medium-scale texture.
    texture: Grid,
    shapes: Vec<Shape>,
}

/// The RGB pixels of a photo, with fine grain drawn from `grain`.
fn paint(layers: &Layers, grain: &mut Rng, width: u32, height: u32) -> Vec<u8> {
    let mut pixels = vec![0u8; (width * height * 3) as usize];
    let mut row = Vec::with_capacity(width as usize);
    let mut tex = Vec::with_capacity(width as usize);
    for (y, line) in pixels.chunks_exact_mut((width * 3) as usize).enumerate() {
        let y = y as u32;
        layers.field.row(y, width, &mut row);
        layers.texture.row(y, width, &mut tex);
        let active: Vec<&Shape> = layers
            .shapes
            .iter()
            .filter(|s| s.y0 <= y && y < s.y1)
            .collect();
        for x in 0..width {
            let (c, activity) = cover(&active, x, y, row[x as usize]);
            let fine = (grain.unit() - 0.5) * 34.0;
            let medium = tex[x as usize][0] * 40.0;
            let chroma = (grain.unit() - 0.5) * 8.0;
            let n = (fine + medium) * activity;
            let i = (x * 3) as usize;
            line[i] = (c[0] + n + chroma).clamp(0.0, 255.0) as u8;
            line[i + 1] = (c[1] + n).clamp(0.0, 255.0) as u8;
            line[i + 2] = (c[2] + n - chroma).clamp(0.0, 255.0) as u8;
        }
    }
    pixels
}

/// The colour and grain strength at (x, y): the backdrop's `f`, or that of
/// the last of the `active` shapes (those on row y) that covers x.
fn cover(active: &[&Shape], x: u32, y: u32, f: [f32; 4]) -> ([f32; 3], f32) {
    let mut c = [f[0], f[1], f[2]];
    let mut activity = f[3];
    for s in active {
        if x < s.x0 || x >= s.x1 {
            continue;
        }
        let ty = (y - s.y0) as f32 / (s.y1 - s.y0).max(1) as f32;
        if s.round {
            let tx = (x - s.x0) as f32 / (s.x1 - s.x0).max(1) as f32;
            if (tx - 0.5) * (tx - 0.5) + (ty - 0.5) * (ty - 0.5) > 0.25 {
                continue;
            }
        }
        let mut shade = s.shade * ty;
        if s.stripes > 0 {
            let band = (ty * s.stripes as f32 * 2.0) as u32;
            if band % 2 == 1 && !((x - s.x0) / 7 + (x - s.x0) / 19).is_multiple_of(3) {
                shade -= 90.0;
            }
        }
        c = [
            s.colour[0] + shade,
            s.colour[1] + shade,
            s.colour[2] + shade,
        ];
        activity = activity * 0.5 + 0.2;
    }
    (c, activity)
}
