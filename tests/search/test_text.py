from gongkai.search.text import doc_number_key, doc_numbers_in, index_tokens, phrase_tokens


def test_doc_number_keys_agree_across_bracket_styles() -> None:
    keys = {
        doc_number_key(v)
        for v in [
            "国办发〔2017〕47号",
            "国办发[2017]47号",
            "国办发（2017）47号",
            "国办发(２０１７)４７号",
            "国办发 [2017] 47 号",
            "国办发【2017】47号",
        ]
    }
    assert keys == {"国办发〔2017〕47号"}
    assert doc_number_key("中华人民共和国国务院令第711号") == "国务院令第711号"


def test_doc_numbers_found_in_queries() -> None:
    assert "国办发〔2017〕47号" in doc_numbers_in("国办发[2017]47号")
    assert "国办发〔2017〕47号" in doc_numbers_in("根据国办发（2017）47号文件")
    assert doc_numbers_in("国务院令第711号")[0] == "国务院令第711号"
    assert doc_numbers_in("主席令第七十三号")[0] == "主席令第七十三号"  # older orders: Chinese numerals
    assert "全国人民代表大会公告第八号" in doc_numbers_in("全国人民代表大会公告第八号")
    assert doc_numbers_in("政府信息公开") == []


def test_segmentation_keeps_government_terms_and_their_parts() -> None:
    tokens = index_tokens("中华人民共和国政府信息公开条例")
    assert {"政府信息公开条例", "政府", "信息", "公开", "条例", "共和国"} <= set(tokens)
    assert phrase_tokens("政府信息公开条例第二十条") == ["政府信息公开条例", "第二十条"]


def test_stopwords_and_punctuation_are_dropped() -> None:
    assert index_tokens("关于，的。") == []


def test_doc_numbers_typed_loosely() -> None:
    """Issue 17, point 5: without brackets, with 第, with leading zeros, with 年, spaced out."""
    loose = ["康民发2026 12号", "康民发（2026）12号", "康民发〔2026〕第12号", "康民发2026年012号"]
    loose.append("康民发 ( 2026 ) 12 号")
    for typed in loose:
        assert doc_numbers_in(typed)[0] == "康民发〔2026〕12号", typed
    assert doc_numbers_in("国务院令 711 号")[0] == "国务院令第711号"
    assert doc_number_key("康财发〔2026〕第007号") == "康财发〔2026〕7号"
    assert doc_numbers_in("2026年12号台风") == []  # no organ's code: no 文号
