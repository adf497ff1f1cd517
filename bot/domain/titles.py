"""The collective titles a unit may register for, until the head edits the year's catalogue.

Names as the province's emulation guidance writes them; they are data (the catalogue is per year).
"""

DEFAULT_TITLES: tuple[tuple[str, str], ...] = (
    ("ldxs", "Tập thể lao động xuất sắc"),
    ("co_ubnd", "Cờ thi đua của UBND tỉnh"),
    ("bk_ct", "Bằng khen của Chủ tịch UBND tỉnh"),
    ("giay_khen", "Giấy khen"),
)
