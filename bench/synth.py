"""Synthetic collections for Pustaka's benchmarks.

``make_collection(root, n)`` writes a complete Pustaka project (mkdocs.yml, site_src/,
collection/branches/, collection/items/) whose n item records have realistic field sizes:
titles of 5-12 words, 1-3 creators, 2-4 subjects, descriptions of 60-150 words of
Indonesian text, 1-2 copies.  ``make_bare_mkdocs(root, n)`` writes a bare mkdocs-material
project with the same items as plain Markdown pages, kept out of the nav.

Records are deterministic and *prefix-stable*: item i is drawn from its own random
generator seeded with (seed, i), so the first 1,000 items of a 10,000-item collection are
exactly the 1,000 items of a 1,000-item collection.  That makes per-page sizes comparable
across collection sizes.

Run as a script to write one collection by hand:

    python bench/synth.py /tmp/koleksi 1000            # Pustaka project
    python bench/synth.py --bare /tmp/koleksi-bare 1000 # bare mkdocs-material project
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import shutil
import textwrap
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
THEME_DIR = REPO / "theme"

# --------------------------------------------------------------------------------------
# Vocabulary: real Indonesian words, many of them affixed (me-, ber-, di-, ter-, pe-,
# ke-an, pe-an, -kan, -i, -nya), so that search benchmarks exercise the stemmer.
# --------------------------------------------------------------------------------------

NOUNS = """
perpustakaan pustakawan pemustaka buku naskah arsip koleksi katalog bacaan pembaca
pembacaan penulis tulisan penulisan karangan pengarang penerbit penerbitan terbitan
kebudayaan budaya adat tradisi kesenian seni tarian nyanyian musik gamelan wayang
pendidikan pelajaran pengajaran pembelajaran sekolah siswa pelajar guru murid mahasiswa
universitas kampus kurikulum pengetahuan ilmu ilmuwan penelitian peneliti kajian
sejarah peristiwa perjuangan kemerdekaan pahlawan kerajaan kesultanan raja penguasa
pemerintahan pemerintah kebijakan peraturan undang-undang hukum keadilan masyarakat
kemasyarakatan penduduk warga desa kampung kelurahan kecamatan kabupaten kota provinsi
daerah wilayah kawasan pulau pesisir pantai laut lautan sungai danau gunung hutan
kehutanan sawah ladang pertanian petani perkebunan perikanan nelayan peternakan pangan
makanan masakan minuman rempah-rempah kopi teh cengkeh pala padi jagung sagu ubi
perdagangan pedagang pasar ekonomi perekonomian usaha pengusaha koperasi industri
kerajinan tenun batik songket ukiran anyaman perahu kapal pelabuhan pelayaran
perjalanan jalan jembatan bangunan rumah arsitektur lingkungan kebersihan kesehatan
penyakit pengobatan obat dokter bidan rumah_sakit puskesmas gizi anak-anak remaja pemuda
perempuan keluarga ibu bapak generasi bahasa kosakata ejaan tata_bahasa sastra puisi
pantun syair hikayat cerita cerpen novel dongeng legenda mitos agama keagamaan masjid
gereja pura vihara upacara perayaan pernikahan kelahiran kematian iklim cuaca hujan
banjir kekeringan gempa bencana penanggulangan teknologi komputer internet informasi
komunikasi media surat_kabar majalah radio televisi film foto gambar peta pemetaan data
statistik angka laporan dokumen dokumentasi pelestarian pemeliharaan perawatan
pengembangan pembangunan kemajuan perubahan pertumbuhan kesejahteraan kemiskinan
pekerjaan pekerja buruh upah tanah lahan air listrik energi tambang pertambangan minyak
transportasi angkutan kendaraan pariwisata wisatawan museum monumen candi prasasti
keraton benteng kolonial penjajahan revolusi organisasi perkumpulan pergerakan
""".split()

ADJECTIVES = """
lokal daerah nasional tradisional modern lama baru kuno tua muda besar kecil tinggi
rendah panjang pendek luas sempit kaya miskin indah cantik penting utama khusus umum
sosial politik ekonomis budaya religius ilmiah populer praktis sederhana lengkap
terpadu terbuka tertutup terpencil terkenal terlupakan berkelanjutan bersejarah
berharga bermutu berbahaya bersih sehat kreatif mandiri produktif digital elektronik
tertulis lisan kreatif hijau biru merah putih hitam kuning
""".split()

VERBS = """
membahas menjelaskan menguraikan menggambarkan menceritakan mengisahkan mengkaji
meneliti menganalisis membandingkan menyajikan memaparkan mendokumentasikan mencatat
merekam memetakan mengumpulkan menghimpun menyusun menerbitkan menerjemahkan
menyunting memperkenalkan mengajarkan mempelajari memahami mengembangkan membangun
melestarikan memelihara merawat memperbaiki meningkatkan mengurangi menemukan
menunjukkan membuktikan menegaskan menyimpulkan mengusulkan menawarkan memberikan
menyediakan mendukung mendorong menggerakkan mengatur mengelola memimpin mengikuti
membaca menulis mendengarkan berbicara bercerita bekerja belajar bermain berdagang
berlayar bertani berkembang berubah bertahan berjuang berkumpul bersekolah
""".split()

PASSIVES = """
dibahas dijelaskan diuraikan digambarkan diceritakan dikaji diteliti dianalisis
dibandingkan disajikan dipaparkan didokumentasikan dicatat direkam dipetakan
dikumpulkan dihimpun disusun diterbitkan diterjemahkan disunting diperkenalkan
diajarkan dipelajari dikembangkan dibangun dilestarikan dipelihara dirawat diperbaiki
ditingkatkan ditemukan ditunjukkan dibuktikan ditegaskan disimpulkan diusulkan
diberikan disediakan dikelola dibaca ditulis didengarkan terbentuk terjadi tercatat
tersimpan tersebar terlihat tergambar terdapat
""".split()

ADVERBS = """
secara_rinci secara_singkat secara_mendalam secara_menyeluruh dengan_jelas dengan_teliti
dengan_sederhana dengan_lengkap secara_kritis secara_kronologis
""".split()

PERIODS = """
masa_kolonial masa_penjajahan_Belanda pendudukan_Jepang masa_revolusi masa_kemerdekaan
Orde_Lama Orde_Baru masa_reformasi abad_kesembilan_belas abad_kedua_puluh masa_kini
masa_kerajaan zaman_dahulu
""".split()

ORDINALS = "pertama kedua ketiga keempat kelima terakhir".split()

CONNECTIVES = [
    "Selain itu,", "Di samping itu,", "Oleh karena itu,", "Namun,", "Dengan demikian,",
    "Sementara itu,", "Pada akhirnya,", "Lebih lanjut,", "Akibatnya,", "Meskipun demikian,",
]

PLACES = """
Bitung Bontang Prabumulih Manado Tomohon Minahasa Sangihe Talaud Gorontalo Palu Poso
Makassar Bone Toraja Kendari Buton Ambon Ternate Tidore Halmahera Jayapura Merauke
Sorong Kupang Ende Flores Sumba Mataram Lombok Bima Denpasar Singaraja Surabaya Malang
Madura Banyuwangi Jember Semarang Surakarta Yogyakarta Magelang Cirebon Bandung Bogor
Garut Tasikmalaya Jakarta Banten Serang Lampung Palembang Jambi Bengkulu Padang
Bukittinggi Pekanbaru Riau Batam Medan Toba Nias Aceh Sabang Pontianak Singkawang
Banjarmasin Samarinda Balikpapan Tarakan Palangka_Raya Belitung Bangka
""".split()

TITLE_HEADS = {
    "book": ["Sejarah", "Kisah", "Mengenal", "Panduan", "Pengantar", "Himpunan", "Cerita Rakyat",
             "Kumpulan", "Ensiklopedia", "Jejak", "Menelusuri", "Potret", "Bunga Rampai"],
    "thesis": ["Analisis", "Pengaruh", "Peran", "Strategi", "Efektivitas", "Hubungan", "Pengembangan",
               "Implementasi", "Evaluasi", "Tinjauan", "Persepsi"],
    "article": ["Kajian", "Studi", "Dinamika", "Transformasi", "Representasi", "Pemanfaatan",
                "Model", "Pola", "Tantangan"],
    "periodical": ["Buletin", "Warta", "Majalah", "Jurnal", "Berita", "Lembaran"],
    "manuscript": ["Hikayat", "Syair", "Babad", "Serat", "Naskah", "Surat", "Catatan"],
    "map": ["Peta", "Peta Topografi", "Peta Wilayah", "Denah", "Atlas"],
    "photo": ["Foto", "Potret", "Dokumentasi", "Suasana", "Pemandangan"],
    "audio": ["Rekaman", "Wawancara", "Lagu", "Siaran", "Tuturan"],
    "video": ["Film Dokumenter", "Video", "Liputan", "Rekaman Video"],
    "dataset": ["Data", "Statistik", "Hasil Survei", "Basis Data", "Rekapitulasi"],
}

TYPE_WEIGHTS = {"book": 45, "thesis": 12, "article": 12, "periodical": 6, "manuscript": 5, "map": 4,
                "photo": 6, "audio": 3, "video": 3, "dataset": 4}

TYPE_NOUN = {"book": "Buku", "thesis": "Skripsi", "article": "Artikel", "periodical": "Terbitan berkala",
             "manuscript": "Naskah", "map": "Peta", "photo": "Foto", "audio": "Rekaman",
             "video": "Video", "dataset": "Kumpulan data"}

GIVEN = """
Budi Siti Agus Dewi Ahmad Sri Eko Rina Hendra Wati Joko Ratna Bambang Yuni Rudi Lestari
Andi Nur Hadi Fitri Irwan Sari Dedi Putri Slamet Endang Teguh Wahyuni Yusuf Aminah Rizky
Nurul Fajar Indah Arif Maya Hasan Ayu Iwan Kartini Made Ketut Wayan Nyoman Komang Gede
Putu Daeng Andi La Tengku Cut Teuku Ucok Hotman Rotua Poltak Sumarni Sutrisno Suharti
Maria Yohanes Fransiskus Theresia Agustinus Paulus Yakobus Stefanus Fransina Marthen
Yosef Benediktus Asep Ujang Neneng Euis Dadang Cecep Ikhsan Zulkifli Syamsul Khairul
Muhammad Abdul Rahmat Hidayat Wahyu Dian Yanti Bayu Citra Gilang Intan Kurniawan
""".split()

FAMILY = """
Santoso Wijaya Saputra Pratama Hidayat Nugroho Setiawan Kusuma Wibowo Susanto Gunawan
Halim Siregar Nasution Simanjuntak Sitompul Hutapea Lubis Harahap Pohan Sinaga Tambunan
Manurung Panjaitan Sembiring Ginting Tarigan Purba Pasaribu Situmorang Rumengan Lumanauw
Mandagi Sondakh Wenas Pangemanan Tumbelaka Lasut Kaunang Rondonuwu Pattimura Latuconsina
Tuhumury Pattiasina Matulessy Daeng_Malewa Mappanyukki Syamsuddin Rahman Ismail Hamzah
Nur Sulistyo Purnomo Rahardjo Suryadi Sutanto Hartono Tanoto Salim Kartawijaya Sudirman
Soedarsono Koentjaraningrat Permana Ramadhan Fauzi Lestari Anggraini Maharani Kurniasih
""".split()

SUBJECTS = """
Sejarah lokal|Sejarah Indonesia|Sejarah maritim|Sejarah kota|Kebudayaan Jawa|Kebudayaan Minahasa
|Kebudayaan Bugis|Kebudayaan Batak|Kebudayaan Melayu|Kebudayaan Bali|Kebudayaan Sunda|Adat istiadat
|Upacara adat|Cerita rakyat|Dongeng anak|Legenda|Sastra Indonesia|Sastra daerah|Puisi|Pantun
|Hikayat|Novel Indonesia|Bahasa Indonesia|Bahasa daerah|Bahasa Jawa|Linguistik|Pendidikan dasar
|Pendidikan menengah|Pendidikan tinggi|Pendidikan karakter|Pendidikan inklusif|Pendidikan anak usia dini
|Literasi informasi|Literasi digital|Minat baca|Perpustakaan sekolah|Perpustakaan umum
|Perpustakaan desa|Perpustakaan keliling|Ilmu perpustakaan|Kearsipan|Pelestarian naskah
|Manajemen informasi|Teknologi informasi|Sistem informasi|Komunikasi massa|Jurnalisme|Media sosial
|Pertanian padi|Pertanian organik|Perkebunan kelapa|Perkebunan cengkeh|Perikanan tangkap
|Budidaya perikanan|Kelautan|Ekosistem pesisir|Terumbu karang|Mangrove|Kehutanan|Konservasi alam
|Keanekaragaman hayati|Lingkungan hidup|Perubahan iklim|Mitigasi bencana|Gempa bumi|Gunung api
|Banjir|Pengelolaan sampah|Air bersih|Kesehatan masyarakat|Kesehatan ibu dan anak|Gizi
|Pengobatan tradisional|Tanaman obat|Penyakit menular|Sanitasi|Ekonomi daerah|Ekonomi kerakyatan
|Usaha mikro kecil|Koperasi|Perdagangan|Pasar tradisional|Pariwisata|Ekowisata|Kuliner nusantara
|Rempah-rempah|Kerajinan tangan|Tenun ikat|Batik|Seni pertunjukan|Tari tradisional|Musik tradisional
|Gamelan|Wayang|Arsitektur tradisional|Rumah adat|Cagar budaya|Arkeologi|Prasasti|Museum
|Pemerintahan daerah|Otonomi daerah|Kebijakan publik|Hukum adat|Hukum tata negara|Hak asasi manusia
|Politik lokal|Pemilihan umum|Demografi|Urbanisasi|Transmigrasi|Perempuan dan gender
|Anak dan remaja|Pemuda|Keluarga|Agama Islam|Agama Kristen|Agama Hindu|Toleransi beragama
|Filsafat|Psikologi pendidikan|Sosiologi|Antropologi|Geografi|Kartografi|Statistik daerah
|Transportasi laut|Pelabuhan|Pelayaran|Perkapalan|Energi terbarukan|Pertambangan|Industri
|Teknik sipil|Matematika|Fisika|Kimia|Biologi|Astronomi|Perang kemerdekaan|Pahlawan nasional
|Masa kolonial|Orde Baru|Reformasi|Biografi|Autobiografi|Fotografi|Film dokumenter
|Sejarah lisan|Musik populer|Olahraga|Sepak bola|Permainan tradisional|Kesejahteraan sosial
|Penyandang disabilitas|Kewirausahaan|Akuntansi|Manajemen
""".replace("\n", "").split("|")

PUBLISHERS = """
Balai Pustaka|Gramedia Pustaka Utama|Pustaka Jaya|Kanisius|Mizan|Penerbit Obor|Pustaka Sinar Harapan
|Kepustakaan Populer Gramedia|Komunitas Bambu|Ombak|Pustaka Pelajar|Erlangga|Rajawali Pers
|Lembaga Ilmu Pengetahuan Indonesia|BRIN Publishing|Perpustakaan Nasional RI|Dinas Perpustakaan dan Kearsipan
|Badan Pusat Statistik|Direktorat Jenderal Kebudayaan|Yayasan Obor Indonesia|Penerbit ITB
|UGM Press|UI Publishing|Airlangga University Press|Unsrat Press|Universitas Terbuka|Bentang Pustaka
|Diva Press|Deepublish|Pustaka Larasan
""".replace("\n", "").split("|")

INSTITUTIONS = [
    "Universitas Sam Ratulangi", "Universitas Negeri Manado", "Universitas Mulawarman",
    "Universitas Sriwijaya", "Universitas Gadjah Mada", "Universitas Indonesia",
    "Universitas Hasanuddin", "Universitas Airlangga", "Universitas Padjadjaran",
    "Institut Agama Islam Negeri Manado", "Universitas Negeri Yogyakarta", "Universitas Udayana",
    "Universitas Sumatera Utara", "Universitas Andalas", "Universitas Pattimura",
]
DEGREES = ["Skripsi (S1)", "Skripsi (S1)", "Skripsi (S1)", "Tesis (S2)", "Disertasi (S3)"]
JOURNALS = [
    "Jurnal Pustakawan Indonesia", "Jurnal Ilmu Perpustakaan", "Jurnal Kebudayaan",
    "Jurnal Sejarah Lokal", "Jurnal Pendidikan Nusantara", "Jurnal Ekonomi Daerah",
    "Jurnal Kelautan Tropis", "Jurnal Bahasa dan Sastra", "Jurnal Antropologi Indonesia",
    "Berkala Arkeologi", "Jurnal Kesehatan Masyarakat", "Jurnal Lingkungan dan Bencana",
]
SERIES = ["Seri Cerita Rakyat", "Seri Sejarah Daerah", "Seri Pengetahuan Populer", "Seri Budaya Nusantara",
          "Seri Pustaka Desa", "Seri Monografi Daerah", "Seri Bacaan Anak"]
COLLECTIONS = ["Koleksi Lokal", "Koleksi Langka", "Koleksi Deposit", "Pameran Kemerdekaan",
               "Koleksi Referensi", "Koleksi Anak", "Koleksi Naskah Kuno"]
ACCESSIBILITY = ["braille", "large-print", "audio", "easy-read"]
DDC = ["020", "025.1", "027.4", "027.8", "028.5", "070.4", "181", "297", "306.4", "307.7", "320.9",
       "330.9598", "338.1", "340.5", "351", "363.7", "370", "371.3", "372.4", "390", "398.2", "407",
       "499.221", "551.2", "570", "577.7", "581.6", "610", "613.2", "630", "639.2", "720.9598",
       "745.5", "746.6", "781.62", "793.3", "899.221", "910", "912.598", "959.8", "959.84", "959.86"]

BRANCHES = {
    "pusat": {
        "name": "Perpustakaan Pusat",
        "kind": "main",
        "description": "Gedung utama perpustakaan dengan ruang baca umum, ruang anak, dan layanan referensi.",
        "address": {"street": "Jl. Sam Ratulangi No. 12", "city": "Bitung", "province": "Sulawesi Utara",
                    "postal_code": "95511"},
        "coordinates": {"lat": 1.4406, "lon": 125.1217},
        "hours": [{"days": "mon-fri", "opens": "08:00", "closes": "16:00"},
                  {"days": "sat", "opens": "09:00", "closes": "13:00"}],
        "contacts": {"phone": "(0438) 21234", "email": "layanan@perpustakaan.example"},
        "facilities": ["wifi", "reading-room", "children-corner", "ramp", "computers", "prayer-room"],
    },
    "cabang-utara": {
        "name": "Cabang Bitung Utara",
        "kind": "branch",
        "address": {"street": "Jl. Pelabuhan No. 5", "city": "Bitung", "province": "Sulawesi Utara"},
        "hours": [{"days": "mon-fri", "opens": "08:00", "closes": "15:00"}],
        "contacts": {"phone": "(0438) 22345"},
        "facilities": ["wifi", "reading-room"],
    },
    "keliling": {
        "name": "Perpustakaan Keliling",
        "kind": "mobile",
        "description": "Mobil perpustakaan yang singgah di sekolah dan balai desa setiap pekan.",
        "address": {"street": "Jl. Sam Ratulangi No. 12", "city": "Bitung", "province": "Sulawesi Utara"},
        "hours": [{"days": "tue-thu", "opens": "09:00", "closes": "14:00"}],
        "contacts": {"phone": "(0438) 21235"},
        "facilities": ["audio-books"],
        "stops": [
            {"place": "SD Negeri 1 Girian", "days": "tue", "opens": "09:00", "closes": "11:00"},
            {"place": "Balai Desa Danowudu", "days": "wed", "opens": "10:00", "closes": "12:00"},
            {"place": "SMP Negeri 3 Bitung", "days": "thu", "opens": "09:00", "closes": "11:30",
             "note": "Minggu pertama dan ketiga setiap bulan"},
        ],
    },
}
BRANCH_IDS = list(BRANCHES)

STATUS_WEIGHTS = {"available": 70, "on-loan": 18, "reserved": 4, "in-repair": 3, "reference-only": 4, "lost": 1}
LANG_NAMES = {"id": "Indonesia", "en": "Inggris", "jv": "Jawa"}
ROLE_NAMES = {"author": "pengarang", "editor": "penyunting", "translator": "penerjemah",
              "illustrator": "ilustrator", "photographer": "fotografer", "compiler": "penghimpun",
              "supervisor": "pembimbing", "creator": "pencipta", "narrator": "narator",
              "cartographer": "kartografer"}
STATUS_NAMES = {"available": "Tersedia", "on-loan": "Dipinjam", "reserved": "Dipesan",
                "in-repair": "Diperbaiki", "reference-only": "Baca di tempat", "lost": "Hilang"}
ACCESS_NAMES = {"public": "Terbuka", "on-site": "Baca di tempat", "restricted": "Terbatas"}

LOWER_IN_TITLES = {"di", "ke", "dari", "dan", "yang", "pada", "dalam", "untuk", "terhadap", "sebagai",
                   "dengan", "bagi", "atas", "oleh", "tentang", "antara", "melalui"}


def _w(word: str) -> str:
    """Vocabulary entries use _ for multi-word units."""
    return word.replace("_", " ")


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _title_case(words: list[str]) -> str:
    out = []
    for index, word in enumerate(words):
        if index and word.lower() in LOWER_IN_TITLES:
            out.append(word.lower())
        else:
            out.append("-".join(part[:1].upper() + part[1:] for part in word.split("-")))
    return " ".join(out)


def _title(rng: random.Random, kind: str) -> str:
    """A title of exactly 5-12 words."""
    target = rng.randint(5, 12)
    words = rng.choice(TITLE_HEADS[kind]).split()
    fillers = [
        lambda: [rng.choice(NOUNS)],
        lambda: [rng.choice(NOUNS), rng.choice(ADJECTIVES)],
        lambda: ["di", _w(rng.choice(PLACES))],
        lambda: ["dan", rng.choice(NOUNS)],
        lambda: ["terhadap", rng.choice(NOUNS), rng.choice(NOUNS)],
        lambda: ["pada", _w(rng.choice(PERIODS))],
        lambda: ["dalam", rng.choice(NOUNS)],
        lambda: ["masyarakat", _w(rng.choice(PLACES))],
        lambda: ["sebagai", rng.choice(NOUNS), rng.choice(ADJECTIVES)],
    ]
    words += [_w(w) for w in [rng.choice(NOUNS)]]
    while len(" ".join(words).split()) < target:
        words += [_w(w) for w in rng.choice(fillers)()]
    flat = " ".join(words).split()[:target]
    while flat[-1].lower() in LOWER_IN_TITLES:
        flat[-1] = _w(rng.choice(NOUNS)).split()[0]
    return _title_case(flat)


def _np(rng: random.Random) -> str:
    """A short noun phrase."""
    shape = rng.random()
    if shape < 0.35:
        return _w(rng.choice(NOUNS))
    if shape < 0.65:
        return f"{_w(rng.choice(NOUNS))} {rng.choice(ADJECTIVES)}"
    if shape < 0.85:
        return f"{_w(rng.choice(NOUNS))} {_w(rng.choice(NOUNS))}"
    return f"{_w(rng.choice(NOUNS))}nya"


def _sentence(rng: random.Random, kind: str) -> str:
    place = _w(rng.choice(PLACES))
    templates = [
        lambda: f"{TYPE_NOUN[kind]} ini {rng.choice(VERBS)} {_np(rng)} di {place} pada {_w(rng.choice(PERIODS))}.",
        lambda: f"Penulis {rng.choice(VERBS)} {_np(rng)} yang {rng.choice(PASSIVES)} oleh {_np(rng)} setempat.",
        lambda: f"Pada bagian {rng.choice(ORDINALS)}, {_np(rng)} {rng.choice(PASSIVES)} {_w(rng.choice(ADVERBS))} "
                f"dengan {_np(rng)} sebagai contoh.",
        lambda: f"{rng.choice(CONNECTIVES)} {_np(rng)} di {place} {rng.choice(PASSIVES)} melalui {_np(rng)} "
                f"dan {_np(rng)}.",
        lambda: f"Masyarakat {place} {rng.choice(VERBS)} {_np(rng)} untuk {rng.choice(VERBS)} {_np(rng)}.",
        lambda: f"Uraian tentang {_np(rng)} dan {_np(rng)} {rng.choice(PASSIVES)} {_w(rng.choice(ADVERBS))}.",
        lambda: f"Para {rng.choice(['peneliti', 'pustakawan', 'guru', 'petani', 'nelayan', 'pedagang', 'tokoh adat'])} "
                f"{rng.choice(VERBS)} {_np(rng)} bersama {_np(rng)} sejak {rng.randint(1870, 2020)}.",
        lambda: f"Hal ini {rng.choice(['menunjukkan', 'membuktikan', 'menegaskan'])} bahwa {_np(rng)} "
                f"{rng.choice(['sangat', 'cukup', 'semakin'])} {rng.choice(['penting', 'berperan', 'berpengaruh', 'dibutuhkan'])} "
                f"bagi {_np(rng)}.",
    ]
    text = rng.choice(templates)()
    return text[0].upper() + text[1:]


def _description(rng: random.Random, kind: str) -> str:
    """60-150 words of Indonesian text, in one or two paragraphs."""
    target = rng.randint(60, 150)
    sentences: list[str] = []
    count = 0
    while count < target:
        sentence = _sentence(rng, kind)
        words = sentence.split()
        if count + len(words) > 150:
            words = words[: 150 - count]
            sentence = " ".join(words).rstrip(",.") + "."
        sentences.append(sentence)
        count += len(words)
    paragraphs = [sentences]
    if len(sentences) >= 4 and rng.random() < 0.4:
        cut = len(sentences) // 2
        paragraphs = [sentences[:cut], sentences[cut:]]
    # Wrapped as a librarian's editor would; Markdown joins the lines again.
    return "\n\n".join(textwrap.fill(" ".join(p), width=88) for p in paragraphs) + "\n"


def page_text(rng: random.Random, kind: str, words: int = 300) -> str:
    """A page of a digitized document: about ``words`` words of running Indonesian text,
    with the long tail real pages have (names, numbers, OCR-split and rare words)."""
    out: list[str] = []
    while len(out) < words:
        out += _sentence(rng, kind).split()
        tail = rng.random()
        if tail < 0.25:
            out += f"menurut {_name(rng)},".split()
        elif tail < 0.45:
            out += [f"{rng.randint(1, 9999):,}".replace(",", "."), rng.choice(["orang", "ton", "hektare", "rupiah"])]
        elif tail < 0.55:  # a rare word: a local term, a typo, a word broken by OCR
            out.append("".join(rng.choice("abcdefghijklmnoprstuwy") for _ in range(rng.randint(5, 10))))
    return " ".join(out[:words])


def digitized_pages(i: int, pages: int = 50, seed: int = 1) -> list[str]:
    """The text of item i's digitized document, page by page (deterministic, like items)."""
    rng = random.Random(f"{seed}:{i}:pages")
    kind = rng.choice(["book", "periodical", "thesis"])
    return [page_text(rng, kind) for _ in range(pages)]


def _name(rng: random.Random) -> str:
    if rng.random() < 0.08:
        return rng.choice(GIVEN)  # single-name Indonesians (Sukarno-style)
    name = f"{rng.choice(GIVEN)} {_w(rng.choice(FAMILY))}"
    if rng.random() < 0.05:
        name = rng.choice(["Dr. ", "Prof. Dr. ", "Drs. ", "Ir. "]) + name
    return name


def _creators(rng: random.Random, kind: str) -> list[dict]:
    first_role = {"photo": "photographer", "map": "cartographer", "audio": "narrator",
                  "video": "creator", "dataset": "compiler", "periodical": "editor"}.get(kind, "author")
    count = rng.choices([1, 2, 3], weights=[55, 30, 15])[0]
    out = [{"name": _name(rng), "role": first_role}]
    for _ in range(count - 1):
        if kind == "thesis":
            role = "supervisor"
        elif kind == "book":
            role = rng.choice(["author", "author", "editor", "translator", "illustrator"])
        else:
            role = first_role if rng.random() < 0.7 else "editor"
        out.append({"name": _name(rng), "role": role})
    return out


def _year(rng: random.Random, kind: str) -> int:
    if kind in ("manuscript", "map", "photo"):
        return rng.randint(1850, 2000)
    # Skewed towards recent years, as real catalogues are.
    return min(2026, 1850 + int(176 * rng.random() ** 0.45))


def _date(rng: random.Random, year: int):
    shape = rng.random()
    if shape < 0.70:
        return year
    if shape < 0.85:
        return dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
    if shape < 0.95:
        return f"{year}-{rng.randint(1, 12):02d}"
    start = min(year, 2020)
    return f"{start}/{start + rng.randint(1, 6)}"


def _isbn13(rng: random.Random) -> str:
    prefix = rng.choice(["978602", "978623", "978979"])
    body = prefix + "".join(str(rng.randint(0, 9)) for _ in range(6))
    check = (10 - sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(body)) % 10) % 10
    full = body + str(check)
    return f"{full[:3]}-{full[3:6]}-{full[6:10]}-{full[10:12]}-{full[12]}"


def _issn(rng: random.Random) -> str:
    digits = [rng.randint(0, 9) for _ in range(7)]
    total = sum(d * w for d, w in zip(digits, range(8, 1, -1)))
    check = (11 - total % 11) % 11
    c = "X" if check == 10 else str(check)
    s = "".join(map(str, digits))
    return f"{s[:4]}-{s[4:]}{c}"


def _slug(text: str, words: int = 4) -> str:
    parts = re.findall(r"[a-z0-9]+", text.lower())
    return "-".join(parts[:words])


def _collation(rng: random.Random, kind: str) -> str:
    if kind in ("book", "periodical"):
        roman = rng.choice(["viii", "x", "xii", "xiv", "xvi", "xx"])
        extra = rng.choice(["", " : ilus.", " : ilus. ; foto", " : peta"])
        return f"{roman}, {rng.randint(40, 480)} hlm.{extra} ; {rng.choice([19, 21, 23, 25])} cm"
    if kind == "thesis":
        return f"{rng.choice(['x', 'xii', 'xiv'])}, {rng.randint(60, 220)} hlm. ; 30 cm"
    if kind == "article":
        return f"{rng.randint(8, 24)} hlm."
    if kind == "manuscript":
        return f"{rng.randint(20, 300)} halaman ; {rng.choice([20, 24, 32])} cm"
    if kind == "map":
        return f"1 peta : berwarna ; {rng.choice(['60 x 90', '45 x 60', '84 x 119'])} cm"
    if kind == "photo":
        return f"1 foto : {rng.choice(['hitam putih', 'berwarna'])} ; 10 x 15 cm"
    if kind == "audio":
        return f"1 rekaman suara ({rng.randint(5, 120)} menit)"
    if kind == "video":
        return f"1 video ({rng.randint(3, 90)} menit) : bersuara, berwarna"
    return f"{rng.randint(1, 8)} berkas CSV"


def make_item(i: int, seed: int = 1) -> tuple[str, dict]:
    """Item number i (0-based) of the synthetic collection: (id, record)."""
    rng = random.Random(f"pustaka-bench:{seed}:{i}")
    kind = _pick(rng, TYPE_WEIGHTS)
    title = _title(rng, kind)
    item_id = f"{_slug(title)}-{i + 1:05d}"
    creators = _creators(rng, kind)
    year = _year(rng, kind)
    lang_roll = rng.random()
    language = "id" if lang_roll < 0.82 else "en" if lang_roll < 0.92 else "jv" if lang_roll < 0.97 else ["id", "en"]
    record: dict = {"type": kind, "title": title}
    if rng.random() < 0.25:
        record["subtitle"] = _title(rng, kind).split(" ", 1)[1]
    record["creators"] = creators
    record["date"] = _date(rng, year)
    record["language"] = language
    record["subjects"] = rng.sample(SUBJECTS, rng.randint(2, 4))
    record["description"] = _description(rng, kind)
    if kind in ("book", "periodical", "dataset", "map"):
        record["publisher"] = rng.choice(PUBLISHERS)
    if kind not in ("article",):
        record["place"] = _w(rng.choice(PLACES))
    if kind == "book" and rng.random() < 0.3:
        record["edition"] = rng.choice(["Cet. 2", "Cet. 3", "Ed. revisi", "Ed. 2", "Cet. 1"])
    record["collation"] = _collation(rng, kind)
    if kind == "book" and rng.random() < 0.15:
        record["series"] = rng.choice(SERIES)
    if kind == "thesis":
        record["institution"] = rng.choice(INSTITUTIONS)
        record["degree"] = rng.choice(DEGREES)
    if kind == "article":
        record["journal"] = {"title": rng.choice(JOURNALS), "volume": str(rng.randint(1, 30)),
                             "issue": str(rng.randint(1, 4)),
                             "pages": f"{(start := rng.randint(1, 200))}-{start + rng.randint(8, 24)}"}
    family = creators[0]["name"].split()[-1]
    identifiers: dict = {"call_number": f"{rng.choice(DDC)} {family[:3].upper()} {title[0].lower()}"}
    if kind == "book" and rng.random() < 0.6:
        identifiers["isbn"] = _isbn13(rng)
    if kind == "periodical":
        identifiers["issn"] = _issn(rng)
    if kind == "article" and rng.random() < 0.7:
        identifiers["doi"] = f"10.{rng.randint(31000, 31999)}/jp.v{rng.randint(1, 30)}i{rng.randint(1, 4)}.{rng.randint(100, 9999)}"
    if kind in ("thesis", "article") and rng.random() < 0.4:
        identifiers["handle"] = f"123456789/{rng.randint(1, 99999)}"
    identifiers["slims_id"] = str(i + 1)
    record["identifiers"] = identifiers
    if kind == "manuscript" or (kind == "photo" and rng.random() < 0.5):
        record["rights"] = "Domain publik"
    record["access"] = _pick(rng, {"public": 85, "on-site": 10, "restricted": 5})
    copies = []
    for n in range(rng.choices([1, 2], weights=[65, 35])[0]):
        copies.append({"branch": rng.choice(BRANCH_IDS), "call_number": identifiers["call_number"],
                       "barcode": f"B{i + 1:06d}{n + 1}", "status": _pick(rng, STATUS_WEIGHTS)})
    record["copies"] = copies
    if rng.random() < 0.15:
        record["collections"] = [rng.choice(COLLECTIONS)]
    if rng.random() < 0.03:
        record["accessibility"] = rng.sample(ACCESSIBILITY, rng.randint(1, 2))
    if i > 0 and rng.random() < 0.05:
        # Only earlier items, so that the collection stays prefix-stable.
        record["related"] = sorted({make_item_id(rng.randrange(i), seed) for _ in range(rng.randint(1, 2))})
    record["added"] = dt.date(2020, 1, 1) + dt.timedelta(days=rng.randrange(6 * 365 + 300))
    return item_id, record


_ID_CACHE: dict[tuple[int, int], str] = {}


def make_item_id(i: int, seed: int = 1) -> str:
    key = (i, seed)
    if key not in _ID_CACHE:
        _ID_CACHE[key] = make_item(i, seed)[0]
    return _ID_CACHE[key]


def items(n: int, seed: int = 1):
    """Yield (id, record) for items 0..n-1."""
    for i in range(n):
        item_id, record = make_item(i, seed)
        _ID_CACHE[(i, seed)] = item_id
        yield item_id, record


# --------------------------------------------------------------------------------------
# YAML output that reads like a librarian's file: block lists, literal descriptions.
# --------------------------------------------------------------------------------------

class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # libyaml when present: 5x faster
    pass


def _str_representer(dumper: yaml.SafeDumper, value: str):
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _str_representer)


def dump_yaml(data) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100,
                     default_flow_style=False)


# --------------------------------------------------------------------------------------
# Projects
# --------------------------------------------------------------------------------------

HOME = """\
# Perpustakaan Sintetis

Selamat datang di perpustakaan digital sintetis. Koleksi ini dibuat otomatis untuk
mengukur kecepatan pembangunan situs.
"""


def pustaka_mkdocs_yml(theme_dir: Path = THEME_DIR) -> str:
    """The mkdocs.yml of a Pustaka project (kept in one place so it is easy to change)."""
    return f"""\
site_name: Perpustakaan Sintetis
docs_dir: site_src
theme:
  name: material
  custom_dir: {theme_dir.resolve()}
  font: false
  language: id
plugins:
  - pustaka:
      collection: collection
"""


def bare_mkdocs_yml() -> str:
    """A bare mkdocs-material site: default plugins (search), items kept out of the nav."""
    return """\
site_name: Perpustakaan Sintetis
theme:
  name: material
  font: false
  language: id
nav:
  - Beranda: index.md
not_in_nav: |
  /katalog/
"""


def _clean(root: Path) -> None:
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)


def make_collection(root: Path, n: int, seed: int = 1) -> None:
    """Write a complete Pustaka project with n synthetic items into root (replacing it)."""
    root = Path(root)
    _clean(root)
    (root / "mkdocs.yml").write_text(pustaka_mkdocs_yml(), encoding="utf-8")
    (root / "site_src").mkdir()
    (root / "site_src" / "index.md").write_text(HOME, encoding="utf-8")
    branches = root / "collection" / "branches"
    branches.mkdir(parents=True)
    for branch_id, record in BRANCHES.items():
        (branches / f"{branch_id}.yml").write_text(dump_yaml(record), encoding="utf-8")
    item_dir = root / "collection" / "items"
    item_dir.mkdir()
    for item_id, record in items(n, seed):
        (item_dir / f"{item_id}.yml").write_text(dump_yaml(record), encoding="utf-8")


def _date_text(value) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def item_markdown(item_id: str, record: dict) -> str:
    """The same item as a plain Markdown page: title, creators, metadata list, subjects,
    description, copies."""
    title = record["title"] + (f": {record['subtitle']}" if "subtitle" in record else "")
    lines = [f"# {title}", ""]
    lines.append("; ".join(f"{c['name']} ({ROLE_NAMES.get(c['role'], c['role'])})" for c in record["creators"]))
    lines.append("")
    langs = record["language"] if isinstance(record["language"], list) else [record["language"]]
    meta = [("Jenis", TYPE_NOUN[record["type"]]), ("Tahun", _date_text(record["date"])),
            ("Bahasa", ", ".join(LANG_NAMES[x] for x in langs))]
    for key, label in (("publisher", "Penerbit"), ("place", "Tempat terbit"), ("edition", "Edisi"),
                       ("collation", "Kolasi"), ("series", "Seri"), ("institution", "Institusi"),
                       ("degree", "Jenjang")):
        if key in record:
            meta.append((label, record[key]))
    if "journal" in record:
        j = record["journal"]
        meta.append(("Jurnal", f"{j['title']} vol. {j['volume']} no. {j['issue']}, hlm. {j['pages']}"))
    ident_labels = {"call_number": "Nomor panggil", "isbn": "ISBN", "issn": "ISSN", "doi": "DOI",
                    "handle": "Handle", "slims_id": "ID SLiMS"}
    for key, value in record["identifiers"].items():
        meta.append((ident_labels[key], value))
    if "rights" in record:
        meta.append(("Hak", record["rights"]))
    meta.append(("Akses", ACCESS_NAMES[record["access"]]))
    if "collections" in record:
        meta.append(("Koleksi", ", ".join(record["collections"])))
    lines += [f"- **{label}:** {value}" for label, value in meta]
    lines += ["", "## Subjek", ""]
    lines += [f"- {s}" for s in record["subjects"]]
    lines += ["", "## Deskripsi", "", record["description"].rstrip(), ""]
    lines += ["## Eksemplar", "", "| Lokasi | Nomor panggil | Barcode | Status |", "|---|---|---|---|"]
    for c in record["copies"]:
        lines.append(f"| {BRANCHES[c['branch']]['name']} | {c['call_number']} | {c['barcode']} | "
                     f"{STATUS_NAMES[c['status']]} |")
    if "related" in record:
        lines += ["", "## Karya terkait", ""]
        lines += [f"- [{r}]({r}.md)" for r in record["related"]]
    return "\n".join(lines) + "\n"


def make_bare_mkdocs(root: Path, n: int, seed: int = 1) -> None:
    """Write a bare mkdocs-material project with the same n items as Markdown pages."""
    root = Path(root)
    _clean(root)
    (root / "mkdocs.yml").write_text(bare_mkdocs_yml(), encoding="utf-8")
    docs = root / "docs"
    (docs / "katalog").mkdir(parents=True)
    (docs / "index.md").write_text(HOME, encoding="utf-8")
    for item_id, record in items(n, seed):
        (docs / "katalog" / f"{item_id}.md").write_text(item_markdown(item_id, record), encoding="utf-8")


def item_ids(n: int, seed: int = 1) -> list[str]:
    return [make_item_id(i, seed) for i in range(n)]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--bare", action="store_true", help="write a bare mkdocs-material project instead")
    args = parser.parse_args(argv)
    (make_bare_mkdocs if args.bare else make_collection)(args.root, args.n, args.seed)
    print(f"wrote {args.n} items to {args.root}")


if __name__ == "__main__":
    main()
