"""The official Python SDK (Debian's python3-twilio 7.7.1) drives Dialtone's foundation resources:
accounts and subaccounts, API keys, phone numbers, applications, paging and errors.

Run with Debian's /usr/bin/python3 by test/api/python-sdk.test.ts, with
DIALTONE_URL, DIALTONE_SID and DIALTONE_TOKEN set and NO_PROXY covering 127.0.0.1 (requests
honours proxy variables even for local addresses). The client is pointed at Dialtone exactly as
the README tells users to: `client.api.base_url = url`.

Every check runs, even after one fails; each prints `ok - <name>` or `not ok - <name>` and the
reason. The script exits 1 if any check failed, 0 (after "all python checks passed") otherwise.
"""
import os
import sys
import traceback

from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

URL, SID, TOKEN = os.environ["DIALTONE_URL"], os.environ["DIALTONE_SID"], os.environ["DIALTONE_TOKEN"]
UNKNOWN_APPLICATION = "AP0123456789abcdef0123456789abcdef"


def client(user, password, account_sid=None):
    """A Client for Dialtone, as the README shows it."""
    c = Client(user, password, account_sid)
    c.api.base_url = URL
    return c


def code_of(call):
    """The Twilio error code a call is refused with (TwilioRestException.code).

    Only single-resource calls raise TwilioRestException; the SDK's list() and page() raise a
    plain TwilioException('Unable to fetch page') without a code."""
    try:
        result = call()
    except TwilioRestException as err:
        return err.code
    raise AssertionError("expected the call to be refused, it returned %r" % (result,))


CHECKS = []


def check(name):
    def register(fn):
        CHECKS.append((name, fn))
        return fn
    return register


root = client(SID, TOKEN)


@check("fetches its own account")
def _():
    account = root.api.v2010.accounts(SID).fetch()
    assert account.sid == SID, "fetched %s, not %s" % (account.sid, SID)
    assert account.status == "active", "status %r" % account.status
    assert account.owner_account_sid == SID, "a main account owns itself, got %r" % account.owner_account_sid
    assert account.date_created is not None, "date_created must be RFC 2822 (the SDK yields None for anything else)"
    assert account.subresource_uris["incoming_phone_numbers"].startswith("/2010-04-01/Accounts/%s/" % SID), account.subresource_uris


@check("creates a subaccount, renames, suspends and reactivates it, and lists by status")
def _():
    sub = root.api.v2010.accounts.create(friendly_name="py team")
    assert sub.sid.startswith("AC") and sub.sid != SID, "new subaccount SID %r" % sub.sid
    assert sub.owner_account_sid == SID, "owner %r" % sub.owner_account_sid
    assert sub.friendly_name == "py team", "friendly_name %r" % sub.friendly_name
    renamed = root.api.v2010.accounts(sub.sid).update(friendly_name="py")
    assert renamed.friendly_name == "py", "renamed to %r" % renamed.friendly_name
    suspended = root.api.v2010.accounts(sub.sid).update(status="suspended")
    assert suspended.status == "suspended", "status after suspending: %r" % suspended.status
    listed = [a.sid for a in root.api.v2010.accounts.list(status="suspended")]
    assert listed == [sub.sid], "accounts listed with status=suspended: %r" % listed
    assert sub.sid not in [a.sid for a in root.api.v2010.accounts.list(status="active")], "a suspended account is listed as active"
    reactivated = root.api.v2010.accounts(sub.sid).update(status="active")
    assert reactivated.status == "active", "status after reactivating: %r" % reactivated.status
    assert sub.sid in [a.sid for a in root.api.v2010.accounts.list(status="active")], "the reactivated account is not listed as active"


@check("API keys: the secret once, list, fetch, update, authenticate, refused on Accounts (20003), delete")
def _():
    key = root.new_keys.create(friendly_name="py key")
    assert key.sid.startswith("SK"), "key SID %r" % key.sid
    assert key.secret and len(key.secret) >= 32, "the secret is returned on create, got %r" % key.secret
    assert key.sid in [k.sid for k in root.keys.list()], "the new key is not listed"
    fetched = root.keys(key.sid).fetch()
    assert fetched.friendly_name == "py key", "fetched friendly_name %r" % fetched.friendly_name
    assert getattr(fetched, "secret", None) is None, "fetch must not show the secret again"
    assert root.keys(key.sid).update(friendly_name="renamed").friendly_name == "renamed", "key rename"

    via_key = client(key.sid, key.secret, SID)
    apps = via_key.applications.list()
    assert isinstance(apps, list), "listing applications with the key returned %r" % (apps,)
    assert code_of(lambda: via_key.api.v2010.accounts(SID).fetch()) == 20003, "an API key must not reach the Accounts resource"

    assert root.keys(key.sid).delete() is True, "delete returns True (only on a 204)"
    assert code_of(lambda: via_key.applications(UNKNOWN_APPLICATION).fetch()) == 20003, "a deleted key still authenticates"
    assert code_of(lambda: root.keys(key.sid).fetch()) == 20404, "a deleted key can still be fetched"


@check("searches available numbers, buys by number and by area code, lists with filters, updates and releases")
def _():
    available = root.available_phone_numbers("US").local.list(area_code=415, limit=3)
    assert len(available) == 3, "asked for 3 numbers in 415, got %d" % len(available)
    for n in available:
        assert n.phone_number.startswith("+1415"), "%s is not in area code 415" % n.phone_number
        assert n.iso_country == "US", "iso_country %r" % n.iso_country
    wanted = available[0].phone_number

    bought = root.incoming_phone_numbers.create(phone_number=wanted, voice_url="https://py.example.com/voice", friendly_name="py main")
    assert bought.sid.startswith("PN"), "number SID %r" % bought.sid
    assert bought.phone_number == wanted, "bought %s, asked for %s" % (bought.phone_number, wanted)
    assert bought.voice_url == "https://py.example.com/voice", "voice_url %r" % bought.voice_url
    assert bought.voice_method == "POST", "Twilio's default voice_method is POST, got %r" % bought.voice_method
    assert wanted not in [n.phone_number for n in root.available_phone_numbers("US").local.list(area_code=415, limit=20)], \
        "a bought number is still offered"

    by_area = root.incoming_phone_numbers.create(area_code="312")
    assert by_area.phone_number.startswith("+1312"), "bought by area code 312: %s" % by_area.phone_number

    by_number = [n.sid for n in root.incoming_phone_numbers.list(phone_number=wanted)]
    assert by_number == [bought.sid], "listed with phone_number=%s: %r" % (wanted, by_number)
    by_name = [n.sid for n in root.incoming_phone_numbers.list(friendly_name="py main")]
    assert by_name == [bought.sid], "listed with friendly_name='py main': %r" % by_name
    everything = [n.sid for n in root.incoming_phone_numbers.list()]
    assert bought.sid in everything and by_area.sid in everything, "the bought numbers are not all listed: %r" % everything

    updated = root.incoming_phone_numbers(bought.sid).update(voice_url="https://py.example.com/v2")
    assert updated.voice_url == "https://py.example.com/v2", "updated voice_url %r" % updated.voice_url
    assert root.incoming_phone_numbers(bought.sid).fetch().voice_url == "https://py.example.com/v2", "the update did not stick"

    assert root.incoming_phone_numbers(by_area.sid).delete() is True, "delete returns True (only on a 204)"
    assert code_of(lambda: root.incoming_phone_numbers(by_area.sid).fetch()) == 20404, "a released number can still be fetched"


@check("applications: create, list, fetch, update, delete")
def _():
    app = root.applications.create(friendly_name="py app", voice_url="https://py.example.com/ivr", voice_method="GET")
    assert app.sid.startswith("AP"), "application SID %r" % app.sid
    assert app.voice_method == "GET" and app.voice_url == "https://py.example.com/ivr", (app.voice_method, app.voice_url)
    assert app.sid in [a.sid for a in root.applications.list()], "the new application is not listed"
    assert [a.sid for a in root.applications.list(friendly_name="py app")] == [app.sid], "listed with friendly_name='py app'"
    assert root.applications(app.sid).fetch().friendly_name == "py app", "fetched friendly_name"
    updated = root.applications(app.sid).update(sms_url="https://py.example.com/sms")
    assert updated.sms_url == "https://py.example.com/sms", "updated sms_url %r" % updated.sms_url
    assert updated.voice_url == "https://py.example.com/ivr", "an update changed voice_url to %r" % updated.voice_url
    assert root.applications(app.sid).delete() is True, "delete returns True (only on a 204)"
    assert code_of(lambda: root.applications(app.sid).fetch()) == 20404, "a deleted application can still be fetched"


@check("pages across lists: list(page_size=2) returns all in creation order; next_page and previous_page")
def _():
    sub = root.api.v2010.accounts.create(friendly_name="py paging")
    c = client(sub.sid, sub.auth_token)
    made = [c.applications.create(friendly_name="app %d" % i).sid for i in range(5)]
    listed = [a.sid for a in c.applications.list(page_size=2)]
    assert listed == made, "list(page_size=2) returned %r, created %r" % (listed, made)

    first = c.applications.page(page_size=2)
    assert [a.sid for a in first] == made[:2], "first page"
    second = first.next_page()
    assert second is not None, "the first page has no next page"
    assert [a.sid for a in second] == made[2:4], "second page"
    back = second.previous_page()
    assert back is not None, "the second page has no previous page"
    assert [a.sid for a in back] == made[:2], "previous page of the second"
    third = second.next_page()
    assert third is not None and [a.sid for a in third] == made[4:], "third page"
    assert third.next_page() is None, "the last page has a next page"


@check("surfaces Twilio's error codes: 21452, 21421, 20404, 20003")
def _():
    assert code_of(lambda: root.incoming_phone_numbers.create(area_code="999")) == 21452, "area code 999 has no numbers"
    assert code_of(lambda: root.incoming_phone_numbers.create(phone_number="not a number")) == 21421, "an invalid phone number"
    assert code_of(lambda: root.applications(UNKNOWN_APPLICATION).fetch()) == 20404, "an unknown application SID"
    assert code_of(lambda: client(SID, "0" * 32).api.v2010.accounts(SID).fetch()) == 20003, "a wrong auth token"


failed = 0
for name, fn in CHECKS:
    try:
        fn()
        print("ok -", name)
    except Exception:  # each check reports its own failure; the others still run
        failed += 1
        print("not ok -", name)
        print("    " + traceback.format_exc().rstrip().replace("\n", "\n    "))
    sys.stdout.flush()

if failed:
    print("%d of %d python checks failed" % (failed, len(CHECKS)))
    sys.exit(1)
print("all python checks passed")
