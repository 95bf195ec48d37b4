"""Twilio's Python SMS quick start, a Flask app, answers a virtual phone's text on Dialtone.

The app is the quick start's code as Twilio's docs write it ("Receive and reply to SMS with
Flask"); only the platform's URL differs. Run by test/api/python-sdk.test.ts with DIALTONE_URL,
DIALTONE_SID and DIALTONE_TOKEN set.
"""
import os
import socket
import threading

import requests
from flask import Flask, request
from twilio.request_validator import RequestValidator
from twilio.rest import Client
from twilio.twiml.messaging_response import MessagingResponse

from polling import wait_for

URL, SID, TOKEN = os.environ["DIALTONE_URL"], os.environ["DIALTONE_SID"], os.environ["DIALTONE_TOKEN"]
client = Client(SID, TOKEN)
client.api.base_url = URL

# --- The quick start, as written. ---
app = Flask(__name__)


@app.route("/sms", methods=['GET', 'POST'])
def sms_reply():
    """Respond to incoming calls with a simple text message."""
    # Start our TwiML response
    resp = MessagingResponse()

    # Add a message
    resp.message("The Robots are coming! Head for the hills!")

    return str(resp)
# --- End of the quick start. ---


# What the app was asked, to check its signatures with the SDK's validator afterwards.
asked = []


@app.before_request
def keep():
    asked.append((request.url, request.form.to_dict(), request.headers.get("X-Twilio-Signature", "")))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serving():
    try:
        return requests.get("http://127.0.0.1:%d/sms" % port).ok
    except requests.ConnectionError:
        return False  # not listening yet


port = free_port()
threading.Thread(target=lambda: app.run(host="127.0.0.1", port=port), daemon=True).start()
wait_for(serving, seconds=15)
asked.clear()

number = client.incoming_phone_numbers.create(area_code="415", sms_url="http://127.0.0.1:%d/sms" % port).phone_number
created = requests.post(URL + "/sim/v1/Phones", json={"name": "py texter"}, auth=(SID, TOKEN))
assert created.status_code == 201, created.text
phone = created.json()["number"]

texted = requests.post(URL + "/sim/v1/Phones/%s/Messages" % phone, json={"to": number, "body": "hello robots"}, auth=(SID, TOKEN))
assert texted.status_code == 201, texted.text
inbound_sid = texted.json()["messageSid"]


def reply():
    inbox = requests.get(URL + "/sim/v1/Phones/%s/Messages" % phone, auth=(SID, TOKEN)).json()["messages"]
    return next((m for m in inbox if m["direction"] == "in"), None)


got = wait_for(reply, seconds=15)
assert got["body"] == "The Robots are coming! Head for the hills!" and got["from"] == number, got
print("ok - the Flask quick start's reply reaches the phone that texted")

assert len(asked) == 1, asked
url, params, signature = asked[0]
assert params["MessageSid"] == inbound_sid and params["Body"] == "hello robots" and params["From"] == phone and params["To"] == number, params
assert RequestValidator(TOKEN).validate(url, params, signature), "the webhook is signed"
print("ok - the app was asked once, with Twilio's parameters, and the SDK's validator accepts the signature")

inbound = client.messages(inbound_sid).fetch()
assert inbound.direction == "inbound" and inbound.body == "hello robots" and inbound.status == "received", (inbound.direction, inbound.status)
replies = client.messages.list(from_=number, to=phone)
assert len(replies) == 1 and replies[0].direction == "outbound-reply", [(r.sid, r.direction) for r in replies]
wait_for(lambda: client.messages(replies[0].sid).fetch().status == "delivered", seconds=15)
print("ok - both messages are listed: the inbound one received, the reply delivered")

print("all python quick start checks passed")
