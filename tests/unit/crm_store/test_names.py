import pytest

from crm_store.names import normalize_customer_name, normalize_person_name, short_names


@pytest.mark.parametrize("spelling", [
    "株式会社山田製作所", "(株)山田製作所", "㈱山田製作所", "山田製作所株式会社", "株式会社 山田製作所",
    "（株）山田製作所", "山田製作所 御中", "山田製作所様", "山田製作所さん", "株式会社　山田製作所",
])
def test_spellings_of_one_japanese_company_share_a_key(spelling: str) -> None:
    assert normalize_customer_name(spelling) == "山田製作所"


@pytest.mark.parametrize(("spelling", "key"), [
    ("Nordic Robotics Co., Ltd.", "nordicrobotics"),
    ("NORDIC ROBOTICS CO.,LTD", "nordicrobotics"),
    ("Pacific Precision Inc.", "pacificprecision"),
    ("Ｐａｃｉｆｉｃ　Ｐｒｅｃｉｓｉｏｎ", "pacificprecision"),
    ("Acme Corporation", "acme"),
    ("有限会社丸和工業", "丸和工業"),
    ("ﾏﾙﾜ工業", "マルワ工業"),  # half-width katakana becomes full-width, and stays katakana
])
def test_legal_forms_width_and_case_are_ignored(spelling: str, key: str) -> None:
    assert normalize_customer_name(spelling) == key


@pytest.mark.parametrize("name", ["Costco", "Zinc Works", "Limited Edition Foods"])
def test_legal_words_inside_a_name_are_kept(name: str) -> None:
    assert normalize_customer_name(name) == name.lower().replace(" ", "")


def test_different_readings_stay_different_customers() -> None:
    # A katakana spelling is a different name until a person links them.
    assert normalize_customer_name("ヤマダ製作所") != normalize_customer_name("山田製作所")


def test_a_name_that_is_only_a_legal_form_keeps_a_key() -> None:
    assert normalize_customer_name("株式会社") == "株式会社"


def test_person_names_ignore_spaces_and_honorifics() -> None:
    assert normalize_person_name("鈴木　一郎さん") == normalize_person_name("鈴木 一郎") == "鈴木一郎"
    assert normalize_person_name("Emily Carter") == "emilycarter"


def test_the_longest_customer_mentioned_in_a_sentence_wins() -> None:
    from crm_store.names import customer_mentioned_in

    customers = [("株式会社山田", "山田"), ("株式会社山田製作所", "山田製作所"), ("A", "a")]
    assert customer_mentioned_in("(株)山田製作所さんの案件は?", customers) == "株式会社山田製作所"
    assert customer_mentioned_in("What about Acme?", customers) is None  # one-letter keys never match
    assert customer_mentioned_in("北斗電子の件", customers) is None


def test_short_names_drop_the_kind_of_business_while_a_name_is_left() -> None:
    assert short_names(normalize_customer_name("大洋化学工業(株)")) == ["大洋化学"]  # not 大洋: two characters
    assert short_names(normalize_customer_name("株式会社山田製作所")) == []
    assert short_names(normalize_customer_name("京浜スプリング工業株式会社")) == ["京浜スプリング"]
    assert short_names("化学工業") == []  # a kind word alone is no name
    assert short_names("東海オートパーツ") == []
