"""normalizers/similarity.py: restatements of one task and renderings of one document, with real
sentences of the corpus."""

from __future__ import annotations

import pytest

from vnplan.normalizers.similarity import (
    MINHASH_SIZE,
    comparable_words,
    containment,
    minhash_similarity,
    text_minhash,
    word_pairs,
)

# (body item, annex row of the same plan, restates?) — Lâm Đồng CCHC 2026 and Sóc Trăng BQL KCN 2024
PAIRS = [
    (
        "Giao Văn phòng Ủy ban nhân dân tỉnh thường xuyên theo dõi, đôn đốc, cập nhật tiến độ các nhiệm vụ "
        "được Chính phủ, Thủ tướng Chính phủ giao trên hệ thống phần mềm.",
        "Thường xuyên theo dõi, đôn đốc, cập nhật tiến độ các nhiệm vụ được Chính phủ, Thủ tướng Chính phủ "
        "giao trên hệ thống phần mềm.",
        True,
    ),
    (
        "Rà soát, sửa đổi, bổ sung chức năng, nhiệm vụ, quyền hạn của cơ quan chuyên môn thuộc Ủy ban nhân dân "
        "cấp tỉnh, cấp xã phù hợp theo hướng dẫn bộ, ngành Trung ương và phân công quản lý ở địa phương. Rà soát, "
        "đảm bảo cơ cấu số lượng lãnh đạo đáp ứng tiêu chí theo quy định.",
        "Rà soát, sửa đổi, bổ sung chức năng, nhiệm vụ, quyền hạn của cơ quan chuyên môn thuộc UBND cấp tỉnh, "
        "cấp xã phù hợp theo hướng dẫn bộ, ngành Trung ương và phân công quản lý ở địa phương.",
        True,
    ),
    (
        "Thường xuyên kiểm tra, chấn chỉnh tác phong, lề lối và thái độ làm việc của cán bộ, công chức, viên "
        "chức tại bộ phận một cửa các cấp.",
        "Tổ chức kiểm tra, chấn chỉnh tác phong, lề lối và thái độ làm việc của cán bộ, công chức, viên chức "
        "tại bộ phận một cửa các cấp.",
        True,
    ),
    (
        "Thủ trưởng các sở, ban, ngành và Chủ tịch Ủy ban nhân dân các xã, phường, đặc khu trực tiếp lãnh đạo, "
        "chỉ đạo tổ chức triển khai thực hiện và chịu trách nhiệm trước Ủy ban nhân dân tỉnh về kết quả, tiến độ "
        "thực hiện nhiệm vụ cải cách hành chính được giao.",
        "Tham mưu UBND tỉnh tự đánh giá chỉ số cải cách hành chính hằng tháng của tỉnh",
        False,
    ),
    (
        "Đề cao trách nhiệm của người đứng đầu trong việc chỉ đạo thực hiện công tác CCHC và trách nhiệm cá "
        "nhân của CCVC trong thực thi công vụ.",
        "Xác định chỉ số CCHC của Ban Quản lý các khu công nghiệp",
        False,
    ),
]


@pytest.mark.parametrize("body, annex, restates", PAIRS)
def test_containment_tells_a_restatement_from_a_neighbour(body, annex, restates):
    score, pairs = containment(word_pairs(body), word_pairs(annex))
    assert pairs >= 6
    assert (score >= 0.8) == restates, score


def test_abbreviations_of_bodies_and_spelling_do_not_count():
    assert comparable_words("Tham mưu UBND tỉnh") == comparable_words("Tham mưu Ủy ban nhân dân tỉnh")
    assert comparable_words("Hoà giải") == comparable_words("hòa giải,")


def test_minhash_of_one_text_in_two_renderings():
    text = (
        "Xây dựng và triển khai thực hiện Kế hoạch kiểm soát, rà soát TTHC năm 2024. Thực hiện việc cập nhật, "
        "công khai các TTHC đầy đủ, rõ ràng trên Hệ thống thông tin giải quyết TTHC tỉnh, Cổng thông tin điện "
        "tử cơ quan. Phấn đấu 100% hồ sơ TTHC thuộc thẩm quyền của cơ quan được tiếp nhận, giải quyết."
    )
    a, b = text_minhash(text), text_minhash(text.replace("TTHC", "thủ tục hành chính").upper())
    assert len(a) == MINHASH_SIZE and a == b  # the same words, however spelled
    other = text_minhash(
        "Tổ chức các lớp tuyên truyền, phổ biến giáo dục pháp luật năm 2024 cho doanh nghiệp KCN"
    )
    assert minhash_similarity(a, other) < 0.2
    assert text_minhash("") == [] and minhash_similarity([], a) == 0.0
