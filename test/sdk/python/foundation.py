"""The official Python SDK (Debian's python3-twilio) drives Dialtone's foundation resources.

Run by test/api/python-sdk.test.ts with DIALTONE_URL, DIALTONE_SID and DIALTONE_TOKEN set.
Each check prints its name; the first failure exits non-zero with the reason.
"""
import os
import sys

from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

URL, SID, TOKEN = os.environ["DIALTONE_URL"], os.environ["DIALTONE_SID"], os.environ["DIALTONE_TOKEN"]


def client(user, password, account_sid=None):
    c = Client(user, password, account_sid)
    c.api.base_url = URL
    return c


def code_of(call):
    """The Twilio code a call was refused with. Only single-resource calls surface a
    TwilioRestException with `.code`; the SDK's list() raises a plain 'Unable to fetch page'."""
    try:
        call()
    except TwilioRestException as err:
        return err.code
    raise AssertionError("expected the call to be refused")


def check(name):
    def wrap(fn):
        fn()
        print("ok -", name)
        return fn
    return wrap


root = client(SID, TOKEN)


@check("fetches its own account")
def _():
    account = root.api.v2010.accounts(SID).fetch()
    assert account.sid == SID and account.status == "active", account
    assert account.date_created is not None, "RFC 2822 dates must parse"


@check("creates, renames, suspends and reactivates a subaccount")
def _():
    sub = root.api.v2010.accounts.create(friendly_name="py team")
    assert sub.owner_account_sid == SID
    assert root.api.v2010.accounts(sub.sid).update(friendly_name="py").friendly_name == "py"
    root.api.v2010.accounts(sub.sid).update(status="suspended")
    assert [a.sid for a in root.api.v2010.accounts.list(status="suspended")] == [sub.sid]
    assert root.api.v2010.accounts(sub.sid).update(status="active").status == "active"


@check("API keys: secret once, authenticate, refused on Accounts, delete")
def _():
    key = root.new_keys.create(friendly_name="py key")
    assert key.sid.startswith("SK") and len(key.secret) == 32
    assert root.keys(key.sid).fetch().friendly_name == "py key"
    assert root.keys(key.sid).update(friendly_name="renamed").friendly_name == "renamed"
    assert key.sid in [k.sid for k in root.keys.list()]
    via_key = client(key.sid, key.secret, SID)
    assert isinstance(via_key.applications.list(), list)
    assert code_of(lambda: via_key.api.v2010.accounts(SID).fetch()) == 20003
    assert root.keys(key.sid).delete() is True
    assert code_of(lambda: via_key.applications("AP0123456789abcdef0123456789abcdef").fetch()) == 20003


@check("searches, buys, lists, updates and releases numbers")
def _():
    available = root.available_phone_numbers("US").local.list(area_code=415, limit=3)
    assert len(available) == 3 and all(n.phone_number.startswith("+1415") for n in available), available
    bought = root.incoming_phone_numbers.create(phone_number=available[0].phone_number, voice_url="https://py.example.com/voice")
    assert bought.phone_number == available[0].phone_number and bought.voice_url == "https://py.example.com/voice"
    by_area = root.incoming_phone_numbers.create(area_code="312")
    assert by_area.phone_number.startswith("+1312")
    assert [n.sid for n in root.incoming_phone_numbers.list(phone_number=bought.phone_number)] == [bought.sid]
    assert root.incoming_phone_numbers(bought.sid).update(voice_url="https://py.example.com/v2").voice_url == "https://py.example.com/v2"
    assert root.incoming_phone_numbers(by_area.sid).delete() is True


@check("applications: create, fetch, update, delete")
def _():
    app = root.applications.create(friendly_name="py app", voice_url="https://py.example.com/ivr", voice_method="GET")
    assert app.sid.startswith("AP") and app.voice_method == "GET"
    assert root.applications(app.sid).fetch().friendly_name == "py app"
    assert root.applications(app.sid).update(sms_url="https://py.example.com/sms").sms_url == "https://py.example.com/sms"
    assert root.applications(app.sid).delete() is True


@check("pages across lists with page_size, next_page and previous_page")
def _():
    sub = root.api.v2010.accounts.create(friendly_name="py paging")
    c = client(sub.sid, sub.auth_token)
    made = [c.applications.create(friendly_name="app %d" % i).sid for i in range(5)]
    assert [a.sid for a in c.applications.list(page_size=2)] == made
    first = c.applications.page(page_size=2)
    second = first.next_page()
    assert [a.sid for a in second] == made[2:4], list(second)
    back = second.previous_page()
    assert [a.sid for a in back] == made[:2]
    assert [a.sid for a in second.next_page()] == made[4:]


@check("surfaces Twilio's error codes")
def _():
    assert code_of(lambda: root.incoming_phone_numbers.create(area_code="999")) == 21452
    assert code_of(lambda: root.incoming_phone_numbers.create(phone_number="not a number")) == 21421
    assert code_of(lambda: root.applications("AP0123456789abcdef0123456789abcdef").fetch()) == 20404
    assert code_of(lambda: client(SID, "0" * 32).api.v2010.accounts(SID).fetch()) == 20003


print("all python checks passed")
sys.exit(0)
