"""Login in front of the pages, the public read-only switch, and the language switch."""


def test_anonymous_visitor_is_sent_to_the_login_page(tab, county):
    tab.page.goto(tab.base_url + "/")
    assert "/accounts/login/" in tab.page.url
    assert tab.page.locator("#gp-login-submit").inner_text() == "登录"
    tab.screenshot("login")
    assert tab.errors == []


def test_public_read_opens_the_map_without_login(tab, county, settings):
    settings.GEOPORTAL_PUBLIC_READ = True
    drawn = tab.open_map("/")
    assert drawn["villages"] == county.villages
    assert "公开只读" in tab.page.inner_text("nav")
    assert tab.errors == []


def test_language_switch_turns_the_page_english_and_back(tab, county):
    tab.login()
    tab.open_map("/")
    assert "星级" in tab.page.inner_text("#gp-legend")
    with tab.page.expect_navigation():
        tab.page.click("#gp-language button[value=en]")
    tab.idle()
    assert "Star level" in tab.page.inner_text("#gp-legend")
    assert "Villages holding" in tab.page.inner_text("#gp-star")
    tab.screenshot("county-english")
    with tab.page.expect_navigation():
        tab.page.click("#gp-language button[value=zh-hans]")
    tab.idle()
    assert "星级" in tab.page.inner_text("#gp-legend")
    assert tab.errors == []
