"""A shared phone: the field page kept for working offline, and the writes waiting on the
phone, belong to the user who made them; the next user never sees them."""

import pytest

from tests.browser.conftest import Tab
from tests.browser.test_field_flow import PHONE
from tests.inspections.field_fixtures import PASSWORD, make_user

KEPT = (
    "caches.open('geoportal-field-pages').then((c) => c.match('/field/'))"
    ".then((r) => r ? r.headers.get('X-Field-User') : null)"
)
ALL_ITEMS = """() => new Promise((resolve) => {
  const open = indexedDB.open('geoportal-field', 1);
  open.onsuccess = () => {
    const get = open.result.transaction('outbox').objectStore('outbox').getAll();
    get.onsuccess = () => { resolve(get.result.map((i) => i.label)); open.result.close(); };
  };
})"""


@pytest.fixture
def users(transactional_db):
    from accounts.roles import Role
    from inspections.models import InspectionGroup

    return [
        make_user(
            name,
            Role.INSPECTOR,
            inspection_group=InspectionGroup.objects.create(name=group),
        )
        for name, group in (
            ("inspector_a", "共享手机甲组"),
            ("inspector_b", "共享手机乙组"),
        )
    ]


def sign_out(page):
    page.click("#gp-nav-toggle")  # the top bar is folded on a phone
    page.click("#gp-topbar form[action*='logout'] button")
    page.wait_for_load_state()


def test_next_user_sees_neither_the_kept_page_nor_the_waiting_writes(
    chromium_browser, live_server, users
):
    alice, bob = users
    context = chromium_browser.new_context(**PHONE)
    try:
        tab = Tab(context, live_server.url)
        page = tab.page
        # No field write reaches the server: what is queued stays waiting on the phone.
        page.route("**/api/field/**", lambda route: route.abort())
        tab.login(alice.username, PASSWORD)
        page.goto(live_server.url + "/field/")
        page.wait_for_function("navigator.serviceWorker.controller !== null")
        page.reload()
        page.wait_for_function(f"{KEPT}.then((u) => u !== null)")
        assert page.evaluate(KEPT) == str(alice.pk)
        page.evaluate(
            "GP_FIELD.outbox.add({kind: 'visit', url: '/api/field/visits',"
            " label: 'A的待发记录', body: {}}).then(GP_FIELD.showQueue)"
        )
        page.wait_for_function(
            "document.getElementById('gp-queue').dataset.waiting === '1'"
        )

        # Alice signs out: the page kept for her goes; her waiting write stays on the phone.
        sign_out(page)
        page.wait_for_function("caches.has('geoportal-field-pages').then((h) => !h)")
        assert page.evaluate(ALL_ITEMS) == ["A的待发记录"]

        # Bob signs in, loses the signal and opens the field page: not Alice's copy.
        tab.login(bob.username, PASSWORD)
        context.set_offline(True)
        try:
            response = page.goto(live_server.url + "/field/")
        except Exception:  # the browser's own "no connection" page
            response = None
        assert (
            response is None
            or response.status != 200
            or (alice.username not in page.content())
        )
        context.set_offline(False)

        # Bob opens it with signal, then without: his own copy, none of Alice's writes.
        page.goto(live_server.url + "/field/")
        page.wait_for_function(f"{KEPT}.then((u) => u === '{bob.pk}')")
        context.set_offline(True)
        page.reload()
        assert page.inner_text("#gp-user") == bob.username
        page.wait_for_function(
            "document.getElementById('gp-queue').dataset.waiting === '0'"
        )
        assert "A的待发记录" not in page.inner_text("#gp-queue")
        assert alice.username not in page.content()
        context.set_offline(False)
        assert page.evaluate(ALL_ITEMS) == [
            "A的待发记录"
        ]  # kept for Alice, not sent as Bob
    finally:
        context.close()
