"""Stored response codes move onto the DUIS enumeration (D-DUIS-02).

The replica had answered eleven codes of its own (W1, E14-E16, E18, E22-E26, E32). Requests,
their Service Responses, the outbox messages that carried them and the archive keep the new code;
the human reason stays as it was. E22 was both a device's refusal (now I0: the device answered)
and the DCC's own failure on a Non-Device request (now E13).
"""

from django.db import migrations

FORMER = {
    "W1": "I99",
    "E14": "E13",
    "E15": "E13",
    "E16": "E1",
    "E18": "E3",
    "E23": "E13",
    "E24": "E13",
    "E25": "E31",
    "E26": "E11",
    "E32": "E3",
}
CHUNK = 2000


def _new_code(code, non_device):
    if code == "E22":
        return "E13" if non_device else "I0"
    return FORMER.get(code, code)


def forwards(apps, schema_editor):
    ServiceRequest = apps.get_model("devices", "ServiceRequest")
    ServiceResponse = apps.get_model("devices", "ServiceResponse")
    ServiceRequestArchive = apps.get_model("devices", "ServiceRequestArchive")
    OutboxMessage = apps.get_model("portal", "OutboxMessage")
    old = [*FORMER, "E22"]
    ServiceRequest.objects.filter(warning_code="W1").update(warning_code="warning")
    non_device = set(
        ServiceRequest.objects.filter(response_code="E22", variant__kind="non_device").values_list("pk", flat=True)
    )
    for code in FORMER:
        ServiceRequest.objects.filter(response_code=code).update(response_code=FORMER[code])
    ServiceRequest.objects.filter(response_code="E22", pk__in=non_device).update(response_code="E13")
    ServiceRequest.objects.filter(response_code="E22").update(response_code="I0")
    batch = []
    for response in ServiceResponse.objects.filter(code__in=old).select_related("service_request__variant").iterator(
        chunk_size=CHUNK
    ):
        variant = response.service_request.variant
        code = _new_code(response.code, variant is not None and variant.kind == "non_device")
        response.code = code
        if isinstance(response.body, dict) and "code" in response.body:
            response.body = {**response.body, "code": code}
        batch.append(response)
        if len(batch) >= CHUNK:
            ServiceResponse.objects.bulk_update(batch, ["code", "body"])
            batch = []
    ServiceResponse.objects.bulk_update(batch, ["code", "body"])
    batch = []
    for message in OutboxMessage.objects.filter(kind="service_response", code__in=old).iterator(chunk_size=CHUNK):
        non_device_answer = message.payload.get("format") in ("DSPScheduleID", "DSPSchedulesRead", "DSPInventory")
        code = _new_code(message.code, non_device_answer)
        message.code = code
        if isinstance(message.payload, dict) and "code" in message.payload:
            message.payload = {**message.payload, "code": code}
        batch.append(message)
        if len(batch) >= CHUNK:
            OutboxMessage.objects.bulk_update(batch, ["code", "payload"])
            batch = []
    OutboxMessage.objects.bulk_update(batch, ["code", "payload"])
    batch = []
    for archived in ServiceRequestArchive.objects.iterator(chunk_size=CHUNK):
        record = archived.record if isinstance(archived.record, dict) else {}
        changed = False
        if record.get("response_code") in old:
            record["response_code"] = _new_code(record["response_code"], False)
            changed = True
        if record.get("warning_code") == "W1":
            record["warning_code"], changed = "warning", True
        for response in record.get("responses") or []:
            if response.get("code") in old:
                response["code"] = _new_code(response["code"], False)
                if isinstance(response.get("body"), dict) and "code" in response["body"]:
                    response["body"]["code"] = response["code"]
                changed = True
        if changed:
            archived.record = record
            batch.append(archived)
    ServiceRequestArchive.objects.bulk_update(batch, ["record"], batch_size=CHUNK)


class Migration(migrations.Migration):
    dependencies = [
        ("devices", "0008_duis_gateway_messages_and_signing_key"),
        ("portal", "0005_push_endpoint_format"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True)]
