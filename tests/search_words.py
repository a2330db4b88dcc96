"""Affixed Indonesian words for the stemming tests: real roots × real affix combinations."""

from __future__ import annotations

ROOTS = """
baca tulis ajar kerja main jalan lihat dengar kirim pinjam simpan cari temu buat pakai
tanam jual beli bayar hitung ukur pilih atur kumpul susun bangun rusak bersih pelihara
rawat obat sakit sehat masak makan minum tidur duduk diri lari tari nyanyi lukis ukir
tenun anyam pahat cetak terbit karang sunting terjemah teliti kaji uji nilai ajak tanya
jawab minta beri terima kenal tahu pikir ingat lupa rasa suka cinta benci takut marah
senang sedih tangis tawa buka tutup masuk keluar naik turun pindah tinggal datang pergi
pulang kembali tunggu bantu tolong jaga lindung selamat hidup mati lahir tumbuh kembang
ubah ganti tukar campur pisah bagi satu gabung ikut pimpin perintah larang izin atur
didik latih lomba tanding menang kalah juara hadiah catat rekam potret gambar peta
data arsip simpan pustaka kata bahasa cerita kisah dongeng syair sajak pantun hikayat
sejarah budaya adat agama doa ibadah sembah puja rayakan pesta undang hadir kunjung
layan pandu tunjuk jelas terang gelap warna hias indah rapi adil bijak kuasa perintah
tanah air laut ikan nelayan tani sawah ladang kebun hutan gunung sungai pantai pulau
kota desa kampung rumah gedung pasar toko dagang usaha modal untung rugi harga mahal
murah kaya miskin sejahtera aman damai perang juang merdeka bela serang tahan hancur
lestari alam hujan banjir kering panas dingin angin badai gempa bencana tolak dorong
tarik angkat angkut bawa antar kirim terima dapat hasil guna manfaat fungsi tuju rencana
program kelola urus selesai mulai akhir awal lanjut henti tetap sama beda banding kurang
tambah lebih kecil besar panjang pendek tinggi rendah luas sempit dalam dangkal cepat
lambat baru lama muda tua kuat lemah berat ringan mudah sulit sederhana lengkap penuh
kosong isi pusat pinggir tengah depan belakang atas bawah samping dekat jauh sambung
putus ikat lepas tanda kenang peringat pamer tonton saksi dengar siar kabar berita
informasi komunikasi hubung sambut salam terima kasih maaf ampun hormat sopan santun
satu dua tiga empat lima enam tujuh lapan sembilan puluh ratus ribu juta hitung angka
bentuk rupa wajah muka tubuh tangan kaki kepala mata telinga mulut hati jiwa semangat
sekolah murid guru kelas pelajar kuliah skripsi tesis disertasi laporan makalah jurnal
koleksi katalog klasifikasi indeks abstrak ringkas ulas resensi kutip rujuk acu sumber
""".split()

SUFFIXES = ["", "kan", "i", "an", "nya", "lah", "kah", "kannya", "annya", "inya", "pun", "ku", "mu"]


def _nasal(prefix: str, root: str) -> str:
    """meN-/peN- with the nasal that Indonesian spelling gives each first letter."""
    first = root[0]
    if first in "lmnrwy":
        return prefix + root
    if first in "bfv":
        return prefix + "m" + root
    if first == "p":
        return prefix + "m" + root[1:]
    if first in "cdjz":
        return prefix + "n" + root
    if first == "t":
        return prefix + "n" + root[1:]
    if first == "s":
        return prefix + "ny" + root[1:]
    if first == "k":
        return prefix + "ng" + root[1:]
    return prefix + "ng" + root


def affixed_words() -> list[str]:
    """Every root with the prefix and suffix combinations a reader meets, deduplicated."""
    words: set[str] = set()
    for root in dict.fromkeys(ROOTS):
        bases = {
            "": root, "me": _nasal("me", root), "pe": _nasal("pe", root), "di": "di" + root,
            "ter": "ter" + root, "ber": ("be" if root.startswith("r") else "ber") + root,
            "per": "per" + root, "ke": "ke" + root, "se": "se" + root,
            "memper": "memper" + root, "diper": "diper" + root,
        }
        for prefix, base in bases.items():
            for suffix in SUFFIXES:
                if prefix in ("ke", "per", "pe") and suffix not in ("an", "annya", "nya", ""):
                    continue
                words.add(base + suffix)
    return sorted(words)
